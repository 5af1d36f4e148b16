// The rule registry: every finding id the engine can raise, declared once with its level, class,
// meaning, safer alternative and examples. The shell packs declare their own rules next to the
// commands they read (analyzers/shell/packs); every other family declares its rules in a module of
// this folder named after its namespace. Nothing here is a second copy: RULES is those lists
// joined. Loading it loads every pack (the lazy ones too), so the hook's start-up path never
// imports this module; it is required where a rule is looked up (the CLI's `rules`, a policy that
// names rule ids, the safer alternative of a decision that stops the agent).
import { PACKS } from '../analyzers/shell/packs';
import { FAMILY_LOADERS } from './families';
import type { RuleDecl } from './types';

/** The families declared in this folder, by namespace (the registry test reads it). */
export const FAMILY_MODULES: Readonly<Record<string, readonly RuleDecl[]>> = Object.fromEntries(
  Object.entries(FAMILY_LOADERS).map(([ns, load]) => [ns, load()]),
);

const SOURCE = new Map<string, string>();
for (const [ns, list] of Object.entries(FAMILY_MODULES)) for (const r of list) SOURCE.set(r.id, `src/engine/rules/${ns}.ts`);
for (const p of PACKS) for (const r of p.rules) SOURCE.set(r.id, `the ${p.family} pack (src/engine/analyzers/shell/packs)`);

/** Every declared rule: the families of this folder, then the packs'. */
export const RULES: readonly RuleDecl[] = [...Object.values(FAMILY_MODULES).flat(), ...PACKS.flatMap((p) => p.rules)];

const BY_ID = new Map<string, RuleDecl>(RULES.map((r) => [r.id, r]));

export function ruleById(id: string): RuleDecl | undefined {
  return BY_ID.get(id);
}

/** Where a rule is declared, for people reading `blast-radius rules ID`. */
export function declaredIn(id: string): string {
  return SOURCE.get(id) ?? 'nowhere (not a declared rule)';
}
