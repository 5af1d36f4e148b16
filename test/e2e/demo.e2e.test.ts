// `npm run demo -- --headless` as a user runs it, with the user's real environment: it must show
// the prod plan as environment prod (with the policy's protected folder), record its decisions in
// its own audit log, stop its server, remove its temp folder, and leave the user's real state
// folders byte-identical. Its screenshots are in test-results/demo/.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { realUserEnv, stateChanges, userStateDigest } from '../../scripts/isolation';
import { repoRoot } from '../../scripts/vscode-test/code-server';

describe('e2e: npm run demo -- --headless', function () {
  this.timeout(300_000);

  it('shows prod for the prod plan, keeps its decisions to itself, stops, cleans up, and leaves the user state untouched', async () => {
    const realEnv = { ...realUserEnv(process.env) };
    const before = userStateDigest(realEnv);
    const out = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
      // The user's own environment, not this test run's isolated one: the demo must isolate itself.
      const child = spawn(process.execPath, [join(repoRoot, 'out', 'scripts', 'demo.js'), '--headless'], {
        cwd: repoRoot,
        env: realEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.stderr.on('data', (d: Buffer) => (text += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, text }));
    });
    assert.equal(out.code, 0, out.text);
    const t = out.text;
    assert.match(t, /the decision panel: CRITICAL · Plan intends to delete and recreate an environment in prod/);
    assert.match(t, /Environment: prod \(from working directory infra\/prod; .*Terraform backend key prod\/terraform\.tfstate/);
    assert.match(t, /CRITICAL because it is aimed at production/);
    // The scripted agent's transcript holds the request: the panel shows it beside the teardown.
    assert.match(
      t,
      /Asked for: fix the rounding bug in the cost report \(Claude Code transcript\) · About to do: Plan intends to delete and recreate an environment in prod/,
    );
    assert.match(t, /You asked: 'fix the rounding bug in the cost report' — this deletes and recreates the environment in prod/);
    assert.match(t, /the agent was told: DENY: Blast Radius: peer review required: review r-[0-9a-f]{12}/);
    const log = /audit log: (\d+) decisions recorded in (\S+)/.exec(t);
    assert.ok(log, t);
    assert.equal(log[1], '3', 'one audit entry per decision, in the demo’s own log');
    const root = /the demo's temp folder (\S+) is removed/.exec(t)?.[1];
    assert.ok(root && log[2]!.startsWith(root), `the audit log ${log[2]} is not in the demo's folder ${root}`);
    assert.match(t, /code-server has stopped/);
    assert.ok(!existsSync(root), `${root} is still there`);
    assert.match(t, /Your own state is untouched/);
    assert.deepEqual(stateChanges(before, userStateDigest(realEnv)), [], 'the demo changed the user state');
    for (const shot of ['2-decision-panel.png', '2-review-link.png', '4-recent-decisions.png', '5-audit-log.png'])
      assert.ok(existsSync(join(repoRoot, 'test-results', 'demo', shot)), shot);
  });
});
