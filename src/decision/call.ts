// One way to decide an agent call, for the hook without an editor (src/cli/hook-local.ts) and the
// editor's gate (src/extension/gate.ts): facts gathered for every action with the policy the caller
// loaded and the guard's run-time locations (guard-paths.ts: this process's, the asker's, the
// transcript), the engine's assessment of each, then the engine's decide() with the real lookups:
// the person's request read from the transcript (only when decide asks: an action above low and
// the policy allows it), and an accepted approval consumed from the audit ledger (only when it can
// release the call; the signers that count are the committed ones, resolved inside
// consumeApproval: review/signers.ts). Each front end only words the outcome.
// What it does not do: load the policy (a broken one is each front end's deny, before this), or ask
// a person.
import type { Action, Assessment, Facts, ResolvedPolicy } from '../engine';
import { assess } from '../engine/assess';
import { type CallDecision, type Release, decide } from '../engine/decision';
import type { TaskInput } from '../engine/task-scope';
import { gatherFacts } from '../facts';
import { runtimeGuardPaths, transcriptGuard } from './guard-paths';

export interface AssessOptions {
  cwd: string;
  policy: ResolvedPolicy;
  /** Most time for the facts' git and context probes, per action. */
  budgetMs: number;
  /** The folder this process's code runs from (its own guard location). */
  ownDir: string;
  /** Guard locations the asker sent (the hook's, when it asks the editor): they can only add. */
  guardPaths?: readonly string[];
  /** The agent's transcript (a path): a guard location, and where the request is read from. */
  transcript?: string;
  env?: NodeJS.ProcessEnv;
}

export interface CallOptions extends AssessOptions {
  /** The agent whose transcript it is (its format). */
  agent: string;
  /** Who the audit ledger names when an approval is consumed ('hook', 'editor'). */
  releasedBy: string;
  /** Told when the transcript could not be read, and when an accepted approval was refused. */
  log?: (line: string) => void;
}

export interface AssessedCall {
  assessments: Assessment[];
  /** The facts in plain words, per action (the editor's panel shows the worst one's). */
  notes: string[][];
}

/** Facts and the engine's assessment for each action, the same way in every front end. */
export async function assessActions(actions: readonly Action[], o: AssessOptions): Promise<AssessedCall> {
  const env = o.env ?? process.env;
  const guardPaths = [...new Set([...runtimeGuardPaths(env, o.ownDir), ...(o.guardPaths ?? []), ...transcriptGuard(o.transcript)])];
  const assessments: Assessment[] = [];
  const notes: string[][] = [];
  for (const action of actions) {
    // gatherFacts never throws: a probe that fails is listed in the facts' `incomplete`.
    const facts: Facts = await gatherFacts(action, { cwd: o.cwd, budgetMs: o.budgetMs, policy: o.policy, guardPaths, env });
    assessments.push(assess(action, { facts, policy: o.policy }));
    notes.push(facts.notes ?? []);
  }
  return { assessments, notes };
}

/** The person's request from the transcript, read when decide() asks for it. */
export function taskReader(transcript: string | undefined, agent: string, log?: (line: string) => void): (() => TaskInput | undefined) | undefined {
  if (!transcript) return undefined;
  return () => {
    const { taskInputFrom } = require('../facts/transcript') as typeof import('../facts/transcript');
    const { input, read } = taskInputFrom(transcript, agent);
    if (read.problem) log?.(`task: ${read.problem} (${transcript})`);
    return input;
  };
}

/** Consumes an accepted approval for a digest from the audit ledger (review/approval.ts). */
export function approvalRelease(cwd: string, releasedBy: string, env?: NodeJS.ProcessEnv): (digest: string) => Release {
  return (digest) => {
    const { consumeApproval } = require('../review/approval') as typeof import('../review/approval');
    const r = consumeApproval(digest, { cwd, audit: { agent: releasedBy }, ...(env ? { env } : {}) });
    if (r.released) return { released: true, reviewer: r.approval.reviewer, approvalId: r.approvalId };
    return { released: false, ...(r.reason ? { reason: r.reason } : {}) };
  };
}

/** Assesses every action of a call and decides it (engine/decision.ts). */
export async function decideCall(actions: readonly Action[], o: CallOptions): Promise<{ decision: CallDecision; notes: string[][] }> {
  const { assessments, notes } = await assessActions(actions, o);
  const readTask = taskReader(o.transcript, o.agent, o.log);
  const decision = decide({
    actions,
    assessments,
    policy: o.policy,
    ...(readTask ? { readTask } : {}),
    release: approvalRelease(o.cwd, o.releasedBy, o.env),
  });
  if (decision.outcome.kind === 'ask' && decision.outcome.refused)
    o.log?.(`peer review: an accepted approval for ${decision.releaseDigest!.slice(0, 12)} was not released: ${decision.outcome.refused}`);
  return { decision, notes };
}
