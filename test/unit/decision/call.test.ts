// The shared I/O half of the decision (src/decision/call.ts, guard-paths.ts) on real files: the
// guard's run-time locations reach the facts (this process's folder, the asker's, the transcript),
// the transcript is read only when an action is above low, and an approval is looked up in the
// real audit ledger only when one can release the call.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOOK_FILES } from '../../../src/cli/code-cache';
import { approvalRelease, assessActions, decideCall, taskReader } from '../../../src/decision/call';
import { runtimeGuardPaths, transcriptGuard } from '../../../src/decision/guard-paths';
import { getDefaultPolicy } from '../../../src/engine/policy';
import type { Action } from '../../../src/engine/schema';
import { acceptCaseApproval, auditLines, makeReviewer, setUpCase, type TableCase } from '../../decision-table';

describe('decision/call: one way to assess and decide a call', function () {
  this.timeout(30_000);
  let root: string;
  let cwd: string;
  let env: NodeJS.ProcessEnv;
  const ownDir = () => join(root, 'install', 'dist');
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'br-call-'));
    cwd = join(root, 'project');
    mkdirSync(join(cwd, 'src'), { recursive: true });
    writeFileSync(join(cwd, 'src', 'app.ts'), 'const port = 3000;\n');
    for (const args of [
      ['init', '-q', '-b', 'main'],
      ['add', '.'],
      ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'init'],
    ])
      execFileSync('git', args, { cwd });
    mkdirSync(ownDir(), { recursive: true });
    env = {
      ...process.env,
      HOME: join(root, 'home'),
      BLAST_RADIUS_AUDIT_LOG: join(root, 'state', 'audit.jsonl'),
      BLAST_RADIUS_BRIDGE_DIR: join(root, 'bridge'),
    };
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const opts = (extra: object = {}) => ({ cwd, policy: getDefaultPolicy(), budgetMs: 500, ownDir: ownDir(), env, ...extra });
  const rulesOf = async (action: Action, extra: object = {}) => {
    const { assessments } = await assessActions([action], opts(extra));
    return { level: assessments[0]!.level, guard: assessments[0]!.findings.some((f) => f.rule.startsWith('guard.')) };
  };

  it('the running code’s own folder is a guard asset', async () => {
    assert.deepEqual(await rulesOf({ kind: 'shell', command: `rm -rf ${ownDir()}` }), { level: 'critical', guard: true });
    assert.deepEqual(await rulesOf({ kind: 'fileWrite', path: join(ownDir(), 'hook-local.js'), content: 'module.exports = {}' }), {
      level: 'critical',
      guard: true,
    });
  });

  // The loader runs hook-main.js and hook-local.js with the code caches beside them: every route to
  // one of them is guard tampering (the caches are trusted by where they are, src/cli/code-cache.ts).
  for (const file of HOOK_FILES) {
    it(`every route to ${file} in that folder is guard tampering`, async () => {
      const path = join(ownDir(), file);
      const routes: Action[] = [
        { kind: 'fileWrite', path, content: 'x' },
        { kind: 'shell', command: `echo x > ${path}` },
        { kind: 'shell', command: `sed -i s/a/b/ ${path}` },
        { kind: 'shell', command: `mv /tmp/x ${path}` },
        { kind: 'shell', command: `cp /tmp/x ${path}` },
        { kind: 'shell', command: `python3 -c "open('${path}', 'w').write('x')"` },
      ];
      for (const a of routes) assert.deepEqual(await rulesOf(a), { level: 'critical', guard: true }, JSON.stringify(a));
    });
  }

  it('the asker’s guard locations count too (the hook’s, sent to the editor)', async () => {
    const hookDir = join(root, 'elsewhere', 'hook-dist');
    assert.equal((await rulesOf({ kind: 'shell', command: `rm -rf ${hookDir}` })).guard, false, 'not a guard asset by itself');
    assert.deepEqual(await rulesOf({ kind: 'shell', command: `rm -rf ${hookDir}` }, { guardPaths: [hookDir] }), { level: 'critical', guard: true });
  });

  it('the moved audit log and bridge folder of the environment given', async () => {
    assert.equal((await rulesOf({ kind: 'shell', command: `: > ${env.BLAST_RADIUS_AUDIT_LOG}` })).guard, true);
    assert.equal((await rulesOf({ kind: 'fileWrite', path: join(env.BLAST_RADIUS_BRIDGE_DIR!, 'editor.json'), content: '{}' })).guard, true);
  });

  it('the transcript the request is read from', async () => {
    const transcript = join(root, 'agent', 'session.jsonl');
    const write: Action = { kind: 'fileWrite', path: transcript, content: '{"type":"user"}\n' };
    assert.equal((await rulesOf(write)).guard, false);
    assert.deepEqual(await rulesOf(write, { transcript }), { level: 'critical', guard: true });
  });

  it('an ordinary edit of a tracked file stays low', async () => {
    assert.deepEqual(await rulesOf({ kind: 'fileWrite', path: join(cwd, 'src', 'app.ts'), content: 'const port = 8080;\n' }), { level: 'low', guard: false });
  });

  it('runtimeGuardPaths: exactly these, in this order', () => {
    assert.deepEqual(runtimeGuardPaths({ HOME: '/home/u', BLAST_RADIUS_AUDIT_LOG: '/x/a.jsonl', BLAST_RADIUS_BRIDGE_DIR: '/x/b' }, '/d'), [
      '/d',
      '/x/a.jsonl',
      '/x/a.jsonl.head',
      '/x/a.jsonl.lock',
      '/x/a.jsonl.lock.break',
      '/x/a.jsonl.spool',
      runtimeGuardPaths({ HOME: '/home/u', BLAST_RADIUS_AUDIT_LOG: '/x/a.jsonl' }, '/d')[6]!,
      '/x/b',
    ]);
  });

  it('runtimeGuardPaths: own folder, the audit log’s files, the bridge folder, the cache when set, once each', () => {
    const log = '/x/state/audit.jsonl';
    const paths = runtimeGuardPaths(
      { HOME: '/home/u', BLAST_RADIUS_AUDIT_LOG: log, BLAST_RADIUS_BRIDGE_DIR: '/x/bridge', BLAST_RADIUS_CACHE_DIR: '/x/cache' },
      '/opt/br/dist',
    );
    assert.deepEqual(paths.slice(0, 2), ['/opt/br/dist', log]);
    for (const p of ['/x/bridge', '/x/cache']) assert.ok(paths.includes(p), p);
    assert.ok(paths.filter((p) => p.startsWith(`${log}`)).length >= 4, `head, lock, spool: ${paths.join(', ')}`);
    assert.equal(new Set(paths).size, paths.length);
    assert.equal(runtimeGuardPaths({ HOME: '/home/u', BLAST_RADIUS_AUDIT_LOG: log }, log).filter((p) => p === log).length, 1, 'no duplicates');
    assert.ok(!runtimeGuardPaths({ HOME: '/home/u', BLAST_RADIUS_AUDIT_LOG: log }, '/d').includes('/x/cache'));
  });

  it('transcriptGuard: an absolute .jsonl path, never /dev, /proc or /sys', () => {
    assert.deepEqual(transcriptGuard('/home/u/.claude/projects/p/s.jsonl'), ['/home/u/.claude/projects/p/s.jsonl']);
    for (const p of [
      undefined,
      '',
      'relative/s.jsonl',
      '/dev/null',
      '/proc/self/fd/0.jsonl',
      '/sys/x.jsonl',
      '/home/u/s.json',
      '/home/u/s.jsonl.bak',
      '/home/u/s\0.jsonl',
    ])
      assert.deepEqual(transcriptGuard(p), [], String(p));
  });

  it('the transcript is read only when an action is above low', async () => {
    const missing = join(root, 'no-such', 'session.jsonl');
    const lines: string[] = [];
    const base = { ...opts(), transcript: missing, agent: 'claude', releasedBy: 'hook', log: (l: string) => lines.push(l) };
    await decideCall([{ kind: 'shell', command: 'echo hello' }], base);
    assert.deepEqual(lines, [], 'a low call does not touch the transcript');
    await decideCall([{ kind: 'shell', command: 'docker system prune -af' }], base);
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^task: cannot open \(ENOENT\) \(.*session\.jsonl\)$/);
  });

  it('taskReader: none without a transcript; the request when there is one, and nothing logged', () => {
    assert.equal(taskReader(undefined, 'claude'), undefined);
    const transcript = join(root, 'claude.jsonl');
    writeFileSync(transcript, `${JSON.stringify({ type: 'user', message: { role: 'user', content: 'fix the rounding bug in the cost report' } })}\n`);
    const lines: string[] = [];
    const task = taskReader(transcript, 'claude', (l) => lines.push(l))!();
    assert.deepEqual(lines, []);
    assert.equal(taskReader(join(root, 'missing.jsonl'), 'claude')!(), undefined, 'a problem with no log to tell is no crash');
    assert.equal(task?.text, 'fix the rounding bug in the cost report');
    assert.equal(task?.kind, 'fix');
  });

  it('the facts’ notes come back per action (none: an empty list)', async () => {
    const { notes } = await assessActions(
      [
        { kind: 'shell', command: `rm -rf ${join(cwd, 'src')}` },
        { kind: 'shell', command: 'echo hi' },
      ],
      opts(),
    );
    assert.equal(notes.length, 2);
    assert.ok(
      notes[0]!.some((n) => /src/.test(n)),
      notes[0]!.join('\n'),
    );
    assert.deepEqual(notes[1], []);
  });

  it('approvalRelease: nothing accepted in the ledger releases nothing, and says nothing', () => {
    assert.deepEqual(approvalRelease(cwd, 'hook', env)('a'.repeat(64)), { released: false });
    assert.deepEqual(approvalRelease(cwd, 'hook', env)('not a digest'), { released: false });
  });

  it('decideCall: a peer-review call with no approval is a question, and the log hears of no refusal', async () => {
    const lines: string[] = [];
    const { decision, notes } = await decideCall([{ kind: 'shell', command: 'kubectl delete namespace payments-prod' }], {
      ...opts(),
      agent: 'claude',
      releasedBy: 'hook',
      log: (l: string) => lines.push(l),
    });
    assert.deepEqual(decision.outcome, { kind: 'ask', requirement: 'peer-review' });
    assert.equal(notes.length, 1);
    assert.ok(!lines.some((l) => l.startsWith('peer review')), lines.join('\n'));
  });
});

