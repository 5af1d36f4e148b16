// Shared shapes between the shell walker (analyze.ts) and the verb rules (packs/, interp.ts,
// pwsh.ts): one argument of a command as the analysis sees it, one invocation, and the sink the
// rules report into.
import type { Action, Finding, ShellDialect, Target } from '../../schema';
import type { Analysis, AnalyzerContext, ContextUse } from '../../analysis';
import { clip } from '../../analysis';
import type { Where } from '../../effects/where';
import type { Effect, FindingSpec } from '../../effects/types';

export interface Arg {
  /** The static value when it has no run-time expansion. */
  value?: string;
  /** The value with expansions as `${NAME}` / `$(…)` placeholders. */
  shape: string;
  /** Unquoted glob characters in the word. */
  glob: boolean;
}

/** What flows into a command's standard input. */
export type Stdin =
  | { kind: 'none' }
  | { kind: 'text'; text: string; from: string }
  | { kind: 'network'; from: string }
  | { kind: 'decoded'; from: string }
  | { kind: 'unknown'; from: string };

export interface Invocation {
  args: Arg[];
  /** The command as written, for evidence. */
  evidence: string;
  sudo: boolean;
  stdin: Stdin;
  /** `VAR=x cmd` prefix assignments. */
  env: Map<string, string | null>;
  /** Wrappers seen on the way (`sudo`, `xargs`, `bash -c`…), outermost first. */
  via: string[];
  dialect: ShellDialect;
}

export type { FindingSpec };

export interface Sink {
  readonly ctx: AnalyzerContext;
  readonly analysis: Analysis;
  add(inv: Invocation, f: FindingSpec): void;
  /** What the command does to paths: judged by the one effects judge (effects/judge.ts). */
  effects(inv: Invocation, effects: Effect[], opts?: { guardOnly?: boolean }): void;
  /** Classifies a path argument against the current directory. */
  where(shape: string): Where;
  /** Analyses a command line held inside this one (bash -c, eval, ssh host cmd). */
  nestedShell(command: string, inv: Invocation, via: string, dialect?: ShellDialect): void;
  nested(action: Action, via: string): void;
  /** Names a path the command reaches without a finding of its own (a script it runs). */
  target(t: Target): void;
  /**
   * The text of a file the command would run: written earlier in this command (a heredoc into
   * x.sh), or read by facts. `undefined` when no facts were gathered (the engine alone).
   */
  scriptSource(shape: string): ScriptSource | undefined;
  dispatch(inv: Invocation): void;
  hint(source: string, value: string): void;
  context(c: ContextUse): void;
  /** The command does more than read. */
  mutates(): void;
  /** An alias this command defines, for the commands after it. */
  defineAlias(name: string, value: string): void;
}

/** A script's text as far as it is known: `problem` says why it is not. */
export interface ScriptSource {
  content?: string;
  problem?: 'missing' | 'unreadable' | 'too-large' | 'not-a-file' | 'binary' | 'unknown';
  /** Absolute path, when known. */
  resolved?: string;
}

export const argText = (a: Arg | undefined): string => (a ? (a.value ?? a.shape) : '');
export const staticArg = (value: string): Arg => ({ value, shape: value, glob: false });
export type { Finding };

/** clip() that looks only at the start of the text: evidence from a 1 MB command stays cheap. */
export function ev(text: string, max = 200): string {
  // Asked again and again for the same text (every invocation of a one-line command is evidenced
  // by the whole line): the last answer is kept.
  if (text === lastEv.text && max === lastEv.max) return lastEv.out;
  const out = clip(text.length > max * 4 ? text.slice(0, max * 4) : text, max);
  lastEv = { text, max, out };
  return out;
}
let lastEv = { text: '', max: 200, out: '' };
