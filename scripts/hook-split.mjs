// The build's linker for the hook's engine half, which ships as two files: dist/hook-local.js (what
// nearly every call runs) and dist/hook-extra.js (the rarer tool families, which the engine already
// requires lazily: the cloud, Kubernetes, database, container, IaC and network packs, and the
// plan, Terraform, CloudFormation, Kubernetes, SQL and tool-call analyzers with their rules). A
// fresh node takes on every byte of the file it loads, on every call, so the rarer code is kept out
// of the one that every call loads (731 -> 422 KiB shipped).
//
// esbuild splits code only for ES modules, and two CommonJS bundles made separately would each get
// their own copy of every module both use: two copies of a table or a cache, two identities for a
// class, and rules judged by a copy of a helper the engine half never sees. So the two are linked
// here, and no module is in both:
//   1. hook-local is built with each lazy `require()` of a root below turned into a load from
//      hook-extra.js (src/cli/hook-extra.ts); its metafile gives the modules it holds.
//   2. hook-extra is built from the roots, with every module hook-local holds left out: an import of
//      one becomes `require("br-shared:<its path>")`, which the loader answers with hook-local's own
//      instance of that module.
//   3. hook-local is built again, with a registry of just those modules (each behind a require, so
//      nothing is set up before it was before), and must hold exactly the modules of step 1.
// The build fails when a root is also imported statically by hook-local's code (it would be in
// both), when a module ends up in both files, or when step 3 changes what hook-local holds.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

/**
 * The lazily required modules that go to hook-extra.js, with what only they use: a list of its own
 * (scripts/hook-extra-roots.json), which the build checks exists like every other entry.
 */
export const EXTRA_ROOTS = JSON.parse(readFileSync(new URL('./hook-extra-roots.json', import.meta.url), 'utf8'));

const LOADER = resolve('src/cli/hook-extra.ts');
const SHARED_PREFIX = 'br-shared:';
/** A module's key in both files: its path from the repository root, as the metafile names it. */
const keyOf = (abs) => relative(process.cwd(), abs).split('\\').join('/');
/** The files (not virtual modules) a metafile's bundle holds, by key. */
const filesOf = (metafile) => new Set(Object.keys(metafile.inputs).filter((k) => !k.includes(':')));

/**
 * hook-local's side: each `require()` of a root loads it from hook-extra.js, through the loader,
 * with `shared` (keys of hook-local's modules that hook-extra imports) as its registry.
 */
function toExtra(roots, shared) {
  return {
    name: 'hook-extra-link',
    setup(build) {
      build.onResolve({ filter: /^br-registry$/ }, () => ({ path: 'registry', namespace: 'br-registry' }));
      build.onLoad({ filter: /.*/, namespace: 'br-registry' }, () => ({
        // A require each, not `import * as`: a module the engine sets up lazily stays lazy.
        contents: `module.exports = {\n${[...shared]
          .sort()
          .map((k) => `  ${JSON.stringify(k)}: () => require(${JSON.stringify(resolve(k))}),`)
          .join('\n')}\n};\n`,
        resolveDir: process.cwd(),
        loader: 'js',
      }));
      build.onResolve({ filter: /^\./ }, async (a) => {
        if (a.kind !== 'require-call' || a.pluginData?.linking) return undefined;
        const r = await build.resolve(a.path, { kind: a.kind, resolveDir: a.resolveDir, importer: a.importer, pluginData: { linking: true } });
        if (r.errors.length || !roots.has(r.path)) return undefined;
        return { path: keyOf(r.path), namespace: 'br-extra' };
      });
      build.onLoad({ filter: /.*/, namespace: 'br-extra' }, (a) => ({
        contents: `module.exports = require(${JSON.stringify(LOADER)}).extraModule(${JSON.stringify(a.path)}, require("br-registry"));\n`,
        resolveDir: process.cwd(),
        loader: 'js',
      }));
    },
  };
}

/** hook-extra's side: every module hook-local holds is hook-local's, asked for by key; `used` collects them. */
function fromLocal(local, used) {
  return {
    name: 'hook-extra-shared',
    setup(build) {
      build.onResolve({ filter: /^br-extra-entry$/ }, () => ({ path: 'entry', namespace: 'br-extra-entry' }));
      build.onLoad({ filter: /.*/, namespace: 'br-extra-entry' }, () => ({
        // The roots, each set up on its first require, as the engine did before the split.
        contents: `exports.MODULES = {\n${EXTRA_ROOTS.map((k) => `  ${JSON.stringify(k)}: () => require(${JSON.stringify(resolve(k))}),`).join('\n')}\n};\n`,
        resolveDir: process.cwd(),
        loader: 'js',
      }));
      build.onResolve({ filter: /.*/ }, async (a) => {
        if (a.pluginData?.linking || a.namespace !== 'file' || a.kind === 'entry-point') return undefined;
        const r = await build.resolve(a.path, { kind: a.kind, resolveDir: a.resolveDir, importer: a.importer, pluginData: { linking: true } });
        if (r.errors.length || r.external || !r.path) return undefined;
        const key = keyOf(r.path);
        if (!local.has(key)) return undefined;
        used.add(key);
        return { path: `${SHARED_PREFIX}${key}`, external: true };
      });
    },
  };
}

/**
 * Builds hook-local.js and hook-extra.js from the two esbuild option sets (everything but the
 * linking), linked as above. `afterExtra` runs once hook-extra.js is written and returns what the
 * second hook-local build defines besides (hook-extra's build id). Returns the modules of each.
 */
export async function buildSplitHook(localOptions, extraOptions, afterExtra) {
  const roots = new Set(EXTRA_ROOTS.map((r) => resolve(r)));
  const pass = (shared, write, define = {}) =>
    esbuild.build({
      ...localOptions,
      define: { ...localOptions.define, ...define },
      write,
      metafile: true,
      plugins: [...(localOptions.plugins ?? []), toExtra(roots, shared)],
    });
  const first = await pass(new Set(), false);
  const local = filesOf(first.metafile);
  const inBoth = EXTRA_ROOTS.filter((r) => local.has(r));
  if (inBoth.length) throw new Error(`hook-extra roots imported statically by hook-local's code: ${inBoth.join(', ')}`);

  const used = new Set();
  const extra = await esbuild.build({
    ...extraOptions,
    entryPoints: { 'hook-extra': 'br-extra-entry' },
    metafile: true,
    plugins: [...(extraOptions.plugins ?? []), fromLocal(local, used)],
  });
  const extraFiles = filesOf(extra.metafile);
  const dup = [...extraFiles].filter((k) => local.has(k));
  if (dup.length) throw new Error(`modules in both hook-local.js and hook-extra.js: ${dup.join(', ')}`);
  const missingRoots = EXTRA_ROOTS.filter((r) => !extraFiles.has(r));
  if (missingRoots.length) throw new Error(`hook-extra.js lacks its roots: ${missingRoots.join(', ')}`);

  const second = await pass(used, true, await afterExtra());
  const after = filesOf(second.metafile);
  const changed = [...after].filter((k) => !local.has(k)).concat([...local].filter((k) => !after.has(k)));
  if (changed.length) throw new Error(`the registry changed what hook-local.js holds: ${changed.join(', ')}`);
  return { local: [...local].sort(), extra: [...extraFiles].sort(), shared: [...used].sort() };
}
