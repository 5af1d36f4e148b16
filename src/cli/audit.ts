// `blast-radius audit verify|show|anchor`: recompute the hash chain of the audit log against its
// head and its anchor (exit 0 with the count, exit 1 naming the first broken line, a decision that
// could not be written, or a lock held too long), print recent decisions, or (root) set up the
// system anchor for a user.
import { parseArgs } from 'node:util';
import { type AuditRecord, defaultAuditFile, readAuditLog, verifyAuditLog } from '../audit';
import { lookUpUser, setUpSystemWitness } from '../audit/witness';
import { CliError, EXIT_FAIL, EXIT_OK } from './errors';

const HELP = `Usage:
  blast-radius audit verify [--log FILE] [--json]   check the chain, its head and its anchor; exit 1 naming the first broken line
  blast-radius audit show [--log FILE] [-n N] [--json]   print the last N decisions (default 20)
  blast-radius audit anchor --system --user NAME    (root) create the user's append-only system anchor

The log: $BLAST_RADIUS_AUDIT_LOG, else $XDG_STATE_HOME/blast-radius/audit.jsonl, else
~/.local/state/blast-radius/audit.jsonl. The anchor: /var/lib/blast-radius/witness/<uid>.jsonl
(root's folder, the user's append-only file) when it exists; without one, a same-user agent can
rewrite the whole log and its head file unseen, and verify says so.`;

export async function runAudit(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(`${HELP}\n`);
    return EXIT_OK;
  }
  if (!sub) throw new CliError("audit: give a subcommand: verify, show, anchor (try 'blast-radius audit --help')");
  if (sub !== 'verify' && sub !== 'show' && sub !== 'anchor') throw new CliError(`audit: unknown subcommand '${sub}' (verify, show, anchor)`);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: false,
      strict: true,
      options: {
        log: { type: 'string' },
        n: { type: 'string', short: 'n' },
        json: { type: 'boolean' },
        system: { type: 'boolean' },
        user: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new CliError(`audit ${sub}: ${(err as Error).message.split('\n')[0]}`);
  }
  const o = parsed.values;
  if (o.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT_OK;
  }
  if (sub === 'anchor') return runAnchor(o.system === true, o.user);
  const file = o.log ?? defaultAuditFile();
  if (sub === 'verify') {
    const v = verifyAuditLog(file);
    const anchor =
      v.anchor.kind === 'system'
        ? `anchor: the system witness ${v.anchor.file}${v.anchor.appendOnly ? ' (append-only)' : ''}`
        : 'anchor: none — the log and its head file sit side by side, so a same-user agent can rewrite or delete both unseen (the system anchor: see README)';
    if (o.json) process.stdout.write(`${JSON.stringify({ file, ...v })}\n`);
    else if (v.ok)
      process.stdout.write(
        `audit log intact: ${v.count} ${v.count === 1 ? 'entry' : 'entries'} (${file}${v.headChecked ? '' : ', no head file: removal of the last lines cannot be seen'})\n${anchor}\n`,
      );
    else process.stderr.write(`audit log broken at ${v.message} (${v.count} intact ${v.count === 1 ? 'entry' : 'entries'} before it; ${file})\n${anchor}\n`);
    if (!o.json) for (const n of v.notes) (v.ok ? process.stdout : process.stderr).write(`note: ${n}\n`);
    return v.ok ? EXIT_OK : EXIT_FAIL;
  }
  const n = o.n === undefined ? 20 : Number(o.n);
  if (!Number.isInteger(n) || n <= 0) throw new CliError('audit show: -n takes a positive whole number');
  const recs = readAuditLog(file, n);
  if (o.json) {
    for (const r of recs) process.stdout.write(`${JSON.stringify(r)}\n`);
    return EXIT_OK;
  }
  if (!recs.length) {
    process.stdout.write(`no decisions recorded yet (${file})\n`);
    return EXIT_OK;
  }
  process.stdout.write(`${recs.map(formatRecord).join('\n')}\n`);
  return EXIT_OK;
}

function runAnchor(system: boolean, user: string | undefined): number {
  if (!system) throw new CliError('audit anchor: only --system is supported (the anchor must be somewhere the user cannot rewrite)');
  if (!user) throw new CliError('audit anchor --system: --user NAME is required (whose audit log it anchors)');
  const who = lookUpUser(user);
  if (!who) throw new CliError(`audit anchor: no user '${user}'`);
  const r = setUpSystemWitness(who.uid, who.gid);
  if (!r.ok) throw new CliError(`audit anchor: ${r.error}`, EXIT_FAIL);
  process.stdout.write(`system anchor for ${user}: ${r.file}${r.appendOnly ? ' (append-only)' : ''}\n`);
  if (r.note) process.stderr.write(`warning: ${r.note}\n`);
  return r.appendOnly ? EXIT_OK : EXIT_FAIL;
}

function formatRecord(r: AuditRecord): string {
  const by = r.decidedBy ? `${r.decidedBy.type}${r.decidedBy.name ? ` ${r.decidedBy.name}` : ''}` : '?';
  const head = `#${r.seq} ${r.time}  ${String(r.decision).padEnd(16)} ${String(r.level).padEnd(8)} ${r.agent}  by ${by}`;
  return `${head}\n    ${r.summary}${r.reason ? `\n    reason: ${r.reason}` : ''}${r.digest && r.digest !== 'unknown' ? `\n    digest ${r.digest.slice(0, 16)}…${r.requestId ? ` request ${r.requestId}` : ''}` : ''}`;
}
