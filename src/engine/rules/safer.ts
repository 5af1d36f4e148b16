// The safer alternative of an assessment, for the agent and the person: the declared alternative
// of the finding that decides the level (the first at the assessment's level, as assess() sorts
// them), skipping rules whose alternative is "none needed". The hook's deny / ask reason and the
// decision panel show it, so a stopped agent learns what it can do instead ("`terraform plan
// -destroy` first") rather than only that it was stopped.
// Only a decision that stops the agent (never an allowed call) looks an alternative up, and the
// lookup (lookup.ts) loads no more than it needs: the rule module of the finding's namespace, or
// the pack that raised it (loaded already, since it judged the command).
import type { Assessment } from '../schema';
import { RAISE_RULES } from '../vocab';
import { declaration } from './lookup';

export interface Safer {
  /** The rule whose alternative it is. */
  rule: string;
  text: string;
}

const NOTHING = /^none needed\b/i;

export function saferAlternative(a: Pick<Assessment, 'findings' | 'level'>): Safer | undefined {
  // The finding that decides the level first; a raise (production, the teardown floor) only after
  // the findings it raised, whose alternative is the tool's own ("`terraform plan -destroy` first").
  const findings = a.findings ?? [];
  const own = findings.filter((f) => !RAISE_RULES.has(f.rule));
  const ranked = [...own.filter((f) => f.level === a.level), ...own.filter((f) => f.level !== a.level), ...findings.filter((f) => RAISE_RULES.has(f.rule))];
  for (const f of ranked) {
    const text = declaration(f.rule)?.alternative;
    if (text && !NOTHING.test(text)) return { rule: f.rule, text };
  }
  return undefined;
}

/** The alternative as one sentence to append to a reason (" Safer: …."), or nothing. */
export function saferSentence(a: Pick<Assessment, 'findings' | 'level'>): string {
  const s = saferAlternative(a);
  return s ? ` Safer: ${s.text.replace(/[.\s]+$/, '')}.` : '';
}
