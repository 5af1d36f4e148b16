// One build for every process: dist/cli.js (the hook and CLI, shebang), dist/hook.js (the hook's
// loader) with dist/hook-main.js, its engine half and their code caches, dist/extension.js (vscode external) and, with --tests, a file-by-file
// transpile of src/, test/ and scripts/ into out/ for mocha plus the test bundles in
// out/test-dist. Types are checked separately by `tsc --noEmit` (npm run check-types).
// out/ is emptied first: a test file deleted from test/ must not keep running from a stale out/.
// Every bundle's entry must exist: a missing one fails the build with one line, never a bundle
// silently left out (or left behind from an earlier build).
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSplitHook, EXTRA_ROOTS } from './scripts/hook-split.mjs';

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

/** Stops the build with one line on stderr (no stack trace) and exit 1. */
function fail(message) {
  process.stderr.write(`build: ${message}\n`);
  process.exit(1);
}

// The entry of every bundle we ship: each must be there, or the build fails.
const ENTRIES = [
  'src/cli/main.ts',
  'src/cli/hook-stub.ts',
  'src/cli/hook-main.ts',
  'src/cli/hook-local.ts',
  'src/extension/extension.ts',
  'src/extension/core.ts',
  'scripts/hook-cache.ts',
  // The roots of dist/hook-extra.js (scripts/hook-split.mjs).
  ...EXTRA_ROOTS,
];
const missing = ENTRIES.filter((e) => !existsSync(e));
if (missing.length) fail(`bundle entr${missing.length === 1 ? 'y' : 'ies'} missing: ${missing.join(', ')} (esbuild.config.mjs ENTRIES)`);

