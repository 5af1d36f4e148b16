// The team's own commands (policy `commands`): internal CLIs no pack can know, written in the shape
// of the packs' tables. Entries add findings (rule `team.<id>`); they never lower what a pack says
// about a command it knows, so a policy cannot declare `kubectl delete` a read. For a command no
// pack lists, `read` entries and `otherwise` decide what is left (the default lets its own words
// decide, as for any unknown tool).
//
// Does not see: what the tool does beyond its words (its entries are the team's word for it).
import type { ResolvedPolicy } from '../../../policy';
import type { TeamCommand } from '../../../schema';
import type { Arg, Invocation, Sink } from '../types';
import type { Handler } from './kit';
import { type CommandTable, type SubWord, type TableEntry, tableHandler } from './table';

const HANDLERS = new WeakMap<TeamCommand, Map<boolean, Handler>>();

function subWord(w: string): SubWord {
  if (w.length > 2 && w.startsWith('/') && w.endsWith('/')) return new RegExp(w.slice(1, -1), 'i');
  return w;
}

/**
 * The rule id of one of the team's entries: `team.<id>`, the entry's own id or one made of the
 * command and its words. Declared by the policy itself (policy.ts accepts them in `rules[].when.rule`).
 */
export function teamRuleId(name: string, e: { id?: string | undefined; sub: readonly string[] }): string {
  const id =
    e.id ??
    [name, ...e.sub]
      .join('-')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  return `team.${id}`;
}

function tableOf(name: string, cmd: TeamCommand, known: boolean): CommandTable {
  const entries: TableEntry[] = cmd.entries.map((e) => {
    return {
      sub: e.sub.map(subWord),
      ...(e.anywhere ? { anywhere: true } : {}),
      ...(e.ifFlag ? { ifFlag: e.ifFlag } : {}),
      ...(e.unlessFlag ? { unlessFlag: e.unlessFlag } : {}),
      ...(e.read
        ? { read: true }
        : { rule: teamRuleId(name, e), level: e.level ?? 'medium', cls: e.class ?? 'destructive', rev: e.reversibility ?? 'unknown' }),
      message: e.message ?? `${name} {sub} (the team's policy: ${cmd.about ?? 'an internal tool'})`,
      ...(e.target === 'next'
        ? { target: { kind: 'other' as const, from: 'next' as const } }
        : e.target
          ? { target: { kind: 'other' as const, from: 'flag' as const, flags: e.target.flags } }
          : {}),
    };
  });
  return {
    entries,
    valueFlags: cmd.valueFlags,
    envFlags: cmd.envFlags,
    dryRunFlags: cmd.dryRunFlags,
    // A command a pack knows keeps the pack's judgement for everything the team did not list.
    otherwise: known ? 'read' : cmd.otherwise,
  };
}

/**
 * Judges `name` by the team's entries, when the policy lists it. Returns true when nothing else
 * should judge it (a command no pack knows); false when the pack's own handler must still run.
 */
export function teamCommand(policy: ResolvedPolicy, inv: Invocation, s: Sink, rest: Arg[], name: string, known: boolean): boolean {
  const cmd = Object.prototype.hasOwnProperty.call(policy.commands ?? {}, name) ? policy.commands[name] : undefined;
  if (!cmd) return false;
  let byKnown = HANDLERS.get(cmd);
  if (!byKnown) HANDLERS.set(cmd, (byKnown = new Map<boolean, Handler>()));
  let handler = byKnown.get(known);
  if (!handler) byKnown.set(known, (handler = tableHandler(tableOf(name, cmd, known))));
  handler(inv, s, rest, name);
  return !known;
}
