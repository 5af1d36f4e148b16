// Build step (run by esbuild.config.mjs, bundled to a temp file): gives a hook bundle its build id
// (the first 32 hex digits of its sha256, as its last line), makes its V8 code cache (headed by the
// same id) and prints the id as JSON for the build to compile into the file that loads it
// (src/cli/code-cache.ts says why). Two bundles have one:
//   node hook-cache.js <dist/hook-local.js> <dist/hook-local.cache>         the engine half
//   node hook-cache.js --files <dist/hook-local.js> <dist/hook-local.file.cache>
//                                   its second cache, for file tools' calls (after the first)
//   node hook-cache.js --main <dist/hook-main.js> <dist/hook-main.cache>    the hook (after the above)
//   node hook-cache.js --extra <dist/hook-extra.js> <dist/hook-extra.cache> the rarer tool families
//                                   (before hook-local: its build compiles this id in); top level only
// --ascii (a production build) fails the build when the bundle is not ASCII.
//
// Each runs over typical calls first, in a throwaway HOME and project, so the functions they
// compile lazily are in the cache as well (a cache made right after loading holds little more than
// the module's top level). Nothing outside the temp folder is read as state or
// written: HOME, XDG_* and the Blast Radius paths all point inside it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { BUILD_ID_PATTERN, buildCodeCache, cacheHeader, sourceTrailer, topLevelCodeCache } from '../src/cli/code-cache';
import type { ParsedCall } from '../src/cli/agents/types';
import type { Action } from '../src/engine/schema';

type Local = typeof import('../src/cli/hook-local');

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/**
 * The calls the engine half's caches are trained on: what nearly every hook call is, an allowed
 * shell command (hook-local.cache) or file write or edit (hook-local.file.cache: the hook picks it
 * when every action of a call is a file tool's), not the benchmark's calls (the bench times ones the
 * training never ran). V8 deserialises a whole cache on every load, so each holds only what its kind
 * of call runs, and what only some calls run is left out and compiles lazily on the calls that need
 * it: rarer kinds (plans, SQL, Kubernetes, Terraform, tool calls), and the explanation of a call
 * that is stopped, which waits for a person anyway.
 */
function trainingActions(project: string, kind: 'shell' | 'files'): Action[] {
  if (kind === 'files')
    return [
      { kind: 'fileWrite', path: join(project, 'src', 'app.ts'), content: 'const port = 3001;\n', previous: 'const port = 3000;\n' },
      // Two lines for two: the diff library runs (a one-line change does not need it).
      {
        kind: 'fileEdit',
        path: join(project, 'src', 'app.ts'),
        edits: [{ oldText: 'const port = 3000;\nconst host = "localhost";', newText: 'const port = 3001;\nconst host = "0.0.0.0";' }],
      },
    ];
  const shell = [
    'npm run build',
    'npx tsc --noEmit',
    'ls -la src && cat package.json | head -20',
    'git status && git diff --stat',
    'rm -rf build',
    'python3 -m pytest -q tests/test_dates.py',
  ];
  return shell.map((command): Action => ({ kind: 'shell', command, cwd: project }));
}

/** Gives `file` its build id (the first 32 hex digits of its sha256) as its last line; returns the id. */
function stamp(file: string, ascii: boolean): string {
  const text = readFileSync(file, 'utf8');
  if (/\n\/\/# blast-radius-build [0-9a-f]{32}\n$/.test(text)) throw new Error(`${file} already carries a build id (build it afresh first)`);
  // The hook decodes an ASCII bundle as latin1 (half the time of UTF-8, and a one-byte string for
  // V8 to compile from). esbuild escapes strings but leaves regex literals as written (and, in a
  // development build, comments), so a shipped (minified) build must be ASCII: --ascii.
  let wide = -1;
  if (ascii) for (let i = 0; i < text.length && wide < 0; i++) if (text.charCodeAt(i) > 0x7f) wide = i;
  if (wide >= 0)
    throw new Error(`${file} is not ASCII: ${JSON.stringify(text.slice(Math.max(0, wide - 30), wide + 10))} (write the character as a \\u escape)`);
  const id = sha256(text).slice(0, 32);
  if (!BUILD_ID_PATTERN.test(id)) throw new Error(`bad build id ${id}`);
  // The id goes in before the cache is made: V8's cache belongs to the source as it will be read.
  appendFileSync(file, sourceTrailer(id));
  return id;
}

/** The build id `file` already carries (its last line, from stamp()). */
function stampedId(file: string): string {
  const m = /\n\/\/# blast-radius-build ([0-9a-f]{32})\n$/.exec(readFileSync(file, 'latin1').slice(-64));
  if (!m) throw new Error(`${file} carries no build id (build its first cache first)`);
  return m[1]!;
}

/** A throwaway HOME and project; every path Blast Radius reads or writes as state points inside `root`. */
function sandbox(root: string): string {
  const home = join(root, 'home');
  const project = join(root, 'project');
  mkdirSync(home);
  mkdirSync(join(project, 'src'), { recursive: true });
  mkdirSync(join(project, 'build'));
  writeFileSync(join(project, 'src', 'app.ts'), 'const port = 3000;\nconst host = "localhost";\n');
  writeFileSync(join(project, 'build', 'out.js'), '');
  writeFileSync(join(project, '.gitignore'), 'build/\n');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'app', scripts: { build: 'tsc -p .', test: 'mocha' } }));
  spawnSync('git', ['init', '-q'], { cwd: project });
  Object.assign(process.env, {
    HOME: home,
    USERPROFILE: home,
    XDG_STATE_HOME: join(root, 'state'),
    XDG_CACHE_HOME: join(root, 'cache'),
    XDG_CONFIG_HOME: join(root, 'config'),
    XDG_RUNTIME_DIR: join(root, 'run'),
    BLAST_RADIUS_AUDIT_LOG: join(root, 'audit.jsonl'),
    BLAST_RADIUS_BRIDGE_DIR: join(root, 'bridge'),
    BLAST_RADIUS_REVIEWS_DIR: join(root, 'reviews'),
  });
  return project;
}

