// What every tool pack is made of: a handler per command name (code only where a table cannot
// say it), tables of subcommands for the tools whose knowledge is data, and the rules the pack
// declares. Shared helpers for the packs live here, so that no pack imports another.
import type { ActionClass, Level, Reversibility, Target } from '../../../schema';
import type { RuleDecl } from '../../../rules/types';
import { type Arg, type FindingSpec, type Invocation, type Sink, argText, ev } from '../types';
import { parseOpts } from '../opts';
import type { PathClass } from '../../../effects/where';

export type Handler = (inv: Invocation, s: Sink, rest: Arg[], name: string) => void;

export interface Pack {
  /** The family, as `npm run eval` reports it: files, git, iac, cloud, kubernetes… */
  family: string;
  /** What the pack covers and what it does not catch, in two or three lines. */
  covers: string;
  /** Command names (lower-case, no path, no .exe) → handler. */
  commands: Record<string, Handler>;
  rules: RuleDecl[];
}

export const f = (rule: string, level: Level, message: string, cls: ActionClass, rev: Reversibility, targets?: Target[]): FindingSpec =>
  targets ? { rule, level, message, cls, rev, targets } : { rule, level, message, cls, rev };

/** The name a command is known by: no directory, lower case, no `.exe`; `python3.12` is `python3`. */
export function commandName(value: string): string {
  let n = value.replace(/\\/g, '/');
  n = n.slice(n.lastIndexOf('/') + 1).toLowerCase();
  n = n.replace(/\.exe$/, '');
  if (/^python\d(\.\d+)?$/.test(n)) n = 'python3';
  return n;
}

/** Re-dispatches the command a wrapper runs. */
export function again(inv: Invocation, s: Sink, args: Arg[], via: string, extra: Partial<Invocation> = {}): void {
  if (args.length === 0) return;
  s.dispatch({ ...inv, args, via: [...inv.via, via], ...extra });
}

export function names(args: Arg[]): string {
  const list = args.map(argText);
  return list.length <= 3 ? list.join(', ') : `${list.slice(0, 3).join(', ')} and ${list.length - 3} more`;
}

export const CLASS_RANK: PathClass[] = [
  'temp',
  'regenerable',
  'workspace',
  'cwd-all',
  'unknown',
  'outside',
  'home-sub',
  'system-sub',
  'system',
  'home',
  'root',
];

export function worstClass(s: Sink, args: Arg[]): PathClass | undefined {
  let worst: PathClass | undefined;
  for (const a of args) {
    const c = s.where(a.shape).cls;
    if (!worst || CLASS_RANK.indexOf(c) > CLASS_RANK.indexOf(worst)) worst = c;
  }
  return worst;
}

/** `eval a b`, `ssh host a b`, `watch a b`: the words are joined and parsed again as a command. */
export function runJoined(inv: Invocation, s: Sink, args: Arg[], via: string): void {
  if (args.some((a) => a.value === undefined)) {
    s.add(
      inv,
      f(
        'shell.unanalysable',
        'medium',
        `${via} runs a command built at run time (${ev(args.map((a) => a.shape).join(' '), 60)}), which cannot be analysed`,
        'broad-change',
        'unknown',
      ),
    );
    return;
  }
  s.nestedShell(args.map((a) => a.value!).join(' '), inv, via);
}

/** Positional words (flags and their values skipped) as lower-case strings; `''` for dynamic ones. */
export function words(args: Arg[], valueFlags: readonly string[] = []): string[] {
  return parseOpts(args, valueFlags).pos.map((p) => (p.value ?? '').toLowerCase());
}

/** Each word of the command line, flags included, lower-cased; for "any of these flags" checks. */
export const flagsOf = (args: Arg[]): Set<string> => {
  const out = new Set<string>();
  for (const a of args) {
    const v = a.value;
    if (v === undefined || !v.startsWith('-')) continue;
    out.add(v.toLowerCase());
    const eq = v.indexOf('=');
    if (eq > 0) out.add(v.slice(0, eq).toLowerCase());
  }
  return out;
};

