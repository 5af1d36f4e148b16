// Verdicts both halves of the hook give (the light start-up path in hook.ts and the engine side in
// hook-local.ts), so a broken policy reads the same whichever half found it.
import type { Verdict } from './agents/types';

/** A team policy that cannot be read or parsed: nothing is allowed until it is fixed (one line). */
export function brokenPolicyVerdict(error: string): Verdict {
  const first = error.split('\n')[0]!;
  const reason = `Blast Radius: the team policy file is broken (${first}); nothing is allowed until it is fixed.`;
  return { decision: 'deny', agentReason: reason, userReason: reason, source: 'policy' };
}
