// The shape of a rule declaration: every finding id the engine can raise is declared once, with
// its usual level and class, a one-line meaning, a safer alternative the agent can act on, and
// examples that fire it and harmless look-alikes that do not (the registry test runs them).
import type { ActionClass, Facts, Level } from '../schema';
import type { ActionKind } from '../vocab';

export interface RuleExample {
  /** A shell command (the default), or another kind of action given as its text / JSON. */
  command?: string;
  kind?: ActionKind;
  /** For non-shell kinds: the action's main text (plan text, SQL, manifest YAML, JSON of a plan). */
  text?: string;
  /** A whole Action as JSON, for kinds whose text alone says too little (file writes, tool calls). */
  action?: unknown;
  cwd?: string;
  /** Facts the example needs (a script's text, a path that exists). */
  facts?: Facts;
}

export interface RuleDecl {
  /** Stable, namespaced: `shell.rm-recursive`, `orm.db-reset`, `guard.hook-settings`. */
  id: string;
  /** The level of the first `fires` example; the level can vary with what the action reaches. */
  level: Level;
  cls: ActionClass;
  /** What it means, in one line a developer reads in two seconds. */
  meaning: string;
  /** What to do instead: a narrower, previewable or reversible way the agent can take itself. */
  alternative: string;
  /** Actions that raise this rule (the first at `level`). */
  fires: (string | RuleExample)[];
  /** Harmless look-alikes that must not raise it. */
  quiet: (string | RuleExample)[];
}

/** Short form for pack tables: `rule('id', 'high', 'destructive', meaning, alternative, fires, quiet)`. */
export function rule(
  id: string,
  level: Level,
  cls: ActionClass,
  meaning: string,
  alternative: string,
  fires: (string | RuleExample)[],
  quiet: (string | RuleExample)[] = [],
): RuleDecl {
  return { id, level, cls, meaning, alternative, fires, quiet };
}
