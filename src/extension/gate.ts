// The gate: turns each hook request into a decision. Low actions pass (status bar only); medium and
// up become a Question in a queue that the decision surface shows one at a time, merging duplicates
// of the same action (same digest). A question resolves to deny on dismissal, Escape, the hook's
// deadline, the hook going away, the window closing, or any error — and the moment it resolves by
// any route, the surface showing it closes. Every decision, allowed low ones included, is kept in
// the recent list; the gate's own callers (LM tools, demo) get an audit entry per decision. What to
// decide is not the gate's own: the one decision path (decision/call.ts, engine/decision.ts) the
// hook without an editor uses too; the gate only puts its outcome to a person.
import * as vscode from 'vscode';
import { getDefaultPolicy, type Action, type Assessment, type Level, REQUIREMENTS } from '../engine';
import { assessActions, decideCall } from '../decision/call';
import { recordDecision } from '../audit';
import { saferSentence } from '../engine/rules/safer';
import type { BridgeRequest, BridgeResponse } from '../bridge/server';
import { confirmName, describeAction, levelRank } from './format';
import { loadEffectivePolicy, readSettings, type PolicyProblems } from './settings';
import { requestPeerReview, type PeerReviewOutcome } from './peer';

/** Time for the facts' git and context probes, per action: a person is waiting, not an agent's hook deadline. */
const FACTS_BUDGET_MS = 1500;

export { confirmName };

export type Decision = { decision: 'allow' | 'deny'; reason: string; by: 'person' | 'policy' | 'error' | 'reviewer' };

export interface Question {
  id: string;
  digest: string;
  agent: string;
  cwd: string;
  actions: Action[];
  /** The action with the worst assessment: what the panel and the review show. */
  action: Action;
  assessment: Assessment;
  /** The facts in plain words (what the probes found), for the panel. */
  notes: string[];
  created: number;
  /** Epoch ms when the asker stops waiting (deny then); undefined when nobody waits. */
  deadline?: number;
  settled?: Decision;
  decidedAt?: number;
  /** Resolves once, with the first answer from any source. */
  decision: Promise<Decision>;
  settle(d: Decision): void;
  waiters: number;
}

/** Where a person answers a question: shown until the question is settled, by any route. */
export interface QuestionSurface {
  /** Shows `q` and resolves once it is settled (the surface closes itself then). */
  ask(q: Question): Promise<void>;
  /** Brings the question's surface to the front, if it is showing. */
  reveal(q: Question): boolean;
  /** Shows a requested peer review's link. */
  showReviewLink(requested: NonNullable<Extract<PeerReviewOutcome, { approved: false }>['requested']>): Promise<void>;
}

export interface GateEvents {
  /** After every assessment and every decision (status bar, lists, review documents). */
  changed(): void;
  /** Opens the diff or review document of a question. */
  openReview(q: Question, beside?: boolean): Promise<void>;
}

