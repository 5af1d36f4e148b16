// The decision table (test/fixtures/decision/calls.json) through the real hook as installed,
// `node dist/hook.js <agent>`, with no editor to ask: every requirement, policy overrides, a
// broken policy, a task-scope raise, several actions with one critical, and a second person's
// approval releasing one or several actions once. The same table runs through the editor's gate
// in a real VS Code extension host (test/integration/decision-table.test.ts); both must give each
// case the requirement and level the table names, read from the audit line the hook writes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  acceptCaseApproval,
  agentAnswer,
  auditLines,
  decisionLine,
  hookJs,
  loadTable,
  makeReviewer,
  type Reviewer,
  setUpCase,
  slug,
} from '../../decision-table';

describe('one decision table: the real hook, no editor', function () {
  this.timeout(60_000);
  let root: string;
  let reviewer: Reviewer;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'br-table-'));
    reviewer = makeReviewer(root);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  for (const c of loadTable()) {
    const e = c.expect;
    it(`${c.name}: ${e.requires ?? 'no requirement'} at ${e.level} → ${e.hook}${e.by ? ` by the ${e.by}` : ''}`, () => {
      const base = join(root, 'cases', slug(c.name));
      const home = join(base, 'home');
      mkdirSync(home, { recursive: true });
      const log = join(base, 'audit.jsonl');
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        HOME: home,
        XDG_STATE_HOME: join(home, '.local', 'state'),
        XDG_CACHE_HOME: join(home, '.cache'),
        XDG_RUNTIME_DIR: join(home, 'run'),
        BLAST_RADIUS_AUDIT_LOG: log,
        // No editor: an empty bridge folder.
        BLAST_RADIUS_BRIDGE_DIR: join(base, 'bridge'),
        BLAST_RADIUS_SYSTEM_DIR: join(base, 'no-system-root'),
      };
      const s = setUpCase(c, base, reviewer, home);
      acceptCaseApproval(c, s, reviewer, env);
      const before = auditLines(log).length;
      const r = spawnSync(process.execPath, [hookJs(), c.agent], { input: JSON.stringify(s.payload), env, cwd: s.dir, encoding: 'utf8' });
      const line = decisionLine(log, before);
      const said = `${r.stdout}${r.stderr}`;
      assert.equal(agentAnswer(c.agent, r.status, r.stdout), e.hook, said);
      assert.deepEqual({ requires: line.requires ?? null, level: line.level }, { requires: e.requires, level: e.level }, said);
      assert.equal(line.decidedBy.type, e.by ?? 'policy', said);
      assert.equal(line.decidedBy.name === 'editor', false, 'no editor may have answered');
      if (e.broken) assert.ok(line.reason?.includes(e.broken), `the reason names the error: ${line.reason}`);
      if (e.mismatch) assert.match(said, /not what the person asked for \('fix the rounding bug/);
      if (e.by === 'reviewer') {
        // Released once: the same call again is not.
        const again = spawnSync(process.execPath, [hookJs(), c.agent], { input: JSON.stringify(s.payload), env, cwd: s.dir, encoding: 'utf8' });
        assert.equal(agentAnswer(c.agent, again.status, again.stdout), 'deny', `${again.stdout}${again.stderr}`);
      }
    });
  }
});
