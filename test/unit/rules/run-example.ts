// Runs a rule's example as the hook would judge it: the action through assess() with the
// example's facts and team policy, then, when the example carries what the person asked for,
// the task scope beside it. Shared by the registry test and the packs' structure test.
import { assess } from '../../../src/engine/assess';
import { resolvePolicy } from '../../../src/engine/policy';
import type { Assessment } from '../../../src/engine/schema';
import { applyTaskScope, classifyTask } from '../../../src/engine/task-scope';
import { exampleAction, exampleOf, type RuleExample } from '../../../src/engine/rules/types';

export function runExample(ex: string | RuleExample): Assessment {
  const e = exampleOf(ex);
  const policy = e.policy ? resolvePolicy(e.policy) : undefined;
  const action = exampleAction(e);
  const a = assess(action, { ...(e.facts ? { facts: e.facts } : {}), ...(policy ? { policy } : {}) });
  if (e.task === undefined) return a;
  return applyTaskScope(a, { ...classifyTask(e.task), text: e.task }, { ...(policy ? { policy } : {}), action });
}

export const findingsOf = (a: Assessment): string => a.findings.map((f) => `${f.rule}:${f.level}`).join(', ');
