// dist/hook.js: the hook alone, as small as it can be (it starts before every agent tool call).
// `node dist/hook.js <agent>` is what the installers write; `blast-radius hook <agent>` does the
// same through the full CLI bundle. The engine half is dist/hook-local.js, loaded only when no
// editor answers.
import { runHook } from './hook';

runHook(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Never exit 1: several agents read it as "go ahead".
    process.stderr.write(`Blast Radius: internal error (${err instanceof Error ? err.message : String(err)}); blocked.\n`);
    process.exitCode = 2;
  },
);
