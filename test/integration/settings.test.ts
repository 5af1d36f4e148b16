// Guard settings are application-scoped: only the user's value counts, never a workspace's.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, askHook, decisionOf, reasonOf, shell, waitFor } from './util';

const cfg = () => vscode.workspace.getConfiguration('blastRadius');

describe('settings', () => {
  afterEach(async () => {
    await cfg().update('requires.medium', undefined, vscode.ConfigurationTarget.Global);
    await cfg().update('hookTimeoutSeconds', 120, vscode.ConfigurationTarget.Global);
  });

  it('a workspace cannot write an application-scoped guard setting', async () => {
    await assert.rejects(Promise.resolve(cfg().update('requires.medium', 'none', vscode.ConfigurationTarget.Workspace)), /User settings/);
    assert.equal(cfg().inspect('requires.medium')?.workspaceValue, undefined);
  });

  it('the user setting for a level is honoured (medium → typed-confirm)', async () => {
    await cfg().update('requires.medium', 'typed-confirm', vscode.ConfigurationTarget.Global);
    // Not matched by any fixture rule: its requirement comes from its level and the settings.
    const command = 'echo settings-check > /dev/null';
    const run = askHook([shell(command)]);
    const a = await api();
    const q = await waitFor('a question or an answer', () => a.pending().find((x) => x.action.kind === 'shell' && x.action.command === command) ?? a.recent().find((x) => x.action.kind === 'shell' && x.action.command === command));
    if (q.assessment.level === 'medium') assert.equal(q.assessment.requires, 'typed-confirm');
    else assert.notEqual(q.assessment.level, 'low', 'a low action became a question');
    await vscode.commands.executeCommand('blastRadius.denyPending', q.id);
    assert.equal(decisionOf(await run.result), 'deny');
  });

  it('the user hook timeout denies an unanswered question', async () => {
    await cfg().update('hookTimeoutSeconds', 5, vscode.ConfigurationTarget.Global);
    const r = await askHook([shell('echo br-confirm timeout-setting')], { timeoutMs: 60_000 }).result;
    assert.equal(decisionOf(r), 'deny');
    assert.match(reasonOf(r), /nobody answered within 5 s/);
  });
});
