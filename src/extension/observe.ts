// Observes what slipped past the hooks: terminal commands (shell integration's
// onDidStartTerminalShellExecution) and file deletions in the workspace. No VS Code API can stop
// these; when a high or critical one ran without a decision, the person is warned and it is logged.
// Does not see: terminals without shell integration, deletes made outside the workspace folders,
// or processes an agent starts itself.
import * as vscode from 'vscode';
import type { Action } from '../engine';
import type { Gate } from './gate';
import { describeAction, levelRank } from './format';
import { notify } from './notify';
import { readSettings } from './settings';

const DELETE_BATCH_MS = 400;

export interface Slipped {
  how: string;
  level: string;
  summary: string;
  action: Action;
}

/** Warns about what slipped past; each one is also pushed to `slipped` (newest last, at most 50). */
export function observe(gate: Gate, log: vscode.LogOutputChannel, slipped: Slipped[] = []): vscode.Disposable {
  const subs: vscode.Disposable[] = [];
  const warn = async (action: Action, cwd: string, how: string): Promise<void> => {
    if (!readSettings().observe) return;
    const { assessment: a } = await gate.assessOnly(action, cwd, false);
    if (levelRank(a.level) < levelRank('high')) return;
    if (gate.seenDigests.has(a.digest) || (action.kind === 'shell' && gate.seenCommands.has(action.command.trim()))) return;
    log.warn(`slipped past (${how}): ${a.level}: ${describeAction(action)}: ${a.summary}`);
    slipped.push({ how, level: a.level, summary: a.summary, action });
    slipped.splice(0, Math.max(0, slipped.length - 50));
    const pick = await notify(a.level, `Blast Radius: a ${a.level} action ran without a decision (${how}): ${a.summary}`, 'Show Log');
    if (pick) log.show();
  };

  // onDidStartTerminalShellExecution is in the stable API since 1.93; guard for older hosts.
  if (typeof vscode.window.onDidStartTerminalShellExecution === 'function') {
    subs.push(
      vscode.window.onDidStartTerminalShellExecution((e) => {
        const command = e.execution.commandLine.value.trim();
        if (!command) return;
        const cwd = e.execution.cwd?.fsPath ?? firstFolder();
        void warn({ kind: 'shell', command, cwd }, cwd, `terminal "${e.terminal.name}"`).catch((err: unknown) => log.error(`observe: ${String(err)}`));
      }),
    );
  }

  let batch: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    const paths = batch;
    batch = [];
    if (paths.length)
      void warn({ kind: 'fileDelete', paths }, firstFolder(), `${paths.length} file(s) deleted`).catch((err: unknown) => log.error(`observe: ${String(err)}`));
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/*', true, true, false);
  subs.push(
    watcher,
    watcher.onDidDelete((uri) => {
      if (uri.scheme !== 'file') return;
      batch.push(uri.fsPath);
      clearTimeout(timer);
      timer = setTimeout(flush, DELETE_BATCH_MS);
    }),
    { dispose: () => clearTimeout(timer) },
  );
  return vscode.Disposable.from(...subs);
}

export function firstFolder(): string {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath ?? process.cwd();
}