describe('decision/call: a second person’s approval, from the real audit ledger', function () {
  this.timeout(60_000);
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'br-call-approval-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('releases the call once, names who released it in the ledger, then says why it does not again', async () => {
    const reviewer = makeReviewer(root);
    const c: TableCase = {
      name: 'approved',
      agent: 'claude',
      tool: 'Bash',
      input: { command: 'kubectl delete namespace payments-prod' },
      approve: 0,
      expect: { requires: 'peer-review', level: 'critical', hook: 'allow', editor: 'allow' },
    };
    const home = join(root, 'home');
    mkdirSync(home, { recursive: true });
    const log = join(root, 'audit.jsonl');
    const env = { ...process.env, HOME: home, BLAST_RADIUS_AUDIT_LOG: log, BLAST_RADIUS_SYSTEM_DIR: join(root, 'no-system-root') };
    const s = setUpCase(c, root, reviewer, home);
    acceptCaseApproval(c, s, reviewer, env);
    const lines: string[] = [];
    const o = {
      cwd: s.dir,
      policy: getDefaultPolicy(),
      budgetMs: 500,
      ownDir: join(root, 'dist'),
      env,
      agent: 'claude',
      releasedBy: 'editor',
      log: (l: string) => lines.push(l),
    };
    const action: Action = { kind: 'shell', command: 'kubectl delete namespace payments-prod', cwd: s.dir };
    const first = await decideCall([action], o);
    assert.equal(first.decision.outcome.kind, 'released');
    assert.equal(first.decision.outcome.kind === 'released' && first.decision.outcome.reviewer, 'bob@example.org');
    const consumed = auditLines(log).filter((l) => l.decision === 'approval-consumed');
    assert.equal(consumed.length, 1);
    assert.equal((consumed[0] as unknown as { agent: string }).agent, 'editor', 'the ledger names who released it');
    assert.deepEqual(lines, []);
    const second = await decideCall([action], o);
    assert.deepEqual(second.decision.outcome, {
      kind: 'ask',
      requirement: 'peer-review',
      refused: 'replayed: every approval accepted for this action has released it already',
    });
    assert.deepEqual(lines, [
      `peer review: an accepted approval for ${second.decision.worst.digest.slice(0, 12)} was not released: replayed: every approval accepted for this action has released it already`,
    ]);
    // Without a log to tell, the refusal is still the answer (and no crash).
    const quiet = await decideCall([action], { ...o, log: undefined });
    assert.equal(quiet.decision.outcome.kind === 'ask' && quiet.decision.outcome.refused?.startsWith('replayed'), true);
    // The lookup alone: the same answer, with nothing to release.
    assert.deepEqual(approvalRelease(s.dir, 'hook', env)(second.decision.worst.digest), {
      released: false,
      reason: 'replayed: every approval accepted for this action has released it already',
    });
  });
});
