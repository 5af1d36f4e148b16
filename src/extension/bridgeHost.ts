// The window's bridge server: started on activation (discovery file written), folders kept in
// sync, closed on deactivate (discovery file and socket removed, pending requests denied).
import * as vscode from 'vscode';
import { startBridgeServer, updateWorkspaceFolders, type BridgeServer } from '../bridge/server';
import type { Gate } from './gate';

export class BridgeHost implements vscode.Disposable {
  server: BridgeServer | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly gate: Gate,
    private readonly log: vscode.LogOutputChannel,
    private readonly dir?: string,
  ) {}

  async start(): Promise<BridgeServer> {
    this.server = await startBridgeServer({
      workspaceFolders: folders(),
      // The hook command writes the audit entry for what it is told (src/cli/hook.ts finalDecision).
      onRequest: (req, signal) => this.gate.handle(req, signal, { audit: false }),
      ...(this.dir ? { dir: this.dir } : {}),
      log: (m) => this.log.info(m),
    });
    this.subscriptions.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        if (this.server) updateWorkspaceFolders(this.server, folders());
      }),
    );
    return this.server;
  }

  /** Denies what is pending, then closes the server (which removes its files). */
  async close(): Promise<void> {
    for (const d of this.subscriptions) d.dispose();
    this.subscriptions.length = 0;
    this.gate.dispose();
    const s = this.server;
    this.server = undefined;
    await s?.close();
  }

  dispose(): void {
    void this.close();
  }
}

function folders(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}
