// dist/hook-main.js: the hook (the agents' adapters, the bridge client, the light policy read, the
// audit append), as small as it can be: it runs before every agent tool call. dist/hook.js
// (hook-stub.ts) loads it with its code cache and calls start(); `blast-radius hook <agent>` runs
// the same runHook through the full CLI bundle. The engine half is dist/hook-local.js, loaded only
// when no editor answers.
import { runHook } from './hook';

/** Runs the hook for `argv` (`<agent> [options]`); `note` says why the stub could not use the cache. */
export function start(argv: string[], note?: string): void {
  runHook(argv, note).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      // Never exit 1: several agents read it as "go ahead".
      process.stderr.write(`Blast Radius: internal error (${err instanceof Error ? err.message : String(err)}); blocked.\n`);
      process.exitCode = 2;
    },
  );
}
