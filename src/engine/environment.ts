// Which environment an action lands in: words in paths, names, contexts, profiles and workspaces
// matched against the policy's patterns token by token ("prod-eu-1" is prod, "products" is not).
import type { Environment, EnvironmentName } from './schema';
import type { EnvHint } from './analysis';
import type { ResolvedPolicy } from './policy';
import { globMatch } from './glob';
import { BoundedMemo } from './memo';

const ORDER: EnvironmentName[] = ['prod', 'staging', 'dev'];

/** Answers by word, per policy (a pure function of both; plans and envWords ask for the same words again and again). */
let BY_POLICY = new WeakMap<ResolvedPolicy, BoundedMemo<EnvironmentName | undefined>>();

/** For benchmarks: start from nothing known, as a fresh hook process does. */
export function forgetEnvironmentWords(): void {
  BY_POLICY = new WeakMap();
}

export function environmentOfWord(word: string, policy: ResolvedPolicy): EnvironmentName | undefined {
  let memo = BY_POLICY.get(policy);
  if (!memo) BY_POLICY.set(policy, (memo = new BoundedMemo<EnvironmentName | undefined>()));
  return memo.get(word, () => environmentOfWordOnce(word, policy));
}

function environmentOfWordOnce(word: string, policy: ResolvedPolicy): EnvironmentName | undefined {
  const tokens = word
    .toLowerCase()
    .split(/[^a-z0-9*]+/)
    .filter(Boolean);
  for (const env of ORDER) {
    const patterns = policy.envPatterns[env as 'prod' | 'staging' | 'dev'];
    for (const t of tokens) if (patterns.some((p) => globMatch(p, t))) return env;
  }
  return undefined;
}

/**
 * Hints come from the action (paths, names, explicit --context/--profile flags) and from facts
 * folded in for the live systems the action reaches (never from facts alone: `ls` is not prod
 * because the kube context is).
 */
export function detectEnvironment(hints: readonly EnvHint[], policy: ResolvedPolicy): Environment {
  const found: Record<string, string[]> = { prod: [], staging: [], dev: [] };
  for (const h of hints) {
    const env = environmentOfWord(h.value, policy);
    if (env && env !== 'unknown') {
      const line = `${h.source} ${h.value}`;
      if (!found[env]!.includes(line)) found[env]!.push(line);
    }
  }
  for (const env of ORDER) {
    if (found[env]!.length) return { name: env, evidence: found[env]!.slice(0, 5) };
  }
  return { name: 'unknown', evidence: [] };
}
