// The decision for one agent call, the same for every front end: the hook without an editor
// (src/cli/hook-local.ts) and the editor's gate (src/extension/gate.ts) both call `decide`, so the
// worst of several actions, the requirement, the two-person release and the task-scope raise
// cannot drift apart again. Pure: what needs I/O comes in as lookups the caller supplies
// (src/decision/call.ts supplies the real ones to both): the person's request, read from the
// agent's transcript, and an accepted approval in the audit ledger.
// What it does not decide: how a requirement is put to a person (a panel, the agent's own ask, a
// block naming the review commands) — each front end's wording; and a policy that cannot be read
// (no policy, no decision: both front ends deny before assessing anything).
import { sha256Hex } from './digest';
import type { ResolvedPolicy } from './policy';
import type { Action, Assessment, Level, Requirement } from './schema';
import type { TaskInput } from './task-scope';
import { LEVELS, REQUIREMENTS } from './vocab';

/** An accepted approval for a digest, released once (or why none was). */
export type Release = { released: true; reviewer: string; approvalId: string } | { released: false; reason?: string };

export interface DecideInput {
  /** The call's actions; `assessments[i]` is the engine's assessment of `actions[i]`. */
  actions: readonly Action[];
  assessments: readonly Assessment[];
  /** The policy the assessments were made with (its levels and rules decide a raised level's requirement). */
  policy: ResolvedPolicy;
  /** The person's request; asked for only when an action is above low and the policy lets it be read. */
  readTask?: () => TaskInput | undefined;
  /** Looks up and consumes an accepted approval for a digest; asked only when one can release the call. */
  release?: (digest: string) => Release;
}

/** What the call needs from a person when the policy alone does not settle it. */
export type AskRequirement = Extract<Requirement, 'confirm' | 'typed-confirm' | 'peer-review'>;

export type Outcome =
  /** The policy needs nothing. */
  | { kind: 'allow' }
  /** The policy forbids it. */
  | { kind: 'deny' }
  /** A second person's accepted approval released it, once. */
  | { kind: 'released'; reviewer: string; approvalId: string }
  /** A person must answer (peer-review: a second person); `refused` says why an accepted approval did not release it. */
  | { kind: 'ask'; requirement: AskRequirement; refused?: string };

export interface CallDecision {
  /** The assessments after the person's request was put beside them (raised, never lowered). */
  assessments: Assessment[];
  worstIndex: number;
  worst: Assessment;
  requirement: Requirement;
  level: Level;
  /** The call's identity: the action's digest, or one over every action's digest for several. */
  digest: string;
  /** The digest an approval must name to release the call, when one can. */
  releaseDigest?: string;
  outcome: Outcome;
}

const reqRank = (r: Requirement): number => REQUIREMENTS.indexOf(r);
const levelRank = (l: Level): number => LEVELS.indexOf(l);

/** The index of the assessment that needs the most, then the highest level; the first of equals. */
export function worstIndex(list: readonly Assessment[]): number {
  let worst = 0;
  for (let i = 1; i < list.length; i++) {
    const a = list[i]!;
    const w = list[worst]!;
    const dr = reqRank(a.requires) - reqRank(w.requires);
    if (dr > 0 || (dr === 0 && levelRank(a.level) > levelRank(w.level))) worst = i;
  }
  return worst;
}

/** Whether the person's request is read for this call: an action above low, and the policy allows reading it. */
export function wantsTask(assessments: readonly Assessment[], policy: Pick<ResolvedPolicy, 'task'>): boolean {
  return policy.task.read !== false && assessments.some((a) => a.level !== 'low');
}

/**
 * The two-person rule for a call: a peer approval names one action's digest, so it releases the
 * call only when the worst action needs peer review and every other action (another digest) needs
 * nothing. One rule for one action and for several.
 */
export function releaseDigestOf(assessments: readonly Assessment[], worst: number): string | undefined {
  const w = assessments[worst];
  if (!w || w.requires !== 'peer-review') return undefined;
  return assessments.every((a) => a.digest === w.digest || a.requires === 'none') ? w.digest : undefined;
}

/** One digest for the call (what the editor merges duplicate questions by). */
export function callDigest(assessments: readonly Assessment[]): string {
  return assessments.length === 1 ? assessments[0]!.digest : sha256Hex(assessments.map((a) => a.digest).join('\n'));
}

/**
 * The person's own settings as a floor under the team policy (the editor's `blastRadius.requires.*`,
 * only those the person set): a level they set is at least as strict as they set it, whatever the
 * team file says; a level they did not set is the policy's, as in the hook, which cannot see them.
 */
export function withPersonalFloor(policy: ResolvedPolicy, set: Partial<Record<Level, Requirement>>): ResolvedPolicy {
  const levels = { ...policy.levels };
  for (const level of LEVELS) {
    const mine = set[level];
    if (mine === undefined) continue;
    // The stricter of the two; a level the team does not name is the person's.
    levels[level] = REQUIREMENTS[Math.max(reqRank(mine), reqRank(policy.requires[level] ?? mine))]!;
  }
  return { ...policy, levels };
}

/** Worst of, requirement, task-scope raise and peer release for one call of one or more actions. */
export function decide(input: DecideInput): CallDecision {
  if (!input.assessments.length || input.assessments.length !== input.actions.length) {
    throw new Error(`decide: ${input.assessments.length} assessments for ${input.actions.length} actions`);
  }
  let assessments = [...input.assessments];
  if (input.readTask && wantsTask(assessments, input.policy)) {
    const task = input.readTask();
    if (task) {
      // Loaded only here: a low call never loads the classifier.
      const { applyTaskScope } = require('./task-scope') as typeof import('./task-scope');
      assessments = assessments.map((a, i) => (a.level === 'low' ? a : applyTaskScope(a, task, { policy: input.policy, action: input.actions[i]! })));
    }
  }
  const wi = worstIndex(assessments);
  const worst = assessments[wi]!;
  const releaseDigest = releaseDigestOf(assessments, wi);
  const base = {
    assessments,
    worstIndex: wi,
    worst,
    requirement: worst.requires,
    level: worst.level,
    digest: callDigest(assessments),
    ...(releaseDigest ? { releaseDigest } : {}),
  };
  switch (worst.requires) {
    case 'none':
      return { ...base, outcome: { kind: 'allow' } };
    case 'deny':
      return { ...base, outcome: { kind: 'deny' } };
    default: {
      const requirement = worst.requires;
      if (releaseDigest && input.release) {
        const r = input.release(releaseDigest);
        if (r.released) return { ...base, outcome: { kind: 'released', reviewer: r.reviewer, approvalId: r.approvalId } };
        return { ...base, outcome: { kind: 'ask', requirement, ...(r.reason ? { refused: r.reason } : {}) } };
      }
      return { ...base, outcome: { kind: 'ask', requirement } };
    }
  }
}
