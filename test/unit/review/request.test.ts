// Review requests: identity from a real git repo, where they are stored, and the digest check on load.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { assess, canonicalJson, digestOf, type Action } from '../../../src/engine';
import { createReviewRequest, loadReviewRequest, requesterIdentity, reviewsDir, saveReviewRequest } from '../../../src/review/request';

describe('review requests', () => {
  let repo: string;
  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), 'br-request-'));
    execFileSync('git', ['init', '-q', repo]);
    execFileSync('git', ['-C', repo, 'config', 'user.name', 'Alice Example']);
    execFileSync('git', ['-C', repo, 'config', 'user.email', 'alice@example.org']);
    execFileSync('git', ['-C', repo, 'remote', 'add', 'origin', 'https://github.com/acme/billing.git']);
    mkdirSync(join(repo, 'sub', 'dir'), { recursive: true });
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  const action: Action = { kind: 'shell', command: 'kubectl delete namespace payments' };

  it('takes the requester from git config and the machine, the remote from origin, and binds the digest', () => {
    assert.deepEqual(requesterIdentity(repo), { name: 'Alice Example', email: 'alice@example.org', host: hostname() });
    const now = new Date('2026-03-01T10:00:00Z');
    const req = createReviewRequest({ action, assessment: { ...assess(action), digest: 'f'.repeat(64) }, cwd: join(repo, 'sub'), now, ttlMs: 3600_000 });
    assert.match(req.id, /^r-[0-9a-f]{12}$/);
    assert.equal(req.digest, digestOf(action));
    assert.equal(req.assessment.digest, req.digest, "a stale assessment digest is replaced by the action's");
    assert.deepEqual([req.createdAt, req.expiresAt], ['2026-03-01T10:00:00.000Z', '2026-03-01T11:00:00.000Z']);
    assert.equal(req.remote, 'https://github.com/acme/billing.git');
    assert.equal(req.requester.email, 'alice@example.org');
  });

  it('stores canonical JSON under the repo root from any subfolder; loads by id or file; refuses an altered action', () => {
    const req = createReviewRequest({ action, assessment: assess(action), cwd: repo });
    const file = saveReviewRequest(req, { cwd: join(repo, 'sub', 'dir'), env: {} });
    assert.equal(file, join(repo, '.blast-radius', 'reviews', `${req.id}.json`));
    assert.equal(readFileSync(file, 'utf8'), `${canonicalJson(req)}\n`);
    const byId = loadReviewRequest(req.id, { cwd: join(repo, 'sub'), env: {} });
    assert.ok(byId.ok && byId.request.digest === req.digest);
    writeFileSync(file, readFileSync(file, 'utf8').replace('payments', 'kube-system'));
    const altered = loadReviewRequest(file);
    assert.equal(altered.ok, false);
    assert.match(!altered.ok ? altered.error : '', /does not match the request digest/);
    assert.match((loadReviewRequest('r-000000000000', { cwd: repo, env: {} }) as { error: string }).error, /no review request at/);
  });

  it('directory precedence: dir, then BLAST_RADIUS_REVIEWS_DIR, then the user directory when asked, then the repo', () => {
    const env = { BLAST_RADIUS_REVIEWS_DIR: '/e/reviews', XDG_STATE_HOME: '/state', HOME: '/home/a' };
    assert.equal(reviewsDir({ dir: '/d', env, cwd: repo }), '/d');
    assert.equal(reviewsDir({ env, cwd: repo, userDir: true }), '/e/reviews');
    assert.equal(reviewsDir({ env: { XDG_STATE_HOME: '/state' }, cwd: repo, userDir: true }), '/state/blast-radius/reviews');
    assert.equal(reviewsDir({ env: { HOME: '/home/a' }, cwd: repo, userDir: true }), '/home/a/.local/state/blast-radius/reviews');
    assert.equal(reviewsDir({ env: {}, cwd: join(repo, 'sub') }), join(repo, '.blast-radius', 'reviews'));
  });
});
