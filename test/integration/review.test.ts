// The diff review: proposed content is served on the blast-radius: scheme and opened with
// vscode.diff against the file on disk, which is not touched until allowed.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, askHook, claudeHook, decisionOf, waitFor, workspaceDir } from './util';

describe('review', () => {
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('a file write opens a diff whose right side holds the proposed content; the file stays as it was', async () => {
    const file = join(workspaceDir(), 'src', 'report.py');
    const before = readFileSync(file, 'utf8');
    const content = before.replace('round(total, 1)', 'round(total, 2)');
    const run = claudeHook('Write', { file_path: file, content });
    const a = await api();
    const q = await waitFor('the write question', () => a.pending().find((x) => x.action.kind === 'fileWrite'));
    const uri = await a.openReview(q.id);
    assert.ok(uri?.startsWith('blast-radius:'), `review uri ${uri}`);
    const tab = await waitFor(
      'a diff tab',
      () => vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputTextDiff && vscode.window.tabGroups.activeTabGroup.activeTab,
    );
    const input = tab.input as vscode.TabInputTextDiff;
    assert.equal(input.original.fsPath, file, 'left side is the file on disk');
    assert.equal(input.modified.scheme, 'blast-radius');
    const doc = await vscode.workspace.openTextDocument(input.modified);
    assert.equal(doc.getText(), content);
    assert.equal(readFileSync(file, 'utf8'), before, 'the real file changed before a decision');
    await vscode.commands.executeCommand('blastRadius.denyPending', input.modified);
    assert.equal((await run.answer).decision, 'deny');
    assert.equal(readFileSync(file, 'utf8'), before);
  });

  it('an edit (oldText → newText) is applied to the disk content for the diff', async () => {
    const file = join(workspaceDir(), 'src', 'report.py');
    const before = readFileSync(file, 'utf8');
    const run = claudeHook('Edit', { file_path: file, old_string: 'total = 0', new_string: 'total = 0.0', replace_all: false });
    const a = await api();
    const q = await waitFor('the edit question', () => a.pending().find((x) => x.action.kind === 'fileEdit'));
    const uri = await a.openReview(q.id);
    assert.equal(a.reviewContent(uri!), before.replace('total = 0', 'total = 0.0'));
    await vscode.commands.executeCommand('blastRadius.allowPending', vscode.Uri.parse(uri!));
    assert.equal((await run.answer).decision, 'allow');
  });

  it('a plan gets a readable review document with its risky commands', async () => {
    const plan = 'Fix the bug.\n\n```sh\necho br-confirm plan-step\n```\n';
    const run = askHook([{ kind: 'plan', text: plan }]);
    const a = await api();
    // The workspace policy's it-plan rule makes every plan need a confirmation: it is always asked.
    const q = await waitFor('the plan question', () => a.pending().find((x) => x.action.kind === 'plan'), 10_000);
    const uri = await a.openReview(q.id);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri!));
    assert.match(doc.getText(), /^# (LOW|MEDIUM|HIGH|CRITICAL): /);
    assert.match(doc.getText(), /Waiting for your answer/);
    assert.match(doc.getText(), /echo br-confirm plan-step/);
    assert.equal(doc.languageId, 'markdown');
    await vscode.commands.executeCommand('blastRadius.denyPending', q.id);
    assert.equal(decisionOf(await run.result), 'deny');
  });
});
