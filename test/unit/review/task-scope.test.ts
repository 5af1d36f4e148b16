// The peer-review request at a terminal: `blast-radius review show` puts "Asked for" next to
// "About to do" (the request's excerpt, as the requester's machine read it, re-applied by the
// reviewer's own engine); the audit line keeps at most a short excerpt of the request.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordDecision } from '../../../src/audit';
import { assess, type Action } from '../../../src/engine';
import { applyTaskScope, classifyTask } from '../../../src/engine/task-scope';
import { createReviewRequest, saveReviewRequest } from '../../../src/review/request';
import { CLI } from '../../helpers';

describe("review show and the audit line: the person's request", function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'br-task-review-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('review show prints "Asked for" and "About to do", and the mismatch found again by the reviewer\'s engine', () => {
    const action: Action = { kind: 'shell', command: 'rm -rf precious' };
    const text = 'fix the rounding bug in the cost report';
    const assessment = applyTaskScope(assess(action), { ...classifyTask(text), text, from: 'Claude Code transcript' }, { action });
    const req = createReviewRequest({ action, assessment, cwd: dir, requester: { name: 'Dev', email: 'dev@example.com', host: 'h' }, remote: '' });
    const file = saveReviewRequest(req, { dir: join(dir, 'reviews') });
    const r = spawnSync(process.execPath, [CLI, 'review', 'show', file], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^ {2}Asked for: {3}fix the rounding bug in the cost report \(Claude Code transcript, as the requester's machine read it\)$/m);
    assert.match(r.stdout, /^ {2}About to do: Deletes precious recursively/m);
    assert.match(r.stdout, /\[high\] scope\.mismatch: You asked: 'fix the rounding bug in the cost report' — this deletes precious recursively/);
    assert.doesNotMatch(r.stdout, /WARNING/);
  });

  it('the audit line keeps at most 100 characters of a request, whatever the caller passes', () => {
    const log = join(dir, 'audit.jsonl');
    assert.ok(
      recordDecision(
        {
          agent: 'claude',
          digest: '0'.repeat(64),
          summary: 's',
          level: 'high',
          decision: 'deny',
          decidedBy: { type: 'policy' },
          task: `fix the bug ${'x'.repeat(5000)}`,
        },
        { file: log, witness: false },
      ),
    );
    const entry = JSON.parse(readFileSync(log, 'utf8').trim()) as { task: string };
    assert.ok(entry.task.length <= 100, String(entry.task.length));
    assert.match(entry.task, /^fix the bug x+…$/);
    const v = spawnSync(process.execPath, [CLI, 'audit', 'verify'], { encoding: 'utf8', env: { ...process.env, BLAST_RADIUS_AUDIT_LOG: log } });
    assert.equal(v.status, 0, `${v.stdout}${v.stderr}`);
  });
});
