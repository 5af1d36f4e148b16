// The real hook command (`blast-radius hook claude`, fed Claude Code's PreToolUse JSON) asks this
// window over the bridge; the answer for each requirement (driven by the rules in the fixture
// workspace's .blast-radius/policy.json) comes back to it as Claude's permissionDecision.
// Questions are answered through the same commands the review's title bar runs. Two cases use
// the bridge client directly (an explicit short deadline, a process killed mid-question).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { confirmName } from '../../src/extension/gate';
import { api, askHook, bash, decisionOf, reasonOf, shell, waitFor } from './util';

async function pendingFor(command: string) {
  const a = await api();
  return waitFor(`a question for "${command}"`, () => a.pending().find((q) => q.action.kind === 'shell' && q.action.command === command));
}

describe('gate: a real hook process gets the answer', () => {
  it('allows without a question when the policy says allow ("echo br-none")', async () => {
    const r = await bash('echo br-none').answer;
    assert.equal(r.decision, 'allow', r.reason);
    const a = await api();
    assert.equal(a.pending().length, 0);
    assert.match(a.statusText().text, /^\$\(shield\) Blast Radius: (low|medium|high|critical)$/);
  });

  it('denies at once when the policy says deny ("echo br-deny")', async () => {
    const r = await bash('echo br-deny').answer;
    assert.equal(r.decision, 'deny');
    assert.match(r.reason, /policy denies/);
  });

  it('confirm: the question waits, the status bar counts it, Deny reaches the hook', async () => {
    const run = bash('echo br-confirm deny');
    const q = await pendingFor('echo br-confirm deny');
    const a = await api();
    assert.match(a.statusText().text, /^\$\(warning\) 1 waiting: /);
    assert.equal(await vscode.commands.executeCommand('blastRadius.denyPending', q.id), true);
    const r = await run.answer;
    assert.equal(r.decision, 'deny');
    assert.match(r.reason, /developer denied/);
  });

  it('confirm: Allow reaches the hook as allow', async () => {
    const run = bash('echo br-confirm allow');
    const q = await pendingFor('echo br-confirm allow');
    assert.equal(await vscode.commands.executeCommand('blastRadius.allowPending', q.id), true);
    assert.equal((await run.answer).decision, 'allow');
  });

  it('status bar: warning background while a high action waits, error background for a critical one', async () => {
    const a = await api();
    const high = bash('git push --force origin main');
    const qh = await pendingFor('git push --force origin main');
    assert.equal(qh.assessment.level, 'high', 'this case needs a high action');
    assert.deepEqual(a.statusText(), { text: '$(warning) 1 waiting: high', background: 'statusBarItem.warningBackground' });
    const critical = bash('kubectl delete namespace payments-prod');
    const qc = await pendingFor('kubectl delete namespace payments-prod');
    assert.equal(qc.assessment.level, 'critical', 'this case needs a critical action');
    assert.deepEqual(a.statusText(), { text: '$(warning) 2 waiting: critical', background: 'statusBarItem.errorBackground' });
    await vscode.commands.executeCommand('blastRadius.denyPending', qc.id);
    await vscode.commands.executeCommand('blastRadius.denyPending', qh.id);
    assert.deepEqual([(await high.answer).decision, (await critical.answer).decision], ['deny', 'deny']);
    assert.equal(a.statusText().background, 'statusBarItem.errorBackground', 'the last assessed level (critical) keeps its colour');
  });

  it('typed-confirm: a wrong name does not allow, the target name does', async () => {
    const run = bash('echo br-typed');
    const q = await pendingFor('echo br-typed');
    assert.equal(q.assessment.requires, 'typed-confirm');
    const name = confirmName(q.assessment);
    assert.equal(await vscode.commands.executeCommand('blastRadius.allowPending', { id: q.id, typed: `${name}-wrong` }), false);
    assert.equal(q.settled, undefined, 'a wrong name settled the question');
    assert.equal(await vscode.commands.executeCommand('blastRadius.allowPending', { id: q.id, typed: name }), true);
    const r = await run.answer;
    assert.equal(r.decision, 'allow', r.reason);
  });

  it('peer-review: Request peer review… writes a request and denies with "peer review required"', async () => {
    const run = bash('echo br-peer');
    const q = await pendingFor('echo br-peer');
    assert.equal(q.assessment.requires, 'peer-review');
    await vscode.commands.executeCommand('blastRadius.requestPeerReview', q.id);
    const r = await run.answer;
    assert.equal(r.decision, 'deny');
    assert.match(r.reason, /peer review required/);
  });

  it('merges duplicates of the same pending action into one question; both hooks get the answer', async () => {
    const one = bash('echo br-confirm twice');
    const q = await pendingFor('echo br-confirm twice');
    const two = bash('echo br-confirm twice');
    await waitFor('the second request to join', () => q.waiters === 2);
    const a = await api();
    assert.equal(a.pending().filter((x) => x.digest === q.digest).length, 1);
    await vscode.commands.executeCommand('blastRadius.denyPending', q.id);
    assert.deepEqual([(await one.answer).decision, (await two.answer).decision], ['deny', 'deny']);
  });

  it("denies when the hook's deadline passes with nobody answering", async () => {
    const r = await askHook([shell('echo br-confirm nobody')], { timeoutMs: 3000 }).result;
    assert.equal(decisionOf(r), 'deny', reasonOf(r));
    assert.match(reasonOf(r), /deadline|no decision within/);
    const a = await api();
    assert.ok(!a.pending().some((q) => q.action.kind === 'shell' && q.action.command === 'echo br-confirm nobody'), 'question still pending after the deadline');
  });

  it('a hook process that goes away leaves a denied question, not an open one', async () => {
    const run = askHook([shell('echo br-confirm gone')]);
    const q = await pendingFor('echo br-confirm gone');
    run.kill();
    await waitFor('the question to be settled', () => q.settled);
    assert.equal(q.settled?.decision, 'deny');
  });
});
