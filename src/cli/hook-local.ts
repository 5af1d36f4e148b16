// The hook's decision when no editor answers: gather facts (within a budget), assess every action
// with the engine, take the worst, and decide by the policy alone. This is the heavy half of the
// hook (engine, zod, parsers); it is loaded only on this path, as dist/hook-local.js next to
// dist/hook.js, or lazily inside dist/cli.js.
import type { Assessment, Requirement, ResolvedPolicy } from '../engine';
import { assess } from '../engine/assess';
import { saferSentence } from '../engine/rules/safer';
import { LEVELS, REQUIREMENTS } from '../engine/vocab';
import { DEFAULT_BUDGET_MS, gatherFacts, loadPolicy } from '../facts';
import type { ParsedCall, Verdict } from './agents/types';

export interface LocalOptions {
  /** The agent's own "ask" reaches a person. */
  canAsk: boolean;
  /** Most time for gathering facts, per action (the facts' own default when it is smaller). */
  budgetMs: number;
  /** Why the editor was not used, when one was found but failed. */
  note?: string;
  /** The agent's transcript: the person's request is read from it when an action is above low. */
  transcript?: string;
  /** The agent (how the transcript is named to the person). */
  agent?: string;
}

export async function decideLocally(call: ParsedCall, opts: LocalOptions): Promise<{ verdict: Verdict; assessment?: Assessment }> {
  const loaded = loadPolicy(call.cwd);
  if (!loaded.ok) {
    const first = loaded.error.split('\n')[0]!;
    const reason = `Blast Radius: the team policy file is broken (${first}); nothing is allowed until it is fixed.`;
    return { verdict: { decision: 'deny', agentReason: reason, userReason: reason, source: 'policy' } };
  }
  let assessments: Assessment[] = [];
  for (const action of call.actions) {
    const facts = await gatherFacts(action, { cwd: call.cwd, budgetMs: Math.min(DEFAULT_BUDGET_MS, opts.budgetMs), policy: loaded.policy, guardPaths: [...hookGuardPaths(), ...transcriptGuard(opts.transcript)] });
    assessments.push(assess(action, { facts, policy: loaded.policy }));
  }
  if (opts.transcript) assessments = withTask(assessments, call, opts.transcript, opts.agent ?? '', loaded.policy);
  const worst = worstOf(assessments);
  const released = releasedByReview(worst, assessments, call.cwd);
  if (released?.verdict) return { verdict: released.verdict, assessment: worst };
  // An approval was there but refused: the person learns why (the check that failed).
  const note = [opts.note, released?.refused && `an accepted approval was refused: ${released.refused}`].filter(Boolean).join('; ');
  return { verdict: verdictFromPolicy(worst, opts.canAsk, note || undefined), assessment: worst };
}

/**
 * The two-person rule without an editor: when a second person's signed approval was accepted for
 * exactly this action (same digest), the identical action runs once within the approval's lifetime.
 * Only when the approved action is the only one in the call that needs anything.
 */
function releasedByReview(worst: Assessment, all: Assessment[], cwd: string): { verdict?: Verdict; refused?: string } | undefined {
  if (worst.requires !== 'peer-review') return undefined;
  if (all.some((a) => a.requires !== 'none' && a.digest !== worst.digest)) return undefined;
  const { consumeApproval } = require('../review/approval') as typeof import('../review/approval');
  // The signers that count are the committed ones (resolved inside, as for accept and the editor).
  const r = consumeApproval(worst.digest, { cwd });
  if (!r.released) return r.reason ? { refused: r.reason } : undefined;
  const who = r.approval.reviewer;
  const reason = `Blast Radius: ${worst.level} — ${worst.summary.replace(/\.$/, '')}. Released once by ${who}'s signed approval (${r.approvalId}).`;
  return { verdict: { decision: 'allow', agentReason: reason, userReason: reason, source: 'reviewer', reviewer: who } };
}

/**
 * The person's request beside the assessments (task-scope.ts): read only when one of them is above
 * low and the policy allows it; it can raise a level, never lower one. Loaded lazily: a low call
 * neither reads the transcript nor loads the reader.
 */
function withTask(assessments: Assessment[], call: ParsedCall, transcript: string, agent: string, policy: ResolvedPolicy): Assessment[] {
  if (!assessments.some((a) => a.level !== 'low') || policy.task?.read === false) return assessments;
  const { taskInputFrom } = require('../facts/transcript') as typeof import('../facts/transcript');
  const { applyTaskScopeAll } = require('../engine/task-scope') as typeof import('../engine/task-scope');
  const { input } = taskInputFrom(transcript, agent);
  return input ? applyTaskScopeAll(assessments, call.actions, input, policy) : assessments;
}

