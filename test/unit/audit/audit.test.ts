// The audit log: real files, real separate processes appending at the same time, and every kind
// of tampering named by verify.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { GENESIS, LOCK_STALE_MS, appendRecord, defaultAuditFile, headFileOf, readAuditLog, recordDecision, verifyAuditLog } from '../../../src/audit';

const worker = resolve(__dirname, 'append-worker.js');
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const decision = (i: number) =>
  ({ agent: 'claude', digest: i.toString(16).padStart(64, '0'), summary: `action ${i}`, level: 'medium', decision: 'ask', decidedBy: { type: 'person', name: 'dev' } }) as const;

function runWorkers(log: string, workers: number, each: number): Promise<number[]> {
  const go = join(dirname(dirname(log)), "go");
  const exits = Array.from({ length: workers }, (_, k) =>
    new Promise<number>((res) => {
      const p = spawn(process.execPath, [worker, log, String(each), go, `w${k}`], { stdio: 'inherit' });
      p.on('exit', (code) => res(code ?? -1));
    }),
  );
  // Release them together once every one of them is up and polling for the go file.
  const ready = Array.from({ length: workers }, (_, k) => `${go}.ready.w${k}`);
  const poll = setInterval(() => {
    if (ready.every((f) => existsSync(f))) {
      clearInterval(poll);
      writeFileSync(go, '');
    }
  }, 5);
  return Promise.all(exits);
}

