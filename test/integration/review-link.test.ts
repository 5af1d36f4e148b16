// A reviewer opens a review link in their own editor: through the UriHandler the extension
// registered, the request is decoded and shown, the answer is signed with the key kept in
// SecretStorage, and the token it hands back is accepted by the requester's side — once, for
// exactly that action. A tampered link is refused.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { assess, type Action } from '../../src/engine';
import { acceptApproval } from '../../src/review/approval';
import { reviewLinks } from '../../src/review/link';
import { createReviewRequest, saveReviewRequest } from '../../src/review/request';
import { api, workspaceDir } from './util';

describe('review link (UriHandler)', () => {
  const repo = () => join(workspaceDir(), 'link-repo');
  before(() => {
    mkdirSync(join(repo(), '.blast-radius'), { recursive: true });
    execFileSync('git', ['init', '-q', repo()]);
    execFileSync('git', ['-C', repo(), 'config', 'user.email', 'alice@example.org']);
    execFileSync('git', ['-C', repo(), 'config', 'user.name', 'Alice']);
  });
  after(() => rmSync(repo(), { recursive: true, force: true }));

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

    writeFileSync(join(repo(), '.blast-radius', 'allowed_signers'), `dana@example.org ${r.publicKey}\n`);
    const accepted = acceptApproval(r.token, { cwd: repo(), audit: false });
    assert.ok(accepted.ok, accepted.ok ? '' : `${accepted.check}: ${accepted.message}`);
    assert.equal(accepted.approval.reviewer, 'dana@example.org');
    const again = acceptApproval(r.token, { cwd: repo(), audit: false });
    assert.equal(again.ok, false, 'an approval is used once');

    // The key lives in SecretStorage: the next review is signed by the same key.
    const second = await a.reviewLink(request('kubectl delete namespace payments-prod').link, { decision: 'approve', reviewer: 'dana@example.org' });
    assert.ok(second.ok);
    assert.equal(second.publicKey, r.publicKey);
  });

  it('reject: a signed rejection is refused as a release, naming the check', async () => {
    const { link } = request('psql -c "DROP DATABASE billing"');
    const r = await (await api()).reviewLink(link, { decision: 'reject', reviewer: 'dana@example.org', reason: 'use a migration' });
    assert.ok(r.ok, r.ok ? '' : r.reason);
    writeFileSync(join(repo(), '.blast-radius', 'allowed_signers'), `dana@example.org ${r.publicKey}\n`);
    const accepted = acceptApproval(r.token, { cwd: repo(), audit: false });
    assert.equal(accepted.ok, false);
    if (!accepted.ok) assert.equal(accepted.check, 'rejected');
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
