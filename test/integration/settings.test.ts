// Guard settings are application-scoped: only the user's value counts, never a workspace's.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, askHook, bash, decisionOf, reasonOf, shell, waitFor } from './util';

const cfg = () => vscode.workspace.getConfiguration('blastRadius');

describe('settings', () => {
  afterEach(async () => {
    await cfg().update('requires.high', undefined, vscode.ConfigurationTarget.Global);
    await cfg().update('hookTimeoutSeconds', 120, vscode.ConfigurationTarget.Global);
  });

  it('a workspace cannot write an application-scoped guard setting', async () => {
    await assert.rejects(Promise.resolve(cfg().update('requires.medium', 'none', vscode.ConfigurationTarget.Workspace)), /User settings/);
    assert.equal(cfg().inspect('requires.medium')?.workspaceValue, undefined);
  });

  it('the user setting for a level is honoured (high → peer-review)', async () => {
    await cfg().update('requires.high', 'peer-review', vscode.ConfigurationTarget.Global);
    const command = 'git push --force origin main';
    const run = bash(command);
    const a = await api();
    const q = await waitFor('the question', () => a.pending().find((x) => x.action.kind === 'shell' && x.action.command === command));
    assert.equal(q.assessment.level, 'high', `the engine rates "${command}" ${q.assessment.level}; this case needs a high one`);
    assert.equal(q.assessment.requires, 'peer-review');
    await vscode.commands.executeCommand('blastRadius.denyPending', q.id);
    assert.equal((await run.answer).decision, 'deny');
  });

  it('the user hook timeout denies an unanswered question', async () => {
    await cfg().update('hookTimeoutSeconds', 5, vscode.ConfigurationTarget.Global);
    const r = await askHook([shell('echo br-confirm timeout-setting')], { timeoutMs: 60_000 }).result;
    assert.equal(decisionOf(r), 'deny');
    assert.match(reasonOf(r), /nobody answered within 5 s/);
  });
});
