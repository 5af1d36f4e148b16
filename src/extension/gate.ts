// The gate: turns each hook request into a decision. Low actions pass (status bar only); medium and
// up become a Question in a queue that shows one modal at a time, merges duplicates of the same
// action (same digest), and resolves to deny on dismissal, Escape, the hook's deadline, the
// window closing, or any error. Every decision is written to the audit log.
import * as vscode from 'vscode';
import { createHash } from 'node:crypto';
import { assess, type Action, type Assessment, type Level, type Requirement, REQUIREMENTS } from '../engine';
import { gatherFacts } from '../facts';
import { recordDecision } from '../audit';
import type { BridgeRequest, BridgeResponse } from '../bridge/server';
import { dialogDetail, describeAction, levelRank } from './format';
import { loadEffectivePolicy, readSettings, type PolicyProblems } from './settings';
import { releasedByReview, requestPeerReview, type PeerReviewOutcome } from './peer';

export type Decision = { decision: 'allow' | 'deny'; reason: string; by: 'person' | 'policy' | 'error' | 'reviewer' };

export interface Question {
  id: string;
  digest: string;
  agent: string;
  cwd: string;
  actions: Action[];
  /** The action with the worst assessment: what the dialog and the review show. */
  action: Action;
  assessment: Assessment;
  created: number;
  settled?: Decision;
  /** Resolves once, with the first answer from any source. */
  decision: Promise<Decision>;
  settle(d: Decision): void;
  waiters: number;
}

export interface GateEvents {
  /** After every assessment and every decision (status bar, lists). */
  changed(): void;
  /** Opens the diff or review document of a question. */
  openReview(q: Question): Promise<void>;
}

export const BUTTONS = {
  allowOnce: 'Allow once',
  allowTyped: 'Allow…',
  review: 'Review…',
  peer: 'Request peer review…',
  deny: 'Deny',
} as const;

