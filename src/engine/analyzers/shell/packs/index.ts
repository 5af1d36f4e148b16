// The tool packs, and the one dispatch that picks a command's handler. Each pack is one module per
// tool family (data first, code where a table cannot say it) and declares its own rules; nothing
// here knows about any tool beyond looking its name up. Commands no pack lists fall to the
// read-only table, then to the vocabulary of the unknown (unknown.ts): a command whose own words
// say it destroys is never a silent low.
import type { Invocation, Sink } from '../types';
import { LAZY_PACKS } from './catalog';
import { FILES } from './files';
import { GIT } from './git';
import { GUARD } from './guard';
import { INTERPRETERS_PACK } from './interpreters';
import { type Handler, type Pack, commandName, isDryRun } from './kit';
import { PACKAGES, localBin } from './packages';
import { runScript } from '../scripts';
import { READ_ONLY_PACK, readOnlyFallback } from './read-only';
import { teamCommand } from './team';
import { WINDOWS, cmdBuiltin, windowsDialect } from './windows';
import { WRAPPERS } from './wrappers';

/**
 * Families whose tools honour `--dry-run` / `--dryrun` / `--what-if` / `--help` (an unknown
 * option makes them fail, never run for real). Not the files, wrappers and interpreters: `rm`
 * has no dry run, and a script may ignore its arguments.
 */
const PREVIEWS = new Set([
  'git',
  'iac',
  'cloud',
  'cloud-paas',
  'kubernetes',
  'containers',
  'packages',
  'guard',
  'databases',
  'orm',
  'datastores',
  'network',
  'host',
]);

// The packs most commands need are loaded with the engine; the rest (catalog.ts) on first use.
export const PACKS: readonly Pack[] = [GUARD, WRAPPERS, FILES, INTERPRETERS_PACK, WINDOWS, GIT, ...LAZY_PACKS, PACKAGES, READ_ONLY_PACK];

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

/** Judges one simple command, its wrappers already peeled off by the caller. */
export function runVerb(inv: Invocation, s: Sink): void {
  const head = inv.args[0]!;
  const name = commandName(head.value!);
  const rest = inv.args.slice(1);
  // A cmd.exe built-in sent as a bash command (`rd /s /q C:\`): judged as cmd.
  if (cmdBuiltin(inv, s, name, rest)) return;
  const hit = TABLE.get(name);
  // The team's own entries for the command (policy `commands`): added to a pack's judgement, or
  // the whole judgement of a tool no pack knows.
  if (teamCommand(s.ctx.policy, inv, s, rest, name, !!hit)) return;
  if (hit) {
    // Tools that honour a dry run, a preview or --help change nothing when asked for one.
    if (PREVIEWS.has(hit.family) && (isDryRun(rest) || rest.some((a) => a.value === '--help'))) return;
    hit.handler(inv, s, rest, name);
    return;
  }
  // A PowerShell cmdlet or a cmd.exe built-in sent as a bash command (agents on Windows do).
  if (windowsDialect(inv, s, name, rest)) return;
  if (/^mkfs(\.|$)/.test(name)) {
    FILES.commands.mkfs!(inv, s, rest, name);
    return;
  }
  // A program named by its path (`./deploy.sh`, `scripts/cleanup`, `bin/setup`): a script of the
  // project, read and followed like `bash ./deploy.sh`.
  const written = head.value!;
  if (written.includes('/') && !/^\/(?:usr\/)?(?:local\/)?s?bin\//.test(written)) {
    runScript(inv, s, written, 'runs', undefined, rest);
    return;
  }
  // `npx tool` for a tool the project installed: its own file is read when it is there.
  if (/^(?:npx|pnpx|bunx)$/.test(inv.via[inv.via.length - 1] ?? '') && localBin(inv, s, name)) return;
  readOnlyFallback(inv, s, name, rest);
}
