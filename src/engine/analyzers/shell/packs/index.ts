// The tool packs, and the one dispatch that picks a command's handler. Each pack is one module per
// tool family (data first, code where a table cannot say it) and declares its own rules; nothing
// here knows about any tool beyond looking its name up. Commands no pack lists fall to the
// read-only table, then to the vocabulary of the unknown (unknown.ts): a command whose own words
// say it destroys is never a silent low.
import type { RuleDecl } from '../../../rules/types';
import type { Invocation, Sink } from '../types';
import { LAZY_PACKS } from './catalog';
import { FILES } from './files';
import { GIT } from './git';
import { INTERPRETERS_PACK } from './interpreters';
import { type Handler, type Pack, commandName } from './kit';
import { PACKAGES } from './packages';
import { READ_ONLY_PACK, readOnlyFallback } from './read-only';
import { WINDOWS, windowsDialect } from './windows';
import { WRAPPERS } from './wrappers';

// The packs most commands need are loaded with the engine; the rest (catalog.ts) on first use.
export const PACKS: readonly Pack[] = [WRAPPERS, FILES, INTERPRETERS_PACK, WINDOWS, GIT, ...LAZY_PACKS, PACKAGES, READ_ONLY_PACK];

const TABLE = new Map<string, { handler: Handler; family: string }>();
for (const p of PACKS) {
  for (const [name, handler] of Object.entries(p.commands)) {
    // A name in two packs is a bug in the packs: the first keeps it, and the packs test says so.
    if (!TABLE.has(name)) TABLE.set(name, { handler, family: p.family });
  }
}

/** The pack that knows a command, for reports and the eval's per-family figures. */
export function familyOf(name: string): string | undefined {
  return TABLE.get(commandName(name))?.family;
}

/** Every rule the shell packs declare. */
export function packRules(): RuleDecl[] {
  return PACKS.flatMap((p) => p.rules);
}

/** Judges one simple command, its wrappers already peeled off by the caller. */
export function runVerb(inv: Invocation, s: Sink): void {
  const head = inv.args[0]!;
  const name = commandName(head.value!);
  const rest = inv.args.slice(1);
  const hit = TABLE.get(name);
  if (hit) {
    hit.handler(inv, s, rest, name);
    return;
  }
  // A PowerShell cmdlet or a cmd.exe built-in sent as a bash command (agents on Windows do).
  if (windowsDialect(inv, s, name, rest)) return;
  if (/^mkfs(\.|$)/.test(name)) {
    FILES.commands.mkfs!(inv, s, rest, name);
    return;
  }
  readOnlyFallback(inv, s, name, rest);
}
