// Approvals end to end with real keys (ssh-keygen and the built-in key), a real request stored in a
// temp repo, and the real allowed_signers file: one valid approval releases its action once; every
// other token is refused and the refusal names the check that failed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAuditLog } from '../../../src/audit';
import { assess, type Action } from '../../../src/engine';
import { acceptApproval, consumeApproval, parseToken, signApproval, type ApprovalCheck, type SigningKey } from '../../../src/review/approval';
import { createReviewRequest, saveReviewRequest, type ReviewRequest } from '../../../src/review/request';
import { generateBuiltinKey } from '../../../src/review/sshsig';
import { sshKeygen } from './keys';

const HOUR = 3600_000;

describe('approvals', function () {
  this.timeout(30_000);
  let repo: string;
  let audit: string;
  let bob: SigningKey;
  let carol: SigningKey;
  let eve: SigningKey;
  let alice: SigningKey;
  let req: ReviewRequest;
  let other: ReviewRequest;

  const request = (action: Action) => {
    const r = createReviewRequest({ action, assessment: assess(action), requester: { name: 'Alice', email: 'alice@example.org', host: 'laptop' }, remote: '', cwd: repo });
    saveReviewRequest(r, { cwd: repo });
    return r;
  };
  const sign = (key: SigningKey, reviewer: string, o: Partial<Parameters<typeof signApproval>[0]> = {}) => {
    const r = signApproval({ request: req, reviewer, key, ...o });
    assert.ok(r.ok, r.ok ? '' : r.error);
    return r.token;
  };
  const accept = (token: string, o: Parameters<typeof acceptApproval>[1] = {}) => acceptApproval(token, { cwd: repo, audit: { file: audit }, ...o });

  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), 'br-approve-'));
    audit = join(repo, 'audit.jsonl');
    execFileSync('git', ['init', '-q', repo]);
    const b = sshKeygen(repo, 'bob', 'ed25519');
    const e = sshKeygen(repo, 'eve', 'ed25519');
    const a = sshKeygen(repo, 'alice', 'ecdsa', 256);
    const c = generateBuiltinKey('carol');
    bob = { kind: 'ssh', path: b.path };
    eve = { kind: 'ssh', path: e.path };
    alice = { kind: 'ssh', path: a.path };
    carol = { kind: 'builtin', privateKeyPem: c.privateKeyPem };
    mkdirSync(join(repo, '.blast-radius'));
    writeFileSync(
      join(repo, '.blast-radius', 'allowed_signers'),
      [`bob@example.org ${b.publicKey}`, `carol@example.org namespaces="blast-radius" ${c.publicKey}`, `alice@example.org,alice.alt@example.org ${a.publicKey}`, `dan@example.org ${e.publicKey.replace(/.$/, '')}`].join('\n'),
    );
    req = request({ kind: 'shell', command: 'rm -rf /srv/prod-db', cwd: repo });
    other = request({ kind: 'shell', command: 'rm -rf /srv/prod-db2', cwd: repo });
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('a valid approval (ssh-keygen key) is accepted once and only once, and releases its action once', () => {
    const token = sign(bob, 'bob@example.org', { reason: 'checked the backup' });
    assert.match(token, /^br1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const first = accept(token);
    assert.ok(first.ok, JSON.stringify(first));
    assert.equal(first.ok && first.request.id, req.id);
    const again = accept(token);
    assert.deepEqual([again.ok, !again.ok && again.check], [false, 'replayed']);

    assert.deepEqual(consumeApproval(other.digest, { cwd: repo }), { released: false }, 'nothing released for another action');
    const taken = consumeApproval(req.digest, { cwd: repo });
    assert.equal(taken.released, true, JSON.stringify(taken));
    assert.deepEqual(consumeApproval(req.digest, { cwd: repo }), { released: false }, 'released once');

    const log = readAuditLog(audit);
    assert.deepEqual(log.map((r) => r.decision), ['approval-used', 'approval-refused']);
    assert.equal(log[0]!.decidedBy.name, 'bob@example.org');
    assert.match(log[1]!.reason!, /^replayed:/);
  });

  it('a valid approval made with the built-in key is accepted', () => {
    const r = accept(sign(carol, 'carol@example.org'));
    assert.ok(r.ok, JSON.stringify(r));
  });

  const refusals: { name: string; token: () => string; opts?: () => Parameters<typeof acceptApproval>[1]; check: ApprovalCheck; message: RegExp }[] = [
    { name: 'wrong key (eve signs as bob)', token: () => sign(eve, 'bob@example.org'), check: 'signer', message: /not in the allowed signers file/ },
    { name: 'signer not listed for that principal', token: () => sign(bob, 'dan@example.org'), check: 'signer', message: /listed, but not for "dan@example.org"/ },
    { name: 'self-approval by the requester', token: () => sign(alice, 'alice@example.org'), check: 'self-approval', message: /alice@example.org made the request/ },
    { name: "self-approval with the requester's key under another name", token: () => sign(alice, 'alice.alt@example.org'), check: 'self-approval', message: /key belongs to the requester/ },
    { name: 'other digest (the pending action differs)', token: () => sign(bob, 'bob@example.org'), opts: () => ({ expectedDigest: other.digest }), check: 'digest', message: /not the pending action/ },
    { name: "other digest (signed for another action under this request's id)", token: () => sign(bob, 'bob@example.org', { request: { ...req, digest: other.digest } }), check: 'digest', message: /but request r-/ },
    { name: 'expired', token: () => sign(bob, 'bob@example.org'), opts: () => ({ now: new Date(Date.now() + 2 * HOUR) }), check: 'expired', message: /expired at/ },
    { name: 'signed rejection', token: () => sign(bob, 'bob@example.org', { decision: 'reject', reason: 'no backup' }), check: 'rejected', message: /bob@example.org rejected this action: no backup/ },
    { name: 'unknown request', token: () => sign(bob, 'bob@example.org', { request: { ...req, id: 'r-000000000000' } }), check: 'unknown-request', message: /no pending review request r-000000000000/ },
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
      assert.deepEqual(consumeApproval(req.digest, { cwd: repo }), { released: false }, `${c.name}: nothing released`);
      const last = readAuditLog(audit).at(-1)!;
      assert.equal(last.decision, c.check === 'rejected' ? 'deny' : 'approval-refused', c.name);
    });
  }

  it('refuses when there is no allowed signers file, and says where it looked', () => {
    rmSync(join(repo, '.blast-radius', 'allowed_signers'));
    const r = accept(sign(bob, 'bob@example.org'));
    assert.deepEqual([r.ok, !r.ok && r.check], [false, 'signer']);
    assert.match(!r.ok ? r.message : '', /no allowed signers file at .*allowed_signers/);
  });

  it('a hand-written release record releases nothing (the token is re-verified)', () => {
    const forged = sign(eve, 'bob@example.org');
    mkdirSync(join(repo, '.blast-radius', 'reviews', 'released'), { recursive: true });
    writeFileSync(join(repo, '.blast-radius', 'reviews', 'released', `${req.digest}.json`), JSON.stringify({ token: forged }));
    const r = consumeApproval(req.digest, { cwd: repo });
    assert.equal(r.released, false);
    assert.match(!r.released ? r.reason! : '', /^signer:/);
  });

  it('an accepted approval that has expired by the time the action comes releases nothing', () => {
    assert.ok(accept(sign(bob, 'bob@example.org', { ttlMs: 60_000 })).ok);
    const r = consumeApproval(req.digest, { cwd: repo, now: new Date(Date.now() + 120_000) });
    assert.equal(r.released, false);
    assert.match(!r.released ? r.reason! : '', /^expired:/);
  });

  it('signApproval refuses an expired request and caps the approval at the request expiry', () => {
    const late = signApproval({ request: req, reviewer: 'bob@example.org', key: carol, now: new Date(Date.parse(req.expiresAt) + 1) });
    assert.equal(late.ok, false);
    const near = signApproval({ request: req, reviewer: 'bob@example.org', key: carol, now: new Date(Date.parse(req.expiresAt) - 1000) });
    assert.equal(near.ok && near.approval.expiresAt, req.expiresAt);
  });
});