export class Gate implements vscode.Disposable {
  readonly pending = new Map<string, Question>();
  readonly recent: Question[] = [];
  last: { assessment: Assessment; action: Action; agent: string; decision?: Decision } | undefined;
  /** Shell commands and digests a hook asked about, so the observer knows what was decided. */
  readonly seenCommands = new Set<string>();
  readonly seenDigests = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private seq = 0;
  private disposed = false;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly events: GateEvents,
    private readonly problems: PolicyProblems,
  ) {}

  /** Assesses an action for display (commands, LM tools, the observer with show=false): no question, no audit entry. */
  async assessOnly(action: Action, cwd: string, show = true): Promise<Assessment> {
    const { policy } = loadEffectivePolicy(cwd, this.problems);
    const facts = await gatherFacts(action, { cwd, budgetMs: 1500 }).catch(() => ({ cwd }));
    const a = assess(action, { facts, policy: policy ?? undefined });
    if (show) {
      this.last = { assessment: a, action, agent: 'you' };
      this.events.changed();
    }
    return a;
  }

  /**
   * The bridge's onRequest. Never throws: any failure is a deny with the reason. `audit: false`
   * when the asker records the decision itself (the hook command writes one entry per decision;
   * a second one from here would double every line of the log).
   */
  async handle(req: Omit<BridgeRequest, 'token'>, signal: AbortSignal, opts: { audit?: boolean } = {}): Promise<BridgeResponse> {
    const audit = opts.audit ?? true;
    try {
      return await this.handleInner(req, signal, audit);
    } catch (err) {
      this.log.error(`gate: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return { decision: 'deny', reason: `Blast Radius: the editor could not assess this action (${err instanceof Error ? err.message : String(err)}); denied.` };
    }
  }

  private async handleInner(req: Omit<BridgeRequest, 'token'>, signal: AbortSignal, audit: boolean): Promise<BridgeResponse> {
    if (this.disposed) return { decision: 'deny', reason: 'Blast Radius: the editor is closing; denied.' };
    if (!req.actions.length) return { decision: 'deny', reason: 'Blast Radius: empty request; denied.' };
    const loaded = loadEffectivePolicy(req.cwd, this.problems);
    if (!loaded.policy) {
      const reason = `Blast Radius: the team policy is broken, so nothing is allowed until it is fixed: ${loaded.error}`;
      if (audit) this.audit(req.agent, undefined, req.actions[0]!, { decision: 'deny', reason, by: 'error' }, req.cwd);
      return { decision: 'deny', reason };
    }
    const assessed: { action: Action; assessment: Assessment }[] = [];
    for (const action of req.actions) {
      const facts = await gatherFacts(action, { cwd: req.cwd, budgetMs: 1500 }).catch((err: unknown) => {
        this.log.warn(`facts: ${String(err)}`);
        return { cwd: req.cwd };
      });
      assessed.push({ action, assessment: assess(action, { facts, policy: loaded.policy }) });
    }
    // Bounded memory over a long session: the observer only needs the recent past.
    if (this.seenDigests.size > 5000) this.seenDigests.clear();
    if (this.seenCommands.size > 5000) this.seenCommands.clear();
    for (const x of assessed) {
      this.seenDigests.add(x.assessment.digest);
      if (x.action.kind === 'shell') this.seenCommands.add(x.action.command.trim());
    }
    const worst = assessed.reduce((w, x) => (strictness(x.assessment.requires) > strictness(w.assessment.requires) || (x.assessment.requires === w.assessment.requires && levelRank(x.assessment.level) > levelRank(w.assessment.level)) ? x : w));
    const a = worst.assessment;
    this.last = { assessment: a, action: worst.action, agent: req.agent };
    this.log.info(`${req.agent}: ${a.level} (${a.requires}) ${describeAction(worst.action)}: ${a.summary}`);
    this.events.changed();

    if (a.requires === 'none') return this.finish(audit, req, worst.action, a, { decision: 'allow', reason: `Blast Radius: ${a.level}: ${a.summary}`, by: 'policy' });
    if (a.requires === 'deny') return this.finish(audit, req, worst.action, a, { decision: 'deny', reason: `Blast Radius: the policy denies this ${a.level} action: ${a.summary}`, by: 'policy' });

    if (a.requires === 'peer-review' && assessed.length === 1) {
      const released = releasedByReview(a.digest, req.cwd);
      if (released) {
        const r = this.finish(audit, req, worst.action, a, { decision: 'allow', reason: `Blast Radius: approved by ${released.reviewer} (peer review); released once.`, by: 'reviewer' });
        return { ...r, approvalId: released.approvalId };
      }
    }

    const digest = assessed.length === 1 ? a.digest : createHash('sha256').update(assessed.map((x) => x.assessment.digest).join('\n')).digest('hex');
    let q = this.pending.get(digest);
    if (q) this.log.info(`merged a duplicate request from ${req.agent} into question ${q.id}`);
    else q = this.enqueue(digest, req, worst.action, a, assessed.map((x) => x.action));
    q.waiters++;

    const timeoutMs = Math.min(readSettings().hookTimeoutSeconds * 1000, req.deadlineMs ?? Infinity);
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const stop = new Promise<Decision>((resolve) => {
      timer = setTimeout(() => resolve({ decision: 'deny', reason: `Blast Radius: nobody answered within ${Math.round(timeoutMs / 1000)} s; denied.`, by: 'error' }), timeoutMs);
      onAbort = () => resolve({ decision: 'deny', reason: `Blast Radius: the hook's deadline passed or it went away before anyone answered; denied.`, by: 'error' });
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    const d = await Promise.race([q.decision, stop]);
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
    q.waiters--;
    // The last waiter gone without an answer: the question is over (deny), so a stale dialog
    // answered later cannot allow anything.
    if (!q.settled && q.waiters === 0) q.settle(d);
    return this.finish(audit, req, q.action, a, d, q);
  }

  private enqueue(digest: string, req: Omit<BridgeRequest, 'token'>, action: Action, a: Assessment, actions: Action[]): Question {
    let settle!: (d: Decision) => void;
    const decision = new Promise<Decision>((resolve) => (settle = resolve));
    const q: Question = {
      id: `q${++this.seq}`,
      digest,
      agent: req.agent,
      cwd: req.cwd,
      actions,
      action,
      assessment: a,
      created: Date.now(),
      decision,
      waiters: 0,
      settle: (d) => {
        if (q.settled) return;
        q.settled = d;
        this.pending.delete(digest);
        this.recent.unshift(q);
        this.recent.splice(readSettings().recentDecisions);
        if (this.last?.assessment.digest === a.digest) this.last.decision = d;
        settle(d);
        this.events.changed();
      },
    };
    this.pending.set(digest, q);
    this.events.changed();
    this.queue = this.queue.then(() => this.ask(q)).catch((err: unknown) => {
      this.log.error(`dialog: ${String(err)}`);
      q.settle({ decision: 'deny', reason: `Blast Radius: the dialog failed (${String(err)}); denied.`, by: 'error' });
    });
    return q;
  }

  /** Shows the modal for one question and waits until it is settled (by any source). */
  private async ask(q: Question): Promise<void> {
    if (q.settled) return;
    if (readSettings().openReviewFirst) await this.events.openReview(q).catch(() => undefined);
    const a = q.assessment;
    const buttons: string[] =
      a.requires === 'confirm' ? [BUTTONS.allowOnce, BUTTONS.review, BUTTONS.peer, BUTTONS.deny]
      : a.requires === 'typed-confirm' ? [BUTTONS.review, BUTTONS.allowTyped, BUTTONS.peer, BUTTONS.deny]
      : [BUTTONS.review, BUTTONS.peer, BUTTONS.deny];
    const message = `Blast Radius: ${a.level.toUpperCase()}: ${a.summary}`;
    const shown = this.showQuestion(message, dialogDetail(a, q.action, q.agent), buttons);
    const choice = await Promise.race([shown, q.decision.then(() => undefined)]);
    if (q.settled) {
      // Answered elsewhere (deadline, title bar, another window of the same request).
      void shown.then((late) => {
        if (late) void vscode.window.showInformationMessage(`Blast Radius: that request already ended: ${q.settled!.reason}`);
      });
      return;
    }
    switch (choice) {
      case BUTTONS.allowOnce:
        q.settle({ decision: 'allow', reason: `Blast Radius: allowed once by the developer (${a.level}: ${a.summary})`, by: 'person' });
        return;
      case BUTTONS.allowTyped:
        await this.typedAllow(q);
        return;
      case BUTTONS.review:
        await this.events.openReview(q);
        // The question stays open: the review's title bar (or the status bar list) answers it.
        await q.decision;
        return;
      case BUTTONS.peer:
        await this.peerReview(q);
        return;
      case BUTTONS.deny:
        q.settle({ decision: 'deny', reason: 'Blast Radius: the developer denied this action.', by: 'person' });
        return;
      default:
        q.settle({ decision: 'deny', reason: 'Blast Radius: the developer dismissed the dialog; denied.', by: 'person' });
    }
  }

  /**
   * The modal. Where the workbench refuses modals (extension test mode, some remote hosts) the
   * same buttons come as a notification: the question stays open and the deadline still denies.
   */
  private async showQuestion(message: string, detail: string, buttons: string[]): Promise<string | undefined> {
    try {
      return await vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons);
    } catch (err) {
      this.log.warn(`the modal was refused (${err instanceof Error ? err.message : String(err)}); asking in a notification`);
      return vscode.window.showWarningMessage(`${message} (${detail.split('\n')[0]})`, ...buttons);
    }
  }

  /** Allow from the review's title bar or the list: honours the requirement of the question. */
  async allow(q: Question, typed?: string): Promise<boolean> {
    if (q.settled) return false;
    switch (q.assessment.requires) {
      case 'confirm':
        q.settle({ decision: 'allow', reason: `Blast Radius: allowed by the developer after review (${q.assessment.level}: ${q.assessment.summary})`, by: 'person' });
        return true;
      case 'typed-confirm':
        return this.typedAllow(q, typed);
      case 'peer-review': {
        const pick = await this.showQuestion(`Blast Radius: this ${q.assessment.level} action needs a second person.`, 'Nothing runs until a peer approves this exact action.', [BUTTONS.peer]);
        if (pick === BUTTONS.peer) await this.peerReview(q);
        return (q.settled as Decision | undefined)?.decision === 'allow';
      }
      default:
        return false;
    }
  }

  deny(q: Question, reason = 'Blast Radius: the developer denied this action.'): void {
    q.settle({ decision: 'deny', reason, by: 'person' });
  }

  /**
   * Allow only after the target's name is typed. With `typed` (the integration tests, or a caller
   * that already asked) the name is checked without the input box; a wrong name never allows.
   */
  private async typedAllow(q: Question, typed?: string): Promise<boolean> {
    const target = confirmName(q.assessment);
    if (typed === undefined) {
      typed = await vscode.window.showInputBox({
        title: `Blast Radius: allow a ${q.assessment.level} action`,
        prompt: `Type ${target} to allow: ${q.assessment.summary}`,
        placeHolder: target,
        ignoreFocusOut: true,
        validateInput: (v) => (v === target ? undefined : `Type "${target}" exactly to allow. Escape denies.`),
      });
      if (q.settled) return q.settled.decision === 'allow';
      if (typed === undefined) {
        q.settle({ decision: 'deny', reason: 'Blast Radius: the typed confirmation was cancelled; denied.', by: 'person' });
        return false;
      }
    }
    if (typed !== target) return false;
    q.settle({ decision: 'allow', reason: `Blast Radius: allowed by the developer after typing "${target}" (${q.assessment.level}: ${q.assessment.summary})`, by: 'person' });
    return true;
  }

  async peerReview(q: Question): Promise<void> {
    const outcome: PeerReviewOutcome = await requestPeerReview(q, this.log);
    if (q.settled) return;
    if (outcome.approved) q.settle({ decision: 'allow', reason: `Blast Radius: approved by ${outcome.reviewer} (peer review)`, by: 'reviewer' });
    else q.settle({ decision: 'deny', reason: `Blast Radius: peer review required: ${outcome.reason}`, by: 'error' });
  }

  find(id: string): Question | undefined {
    return [...this.pending.values()].find((q) => q.id === id) ?? this.recent.find((q) => q.id === id);
  }

  worstPending(): Level | undefined {
    let worst: Level | undefined;
    for (const q of this.pending.values()) if (!worst || levelRank(q.assessment.level) > levelRank(worst)) worst = q.assessment.level;
    return worst;
  }

  private finish(audit: boolean, req: Omit<BridgeRequest, 'token'>, action: Action, a: Assessment, d: Decision, q?: Question): BridgeResponse {
    if (!q && this.last?.assessment.digest === a.digest) this.last.decision = d;
    if (audit) this.audit(req.agent, a, action, d, req.cwd);
    this.events.changed();
    return { decision: d.decision, reason: d.reason, assessment: a, decidedBy: d.by };
  }

  private audit(agent: string, a: Assessment | undefined, action: Action, d: Decision, cwd: string): void {
    const ok = recordDecision({
      agent,
      digest: a?.digest ?? '0'.repeat(64),
      summary: a?.summary ?? describeAction(action),
      level: a?.level ?? 'unknown',
      decision: d.decision,
      decidedBy: { type: d.by },
      kind: action.kind,
      reason: d.reason,
      cwd,
    });
    if (!ok) this.log.warn('audit: could not write the decision to the audit log');
  }

  /** Pending questions resolve to deny (the window is closing). */
  dispose(): void {
    this.disposed = true;
    for (const q of [...this.pending.values()]) q.settle({ decision: 'deny', reason: 'Blast Radius: the editor window closed before deciding; denied.', by: 'error' });
  }
}

export function confirmName(a: Assessment): string {
  return a.confirmTarget ?? a.scope.targets[0]?.name ?? 'allow';
}

function strictness(r: Requirement): number {
  return REQUIREMENTS.indexOf(r);
}
