// Shared by the integration tests (they run inside the real extension host).
import * as vscode from 'vscode';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { BlastRadiusApi } from '../../src/extension/extension';
import type { Action } from '../../src/engine';
import type { AskResult } from '../../src/bridge/client';

export const EXTENSION_ID = 'blast-radius.blast-radius';

export async function api(): Promise<BlastRadiusApi> {
  const ext = vscode.extensions.getExtension<BlastRadiusApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded in this host`);
  return ext.isActive ? ext.exports : await ext.activate();
}

export function workspaceDir(): string {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) throw new Error('the integration tests need a workspace folder');
  return f.uri.fsPath;
}

export interface HookRun {
  result: Promise<AskResult>;
  kill(): void;
}

/** Starts a real hook-side process that asks this window over the bridge socket. */
export function askHook(actions: Action[], opts: { cwd?: string; timeoutMs?: number; agent?: string; bridgeDir?: string } = {}): HookRun {
  const body = JSON.stringify({ agent: opts.agent ?? 'integration-test', actions, cwd: opts.cwd ?? workspaceDir(), timeoutMs: opts.timeoutMs ?? 60_000 });
  const child = spawn(process.execPath, [join(__dirname, 'hook-client.js'), body], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ...(opts.bridgeDir ? { BLAST_RADIUS_BRIDGE_DIR: opts.bridgeDir } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const result = new Promise<AskResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as AskResult);
      } catch {
        reject(new Error(`hook process exited ${code} without an answer: ${out}${err}`));
      }
    });
  });
  return { result, kill: () => child.kill() };
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const shell = (command: string): Action => ({ kind: 'shell', command });

/** The decision a hook process received, or a description of why it got none. */
export function decisionOf(r: AskResult): string {
  return r.ok ? r.response.decision : `no answer (${r.kind}: ${r.message})`;
}
export function reasonOf(r: AskResult): string {
  return r.ok ? r.response.reason : r.message;
}
