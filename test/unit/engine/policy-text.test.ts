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
    ['not an object: its first token, after the comments', '// the team policy\n\n[]', /^3:1 \(top level\): Invalid input: expected object, received array$/],
    [
      'a misspelt key of a team command (commands are keyed by name): the key, with a suggestion',
      '{\n  "commands": {\n    "deploy": { "abut": "our deploy CLI" }\n  }\n}',
      /^3:17 commands\.deploy\.abut: unknown key \(did you mean "about"\?\)$/,
    ],
    [
      'a misspelt key in a team command’s entry: a suggestion',
      '{ "commands": { "deploy": { "entries": [\n  { "sub": ["prod"], "levl": "high" } ] } } }',
      /^2:22 commands\.deploy\.entries\.0\.levl: unknown key \(did you mean "level"\?\)$/,
    ],
    ['a rule that is not an object: an error at it, not a crash', '{ "rules": [\n  null ] }', /^2:3 rules\.0: Invalid input: expected object, received null$/],
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

describe('policy text: unknown keys and rule ids are errors at their line', () => {
  const messages = (text: string): string[] => {
    const r = parsePolicyText(text);
    return r.ok ? [] : r.errors.map((e) => `${e.line}:${e.column} ${e.message}`);
  };

  it('only the first JSON syntax error is reported (the later ones follow from it)', () => {
    assert.deepEqual(messages('{\n  "version": 1,\n  "rules": [ }\n  "x": ]\n'), ['3:14 invalid JSON: ValueExpected']);
  });
  it('a misspelt key, nested: at the key itself, with the nearest known key', () => {
    assert.deepEqual(messages('{\n  "rules": [\n    { "when": { "kind": "shell", "rul": "sql.*" }, "then": "deny" }\n  ]\n}'), [
      '3:34 rules.0.when.rul: unknown key (did you mean "rule"?)',
    ]);
  });
  it('a key far from every known one: the keys known there, listed', () => {
    assert.deepEqual(messages('{ "requires": { "extreme": "deny" } }'), ['1:17 requires.extreme: unknown key (known here: low, medium, high, critical)']);
  });
  it('two unknown keys: each at its own line, in file order', () => {
    assert.deepEqual(messages('{\n  "verison": 1,\n  "hook": { "timeoutSecond": 5 }\n}'), [
      '2:3 verison: unknown key (did you mean "version"?)',
      '3:13 hook.timeoutSecond: unknown key (did you mean "timeoutSeconds"?)',
    ]);
  });
  it('"did you mean" allows one edit for a word of up to four letters, two for a longer one', () => {
    const top = (key: string): string => messages(`{ "${key}": 1 }`)[0] ?? '';
    assert.match(top('hoo'), /did you mean "hook"/, 'three letters, one edit');
    assert.match(top('hokk'), /did you mean "hook"/, 'four letters, one edit');
    assert.match(top('hxxk'), /known here:/, 'four letters, two edits: too far');
    assert.match(top('verzon'), /did you mean "version"/, 'six letters, two edits');
    assert.match(top('vxxzon'), /known here:/, 'six letters, three edits: too far');
  });
  it('errors on one line come in the order of their columns, whatever found them first', () => {
    const got = messages('{ "rules": [ { "when": { "rule": "zzzz.qqqq" }, "then": "deny" } ], "requires": { "high": "sometimes" } }');
    assert.equal(got.length, 2);
    assert.match(got[0]!, /^1:\d+ rules\.0\.when\.rule: /);
    assert.match(got[1]!, /^1:\d+ requires\.high: /);
    const cols = got.map((g) => Number(/^1:(\d+)/.exec(g)![1]));
    assert.ok(cols[0]! < cols[1]!, got.join('\n'));
  });
  it('a rule naming no declared rule: its line, the nearest id, and where the list is', () => {
    assert.deepEqual(messages('{\n  "rules": [\n    { "when": { "rule": "sql.drop-tabel" }, "then": "deny" }\n  ]\n}'), [
      `3:25 rules.0.when.rule: "sql.drop-tabel" names no rule (did you mean "sql.drop-table"?); 'blast-radius rules' lists them`,
    ]);
    const far = messages('{ "rules": [ { "when": { "rule": "zzzz.qqqq" }, "then": "deny" } ] }');
    assert.equal(far.length, 1);
    assert.match(far[0]!, /"zzzz\.qqqq" names no rule; 'blast-radius rules' lists them$/);
  });
  it('a glob that matches a declared rule, or one of the team’s own, is accepted; an empty one names nothing to check', () => {
    for (const rule of ['sql.drop-*', 'shell.*', '*', 'team.acmectl-deploy', 'team.db-*']) {
      const text = `{ "commands": { "acmectl": { "entries": [ { "sub": ["deploy"] }, { "sub": ["db", "drop"], "id": "db-drop" }, { "sub": ["status"], "read": true } ] } }, "rules": [ { "when": { "rule": ${JSON.stringify(rule)} }, "then": "confirm" } ] }`;
      assert.deepEqual(messages(text), [], rule);
    }
    // A read entry raises nothing, so it declares no rule id.
    assert.equal(
      messages(
        '{ "commands": { "acmectl": { "entries": [ { "sub": ["status"], "read": true } ] } }, "rules": [ { "when": { "rule": "team.acmectl-status" }, "then": "deny" } ] }',
      ).length,
      1,
    );
    // An empty glob is the schema's error alone: it names nothing for the rule check to look up.
    const empty = messages('{ "rules": [ { "when": { "rule": "" }, "then": "deny" } ] }');
    assert.equal(empty.length, 1, empty.join('\n'));
    assert.match(empty[0]!, /rules\.0\.when\.rule: Too small/);
  });
});
