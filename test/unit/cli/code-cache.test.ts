// Issue 10, "no code from where the agent can write": the code-cache poisoning run as an agent
// would run it (test/fixtures/attacks/poison-cache.js: one script, then the hook), in a throwaway
// HOME, against the shipped dist/hook.js. Before, V8 ran the agent's bytecode inside the hook and
// `rm -rf ~` was allowed; now the user's cache folder is never read, and a cache next to the hook
// is used only when its digest is the one dist/hook.js carries.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { requireWithVerifiedCache } from '../../../src/cli/code-cache';
import { CLI, fixtures } from '../../helpers';
import { makeProject } from '../hooks/harness';

const DIST = dirname(resolve(CLI));
const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('guard integrity: the hook runs no code from where the agent can write', function () {
  this.timeout(60_000);
  let root: string;
  let env: NodeJS.ProcessEnv;
  let project: string;
  let pwned: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'br-cache-'));
    const home = join(root, 'home');
    mkdirSync(home);
    pwned = join(root, 'PWNED');
    env = {
      ...process.env,
      HOME: home,
      USERPROFILE: home,
      XDG_CACHE_HOME: join(home, '.cache'),
      XDG_STATE_HOME: join(root, 'state'),
      XDG_CONFIG_HOME: join(root, 'config'),
      XDG_RUNTIME_DIR: join(root, 'run'),
      BLAST_RADIUS_BRIDGE_DIR: join(root, 'bridge'),
      BLAST_RADIUS_AUDIT_LOG: join(root, 'audit.jsonl'),
      BLAST_RADIUS_REVIEWS_DIR: join(root, 'reviews'),
      BR_PWNED: pwned,
    };
    project = makeProject(join(root, 'project'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** The agent's step 1: its script, run with node like any tool call. */
  const poison = (dist: string, ...args: string[]): string => {
    const r = spawnSync(process.execPath, [fixtures('attacks', 'poison-cache.js'), dist, ...args], { env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  };
  /** The agent's step 2: any tool call, which runs the hook. */
  const rmHome = (hook: string): Promise<{ code: number | null; decision: string; reason: string; ms: number }> =>
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
      child.stdin.end(JSON.stringify({ session_id: 's', cwd: project, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'rm -rf ~' } }));
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

  it('a crafted cache next to the hook (a guard-asset write that got through) is ignored, and the person is told', async () => {
    const copy = join(root, 'installed');
    cpSync(DIST, copy, { recursive: true });
    poison(copy, '--next-to-the-hook');
    const r = await rmHome(join(copy, 'hook.js'));
    assert.equal(r.decision, 'deny', r.reason);
    assert.equal(existsSync(pwned), false, 'the agent’s code ran inside the hook');
    assert.match(r.reason, /hook-local\.cache does not match the digest this hook carries; it was ignored/);
    assert.match(lastAudit().reason, /does not match the digest this hook carries/);
  });

  it('an engine half changed after the build is run without its cache, and said so', async () => {
    const copy = join(root, 'installed');
    cpSync(DIST, copy, { recursive: true });
    appendFileSync(join(copy, 'hook-local.js'), '\n// changed\n');
    const r = await rmHome(join(copy, 'hook.js'));
    assert.equal(r.decision, 'deny', r.reason);
    assert.match(r.reason, /hook-local\.js is not the file this hook was built with; its code cache was not used/);
  });

  it('dist/hook.js carries the digests of the engine half and of the cache built with it, and V8 takes that cache', () => {
    const hook = readFileSync(join(DIST, 'hook.js'), 'utf8');
    const source = sha256(join(DIST, 'hook-local.js'));
    const cache = sha256(join(DIST, 'hook-local.cache'));
    assert.ok(hook.includes(`"${source}"`), 'the source digest is not in hook.js');
    assert.ok(hook.includes(`"${cache}"`), 'the cache digest is not in hook.js');
    // In a separate process: this one has loaded other code and maybe other V8 flags.
    const probe = `const { requireWithVerifiedCache } = require(${JSON.stringify(require.resolve('../../../src/cli/code-cache'))});
      const r = requireWithVerifiedCache(${JSON.stringify(join(DIST, 'hook-local.js'))}, ${JSON.stringify(join(DIST, 'hook-local.cache'))}, { source: ${JSON.stringify(source)}, cache: ${JSON.stringify(cache)} });
      process.stdout.write(JSON.stringify({ used: r.cacheUsed, note: r.note ?? null, exports: Object.keys(r.exports).sort() }));`;
    const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(r.stdout), { used: true, note: null, exports: ['decideLocally', 'verdictOf'] }, r.stderr);
    // Without digests (a watch build) the cache is never read.
    const bare = requireWithVerifiedCache(join(DIST, 'hook-local.js'), join(DIST, 'hook-local.cache'), undefined);
    assert.equal(bare.cacheUsed, false);
  });
});
