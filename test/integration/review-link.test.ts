// A reviewer opens a review link in their own editor: through the UriHandler the extension
// registered, the request is decoded and shown (level and summary recomputed, never the file's
// claim), the answer is signed with the key kept in SecretStorage, and the token it hands back is
// accepted by the requester's side on another machine (here: the real CLI with another HOME) —
// once, for exactly that action. The same editor's key is refused where it lives (local-key). A
// tampered link is refused.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { assess, type Action } from '../../src/engine';
import { acceptApproval } from '../../src/review/approval';
import { reviewLinks } from '../../src/review/link';
import { createReviewRequest, saveReviewRequest } from '../../src/review/request';
import { api, workspaceDir } from './util';

describe('review link (UriHandler)', () => {
  const repo = () => join(workspaceDir(), 'link-repo');
  let aliceBase: string;
  before(() => {
    mkdirSync(join(repo(), '.blast-radius'), { recursive: true });
    execFileSync('git', ['init', '-q', '-b', 'main', repo()]);
    execFileSync('git', ['-C', repo(), 'config', 'user.email', 'alice@example.org']);
    execFileSync('git', ['-C', repo(), 'config', 'user.name', 'Alice']);
    aliceBase = mkdtempSync(join(tmpdir(), 'br-it-alice-'));
  });
  after(() => {
    rmSync(repo(), { recursive: true, force: true });
    rmSync(aliceBase, { recursive: true, force: true });
  });

  /** The team commits a signer on main (the signers that count are the committed ones). */
  const commitSigners = (text: string) => {
    writeFileSync(join(repo(), '.blast-radius', 'allowed_signers'), text);
    execFileSync('git', ['-C', repo(), 'add', '.blast-radius/allowed_signers']);
    execFileSync('git', ['-C', repo(), 'commit', '-q', '--allow-empty', '-m', 'signers']);
  };
  /** alice accepts on her machine: the real CLI, her own HOME and state (not this editor's). */
  const acceptAsAlice = (token: string) => {
    const home = join(aliceBase, 'alice', 'home');
    mkdirSync(home, { recursive: true });
    const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1', HOME: home, XDG_STATE_HOME: join(home, 'state') };
    return spawnSync(process.execPath, [process.env.BR_CLI!, 'review', 'accept', token], { cwd: repo(), env, encoding: 'utf8' });
  };

  function request(command: string) {
    const action: Action = { kind: 'shell', command, cwd: repo() };
    const req = createReviewRequest({ action, assessment: assess(action), cwd: repo() });
    saveReviewRequest(req, { cwd: repo() });
    return { req, link: reviewLinks(req).primary };
  }

  it('approve: signs with the SecretStorage key; the token releases exactly that request once', async () => {
    const { req, link } = request('terraform destroy -auto-approve');
    assert.match(link, /^vscode:\/\/blast-radius\.blast-radius\/review\?r=/);
    const a = await api();
    const r = await a.reviewLink(link, { decision: 'approve', reviewer: 'dana@example.org', reason: 'backups checked' });
    assert.ok(r.ok, r.ok ? '' : r.reason);
    assert.equal(r.request.id, req.id);
    assert.equal(r.request.digest, req.digest);
    assert.match(r.token, /^br1\./);
    assert.equal(await vscode.env.clipboard.readText(), r.token, 'the token is on the clipboard');

    commitSigners(`dana@example.org ${r.publicKey}\n`);
    // Where the key lives (this editor, this machine) it is refused: the second person is not here.
    const here = acceptApproval(r.token, { cwd: repo() });
    assert.deepEqual([here.ok, !here.ok && here.check], [false, 'local-key']);
    const accepted = acceptAsAlice(r.token);
    assert.equal(accepted.status, 0, accepted.stderr);
    assert.match(accepted.stdout, /approved by dana@example\.org/);
    const again = acceptAsAlice(r.token);
    assert.equal(again.status, 1, 'an approval is used once');
    assert.match(again.stderr, /refused \(replayed\)/);

    // The key lives in SecretStorage: the next review is signed by the same key.
    const second = await a.reviewLink(request('kubectl delete namespace payments-prod').link, { decision: 'approve', reviewer: 'dana@example.org' });
    assert.ok(second.ok);
    assert.equal(second.publicKey, r.publicKey);
  });

  it('reject: a signed rejection is refused as a release, naming the check', async () => {
    const { link } = request('psql -c "DROP DATABASE billing"');
    const r = await (await api()).reviewLink(link, { decision: 'reject', reviewer: 'dana@example.org', reason: 'use a migration' });
    assert.ok(r.ok, r.ok ? '' : r.reason);
    commitSigners(`dana@example.org ${r.publicKey}\n`);
    const accepted = acceptAsAlice(r.token);
    assert.equal(accepted.status, 1);
    assert.match(accepted.stderr, /refused \(rejected\)/);
  });

  it("the dialog shows the recomputed level, not a request's forged assessment", async () => {
    const action: Action = { kind: 'shell', command: 'rm -rf ~', cwd: repo() };
    const real = assess(action);
    const req = createReviewRequest({ action, assessment: { ...real, level: 'low', summary: 'Edits 1 line in README.md', findings: [] }, cwd: repo() });
    const r = await (await api()).reviewLink(reviewLinks(req).primary, { decision: 'approve', reviewer: 'dana@example.org' });
    assert.ok(r.ok, r.ok ? '' : r.reason);
    assert.equal(r.request.assessment.level, 'critical');
    assert.equal(r.request.assessment.summary, real.summary);
  });

  it('a tampered or foreign link is refused', async () => {
    const { link } = request('rm -rf /srv/data');
    const a = await api();
    const tampered = link.slice(0, -6) + (link.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
    const r = await a.reviewLink(tampered, { decision: 'approve', reviewer: 'dana@example.org' });
    assert.equal(r.ok, false);
    const other = await a.reviewLink('vscode://blast-radius.blast-radius/elsewhere?r=x', { decision: 'approve', reviewer: 'dana@example.org' });
    assert.equal(other.ok, false);
  });
});