/** The assessment that needs the most (then the highest level). */
export function worstOf(list: Assessment[]): Assessment {
  let worst = list[0]!;
  for (const a of list.slice(1)) {
    const dr = REQUIREMENTS.indexOf(a.requires) - REQUIREMENTS.indexOf(worst.requires);
    if (dr > 0 || (dr === 0 && LEVELS.indexOf(a.level) > LEVELS.indexOf(worst.level))) worst = a;
  }
  return worst;
}

const NEEDS: Record<Exclude<Requirement, 'none' | 'deny'>, string> = {
  confirm: "a person's confirmation",
  'typed-confirm': 'a typed confirmation from a person',
  'peer-review': "a second person's review",
};

/** Policy alone (no editor): none → allow; deny → deny; anything else → the agent's ask, or deny. */
export function verdictFromPolicy(a: Assessment, canAsk: boolean, note?: string): Verdict {
  // A mismatch with the person's request is said where the level is (the agent wrote that request's
  // transcript, so it learns nothing new; the person reads why it is wider than asked).
  const scope = a.task?.agreement === 'mismatch' ? ` — not what the person asked for ('${a.task.asked}')` : '';
  const head = `Blast Radius: ${a.level} — ${a.summary.replace(/\.$/, '')}${scope}`;
  const tail = `${a.requires === 'none' ? '' : saferSentence(a)}${note ? ` (${note})` : ''}`;
  // An allow carries no message to the agent, but the audit line keeps the note (an editor that was not trusted).
  if (a.requires === 'none') return { decision: 'allow', agentReason: `${head}.${tail}`, userReason: `${head}.${tail}`, source: 'policy' };
  if (a.requires === 'deny') {
    return {
      decision: 'deny',
      agentReason: `${head}. The team policy forbids this: do not retry it; ask the user, or find a narrower way.${tail}`,
      userReason: `${head}. Denied by the team policy.${tail}`,
      source: 'policy',
    };
  }
  const needs = NEEDS[a.requires];
  const target = a.confirmTarget ? ` (${a.confirmTarget})` : '';
  if (a.requires === 'peer-review') {
    // The two-person rule: the agent's own "ask" reaches only the one person at the keyboard, so
    // without an editor a critical action waits for a second person's signed approval instead.
    return {
      decision: 'deny',
      agentReason: `${head}. It needs ${needs}: do not retry it as is. Ask the user to run 'blast-radius review request' for it and send the link to a reviewer; once the approval is accepted ('blast-radius review accept'), the identical action is allowed once.${tail}`,
      userReason: `${head}${target}. Denied: needs ${needs} (blast-radius review request / approve / accept).${tail}`,
      source: 'policy',
    };
  }
  if (canAsk) {
    // The ask's reason is read by the person in the agent's prompt, and by the model wherever the
    // agent turns an ask into a denial (Claude Code -p, Copilot -p): one sentence for both.
    return {
      decision: 'ask',
      agentReason: `${head}. It needs ${needs} before it runs.${tail}`,
      userReason: `${head}${target}. It needs ${needs} before it runs. If it is refused, do not retry it as is: ask the user to run it themselves, or find a narrower way.${tail}`,
      source: 'policy',
    };
  }
  return {
    decision: 'deny',
    agentReason: `${head}. Blocked: it needs ${needs} and no Blast Radius editor is open on this folder to ask in. Do not retry it as is: ask the user to run it themselves, or find a narrower way (look first: list, dry-run, diff).${tail}`,
    userReason: `${head}${target}. Denied: needs ${needs} and no Blast Radius editor is listening.${tail}`,
    source: 'policy',
  };
}

/**
 * Where this hook lives and what it trusts, when only known at run time: its own folder (the
 * checkout's dist/, a global node_modules/blast-radius, a root-owned system copy), the audit log's
 * folder and the bridge folder, wherever environment variables put them. Effects on them are
 * guard tampering like those on the fixed locations in the engine's table.
 */
/** The transcript the request is read from is the guard's too: a forged request would read "You asked for this". */
function transcriptGuard(path: string | undefined): string[] {
  return path && /^\/(?!dev\/|proc\/|sys\/)[^\0]+\.jsonl$/.test(path) ? [path] : [];
}

export function hookGuardPaths(env: NodeJS.ProcessEnv = process.env): string[] {
  const { defaultAuditFile, fallbackDirOf, headFileOf, lockFileOf, spoolDirOf } = require('../audit') as typeof import('../audit');
  const { defaultBridgeDir } = require('../bridge/paths') as typeof import('../bridge/paths');
  const audit = defaultAuditFile(env);
  // The audit log's own files, not its folder: a log moved next to a project must not make the
  // project a guard asset (deleting the folder that holds the log is still caught: `within`).
  const out = [__dirname, audit, headFileOf(audit), lockFileOf(audit), spoolDirOf(audit), fallbackDirOf(audit), defaultBridgeDir(env)];
  if (env.BLAST_RADIUS_CACHE_DIR) out.push(env.BLAST_RADIUS_CACHE_DIR);
  return [...new Set(out)];
}
