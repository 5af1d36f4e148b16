// Commands no pack lists: their own words decide. Tools name what they do — `db drop`,
// `apps:destroy`, `purge-all`, `deleteProject`, `--accept-data-loss` — so an unknown command whose
// words say it destroys, wipes, resets, revokes or switches a protection off is at least medium,
// with a finding that names the tool as unknown; with an environment marker anywhere in its
// arguments (prod, production, live in a flag value, a host, a context, a bucket or database name)
// at least high. Reads, previews and dry runs (`list`, `status`, `--dry-run`, `--help`) stay low.
// Does not catch: tools whose words do not say what they do, free text given as an argument
// (arguments holding spaces are data), and whether a command really reaches what it names.
import type { Level } from '../../../schema';
import { rule } from '../../../rules/types';
import type { Arg, Invocation, Sink } from '../types';
import { f, isDryRun } from './kit';

/** Verbs that destroy, lose or switch off, as tools write them (base forms; a tense is data). */
export const DESTROY_VERBS = new Set(
  'rb delete del destroy drop remove rm purge wipe erase reset flush truncate terminate uninstall prune forget expire yank unpublish revoke disable suspend archive recreate overwrite replace nuke teardown deprovision decommission evict expunge obliterate shred scrub zap clobber rmdir unlink deregister unregister cancel kill'.split(
    ' ',
  ),
);
/** Verbs strong enough to fire alone; the rest need an object or a force flag to mean harm. */
const STRONG = new Set(
  'rb delete del destroy drop remove rm purge wipe erase reset flush truncate terminate uninstall nuke teardown deprovision decommission expunge obliterate shred unpublish yank clobber zap scrub'.split(
    ' ',
  ),
);
/** Words that make a command a read or a preview when they lead. */
const READ_WORDS = new Set(
  'list ls get show describe status info view inspect logs log help version whoami print diff plan preview validate check lint search find query cat read history explain doctor dump export watch tail top ping test'.split(
    ' ',
  ),
);
/** Flags that force, skip a question or accept the loss. */
const FORCE_FLAGS =
  /^--?(?:force|f|yes|y|assume-yes|accept-data-loss|force-reset|full-refresh|no-preserve-root|hard|purge|cascade|recursive|all|everything|no-confirm|non-interactive|skip-confirmation|confirm|approve|auto-approve|permanent|permanently)(?:=(?:true|1|yes))?$/i;
/** Flags whose very name deletes (`--delete`, `--remove-orphans`, `--drop-database`). */
const DESTROY_FLAG =
  /^--?(?:delete|remove|drop|destroy|purge|wipe|prune|truncate|reset|clean|clear|recreate|force-recreate|overwrite|replace-all)(?:-[a-z-]+)?(?:=.*)?$/i;
/** What a whole environment or its data is called: destroying one of these is high. */
const BIG_OBJECTS = new Set(
  'project projects cluster clusters database databases db dbs environment environments env envs stack stacks namespace namespaces account accounts org orgs organization organizations tenant tenants workspace workspaces bucket buckets table tables volume volumes backup backups snapshot snapshots repo repos repository repositories index indices indexes topic topics keyspace keyspaces secret secrets vault vaults dataset datasets instance instances'.split(
    ' ',
  ),
);
/** Protections switched off, whatever the tool: retention, versioning, deletion protection, backups, audit logs, branch protection. */
const PROTECTION_OFF = [
  /(?:^|[-_.])(?:deletion|delete|termination)[-_]?protection(?:[-_]?enabled)?\s*[=:]\s*(?:false|off|0|no|disabled?)\b/i,
  /^--no-(?:deletion|delete|termination)-protection$/i,
  /^--(?:disable|no)-(?:backups?|versioning|audit(?:-log(?:ging)?)?|logging|pitr|point-in-time-recovery|encryption|branch-protection|protection)$/i,
  /(?:^|[-_.])(?:retention|backup[-_]?retention|retention[-_]?(?:days|period|in[-_]?days))\s*[=:]\s*0\b/i,
  /(?:^|[-_.])versioning\s*[=:]\s*(?:suspended|false|off|disabled?)\b/i,
  /(?:^|[-_.])(?:audit|logging|backups?)[-_]?(?:enabled?)?\s*[=:]\s*(?:false|off|0|no|disabled?)\b/i,
  /^(?:enforce_admins|enforce-admins|required_pull_request_reviews)\s*=\s*(?:false|null)$/i,
];
const PROTECTION_WORDS = /(?:^|[-_.])(?:protection|retention|versioning?|backups?|audit|logging)(?:$|[-_.])/i;
const ENV_MARKER = /(?:^|[^a-z])(?:prod|production|prd|live)(?:[^a-z]|$)/i;

