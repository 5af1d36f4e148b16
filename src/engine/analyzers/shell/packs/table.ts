// Data-first command tables: most of what a tool pack knows is "this subcommand, with these flags,
// does that". A table lists it; `tableHandler` turns the table into a handler. Code is left for
// what a table cannot say (wrappers, path effects, SQL inside a flag).
//
//   const PRISMA: CommandTable = {
//     valueFlags: ['--schema'],
//     entries: [
//       { sub: ['migrate', 'reset'], rule: 'orm.db-reset', level: 'high', cls: 'environment-teardown', rev: 'irreversible',
//         message: 'prisma migrate reset drops the database and re-applies every migration', target: { kind: 'database', from: 'env', env: ['DATABASE_URL'] } },
//       { sub: ['migrate', 'status'], read: true },
//     ],
//   };
import type { ActionClass, Level, Reversibility, Target } from '../../../schema';
import { parseOpts } from '../opts';
import { type Arg, type Invocation, type Sink, argText } from '../types';
import { type Handler, f, flagsOf, isDryRun } from './kit';
import { judgeUnknown } from './unknown';

/** One word of a subcommand path: exact (case-insensitive), a pattern, or any word. */
export type SubWord = string | RegExp | '*';

export interface TableEntry {
  /** The subcommand words after the command, flags skipped (`['db', 'push']`, `[/^db:drop/]`). */
  sub: SubWord[];
  /** Only when one of these flags is present (`--force`, `--accept-data-loss`). */
  ifFlag?: string[];
  /** Not when one of these flags is present (beyond the shared dry-run flags). */
  unlessFlag?: string[];
  /** A read or a preview: nothing is reported and the command counts as read-only. */
  read?: boolean;
  /** Changes something, but nothing worth a finding. */
  mutates?: boolean;
  rule?: string;
  level?: Level;
  cls?: ActionClass;
  rev?: Reversibility;
  /** `{sub}` / `{target}` / `{cmd}` are replaced. */
  message?: string;
  /** What it reaches: the word after the subcommand, a flag's value, or an environment variable. */
  target?: { kind: Target['kind']; from: 'next' | 'flag' | 'env' | 'fixed'; flags?: string[]; env?: string[]; name?: string };
}

export interface CommandTable {
  /** Options that take a value, so their value is not read as a subcommand. */
  valueFlags?: string[];
  entries: TableEntry[];
  /** Flags whose values name an environment (`--env`, `--stage`, `--context`, `--app`). */
  envFlags?: string[];
  /** Environment variables that name where it lands (`RAILS_ENV`, `MIX_ENV`, `DATABASE_URL`). */
  envVars?: string[];
  /** When no entry matches: `read` (nothing), `mutates` (default), or leave it to the vocabulary of the unknown. */
  otherwise?: 'read' | 'mutates' | 'vocabulary';
  /** Extra dry-run flags for this tool (`-n`, `--plan`). */
  dryRunFlags?: string[];
}

function wordMatches(w: SubWord, value: string): boolean {
  if (w === '*') return value !== '';
  if (typeof w === 'string') return w.toLowerCase() === value.toLowerCase();
  return w.test(value);
}

/** The entry whose `sub` matches the positional words (longest first, then table order). */
export function matchEntry(table: CommandTable, pos: string[], flags: Set<string>): TableEntry | undefined {
  let best: TableEntry | undefined;
  for (const e of table.entries) {
    if (e.sub.length > pos.length) continue;
    if (!e.sub.every((w, i) => wordMatches(w, pos[i]!))) continue;
    // Windows switches (`/delete`) sit among the positional words.
    if (e.ifFlag && !e.ifFlag.some((x) => flags.has(x.toLowerCase()) || pos.some((p) => p.toLowerCase() === x.toLowerCase()))) continue;
    if (e.unlessFlag && e.unlessFlag.some((x) => flags.has(x.toLowerCase()))) continue;
    if (!best || e.sub.length > best.sub.length) best = e;
  }
  return best;
}

function targetOf(e: TableEntry, inv: Invocation, o: ReturnType<typeof parseOpts>, pos: Arg[]): Target[] {
  const t = e.target;
  if (!t) return [];
  let name: string | undefined;
  if (t.from === 'next') name = pos[e.sub.length] ? argText(pos[e.sub.length]) : undefined;
  else if (t.from === 'flag') name = o.get(...(t.flags ?? []));
  else if (t.from === 'env') name = (t.env ?? []).map((v) => inv.env.get(v)).find((v): v is string => typeof v === 'string' && v !== '');
  else name = t.name;
  return name ? [{ kind: t.kind, name, op: 'delete' }] : [];
}

/** A handler from a table. `onMatch` runs after the table's own finding, for what data cannot say. */
export function tableHandler(table: CommandTable, onMatch?: (e: TableEntry | undefined, inv: Invocation, s: Sink, rest: Arg[], name: string) => void): Handler {
  return (inv, s, rest, name) => {
    const o = parseOpts(rest, table.valueFlags ?? []);
    const pos = o.pos;
    const words = pos.map((p) => p.value ?? '');
    const flags = flagsOf(rest);
    for (const fl of table.envFlags ?? []) {
      const v = o.get(fl);
      if (v) s.hint(`${name} ${fl}`, v);
    }
    for (const v of table.envVars ?? []) {
      const val = inv.env.get(v);
      if (val) s.hint(`environment variable ${v}`, val);
    }
    const e = matchEntry(table, words, flags);
    if (e && !e.read && !e.mutates && e.rule && !isDryRun(rest, table.dryRunFlags ?? [])) {
      const sub = e.sub.map((w, i) => words[i] ?? String(w)).join(' ');
      const targets = targetOf(e, inv, o, pos);
      const message = (e.message ?? `${name} ${sub}`).replace(/\{sub\}/g, sub).replace(/\{cmd\}/g, name).replace(/\{target\}/g, targets[0]?.name ?? 'it');
      s.add(inv, f(e.rule, e.level ?? 'medium', message, e.cls ?? 'destructive', e.rev ?? 'irreversible', targets));
    } else if (e?.read || (e && isDryRun(rest, table.dryRunFlags ?? []))) {
      // read-only or a preview
    } else if (!e && table.otherwise === 'read') {
      // nothing
    } else if (!e && table.otherwise === 'vocabulary') {
      s.mutates();
      judgeUnknown(inv, s, name, rest);
    } else s.mutates();
    onMatch?.(e, inv, s, rest, name);
  };
}
