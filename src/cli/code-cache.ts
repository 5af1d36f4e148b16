// Loads dist/hook-local.js (the engine half of the hook) with the V8 code cache built next to it.
//
// Trust is by place: the hook runs no code from outside its own installed folder. The cache is
// made at build time (esbuild.config.mjs runs the engine over a few typical calls, then asks V8
// for the compiled code) and shipped beside hook-local.js; it is never written at run time and
// nothing is read from the user's cache folder (where issue 10's poisoning put its bytecode). That
// folder is a guard asset, so an agent's write to any file in it is critical guard tampering, and
// with `install --system` it is root-owned.
//
// The pair is matched by a build id, not by a digest. `hook-local.js` ends with the id its build
// gave it, the cache starts with it, and `dist/hook.js` carries it: a cache from another build, a
// half-upgraded pair or a cache with no header is compiled from source instead (and said so), which
// matters because V8 accepts cached data whose source has the right *length*, whatever its bytes.
// A sha256 of the two files would add nothing against an agent that can write the folder (it can
// rewrite hook-local.js or hook.js itself, which run with or without a cache) and would cost
// ~3 ms on every call (loading node:crypto and hashing 1.3 MB), a seventh of the hook's budget.
// V8 itself rejects a cache made by another V8 version or with other flags (a Node upgrade): that
// costs one normal compile and nothing else.
import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

export interface Loaded<T> {
  exports: T;
  /** V8 accepted the cache (false: no cache, a mismatch, or another Node version). */
  cacheUsed: boolean;
  /** Set when the files next to the hook are not the ones the hook was built with. */
  note?: string;
}

/**
 * The files of the installed hook, in dist/: the loader, the hook, the engine half, its rarer tool
 * families (hook-extra.js, loaded on their first use: scripts/hook-split.mjs) and their code
 * caches (the engine half has two: one trained on shell commands, the default, and one trained on
 * file tools' calls, which the hook picks when every action of a call is one). What `install
 * --system` copies, `doctor` checks and the package ships, besides dist/vendor/.
 */
export const HOOK_FILES = [
  'hook.js',
  'hook-main.js',
  'hook-main.cache',
  'hook-local.js',
  'hook-local.cache',
  'hook-local.file.cache',
  'hook-extra.js',
  'hook-extra.cache',
] as const;

/** The last line of a built bundle (hook-main.js, hook-local.js): its build id. */
export const sourceTrailer = (id: string): string => `\n//# blast-radius-build ${id}\n`;
/** The first bytes of its code cache: the same id. The V8 data follows. */
export const cacheHeader = (id: string): string => `blast-radius-cache ${id}\n`;
/** A build id: hex, of a fixed length (so the header and the trailer are too). */
export const BUILD_ID_PATTERN = /^[0-9a-f]{32}$/;

const endsWith = (buf: Buffer, tail: string): boolean => buf.length >= tail.length && buf.toString('latin1', buf.length - tail.length) === tail;
const startsWith = (buf: Buffer, head: string): boolean => buf.length >= head.length && buf.toString('latin1', 0, head.length) === head;

/** The text of a bundle: esbuild writes ASCII (escapes outside regex literals), which decodes fastest as latin1. */
const textOf = (buf: Buffer): string => (isAscii(buf) ? buf.toString('latin1') : buf.toString('utf8'));

/**
 * Runs a bundle written as one function expression (the CommonJS module wrapper, esbuild.config.mjs
 * WRAPPED), with `cacheFile` as V8's code cache only when both carry `buildId`.
 * Without one (a development build) the cache is never read. `req` is the module's require: the
 * caller's own when it sits in the same folder (else one is made for `file`). Throws what reading
 * or running the module throws (the hook turns that into its blocking answer).
 */
export function requireWithBuildCache<T>(file: string, cacheFile: string, buildId: string | undefined, req?: NodeJS.Require): Loaded<T> {
  const sourceBytes = readFileSync(file);
  let cached: Buffer | undefined;
  let note: string | undefined;
  if (buildId && BUILD_ID_PATTERN.test(buildId)) {
    if (!endsWith(sourceBytes, sourceTrailer(buildId))) {
      note = `${file} is not the file this hook was built with; its code cache was not used`;
    } else {
      let raw: Buffer | undefined;
      try {
        raw = readFileSync(cacheFile);
      } catch {
        // no cache shipped (or unreadable): compile from source
      }
      const header = cacheHeader(buildId);
      if (raw && startsWith(raw, header)) cached = raw.subarray(header.length);
      else if (raw) note = `${cacheFile} is not the cache built with this hook; it was ignored`;
    }
  }
  const script = new Script(textOf(sourceBytes), { filename: file, ...(cached ? { cachedData: cached } : {}) });
  const fn = script.runInThisContext() as unknown;
  if (typeof fn !== 'function') throw new Error(`${file} is not a hook bundle (it does not evaluate to its module's function)`);
  const mod = { exports: {} as unknown };
  (fn as (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void).call(
    mod.exports,
    mod.exports,
    req ?? requireFrom(file),
    mod,
    file,
    dirname(file),
  );
  return { exports: mod.exports as T, cacheUsed: !!cached && script.cachedDataRejected === false, ...(note ? { note } : {}) };
}

/** A require that resolves from `file`'s folder (node:module is loaded only here: ~0.2 ms the hook saves by passing its own). */
const requireFrom = (file: string): NodeJS.Require => (require('node:module') as typeof import('node:module')).createRequire(file);

/**
 * Build time only: compiles `file` exactly as requireWithBuildCache does, lets `train` run the
 * module's typical calls (so their lazily compiled functions are in the cache too), and returns
 * the cache V8 produces (without the header).
 */
export async function buildCodeCache(file: string, train: (exports: unknown) => Promise<void>): Promise<Buffer> {
  const script = new Script(textOf(readFileSync(file)), { filename: file });
  const fn = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;
  const mod = { exports: {} as unknown };
  fn.call(mod.exports, mod.exports, requireFrom(file), mod, file, dirname(file));
  await train(mod.exports);
  return script.createCachedData();
}

/**
 * Build time only: the cache of `file`'s top level, made without running it (hook-extra.js, whose
 * module code needs hook-local's modules to run): V8 then neither parses the whole file again on
 * each load nor compiles more than the functions a call runs, as when that code sat inside
 * hook-local.js without being trained.
 */
export function topLevelCodeCache(file: string): Buffer {
  return new Script(textOf(readFileSync(file)), { filename: file }).createCachedData();
}
