// The audit log as the real hook (dist/hook.js) writes it: many hook processes at once record one
// line each (every time), a squatted lock never delays an answer past its deadline and is told to
// the person, and a log that cannot be written (unwritable HOME) is told to the person and shows in
// `audit verify`. The full-size run (500 processes, 10 runs in a row) is `npm run bench -- audit-hooks`.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../../helpers';
import { HOOK_JS } from '../hooks/harness';
import { runHookStorm } from './storm';

describe('audit log through the real hook', function () {
  this.timeout(180_000);
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let log: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'br-audit-hook-'));
    log = join(dir, 'audit.jsonl');
    env = {
      ...process.env,
      HOME: join(dir, 'home'),
      XDG_STATE_HOME: join(dir, 'state'),
      XDG_RUNTIME_DIR: join(dir, 'run'),
      XDG_CACHE_HOME: join(dir, 'cache'),
      BLAST_RADIUS_AUDIT_LOG: log,
      BLAST_RADIUS_BRIDGE_DIR: join(dir, 'bridge'),
      BLAST_RADIUS_SYSTEM_DIR: join(dir, 'no-system'),
    };
    mkdirSync(env.HOME!, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const bash = (command: string) =>
    JSON.stringify({ session_id: 's', cwd: dir, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command }, tool_use_id: 't' });
  const hook = (payload: string, e = env, extra: string[] = []) => {
    const t = Date.now();
    const r = spawnSync(process.execPath, [HOOK_JS, 'claude', '--no-editor', ...extra], { input: payload, env: e, encoding: 'utf8' });
    return {
      ...r,
      ms: Date.now() - t,
      json: r.stdout.trim() ? (JSON.parse(r.stdout) as { systemMessage?: string; hookSpecificOutput?: { permissionDecision?: string } }) : {},
    };
  };

  for (const run of [1, 2]) {
    it(`60 hook processes at once record 60 lines, none late (run ${run} of 2; the bench runs 500 × 10)`, async () => {
      const r = await runHookStorm({ hooks: 60, dir, env, deadlineSeconds: 120 });
      assert.deepEqual(r.problems, [], r.problems.join('\n'));
      assert.equal(r.lines, 60, `lines in the chain: ${r.lines}, spooled: ${r.spooled}`);
      assert.equal(r.spooled, 0);
      const v = spawnSync(process.execPath, [CLI, 'audit', 'verify', '--log', log], { env, encoding: 'utf8' });
      assert.equal(v.status, 0, v.stderr);
    });
  }

  describe('a squatted lock', () => {
    let squatter: ChildProcess | undefined;
    afterEach(() => squatter?.kill('SIGKILL'));

    it('answers within the deadline, tells the person, keeps the decision, and verify names the holder', () => {
      squatter = spawn('sleep', ['60']);
      spawnSync('sh', ['-c', `echo "${squatter.pid} $(hostname) $(date +%s%3N)" > '${log}.lock'`]);
      spawnSync('sleep', ['1.1']);
      const r = hook(bash('ls'), env, ['--timeout', '5']);
      assert.equal(r.status, 0, r.stderr);
      assert.ok(r.ms < 5000, `answered in ${r.ms} ms, within the 5 s deadline`);
      assert.equal(r.json.hookSpecificOutput?.permissionDecision, undefined, 'allowed (low), not blocked by the lock');
      assert.match(r.json.systemMessage ?? '', new RegExp(`audit log: the audit log's lock is held by pid ${squatter.pid} \\(sleep 60\\)`));
      assert.match(r.stderr, /lock is held by pid/);
      assert.equal(readdirSync(`${log}.spool`).filter((f) => f.endsWith('.json')).length, 1, 'the decision waits in the spool');
      const v = spawnSync(process.execPath, [CLI, 'audit', 'verify', '--log', log], { env, encoding: 'utf8' });
      assert.equal(v.status, 1, v.stdout);
      assert.match(v.stderr, new RegExp(`the log's lock is held by pid ${squatter.pid} \\(sleep 60\\).*1 decision wait in the spool`));
      // Once the squatter is gone its lock is stale: the next decision takes it over and merges.
      squatter.kill('SIGKILL');
      spawnSync('sleep', ['0.2']);
      assert.equal(hook(bash('ls')).status, 0);
      const after = spawnSync(process.execPath, [CLI, 'audit', 'verify', '--log', log], { env, encoding: 'utf8' });
      assert.equal(after.status, 0, after.stderr);
      assert.match(after.stdout, /intact: 2 entries/);
    });
  });

  it('an unwritable HOME: the person is told (systemMessage and stderr), and audit verify says it', function () {
    // A HOME the hook's user cannot write: as root, run the hook as nobody; otherwise a read-only folder.
    const asRoot = process.getuid?.() === 0;
    const home = join(dir, 'ro-home');
    chmodSync(dir, 0o755); // nobody must reach it (mkdtemp makes 0700)
    mkdirSync(home, { mode: 0o755 });
    if (!asRoot) chmodSync(home, 0o555);
    const e: NodeJS.ProcessEnv = { ...env, HOME: home };
    delete e.BLAST_RADIUS_AUDIT_LOG;
    delete e.XDG_STATE_HOME;
    const opts = asRoot ? { uid: 65534, gid: 65534 } : {};
    const r = spawnSync(process.execPath, [HOOK_JS, 'claude', '--no-editor'], { input: bash('ls'), env: e, encoding: 'utf8', ...opts });
    const logPath = join(home, '.local', 'state', 'blast-radius', 'audit.jsonl');
    const userFallback = join(tmpdir(), `blast-radius-${asRoot ? 65534 : process.getuid?.()}`);
    const fallback = join(userFallback, 'unrecorded', createHash('sha256').update(logPath).digest('hex').slice(0, 16));
    try {
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { systemMessage?: string };
      assert.match(
        out.systemMessage ?? '',
        /audit log: this decision could not be written to the audit log .*ro-home\/\.local\/state\/blast-radius\/audit\.jsonl \(EACCES/,
      );
      assert.match(r.stderr, /could not be written to the audit log/);
      const v = spawnSync(process.execPath, [CLI, 'audit', 'verify'], { env: e, encoding: 'utf8', ...opts });
      assert.equal(v.status, 1, v.stdout);
      assert.match(v.stderr, /1 decision could not be written to this log \(EACCES/);
      assert.equal(readdirSync(fallback).filter((f) => f.endsWith('.json')).length, 1, `the decision is kept in ${fallback}`);
    } finally {
      if (!asRoot) chmodSync(home, 0o755);
      rmSync(userFallback, { recursive: true, force: true });
    }
  });
});
