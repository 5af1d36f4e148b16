// SIGTERM / SIGINT while the hook waits for an editor that never answers (a real bridge server in
// this process): every agent still gets its blocking answer, at once, with one line why, and the
// audit log records the decision. Agents stop a hook that runs past their own timeout this way.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BridgeServer, startBridgeServer } from '../../../src/bridge/server';
import { AGENT_NAMES, agentFixtures, expectedOutcome, hookCommand, hookEnv, type HookEnv, makeProject, outcomeOf, payloadText, SHELL_FIXTURE } from './harness';

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
        const child = spawn(process.execPath, hookCommand(agent), {
          env: { ...hookEnv(env), BLAST_RADIUS_AUDIT_LOG: audit },
          cwd: project,
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.stdin.end(payloadText(shell, project));
        await asked;
        const t0 = Date.now();
        child.kill(signal);
        const code = await new Promise<number | null>((res) => child.on('close', res));
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
