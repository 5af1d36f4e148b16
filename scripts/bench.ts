// `npm run bench`: runs every bench/*.js (transpiled into out/bench) in its own process, in name
// order, and prints their figures. Each bench prints a markdown table; all output is also written to
// bench-results/latest.md so the README's figures can be refreshed from one file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
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
for (const f of files) {
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
