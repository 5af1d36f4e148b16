// Read-only probes of the real machine. (Gathering is filled in by the facts work.)
import type { Action, Facts } from '../engine';

export interface GatherOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Total time budget in milliseconds. */
  budgetMs?: number;
}

export async function gatherFacts(_action: Action, opts: GatherOptions): Promise<Facts> {
  return { cwd: opts.cwd };
}
export { loadPolicy, findPolicyFile, POLICY_RELATIVE_PATH, type LoadedPolicy } from './policy-file';
