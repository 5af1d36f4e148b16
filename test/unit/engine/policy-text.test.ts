// The full policy read (src/engine/policy.ts): every error at its exact line and column, the
// deepest part of its path that the file has, several errors one per line; the defaults written
// out for the hook's start-up path equal what the schema makes of an empty policy; the JSON schema
// the editor offers for the file.
import assert from 'node:assert/strict';
import { DEFAULT_POLICY_VALUES, PolicyJsonSchema, formatPolicyErrors, getDefaultPolicy, parsePolicyText, resolvePolicy } from '../../../src/engine/policy';

const errors = (text: string) => {
  const r = parsePolicyText(text);
  assert.equal(r.ok, false, text);
  return r.ok ? [] : r.errors.map((e) => `${e.line}:${e.column} ${e.message}`);
};

describe('policy text: errors where they are', () => {
  const cases: [string, string, RegExp][] = [
    ['empty', '', /^1:1 empty policy file$/],
    ['only whitespace', '  \n\t\n', /^1:1 empty policy file$/],
    ['only a comment (no value)', '// nothing\n', /^2:1 invalid JSON: ValueExpected$/],
    ['a syntax error on line 3', '{\n  "version": 1,\n  "rules": [ }\n}', /^3:14 invalid JSON: ValueExpected$/],
    ['a bad value at its own line and column', '{\n  "version": 1,\n  "requires": { "high": "sometimes" }\n}\n', /^3:25 requires\.high: /],
    ['the critical floor', '{\n\n  "requires": {\n    "critical": "confirm"\n  }\n}', /^4:17 requires\.critical: critical actions need at least "peer-review"/],
    [
      'an unknown key at the top: the key itself, with the keys known there',
      '\n\n  { "version": 1, "bogus": true }',
      /^3:19 bogus: unknown key \(known here: .*version/,
    ],
    ['a missing part: the deepest part the file has', '{\n  "rules": [\n    { "then": "deny" }\n  ]\n}', /^3:5 rules\.0\.when: /],
    [
      'a wrong type deep in a list',
      '{ "rules": [ { "when": { "kind": "shell" }, "then": "deny" },\n  { "when": { "kind": 7 }, "then": "deny" } ] }',
      /^2:23 rules\.1\.when\.kind: Invalid option/,
    ],
  ];
  for (const [what, text, want] of cases) {
    it(what, () => {
      const got = errors(text);
      assert.match(got[0] ?? '', want, got.join('\n'));
    });
  }

  it('several errors, one per line, each with the file', () => {
    const r = parsePolicyText('{\n  "requires": { "high": "x", "medium": "y" }\n}');
    assert.ok(!r.ok);
    if (r.ok) return;
    assert.equal(r.errors.length, 2);
    const text = formatPolicyErrors('/p/policy.json', r.errors);
    assert.deepEqual(
      text
        .split('\n')
        .map((l) => l.split(': ').slice(0, 2).join(': '))
        .sort(),
      ['/p/policy.json:2:25: requires.high', '/p/policy.json:2:40: requires.medium'],
    );
  });
});

describe('policy text: defaults', () => {
  it('the defaults written out equal what the schema makes of {}', () => {
    const viaSchema = resolvePolicy({});
    const written = getDefaultPolicy();
    assert.deepEqual(written, viaSchema);
    const { levels: _l, envPatterns: _e, ...bare } = viaSchema;
    assert.deepEqual(bare, DEFAULT_POLICY_VALUES);
  });
  it('parsing "{}" gives the defaults', () => {
    const r = parsePolicyText('{}');
    assert.ok(r.ok);
    assert.deepEqual(r.policy, getDefaultPolicy());
  });
  it('the JSON schema describes the policy file', () => {
    const s = PolicyJsonSchema() as { type: string; properties: Record<string, unknown>; additionalProperties: boolean };
    assert.equal(s.type, 'object');
    for (const k of ['version', 'requires', 'rules', 'protectedPaths', 'allowedSignersFile', 'hook', 'task']) assert.ok(k in s.properties, k);
    assert.equal(s.additionalProperties, false);
    // The input shape: a field with a default may be left out, so nothing is required.
    assert.deepEqual((s as { required?: string[] }).required ?? [], []);
  });
});
