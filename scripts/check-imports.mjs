// Fails the build when the layering (README, Development) is broken:
//  - src/engine imports vscode or any I/O module (fs, net, child_process, http, https, os, ...)
//  - src/engine imports anything of ours outside src/engine
//  - anything outside src/extension imports vscode
//  - anything imports src/cli or src/extension except themselves
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';

const IO = new Set([
  'fs',
  'fs/promises',
  'net',
  'child_process',
  'http',
  'https',
  'http2',
  'os',
  'dgram',
  'tls',
  'worker_threads',
  'cluster',
  'readline',
  'process',
]);
const root = resolve(process.argv[2] ?? '.');
const srcDir = join(root, 'src');

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|tsx|js|mjs|cjs)$/.test(name)) out.push(p);
  }
  return out;
}

// import … from 'x', import 'x', export … from 'x', require('x'), import('x')
const SPEC = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

const problems = [];
for (const file of walk(srcDir)) {
  const rel = relative(root, file).split(sep).join('/');
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|(^|[^:])\/\/.*$/gm, '$1');
  const area = rel.split('/')[1];
  for (const m of text.matchAll(SPEC)) {
    const spec = m[1];
    const bare = spec.replace(/^node:/, '');
    if (spec === 'vscode' && area !== 'extension') problems.push(`${rel}: imports vscode (only src/extension may)`);
    if (area === 'engine') {
      if (IO.has(bare) || (spec.startsWith('node:') && !['node:crypto', 'node:util', 'node:buffer'].includes(spec)))
        problems.push(`${rel}: src/engine must stay pure but imports '${spec}'`);
      if (spec.startsWith('.')) {
        const target = relative(srcDir, resolve(dirname(file), spec)).split(sep)[0];
        if (target !== 'engine') problems.push(`${rel}: src/engine imports ours from outside the engine ('${spec}')`);
      }
    }
    if (spec.startsWith('.') && area !== 'cli' && area !== 'extension') {
      const target = relative(srcDir, resolve(dirname(file), spec)).split(sep)[0];
      if (target === 'cli' || target === 'extension') problems.push(`${rel}: imports src/${target} ('${spec}'); nothing may import cli or extension`);
    }
  }
}
if (problems.length) {
  for (const p of problems) console.error(`check-imports: ${p}`);
  process.exit(1);
}
console.log('check-imports: layering ok');
