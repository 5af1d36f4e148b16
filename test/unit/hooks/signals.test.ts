// SIGTERM / SIGINT while the hook waits for an editor that never answers (a real bridge server in
// this process): every agent still gets its blocking answer, at once, with one line why, and the
// audit log records the decision. Agents stop a hook that runs past their own timeout this way.
import { strict as assert } from 'node:assert';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BridgeServer, startBridgeServer } from '../../../src/bridge/server';
import {
  AGENT_NAMES,
  agentFixtures,
  expectedOutcome,
  hookCommand,
  hookEnv,
  type HookEnv,
  type HookResult,
  makeProject,
  outcomeOf,
  payloadText,
  SHELL_FIXTURE,
} from './harness';

/** The hook started as an agent starts it, its input left to the test; `ended` gives the exit code and what it printed. */
function startHook(argv: string[], env: NodeJS.ProcessEnv, cwd: string): { child: ChildProcessWithoutNullStreams; ended: Promise<HookResult> } {
  const child = spawn(process.execPath, argv, { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const ended = new Promise<HookResult>((res) => child.on('close', (code) => res({ code, stdout, stderr })));
  return { child, ended };
}

describe('hook: SIGTERM and SIGINT during the wait end in the blocking answer', function () {
  this.timeout(60_000);
  let root: string;
  let env: HookEnv;
  let project: string;
  let server: BridgeServer;
  let waiting: (() => void) | undefined;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'br-signals-'));
    env = { home: join(root, 'home'), bridgeDir: join(root, 'run') };
    mkdirSync(env.home);
    project = makeProject(join(root, 'project'));
    server = await startBridgeServer({
      workspaceFolders: [project],
      dir: env.bridgeDir,
      // Never answers: the hook waits until its deadline, or until it is stopped.
      onRequest: () =>
        new Promise(() => {
          waiting?.();
        }),
    });
  });
  after(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  for (const agent of AGENT_NAMES) {
    for (const signal of agent === 'claude' ? (['SIGTERM', 'SIGINT'] as const) : (['SIGTERM'] as const)) {
      it(`${agent}: ${signal} while the editor is asked → ${expectedOutcome(agent, 'error')} within a second, audited`, async () => {
        const shell = agentFixtures(agent).find((f) => f.name === SHELL_FIXTURE[agent])!;
        const audit = join(root, `audit-${agent}-${signal}.jsonl`);
        const asked = new Promise<void>((res) => (waiting = res));
        const { child, ended } = startHook(hookCommand(agent), { ...hookEnv(env), BLAST_RADIUS_AUDIT_LOG: audit }, project);
        child.stdin.end(payloadText(shell, project));
        await asked;
        const t0 = Date.now();
        child.kill(signal);
        const { code, stdout, stderr } = await ended;
        const ms = Date.now() - t0;
        assert.ok(ms < 1000, `${agent}: answered ${ms} ms after ${signal}`);
        const got = outcomeOf(agent, { code, stdout, stderr });
        assert.equal(got.outcome, expectedOutcome(agent, 'error'), `${agent}: ${stdout} ${stderr}`);
        assert.match(got.reason, new RegExp(`stopped \\(${signal}\\) while waiting for the editor; blocked`));
        assert.ok(existsSync(audit), 'the decision is in the audit log');
        const line = JSON.parse(readFileSync(audit, 'utf8').trim().split('\n').pop()!) as { decision: string; decidedBy: { type: string } };
        assert.equal(line.decision, 'deny');
        assert.equal(line.decidedBy.type, 'error');
      });
    }
  }
});

describe('hook: how the input arrives', function () {
  this.timeout(30_000);
  // A throwaway HOME, bridge folder, project and audit log for each case.
  let root: string;
  let env: HookEnv;
  let project: string;
  let audit: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'br-stdin-'));
    env = { home: join(root, 'home'), bridgeDir: join(root, 'run') };
    mkdirSync(env.home);
    project = makeProject(join(root, 'project'));
    audit = join(root, 'audit.jsonl');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  for (const agent of ['claude', 'gemini', 'codex'] as const) {
    it(`${agent}: half a call and stdin left open → ${expectedOutcome(agent, 'error')} at the deadline, audited, and the process ends`, async () => {
      const { child, ended } = startHook([...hookCommand(agent), '--timeout', '1'], { ...hookEnv(env), BLAST_RADIUS_AUDIT_LOG: audit }, project);
      // Half a call, and the pipe kept open. (A read blocked in libuv's thread pool would keep
      // the process from exiting after its answer: node joins the pool on exit.)
      child.stdin.write('{"session_id":"s","tool_name":"Bash",');
      const t0 = Date.now();
      const { code, stdout, stderr } = await ended;
      const ms = Date.now() - t0;
      child.stdin.destroy();
      assert.ok(ms >= 700 && ms < 5000, `${agent}: ended ${ms} ms after the call began (deadline 1 s)`);
      const got = outcomeOf(agent, { code, stdout, stderr });
      assert.equal(got.outcome, expectedOutcome(agent, 'error'), `${agent}: ${stdout} ${stderr}`);
      assert.match(got.reason, /no decision within 1s \(waiting for the agent’s input\); blocked/);
      const line = JSON.parse(readFileSync(audit, 'utf8').trim().split('\n').pop()!) as { decision: string; decidedBy: { type: string } };
      assert.equal(line.decision, 'deny');
      assert.equal(line.decidedBy.type, 'error');
    });
  }
  it('claude: a 600 KB call written in parts, with pauses, is read whole and decided', async () => {
    const content = 'export const table = [\n' + '  "a row of the generated table",\n'.repeat(18000) + '];\n';
    const call = JSON.stringify({
      session_id: 's',
      cwd: project,
      hook_event_name: 'PreToolUse',
      tool_name: 'Write',
      tool_input: { file_path: join(project, 'src', 'table.ts'), content },
    });
    assert.ok(call.length > 600_000);
    const { child, ended } = startHook([...hookCommand('claude'), '--no-editor'], { ...hookEnv(env), BLAST_RADIUS_AUDIT_LOG: audit }, project);
    const parts = 4;
    const step = Math.ceil(call.length / parts);
    for (let i = 0; i < parts; i++) {
      child.stdin.write(call.slice(i * step, (i + 1) * step));
      await new Promise((r) => setTimeout(r, 60));
    }
    child.stdin.end();
    const { code, stdout, stderr } = await ended;
    const got = outcomeOf('claude', { code, stdout, stderr });
    assert.equal(got.outcome, 'allow', `${stdout} ${stderr}`);
    const line = JSON.parse(readFileSync(audit, 'utf8').trim().split('\n').pop()!) as { decision: string; summary: string };
    assert.equal(line.decision, 'allow');
    assert.match(line.summary, /table\.ts/);
  });
});
