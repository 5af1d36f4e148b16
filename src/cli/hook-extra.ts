// Loads dist/hook-extra.js, the engine's rarer tool families (scripts/hook-split.mjs says which and
// why), the first time the engine half requires one of them. Only dist/hook-local.js calls this:
// the build turns each lazy require of a family there into `extraModule(<its path>, <registry>)`;
// everywhere else (dist/cli.js, the extension, the tests' modules) those requires stay plain.
//
// Trust is by place, as for the other hook files: hook-extra.js sits in the hook's own folder (a
// guard asset; root-owned with `install --system`), is matched to its code cache by the build id
// compiled into hook-local.js, and is compiled from source, with a note, when the ids differ.
// A missing or broken hook-extra.js throws: the engine turns an analyzer that throws into a high
// finding (engine.analyzer-error), so the call needs a person, never a silent allow.
import { join } from 'node:path';
import { requireWithBuildCache } from './code-cache';

/** The build id dist/hook-extra.js and its cache carry, compiled into hook-local.js by its build. */
declare const BR_EXTRA_BUILD_ID: string | undefined;

/** What hook-extra.js exports: each root module behind a function that sets it up on first use. */
export interface ExtraBundle {
  MODULES: Record<string, () => unknown>;
}

/** hook-local's modules that hook-extra.js imports, by path: each returns hook-local's own instance. */
export type SharedRegistry = Record<string, () => unknown>;

/** How hook-extra.js asks for one of hook-local's modules (scripts/hook-split.mjs writes it). */
export const SHARED_PREFIX = 'br-shared:';

let loaded: { bundle: ExtraBundle; note?: string } | undefined;

/**
 * The require hook-extra.js is given: a `br-shared:` name is hook-local's instance of that module
 * (so no module has two), anything else (node's own modules, dist/vendor/*) resolves as `req` does.
 */
export function sharedRequire(shared: SharedRegistry, req: NodeJS.Require): NodeJS.Require {
  const own = (id: string): unknown => {
    if (!id.startsWith(SHARED_PREFIX)) return req(id);
    const key = id.slice(SHARED_PREFIX.length);
    const get = Object.prototype.hasOwnProperty.call(shared, key) ? shared[key] : undefined;
    if (!get) throw new Error(`hook-extra.js asks for ${key}, which this hook-local.js does not hold (the two are from different builds)`);
    return get();
  };
  return Object.assign(own, req) as NodeJS.Require;
}

/** Loads the bundle in `dir` once per process (its module state is the engine's, so never twice). */
export function loadExtra(dir: string, shared: SharedRegistry, buildId: string | undefined, req: NodeJS.Require): ExtraBundle {
  if (loaded) return loaded.bundle;
  const file = join(dir, 'hook-extra.js');
  const r = requireWithBuildCache<ExtraBundle>(file, join(dir, 'hook-extra.cache'), buildId, sharedRequire(shared, req));
  if (typeof r.exports?.MODULES !== 'object' || r.exports.MODULES === null) throw new Error(`${file} is not the hook's extra bundle (no MODULES)`);
  loaded = { bundle: r.exports, ...(r.note ? { note: r.note } : {}) };
  return loaded.bundle;
}

/** One root module of hook-extra.js (`key`: its path in the repository, as the build names it). */
export function extraModule(key: string, shared: SharedRegistry): unknown {
  const id = typeof BR_EXTRA_BUILD_ID === 'string' && BR_EXTRA_BUILD_ID ? BR_EXTRA_BUILD_ID : undefined;
  const bundle = loadExtra(__dirname, shared, id, require);
  const get = Object.prototype.hasOwnProperty.call(bundle.MODULES, key) ? bundle.MODULES[key] : undefined;
  if (!get) throw new Error(`${join(__dirname, 'hook-extra.js')} has no module ${key} (it is from another build)`);
  return get();
}

/** Why hook-extra.js's cache was not used, when it was loaded and its build did not match. */
export const extraNote = (): string | undefined => loaded?.note;
