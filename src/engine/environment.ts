// Which environment an action lands in: words in paths, names, contexts, profiles and workspaces
// matched against the policy's patterns token by token ("prod-eu-1" is prod, "products" is not).
import type { Environment, EnvironmentName, Facts } from './schema';
import type { ResolvedPolicy } from './policy';
import { globMatch } from './glob';

const ORDER: EnvironmentName[] = ['prod', 'staging', 'dev'];

export function environmentOfWord(word: string, policy: ResolvedPolicy): EnvironmentName | undefined {
  const tokens = word.toLowerCase().split(/[^a-z0-9*]+/).filter(Boolean);
  for (const env of ORDER) {
    const patterns = policy.envPatterns[env as 'prod' | 'staging' | 'dev'];
    for (const t of tokens) if (patterns.some((p) => globMatch(p, t))) return env;
  }
  return undefined;
}

/** Hints come from the action; facts add the live context (kube, AWS, Terraform, branch). */
export function detectEnvironment(hints: readonly string[], facts: Facts, policy: ResolvedPolicy): Environment {
  const found: Record<string, string[]> = { prod: [], staging: [], dev: [] };
  const add = (source: string, word: string | undefined) => {
    if (!word) return;
    const env = environmentOfWord(word, policy);
    if (env && env !== 'unknown') {
      const line = `${source} ${word}`;
      if (!found[env]!.includes(line)) found[env]!.push(line);
    }
  };
  for (const h of hints) add('name', h);
  add('kube context', facts.kube?.context);
  add('kube namespace', facts.kube?.namespace);
  add('AWS profile', facts.aws?.profile);
  add('Terraform workspace', facts.terraform?.workspace);
  for (const env of ORDER) {
    if (found[env]!.length) return { name: env, evidence: found[env]!.slice(0, 5) };
  }
  return { name: 'unknown', evidence: [] };
}
