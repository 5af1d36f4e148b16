// Setting up and looking back: Install Agent Hooks… (each settings diff shown first), Open Audit
// Log (the log this window's hooks write to: $BLAST_RADIUS_AUDIT_LOG, else the user's state folder),
// Show Log.
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { defaultAuditFile } from '../audit';
import type { Features } from './features';
import { installHooks, readOnlyTexts } from './install';

export function registerSetupCommands(f: Features): vscode.Disposable {
  const texts = readOnlyTexts();
  return vscode.Disposable.from(
    texts.disposable,
    f.register('blastRadius.installHooks', () => installHooks(f.context.extensionPath, f.log, texts.show)),
    f.register('blastRadius.openAuditLog', async () => {
      const file = defaultAuditFile();
      if (!existsSync(file)) return void vscode.window.showInformationMessage(`Blast Radius: no decisions recorded yet (${file}).`);
      await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
    }),
    f.register('blastRadius.showLog', () => f.log.show()),
  );
}