export class Gate implements vscode.Disposable {
  readonly pending = new Map<string, Question>();
  /** Every decision of this window, newest first (bounded by the recentDecisions setting). */
  readonly recent: Question[] = [];
  last: { assessment: Assessment; action: Action; agent: string; assessedAt: number; decision?: Decision; decidedAt?: number } | undefined;
  /** Shell commands and digests a hook asked about, so the observer knows what was decided. */
  readonly seenCommands = new Set<string>();
  readonly seenDigests = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private seq = 0;
  private disposed = false;
  private surface: QuestionSurface | undefined;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly events: GateEvents,
    private readonly problems: PolicyProblems,
  ) {}

  /** The surface questions are asked on (set once, after construction: it calls back into the gate). */
  useSurface(surface: QuestionSurface): void {
    this.surface = surface;
  }

  /** Assesses an action for display (commands, LM tools, the observer with show=false): no question, no audit entry. */
  async assessOnly(action: Action, cwd: string, show = true): Promise<{ assessment: Assessment; notes: string[] }> {
    const { policy } = loadEffectivePolicy(cwd, this.problems);
    // The same facts as a decision's (decision/call.ts); a broken policy shows the defaults' view.
    const { assessments, notes } = await assessActions([action], { cwd, policy: policy ?? getDefaultPolicy(), budgetMs: FACTS_BUDGET_MS, ownDir: __dirname });
    const a = assessments[0]!;
    if (show) {
      this.last = { assessment: a, action, agent: 'you', assessedAt: Date.now() };
      this.events.changed();
    }
    return { assessment: a, notes: notes[0] ?? [] };
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
      return {
        decision: 'deny',
        reason: `Blast Radius: the editor could not assess this action (${err instanceof Error ? err.message : String(err)}); denied.`,
      };
    }
  }

  private async handleInner(req: Omit<BridgeRequest, 'token'>, signal: AbortSignal, audit: boolean): Promise<BridgeResponse> {
    if (this.disposed) return { decision: 'deny', reason: 'Blast Radius: the editor is closing; denied.' };
    if (!req.actions.length) return { decision: 'deny', reason: 'Blast Radius: empty request; denied.' };
    const started = Date.now();
    const loaded = loadEffectivePolicy(req.cwd, this.problems);
    if (!loaded.policy) {
      const reason = `Blast Radius: the team policy is broken, so nothing is allowed until it is fixed: ${loaded.error}`;
      // Decided by the policy (a broken one denies everything), as the hook says without an editor.
      if (audit) this.audit(req.agent, undefined, req.actions[0]!, { decision: 'deny', reason, by: 'policy' }, req.cwd);
      return { decision: 'deny', reason, decidedBy: 'policy' };
    }
    // The one decision path (decision/call.ts → engine/decision.ts), as the hook without an editor.
    const { decision: call, notes } = await decideCall(req.actions, {
      cwd: req.cwd,
      policy: loaded.policy,
      budgetMs: FACTS_BUDGET_MS,
      ownDir: __dirname,
      ...(req.guardPaths ? { guardPaths: req.guardPaths } : {}),
      ...(req.transcript ? { transcript: req.transcript } : {}),
      agent: req.agent,
      releasedBy: 'editor',
      log: (line) => this.log.info(line),
    });
    const assessed = req.actions.map((action, i) => ({ action, assessment: call.assessments[i]!, notes: notes[i] ?? [] }));
    // Bounded memory over a long session: the observer only needs the recent past.
    if (this.seenDigests.size > 5000) this.seenDigests.clear();
    if (this.seenCommands.size > 5000) this.seenCommands.clear();
    for (const x of assessed) {
      this.seenDigests.add(x.assessment.digest);
      if (x.action.kind === 'shell') this.seenCommands.add(x.action.command.trim());
    }
    const worst = assessed[call.worstIndex]!;
    const a = worst.assessment;
    this.last = { assessment: a, action: worst.action, agent: req.agent, assessedAt: Date.now() };
    this.log.info(`${req.agent}: ${a.level} (${a.requires}) ${describeAction(worst.action)}: ${a.summary}`);
    this.events.changed();
    const digest = call.digest;
    // Decided at once (by the policy or a released approval): still one entry in the recent list.
    const record = (dec: Decision): Decision => {
      this.newQuestion(digest, req, worst, req.actions, started).settle(dec);
      return dec;
    };
    const o = call.outcome;
    if (o.kind === 'allow')
      return this.finish(audit, req, worst.action, a, record({ decision: 'allow', reason: `Blast Radius: ${a.level}: ${a.summary}`, by: 'policy' }));
    if (o.kind === 'deny')
      return this.finish(
        audit,
        req,
        worst.action,
        a,
        record({ decision: 'deny', reason: `Blast Radius: the policy denies this ${a.level} action: ${a.summary}`, by: 'policy' }),
      );
    if (o.kind === 'released') {
      const r = this.finish(
        audit,
        req,
        worst.action,
        a,
        record({ decision: 'allow', reason: `Blast Radius: approved by ${o.reviewer} (peer review); released once.`, by: 'reviewer' }),
      );
      return { ...r, approvalId: o.approvalId };
    }

    const timeoutMs = Math.min(readSettings().hookTimeoutSeconds * 1000, req.deadlineMs ?? Infinity);
    let q = this.pending.get(digest);
    if (q) this.log.info(`merged a duplicate request from ${req.agent} into question ${q.id}`);
    else q = this.enqueue(this.newQuestion(digest, req, worst, req.actions, started, started + timeoutMs));
    q.waiters++;

    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const stop = new Promise<Decision>((resolve) => {
      timer = setTimeout(
        () => resolve({ decision: 'deny', reason: `Blast Radius: nobody answered within ${Math.round(timeoutMs / 1000)} s; denied.`, by: 'error' }),
        timeoutMs,
      );
      onAbort = () =>
        resolve({ decision: 'deny', reason: `Blast Radius: the hook's deadline passed or it went away before anyone answered; denied.`, by: 'error' });
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    const d = await Promise.race([q.decision, stop]);
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
    q.waiters--;
    // The last waiter gone without an answer: the question is over (deny), so its panel closes and
    // nothing answered later can allow anything.
    if (!q.settled && q.waiters === 0) q.settle(d);
    return this.finish(audit, req, q.action, a, d);
  }

  private newQuestion(
    digest: string,
    req: Omit<BridgeRequest, 'token'>,
    worst: { action: Action; assessment: Assessment; notes: string[] },
    actions: Action[],
    created: number,
    deadline?: number,
  ): Question {
    let settle!: (d: Decision) => void;
    const decision = new Promise<Decision>((resolve) => (settle = resolve));
    const q: Question = {
      id: `q${++this.seq}`,
      digest,
      agent: req.agent,
      cwd: req.cwd,
      actions,
      action: worst.action,
      assessment: worst.assessment,
      notes: worst.notes,
      created,
      ...(deadline !== undefined ? { deadline } : {}),
      decision,
      waiters: 0,
      settle: (d) => {
        if (q.settled) return;
        q.settled = d;
        q.decidedAt = Date.now();
        this.pending.delete(digest);
        this.remember(q, d);
        settle(d);
      },
    };
    return q;
  }

  /** Puts a decided question at the top of the recent list and tells the status bar. */
  private remember(q: Question, d: Decision): void {
    if (!this.recent.includes(q)) {
      this.recent.unshift(q);
      this.recent.splice(readSettings().recentDecisions);
    }
    if (this.last?.assessment.digest === q.assessment.digest) {
      this.last.decision = d;
      this.last.decidedAt = q.decidedAt;
    }
    this.events.changed();
  }

  private enqueue(q: Question): Question {
    this.pending.set(q.digest, q);
    this.events.changed();
    this.queue = this.queue
      .then(() => this.ask(q))
      .catch((err: unknown) => {
        this.log.error(`decision panel: ${String(err)}`);
        q.settle({ decision: 'deny', reason: `Blast Radius: the decision panel failed (${String(err)}); denied.`, by: 'error' });
      });
    return q;
  }

  /** Shows one question on the surface and waits until it is settled (by any source). */
  private async ask(q: Question): Promise<void> {
    if (q.settled) return;
    if (!this.surface) throw new Error('no surface to ask on');
    if (readSettings().openReviewFirst) await this.events.openReview(q).catch(() => undefined);
    await this.surface.ask(q);
    await q.decision;
  }

  /** Allow from the panel, the review's title bar or the list: honours the requirement of the question. */
  async allow(q: Question, typed?: string): Promise<boolean> {
    if (q.settled) return false;
    switch (q.assessment.requires) {
      case 'confirm':
        q.settle({ decision: 'allow', reason: `Blast Radius: allowed once by the developer (${q.assessment.level}: ${q.assessment.summary})`, by: 'person' });
        return true;
      case 'typed-confirm':
        return this.typedAllow(q, typed);
      case 'peer-review':
        // Only a second person can allow it: bring its panel (with Request peer review…) forward.
        if (!this.surface?.reveal(q))
          void vscode.window.showErrorMessage(`Blast Radius: this ${q.assessment.level} action needs a second person; use Request Peer Review.`);
        return false;
      default:
        return false;
    }
  }

  deny(q: Question, reason = 'Blast Radius: the developer denied this action.'): void {
    q.settle({ decision: 'deny', reason, by: 'person' });
  }

  /**
   * Allow only after the target's name is typed. With `typed` (the panel, the integration tests)
   * the name is checked without asking; without it an input box asks, and closes when the question
   * ends another way. A wrong name never allows.
   */
  private async typedAllow(q: Question, typed?: string): Promise<boolean> {
    const target = confirmName(q.assessment, q.action);
    if (typed === undefined) {
      const cancel = new vscode.CancellationTokenSource();
      void q.decision.then(() => cancel.cancel());
      typed = await vscode.window.showInputBox(
        {
          title: `Blast Radius: allow a ${q.assessment.level} action`,
          prompt: `Type ${target} to allow: ${q.assessment.summary}`,
          placeHolder: target,
          ignoreFocusOut: true,
          validateInput: (v) => (v === target ? undefined : `Type "${target}" exactly to allow. Escape denies.`),
        },
        cancel.token,
      );
      cancel.dispose();
      if (q.settled) return q.settled.decision === 'allow';
      if (typed === undefined) {
        q.settle({ decision: 'deny', reason: 'Blast Radius: the typed confirmation was cancelled; denied.', by: 'person' });
        return false;
      }
    }
    if (typed !== target) return false;
    q.settle({
      decision: 'allow',
      reason: `Blast Radius: allowed by the developer after typing "${target}" (${q.assessment.level}: ${q.assessment.summary})`,
      by: 'person',
    });
    return true;
  }

  async peerReview(q: Question): Promise<void> {
    const outcome: PeerReviewOutcome = await requestPeerReview(q, this.log);
    if (q.settled) return;
    if (outcome.approved) q.settle({ decision: 'allow', reason: `Blast Radius: approved by ${outcome.reviewer} (peer review)`, by: 'reviewer' });
    else {
      q.settle({ decision: 'deny', reason: `Blast Radius: peer review required: ${outcome.reason}`, by: 'policy' });
      if (outcome.requested) await this.surface?.showReviewLink(outcome.requested);
      else void vscode.window.showErrorMessage(`Blast Radius: ${outcome.reason}`);
    }
  }

  find(id: string): Question | undefined {
    return [...this.pending.values()].find((q) => q.id === id) ?? this.recent.find((q) => q.id === id);
  }

  worstPending(): Level | undefined {
    let worst: Level | undefined;
    for (const q of this.pending.values()) if (!worst || levelRank(q.assessment.level) > levelRank(worst)) worst = q.assessment.level;
    return worst;
  }

  private finish(audit: boolean, req: Omit<BridgeRequest, 'token'>, action: Action, a: Assessment, d: Decision): BridgeResponse {
    if (audit) this.audit(req.agent, a, action, d, req.cwd);
    this.events.changed();
    return { decision: d.decision, reason: d.decision === 'deny' ? `${d.reason}${saferSentence(a)}` : d.reason, assessment: a, decidedBy: d.by };
  }

  private audit(agent: string, a: Assessment | undefined, action: Action, d: Decision, cwd: string): void {
    const ok = recordDecision({
      agent,
      digest: a?.digest ?? '0'.repeat(64),
      summary: a?.summary ?? describeAction(action),
      level: a?.level ?? 'unknown',
      ...(a ? { requires: a.requires } : {}),
      decision: d.decision,
      decidedBy: { type: d.by },
      kind: action.kind,
      reason: d.reason,
      cwd,
      ...(a?.task ? { task: a.task.asked } : {}),
    });
    if (!ok) this.log.warn('audit: could not write the decision to the audit log');
  }

  /** Pending questions resolve to deny (the window is closing); their panels close with them. */
  dispose(): void {
    this.disposed = true;
    for (const q of [...this.pending.values()])
      q.settle({ decision: 'deny', reason: 'Blast Radius: the editor window closed before deciding; denied.', by: 'error' });
  }
}

export { REQUIREMENTS };