const common = {
  bundle: true,
  mainFields: ['module', 'main'],
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  // BR_KEEP_NAMES keeps the names in a production build, for profiling it.
  ...(production && process.env.BR_KEEP_NAMES ? { minifySyntax: true, minifyWhitespace: true } : { minify: production }),
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
/** Requires the vendored libraries from dist/vendor/ instead of bundling them, but those in `kept`. */
const vendoring = (kept = []) => ({
  name: 'vendor',
  setup(build) {
    build.onResolve({ filter: /^(zod|yaml|jsonc-parser|diff|node-sql-parser\/build\/[a-z]+)$/ }, (a) => {
      if (!VENDORED.includes(a.path) || kept.includes(a.path)) return undefined;
      return { path: `./${vendorFile(a.path)}.js`, external: true };
    });
  },
});
const vendorPlugin = vendoring();
// Both halves of the hook bundle the parts of diff they use: the adapters turn every edit into a
// unified diff (diff/lib/patch/create.js) and the engine reads every multi-line write with a line
// diff (diff/lib/diff/line.js). Named by their own paths, those two are all that is bundled (the
// package's index would bring its word, JSON and CSS diffs too, 20 KB set up on every call: ~0.7 ms
// for a write or an edit); inside hook-main.js and hook-local.js they are compiled from the shipped
// code caches instead of from source. A bare 'diff' in the hook's code would be bundled whole.
const hookVendorPlugin = vendoring(['diff']);

// BR_DIST_OUT builds the shipped bundles elsewhere (the hook bench measures a production build
// without touching dist/).
const DIST = process.env.BR_DIST_OUT ?? 'dist';
const OUT = process.env.BR_OUT ?? 'out';

/** dist/cli.js and the vendored libraries, into `dir`. */
const cliBuilds = (dir, define = {}) => [
  {
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: dir,
    banner: { js: '#!/usr/bin/env node' },
    define: { ...common.define, ...define },
    plugins: [vendorPlugin],
  },
  { ...common, entryPoints: VENDORED.map((m) => ({ in: m, out: vendorFile(m) })), outdir: dir, sourcemap: false },
];

// The hook, in three files, because it starts before every agent tool call. dist/hook.js is only a
// loader (node compiles it from source, so it stays a few KB); dist/hook-main.js is the hook
// (adapters, bridge client, audit); dist/hook-local.js is the engine half, loaded only when no
// editor answers. The two big ones are compiled from a V8 code cache built beside each, made at
// build time by scripts/hook-cache.ts (which trains each on typical calls). Built in order: the
// engine half and its cache, the hook with the engine half's build id compiled in and its cache,
// then the loader with the hook's build id compiled in: each file uses a cache only with the bundle
// of its own build (src/cli/code-cache.ts). A watch build carries no ids and so never uses a cache.
// Each is written as one function expression, the wrapper node would put around a CommonJS module,
// so the loader compiles the file's text as it is: no wrapped copy of 700 KB to make (and flatten
// again when V8 compiles a function lazily).
const WRAPPED = { banner: { js: '(function (exports, require, module, __filename, __dirname) {' }, footer: { js: '})' } };
const hookLocalBuild = (dir) => ({
  ...common,
  ...WRAPPED,
  entryPoints: { 'hook-local': 'src/cli/hook-local.ts' },
  outdir: dir,
  plugins: [hookVendorPlugin],
});
// The engine half's rarer tool families, loaded on their first use (scripts/hook-split.mjs links it
// to hook-local.js, so no module is in both).
const hookExtraBuild = (dir) => ({ ...common, ...WRAPPED, outdir: dir, plugins: [hookVendorPlugin] });
const hookMainBuild = (dir, local, define = {}) => ({
  ...common,
  ...WRAPPED,
  entryPoints: { 'hook-main': 'src/cli/hook-main.ts' },
  outdir: dir,
  define: {
    ...common.define,
    BR_HOOK_BUNDLE: 'true',
    BR_LOCAL_BUILD_ID: JSON.stringify(local?.id ?? ''),
    ...define,
  },
  plugins: [hookVendorPlugin],
});
const hookStubBuild = (dir, main) => ({
  ...common,
  entryPoints: { hook: 'src/cli/hook-stub.ts' },
  outdir: dir,
  banner: { js: '#!/usr/bin/env node' },
  define: { ...common.define, BR_MAIN_BUILD_ID: JSON.stringify(main?.id ?? '') },
});

/** Runs scripts/hook-cache.ts (bundled to a temp file) on one hook bundle in `dir`; returns its build id ({ id }). */
async function makeHookCache(dir, name, args = [], cacheName = `${name}.cache`) {
  const tmp = mkdtempSync(join(tmpdir(), 'br-hook-cache-build-'));
  try {
    const script = join(tmp, 'hook-cache.js');
    await esbuild.build({ ...common, minify: false, sourcemap: false, entryPoints: ['scripts/hook-cache.ts'], outfile: script, plugins: [vendorPlugin] });
    const r = spawnSync(process.execPath, [script, ...args, join(dir, `${name}.js`), join(dir, cacheName)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (r.status !== 0) throw new Error(`the code cache of ${name}.js could not be built: ${r.stderr.trim() || `exit ${r.status}`}`);
    return JSON.parse(r.stdout.trim().split('\n').pop());
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The hook bundles into `dir`, in order (after the vendored libraries: training requires them). */
async function buildHook(dir, define = {}) {
  const ascii = production ? ['--ascii'] : [];
  await buildSplitHook(hookLocalBuild(dir), hookExtraBuild(dir), async () => {
    const extra = await makeHookCache(dir, 'hook-extra', ['--extra', ...ascii]);
    return { BR_EXTRA_BUILD_ID: JSON.stringify(extra.id) };
  });
  const local = await makeHookCache(dir, 'hook-local', ascii);
  await makeHookCache(dir, 'hook-local', ['--files'], 'hook-local.file.cache');
  await esbuild.build(hookMainBuild(dir, local, define));
  const main = await makeHookCache(dir, 'hook-main', ['--main', ...ascii]);
  await esbuild.build(hookStubBuild(dir, main));
}

/** What compile-tests writes into out/: nothing else may be there when it is emptied. */
const OUT_ENTRIES = new Set(['src', 'test', 'scripts', 'bench', 'test-dist']);

/**
 * Empties the test output folder first, so only today's tests run. BR_OUT is a variable, so a
 * folder holding anything compile-tests does not write (`BR_OUT=.`, `BR_OUT=src`, a home folder)
 * is refused, never deleted.
 */
function emptyOut(dir) {
  if (!existsSync(dir)) return;
  const foreign = readdirSync(dir).filter((n) => !OUT_ENTRIES.has(n));
  if (foreign.length)
    fail(`BR_OUT=${dir} holds ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}, which compile-tests did not write; refusing to empty it`);
  rmSync(dir, { recursive: true, force: true });
}

/** The builds this invocation asks for (tests, watch, or the shipped bundles). */
async function main() {
  if (args.has('--tests')) {
    emptyOut(OUT);
    await esbuild.build({
      entryPoints: [...walk('src'), ...walk('test'), ...walk('scripts'), ...walk('bench')],
      outdir: OUT,
      outbase: '.',
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      sourcemap: 'inline',
      logLevel: 'warning',
    });
    // The bundles the unit tests run (out/test-dist): the same sources as dist/, with one constant
    // more, BR_TEST_EDITOR_PARENT, that lets the test process (which starts each hook) stand in for
    // the editor (src/cli/hook.ts trustOptions). Compiled in, so no shipped build can switch it on.
    const testDist = join(OUT, 'test-dist');
    const testDefine = { BR_TEST_EDITOR_PARENT: 'true' };
    await Promise.all(cliBuilds(testDist, testDefine).map((b) => esbuild.build(b)));
    await buildHook(testDist, testDefine);
  } else {
    const builds = [
      ...cliBuilds(DIST),
      {
        ...common,
        // The entry stays tiny (activation cost); the core (engine, zod, SQL parser) is its own
        // file, required by the entry after activate() returns.
        entryPoints: { extension: 'src/extension/extension.ts', 'extension-core': 'src/extension/core.ts' },
        outdir: DIST,
        external: ['vscode'],
        plugins: [vendorPlugin],
      },
    ];
    if (watch) {
      builds.push(hookLocalBuild(DIST), hookMainBuild(DIST, undefined), hookStubBuild(DIST, undefined));
      for (const b of builds) await (await esbuild.context(b)).watch();
    } else {
      await Promise.all(builds.map((b) => esbuild.build(b)));
      await buildHook(DIST);
    }
  }
}

try {
  await main();
} catch (err) {
  // esbuild has already printed each error with its place; this is the one line that ends it.
  fail(String(err instanceof Error ? err.message : err).split('\n')[0]);
}
