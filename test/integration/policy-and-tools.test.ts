// The team policy's errors are shown with their line and block agent actions; the Language Model
// Tools are registered and answer with the assessment.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { bash, waitFor, workspaceDir } from './util';

describe('team policy errors', () => {
  const dir = () => join(workspaceDir(), 'broken-policy');
  after(() => rmSync(dir(), { recursive: true, force: true }));

  it('a broken .blast-radius/policy.json denies agent actions and is shown in Problems at its line', async () => {
    mkdirSync(join(dir(), '.blast-radius'), { recursive: true });
    mkdirSync(join(dir(), '.git'), { recursive: true }); // the policy search stops at a repository root
    const file = join(dir(), '.blast-radius', 'policy.json');
    writeFileSync(file, '{\n  "version": 1,\n  "requires": { "high": "sometimes" }\n}\n');
    const r = await bash('echo br-none in a broken repo', { cwd: dir() }).answer;
    assert.equal(r.decision, 'deny', r.reason);
    assert.match(r.reason, /policy is broken/);
    const diags = await waitFor('a diagnostic on the policy file', () => {
      const d = vscode.languages.getDiagnostics(vscode.Uri.file(file));
      return d.length ? d : undefined;
    });
    assert.equal(diags[0]!.range.start.line, 2, `diagnostic on line ${diags[0]!.range.start.line + 1}: ${diags[0]!.message}`);
    assert.match(diags[0]!.message, /requires\.high/);
  });
});

describe('language model tools', () => {
  it('are registered under the names the manifest declares', () => {
    const names = vscode.lm.tools.map((t) => t.name);
    for (const n of ['blast-radius_assess', 'blast-radius_runGuarded']) assert.ok(names.includes(n), `${n} not in vscode.lm.tools (${names.filter((x) => x.startsWith('blast')).join(', ')})`);
  });

  it('blast-radius_assess answers with the level of a command', async () => {
    const result = await vscode.lm.invokeTool('blast-radius_assess', { input: { command: 'kubectl delete namespace payments-prod' }, toolInvocationToken: undefined });
    const text = result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
    assert.match(text, /^level: critical/m);
  });
});
