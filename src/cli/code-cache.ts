// Loads dist/hook-local.js (the engine half of the hook) with the V8 code cache built next to it.
//
// Trust: the hook runs no code an agent could replace without writing into the hook's own
// installed directory (a guard asset). The cache is made at build time (esbuild.config.mjs runs
// the engine over a few typical calls, then asks V8 for the compiled code) and shipped beside
// hook-local.js; it is never written at run time. V8 accepts cached data whose source has the
// right *length*, whatever its bytes, so a cache is used only when the sha256 of both the source
// and the cache equal the digests compiled into dist/hook.js by the same build: hook.js is the one
// trust anchor, and a swapped, stale or half-upgraded pair is compiled from source instead (and
// said so). V8 itself rejects a cache made by another V8 version or other flags (a Node upgrade):
// that costs one normal compile and nothing else.
//
// Does not catch: a change to hook.js itself, or to the dist/vendor/*.js libraries the engine
// requires on demand (plain JavaScript compiled from source, as trusted as hook.js: same folder).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

export interface Digests {
  /** sha256 (hex) of the module's source as built. */
  source: string;
  /** sha256 (hex) of the code cache built for it. */
  cache: string;
}

export interface Loaded<T> {
  exports: T;
  /** V8 accepted the cache (false: no cache, a mismatch, or another Node version). */
  cacheUsed: boolean;
  /** Set when the files next to the hook do not match what the hook was built with. */
  note?: string;
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/**
 * Requires a CommonJS bundle, with `cacheFile` as V8's code cache only when both digests match.
 * Without `digests` (a development build) the cache is never read. Throws what reading or running
 * the module throws (the hook turns that into its blocking answer).
 */
export function requireWithVerifiedCache<T>(file: string, cacheFile: string, digests: Digests | undefined): Loaded<T> {
  const sourceBytes = readFileSync(file);
  let cached: Buffer | undefined;
  let note: string | undefined;
  if (digests) {
    if (sha256(sourceBytes) !== digests.source) {
      note = `${file} is not the file this hook was built with; its code cache was not used`;
    } else {
      try {
        cached = readFileSync(cacheFile);
      } catch {
        // no cache shipped (or unreadable): compile from source
      }
      if (cached && sha256(cached) !== digests.cache) {
        note = `${cacheFile} does not match the digest this hook carries; it was ignored`;
        cached = undefined;
      }
    }
  }
  const script = new Script(Module.wrap(sourceBytes.toString('utf8')), { filename: file, ...(cached ? { cachedData: cached } : {}) });
  const fn = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;
  const mod = { exports: {} as unknown };
  fn.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
  return { exports: mod.exports as T, cacheUsed: !!cached && script.cachedDataRejected === false, ...(note ? { note } : {}) };
}

/**
 * Build time only: compiles `file` exactly as requireWithVerifiedCache does, lets `train` run the
 * module's typical calls (so their lazily compiled functions are in the cache too), and returns
 * the cache V8 produces.
 */
export async function buildCodeCache(file: string, train: (exports: unknown) => Promise<void>): Promise<Buffer> {
  const source = readFileSync(file, 'utf8');
  const script = new Script(Module.wrap(source), { filename: file });
  const fn = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;
  const mod = { exports: {} as unknown };
  fn.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
  await train(mod.exports);
  return script.createCachedData();
}
