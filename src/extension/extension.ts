// Entry point. Activation is kept light: the log channel and one stub per command are registered
// at once, and the core (engine, zod, SQL parser, bridge server: dist/extension-core.js, about
// 2 MB that take ~100 ms just to compile) is required right after activate() returns, so VS Code's
// activation path does not pay for it. A command run before the core is up waits for it. Only
// type imports of the core here, so the entry bundle does not contain it.
import * as vscode from 'vscode';
import { join } from 'node:path';
import type { CommandHandler, CoreApi } from './core';

export interface BlastRadiusApi {
  /** Milliseconds spent in activate() itself. */
  activationMs: number;
  /** Resolves when the core is loaded and the bridge is listening (or failed to start). */
  ready(): Promise<CoreApi>;
}

let core: Promise<CoreApi> | undefined;
let stop: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): BlastRadiusApi {
  const t0 = performance.now();
  const log = vscode.window.createOutputChannel('Blast Radius', { log: true });
  context.subscriptions.push(log);
  const handlers = new Map<string, CommandHandler>();
  const commands = (context.extension.packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes?.commands ?? [];
  for (const { command } of commands) {
    context.subscriptions.push(
      vscode.commands.registerCommand(command, async (...args: unknown[]) => {
        await core;
        const h = handlers.get(command);
        if (!h) throw new Error(`Blast Radius: ${command} is not available (the core did not load; see the log)`);
        return h(...args);
      }),
    );
  }
  const register = (id: string, handler: CommandHandler): vscode.Disposable => {
    handlers.set(id, handler);
    return new vscode.Disposable(() => handlers.delete(id));
  };
  core = new Promise<CoreApi>((resolve, reject) => {
    setImmediate(() => {
      const t1 = performance.now();
      try {
        // Not a literal require: the bundler must leave the core out of this file.
        const load = require;
        const mod = load(join(__dirname, 'extension-core.js')) as typeof import('./core');
        mod.startCore(context, log, register, t1).then((c) => {
          stop = c.stop;
          resolve(c.api);
        }, reject);
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
  core.catch((err: unknown) => {
    log.error(`core: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    void vscode.window.showErrorMessage('Blast Radius could not start; agent hooks will decide without this window (see the log).');
  });
  const activationMs = performance.now() - t0;
  return { activationMs, ready: () => core! };
}

export async function deactivate(): Promise<void> {
  await core?.catch(() => undefined);
  await stop?.();
}
