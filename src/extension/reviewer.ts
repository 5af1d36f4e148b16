// The reviewer's side of the two-person rule, in the reviewer's own editor: a
// `vscode://blast-radius.blast-radius/review?r=…` link opens the request, asks Approve / Reject
// with a reason, signs `{digest, requestId, requester, reviewer, expiresAt, decision}` with a key
// this extension creates once and keeps in SecretStorage, and hands back a one-line approval token
// (copied to the clipboard) to paste into chat. A reviewer who prefers their SSH key gets the
// `blast-radius review approve` command in a terminal instead.
//
// What the dialog and the review document show is recomputed from the action by this editor's own
// engine: the request's assessment is only a claim, and a differing claim is said. A request made
// on this machine by this person is refused (the second person is not at this keyboard). The key's
// public half is registered in reviewer-keys, so this machine's accept refuses approvals it signs.
import * as vscode from 'vscode';
import { execFileSync } from 'node:child_process';
import { hostname } from 'node:os';
import { loadPolicy } from '../facts';
import { signApproval } from '../review/approval';
import { decodeReviewLink } from '../review/link';
import { registerLocalReviewerKey } from '../review/local-keys';
import { reassessRequest } from '../review/reassess';
import type { ReviewRequest } from '../review/request';
import { builtinPublicKey, generateBuiltinKey } from '../review/sshsig';

const KEY_SECRET = 'blastRadius.reviewerKey.v1';

export interface ReviewerAnswer {
  decision: 'approve' | 'reject' | 'terminal';
  /** The reviewer's principal, as in allowed_signers (an email). */
  reviewer: string;
  reason?: string;
}

export type ReviewLinkResult = { ok: true; token: string; reviewer: string; publicKey: string; request: ReviewRequest } | { ok: false; reason: string };

function describeForDialog(req: ReviewRequest): string {
  const { describeActionLines } = require('../review/describe') as typeof import('../review/describe');
  return describeActionLines(req.action, 12).join('\n').slice(0, 1500);
}

