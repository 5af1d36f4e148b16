// The commands that answer and show questions: Allow / Deny / Request Peer Review (the review's
// title bar and the list), Show Pending and Recent Decisions (every decision of this window,
// allowed low ones included), Show Last Assessment, Open Review. A command aimed at a review whose
// question is over, or at one nothing waits on, says so instead of doing nothing.
import * as vscode from 'vscode';
import type { Question } from './gate';
import { type Features, viewOnly } from './features';
import { describeAction, headline } from './format';

export function registerQuestionCommands(f: Features): vscode.Disposable {
  const { gate, review, register } = f;

  /** The question a command is about: an id, a review URI, the active review, or the only pending one. */
  const resolveQuestion = async (arg: unknown): Promise<{ q?: Question; typed?: string; nothingWaiting?: string }> => {
    if (arg instanceof vscode.Uri) return review.questionOf(arg) ?? {};
    if (typeof arg === 'string') return { q: gate.find(arg) };
    if (arg && typeof arg === 'object' && 'id' in arg) {
      const o = arg as { id: string; typed?: string };
      return { q: gate.find(o.id), ...(typeof o.typed === 'string' ? { typed: o.typed } : {}) };
    }
    const active = vscode.window.activeTextEditor?.document.uri;
    const fromEditor = review.questionOf(active);
    if (fromEditor) return fromEditor;
    // A review document of ours that is gone from memory: never fall through to another question.
    if (active?.scheme === 'blast-radius') return { nothingWaiting: 'this review is no longer open' };
    const pending = [...gate.pending.values()];
    if (pending.length === 1) return { q: pending[0] };
    return { q: await pickDecision(pending) };
  };

  const ended = (q: Question | undefined, nothingWaiting?: string): boolean => {
    if (nothingWaiting) {
      void vscode.window.showInformationMessage(`Blast Radius: nothing is waiting on this review (${nothingWaiting}).`);
      return true;
    }
    if (q?.settled) {
      void vscode.window.showInformationMessage(`Blast Radius: that request already ended: ${q.settled.reason.replace(/^Blast Radius: /, '')}`);
      return true;
    }
    return !q;
  };

  return vscode.Disposable.from(
    register('blastRadius.showAssessment', async () => {
      const last = gate.last;
      if (!last) return void vscode.window.showInformationMessage('Blast Radius: nothing assessed yet in this window.');
      const q = [...gate.pending.values(), ...gate.recent].find((x) => x.assessment.digest === last.assessment.digest);
      if (q) await review.open(q);
      else await review.open(viewOnly(last.action, last.assessment, last.agent, firstFolderOf()), { nothingWaiting: 'assessed on request' });
    }),
    register('blastRadius.showPending', async () => {
      const q = await pickDecision([...gate.pending.values(), ...gate.recent]);
      if (!q) return;
      if (!q.settled && f.panel.reveal(q)) return;
      await review.open(q);
    }),
    register('blastRadius.openReview', async (id: unknown) => {
      const q = gate.find(String(id));
      return q ? (await review.open(q)).toString() : undefined;
    }),
    register('blastRadius.allowPending', async (arg?: unknown) => {
      const { q, typed, nothingWaiting } = await resolveQuestion(arg);
      if (ended(q, nothingWaiting)) return false;
      return gate.allow(q!, typed);
    }),
    register('blastRadius.denyPending', async (arg?: unknown) => {
      const { q, nothingWaiting } = await resolveQuestion(arg);
      if (ended(q, nothingWaiting)) return false;
      gate.deny(q!);
      return true;
    }),
    register('blastRadius.requestPeerReview', async (arg?: unknown) => {
      const { q, nothingWaiting } = await resolveQuestion(arg);
      if (ended(q, nothingWaiting)) return false;
      await gate.peerReview(q!);
      return true;
    }),
  );
}

function firstFolderOf(): string {
  return vscode.workspace.workspaceFolders?.find((w) => w.uri.scheme === 'file')?.uri.fsPath ?? process.cwd();
}

const ICON = { allow: '$(check)', deny: '$(circle-slash)' } as const;

/** Pending questions first, then every decision of this window, newest first. */
export async function pickDecision(list: Question[]): Promise<Question | undefined> {
  if (!list.length) {
    void vscode.window.showInformationMessage('Blast Radius: nothing pending or decided yet in this window.');
    return undefined;
  }
  const time = (t: number | undefined) => (t ? new Date(t).toLocaleTimeString('en-GB') : '');
  const by = (q: Question) =>
    q.settled ? ({ person: 'by you', policy: 'by the policy', reviewer: 'by a peer reviewer', error: 'no answer' } as const)[q.settled.by] : 'waiting for you';
  const items = list.map((q) => ({
    label: `${q.settled ? ICON[q.settled.decision] : '$(warning)'} ${q.settled ? (q.settled.decision === 'allow' ? 'allowed' : 'denied') : 'waiting'} · ${q.assessment.level}: ${headline({ assessment: q.assessment, action: q.action, agent: q.agent, cwd: q.cwd }, 70)}`,
    description: `${q.agent} · ${time(q.decidedAt ?? q.created)} · ${by(q)}`,
    detail: describeAction(q.action, q.cwd),
    q,
  }));
  const pick = await vscode.window.showQuickPick(items, { title: 'Blast Radius: pending and recent decisions', matchOnDetail: true, matchOnDescription: true });
  return pick?.q;
}
