// The two-person rule end to end: a critical (peer-review) question → "Request peer review…"
// writes a request and denies; a second person signs an approval of exactly that action; once
// accepted, the agent's retry of the same action is released once, and only once.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { acceptApproval, signApproval } from '../../src/review/approval';
import { loadReviewRequest } from '../../src/review/request';
import { generateBuiltinKey } from '../../src/review/sshsig';
import { api, bash, waitFor, workspaceDir } from './util';

describe('peer review', () => {
  const repo = () => join(workspaceDir(), 'peer-repo');
  after(() => rmSync(repo(), { recursive: true, force: true }));

  it('an approval signed by a second person releases the exact action once', async () => {
    mkdirSync(join(repo(), '.blast-radius'), { recursive: true });
    execFileSync('git', ['init', '-q', repo()]);
    const carol = generateBuiltinKey('carol');
    writeFileSync(join(repo(), '.blast-radius', 'allowed_signers'), `carol@example.org ${carol.publicKey}\n`);
    writeFileSync(join(repo(), '.blast-radius', 'policy.json'), JSON.stringify({ version: 1, rules: [{ when: { command: '^echo br-peer' }, then: 'peer-review' }] }));
    const command = 'echo br-peer release';
    const a = await api();
    const find = () => a.pending().find((q) => q.action.kind === 'shell' && q.action.command === command);

    const first = bash(command, { cwd: repo() });
    const q = await waitFor('the peer-review question', find);
    assert.equal(q.assessment.requires, 'peer-review');
    await vscode.commands.executeCommand('blastRadius.requestPeerReview', q.id);
    const denied = await first.answer;
    assert.equal(denied.decision, 'deny');
    const id = /review (r-[0-9a-f]{12}) was requested/.exec(denied.reason)?.[1];
    assert.ok(id, `no request id in: ${denied.reason}`);

    // The reviewer's side (their editor or `blast-radius review approve`), then the requester accepts.
    const loaded = loadReviewRequest(id, { cwd: repo() });
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.error);
    const signed = signApproval({ request: loaded.request, reviewer: 'carol@example.org', key: { kind: 'builtin', privateKeyPem: carol.privateKeyPem } });
    assert.ok(signed.ok, signed.ok ? '' : signed.error);
    const accepted = acceptApproval(signed.token, { cwd: repo(), audit: false });
    assert.ok(accepted.ok, accepted.ok ? '' : `${accepted.check}: ${accepted.message}`);

    const retry = await bash(command, { cwd: repo() }).answer;
    assert.equal(retry.decision, 'allow', retry.reason);

    // Released once: the next identical request is a question again.
    const third = bash(command, { cwd: repo() });
    const q3 = await waitFor('a new question after the approval was used', find);
    await vscode.commands.executeCommand('blastRadius.denyPending', q3.id);
    assert.equal((await third.answer).decision, 'deny');
  });
});
