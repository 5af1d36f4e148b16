// One build for every process: dist/cli.js (the hook and CLI, shebang), dist/extension.js
// (vscode external) and, with --tests, a file-by-file transpile of src/, test/ and scripts/
// into out/ for mocha. Types are checked separately by `tsc --noEmit` (npm run check-types).
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const common = {
  bundle: true,
  mainFields: ['module', 'main'],
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  legalComments: 'none',
  logLevel: 'warning',
  define: { VERSION: JSON.stringify(pkg.version) },
};

// The libraries the engine loads only on demand (zod to validate, yaml for manifests, SQL
// grammars, diff, jsonc) are bundled once as dist/vendor/*.js and required from there at run time,
// so dist/cli.js, dist/hook-local.js and dist/extension-core.js hold our code alone: the file read
// and the code parsed (or the V8 cache deserialised) on every no-editor hook call shrink ~6×.
const VENDORED = ['zod', 'yaml', 'jsonc-parser', 'diff', ...['postgresql', 'mysql', 'sqlite', 'transactsql'].map((d) => `node-sql-parser/build/${d}`)];
const vendorFile = (m) => `vendor/${m.replace(/[^a-z0-9]+/gi, '-')}`;
const vendorPlugin = {
  name: 'vendor',
  setup(build) {
    build.onResolve({ filter: /^(zod|yaml|jsonc-parser|diff|node-sql-parser\/build\/[a-z]+)$/ }, (a) => {
      if (!VENDORED.includes(a.path)) return undefined;
      return { path: `./${vendorFile(a.path)}.js`, external: true };
    });
  },
};

// BR_DIST_OUT builds the shipped bundles elsewhere (the hook bench measures a production build
// without touching dist/).
const DIST = process.env.BR_DIST_OUT ?? 'dist';

const builds = [];
if (args.has('--tests')) {
  builds.push({
    entryPoints: [...walk('src'), ...walk('test'), ...walk('scripts'), ...walk('bench')],
    outdir: process.env.BR_OUT ?? 'out',
    outbase: '.',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
} else {
  builds.push({
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: DIST,
    banner: { js: '#!/usr/bin/env node' },
    plugins: [vendorPlugin],
  });
  builds.push({ ...common, entryPoints: VENDORED.map((m) => ({ in: m, out: vendorFile(m) })), outdir: DIST, sourcemap: false });
  if (existsSync('src/cli/hook-main.ts')) {
    // The hook alone (it starts before every agent tool call, so it stays small) and its engine
    // half, which dist/hook.js requires from next to itself only when no editor answers.
    builds.push({
      ...common,
      entryPoints: { hook: 'src/cli/hook-main.ts' },
      outdir: DIST,
      banner: { js: '#!/usr/bin/env node' },
      define: { ...common.define, BR_HOOK_BUNDLE: 'true' },
    });
    builds.push({ ...common, entryPoints: { 'hook-local': 'src/cli/hook-local.ts' }, outdir: DIST, plugins: [vendorPlugin] });
  }
  if (existsSync('src/extension/extension.ts')) {
    builds.push({
      ...common,
      // The entry stays tiny (activation cost); the core (engine, zod, SQL parser) is its own
      // file, required by the entry after activate() returns.
      entryPoints: { extension: 'src/extension/extension.ts', ...(existsSync('src/extension/core.ts') ? { 'extension-core': 'src/extension/core.ts' } : {}) },
      outdir: DIST,
      external: ['vscode'],
      plugins: [vendorPlugin],
    });
  }
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
