// `npm run bench`: runs every bench/*.js (transpiled into out/bench) in its own process, in name
// order, and prints their figures. Each bench prints a markdown table; all output is also written to
// bench-results/latest.md so the README's figures can be refreshed from one file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';

const dir = join(process.env.BR_OUT ?? 'out', 'bench');
const only = process.argv.slice(2);
const files = existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => f.endsWith('.js') && (only.length === 0 || only.some((o) => f.includes(o))))
      .sort()
  : [];
const header = `# Blast Radius benchmarks\n\n${new Date().toISOString().slice(0, 10)} · node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}\n`;
const chunks = [header];
process.stdout.write(`${header}\n`);
let failed = 0;

/** Busy (iowait counted as busy) and total CPU time so far, and processes blocked on I/O now, from /proc/stat (Linux); undefined elsewhere. */
function cpuTimes(): { busy: number; total: number; blocked: number } | undefined {
  try {
    const stat = readFileSync('/proc/stat', 'utf8').split('\n');
    const f = stat[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = f.reduce((a, b) => a + b, 0);
    const blocked = Number(/^procs_blocked\s+(\d+)/m.exec(stat.join('\n'))?.[1] ?? 0);
    return { busy: total - (f[3] ?? 0), total, blocked };
  } catch {
    return undefined;
  }
}

/**
 * Waits (at most 120 s) until the machine is at least 80% idle over a second, with nothing blocked
 * on I/O: a bench that leaves work behind (the 200,000-file folder being written back, the 500-hook
 * storm) must not be timed into the next one, whose hook appends with fsync.
 */
function settle(): string {
  const start = Date.now();
  let before = cpuTimes();
  if (!before) return '';
  for (;;) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    const now = cpuTimes()!;
    const busy = (now.busy - before.busy) / Math.max(1, now.total - before.total);
    before = now;
    if ((busy < 0.2 && now.blocked === 0) || Date.now() - start > 120_000) break;
  }
  const waited = Math.round((Date.now() - start) / 1000);
  return waited > 1 ? `(waited ${waited} s for the machine to settle before this bench)\n\n` : '';
}

for (const f of files) {
  const note = settle();
  if (note) {
    process.stdout.write(note);
    chunks.push(note);
  }
  const r = spawnSync(process.execPath, [join(dir, f)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
  process.stdout.write(r.stdout);
  chunks.push(r.stdout);
  if (r.status !== 0) {
    failed++;
    process.stderr.write(`bench ${f} exited ${r.status}\n`);
  }
}
mkdirSync('bench-results', { recursive: true });
writeFileSync(join('bench-results', 'latest.md'), chunks.join('\n'));
process.exitCode = failed ? 1 : 0;
