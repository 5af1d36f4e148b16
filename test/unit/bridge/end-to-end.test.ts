// The bridge end to end with real hook processes: 200 of them connected to one server at once, each
// getting exactly its own decision; an editor process that hangs (event loop frozen) so the hook must deny at
// its own deadline; a dead editor's discovery file.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePrivateDir } from '../../../src/bridge/paths';
import { type BridgeRequest, startBridgeServer } from '../../../src/bridge/server';
import { type HookEnv, makeProject, outcomeOf, runHook } from '../hooks/harness';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const claudeBash = (cwd: string, command: string): string =>
  JSON.stringify({ session_id: 's', cwd, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });

describe('bridge end to end with real hook processes', function () {
  this.timeout(180_000);
  let root: string;
  let env: HookEnv;
  let project: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'br-e2e-'));
    env = { home: join(root, 'home'), bridgeDir: join(root, 'run') };
    mkdirSync(env.home);
    project = makeProject(join(root, 'project'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('200 concurrent hook processes each get exactly one decision, their own', async () => {
    const N = 200;
    const BATCH = 25;
    const arrivedBy = new Map<string, number>();
    let arrived = 0;
    let releaseAll!: () => void;
    const allArrived = new Promise<void>((r) => (releaseAll = r));
    const waiters: { n: number; resolve: () => void }[] = [];
    const server = await startBridgeServer({
      workspaceFolders: [project],
      dir: env.bridgeDir,
      // Holds every decision until all N requests are open at once: a server that serialised
      // connections would never get there and the test would time out.
      onRequest: async (req: Omit<BridgeRequest, 'token'>) => {
        const command = (req.actions[0] as { command: string }).command;
        arrivedBy.set(command, (arrivedBy.get(command) ?? 0) + 1);
        arrived++;
        for (const w of waiters.filter((x) => arrived >= x.n)) w.resolve();
        if (arrived === N) releaseAll();
        await allArrived;
        return { decision: 'deny', reason: `Blast Radius: digest ${sha(command)}` };
      },
    });
    try {
      const runs: Promise<{ i: number; r: Awaited<ReturnType<typeof runHook>> }>[] = [];
      for (let start = 0; start < N; start += BATCH) {
        const batch: typeof runs = [];
        for (let i = start; i < Math.min(N, start + BATCH); i++) {
          batch.push(runHook('claude', claudeBash(project, `echo case-${i}`), env, ['--timeout', '170'], project).then((r) => ({ i, r })));
        }
        runs.push(...batch);
        // Bounded start-up on two cores: the next batch spawns once this one is connected and
        // waiting (or has ended without connecting, which the assertions below report).
        const target = Math.min(N, start + BATCH);
        const connected = new Promise<void>((resolve) => (arrived >= target ? resolve() : waiters.push({ n: target, resolve })));
        await Promise.race([connected, Promise.all(batch)]);
      }
      const results = await Promise.all(runs);
      assert.equal(arrived, N, 'every hook reached the server');
      for (const { i, r } of results) {
        const command = `echo case-${i}`;
        assert.equal(arrivedBy.get(command), 1, `case ${i}: exactly one request`);
        const got = outcomeOf('claude', r);
        assert.equal(got.outcome, 'deny', `case ${i}: ${r.stdout} ${r.stderr}`);
        assert.equal(got.reason, `Blast Radius: digest ${sha(command)}`, `case ${i}: got another hook's decision`);
        assert.equal(r.stdout.trim().split('\n').length, 1, `case ${i}: exactly one answer line`);
      }
    } finally {
      await server.close();
    }
  });

  it('a hung editor process makes the hook deny at its own deadline', async function () {
    if (process.platform === 'win32') this.skip();
    // The editor is this test process (the hook's parent, the test build's stand-in, see
    // test/helpers.ts TEST_DIST), frozen as SIGSTOP would freeze it: its event loop blocked, so it
    // neither accepts the connection (the kernel queues it) nor reads the request.
    const server = await startBridgeServer({
      workspaceFolders: [project],
      dir: env.bridgeDir,
      onRequest: async () => ({ decision: 'allow', reason: 'too late' }),
    });
    const freeze = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    try {
      const claude = runHook('claude', claudeBash(project, 'rm -rf build'), env, ['--timeout', '2'], project);
      freeze(6000);
      const r = await claude;
      assert.equal(r.code, 2, `blocking exit: ${r.stdout} ${r.stderr}`);
      assert.match(r.stderr.trim(), /^Blast Radius: (the editor did not answer within|no decision within) .*blocked\.$/);
      const gemini = runHook(
        'gemini',
        JSON.stringify({ cwd: project, tool_name: 'run_shell_command', tool_input: { command: 'rm -rf build' } }),
        env,
        ['--timeout', '1'],
        project,
      );
      freeze(5000);
      const g = await gemini;
      assert.equal(g.code, 2, 'gemini: exit 2 at the deadline');
    } finally {
      await server.close();
    }
  });

  it('a dead editor’s discovery file is removed and the hook decides by policy alone', async () => {
    ensurePrivateDir(env.bridgeDir);
    const deadPid = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    const file = join(env.bridgeDir, `editor-${deadPid}-dead.json`);
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        pid: deadPid,
        socketPath: join(env.bridgeDir, 'gone.sock'),
        token: 'b'.repeat(64),
        workspaceFolders: [project],
        startedAt: 1,
      }),
      { mode: 0o600 },
    );
    const r = await runHook('claude', claudeBash(project, 'rm -rf build'), env, [], project);
    const got = outcomeOf('claude', r);
    assert.notEqual(got.outcome, 'block', `decided by policy, not blocked: ${r.stderr}`);
    assert.equal(existsSync(file), false, 'stale discovery file removed');
  });

  it('an editor whose socket is gone (pid alive, nothing listening) falls back to the policy', async () => {
    ensurePrivateDir(env.bridgeDir);
    writeFileSync(
      join(env.bridgeDir, 'editor-x.json'),
      JSON.stringify({
        version: 1,
        pid: process.pid,
        socketPath: join(env.bridgeDir, 'nothing.sock'),
        token: 'c'.repeat(64),
        workspaceFolders: [project],
        startedAt: 1,
      }),
      { mode: 0o600 },
    );
    const r = await runHook('claude', claudeBash(project, 'rm -rf build'), env, [], project);
    assert.notEqual(outcomeOf('claude', r).outcome, 'block', r.stderr);
  });
});
