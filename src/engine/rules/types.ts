// The shape of a rule declaration: every finding id the engine can raise is declared once, with
// its usual level and class, a one-line meaning, a safer alternative the agent can act on, and
// examples that fire it and harmless look-alikes that do not (the registry test runs them).
import type { Action, ActionClass, Facts, Level, PolicyInput } from '../schema';
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
  /** The team policy the example runs under (protected paths, names and branches). */
  policy?: PolicyInput;
  /** What the person asked for, as the hook reads it from the agent's transcript. */
  task?: string;
}

export interface RuleDecl {
  /** Stable, namespaced: `path.delete-recursive`, `orm.db-reset`, `guard.hook-settings`. */
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
  /**
   * Why no example fires it: only a defensive fallback raises it (an analyzer failing on a
   * statement). Such a rule has no `fires`; the registry test lists them by name.
   */
  defensive?: string;
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

/** An example as a whole example (a bare string is a shell command). */
export const exampleOf = (ex: string | RuleExample): RuleExample => (typeof ex === 'string' ? { command: ex } : ex);

/** The action an example stands for (never validated: a malformed action is an example too). */
export function exampleAction(ex: string | RuleExample): Action {
  const e = exampleOf(ex);
  if (e.action !== undefined) return e.action as Action;
  const text = e.text ?? '';
  switch (e.kind ?? 'shell') {
    case 'shell':
      return { kind: 'shell', command: e.command ?? text, ...(e.cwd ? { cwd: e.cwd } : {}) };
    case 'sql':
      return { kind: 'sql', statement: text };
    case 'plan':
      return { kind: 'plan', text };
    case 'kubernetes':
      return { kind: 'kubernetes', manifests: text };
    case 'terraformPlan':
      return { kind: 'terraformPlan', plan: parseOrText(text) };
    case 'cloudformationChangeSet':
      return { kind: 'cloudformationChangeSet', changeSet: parseOrText(text) };
    case 'fileDelete':
      return { kind: 'fileDelete', paths: [text] };
    default:
      return { kind: 'plan', text };
  }
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** An example in one line, for lists and test names: the command or text as written, else its JSON. */
export function exampleText(ex: string | RuleExample, max = 160): string {
  const e = exampleOf(ex);
  const a = e.action as { kind?: string; path?: string; paths?: string[]; tool?: string } | undefined;
  let s: string;
  if (e.command !== undefined) s = e.command;
  else if (e.text !== undefined) s = `${e.kind ?? 'shell'}: ${e.text}`;
  else if (a?.kind === 'fileWrite' || a?.kind === 'fileEdit') s = `${a.kind} ${a.path ?? ''}: ${JSON.stringify(e.action)}`;
  else s = JSON.stringify(e.action) ?? '';
  const extra = [e.task !== undefined && `asked: "${e.task}"`, e.policy && `policy: ${JSON.stringify(e.policy)}`, e.facts && 'with facts']
    .filter(Boolean)
    .join('; ');
  const one = s.replace(/\s*\n\s*/g, ' ⏎ ');
  const out = extra ? `${one}  (${extra})` : one;
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}
