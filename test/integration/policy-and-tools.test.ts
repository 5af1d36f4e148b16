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

  // A rule naming no declared rule id and a misspelt key: each an error in Problems at its own line,
  // and the policy blocks (before the registry, the rule was silently never applied and the key ignored).
  const CASES: { name: string; text: string; line: number; message: RegExp }[] = [
    {
      name: 'a rule naming no rule id',
      text: '{\n  "rules": [\n    { "when": { "rule": "shell.rm-recursive" }, "then": "deny" }\n  ]\n}\n',
      line: 2,
      message: /rules\.0\.when\.rule: "shell\.rm-recursive" names no rule/,
    },
    {
      name: 'an unknown key',
      text: '{\n  "version": 1,\n  "protectedPath": ["infra/**"]\n}\n',
      line: 2,
      message: /protectedPath: unknown key \(did you mean "protectedPaths"\?\)/,
    },
  ];
  for (const c of CASES) {
    it(`${c.name}: denied, and shown in Problems at its line`, async () => {
      const d = join(workspaceDir(), `policy-${c.name.replace(/\W+/g, '-')}`);
      try {
        mkdirSync(join(d, '.blast-radius'), { recursive: true });
        mkdirSync(join(d, '.git'), { recursive: true });
        const file = join(d, '.blast-radius', 'policy.json');
        writeFileSync(file, c.text);
        const r = await bash('echo br-none under a policy with an error', { cwd: d }).answer;
        assert.equal(r.decision, 'deny', r.reason);
        assert.match(r.reason, /policy is broken/);
        assert.match(r.reason, c.message);
        const diags = await waitFor('a diagnostic on the policy file', () => {
          const x = vscode.languages.getDiagnostics(vscode.Uri.file(file));
          return x.length ? x : undefined;
        });
        assert.equal(diags.length, 1, diags.map((x) => x.message).join('; '));
        assert.equal(diags[0]!.range.start.line, c.line, `diagnostic on line ${diags[0]!.range.start.line + 1}: ${diags[0]!.message}`);
        assert.match(diags[0]!.message, c.message);
      } finally {
        rmSync(d, { recursive: true, force: true });
      }
    });
  }

  it('a sound policy that denies a rule: the editor’s deny names the safer alternative', async () => {
    const d = join(workspaceDir(), 'policy-deny-rule');
    try {
      mkdirSync(join(d, '.blast-radius'), { recursive: true });
      mkdirSync(join(d, '.git'), { recursive: true });
      writeFileSync(join(d, '.blast-radius', 'policy.json'), '{ "rules": [{ "when": { "rule": "shell.git-push-force" }, "then": "deny" }] }\n');
      const r = await bash('git push --force origin feature', { cwd: d }).answer;
      assert.equal(r.decision, 'deny', r.reason);
      assert.match(r.reason, /the policy denies this/);
      assert.match(r.reason, /Safer: Use `--force-with-lease` so the push fails if someone else pushed\./);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('language model tools', () => {
  it('are registered under the names the manifest declares', () => {
    const names = vscode.lm.tools.map((t) => t.name);
    for (const n of ['blast-radius_assess', 'blast-radius_runGuarded'])
      assert.ok(names.includes(n), `${n} not in vscode.lm.tools (${names.filter((x) => x.startsWith('blast')).join(', ')})`);
  });

  it('blast-radius_assess answers with the level of a command', async () => {
    const result = await vscode.lm.invokeTool('blast-radius_assess', {
      input: { command: 'kubectl delete namespace payments-prod' },
      toolInvocationToken: undefined,
    });
    const text = result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
    assert.match(text, /^level: critical/m);
  });
});
