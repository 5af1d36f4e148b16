// Looking rules up without loading the whole registry. The registry (registry.ts) loads every rule
// module and every pack, the lazy ones too; the hook looks rules up on its own path — the safer
// alternative of a stopped action, the rule ids a team policy names, on every call — so these
// load in order of likelihood and stop at the first hit: the rule module of the id's namespace,
// the packs already loaded (a pack's rule is raised only after it judged the command), then the
// rest, one at a time.
import type { Pack } from '../analyzers/shell/packs/kit';
import { FAMILY_LOADERS } from './families';
import type { RuleDecl } from './types';

const packs = (): readonly Pack[] => (require('../analyzers/shell/packs') as typeof import('../analyzers/shell/packs')).PACKS;
const isLoaded = (p: Pack): boolean => !('isLoaded' in p) || (p as { isLoaded(): boolean }).isLoaded();

/** Rule lists in the order to search them, each produced (and loaded) only when reached. */
function* lists(ns: string | undefined): Generator<readonly RuleDecl[]> {
  if (ns !== undefined && Object.hasOwn(FAMILY_LOADERS, ns)) yield FAMILY_LOADERS[ns]!();
  const all = packs();
  for (const p of all) if (isLoaded(p)) yield p.rules;
  for (const [name, load] of Object.entries(FAMILY_LOADERS)) if (name !== ns) yield load();
  for (const p of all) if (!isLoaded(p)) yield p.rules;
}

/** The declaration of `id`, if any. */
export function declaration(id: string): RuleDecl | undefined {
  const ns = id.slice(0, id.indexOf('.'));
  for (const list of lists(ns)) {
    const r = list.find((x) => x.id === id);
    if (r) return r;
  }
  return undefined;
}

/** Whether any declared rule's id passes `test`; `ns` is the namespace to look in first. */
export function someRule(test: (id: string) => boolean, ns?: string): boolean {
  for (const list of lists(ns)) if (list.some((r) => test(r.id))) return true;
  return false;
}
