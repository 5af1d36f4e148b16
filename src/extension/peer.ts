// Peer review from the editor: the two-person rule for critical actions. The review module
// (src/review, the peer-review work) creates the request, its link and checks the signed approval.
// Until it is part of this build the answer is a deny with the reason "peer review required",
// so a critical action never runs on one person's say-so.
import type * as vscode from 'vscode';
import type { Question } from './gate';

export type PeerReviewOutcome = { approved: true; reviewer: string } | { approved: false; reason: string };

export async function requestPeerReview(q: Question, log: vscode.LogOutputChannel): Promise<PeerReviewOutcome> {
  log.info(`peer review requested for ${q.id} (${q.assessment.digest.slice(0, 12)}): no review module in this build`);
  return { approved: false, reason: 'no peer-review service is available in this editor yet; ask a colleague to run the action themselves or approve it once reviews are set up.' };
}
