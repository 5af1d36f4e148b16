// Extension figures: bundle size of dist/extension.js (target under 1 MB) with its largest inputs,
// and the activation time measured inside the real extension host by the integration run
// (test/integration/activation.test.ts writes bench-results/extension-activation.json: the time
// spent in activate(), the cost of require()-ing a fresh copy of the bundle, and the deferred
// core load with the bridge start). Run `npm run test:integration` first to refresh the activation figures.
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = process.cwd();
const distDir = join(root, process.env.BR_DIST ?? 'dist');
const activationFile = join(root, 'bench-results', 'extension-activation.json');
const kb = (n: number): string => `${(n / 1024).toFixed(0)} KB`;

async function main(): Promise<void> {
  const rows: string[][] = [];
  for (const [name, note] of [
    ['extension.js', 'the entry VS Code loads on activation'],
    ['extension-core.js', 'required after activation'],
  ] as const) {
    const f = join(distDir, name);
    if (!existsSync(f)) {
      rows.push([`dist/${name}`, 'missing', 'npm run build']);
      continue;
    }
    const bytes = statSync(f).size;
    rows.push([`dist/${name} (as built)`, kb(bytes), `${note}; ${bytes < 1024 * 1024 ? 'under 1 MB' : 'over 1 MB'}`]);
    rows.push([`dist/${name} gzip`, kb(gzipSync(readFileSync(f)).length), '']);
  }

  // A minified build of the core with a metafile, to name what the size is made of. The libraries
  // the engine loads on demand stay outside it, as in esbuild.config.mjs (dist/vendor/).
  const r = await build({
    entryPoints: ['src/extension/core.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    mainFields: ['module', 'main'],
    external: ['vscode', 'zod', 'yaml', 'jsonc-parser', 'diff', 'node-sql-parser/*'],
    minify: true,
    write: false,
    metafile: true,
    outfile: 'bench-extension.js',
    logLevel: 'silent',
    define: { VERSION: '"bench"' },
  });
  const out = Object.values(r.metafile.outputs)[0]!;
  rows.push(['core, minified (as `npm run package` ships it)', kb(out.bytes), out.bytes < 1024 * 1024 ? 'under 1 MB' : 'over 1 MB']);
  const by = new Map<string, number>();
  for (const [file, v] of Object.entries(out.inputs)) {
    const parts = file.split('/');
    const key = parts[0] === 'node_modules' ? parts.slice(0, parts[1]?.startsWith('@') ? 3 : 2).join('/') : parts.slice(0, 2).join('/');
    by.set(key, (by.get(key) ?? 0) + v.bytesInOutput);
  }
  for (const [k, v] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 6)) rows.push([`  of which ${k}`, kb(v), `${((v / out.bytes) * 100).toFixed(0)} %`]);
  const vendor = join('dist', 'vendor');
  if (existsSync(vendor)) {
    const files = readdirSync(vendor).filter((f) => f.endsWith('.js'));
    const total = files.reduce((n, f) => n + statSync(join(vendor, f)).size, 0);
    rows.push(['dist/vendor/*.js (zod, yaml, SQL grammars, diff, jsonc; required on demand)', kb(total), `${files.length} files, not loaded at activation`]);
  }

  if (existsSync(activationFile)) {
    const a = JSON.parse(readFileSync(activationFile, 'utf8')) as { activateMs: number; requireMs: number; coreMs?: number; host: string; when: string };
    rows.push([`activate() in the extension host (${a.host})`, `${a.activateMs.toFixed(1)} ms`, a.activateMs < 50 ? 'under 50 ms' : 'OVER the 50 ms target']);
    rows.push(['require() of a fresh copy of the bundle', `${a.requireMs.toFixed(1)} ms`, `measured ${a.when.slice(0, 16)}`]);
    rows.push([
      'activation total (require + activate)',
      `${(a.activateMs + a.requireMs).toFixed(1)} ms`,
      a.activateMs + a.requireMs < 50 ? 'under 50 ms' : 'OVER the 50 ms target',
    ]);
    if (a.coreMs !== undefined)
      rows.push(['core load + bridge start, deferred after activation', `${a.coreMs.toFixed(1)} ms`, 'engine, zod, SQL parser; off the activation path']);
  } else rows.push(['activation', 'not measured', 'run npm run test:integration first']);

  process.stdout.write('## Extension\n\n| what | figure | note |\n|---|---:|---|\n');
  for (const row of rows) process.stdout.write(`| ${row.join(' | ')} |\n`);
  process.stdout.write('\n');
}

void main();
