// The two-person rule end to end in the editor: a critical (peer-review) question → "Request peer
// review…" writes a request and denies; bob, a second person on his own machine (his own HOME and
// SSH key, listed in the allowed signers committed on the repository's default branch), approves
// with the real CLI; alice accepts; the agent's retry of the same action is released once, and the
// next identical call is a question again.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { acceptApproval } from '../../src/review/approval';
import { reviewLinks } from '../../src/review/link';
import { loadReviewRequest } from '../../src/review/request';
import { api, bash, waitFor, workspaceDir } from './util';

describe('peer review', () => {
  const repo = () => join(workspaceDir(), 'peer-repo');
  let bobBase: string;
  after(() => {
    rmSync(repo(), { recursive: true, force: true });
    rmSync(bobBase, { recursive: true, force: true });
  });

  it("a second person's approval, signed on their own HOME, releases the exact action once", async () => {
    // bob's machine: three levels under the temp folder, with his own HOME, git identity and key.
    bobBase = mkdtempSync(join(tmpdir(), 'br-it-bob-'));
    const bobHome = join(bobBase, 'bob', 'home');
    mkdirSync(join(bobHome, '.ssh'), { recursive: true });
    writeFileSync(join(bobHome, '.gitconfig'), '[user]\n\temail = bob@example.org\n');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(bobHome, '.ssh', 'id_ed25519')]);
    const bobPub = readFileSync(join(bobHome, '.ssh', 'id_ed25519.pub'), 'utf8')
      .trim()
      .split(' ')
      .slice(0, 2)
      .join(' ');
    const bobEnv = {
      ...process.env,
      ELECTRON_RUN_AS_NODE: '1',
      HOME: bobHome,
      XDG_STATE_HOME: join(bobHome, 'state'),
      BLAST_RADIUS_AUDIT_LOG: join(bobHome, 'audit.jsonl'),
    };

    // alice's repository: the team's signers and policy committed on main.
    mkdirSync(join(repo(), '.blast-radius'), { recursive: true });
    execFileSync('git', ['init', '-q', '-b', 'main', repo()]);
    execFileSync('git', ['-C', repo(), 'config', 'user.email', 'alice@example.org']);
    execFileSync('git', ['-C', repo(), 'config', 'user.name', 'Alice']);
    writeFileSync(join(repo(), '.blast-radius', 'allowed_signers'), `bob@example.org ${bobPub}\n`);
    writeFileSync(
      join(repo(), '.blast-radius', 'policy.json'),
      JSON.stringify({ version: 1, rules: [{ when: { command: '^echo br-peer' }, then: 'peer-review' }] }),
    );
    execFileSync('git', ['-C', repo(), 'add', '.blast-radius']);
    execFileSync('git', ['-C', repo(), 'commit', '-q', '-m', 'team signers']);

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

    // bob, at his own terminal: the link alice sent him, his key.
    const loaded = loadReviewRequest(id, { cwd: repo() });
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.error);
    const link = reviewLinks(loaded.request).primary;
    const signed = spawnSync(
      process.execPath,
      [process.env.BR_CLI!, 'review', 'approve', link, '--key', join(bobHome, '.ssh', 'id_ed25519'), '--as', 'bob@example.org'],
      { cwd: bobHome, env: bobEnv, encoding: 'utf8' },
    );
    assert.equal(signed.status, 0, signed.stderr);
    // alice accepts (what the "Accept a Peer Approval…" command calls).
    const accepted = acceptApproval(signed.stdout.trim(), { cwd: repo() });
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
