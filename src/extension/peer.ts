// Peer review from the editor: the two-person rule for critical actions, on src/review. "Request
// peer review…" writes a review request bound to the action's digest, hands its links to the
// caller (the editor shows them: decisionPanel.ts, its link panel), and denies the waiting request (a hook cannot wait hours); once a reviewer's signed
// approval is accepted, the agent's retry of the exact same action is released once by the gate
// (the one decision path: engine/decision.ts, decision/call.ts, as in the hook). Multi-action
// requests are reviewed by their worst action only; its approval releases the call when every
// other action needs nothing.
import * as vscode from 'vscode';
import { reviewLinks, EDITOR_SCHEMES, type EditorScheme, type ReviewLinks } from '../review/link';
import { createReviewRequest, saveReviewRequest, type ReviewRequest } from '../review/request';
import type { Question } from './gate';

export type PeerReviewOutcome =
  { approved: true; reviewer: string } | { approved: false; reason: string; requested?: { request: ReviewRequest; links: ReviewLinks; file: string } };

export async function requestPeerReview(q: Question, log: vscode.LogOutputChannel): Promise<PeerReviewOutcome> {
  try {
    const req = createReviewRequest({ action: q.action, assessment: q.assessment, cwd: q.cwd });
    // No identity, no request: the reviewer could not tell who asks, and self-approval could not be ruled out.
    if (!req.requester.email)
      return { approved: false, reason: 'git user.email is not set for this folder: set it, then request peer review again (a request must name who asks).' };
    const file = saveReviewRequest(req, { cwd: q.cwd });
    const scheme = (EDITOR_SCHEMES as readonly string[]).includes(vscode.env.uriScheme) ? (vscode.env.uriScheme as EditorScheme) : 'vscode';
    const links = reviewLinks(req, { location: file, editor: scheme });
    log.info(`peer review ${req.id} requested for ${q.id} (${req.digest.slice(0, 12)}); request ${file}; link ${links.primary}`);
    return {
      approved: false,
      reason: `review ${req.id} was requested; nothing runs until a second person approves this exact action (digest ${req.digest.slice(0, 12)}), then retry it.`,
      requested: { request: req, links, file },
    };
  } catch (err) {
    log.error(`peer review: ${err instanceof Error ? err.message : String(err)}`);
    return { approved: false, reason: `the review request could not be created (${err instanceof Error ? err.message : String(err)}).` };
  }
}