/** The engine half: trained on the calls above, in process. */
async function trainLocal(file: string, project: string, kind: 'shell' | 'files'): Promise<Buffer> {
  return buildCodeCache(resolve(file), async (exports) => {
    const local = exports as Local;
    for (const action of trainingActions(project, kind)) {
      const call: ParsedCall = { tool: action.kind, event: 'PreToolUse', cwd: project, actions: [action], readOnly: false, problems: [] };
      await local.decideLocally(call, { canAsk: true, budgetMs: 2000 });
    }
  });
}

/**
 * The hook itself (dist/hook-main.js, next to a built hook-local.js and its cache): whole hook
 * calls as an agent makes them, a shell command and then an edit, with no editor, so reading the
 * input, the light policy read, the editor scan, turning an edit into a diff, starting its git
 * early, loading the engine half and the audit append are in the cache. The hook reads fd 0, so
 * the calls run in a child (this script with --train-main) given the first call as its input and
 * the second as a file; the child writes V8's cache to `raw`.
 */
function trainMain(file: string, project: string, raw: string): Buffer {
  const call = (tool_name: string, tool_input: object): string =>
    JSON.stringify({ session_id: 'train', transcript_path: '', cwd: project, hook_event_name: 'PreToolUse', tool_name, tool_input });
  const second = join(dirname(raw), 'second-call.json');
  writeFileSync(
    second,
    call('Edit', {
      file_path: join(project, 'src', 'app.ts'),
      old_string: 'const port = 3000;\nconst host = "localhost";',
      new_string: 'const port = 3001;\nconst host = "::";',
    }),
  );
  const r = spawnSync(process.execPath, [process.argv[1]!, '--train-main', resolve(file), raw, second], {
    cwd: project,
    env: process.env,
    input: call('Bash', { command: 'ls -la src' }),
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`training the hook failed: ${r.stderr.trim() || `exit ${r.status}`}`);
  return readFileSync(raw);
}

/**
 * The child of trainMain: runs the hook on the call on stdin, then on the call in `second` (opened
 * as fd 0 in its place, where the hook reads); the hook's process.exit ends each run instead.
 */
async function trainMainChild(file: string, raw: string, second: string): Promise<void> {
  const exit = process.exit.bind(process);
  const codes: (number | undefined)[] = [];
  const cache = await buildCodeCache(resolve(file), async (exports) => {
    const once = (): Promise<void> =>
      new Promise<void>((done) => {
        process.exit = ((c?: number) => {
          codes.push(c);
          done();
        }) as typeof process.exit;
        (exports as typeof import('../src/cli/hook-main')).start(['claude']);
      });
    await once();
    closeSync(0);
    if (openSync(second, 'r') !== 0) throw new Error('the second training call could not be given as fd 0');
    await once();
  });
  process.exit = exit;
  if (codes.length !== 2 || codes.some((c) => c !== 0)) throw new Error(`the training calls ended with ${JSON.stringify(codes)}`);
  writeFileSync(raw, cache);
}

async function main(): Promise<void> {
  if (process.argv[2] === '--train-main') return trainMainChild(process.argv[3]!, process.argv[4]!, process.argv[5]!);
  const flags = new Set(process.argv.slice(2).filter((a) => a.startsWith('--')));
  const main = flags.has('--main');
  const files = flags.has('--files');
  const extra = flags.has('--extra');
  const [file, out] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (!file || !out) throw new Error('usage: hook-cache [--main | --files | --extra] <hook-local.js | hook-main.js | hook-extra.js> <cache file>');
  // A second cache of a bundle carries the id the first one gave it (a separate process, so V8
  // compiles it afresh: no function compiled for the first cache ends up in the second).
  const id = files ? stampedId(file) : stamp(file, flags.has('--ascii'));
  if (extra) {
    writeFileSync(out, Buffer.concat([Buffer.from(cacheHeader(id), 'latin1'), topLevelCodeCache(resolve(file))]));
    process.stdout.write(`${JSON.stringify({ id })}\n`);
    return;
  }
  const root = mkdtempSync(join(tmpdir(), 'br-hook-cache-'));
  try {
    const project = sandbox(root);
    const cache = main ? trainMain(file, project, join(root, 'main.cache')) : await trainLocal(file, project, files ? 'files' : 'shell');
    writeFileSync(out, Buffer.concat([Buffer.from(cacheHeader(id), 'latin1'), cache]));
    process.stdout.write(`${JSON.stringify({ id })}\n`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`hook-cache: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
