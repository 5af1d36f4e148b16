// Audit log figures: append cost (median and p95 µs per line, one process and four contending
// processes, each append fsync'd under the lock) and verify time for 10,000 lines. Prints a
// markdown table. Run: npm run bench -- audit (or node out/bench/audit.js).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { recordDecision, verifyAuditLog } from '../src/audit';

const entry = (i: number) => ({
  agent: 'claude',
  digest: i.toString(16).padStart(64, '0'),
  summary: `Deletes 1,204 files under build/ (recoverable: tracked in git) #${i}`,
  level: 'medium' as const,
  decision: 'ask' as const,
  decidedBy: { type: 'person' as const, name: 'dev' },
  kind: 'shell',
});

function appendTimes(file: string, n: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    if (!recordDecision(entry(i), { file })) throw new Error('append failed');
    times.push((performance.now() - t) * 1000);
  }
  return times;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

if (process.argv[2] === '--worker') {
  const [, , , file, n, go] = process.argv;
  const cell = new Int32Array(new SharedArrayBuffer(4));
  writeFileSync(`${go}.ready.${process.pid}`, '');
  while (!existsSync(go!)) Atomics.wait(cell, 0, 0, 1);
  process.stdout.write(JSON.stringify(appendTimes(file!, Number(n))));
} else {
  void main();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'br-bench-audit-'));
  try {
    const single = appendTimes(join(dir, 'single.jsonl'), 2000);

    const workers = 4;
    const each = 500;
    const go = join(dir, 'go');
    const outs: Promise<number[]>[] = [];
    const pids: number[] = [];
    for (let k = 0; k < workers; k++) {
      const p = spawn(process.execPath, [process.argv[1]!, '--worker', join(dir, 'contended.jsonl'), String(each), go], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      pids.push(p.pid!);
      let buf = '';
      p.stdout.on('data', (d) => (buf += d));
      outs.push(new Promise((res) => p.on('exit', () => res(JSON.parse(buf) as number[]))));
    }
    while (!pids.every((pid) => existsSync(`${go}.ready.${pid}`))) await new Promise((r) => setTimeout(r, 5));
    const wall = performance.now();
    writeFileSync(go, '');
    const contended = (await Promise.all(outs)).flat();
    const contendedWall = performance.now() - wall;

    const big = join(dir, 'big.jsonl');
    appendTimes(big, 10_000);
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const v = verifyAuditLog(big);
      runs.push(performance.now() - t);
      if (!v.ok || v.count !== 10_000) throw new Error(`verify: ${JSON.stringify(v)}`);
    }
    const c = verifyAuditLog(join(dir, 'contended.jsonl'));

    const rows = [
      ['append, 1 process (2,000 lines)', `${pct(single, 0.5).toFixed(0)} µs`, `${pct(single, 0.95).toFixed(0)} µs`, `${Math.max(...single).toFixed(0)} µs`],
      [
        `append, ${workers} processes at once (${workers * each} lines, ${(contendedWall / 1000).toFixed(2)} s wall)`,
        `${pct(contended, 0.5).toFixed(0)} µs`,
        `${pct(contended, 0.95).toFixed(0)} µs`,
        `${Math.max(...contended).toFixed(0)} µs`,
      ],
      ['verify 10,000 lines (median of 5)', `${pct(runs, 0.5).toFixed(1)} ms`, `${pct(runs, 0.95).toFixed(1)} ms`, `${Math.max(...runs).toFixed(1)} ms`],
    ];
    process.stdout.write(
      [
        '## Audit log',
        '',
        '| what | median | p95 | max |',
        '|---|---|---|---|',
        ...rows.map((r) => `| ${r.join(' | ')} |`),
        '',
        `Each append takes the lock file, reads the last line, appends and fsyncs. Contended log verified: ${c.ok ? `${c.count} lines intact` : `BROKEN ${c.message}`}.`,
        '',
      ].join('\n'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
