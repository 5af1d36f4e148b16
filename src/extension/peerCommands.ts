// The two-person rule's editor commands: Accept a Peer Approval… (the token a reviewer sent
// releases that exact action once), and the review links a colleague sends
// (vscode://blast-radius.blast-radius/review?r=…), opened through the registered UriHandler as a
// review that nothing waits on, then answered in reviewer.ts.
import * as vscode from 'vscode';
import { acceptApproval } from '../review/approval';
import { type Features, viewOnly } from './features';
import { firstFolder } from './observe';
import { ReviewLinkHandler } from './reviewer';

export function registerPeerCommands(f: Features): { disposable: vscode.Disposable; links: ReviewLinkHandler } {
  const links = new ReviewLinkHandler(
    f.context,
    async (req, label) =>
      void (await f.review.open(viewOnly(req.action, req.assessment, label, firstFolder()), { nothingWaiting: `${label}; answer it with Approve or Reject` })),
    f.log,
  );
  const disposable = vscode.Disposable.from(
    vscode.window.registerUriHandler(links),
    f.register('blastRadius.acceptApproval', async () => {
      const token = await vscode.window.showInputBox({
        title: 'Blast Radius: accept a peer approval',
        prompt: 'Paste the approval token your reviewer sent (br1.…)',
        ignoreFocusOut: true,
      });
      if (!token) return;
      const r = acceptApproval(token.trim(), { cwd: firstFolder() });
      if (r.ok)
        void vscode.window.showInformationMessage(
          `Blast Radius: approved by ${r.approval.reviewer}: ${r.request.assessment.summary}. The agent's retry of this exact action runs once.`,
        );
      else void vscode.window.showErrorMessage(`Blast Radius: approval refused (${r.check}): ${r.message}`);
    }),
  );
  return { disposable, links };
}