/** Dry runs, previews and help: the command says it changes nothing. */
export const DRY_RUN_FLAGS = [
  '--dry-run',
  '--dryrun',
  '--dry_run',
  '--what-if',
  '-whatif',
  '--whatif',
  '--preview',
  '--plan',
  '--check',
  '--simulate',
  '--noop',
  '--no-op',
  '--help',
];

const DRY_RUN_NAMES: ReadonlySet<string> = new Set(DRY_RUN_FLAGS);

export function isDryRun(args: Arg[], extra: readonly string[] = []): boolean {
  let names: ReadonlySet<string> | undefined;
  for (const a of args) {
    const v = a.value;
    // Options only: most arguments are not, and need no lower-casing or set.
    if (v === undefined || v.charCodeAt(0) !== 45 /* - */) continue;
    names ??= extra.length ? new Set([...DRY_RUN_FLAGS, ...extra]) : DRY_RUN_NAMES;
    const lower = v.toLowerCase();
    if (names.has(lower)) return true;
    // --dry-run=client / --dry-run=server change nothing; --dry-run=none (or =false) is the real thing.
    const eq = lower.indexOf('=');
    if (eq > 0 && names.has(lower.slice(0, eq)) && !/^(none|false|0|no|off)$/.test(lower.slice(eq + 1))) return true;
  }
  return false;
}

/** Code read from standard input: a heredoc, a static echo, the network, or unknown. */
export function stdinCode(inv: Invocation, s: Sink, name: string, analyse: (text: string) => void): void {
  const st = inv.stdin;
  switch (st.kind) {
    case 'none':
      s.mutates();
      return;
    case 'text':
      analyse(st.text);
      return;
    case 'network':
      s.add(inv, f('shell.unanalysable', 'high', `Pipes code from the network (${st.from}) into ${name}: it runs unseen`, 'broad-change', 'unknown'));
      return;
    case 'decoded':
      s.add(
        inv,
        f('shell.unanalysable', 'medium', `Pipes decoded or transformed data (${st.from}) into ${name}: it cannot be analysed`, 'broad-change', 'unknown'),
      );
      return;
    case 'unknown':
      s.add(
        inv,
        f('shell.unanalysable', 'medium', `Pipes the output of another command (${st.from}) into ${name}: it cannot be analysed`, 'broad-change', 'unknown'),
      );
      return;
  }
}

/**
 * A URL or connection string as a hint: scheme, host and path, never the user name, password or
 * query (a `DATABASE_URL` carries credentials; findings and hints are shown and logged).
 */
export function safeUrl(value: string): string {
  const m = /^((?:[a-z][a-z0-9+.-]*:)+)?\/\/(?:[^?#]*@)?([^/?#]*)([^?#;]*)/i.exec(value.trim());
  if (!m) return value.replace(/(password|pwd|secret|token)=[^;&\s]*/gi, '$1=…');
  return `${m[1] ?? ''}//${m[2]}${m[3]}`;
}

/** The host of a URL (`https://user@es-prod:9200/x` → `es-prod:9200`), or undefined. */
export function urlHost(value: string): string | undefined {
  const m = /^(?:[a-z][a-z0-9+.-]*:)*\/\/(?:[^?#]*@)?([^/?#;]+)/i.exec(value.trim());
  if (m) return m[1];
  // curl accepts `host:9200/x` and httpie `:9200/x` (localhost).
  const bare = /^([a-z0-9.-]*:\d+|localhost|[a-z0-9-]+(?:\.[a-z0-9-]+)+)(?=[/?#]|$)/i.exec(value.trim());
  return bare ? (bare[1]!.startsWith(':') ? `localhost${bare[1]}` : bare[1]) : undefined;
}

/** Words of a name the way tools write them: `deleteProject`, `drop_index`, `purge-all` → parts. */
export function nameParts(value: string): string[] {
  return value
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}
