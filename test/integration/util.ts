// Shared by the integration tests (they run inside the real extension host).
import * as vscode from 'vscode';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { BlastRadiusApi } from '../../src/extension/extension';
import type { CoreApi } from '../../src/extension/core';
import type { Action } from '../../src/engine';
import type { AskResult } from '../../src/bridge/client';

export const EXTENSION_ID = 'blast-radius.blast-radius';

export async function activated(): Promise<BlastRadiusApi> {
  const ext = vscode.extensions.getExtension<BlastRadiusApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded in this host`);
  return ext.isActive ? ext.exports : await ext.activate();
}

/** The extension's core once the bridge is listening. */
export async function api(): Promise<CoreApi> {
  return (await activated()).ready();
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

export interface HookAnswer {
  decision: string;
  reason: string;
  exitCode: number | null;
  stdout: string;
}

/**
 * Runs the real hook command (`blast-radius hook claude`, the built CLI in BR_CLI) with a Claude
 * Code PreToolUse payload on stdin, as Claude Code would, and reads its answer.
 */
export function claudeHook(
  toolName: string,
  toolInput: Record<string, unknown>,
  opts: { cwd?: string; timeoutSeconds?: number; bridgeDir?: string } = {},
): { answer: Promise<HookAnswer>; kill(): void } {
  const cli = process.env.BR_CLI;
  if (!cli) throw new Error('BR_CLI (the built dist/cli.js) is not set for the extension host');
  const payload = {
    session_id: 'it-session',
    transcript_path: '/dev/null',
    cwd: opts.cwd ?? workspaceDir(),
    permission_mode: 'default',
    hook_event_name: 'PreToolUse',
    tool_name: toolName,
    tool_input: toolInput,
    tool_use_id: `tu-${Date.now()}`,
  };
  const child = spawn(process.execPath, [cli, 'hook', 'claude', '--timeout', String(opts.timeoutSeconds ?? 60)], {
    cwd: opts.cwd ?? workspaceDir(),
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ...(opts.bridgeDir ? { BLAST_RADIUS_BRIDGE_DIR: opts.bridgeDir } : {}) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(JSON.stringify(payload));
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const answer = new Promise<HookAnswer>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 2) return resolve({ decision: 'deny', reason: err.trim(), exitCode: code, stdout: out });
      try {
        const j = JSON.parse(out.trim() || '{}') as { hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string } };
        const h = j.hookSpecificOutput;
        // Claude Code reads exit 0 without a permissionDecision as "no objection": the tool runs.
        resolve({
          decision: h?.permissionDecision ?? (code === 0 ? 'allow' : `exit ${code}, no decision`),
          reason: h?.permissionDecisionReason ?? err.trim(),
          exitCode: code,
          stdout: out,
        });
      } catch {
        reject(new Error(`hook exited ${code} with unreadable output: ${out}${err}`));
      }
    });
  });
  return { answer, kill: () => child.kill() };
}

export const bash = (command: string, opts?: Parameters<typeof claudeHook>[2]) => claudeHook('Bash', { command }, opts);

/** The open webview tabs of one of our panels (decision panel: 'blastRadius.decision'). */
export function webviewTabs(viewType: string): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(viewType));
}

/**
 * Watches the decision panel's tab: resolves with the time (epoch ms) the last tab of `viewType`
 * closed. Tab events are the workbench's own view of the screen, not our bookkeeping.
 */
export function whenTabsClose(viewType: string): { closed: Promise<number>; dispose(): void } {
  let resolve!: (t: number) => void;
  const closed = new Promise<number>((r) => (resolve = r));
  const sub = vscode.window.tabGroups.onDidChangeTabs((e) => {
    if (e.closed.some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(viewType)) && webviewTabs(viewType).length === 0)
      resolve(Date.now());
  });
  return { closed, dispose: () => sub.dispose() };
}

export const DECISION = 'blastRadius.decision';
export const REVIEW_LINK = 'blastRadius.reviewLink';
