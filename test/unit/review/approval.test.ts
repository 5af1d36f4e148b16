// Approvals end to end with real keys (ssh-keygen on each reviewer's "own machine" and the built-in
// key), a real team repository whose allowed signers are committed on origin's default branch, a
// real request and the real audit chain as the ledger: one valid approval releases its action once;
// every other token — and every forgery a lone agent could build — is refused, naming the check.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { appendRecord, readAuditLog } from '../../../src/audit';
import { assess, type Action } from '../../../src/engine';
import { type ApprovalCheck, type SigningKey, acceptApproval, consumeApproval, parseToken, signApproval } from '../../../src/review/approval';
import { createReviewRequest, saveReviewRequest, type ReviewRequest } from '../../../src/review/request';
import { generateBuiltinKey, signBuiltin } from '../../../src/review/sshsig';
import { sshKeygen } from './keys';
import { type Team, makeTeam } from './team';

const HOUR = 3600_000;

describe('approvals', function () {
  this.timeout(60_000);
  let team: Team;
  let bob: SigningKey;
  let carol: SigningKey;
  let eve: SigningKey;
  let alice: SigningKey;
  let req: ReviewRequest;
  let other: ReviewRequest;
  let env: NodeJS.ProcessEnv;

  const me = () => ({ name: 'Alice', email: 'alice@example.org', host: hostname() });
  const request = (action: Action, requester = me()) => {
    const r = createReviewRequest({ action, assessment: assess(action), requester, remote: '', cwd: team.repo });
    saveReviewRequest(r, { cwd: team.repo });
    return r;
  };
  const sign = (key: SigningKey, reviewer: string, o: Partial<Parameters<typeof signApproval>[0]> = {}) => {
    const r = signApproval({ request: req, reviewer, key, ...o });
    assert.ok(r.ok, r.ok ? '' : r.error);
    return r.token;
  };
  const accept = (token: string, o: Parameters<typeof acceptApproval>[1] = {}) =>
    acceptApproval(token, { cwd: team.repo, env, audit: { file: team.audit }, ...o });
  const consume = (digest: string, o: Parameters<typeof consumeApproval>[1] = {}) =>
    consumeApproval(digest, { cwd: team.repo, env, audit: { file: team.audit }, ...o });

  beforeEach(() => {
    team = makeTeam({ reviewers: ['bob', 'dan'] });
    env = team.alice.env;
    const c = generateBuiltinKey('carol');
    // eve: a key on her own machine, never listed.
    const e = sshKeygen(join(team.base, 'dan', 'home', '.ssh'), 'eve', 'ed25519');
    bob = { kind: 'ssh', path: team.reviewers.bob!.key.path };
    eve = { kind: 'ssh', path: e.path };
    alice = { kind: 'ssh', path: team.alice.key.path };
    carol = { kind: 'builtin', privateKeyPem: c.privateKeyPem };
    team.commitAndPush({
      '.blast-radius/allowed_signers': [
        `bob@example.org ${team.reviewers.bob!.key.publicKey}`,
        `carol@example.org namespaces="blast-radius" ${c.publicKey}`,
        `alice@example.org,alice.alt@example.org ${team.alice.key.publicKey}`,
        `dan@example.org ${team.reviewers.dan!.key.publicKey}`,
      ].join('\n'),
    });
    req = request({ kind: 'shell', command: 'rm -rf /srv/prod-db', cwd: team.repo });
    other = request({ kind: 'shell', command: 'rm -rf /srv/prod-db2', cwd: team.repo });
  });
  afterEach(() => team.cleanup());

  it("a valid approval (a second person's ssh-keygen key) is accepted once, and releases its action once", () => {
    const token = sign(bob, 'bob@example.org', { reason: 'checked the backup' });
    assert.match(token, /^br1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const first = accept(token);
    assert.ok(first.ok, JSON.stringify(first));
    assert.equal(first.ok && first.request.id, req.id);
    const again = accept(token);
    assert.deepEqual([again.ok, !again.ok && again.check], [false, 'replayed']);

    assert.deepEqual(consume(other.digest), { released: false }, 'nothing released for another action');
    const taken = consume(req.digest);
    assert.equal(taken.released, true, JSON.stringify(taken));
    const twice = consume(req.digest);
    assert.equal(twice.released, false, 'released once');
    assert.match(!twice.released ? twice.reason! : '', /^replayed/);

    const log = readAuditLog(team.audit);
    assert.deepEqual(
      log.map((r) => r.decision),
      ['approval-used', 'approval-refused', 'approval-consumed'],
    );
    assert.equal(log[0]!.decidedBy.name, 'bob@example.org');
    assert.equal(log[0]!.token, token, 'the ledger line carries the token');
    assert.match(log[1]!.reason!, /^replayed:/);
  });

  it('the signed token names the requester it was approved for', () => {
    const p = parseToken(sign(bob, 'bob@example.org'));
    assert.ok(p.ok);
    assert.deepEqual(p.token.approval.requester, { email: 'alice@example.org', host: hostname(), name: 'Alice' });
  });

  it('a valid approval made with the built-in key is accepted', () => {
    const r = accept(sign(carol, 'carol@example.org'));
    assert.ok(r.ok, JSON.stringify(r));
  });

  const refusals: { name: string; token: () => string; opts?: () => Parameters<typeof acceptApproval>[1]; check: ApprovalCheck; message: RegExp }[] = [
    { name: 'wrong key (eve signs as bob)', token: () => sign(eve, 'bob@example.org'), check: 'signer', message: /not in the allowed signers file/ },
    {
      name: 'signer not listed for that principal',
      token: () => sign(bob, 'dan@example.org'),
      check: 'signer',
      message: /listed, but not for "dan@example.org"/,
    },
    {
      name: "self-approval with the requester's key under another name",
      token: () => sign(alice, 'alice.alt@example.org'),
      check: 'self-approval',
      message: /key belongs to the requester/,
    },
    {
      name: 'other digest (the pending action differs)',
      token: () => sign(bob, 'bob@example.org'),
      opts: () => ({ expectedDigest: other.digest }),
      check: 'digest',
      message: /not the pending action/,
    },
    {
      name: "other digest (signed for another action under this request's id)",
      token: () => sign(bob, 'bob@example.org', { request: { ...req, digest: other.digest } }),
      check: 'digest',
      message: /but request r-/,
    },
    {
      name: 'expired',
      token: () => sign(bob, 'bob@example.org'),
      opts: () => ({ now: new Date(Date.now() + 2 * HOUR) }),
      check: 'expired',
      message: /expired at/,
    },
    {
      name: 'signed rejection',
      token: () => sign(bob, 'bob@example.org', { decision: 'reject', reason: 'no backup' }),
      check: 'rejected',
      message: /bob@example.org rejected this action: no backup/,
    },
    {
      name: 'unknown request',
      token: () => sign(bob, 'bob@example.org', { request: { ...req, id: 'r-000000000000' } }),
      check: 'unknown-request',
      message: /no pending review request r-000000000000/,
    },
    {
      name: 'signed for another requester',
      token: () => sign(bob, 'bob@example.org', { request: { ...req, requester: { email: 'mallory@example.org', host: hostname() } } }),
      check: 'requester',
      message: /signed for a request by mallory@example.org/,
    },
    { name: 'truncated token (signature cut)', token: () => sign(bob, 'bob@example.org').slice(0, -20), check: 'signature', message: /signature invalid/ },
    { name: 'truncated token (payload cut)', token: () => sign(bob, 'bob@example.org').slice(0, 40), check: 'malformed', message: /damaged/ },
    {
      name: 'edited token (expiry pushed out)',
      token: () => {
        const t = sign(bob, 'bob@example.org');
        const p = parseToken(t);
        assert.ok(p.ok);
        const edited = Buffer.from(JSON.stringify({ ...p.token.approval, expiresAt: '2999-01-01T00:00:00.000Z' })).toString('base64url');
        return `br1.${edited}.${t.split('.')[2]}`;
      },
      check: 'signature',
      message: /does not match the signed text/,
    },
    {
      name: 'an older token that names no requester',
      token: () => {
        const payload = Buffer.from(
          JSON.stringify({ decision: 'approve', digest: req.digest, expiresAt: req.expiresAt, requestId: req.id, reviewer: 'carol@example.org' }),
        );
        return `br1.${payload.toString('base64url')}.${signBuiltin(payload, (carol as { privateKeyPem: string }).privateKeyPem).toString('base64url')}`;
      },
      check: 'malformed',
      message: /names no requester/,
    },
    { name: 'not a token at all', token: () => 'hello', check: 'malformed', message: /should start with br1\./ },
  ];
  for (const c of refusals) {
    it(`refuses: ${c.name} → ${c.check}`, () => {
      const r = accept(c.token(), c.opts?.());
      assert.equal(r.ok, false, `${c.name}: must be refused`);
      if (!r.ok) {
        assert.equal(r.check, c.check, `${c.name}: ${r.message}`);
        assert.match(r.message, c.message, c.name);
      }
      assert.deepEqual(consume(req.digest), { released: false }, `${c.name}: nothing released`);
      const last = readAuditLog(team.audit).at(-1)!;
      assert.equal(last.decision, c.check === 'rejected' ? 'deny' : 'approval-refused', c.name);
    });
  }

  describe('forgeries a lone agent can try (each refused, naming the check)', () => {
    it('agent-only chain: a key it generates and appends to the working tree allowed_signers is not a committed signer', () => {
      const k = sshKeygen(join(team.repo, '.keys'), 'agent', 'ed25519');
      appendFileSync(join(team.repo, '.blast-radius', 'allowed_signers'), `\nagent@example.com ${k.publicKey}\n`);
      const r = accept(sign({ kind: 'ssh', path: k.path }, 'agent@example.com'));
      assert.deepEqual([r.ok, !r.ok && r.check], [false, 'signer']);
    });

    it('agent-only chain: pointing the working tree policy at its own signers file changes nothing', () => {
      const k = sshKeygen(join(team.repo, '.keys'), 'agent', 'ed25519');
      writeFileSync(join(team.repo, 'mine'), `agent@example.com ${k.publicKey}\n`);
      writeFileSync(join(team.repo, '.blast-radius', 'policy.json'), JSON.stringify({ version: 1, allowedSignersFile: 'mine' }));
      const r = accept(sign({ kind: 'ssh', path: k.path }, 'agent@example.com'));
      assert.deepEqual([r.ok, !r.ok && r.check], [false, 'signer']);
    });

    it('agent-only chain: committing its key on the local main does not move the remote default branch', () => {
      const k = sshKeygen(join(team.repo, '.keys'), 'agent', 'ed25519');
      appendFileSync(join(team.repo, '.blast-radius', 'allowed_signers'), `\nagent@example.com ${k.publicKey}\n`);
      team.git('commit', '-q', '-am', 'add me');
      const r = accept(sign({ kind: 'ssh', path: k.path }, 'agent@example.com'));
      assert.deepEqual([r.ok, !r.ok && r.check], [false, 'signer']);
    });

    it('a committed (listed) key whose private half is on this machine is refused: in the workspace, in HOME', () => {
      for (const where of [join(team.repo, '.keys'), join(team.alice.home, 'keys')]) {
        const k = sshKeygen(where, 'shared', 'ed25519');
        team.commitAndPush({
          '.blast-radius/allowed_signers': `${readFileSync(join(team.repo, '.blast-radius', 'allowed_signers'), 'utf8')}\nops@example.org ${k.publicKey}\n`,
        });
        const r = accept(sign({ kind: 'ssh', path: k.path }, 'ops@example.org'));
        assert.deepEqual([r.ok, !r.ok && r.check], [false, 'local-key'], where);
        assert.match(!r.ok ? r.message : '', new RegExp(k.path.replace(/[.]/g, '\\.')));
        rmSync(where, { recursive: true, force: true });
      }
    });

    it("the developer's own key (readable by the agent) approving as the developer: self-approval", () => {
      const r = signApproval({ request: req, reviewer: 'alice@example.org', key: alice });
      assert.equal(r.ok, false, 'signing refuses it');
      // Signed anyway, by hand, over a payload naming alice:
      const forged = signApproval({
        request: { ...req, requester: { email: 'someone@example.org', host: hostname() } },
        reviewer: 'alice@example.org',
        key: alice,
      });
      assert.ok(forged.ok);
      const acc = accept(forged.token);
      assert.deepEqual([acc.ok, !acc.ok && acc.check], [false, 'requester']);
    });

    it('store replay: moving the old bookkeeping aside, or re-accepting, does not release twice', () => {
      const token = sign(bob, 'bob@example.org');
      assert.ok(accept(token).ok);
      assert.equal(consume(req.digest).released, true);
      const reviews = join(team.repo, '.blast-radius', 'reviews');
      for (const d of ['used', 'consumed', 'released']) rmSync(join(reviews, d), { recursive: true, force: true });
      const again = accept(token);
      assert.deepEqual([again.ok, !again.ok && again.check], [false, 'replayed']);
      assert.equal(consume(req.digest).released, false);
    });

    it('hand-written release: a release file (or a forged ledger line) with an old token releases nothing', () => {
      const token = sign(bob, 'bob@example.org');
      assert.ok(accept(token).ok);
      assert.equal(consume(req.digest).released, true);
      mkdirSync(join(team.repo, '.blast-radius', 'reviews', 'released'), { recursive: true });
      writeFileSync(join(team.repo, '.blast-radius', 'reviews', 'released', `${req.digest}.json`), JSON.stringify({ token }));
      assert.equal(consume(req.digest).released, false, 'a release file is not read at all');
      // An agent appends its own approval-used line with the old token, chain and head kept right.
      const p = parseToken(token);
      assert.ok(p.ok);
      appendRecord(
        {
          agent: 'cli',
          digest: req.digest,
          summary: '',
          level: 'critical',
          decision: 'approval-used',
          decidedBy: { type: 'reviewer', name: 'bob@example.org' },
          requestId: req.id,
          approvalId: p.token.id,
          token,
        },
        { file: team.audit, env },
      );
      const r = consume(req.digest);
      assert.equal(r.released, false);
      assert.match(!r.released ? r.reason! : '', /^replayed/);
    });

    it("no-email self-approval: a request without the requester's e-mail is neither signed nor accepted", () => {
      const anon = request({ kind: 'shell', command: 'rm -rf /srv/x', cwd: team.repo }, { host: hostname() } as ReturnType<typeof me>);
      const s = signApproval({ request: anon, reviewer: 'alice@example.org', key: alice });
      assert.deepEqual([s.ok, !s.ok && /names no requester e-mail/.test(s.error)], [false, true]);
      // A token made for it anyway (by a reviewer who saw an e-mail the file does not carry):
      const t = signApproval({ request: { ...anon, requester: { email: 'bob@example.org', host: hostname() } }, reviewer: 'alice@example.org', key: alice });
      assert.ok(t.ok);
      const r = accept(t.token);
      assert.deepEqual([r.ok, !r.ok && r.check], [false, 'requester']);
      assert.match(!r.ok ? r.message : '', /names no requester e-mail/);
    });

    it("edited request: rewriting the request file's requester lets nobody approve their own request", () => {
      const file = join(team.repo, '.blast-radius', 'reviews', `${req.id}.json`);
      const json = JSON.parse(readFileSync(file, 'utf8')) as ReviewRequest;
      writeFileSync(file, JSON.stringify({ ...json, requester: { email: 'bob@example.org', host: hostname() } }));
      // alice (her listed key, read by the agent) approves the "bob" request as herself:
      const t = signApproval({ request: { ...req, requester: { email: 'bob@example.org', host: hostname() } }, reviewer: 'alice@example.org', key: alice });
      assert.ok(t.ok);
      const r = accept(t.token);
      assert.deepEqual([r.ok, !r.ok && r.check], [false, 'requester']);
      assert.match(!r.ok ? r.message : '', /the person accepting here is alice@example.org/);
    });

    it('a token accepted in a working tree whose signers were widened is still re-checked at release', () => {
      // Accepted through a direct ledger write (no accept at all): the release re-verifies the token.
      const k = sshKeygen(join(team.repo, '.keys'), 'agent', 'ed25519');
      const t = sign({ kind: 'ssh', path: k.path }, 'agent@example.com');
      const p = parseToken(t);
      assert.ok(p.ok);
      appendRecord(
        {
          agent: 'cli',
          digest: req.digest,
          summary: '',
          level: 'critical',
          decision: 'approval-used',
          decidedBy: { type: 'reviewer' },
          requestId: req.id,
          approvalId: p.token.id,
          token: t,
        },
        { file: team.audit, env },
      );
      const r = consume(req.digest);
      assert.equal(r.released, false);
      assert.match(!r.released ? r.reason! : '', /^signer:/);
    });
  });

  it('a local edit can remove a signer but not add one', () => {
    const f = join(team.repo, '.blast-radius', 'allowed_signers');
    writeFileSync(
      f,
      readFileSync(f, 'utf8')
        .split('\n')
        .filter((l) => !l.startsWith('bob@'))
        .join('\n'),
    );
    const r = accept(sign(bob, 'bob@example.org'));
    assert.deepEqual([r.ok, !r.ok && r.check], [false, 'signer']);
  });

  it('refuses when no allowed signers are committed, and says where it looked', () => {
    team.git('rm', '-q', '.blast-radius/allowed_signers');
    team.git('commit', '-q', '-m', 'drop');
    team.git('push', '-q', 'origin', 'main');
    const r = accept(sign(bob, 'bob@example.org'));
    assert.deepEqual([r.ok, !r.ok && r.check], [false, 'signer']);
    assert.match(!r.ok ? r.message : '', /no allowed signers committed at origin\/main:\.blast-radius\/allowed_signers/);
  });

  it('an accepted approval that has expired by the time the action comes releases nothing', () => {
    assert.ok(accept(sign(bob, 'bob@example.org', { ttlMs: 60_000 })).ok);
    const r = consume(req.digest, { now: new Date(Date.now() + 120_000) });
    assert.equal(r.released, false);
    assert.match(!r.released ? r.reason! : '', /^expired:/);
  });

  it('a broken ledger (the log edited) releases nothing and accepts nothing', () => {
    assert.ok(accept(sign(bob, 'bob@example.org')).ok);
    const lines = readFileSync(team.audit, 'utf8').split('\n');
    lines[0] = lines[0]!.replace('accepted: approved by', 'accepted: approved  by');
    writeFileSync(team.audit, lines.join('\n'));
    const r = consume(req.digest);
    assert.equal(r.released, false);
    assert.match(!r.released ? r.reason! : '', /^ledger: the audit log is broken/);
    const a = accept(sign(dan(), 'dan@example.org'));
    assert.deepEqual([a.ok, !a.ok && a.check], [false, 'ledger']);
  });

  it('with the system anchor, rolling the whole log back (or deleting it) to replay is refused', () => {
    const root = join(team.base, 'system-root');
    mkdirSync(join(root, 'witness'), { recursive: true });
    const withAnchor = { ...env, BLAST_RADIUS_SYSTEM_DIR: root };
    writeFileSync(join(root, 'witness', `${process.getuid!()}.jsonl`), '');
    const token = sign(bob, 'bob@example.org');
    assert.ok(acceptApproval(token, { cwd: team.repo, env: withAnchor, audit: { file: team.audit } }).ok);
    const before = readFileSync(team.audit, 'utf8');
    const head = readFileSync(`${team.audit}.head`, 'utf8');
    assert.equal(consumeApproval(req.digest, { cwd: team.repo, env: withAnchor, audit: { file: team.audit } }).released, true);
    // Roll back: the log and its head as they were before the consumption.
    writeFileSync(team.audit, before);
    writeFileSync(`${team.audit}.head`, head);
    const r = consumeApproval(req.digest, { cwd: team.repo, env: withAnchor, audit: { file: team.audit } });
    assert.equal(r.released, false);
    assert.match(!r.released ? r.reason! : '', /^ledger: .*removed/);
    // Delete everything and accept again from scratch:
    renameSync(team.audit, `${team.audit}.gone`);
    rmSync(`${team.audit}.head`);
    const again = acceptApproval(token, { cwd: team.repo, env: withAnchor, audit: { file: team.audit } });
    assert.deepEqual([again.ok, !again.ok && again.check], [false, 'ledger']);
  });

  it('signApproval refuses an expired request and caps the approval at the request expiry', () => {
    const late = signApproval({ request: req, reviewer: 'bob@example.org', key: carol, now: new Date(Date.parse(req.expiresAt) + 1) });
    assert.equal(late.ok, false);
    const near = signApproval({ request: req, reviewer: 'bob@example.org', key: carol, now: new Date(Date.parse(req.expiresAt) - 1000) });
    assert.equal(near.ok && near.approval.expiresAt, req.expiresAt);
  });

  const dan = (): SigningKey => ({ kind: 'ssh', path: team.reviewers.dan!.key.path });
  void execFileSync;
});
