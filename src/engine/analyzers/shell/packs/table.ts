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
import { type Handler, f, flagsOf, isDryRun, safeUrl, urlHost } from './kit';
import { judgeUnknown } from './unknown';

/** One word of a subcommand path: exact (case-insensitive), a pattern, or any word ('*'). */
export type SubWord = string | RegExp;

export interface TableEntry {
  /** The subcommand words after the command, flags skipped (`['db', 'push']`, `[/^db:drop/]`). */
  sub: SubWord[];
  /** The words may stand anywhere among the positional words (`rake db:drop db:create`). */
  anywhere?: boolean;
  /** Only when one of these flags is present (`--force`, `--accept-data-loss`). */
  ifFlag?: string[];
  /** Only when a flag has a value matching the pattern (`--down all`, `--cascade=foreground`). */
  ifValue?: { flags: string[]; re: RegExp };
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
  /**
   * `NAME=value` words among the arguments set the environment (`rake db:drop RAILS_ENV=production`):
   * they are read like `envVars` and are not subcommand words.
   */
  envArgs?: boolean;
  /**
   * Environment values whose database the framework recreates at will (`RAILS_ENV=test`): when every
   * environment the command names matches, findings are capped at low.
   */
  disposable?: RegExp;
}

function wordMatches(w: SubWord, value: string): boolean {
  if (w === '*') return value !== '';
  if (typeof w === 'string') return w.toLowerCase() === value.toLowerCase();
  return w.test(value);
}

function subAt(e: TableEntry, pos: string[]): number {
  const last = e.anywhere ? pos.length - e.sub.length : 0;
  for (let at = 0; at <= last; at++) if (e.sub.every((w, i) => wordMatches(w, pos[at + i]!))) return at;
  return -1;
}

/** The entry whose `sub` matches the positional words (longest first, then table order). */
export function matchEntry(
  table: CommandTable,
  pos: string[],
  flags: Set<string>,
  value: (flags: string[]) => string | undefined = () => undefined,
): TableEntry | undefined {
  let best: TableEntry | undefined;
  for (const e of table.entries) {
    if (e.sub.length > pos.length) continue;
    if (subAt(e, pos) < 0) continue;
    // Windows switches (`/delete`) sit among the positional words.
    if (e.ifFlag && !e.ifFlag.some((x) => flags.has(x.toLowerCase()) || pos.some((p) => p.toLowerCase() === x.toLowerCase()))) continue;
    if (e.unlessFlag && e.unlessFlag.some((x) => flags.has(x.toLowerCase()))) continue;
    if (e.ifValue && !e.ifValue.re.test(value(e.ifValue.flags) ?? '')) continue;
    if (!best || e.sub.length > best.sub.length) best = e;
  }
  return best;
}

function targetOf(e: TableEntry, env: Map<string, string>, o: ReturnType<typeof parseOpts>, pos: Arg[], at: number): Target[] {
  const t = e.target;
  if (!t) return [];
  let name: string | undefined;
  const next = pos[at + e.sub.length];
  if (t.from === 'next') name = next && !(next.value ?? '').startsWith('-') ? argText(next) : undefined;
  else if (t.from === 'flag') name = o.get(...(t.flags ?? []));
  else if (t.from === 'env') name = (t.env ?? []).map((v) => env.get(v)).find((v): v is string => typeof v === 'string' && v !== '');
  else name = t.name;
  return name ? [{ kind: t.kind, name: safeUrl(name), op: 'delete' }] : [];
}

const ASSIGN = /^([A-Z_][A-Z0-9_]*)=(.*)$/s;

/** A handler from a table. `onMatch` runs after the table's own finding, for what data cannot say. */
export function tableHandler(table: CommandTable, onMatch?: (e: TableEntry | undefined, inv: Invocation, s: Sink, rest: Arg[], name: string) => void): Handler {
  return (inv, s, rest, name) => {
    const o = parseOpts(rest, table.valueFlags ?? []);
    // Environment the command names: prefix assignments, and `NAME=value` arguments where the tool reads them.
    const env = new Map<string, string>();
    for (const [k, v] of inv.env) if (typeof v === 'string') env.set(k, v);
    let pos = o.pos;
    if (table.envArgs) {
      pos = pos.filter((p) => {
        const m = ASSIGN.exec(p.value ?? '');
        if (m) env.set(m[1]!, m[2]!);
        return !m;
      });
    }
    const words = pos.map((p) => p.value ?? '');
    const flags = flagsOf(rest);
    const named: string[] = [];
    for (const fl of table.envFlags ?? []) {
      const v = o.get(fl);
      if (v) {
        s.hint(`${name} ${fl}`, safeUrl(v));
        named.push(v);
      }
    }
    for (const v of table.envVars ?? []) {
      const val = env.get(v);
      if (val) {
        s.hint(`environment variable ${v}`, safeUrl(val));
        named.push(val);
      }
    }
    const e = matchEntry(table, words, flags, (fl) => o.get(...fl));
    if (e && !e.read && !e.mutates && e.rule && !isDryRun(rest, table.dryRunFlags ?? [])) {
      const at = Math.max(0, subAt(e, words));
      const sub = e.sub.map((w, i) => words[at + i] ?? String(w)).join(' ');
      const targets = targetOf(e, env, o, pos, at);
      let message = (e.message ?? `${name} ${sub}`)
        .replace(/\{sub\}/g, sub)
        .replace(/\{cmd\}/g, name)
        .replace(/\{target\}/g, targets[0]?.name ?? 'it');
      let level = e.level ?? 'medium';
      let cls = e.cls ?? 'destructive';
      // `RAILS_ENV=test rails db:reset`: the test database is the framework's to recreate.
      if (table.disposable && named.length && named.every((v) => table.disposable!.test(v) || isLocalUrl(v))) {
        if (named.some((v) => table.disposable!.test(v))) {
          level = 'low';
          cls = 'targeted-patch';
          message += ` (in the ${named.find((v) => table.disposable!.test(v))} environment, which the framework recreates)`;
        }
      }
      s.add(inv, f(e.rule, level, message, cls, e.rev ?? 'irreversible', targets));
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

/** A connection string to this machine (`postgres://localhost/app_dev`). */
function isLocalUrl(v: string): boolean {
  const host = urlHost(v);
  return host !== undefined && /^(localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0)(:\d+)?$/i.test(host);
}
