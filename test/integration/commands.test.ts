// Commands a person runs, and the audit trail of the decisions the other suites made.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, bash, waitFor, workspaceDir } from './util';

describe('commands', () => {
  const file = () => join(workspaceDir(), 'drop-users.sql');
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(file(), { force: true });
  });

  it('"Assess Current File or Selection" assesses a SQL file and opens its review', async () => {
    writeFileSync(file(), 'DROP TABLE users;\n');
    await vscode.window.showTextDocument(vscode.Uri.file(file()));
    await vscode.commands.executeCommand('blastRadius.assessFile');
    const a = await api();
    const last = await waitFor('the assessment', () => a.last()?.action.kind === 'sql' && a.last());
    assert.notEqual(last.assessment.level, 'low', 'DROP TABLE assessed as low');
    const doc = await waitFor(
      'the review document',
      () => vscode.window.activeTextEditor?.document.uri.scheme === 'blast-radius' && vscode.window.activeTextEditor.document,
    );
    assert.match(doc.getText(), /## Statement[\s\S]*DROP TABLE users/);
    assert.match(doc.getText(), /Nothing is waiting on this review/);
    // Nothing waits on it: its commands say so and answer nothing.
    assert.equal(await vscode.commands.executeCommand('blastRadius.allowPending', doc.uri), false);
    assert.equal(await vscode.commands.executeCommand('blastRadius.denyPending', doc.uri), false);
  });

  it('"Assess Current File or Selection" reads an Action written as JSON (examples/actions)', async () => {
    const repo = process.env.BR_REPO;
    assert.ok(repo, 'BR_REPO is not set for the host');
    const file = join(workspaceDir(), 'autoapprove-action.json');
    writeFileSync(file, readFileSync(join(repo, 'examples', 'actions', 'vscode-autoapprove.json'), 'utf8'));
    try {
      await vscode.window.showTextDocument(vscode.Uri.file(file));
      await vscode.commands.executeCommand('blastRadius.assessFile');
      const a = await api();
      const last = await waitFor('the assessment', () => a.last()?.action.kind === 'fileWrite' && a.last());
      assert.equal(last.assessment.level, 'critical', last.assessment.summary);
      assert.match(last.assessment.summary, /autoApprove/);
    } finally {
      rmSync(file, { force: true });
    }
  });
});

describe('audit', () => {
  it('each decision a hook receives is appended to the audit log with who decided and why', async () => {
    const log = process.env.BLAST_RADIUS_AUDIT_LOG;
    assert.ok(log, 'BLAST_RADIUS_AUDIT_LOG is not set for the host');
    const a = await api();
    assert.equal((await bash('echo br-none audit').answer).decision, 'allow');
    assert.equal((await bash('echo br-deny audit').answer).decision, 'deny');
    const run = bash('echo br-confirm audit');
    const q = await waitFor('the question', () => a.pending().find((x) => x.action.kind === 'shell' && x.action.command === 'echo br-confirm audit'));
    await vscode.commands.executeCommand('blastRadius.denyPending', q.id);
    assert.equal((await run.answer).decision, 'deny');
    assert.ok(existsSync(log), `no audit log at ${log}`);
    const entries = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { agent: string; decision: string; decidedBy: { type: string }; reason?: string; summary: string; digest: string });
    // One entry per decision, written by the hook command (the editor does not write a second).
    const last = entries.slice(-3);
    const show = entries
      .slice(-8)
      .map((e) => `${e.agent}:${e.decision}/${e.decidedBy.type}:${e.digest.slice(0, 8)}`)
      .join(', ');
    assert.deepEqual(
      last.map((e) => `${e.agent}:${e.decision}`),
      ['claude:allow', 'claude:deny', 'claude:deny'],
      `last entries: ${show}`,
    );
    assert.equal(entries.filter((e) => e.digest === q.assessment.digest).length, 1, `the person's deny is not in the log exactly once: ${show}`);
    assert.match(last[2]!.reason ?? '', /developer denied/);
    assert.equal(last[2]!.decidedBy.type, 'person');
  });
});