/** Words of one argument, the way tools write them: `deleteProject` → delete, project. */
export function wordsOf(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export function judgeUnknown(inv: Invocation, s: Sink, name: string, rest: Arg[]): void {
  const vals = rest.map((a) => a.value ?? '');
  if (isDryRun(rest) || vals.some((v) => v === '--help' || (v === '-h' && vals.length === 1) || v === '--version')) return;
  // Positional words: what the tool calls subcommands and objects (free text is data).
  const positional = vals.filter((v) => v && !v.startsWith('-') && !/\s/.test(v) && v.length < 120);
  const lead = positional[0] ? wordsOf(positional[0])[0] : undefined;
  if (lead && READ_WORDS.has(lead) && !positional.slice(0, 1).some((p) => wordsOf(p).some((w) => DESTROY_VERBS.has(w)))) return;
  const nameWords = wordsOf(name);
  const found = new Map<string, string>();
  const look = (text: string, where: string): void => {
    for (const w of wordsOf(text)) if (DESTROY_VERBS.has(w) && !found.has(w)) found.set(w, where);
  };
  // The tool's own name (`db-wipe`), its subcommands anywhere (`apps:destroy`, `project delete`),
  // the first few positional words (objects named after them are data: `notes delete-me.txt`).
  for (const w of nameWords.slice(1)) if (DESTROY_VERBS.has(w)) found.set(w, name);
  for (const p of positional.slice(0, 4)) if (!/[/.]/.test(p) || /:/.test(p)) look(p, p);
  const flags = vals.filter((v) => v.startsWith('-'));
  const destroyFlag = flags.find((v) => DESTROY_FLAG.test(v));
  const forced = flags.some((v) => FORCE_FLAGS.test(v));
  const protection =
    vals.find((v) => PROTECTION_OFF.some((re) => re.test(v))) ??
    (found.has('disable') || found.has('suspend') ? positional.find((p) => PROTECTION_WORDS.test(p)) : undefined) ??
    // `set-retention --days 0`: a retention word and a zero.
    (positional.some((p) => /retention/i.test(p)) && vals.some((v, i) => v === '0' || /^--?[a-z-]+=0$/i.test(v) || (v === '0' && i > 0))
      ? positional.find((p) => /retention/i.test(p))
      : undefined);
  const strong = [...found.keys()].find((w) => STRONG.has(w));
  const weak = [...found.keys()].find((w) => !STRONG.has(w));
  const prod = [...vals, ...[...inv.env.values()].filter((v): v is string => typeof v === 'string')].find((v) => ENV_MARKER.test(v) && !/\s/.test(v));
  for (const v of vals) if (ENV_MARKER.test(v) && v.length < 200) s.hint(`${name} argument`, v);
  let level: Level | undefined;
  let why: string | undefined;
  let ruleId = 'shell.unknown-destructive';
  if (protection) {
    ruleId = 'shell.protection-off';
    level = 'medium';
    why = `switches a protection off (${protection})`;
  } else if (strong) {
    level = 'medium';
    why = `its words say it ${strong === 'rm' || strong === 'del' ? 'deletes' : `${strong}s`} (“${found.get(strong)}”)`;
  } else if (destroyFlag) {
    level = 'medium';
    why = `its flag ${destroyFlag} says it deletes`;
  } else if (weak && forced) {
    level = 'medium';
    why = `its words say it ${weak}s (“${found.get(weak)}”), forced`;
  }
  if (!level || !why) return;
  // A project, cluster, database, bucket… destroyed is more than a file: high.
  const big =
    positional
      .slice(0, 4)
      .flatMap((p) => wordsOf(p))
      .find((w) => BIG_OBJECTS.has(w)) ?? nameWords.find((w) => BIG_OBJECTS.has(w));
  if (big && (strong || destroyFlag) && ruleId === 'shell.unknown-destructive') {
    level = 'high';
    why = `${why}, a whole ${big.replace(/(?:es|s)$/, '')}`;
  }
  if (prod) level = 'high';
  const unknown = `${name} is not a tool Blast Radius knows`;
  s.add(
    inv,
    f(
      ruleId,
      level,
      `${unknown}; ${why}${prod ? `, aimed at ${prod}` : ''}${forced && !why.includes('forced') ? ', without asking' : ''}`,
      'destructive',
      'unknown',
    ),
  );
}

export const UNKNOWN_RULES = [
  rule(
    'shell.unknown-destructive',
    'medium',
    'destructive',
    'A tool nobody listed, whose own words say it deletes, destroys, drops, wipes or resets something (high when it names a whole database or cluster, or production)',
    'Run its list / status / --dry-run form first, and check what it names',
    ['acmectl cache purge', 'acmectl db drop orders --force', 'opsctl cluster destroy prod-eu --yes'],
    ['acmectl db list', 'opsctl cluster destroy prod-eu --dry-run'],
  ),
  rule(
    'shell.protection-off',
    'medium',
    'destructive',
    'Switches a protection off: deletion protection, retention, versioning, backups, audit logging or branch protection',
    'Leave the protection on; change what you need without it',
    ['acmectl db update orders --deletion-protection=false', 'opsctl bucket set logs --versioning=suspended'],
    ['acmectl db update orders --deletion-protection=true'],
  ),
];
