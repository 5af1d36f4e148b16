// The guard's locations only known at run time, for the facts of every decision: the running
// code's own folder (the hook's dist/, a global node_modules/blast-radius, a root-owned system
// copy, the extension's folder), the audit log's own files and the bridge folder wherever
// environment variables put them, the cache folder, and the transcript the person's request is read
// from (a forged request would read "You asked for this"). Effects on them are guard tampering like
// those on the fixed locations in the engine's table (engine/effects/guard-assets.ts).
// Light: the hook computes them on its start-up path to send them to the editor.

/** The locations of this process's guard: `ownDir` is the folder its code runs from. */
export function runtimeGuardPaths(env: NodeJS.ProcessEnv, ownDir: string): string[] {
  const { defaultAuditFile, fallbackRoot, headFileOf, lockFileOf, spoolDirOf } = require('../audit') as typeof import('../audit');
  const { defaultBridgeDir } = require('../bridge/paths') as typeof import('../bridge/paths');
  const audit = defaultAuditFile(env);
  // The audit log's own files, not its folder: a log moved next to a project must not make the
  // project a guard asset (deleting the folder that holds the log is still caught: `within`).
  const out = [
    ownDir,
    audit,
    headFileOf(audit),
    lockFileOf(audit),
    `${lockFileOf(audit)}.break`,
    spoolDirOf(audit),
    // every log's fallback folder, not only this log's: the same guard, and no hash to take
    fallbackRoot(),
    defaultBridgeDir(env),
  ];
  if (env.BLAST_RADIUS_CACHE_DIR) out.push(env.BLAST_RADIUS_CACHE_DIR);
  return [...new Set(out)];
}

/** The transcript a request is read from, when it is a plain absolute .jsonl path (not /dev, /proc, /sys). */
export function transcriptGuard(path: string | undefined): string[] {
  return path && /^\/(?!dev\/|proc\/|sys\/)[^\0]+\.jsonl$/.test(path) ? [path] : [];
}
