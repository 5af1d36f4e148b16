// The audit log: real files, real separate processes appending at the same time, and every kind
// of tampering named by verify.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import {
  GENESIS,
  LOCK_STALE_MS,
  appendRecord,
  defaultAuditFile,
  fallbackDirOf,
  headFileOf,
  isoTime,
  readAuditLog,
  recordDecision,
  recordDecisionDetailed,
  verifyAuditLog,
} from '../../../src/audit';
import { seededRandom } from '../../helpers';

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
  ({
    agent: 'claude',
    digest: i.toString(16).padStart(64, '0'),
    summary: `action ${i}`,
    level: 'medium',
    decision: 'ask',
    decidedBy: { type: 'person', name: 'dev' },
  }) as const;

function runWorkers(log: string, workers: number, each: number): Promise<number[]> {
  const go = join(dirname(dirname(log)), 'go');
  const exits = Array.from(
    { length: workers },
    (_, k) =>
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

describe("isoTime (the audit line's time, without loading the time zone)", () => {
  it('writes what Date.prototype.toISOString writes: edges, leap days, centuries and 20,000 seeded times', () => {
    const edges = [
      0, -1, 1, 86399999, 86400000, -86400000, 951782400000, 951868800000, 4107542400000, 1709164800000, 1735689599999, -62167219200000, -62167219199999,
      253402300799999, -62135596800000, -2208988800000, 253402300800000, -62167219200001, 8.64e15, -8.64e15, 1.5,
    ];
    const random = seededRandom(20261130);
    const times = [...edges, ...Array.from({ length: 20000 }, () => Math.floor((random() * 2 - 1) * 2.6e14))];
    for (const ms of times) assert.equal(isoTime(ms), new Date(ms).toISOString(), String(ms));
  });

  it('reads no time zone file: a hook call that writes an audit line opens no /etc/localtime', function () {
    if (process.platform !== 'linux' || spawnSync('strace', ['-V']).status !== 0) this.skip();
    const audit = require.resolve('../../../src/audit');
    const probe = `const a = require(${JSON.stringify(audit)}); a.isoTime(Date.now());`;
    const r = spawnSync('strace', ['-f', '-e', 'trace=openat,open', process.execPath, '-e', probe], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /localtime|zoneinfo/);
    const control = spawnSync('strace', ['-f', '-e', 'trace=openat,open', process.execPath, '-e', 'new Date().toISOString()'], { encoding: 'utf8' });
    assert.match(control.stderr, /localtime|zoneinfo/, 'the control call should read the time zone (else this test proves nothing)');
  });
});

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
    assert.deepEqual(
      recs.map((r) => r.seq),
      [1, 2, 3],
    );
    assert.equal(recs[0]!.prev, GENESIS);
    assert.equal(recs[1]!.summary, 'action 1');
    assert.match(recs[2]!.time, /^\d{4}-\d\d-\d\dT/);
    const v = verifyAuditLog(log);
    assert.deepEqual(v.ok && [v.count, v.headChecked], [3, true], JSON.stringify(v));
    assert.deepEqual(
      readAuditLog(log, 2).map((r) => r.seq),
      [2, 3],
    );
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
    const file = join(dir, 'plain', 'audit.jsonl');
    assert.equal(recordDecision(decision(1), { file }), false);
    rmSync(fallbackDirOf(file), { recursive: true, force: true });
  });

  it('500 appends from 50 separate processes at once: nothing lost or interleaved, verify counts 500', async function () {
    this.timeout(120_000);
    const codes = await runWorkers(log, 50, 10);
    assert.deepEqual(
      codes.filter((c) => c !== 0),
      [],
      'every worker wrote all its lines',
    );
    const v = verifyAuditLog(log);
    assert.ok(v.ok, JSON.stringify(v));
    assert.equal(v.count, 500);
    const recs = readAuditLog(log);
    assert.equal(new Set(recs.map((r) => r.summary)).size, 500, 'each worker line appears exactly once');
    assert.deepEqual(
      recs.map((r) => r.seq),
      Array.from({ length: 500 }, (_, i) => i + 1),
    );
    assert.equal(existsSync(`${log}.lock`), false, 'lock released');
  });

  describe('verify names the first broken line', () => {
    const N = 12;
    const lines = (): string[] => readFileSync(log, 'utf8').split('\n').slice(0, -1);
    const write = (ls: string[], trailing = true) => writeFileSync(log, ls.join('\n') + (trailing ? '\n' : ''));
    const head = () => `${log}.head`;
    const rehash = (line: string) => {
      const body = line.replace(/,"hash":"[0-9a-f]{64}"\}$/, '}');
      const h = createHash('sha256').update(body).digest('hex');
      return `${body.slice(0, -1)},"hash":"${h}"}`;
    };
    const sha = (t: string) => createHash('sha256').update(t).digest('hex');
    /** Recomputes seq, prev and hash of every line from `from` on, as anyone can (the chain is public). */
    const rechain = (ls: string[]) => {
      let prev = '0'.repeat(64);
      return ls.map((l, i) => {
        const o = JSON.parse(l) as Record<string, unknown>;
        delete o.hash;
        o.seq = i + 1;
        o.prev = prev;
        // keep field order: v, seq first
        const { v, seq, ...rest } = o;
        const body = JSON.stringify({ v, seq, ...rest, prev });
        const line = `${body.slice(0, -1)},"hash":"${sha(body)}"}`;
        prev = sha(line);
        return line;
      });
    };
    const writeHeadFor = (ls: string[]) =>
      writeFileSync(head(), `${JSON.stringify({ seq: ls.length, hash: sha(ls[ls.length - 1]!) })}`.padEnd(127, ' ') + '\n');
    const forged = (ls: string[]) => rechain([...ls, ls[0]!.replace('action 0', 'forged')]);

    // The 16 tamperings of issue 13. `plain`: caught by the chain and head alone; every one is caught with an anchor.
    const cases: { name: string; tamper: () => void; line: number; problem: string; plain: boolean }[] = [
      {
        name: '1 summary of line 5 edited',
        tamper: () => {
          const l = lines();
          l[4] = l[4]!.replace('action 4', 'action 44');
          write(l);
        },
        line: 5,
        problem: 'edited',
        plain: true,
      },
      {
        name: '2 decision of line 7 edited and its own hash recomputed',
        tamper: () => {
          const l = lines();
          l[6] = rehash(l[6]!.replace('"ask"', '"allow"'));
          write(l);
        },
        line: 7,
        problem: 'edited',
        plain: true,
      },
      {
        name: '3 line 4 deleted',
        tamper: () => {
          const l = lines();
          l.splice(3, 1);
          write(l);
        },
        line: 4,
        problem: 'removed',
        plain: true,
      },
      {
        name: '4 lines 3-5 deleted',
        tamper: () => {
          const l = lines();
          l.splice(2, 3);
          write(l);
        },
        line: 3,
        problem: 'removed',
        plain: true,
      },
      {
        name: '5 first line deleted',
        tamper: () => {
          const l = lines();
          l.shift();
          write(l);
        },
        line: 1,
        problem: 'removed',
        plain: true,
      },
      {
        name: '6 lines 6 and 7 swapped',
        tamper: () => {
          const l = lines();
          [l[5], l[6]] = [l[6]!, l[5]!];
          write(l);
        },
        line: 6,
        problem: 'reordered',
        plain: true,
      },
      {
        name: '7 last line truncated',
        tamper: () => {
          const t = readFileSync(log, 'utf8');
          writeFileSync(log, t.slice(0, t.length - 30));
        },
        line: N,
        problem: 'truncated',
        plain: true,
      },
      {
        name: '8 last line removed, head kept',
        tamper: () => {
          const l = lines();
          l.pop();
          write(l);
        },
        line: N,
        problem: 'removed',
        plain: true,
      },
      {
        name: '9 a forged line appended with a recomputed hash (head untouched)',
        tamper: () => write(forged(lines())),
        line: N + 1,
        problem: 'added',
        plain: true,
      },
      {
        name: '10 a forged line appended and the head rewritten to match',
        tamper: () => {
          const l = forged(lines());
          write(l);
          writeHeadFor(l);
        },
        line: N + 1,
        problem: 'added',
        plain: false,
      },
      {
        name: '11 a middle line rewritten, the rest re-chained, the head rewritten',
        tamper: () => {
          const l = lines();
          l[5] = l[5]!.replace('"ask"', '"allow"');
          const r = rechain(l);
          write(r);
          writeHeadFor(r);
        },
        line: 6,
        problem: 'rewritten',
        plain: false,
      },
      {
        name: '12 a middle line deleted, the rest re-chained, the head rewritten',
        tamper: () => {
          const l = lines();
          l.splice(5, 1);
          const r = rechain(l);
          write(r);
          writeHeadFor(r);
        },
        line: 6,
        problem: 'rewritten',
        plain: false,
      },
      {
        name: '13 the tail dropped and the head rewritten',
        tamper: () => {
          const l = lines().slice(0, 8);
          write(l);
          writeHeadFor(l);
        },
        line: 9,
        problem: 'removed',
        plain: false,
      },
      {
        name: '14 the tail dropped and the head deleted',
        tamper: () => {
          write(lines().slice(0, 8));
          rmSync(head());
        },
        line: 9,
        problem: 'removed',
        plain: false,
      },
      {
        name: '15 the whole chain replaced (and its head)',
        tamper: () => {
          const l = rechain(lines().map((x) => x.replace(/action \d+/, 'nothing happened')));
          write(l);
          writeHeadFor(l);
        },
        line: 1,
        problem: 'rewritten',
        plain: false,
      },
      {
        name: '16 log and head deleted',
        tamper: () => {
          rmSync(log);
          rmSync(head());
        },
        line: 1,
        problem: 'missing',
        plain: false,
      },
    ];

    for (const anchored of [true, false]) {
      for (const c of cases) {
        if (!anchored && !c.plain) {
          it(`without an anchor, not detected (says so): ${c.name}`, () => {
            for (let i = 0; i < N; i++) assert.ok(recordDecision(decision(i), { file: log, witness: false }));
            c.tamper();
            const v = verifyAuditLog(log, { witness: false });
            assert.equal(v.anchor.kind, 'none', 'verify says there is no anchor');
            assert.equal(v.ok, true, `${c.name}: a same-user rewrite is invisible without an anchor (the README says so)`);
          });
          continue;
        }
        it(`${anchored ? 'with the system anchor' : 'chain and head alone'}: ${c.name}`, () => {
          const witness = anchored ? join(dir, 'witness.jsonl') : false;
          for (let i = 0; i < N; i++) assert.ok(recordDecision(decision(i), { file: log, witness }));
          assert.ok(verifyAuditLog(log, { witness }).ok, 'intact before tampering');
          c.tamper();
          const v = verifyAuditLog(log, { witness });
          assert.equal(v.ok, false, `${c.name}: verify must fail`);
          if (!v.ok) {
            assert.equal(v.problem, c.problem, `${c.name}: ${v.message}`);
            assert.equal(v.line, c.line, `${c.name}: ${v.message}`);
            assert.match(v.message, new RegExp(`^line ${c.line}:`));
          }
        });
      }
    }

    it('garbage line inserted at 9 is invalid', () => {
      for (let i = 0; i < N; i++) recordDecision(decision(i), { file: log, witness: false });
      const l = lines();
      l.splice(8, 0, '{"hello":1}');
      write(l);
      const v = verifyAuditLog(log, { witness: false });
      assert.deepEqual(!v.ok && [v.line, v.problem], [9, 'invalid']);
    });

    it('log deleted, head kept: missing', () => {
      for (let i = 0; i < N; i++) recordDecision(decision(i), { file: log, witness: false });
      rmSync(log);
      const v = verifyAuditLog(log, { witness: false });
      assert.deepEqual(!v.ok && [v.line, v.problem], [1, 'missing']);
    });

    it('a spooled decision removed before it was merged is lost (with an anchor)', () => {
      const witness = join(dir, 'witness.jsonl');
      for (let i = 0; i < 3; i++) recordDecision(decision(i), { file: log, witness });
      writeFileSync(`${log}.lock`, `${process.pid} ${hostname()} ${Date.now()}\n`);
      const r = recordDecisionDetailed(decision(7), { file: log, witness, lockTimeoutMs: 0 });
      assert.deepEqual([r.ok, r.where], [true, 'spool']);
      rmSync(`${log}.spool`, { recursive: true });
      rmSync(`${log}.lock`);
      const v = verifyAuditLog(log, { witness });
      assert.deepEqual(!v.ok && [v.problem], ['lost'], JSON.stringify(v));
    });

    it('without a head file the chain alone is checked (and still intact)', () => {
      for (let i = 0; i < 3; i++) recordDecision(decision(i), { file: log, witness: false });
      rmSync(headFileOf(log));
      const v = verifyAuditLog(log, { witness: false });
      assert.deepEqual(v.ok && [v.count, v.headChecked], [3, false]);
    });

    it('an append after a crashed half-line starts a new line; verify still reports the damage', () => {
      for (let i = 0; i < 2; i++) recordDecision(decision(i), { file: log, witness: false });
      writeFileSync(log, readFileSync(log, 'utf8') + '{"v":1,"seq":3,"ti');
      assert.ok(recordDecision(decision(9), { file: log, witness: false }));
      const recs = readAuditLog(log);
      assert.equal(recs.at(-1)!.seq, 4);
      const v = verifyAuditLog(log, { witness: false });
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

    it('one breaker at a time: while another breaker holds its turn (.break) a stale lock waits; a turn left by a dead breaker is cleared', () => {
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
      writeFileSync(lockOf(), `${dead.stdout} ${hostname()} ${Date.now()}\n`);
      writeFileSync(`${lockOf()}.break`, '');
      assert.equal(
        recordDecisionDetailed(decision(1), { file: log, lockTimeoutMs: 150, witness: false }).where,
        'spool',
        'broken while another breaker was at it',
      );
      assert.ok(existsSync(lockOf()), 'the stale lock waits for the breaker that has the turn');
      // A turn older than BREAK_STALE_MS (2 s) belongs to a breaker that died: cleared, then the lock is broken.
      const old = new Date(Date.now() - 5000);
      utimesSync(`${lockOf()}.break`, old, old);
      const r = recordDecisionDetailed(decision(2), { file: log, lockTimeoutMs: 2000, witness: false });
      assert.equal(r.where, 'log');
      assert.equal(existsSync(`${lockOf()}.break`), false);
      assert.deepEqual(
        readdirSync(dirname(log)).filter((f) => f.includes('.stale.')),
        [],
        'no pin left behind',
      );
    });

    it('waits for a live holder at most its budget, then keeps the entry in the spool; the next writer merges it', () => {
      writeFileSync(lockOf(), `${process.pid} ${hostname()} ${Date.now()}\n`);
      const t = Date.now();
      const r = recordDecisionDetailed(decision(1), { file: log, lockTimeoutMs: 200, witness: false });
      assert.ok(Date.now() - t < 1500, 'bounded by the budget');
      assert.deepEqual([r.ok, r.where], [true, 'spool']);
      assert.equal(existsSync(log) ? readFileSync(log, 'utf8') : '', '', 'nothing written to the chain without the lock');
      assert.equal(existsSync(lockOf()), true, "a live holder's lock is left alone");
      assert.equal(verifyAuditLog(log, { witness: false }).pending, 1);
      rmSync(lockOf());
      assert.ok(recordDecision(decision(2), { file: log, witness: false }));
      assert.deepEqual(
        readAuditLog(log).map((x) => x.summary),
        ['action 1', 'action 2'],
        'the spooled entry first, in time order',
      );
      assert.match(readAuditLog(log)[0]!.spool ?? '', /^[0-9a-f]{64}$/);
      assert.ok(verifyAuditLog(log, { witness: false }).ok);
    });

    it('a ledger append (unless) is never spooled: without the lock it is not written', () => {
      writeFileSync(lockOf(), `${process.pid} ${hostname()} ${Date.now()}\n`);
      const r = recordDecisionDetailed(decision(1), { file: log, lockTimeoutMs: 50, witness: false, unless: () => undefined });
      assert.deepEqual([r.ok, r.where], [false, 'busy']);
      assert.throws(() => appendRecord(decision(1), { file: log, lockTimeoutMs: 50, witness: false, unless: () => undefined }), /locked by pid/);
    });

    it('hands the next turn to a writer that asked for it (.want), and ignores a dead asker', () => {
      const asker = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
      try {
        writeFileSync(`${log}.lock.want`, `${asker.pid} ${hostname()} ${Date.now()}\n`);
        const r = recordDecisionDetailed(decision(1), { file: log, lockTimeoutMs: 300, witness: false });
        assert.equal(r.where, 'spool', 'yields to the live asker');
      } finally {
        asker.kill('SIGKILL');
      }
      for (let i = 0; i < 50 && isAlive(asker.pid!); i++) spawnSync('sleep', ['0.05']);
      assert.equal(recordDecisionDetailed(decision(2), { file: log, lockTimeoutMs: 2000, witness: false }).where, 'log', 'a dead asker is ignored');
      assert.equal(existsSync(`${log}.lock.want`), false, "the dead asker's file is removed");
      assert.equal(readAuditLog(log).length, 2, 'and the spooled one merged');
    });

    it('takes over a lock whose holder is stopped (SIGSTOP), however fresh its time', () => {
      const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
      try {
        holder.kill('SIGSTOP');
        for (let i = 0; i < 50; i++) {
          if (/\) [Tt] /.test(readFileSync(`/proc/${holder.pid}/stat`, 'utf8'))) break;
          spawnSync('sleep', ['0.02']);
        }
        writeFileSync(lockOf(), `${holder.pid} ${hostname()} ${Date.now()}\n`);
        assert.equal(recordDecisionDetailed(decision(1), { file: log, lockTimeoutMs: 2000, witness: false }).where, 'log');
      } finally {
        holder.kill('SIGKILL');
      }
    });

    it('takes over a foreign lock (not in our format) at once', () => {
      writeFileSync(lockOf(), 'squatted\n');
      assert.equal(recordDecisionDetailed(decision(1), { file: log, lockTimeoutMs: 2000, witness: false }).where, 'log');
    });

    it('leaves a young lock whose line is not finished (a holder seen mid-write) to its holder', () => {
      // What a reader on a loaded machine can see of a holder's one write: part of its line.
      writeFileSync(lockOf(), `${process.pid} ${hostname().slice(0, 2)}`);
      assert.equal(
        recordDecisionDetailed(decision(1), { file: log, lockTimeoutMs: 100, witness: false }).where,
        'spool',
        'taken over while its holder may still be writing',
      );
      assert.equal(readFileSync(lockOf(), 'utf8'), `${process.pid} ${hostname().slice(0, 2)}`, 'the holder’s lock is untouched');
    });

    it(`judges a lock's age by its file's birth time, not the time written in it (LOCK_STALE_MS = ${LOCK_STALE_MS})`, () => {
      writeFileSync(lockOf(), `${process.pid} ${hostname()} ${Date.now() - LOCK_STALE_MS - 1000}\n`);
      assert.equal(
        recordDecisionDetailed(decision(1), { file: log, lockTimeoutMs: 100, witness: false }).where,
        'spool',
        'a fresh file with an old time inside is not stale',
      );
    });
  });

  describe('a log that cannot be written', () => {
    it('never throws: the entry goes to the fallback folder, the caller gets a note, verify reports it, and a later write merges it (late)', () => {
      const blocked = join(dir, 'plain');
      writeFileSync(blocked, '');
      const file = join(blocked, 'audit.jsonl');
      try {
        const r = recordDecisionDetailed(decision(1), { file });
        assert.deepEqual([r.ok, r.where], [false, 'fallback']);
        assert.match(r.ok ? '' : r.note, /could not be written to the audit log .*(ENOTDIR|EEXIST).*kept in/);
        assert.equal(recordDecision(decision(2), { file }), false);
        rmSync(blocked);
        mkdirSync(blocked);
        writeFileSync(file, '');
        const v = verifyAuditLog(file, { witness: false });
        assert.deepEqual(!v.ok && [v.problem], ['unrecorded'], JSON.stringify(v));
        assert.match(!v.ok ? v.message : '', /2 decisions could not be written to this log \((ENOTDIR|EEXIST)/);
        assert.ok(recordDecision(decision(3), { file, witness: false }));
        const recs = readAuditLog(file);
        assert.deepEqual(
          recs.map((x) => x.summary),
          ['action 1', 'action 2', 'action 3'],
        );
        assert.match(recs[0]!.late ?? '', /^not written when decided: (ENOTDIR|EEXIST)/);
        assert.ok(verifyAuditLog(file, { witness: false }).ok);
      } finally {
        // The whole per-user fallback folder (blast-radius-<uid>): this test made it.
        rmSync(dirname(dirname(fallbackDirOf(file))), { recursive: true, force: true });
      }
    });
  });
});
