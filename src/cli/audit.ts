// `blast-radius audit verify|show`: recompute the hash chain of the audit log (exit 0 with the
// count, exit 1 naming the first broken line) or print recent decisions.
import { parseArgs } from 'node:util';
import { type AuditRecord, defaultAuditFile, readAuditLog, verifyAuditLog } from '../audit';
import { CliError, EXIT_FAIL, EXIT_OK } from './errors';

const HELP = `Usage:
  blast-radius audit verify [--log FILE] [--json]   check the chain; exit 1 naming the first broken line
  blast-radius audit show [--log FILE] [-n N] [--json]   print the last N decisions (default 20)

The log: $BLAST_RADIUS_AUDIT_LOG, else $XDG_STATE_HOME/blast-radius/audit.jsonl, else
~/.local/state/blast-radius/audit.jsonl. The extension keeps one per workspace in its storage.`;

export async function runAudit(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(`${HELP}\n`);
    return sub ? EXIT_OK : 2;
  }
  if (sub !== 'verify' && sub !== 'show') throw new CliError(`audit: unknown subcommand '${sub}' (verify, show)`);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: false, strict: true, options: { log: { type: 'string' }, n: { type: 'string', short: 'n' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    throw new CliError(`audit ${sub}: ${(err as Error).message.split('\n')[0]}`);
  }
  const o = parsed.values;
  if (o.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT_OK;
  }
  const file = o.log ?? defaultAuditFile();
  if (sub === 'verify') {
    const v = verifyAuditLog(file);
    if (o.json) process.stdout.write(`${JSON.stringify({ file, ...v })}\n`);
    else if (v.ok) process.stdout.write(`audit log intact: ${v.count} ${v.count === 1 ? 'entry' : 'entries'} (${file}${v.headChecked ? '' : ', no head file: removal of the last lines cannot be seen'})\n`);
    else process.stderr.write(`audit log broken at ${v.message} (${v.count} intact ${v.count === 1 ? 'entry' : 'entries'} before it; ${file})\n`);
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

function formatRecord(r: AuditRecord): string {
  const by = r.decidedBy ? `${r.decidedBy.type}${r.decidedBy.name ? ` ${r.decidedBy.name}` : ''}` : '?';
  const head = `#${r.seq} ${r.time}  ${String(r.decision).padEnd(16)} ${String(r.level).padEnd(8)} ${r.agent}  by ${by}`;
  return `${head}\n    ${r.summary}${r.reason ? `\n    reason: ${r.reason}` : ''}${r.digest && r.digest !== 'unknown' ? `\n    digest ${r.digest.slice(0, 16)}…${r.requestId ? ` request ${r.requestId}` : ''}` : ''}`;
}
