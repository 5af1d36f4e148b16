import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { assess, canonicalJson, digestOf, parsePolicyText, resolvePolicy, withCriticalFloor } from '../../../src/engine';
import { carefulCanonicalJson } from '../../../src/engine/digest';

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
    // Unknown keys at their own line (a misspelt key would be a setting silently ignored).
    ['unknown key', '{\n  "version": 1,\n  "loosen": true\n}', 3, /^loosen: unknown key \(known here: \$schema, version, requires/],
    ['misspelt key, nested', '{\n  "task": {\n    "raed": false\n  }\n}', 3, /^task\.raed: unknown key \(did you mean "read"\?\)$/],
    [
      'misspelt key in a rule',
      '{\n  "rules": [\n    {\n      "when": { "kind": "shell" },\n      "then": "deny",\n      "reasons": "x"\n    }\n  ]\n}',
      6,
      /^rules\.0\.reasons: unknown key \(did you mean "reason"\?\)$/,
    ],
    // A rule id no rule has: the team's rule could never apply.
    [
      'unknown rule id',
      '{\n  "rules": [\n    { "when": { "rule": "shell.rm-recursive" }, "then": "deny" }\n  ]\n}',
      3,
      /^rules\.0\.when\.rule: "shell\.rm-recursive" names no rule; 'blast-radius rules' lists them$/,
    ],
    [
      'misspelt rule id',
      '{ "rules": [ { "when": { "rule": "sql.drop-databse" }, "then": "deny" } ] }',
      1,
      /"sql\.drop-databse" names no rule \(did you mean "sql\.drop-database"\?\)/,
    ],
    [
      'a rule glob that matches nothing',
      '{\n  "rules": [\n    { "when": { "kind": "sql" }, "then": "confirm" },\n    { "when": { "rule": "postgres.*" }, "then": "deny" }\n  ]\n}',
      4,
      /^rules\.1\.when\.rule: "postgres\.\*" names no rule/,
    ],
    ['bad requirement', '{\n  "requires": {\n    "critical": "nothing"\n  }\n}', 3, /requires\.critical/],
    ['empty file', '', 1, /empty/],
    // The floor: no policy lowers what a critical action needs below a second person.
    ['critical below the floor (none)', '{\n  "version": 1,\n  "requires": {\n    "critical": "none"\n  }\n}', 4, /requires\.critical: .*peer-review.*floor/],
    ['critical below the floor (confirm)', '{\n  "requires": { "critical": "confirm" }\n}', 2, /requires\.critical/],
    [
      'critical below the floor (typed-confirm)',
      '{\n  "requires": {\n    "high": "confirm",\n    "critical": "typed-confirm"\n  }\n}',
      4,
      /requires\.critical/,
    ],
    [
      'a rule pattern that is not a regular expression',
      '{\n  "rules": [\n    { "when": { "command": "rm -rf (" }, "then": "allow" }\n  ]\n}',
      3,
      /rules\.0\.when\.command: not a valid regular expression/,
    ],
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

  it('reports only the first JSON syntax error (the rest follow from it)', () => {
    const r = parsePolicyText('{\n  "version": 1,\n  "rules": [}\n}\n');
    assert.ok(!r.ok);
    assert.deepEqual(!r.ok && r.errors, [{ line: 3, column: 13, message: 'invalid JSON: ValueExpected' }]);
  });

  it('accepts rule ids and globs that name declared rules', () => {
    for (const rule of ['sql.drop-database', 'sql.drop-*', 'guard.*', '*.delete-recursive', 'shell.git-push-?orce']) {
      const r = parsePolicyText(JSON.stringify({ rules: [{ when: { rule }, then: 'deny' }] }));
      assert.ok(r.ok, `${rule}: ${JSON.stringify(!r.ok && r.errors)}`);
    }
  });

  it('finds the rule ids a policy names without loading the whole registry (it is loaded only to name a missing one)', () => {
    const code = `
      const { parsePolicyText } = require(process.env.SRC + '/engine/policy.js');
      const loaded = () => Object.keys(require.cache).filter((f) => /[\\/](rules[\\/][a-z-]+|packs[\\/](orm|host|iac|cloud|kubernetes|datastores))\\.js$/.test(f)).map((f) => f.split(/[\\/]/).slice(-2).join('/').replace(/\\.js$/, '')).sort();
      const plain = parsePolicyText('{ "protectedPaths": ["infra/**"], "rules": [{ "when": { "kind": "sql" }, "then": "deny" }] }').ok;
      const none = loaded();
      const named = parsePolicyText('{ "rules": [{ "when": { "rule": "sql.drop-*" }, "then": "deny" }, { "when": { "rule": "shell.git-push-force" }, "then": "deny" }] }').ok;
      const some = loaded();
      const missing = parsePolicyText('{ "rules": [{ "when": { "rule": "nope.x" }, "then": "deny" }] }').ok;
      process.stdout.write(JSON.stringify({ plain, none, named, some, missing, all: loaded().includes('rules/registry') }));`;
    const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', env: { ...process.env, SRC: resolve(__dirname, '..', '..', '..', 'src') } });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      plain: true,
      none: [],
      named: true,
      some: ['rules/families', 'rules/lookup', 'rules/shell', 'rules/sql', 'rules/types'],
      missing: false,
      all: true,
    });
  });

  it('keeps the critical floor: peer-review and deny are accepted, and settings below it are raised', () => {
    for (const v of ['peer-review', 'deny']) {
      const r = parsePolicyText(`{ "requires": { "critical": "${v}" } }`);
      assert.ok(r.ok, v);
      assert.equal(r.ok && r.policy.levels.critical, v);
    }
    // User settings go through the same floor (an agent could have edited settings.json).
    assert.equal(withCriticalFloor({ low: 'none', medium: 'confirm', high: 'typed-confirm', critical: 'none' }).critical, 'peer-review');
    assert.equal(withCriticalFloor({ critical: 'deny' }).critical, 'deny');
    // And with the floor, `rm -rf ~` needs a second person whatever the policy says of lower levels.
    const policy = resolvePolicy({ requires: { low: 'none', medium: 'none', high: 'none' } });
    assert.equal(assess({ kind: 'shell', command: 'rm -rf ~' }, { policy }).requires, 'peer-review');
  });

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

