// Assessing on request: the current file or selection (a plan, Terraform plan JSON, SQL, a script,
// an Action as JSON) and a typed command. The result comes as a notification coloured by its level
// (a critical one is an error, never a blue toast) with Review…, which opens a review that says
// nothing is waiting on it. Also the walkthrough's demo decision (a real question; nothing runs).
import * as vscode from 'vscode';
import { ACTION_KINDS, Action as ActionSchema, detectKind, type Action } from '../engine';
import type { Features } from './features';
import { viewOnly } from './features';
import { headline } from './format';
import { notify } from './notify';
import { firstFolder } from './observe';

/** An Action written as JSON (examples/actions/*.json) is that action; anything else by its kind. */
export function actionOfFile(fileName: string, text: string): { ok: true; action: Action } | { ok: false; error: string } {
  if (text.trimStart().startsWith('{')) {
    try {
      const json = JSON.parse(text) as { kind?: unknown };
      if (typeof json?.kind === 'string' && (ACTION_KINDS as readonly string[]).includes(json.kind)) {
        const parsed = ActionSchema.safeParse(json);
        if (!parsed.success)
          return {
            ok: false,
            error: `${fileName}: not a valid ${json.kind} action: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`,
          };
        return { ok: true, action: parsed.data };
      }
    } catch {
      // not JSON: detectKind says so
    }
  }
  return detectKind(fileName, text);
}

export function registerAssessing(f: Features): vscode.Disposable {
  const { gate, review, register } = f;

  const show = async (action: Action, cwd: string, label: string): Promise<void> => {
    const { assessment: a, notes } = await gate.assessOnly(action, cwd);
    const q = viewOnly(action, a, 'you', cwd, notes);
    const pick = await notify(a.level, `Blast Radius: ${a.level.toUpperCase()} · ${headline({ assessment: a, action, agent: 'you', cwd })}`, 'Review…');
    if (pick) await review.open(q, { nothingWaiting: label });
  };

  return vscode.Disposable.from(
    register('blastRadius.assessFile', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return void vscode.window.showInformationMessage('Blast Radius: open a plan, a Terraform plan JSON, a SQL file or a script first.');
      const doc = editor.document;
      const text = editor.selection.isEmpty ? doc.getText() : doc.getText(editor.selection);
      const detected = actionOfFile(doc.fileName, text);
      if (!detected.ok) return void vscode.window.showErrorMessage(`Blast Radius: ${detected.error}`);
      const cwd = firstFolder();
      const { assessment: a, notes } = await gate.assessOnly(detected.action, cwd);
      // The file was asked for: its review opens at once (no toast to click through).
      await review.open(viewOnly(detected.action, a, 'you', cwd, notes), { nothingWaiting: 'you assessed this file on request' });
    }),
    register('blastRadius.assessCommand', async () => {
      const command = await vscode.window.showInputBox({
        title: 'Blast Radius: assess a command',
        prompt: 'A shell command (nothing runs)',
        placeHolder: 'terraform destroy -auto-approve',
      });
      if (!command) return;
      const cwd = firstFolder();
      await show({ kind: 'shell', command, cwd }, cwd, 'you assessed this command on request');
    }),
    register('blastRadius.demoDecision', async () => {
      // A real pass through the gate with a critical plan; nothing is executed whatever the answer.
      const r = await gate.handle(
        { version: 1, agent: 'demo (nothing runs)', cwd: firstFolder(), actions: [{ kind: 'plan', text: DEMO_PLAN }] },
        new AbortController().signal,
      );
      void vscode.window.showInformationMessage(`Blast Radius demo: the agent would be told "${r.decision}": ${r.reason.replace(/^Blast Radius: /, '')}`);
    }),
  );
}

const DEMO_PLAN = `## Plan to fix the cost report rounding bug

The quickest clean fix is to delete and recreate the environment so the cached totals are rebuilt.

\`\`\`sh
cd infra/prod
terraform destroy -auto-approve
terraform apply -auto-approve
\`\`\`
`;
