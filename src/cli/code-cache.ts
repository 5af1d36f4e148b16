// Loads a CommonJS bundle through V8's code cache (Node 20 has no module.enableCompileCache).
// Compiling dist/hook-local.js (~2 MB: engine, zod, parsers) is most of the hook's cost when no
// editor answers; with the cache V8 skips it. The cache lives in the user's cache directory,
// keyed by the bundle's size, mtime, inode and the Node version; V8 itself rejects data made by
// another V8 or with other flags, and a rejected or unreadable cache only means a normal compile.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

function cacheDir(env: NodeJS.ProcessEnv): string {
  if (env.BLAST_RADIUS_CACHE_DIR) return env.BLAST_RADIUS_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'blast-radius');
  return join(env.HOME || env.USERPROFILE || homedir(), '.cache', 'blast-radius');
}

export interface Loaded<T> {
  exports: T;
  /** Writes the cache when it was missing or rejected; call after the loaded code has run, so
   * that the functions it compiled lazily are in the cache too. Never throws. */
  save(): void;
}

export function requireWithCodeCache<T>(file: string, env: NodeJS.ProcessEnv = process.env): Loaded<T> {
  const source = readFileSync(file, 'utf8');
  let cacheFile: string | undefined;
  let cached: Buffer | undefined;
  try {
    const st = statSync(file);
    cacheFile = join(cacheDir(env), `${st.size}-${Math.floor(st.mtimeMs)}-${st.ino}-${process.version}-${process.arch}.v8cache`);
    cached = readFileSync(cacheFile);
  } catch {
    // no cache yet
  }
  const script = new Script(Module.wrap(source), { filename: file, ...(cached ? { cachedData: cached } : {}) });
  const fn = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;
  const mod = { exports: {} as unknown };
  fn.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
  const fresh = !cached || script.cachedDataRejected === true;
  return {
    exports: mod.exports as T,
    save() {
      if (!fresh || !cacheFile) return;
      try {
        mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        renameSync(tmp, cacheFile);
      } catch {
        // a cache that cannot be written only costs the next call a compile
      }
    },
  };
}
