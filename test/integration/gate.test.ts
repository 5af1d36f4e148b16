// The real hook command (`blast-radius hook claude`, fed Claude Code's PreToolUse JSON) asks this
// window over the bridge; the answer for each requirement (driven by the rules in the fixture
// workspace's .blast-radius/policy.json) comes back to it as Claude's permissionDecision.
// Questions are answered through the same commands the review's title bar runs. Two cases use
// the bridge client directly (an explicit short deadline, a process killed mid-question).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { confirmName } from '../../src/extension/gate';
import { api, askHook, bash, DECISION, decisionOf, reasonOf, REVIEW_LINK, shell, waitFor, webviewTabs, whenTabsClose } from './util';

async function pendingFor(command: string) {
  const a = await api();
  return waitFor(`a question for "${command}"`, () => a.pending().find((q) => q.action.kind === 'shell' && q.action.command === command));
}

describe('gate: a real hook process gets the answer', () => {
  it('allows without a question when the policy says allow ("echo br-none"); the decision is listed', async () => {
    const r = await bash('echo br-none').answer;
    assert.equal(r.decision, 'allow', r.reason);
    const a = await api();
    assert.equal(a.pending().length, 0);
    assert.equal(webviewTabs(DECISION).length, 0, 'a panel opened for an allowed action');
    assert.match(a.statusText().text, /^\$\(check\) allowed · (low|medium|high|critical)$/);
    const listed = a.recent()[0];
    assert.ok(listed && listed.action.kind === 'shell' && listed.action.command === 'echo br-none', 'the allowed decision is not in the recent list');
    assert.deepEqual([listed.settled?.decision, listed.settled?.by], ['allow', 'policy']);
  });

  it('denies at once when the policy says deny ("echo br-deny")', async () => {
    const r = await bash('echo br-deny').answer;
    assert.equal(r.decision, 'deny');
    assert.match(r.reason, /policy denies/);
  });

  it('confirm: the question waits in the decision panel, the status bar counts it, Deny reaches the hook', async () => {
    const run = bash('echo br-confirm deny');
    const q = await pendingFor('echo br-confirm deny');
    const a = await api();
    assert.match(a.statusText().text, /^\$\(warning\) 1 waiting: /);
    await waitFor('the decision panel', () => a.showing() === q && webviewTabs(DECISION).length === 1);
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
    // Nothing ran: the status bar says what was decided, without the alarm colour, then fades.
    assert.deepEqual(a.statusText(), { text: '$(circle-slash) denied · critical', background: undefined });
    await vscode.workspace.getConfiguration('blastRadius').update('display.decisionFadeSeconds', 1, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('the armed shield after the fade', () => a.statusText().text === '$(shield) Blast Radius', 3_000);
      assert.equal(a.statusText().background, undefined);
    } finally {
      await vscode.workspace.getConfiguration('blastRadius').update('display.decisionFadeSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('typed-confirm: a wrong name does not allow, the target name does', async () => {
    const run = bash('echo br-typed');
    const q = await pendingFor('echo br-typed');
    assert.equal(q.assessment.requires, 'typed-confirm');
    const name = confirmName(q.assessment, q.action);
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
    // The link is shown, whole, in its own panel (not only put on the clipboard).
    const id = /review (r-[0-9a-f]{12})/.exec(r.reason)?.[1];
    const a = await api();
    const shown = await waitFor('the review link panel', () => a.shownLinks().find((l) => l.requestId === id));
    assert.match(shown.link, /^vscode:\/\/blast-radius\.blast-radius\/review\?r=[A-Za-z0-9_-]{20,}$/);
    await waitFor('its tab', () => webviewTabs(REVIEW_LINK).length > 0);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
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

  it("denies when the hook's deadline passes with nobody answering, and the panel is gone within a second", async () => {
    // A panel an earlier test answered closes on its own within a second: let it, so the panel
    // watched here is this question's (a run once saw the earlier one close and this one stay).
    await waitFor('no decision panel left from an earlier test', () => webviewTabs(DECISION).length === 0, 5000);
    const watch = whenTabsClose(DECISION);
    try {
      const run = askHook([shell('echo br-confirm nobody')], { timeoutMs: 4000 });
      const q = await pendingFor('echo br-confirm nobody');
      await waitFor('the decision panel', () => webviewTabs(DECISION).length === 1);
      const r = await run.result;
      assert.equal(decisionOf(r), 'deny', reasonOf(r));
      assert.match(reasonOf(r), /deadline|no decision within/);
      const a = await api();
      assert.ok(!a.pending().includes(q), 'question still pending after the deadline');
      const closedAt = await Promise.race([watch.closed, new Promise<number>((res) => setTimeout(() => res(Infinity), 3000))]);
      assert.ok(q.decidedAt, 'no decision time');
      assert.ok(closedAt - q.decidedAt < 1000, `the panel closed ${closedAt - q.decidedAt} ms after the deadline`);
      assert.equal(webviewTabs(DECISION).length, 0);
    } finally {
      watch.dispose();
    }
  });

  it('a hook process that goes away leaves a denied question and closes its panel within a second', async () => {
    const watch = whenTabsClose(DECISION);
    try {
      const run = askHook([shell('echo br-confirm gone')]);
      const q = await pendingFor('echo br-confirm gone');
      await waitFor('the decision panel', () => webviewTabs(DECISION).length === 1);
      run.kill();
      await waitFor('the question to be settled', () => q.settled);
      assert.equal(q.settled?.decision, 'deny');
      const closedAt = await Promise.race([watch.closed, new Promise<number>((res) => setTimeout(() => res(Infinity), 3000))]);
      assert.ok(closedAt - q.decidedAt! < 1000, `the panel closed ${closedAt - q.decidedAt!} ms after the question ended`);
    } finally {
      watch.dispose();
    }
  });

  it('answered elsewhere (the review title bar): the panel closes within a second', async () => {
    const watch = whenTabsClose(DECISION);
    try {
      const run = bash('echo br-confirm elsewhere');
      const q = await pendingFor('echo br-confirm elsewhere');
      await waitFor('the decision panel', () => webviewTabs(DECISION).length === 1);
      const uri = await (await api()).openReview(q.id);
      assert.equal(await vscode.commands.executeCommand('blastRadius.denyPending', vscode.Uri.parse(uri!)), true);
      assert.equal((await run.answer).decision, 'deny');
      const closedAt = await Promise.race([watch.closed, new Promise<number>((res) => setTimeout(() => res(Infinity), 3000))]);
      assert.ok(closedAt - q.decidedAt! < 1000, `the panel closed ${closedAt - q.decidedAt!} ms after the answer`);
      // The review's buttons are gone with the question: a late click says so and changes nothing.
      assert.equal(await vscode.commands.executeCommand('blastRadius.allowPending', vscode.Uri.parse(uri!)), false);
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri!));
      await waitFor('the review to say it was decided', () => /Decided: denied\*\* by you/.test(doc.getText()));
    } finally {
      watch.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('closing the decision panel is a deny', async () => {
    const run = bash('echo br-confirm closed');
    await pendingFor('echo br-confirm closed');
    const tab = await waitFor('the decision panel', () => webviewTabs(DECISION)[0]);
    await vscode.window.tabGroups.close(tab);
    const r = await run.answer;
    assert.equal(r.decision, 'deny');
    assert.match(r.reason, /closed the decision panel/);
  });
});