function gitEmail(cwd: string | undefined): string {
  try {
    return execFileSync('git', ['config', 'user.email'], { cwd, encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/** The reviewer's built-in key: created on first use, kept in the editor's secret storage. */
export async function reviewerKey(secrets: vscode.SecretStorage): Promise<{ privateKeyPem: string; publicKey: string }> {
  const stored = await secrets.get(KEY_SECRET);
  if (stored) {
    const publicKey = builtinPublicKey(stored);
    registerLocalReviewerKey(publicKey);
    return { privateKeyPem: stored, publicKey };
  }
  const key = generateBuiltinKey('blast-radius reviewer');
  await secrets.store(KEY_SECRET, key.privateKeyPem);
  const publicKey = builtinPublicKey(key.privateKeyPem);
  // This machine's accept must know that an approval signed with this key was signed here.
  registerLocalReviewerKey(publicKey);
  return { privateKeyPem: key.privateKeyPem, publicKey };
}

export class ReviewLinkHandler implements vscode.UriHandler {
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly show: (req: ReviewRequest, label: string) => Promise<void>,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  handleUri(uri: vscode.Uri): Promise<void> {
    return this.review(uri).then((r) => {
      if (!r.ok && r.reason !== 'cancelled') void vscode.window.showErrorMessage(`Blast Radius: ${r.reason}`);
    });
  }

  /**
   * Opens the request behind the link and signs the reviewer's answer. `preset` answers without
   * prompts (the integration tests, through this same registered handler object).
   */
  async review(uri: vscode.Uri, preset?: ReviewerAnswer): Promise<ReviewLinkResult> {
    if (uri.path !== '/review') return { ok: false, reason: `unknown link path ${uri.path}` };
    const r = new URLSearchParams(uri.query).get('r') ?? '';
    const decoded = decodeReviewLink(r);
    if (!decoded.ok) return { ok: false, reason: decoded.error };
    if (!decoded.request) {
      const s = decoded.stub;
      return {
        ok: false,
        reason: `review ${s.id} (${s.summary}) is too large for a link; ask ${s.requester.name ?? 'the requester'} for the request file${s.location ? ` ${s.location}` : ''}`,
      };
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const policy = folder ? loadPolicy(folder) : undefined;
    const seen = reassessRequest(decoded.request, policy?.ok ? policy.policy : undefined);
    if (!seen.ok) return { ok: false, reason: seen.error };
    if (seen.warning) this.log.warn(`review ${decoded.request.id}: ${seen.warning}`);
    // From here on the request carries the assessment this editor computed, never the file's claim.
    const req: ReviewRequest = { ...decoded.request, assessment: seen.assessment };
    const who = req.requester.name ?? req.requester.email ?? req.requester.host;
    if (!req.requester.email)
      return {
        ok: false,
        reason: `review ${req.id} names no requester e-mail, so a self-approval could not be ruled out; ask them to set git user.email and request again`,
      };
    const me = gitEmail(folder);
    if (req.requester.host === hostname() && me && me.toLowerCase() === req.requester.email.toLowerCase())
      return { ok: false, reason: `you (${me}) made review ${req.id} on this machine; a second person approves it in their own editor` };
    await this.show(req, `review ${req.id} requested by ${who}`);
    const answer = preset ?? (await this.ask(req, who, seen.warning));
    if (!answer) return { ok: false, reason: 'cancelled' };

    if (answer.decision === 'terminal') {
      const term = vscode.window.createTerminal({ name: 'Blast Radius review' });
      term.show();
      // Not run: the reviewer checks the key path and presses Enter.
      term.sendText(`blast-radius review approve '${r}' --key ~/.ssh/id_ed25519 --as ${answer.reviewer}`, false);
      return { ok: false, reason: 'cancelled' };
    }
    const key = await reviewerKey(this.context.secrets);
    const signed = signApproval({
      request: req,
      reviewer: answer.reviewer,
      key: { kind: 'builtin', privateKeyPem: key.privateKeyPem },
      decision: answer.decision,
      ...(answer.reason ? { reason: answer.reason } : {}),
    });
    if (!signed.ok) return { ok: false, reason: `cannot sign: ${signed.error}` };
    this.log.info(`review ${req.id}: ${answer.decision} signed by ${answer.reviewer} (digest ${req.digest})`);
    await vscode.env.clipboard.writeText(signed.token);
    if (!preset) {
      void vscode.window.showInformationMessage(
        `Blast Radius: ${answer.decision === 'approve' ? 'approval' : 'rejection'} token copied; send it to ${who}. Your key must be in their .blast-radius/allowed_signers: ${answer.reviewer} ${key.publicKey}`,
      );
    }
    return { ok: true, token: signed.token, reviewer: answer.reviewer, publicKey: key.publicKey, request: req };
  }

  private async ask(req: ReviewRequest, who: string, warning?: string): Promise<ReviewerAnswer | undefined> {
    const pick = await vscode.window.showWarningMessage(
      `Blast Radius: ${who} asks you to review a ${req.assessment.level} action: ${req.assessment.summary}`,
      {
        modal: true,
        detail: `${req.assessment.task ? `Asked for: ${req.assessment.task.asked}\nAbout to do: ${req.assessment.summary}${req.assessment.task.note ? `\n${req.assessment.task.note}` : ''}\n\n` : ''}${describeForDialog(req)}\n\nLevel and summary recomputed by your own Blast Radius.${warning ? `\nWARNING: ${warning}` : ''}\nRequest ${req.id}, digest ${req.digest.slice(0, 16)}…, expires ${req.expiresAt}.\nYour signed answer names this exact action and ${req.requester.email} on ${req.requester.host}, and releases it once.`,
      },
      'Approve…',
      'Reject…',
      'Approve with my SSH key (terminal)…',
    );
    if (!pick) return undefined;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const reviewer = await vscode.window.showInputBox({
      title: 'Blast Radius: you, as listed in allowed_signers',
      value: gitEmail(folder),
      prompt: 'Your principal (email); it must differ from the requester',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'needed'),
    });
    if (!reviewer) return undefined;
    if (pick.startsWith('Approve with')) return { decision: 'terminal', reviewer: reviewer.trim() };
    const reject = pick.startsWith('Reject');
    const reason = await vscode.window.showInputBox({
      title: `Blast Radius: ${reject ? 'why reject' : 'a note for the requester (optional)'}`,
      ignoreFocusOut: true,
      ...(reject ? { validateInput: (v: string) => (v.trim() ? undefined : 'say why') } : {}),
    });
    if (reason === undefined) return undefined;
    return { decision: reject ? 'reject' : 'approve', reviewer: reviewer.trim(), ...(reason.trim() ? { reason: reason.trim() } : {}) };
  }
}