describe('audit log', () => {
  let dir: string;
  let log: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'br-audit-'));
    log = join(dir, 'state', 'audit.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('chains lines: seq from 1, prev of the first is GENESIS, verify counts them', () => {
    for (let i = 0; i < 3; i++) assert.equal(recordDecision(decision(i), { file: log }), true);
    const recs = readAuditLog(log);
    assert.deepEqual(recs.map((r) => r.seq), [1, 2, 3]);
    assert.equal(recs[0]!.prev, GENESIS);
    assert.equal(recs[1]!.summary, 'action 1');
    assert.match(recs[2]!.time, /^\d{4}-\d\d-\d\dT/);
    const v = verifyAuditLog(log);
    assert.deepEqual(v.ok && [v.count, v.headChecked], [3, true], JSON.stringify(v));
    assert.deepEqual(readAuditLog(log, 2).map((r) => r.seq), [2, 3]);
  });

  it('default file: BLAST_RADIUS_AUDIT_LOG, then XDG_STATE_HOME, then ~/.local/state', () => {
    assert.equal(defaultAuditFile({ BLAST_RADIUS_AUDIT_LOG: '/x/a.jsonl', XDG_STATE_HOME: '/s' }), '/x/a.jsonl');
    assert.equal(defaultAuditFile({ XDG_STATE_HOME: '/s', HOME: '/h' }), '/s/blast-radius/audit.jsonl');
    assert.equal(defaultAuditFile({ HOME: '/h' }), '/h/.local/state/blast-radius/audit.jsonl');
    assert.equal(recordDecision(decision(1), { env: { BLAST_RADIUS_AUDIT_LOG: log } }), true);
    assert.equal(readAuditLog(log).length, 1);
  });

  it('never throws: an unwritable place returns false', () => {
    writeFileSync(join(dir, 'plain'), '');
    assert.equal(recordDecision(decision(1), { file: join(dir, 'plain', 'audit.jsonl') }), false);
  });

  it('500 appends from 50 separate processes at once: nothing lost or interleaved, verify counts 500', async function () {
    this.timeout(120_000);
    const codes = await runWorkers(log, 50, 10);
    assert.deepEqual(codes.filter((c) => c !== 0), [], 'every worker wrote all its lines');
    const v = verifyAuditLog(log);
    assert.ok(v.ok, JSON.stringify(v));
    assert.equal(v.count, 500);
    const recs = readAuditLog(log);
    assert.equal(new Set(recs.map((r) => r.summary)).size, 500, 'each worker line appears exactly once');
    assert.deepEqual(recs.map((r) => r.seq), Array.from({ length: 500 }, (_, i) => i + 1));
    assert.equal(existsSync(`${log}.lock`), false, 'lock released');
  });

  describe('verify names the first broken line', () => {
    const N = 12;
    const lines = (): string[] => readFileSync(log, 'utf8').split('\n').slice(0, -1);
    const write = (ls: string[], trailing = true) => writeFileSync(log, ls.join('\n') + (trailing ? '\n' : ''));
    const rehash = (line: string) => {
      const body = line.replace(/,"hash":"[0-9a-f]{64}"\}$/, '}');
      const h = createHash('sha256').update(body).digest('hex');
      return `${body.slice(0, -1)},"hash":"${h}"}`;
    };
    const cases: { name: string; tamper: () => void; line: number; problem: string }[] = [
      { name: 'summary of line 5 edited', tamper: () => { const l = lines(); l[4] = l[4]!.replace('action 4', 'action 44'); write(l); }, line: 5, problem: 'edited' },
      { name: 'decision of line 7 edited and its own hash recomputed', tamper: () => { const l = lines(); l[6] = rehash(l[6]!.replace('"ask"', '"allow"')); write(l); }, line: 7, problem: 'edited' },
      { name: 'line 4 deleted', tamper: () => { const l = lines(); l.splice(3, 1); write(l); }, line: 4, problem: 'removed' },
      { name: 'lines 3-5 deleted', tamper: () => { const l = lines(); l.splice(2, 3); write(l); }, line: 3, problem: 'removed' },
      { name: 'first line deleted', tamper: () => { const l = lines(); l.shift(); write(l); }, line: 1, problem: 'removed' },
      { name: 'lines 6 and 7 swapped', tamper: () => { const l = lines(); [l[5], l[6]] = [l[6]!, l[5]!]; write(l); }, line: 6, problem: 'reordered' },
      { name: 'last line truncated', tamper: () => { const t = readFileSync(log, 'utf8'); writeFileSync(log, t.slice(0, t.length - 30)); }, line: N, problem: 'truncated' },
      { name: 'last line removed (head file)', tamper: () => { const l = lines(); l.pop(); write(l); }, line: N, problem: 'removed' },
      { name: 'garbage line inserted at 9', tamper: () => { const l = lines(); l.splice(8, 0, '{"hello":1}'); write(l); }, line: 9, problem: 'invalid' },
      { name: 'log deleted, head kept', tamper: () => rmSync(log), line: 1, problem: 'missing' },
    ];
    for (const c of cases) {
      it(c.name, () => {
        for (let i = 0; i < N; i++) assert.ok(recordDecision(decision(i), { file: log }));
        assert.ok(verifyAuditLog(log).ok, 'intact before tampering');
        c.tamper();
        const v = verifyAuditLog(log);
        assert.equal(v.ok, false, `${c.name}: verify must fail`);
        if (!v.ok) {
          assert.equal(v.line, c.line, `${c.name}: ${v.message}`);
          assert.equal(v.problem, c.problem, `${c.name}: ${v.message}`);
          assert.match(v.message, new RegExp(`^line ${c.line}:`));
        }
      });
    }

    it('without a head file the chain alone is checked (and still intact)', () => {
      for (let i = 0; i < 3; i++) recordDecision(decision(i), { file: log });
      rmSync(headFileOf(log));
      const v = verifyAuditLog(log);
      assert.deepEqual(v.ok && [v.count, v.headChecked], [3, false]);
    });

    it('an append after a crashed half-line starts a new line; verify still reports the damage', () => {
      for (let i = 0; i < 2; i++) recordDecision(decision(i), { file: log });
      writeFileSync(log, readFileSync(log, 'utf8') + '{"v":1,"seq":3,"ti');
      assert.ok(recordDecision(decision(9), { file: log }));
      const recs = readAuditLog(log);
      assert.equal(recs.at(-1)!.seq, 4);
      const v = verifyAuditLog(log);
      assert.equal(!v.ok && v.line, 3);
    });
  });

  describe('lock', () => {
    const lockOf = () => `${log}.lock`;
    beforeEach(() => mkdirSync(dirname(log), { recursive: true }));

    it('takes over a lock left by a process that has exited', () => {
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
      writeFileSync(lockOf(), `${dead.stdout} ${hostname()} ${Date.now()}\n`);
      assert.equal(recordDecision(decision(1), { file: log, lockTimeoutMs: 2000 }), true);
      assert.equal(existsSync(lockOf()), false);
    });

    it('waits for a live holder and gives up (false, no throw) at its timeout', () => {
      writeFileSync(lockOf(), `${process.pid} ${hostname()} ${Date.now()}\n`);
      assert.equal(appendRecord(decision(1), { file: log, lockTimeoutMs: 200 }), undefined);
      assert.equal(recordDecision(decision(1), { file: log, lockTimeoutMs: 200 }), false);
      assert.equal(existsSync(log) ? readFileSync(log, 'utf8') : '', '', 'nothing written without the lock');
      assert.equal(existsSync(lockOf()), true, "a live holder's lock is left alone");
    });

    it('hands the next turn to a writer that asked for it (.want), and ignores a dead asker', () => {
      const asker = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
      try {
        writeFileSync(`${log}.lock.want`, `${asker.pid} ${hostname()} ${Date.now()}\n`);
        assert.equal(recordDecision(decision(1), { file: log, lockTimeoutMs: 300 }), false, 'yields to the live asker');
      } finally {
        asker.kill('SIGKILL');
      }
      spawnSync(process.execPath, ['-e', '0']); // let the kill land
      for (let i = 0; i < 50 && isAlive(asker.pid!); i++) spawnSync('sleep', ['0.05']);
      assert.equal(recordDecision(decision(2), { file: log, lockTimeoutMs: 2000 }), true, 'a dead asker is ignored');
      assert.equal(existsSync(`${log}.lock.want`), false, "the dead asker's file is removed");
    });

    it(`takes over a lock older than ${LOCK_STALE_MS} ms even when its holder runs (a stopped process)`, () => {
      writeFileSync(lockOf(), `${process.pid} ${hostname()} ${Date.now() - LOCK_STALE_MS - 1000}\n`);
      assert.equal(recordDecision(decision(1), { file: log, lockTimeoutMs: 2000 }), true);
    });
  });
});
