// Issue 10, "no code from where the agent can write": the code-cache poisoning run as an agent
// would run it (test/fixtures/attacks/poison-cache.js: one script, then the hook), in a throwaway
// HOME, against the shipped dist/hook.js. Before, V8 ran the agent's bytecode inside the hook and
// `rm -rf ~` was allowed; now the user's cache folder is never read, and a cache next to the hook
// is used only when it carries the build id of the bundle beside it (src/cli/code-cache.ts).
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { cacheHeader, requireWithBuildCache, sourceTrailer } from '../../../src/cli/code-cache';
import { CLI, fixtures } from '../../helpers';
import { buildIdOf, giveCacheAnotherBuild, makeProject, throwawayEnv } from '../hooks/harness';

const DIST = dirname(resolve(CLI));
/** The build id a built bundle ends with. */

describe('guard integrity: the hook runs no code from where the agent can write', function () {
  this.timeout(60_000);
  let root: string;
  let env: NodeJS.ProcessEnv;
  let project: string;
  let pwned: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'br-cache-'));
    mkdirSync(join(root, 'home'));
    pwned = join(root, 'PWNED');
    env = { ...throwawayEnv(root), BR_PWNED: pwned };
    project = makeProject(join(root, 'project'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** The agent's step 1: its script, run with node like any tool call. */
  const poison = (dist: string, ...args: string[]): string => {
    const r = spawnSync(process.execPath, [fixtures('attacks', 'poison-cache.js'), dist, ...args], { env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  };
  /** The agent's step 2: any tool call, which runs the hook (by default `rm -rf ~`). */
  const rmHome = (
    hook: string,
    tool: { tool_name: string; tool_input: object } = { tool_name: 'Bash', tool_input: { command: 'rm -rf ~' } },
  ): Promise<{ code: number | null; decision: string; reason: string; ms: number }> =>
    new Promise((res, rej) => {
      const t0 = Date.now();
      const child = spawn(process.execPath, [hook, 'claude'], { cwd: project, env, stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('error', rej);
      child.on('close', (code) => {
        const h = (JSON.parse(out.trim() || '{}') as { hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string } })
          .hookSpecificOutput;
        res({ code, decision: h?.permissionDecision ?? 'allow', reason: h?.permissionDecisionReason ?? '', ms: Date.now() - t0 });
      });
      child.stdin.end(JSON.stringify({ session_id: 's', cwd: project, hook_event_name: 'PreToolUse', ...tool }));
    });
  const lastAudit = (): { decision: string; reason: string } =>
    JSON.parse(readFileSync(env.BLAST_RADIUS_AUDIT_LOG!, 'utf8').trim().split('\n').pop()!) as { decision: string; reason: string };

  it('a crafted cache in the user’s cache folder (the issue’s attack) is never read: rm -rf ~ is denied and no agent code runs', async () => {
    const planted = poison(DIST);
    assert.ok(existsSync(planted), 'the attack wrote its cache');
    const before = readdirSync(dirname(planted));
    const r = await rmHome(join(DIST, 'hook.js'));
    assert.equal(r.code, 0);
    assert.equal(r.decision, 'deny', r.reason);
    assert.ok(r.ms < 120_000, `answered after ${r.ms} ms`);
    assert.equal(existsSync(pwned), false, 'the agent’s code ran inside the hook');
    assert.match(r.reason, /critical/);
    assert.deepEqual(readdirSync(dirname(planted)), before, 'the hook wrote into the user’s cache folder');
    assert.equal(lastAudit().decision, 'deny');
  });

  it('a crafted cache next to the engine half (a guard-asset write that got through) is ignored, and the person is told', async () => {
    const copy = join(root, 'installed');
    cpSync(DIST, copy, { recursive: true });
    poison(copy, '--next-to-the-hook');
    const r = await rmHome(join(copy, 'hook.js'));
    assert.equal(r.decision, 'deny', r.reason);
    assert.equal(existsSync(pwned), false, 'the agent’s code ran inside the hook');
    assert.match(r.reason, /hook-local\.cache is not the cache built with this hook; it was ignored/);
    assert.match(lastAudit().reason, /is not the cache built with this hook/);
  });

  it('a cache from another build of the engine half (a half-done upgrade) is ignored, and said so', async () => {
    const copy = join(root, 'installed');
    cpSync(DIST, copy, { recursive: true });
    giveCacheAnotherBuild(join(copy, 'hook-local.js'), join(copy, 'hook-local.cache'));
    const r = await rmHome(join(copy, 'hook.js'));
    assert.equal(r.decision, 'deny', r.reason);
    assert.match(r.reason, /hook-local\.cache is not the cache built with this hook; it was ignored/);
  });

  it('a file tool’s call loads the engine half with its own cache (hook-local.file.cache), a shell command with the other', async () => {
    const copy = join(root, 'installed');
    cpSync(DIST, copy, { recursive: true });
    const foreign = (name: string): void => giveCacheAnotherBuild(join(copy, 'hook-local.js'), join(copy, name));
    // A write the person must see (a shell profile), so the answer carries the reason.
    const write = { tool_name: 'Write', tool_input: { file_path: join(env.HOME!, '.bashrc'), content: 'export PATH=/tmp/x:$PATH\n' } };
    foreign('hook-local.file.cache');
    const w = await rmHome(join(copy, 'hook.js'), write);
    assert.notEqual(w.decision, 'allow', w.reason);
    assert.match(w.reason, /hook-local\.file\.cache is not the cache built with this hook; it was ignored/);
    const sh = await rmHome(join(copy, 'hook.js'));
    assert.equal(sh.decision, 'deny', sh.reason);
    assert.doesNotMatch(sh.reason, /is not the cache built/, 'a shell command reads the other cache');
    cpSync(join(DIST, 'hook-local.file.cache'), join(copy, 'hook-local.file.cache'));
    foreign('hook-local.cache');
    const w2 = await rmHome(join(copy, 'hook.js'), write);
    assert.doesNotMatch(w2.reason, /is not the cache built/, 'a write reads its own cache');
  });

  it('an engine half changed after the build is run without its cache, and said so', async () => {
    const copy = join(root, 'installed');
    cpSync(DIST, copy, { recursive: true });
    appendFileSync(join(copy, 'hook-local.js'), '\n// changed\n');
    const r = await rmHome(join(copy, 'hook.js'));
    assert.equal(r.decision, 'deny', r.reason);
    assert.match(r.reason, /hook-local\.js is not the file this hook was built with; its code cache was not used/);
  });

  it('the hook itself (hook-main.js) with a crafted cache beside it: the cache is ignored, the hook still answers and says why', async () => {
    const copy = join(root, 'installed');
    cpSync(DIST, copy, { recursive: true });
    writeFileSync(join(copy, 'hook-main.cache'), readFileSync(join(copy, 'hook-local.cache')));
    const r = await rmHome(join(copy, 'hook.js'));
    assert.equal(r.decision, 'deny', r.reason);
    assert.match(r.reason, /hook-main\.cache is not the cache built with this hook; it was ignored/);
  });

  for (const broken of ['missing', 'unreadable', 'not JavaScript', 'not a bundle'] as const) {
    it(`the hook itself (hook-main.js) ${broken}: dist/hook.js blocks (exit 2) and says why`, async function () {
      if (broken === 'unreadable' && process.getuid?.() === 0) this.skip(); // root reads a mode-000 file
      const copy = join(root, 'installed');
      cpSync(DIST, copy, { recursive: true });
      const main = join(copy, 'hook-main.js');
      if (broken === 'missing') unlinkSync(main);
      else if (broken === 'unreadable') spawnSync('chmod', ['000', main]);
      else if (broken === 'not JavaScript') writeFileSync(main, 'this is not } JavaScript');
      else writeFileSync(main, '42\n');
      const r = spawnSync(process.execPath, [join(copy, 'hook.js'), 'claude'], {
        cwd: project,
        env,
        input: JSON.stringify({ session_id: 's', cwd: project, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'rm -rf ~' } }),
        encoding: 'utf8',
      });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /^Blast Radius: the hook could not start \(.+\); blocked\.\n$/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'a stack trace');
    });
  }

  it('the shipped files carry one build id each, dist/hook.js and hook-main.js carry the ids of what they load, and V8 takes both caches', () => {
    const hook = readFileSync(join(DIST, 'hook.js'), 'utf8');
    const main = readFileSync(join(DIST, 'hook-main.js'), 'utf8');
    const mainId = buildIdOf(join(DIST, 'hook-main.js'));
    const localId = buildIdOf(join(DIST, 'hook-local.js'));
    assert.ok(hook.includes(`"${mainId}"`), 'the hook-main build id is not in hook.js');
    assert.ok(main.includes(`"${localId}"`), 'the hook-local build id is not in hook-main.js');
    for (const [name, id] of [
      ['hook-main', mainId],
      ['hook-local', localId],
    ] as const) {
      assert.ok(readFileSync(join(DIST, `${name}.js`), 'latin1').endsWith(sourceTrailer(id)));
      assert.equal(
        readFileSync(join(DIST, `${name}.cache`))
          .subarray(0, cacheHeader(id).length)
          .toString('latin1'),
        cacheHeader(id),
      );
      // In a separate process: this one has loaded other code and maybe other V8 flags.
      const probe = `const { requireWithBuildCache } = require(${JSON.stringify(require.resolve('../../../src/cli/code-cache'))});
        const r = requireWithBuildCache(${JSON.stringify(join(DIST, `${name}.js`))}, ${JSON.stringify(join(DIST, `${name}.cache`))}, ${JSON.stringify(id)});
        process.stdout.write(JSON.stringify({ used: r.cacheUsed, note: r.note ?? null, exports: Object.keys(r.exports).sort() }));`;
      const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
      const expected = name === 'hook-main' ? ['start'] : ['decideLocally', 'verdictOf'];
      assert.deepEqual(JSON.parse(r.stdout), { used: true, note: null, exports: expected }, r.stderr);
    }
    // Without an id (a watch build) the cache is never read.
    const bare = requireWithBuildCache(join(DIST, 'hook-local.js'), join(DIST, 'hook-local.cache'), undefined);
    assert.equal(bare.cacheUsed, false);
  });
});
