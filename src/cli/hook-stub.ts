// dist/hook.js, the command every agent's hook settings run: `node …/dist/hook.js <agent>`. It is
// only this loader, so node compiles next to nothing from source; the hook itself is
// dist/hook-main.js, compiled from the V8 code cache built beside it when both carry the build id
// compiled in here (code-cache.ts says why that is enough, and what it does not catch). A hook
// that cannot be loaded (a file missing, unreadable or broken) is the blocking answer: exit 2,
// which the command `install` writes (`… || exit 2`) keeps, and the reason on stderr.
import { requireWithBuildCache } from './code-cache';

/** The build id dist/hook-main.js and its cache carry, compiled in by the build that made them. */
declare const BR_MAIN_BUILD_ID: string | undefined;

type HookMain = typeof import('./hook-main');

try {
  const id = typeof BR_MAIN_BUILD_ID === 'string' && BR_MAIN_BUILD_ID ? BR_MAIN_BUILD_ID : undefined;
  // This file's own require: hook-main.js sits in the same folder.
  const loaded = requireWithBuildCache<HookMain>(`${__dirname}/hook-main.js`, `${__dirname}/hook-main.cache`, id, require);
  loaded.exports.start(process.argv.slice(2), loaded.note);
} catch (err) {
  process.stderr.write(`Blast Radius: the hook could not start (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); blocked.\n`);
  process.exitCode = 2;
}
