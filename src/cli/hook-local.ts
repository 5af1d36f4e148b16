// The hook's decision when no editor answers: the team policy read in full (from the text the
// start-up path already read), the one decision path every front end shares (src/decision/call.ts:
// facts, the engine, engine/decision.ts) and the agent-facing wording of its outcome, with the
// deciding rule's safer alternative when it stops the agent. This is the heavy half of the hook
// (engine, zod, parsers); it is loaded only on this path, as dist/hook-local.js next to
// dist/hook.js, or lazily inside dist/cli.js.
import type { Assessment } from '../engine';
import type { CallDecision } from '../engine/decision';
import { saferSentence } from '../engine/rules/safer';
import { decideCall } from '../decision/call';
import { DEFAULT_BUDGET_MS, loadPolicy, type PolicySource } from '../facts';
import { type EarlyGit, runGitWaiting, useEarlyGit } from '../facts/exec';
import { extraNote } from './hook-extra';
import type { ParsedCall, Verdict } from './agents/types';
import { brokenPolicyVerdict } from './verdicts';

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
  /** The policy file and text the start-up path read (not read again). */
  policySource?: PolicySource;
  /** Git runs the start-up path began while this half loaded (facts/git-early.ts). */
  earlyGit?: EarlyGit;
}

export async function decideLocally(call: ParsedCall, opts: LocalOptions): Promise<{ verdict: Verdict; assessment?: Assessment }> {
  // This process is the one tool call: git is waited for rather than run in the background.
  runGitWaiting();
  useEarlyGit(opts.earlyGit);
  const loaded = loadPolicy(call.cwd, undefined, opts.policySource);
  if (!loaded.ok) return { verdict: brokenPolicyVerdict(loaded.error) };
  const { decision } = await decideCall(call.actions, {
    cwd: call.cwd,
    policy: loaded.policy,
    budgetMs: Math.min(DEFAULT_BUDGET_MS, opts.budgetMs),
    ownDir: __dirname,
    ...(opts.transcript ? { transcript: opts.transcript } : {}),
    agent: opts.agent ?? '',
    releasedBy: 'hook',
  });
  // An approval was there but refused: the person learns why (the check that failed).
  const refused = decision.outcome.kind === 'ask' ? decision.outcome.refused : undefined;
  const note = [opts.note, extraNote(), refused && `an accepted approval was refused: ${refused}`].filter(Boolean).join('; ');
  return { verdict: verdictOf(decision, opts.canAsk, note || undefined), assessment: decision.worst };
}

const NEEDS: Record<Exclude<CallDecision['requirement'], 'none' | 'deny'>, string> = {
  confirm: "a person's confirmation",
  'typed-confirm': 'a typed confirmation from a person',
  'peer-review': "a second person's review",
};

/**
 * The decision in the agent's terms, without an editor: allow → allow; deny → deny; released by a
 * second person's approval → allow (by the reviewer); a person's answer → the agent's ask when it
 * reaches a person, else deny; a second person's → deny, naming the review commands.
 */
export function verdictOf(d: CallDecision, canAsk: boolean, note?: string): Verdict {
  const a = d.worst;
  // A mismatch with the person's request is said where the level is (the agent wrote that request's
  // transcript, so it learns nothing new; the person reads why it is wider than asked).
  const scope = a.task?.agreement === 'mismatch' ? ` — not what the person asked for ('${a.task.asked}')` : '';
  const head = `Blast Radius: ${a.level} — ${a.summary.replace(/\.$/, '')}${scope}`;
  const o = d.outcome;
  const noted = note ? ` (${note})` : '';
  // An allow carries no message to the agent, but the audit line keeps the note (an editor that was not trusted).
  if (o.kind === 'allow') return { decision: 'allow', agentReason: `${head}.${noted}`, userReason: `${head}.${noted}`, source: 'policy' };
  if (o.kind === 'released') {
    const reason = `${head}. Released once by ${o.reviewer}'s signed approval (${o.approvalId}).`;
    return { decision: 'allow', agentReason: reason, userReason: reason, source: 'reviewer', reviewer: o.reviewer };
  }
  // Only an answer that stops the agent names the deciding rule's safer alternative (an allow looks nothing up).
  const tail = `${saferSentence(a)}${noted}`;
  if (o.kind === 'deny') {
    return {
      decision: 'deny',
      agentReason: `${head}. The team policy forbids this: do not retry it; ask the user, or find a narrower way.${tail}`,
      userReason: `${head}. Denied by the team policy.${tail}`,
      source: 'policy',
    };
  }
  const needs = NEEDS[o.requirement];
  const target = a.confirmTarget ? ` (${a.confirmTarget})` : '';
  if (o.requirement === 'peer-review') {
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
