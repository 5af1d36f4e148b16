import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { assess, digestOf, parsePolicyText, resolvePolicy } from '../../../src/engine';

describe('policy', () => {
  it('parses JSON with comments and fills defaults', () => {
    const r = parsePolicyText('{\n  // team policy\n  "version": 1,\n  "protectedPaths": ["infra/**"],\n}\n');
    assert.ok(r.ok);
    assert.equal(r.policy.levels.critical, 'peer-review');
    assert.deepEqual(r.policy.protectedPaths, ['infra/**']);
    assert.ok(r.policy.envPatterns.prod.includes('production'));
  });

  const bad: [string, string, number, RegExp][] = [
    ['broken JSON', '{\n  "version": 1,\n  "rules": [\n}', 4, /invalid JSON/],
    ['wrong type', '{\n  "version": 1,\n  "protectedPaths": "infra"\n}', 3, /protectedPaths/],
    ['unknown key', '{\n  "version": 1,\n  "loosen": true\n}', 1, /loosen|Unrecognized/],
    ['bad requirement', '{\n  "requires": {\n    "critical": "nothing"\n  }\n}', 3, /requires\.critical/],
    ['empty file', '', 1, /empty/],
  ];
  for (const [name, text, line, message] of bad) {
    it(`reports ${name} with its line`, () => {
      const r = parsePolicyText(text);
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.equal(r.errors[0]!.line, line, JSON.stringify(r.errors));
      assert.match(r.errors[0]!.message, message);
    });
  }

  it('a deny rule decides what is required', () => {
    const policy = resolvePolicy({ rules: [{ when: { kind: 'sql' }, then: 'deny', reason: 'no SQL from agents' }] });
    const a = assess({ kind: 'sql', statement: 'SELECT 1' }, { policy });
    assert.equal(a.requires, 'deny');
  });
});

describe('digest', () => {
  it('is the same for the same action whatever the key order', () => {
    assert.equal(digestOf({ kind: 'shell', command: 'ls', cwd: '/a' }), digestOf({ cwd: '/a', command: 'ls', kind: 'shell' }));
  });
  it('changes when one character of the action changes', () => {
    assert.notEqual(digestOf({ kind: 'shell', command: 'rm -rf build' }), digestOf({ kind: 'shell', command: 'rm -rf build/' }));
  });
  it('is sha256 over the canonical JSON (keys sorted, undefined dropped)', () => {
    const expected = createHash('sha256').update('{"command":"ls","kind":"shell"}').digest('hex');
    assert.equal(digestOf({ kind: 'shell', command: 'ls', cwd: undefined }), expected);
  });
});