describe('canonical JSON', () => {
  const cases: unknown[] = [
    { b: 1, a: [1, 'x', null, true, { d: 2, c: [] }], e: {} },
    [undefined, 1.5, -0, 1e21, 'é\u2028"\\', { z: undefined, y: null }],
    'plain',
    42,
    null,
    { nested: { deeper: { deepest: [[[]]] } } },
  ];
  // The reference: the obvious recursive definition, for inputs small enough to recurse over.
  const reference = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map((x) => (x === undefined ? null : reference(x)))
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
              .map((k) => [k, reference((v as Record<string, unknown>)[k])]),
          )
        : v;
  for (const c of cases) {
    it(`matches the recursive definition for ${JSON.stringify(c)} (fast and careful paths)`, () => {
      assert.equal(canonicalJson(c), JSON.stringify(reference(c)));
      assert.equal(carefulCanonicalJson(c), JSON.stringify(reference(c)));
    });
  }
  it('serialises a cycle as "[Circular]" instead of looping', () => {
    const a: Record<string, unknown> = { kind: 'toolCall', tool: 't' };
    a.input = { self: a, list: [a] };
    assert.equal(canonicalJson(a), '{"input":{"list":["[Circular]"],"self":"[Circular]"},"kind":"toolCall","tool":"t"}');
  });
  it('gives the same text on the recursive and the deep path (an object nested 1,000 deep)', () => {
    let deep: unknown = { leaf: [1, { b: 2, a: 1 }] };
    for (let i = 0; i < 1000; i++) deep = { z: i, a: [deep] };
    assert.equal(carefulCanonicalJson(deep), JSON.stringify(reference(deep)));
    assert.equal(canonicalJson(deep), carefulCanonicalJson(deep));
  });
  it('serialises input nested 200,000 deep without overflowing the stack', () => {
    const text = '['.repeat(200_000) + ']'.repeat(200_000);
    const deep = JSON.parse(`{"kind":"terraformPlan","plan":${text}}`);
    const out = canonicalJson(deep);
    assert.equal(out.length, text.length + '{"kind":"terraformPlan","plan":}'.length);
    assert.match(digestOf(deep), /^[0-9a-f]{64}$/);
  });
});
