// The adapters by agent name. Each is a small object with no heavy imports.
import { claude } from './claude';
import { cline } from './cline';
import { codex } from './codex';
import { copilot } from './copilot';
import { cursor } from './cursor';
import { gemini } from './gemini';
import { kiro } from './kiro';
import type { Adapter, AgentName } from './types';
import { vscode } from './vscode';
import { windsurf } from './windsurf';

export const ADAPTERS: Record<AgentName, Adapter> = { claude, vscode, cursor, gemini, codex, copilot, kiro, windsurf, cline };

export function adapterFor(name: string): Adapter | undefined {
  return Object.prototype.hasOwnProperty.call(ADAPTERS, name) ? ADAPTERS[name as AgentName] : undefined;
}
