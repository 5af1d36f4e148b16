// The audit line the hook writes for an editor's answer names who decided in the editor: the
// person, the policy (a low action), a reviewer's approval, or an error — as the editor reports it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DecidedBy } from '../../../src/bridge/protocol';
import { startBridgeServer } from '../../../src/bridge/server';
import { checkResponse } from '../../../src/bridge/protocol';
import { TEST_CLI as CLI } from '../../helpers';

function runHook(cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'hook', 'claude'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
    child.stdin.end(
      JSON.stringify({
        session_id: 's',
        cwd,
        hook_event_name: 'PreToolUse',
        tool_name: 'Bash',
        tool_input: { command: 'git push --force origin main' },
        tool_use_id: 't',
      }),
    );
  });
}

describe('hook: who decided in the editor reaches the audit log', function () {
  this.timeout(30_000);
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'br-decided-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const cases: [DecidedBy | undefined, 'allow' | 'deny', string][] = [
    ['policy', 'allow', 'policy editor'],
    ['person', 'deny', 'person editor'],
    ['reviewer', 'allow', 'reviewer editor'],
    ['error', 'deny', 'error editor'],
    [undefined, 'allow', 'person editor'],
  ];
  for (const [by, decision, expected] of cases) {
    it(`decidedBy ${by ?? '(absent)'} → audit "${expected}"`, async () => {
      const project = join(root, `p-${by ?? 'none'}`);
      mkdirSync(project, { recursive: true });
      const bridgeDir = join(root, `run-${by ?? 'none'}`);
      const log = join(root, `audit-${by ?? 'none'}.jsonl`);
      const server = await startBridgeServer({
        workspaceFolders: [project],
        dir: bridgeDir,
        onRequest: async () => ({ decision, reason: `decided by ${by}`, ...(by ? { decidedBy: by } : {}) }),
      });
      try {
        const r = await runHook(project, { ...process.env, BLAST_RADIUS_BRIDGE_DIR: bridgeDir, BLAST_RADIUS_AUDIT_LOG: log });
        assert.equal(r.code, 0, r.out);
        const said = (JSON.parse(r.out) as { hookSpecificOutput?: { permissionDecision?: string } }).hookSpecificOutput?.permissionDecision;
        assert.equal(said ?? 'allow', decision, r.out);
      } finally {
        await server.close();
      }
      const entries = readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { decision: string; decidedBy: { type: string; name?: string } });
      assert.equal(entries.length, 1);
      assert.equal(entries[0]!.decision, decision);
      assert.equal(`${entries[0]!.decidedBy.type} ${entries[0]!.decidedBy.name}`, expected);
    });
  }

  it('the hook refuses a response with an unknown decider', () => {
    const r = checkResponse({ decision: 'allow', reason: 'x', decidedBy: 'the agent itself' });
    assert.equal(r.ok, false);
  });
});
