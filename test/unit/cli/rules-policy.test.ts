// `blast-radius rules` and `blast-radius policy check` through the built CLI (dist/cli.js): the
// registry listed and shown, an unknown id as one line and exit 2; every kind of policy error at
// its line (unknown key, unknown rule id, invalid regex, bad value, bad JSON), a sound policy and
// no policy at exit 0, a broken one at exit 1.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../../helpers';
import { RULES } from '../../../src/engine/rules/registry';

function run(args: string[], cwd?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('blast-radius rules', () => {
  it('lists every declared rule with its level and meaning, one per line', () => {
    const r = run(['rules']);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n').filter((l) => /^(low|medium|high|critical)\s/.test(l));
    assert.equal(lines.length, RULES.length);
    assert.match(r.out, /^critical\s+sql\.drop-database\s+Drops a whole database/m);
    assert.match(r.out, new RegExp(`^${RULES.length} rules\\.`, 'm'));
  });

  it('shows one rule: meaning, the safer alternative, examples both ways, and where it is declared', () => {
    const r = run(['rules', 'shell.terraform-destroy']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^shell\.terraform-destroy {2}\(high, environment-teardown\)$/m);
    assert.match(r.out, /Safer: See it first: `terraform plan -destroy`/);
    assert.match(r.out, /Fires on:\n {4}terraform destroy\n/);
    assert.match(r.out, /Quiet on \(look-alikes\):\n {4}terraform plan -destroy/);
    assert.match(r.out, /Declared in the iac pack/);
    const fam = run(['rules', 'facts.git-clean-loses']);
    assert.match(fam.out, /Declared in src\/engine\/rules\/facts\.ts/);
    assert.match(fam.out, /git clean -fdx {2}\(with facts\)/);
  });

  it('--json gives tools the declaration, and the list', () => {
    const one = JSON.parse(run(['rules', 'sql.truncate', '--json']).out) as {
      id: string;
      level: string;
      alternative: string;
      fires: unknown[];
      quiet: unknown[];
    };
    assert.equal(one.id, 'sql.truncate');
    assert.equal(one.level, 'high');
    assert.ok(one.fires.length && one.quiet.length && one.alternative);
    const all = JSON.parse(run(['rules', '--json']).out) as { id: string }[];
    assert.deepEqual(all.map((r) => r.id).sort(), RULES.map((r) => r.id).sort());
  });

  it('a glob lists the matching rules only', () => {
    const r = run(['rules', 'sql.redis-*']);
    assert.equal(r.code, 0, r.err);
    const ids = r.out
      .split('\n')
      .filter((l) => /^(low|medium|high|critical)\s/.test(l))
      .map((l) => l.split(/\s+/)[1]);
    assert.deepEqual(
      ids,
      RULES.map((x) => x.id)
        .filter((id) => id.startsWith('sql.redis-'))
        .sort(),
    );
  });

  for (const [args, pattern] of [
    [['rules', 'shell.rm-recursive'], /^blast-radius: rules: unknown rule 'shell\.rm-recursive'/],
    [['rules', 'sql.drop-tabel'], /unknown rule 'sql\.drop-tabel' \(did you mean sql\.drop-table\?\)/],
    [['rules', 'nope.*'], /no rule matches 'nope\.\*'/],
    [['rules', 'a.b', 'c.d'], /give one rule id/],
    [['rules', '--frobnicate'], /^blast-radius: rules: Unknown option '--frobnicate'/],
  ] as const) {
    it(`${args.slice(1).join(' ')}: one line on stderr, exit 2, nothing on stdout`, () => {
      const r = run([...args]);
      assert.equal(r.code, 2);
      assert.equal(r.out, '');
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
      assert.match(r.err, pattern);
    });
  }
});

describe('blast-radius policy check', () => {
  const root = mkdtempSync(join(tmpdir(), 'br-policy-check-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  let n = 0;
  /** A repository holding `.blast-radius/policy.json` with `text`. */
  const repo = (text?: string): string => {
    const dir = join(root, `repo${++n}`);
    mkdirSync(join(dir, '.git'), { recursive: true });
    if (text !== undefined) {
      mkdirSync(join(dir, '.blast-radius'));
      writeFileSync(join(dir, '.blast-radius', 'policy.json'), text);
    }
    return dir;
  };

  it('a sound policy: exit 0, what it holds', () => {
    const dir = repo(
      '{\n  // comments are fine\n  "rules": [{ "when": { "rule": "sql.drop-*" }, "then": "deny" }, { "when": { "command": "^docker compose down" }, "then": "confirm" }],\n  "protectedPaths": ["infra/prod/**"],\n}\n',
    );
    const r = run(['policy', 'check'], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^policy ok: .*policy\.json \(2 rules, 1 protected path, 0 protected names\)$/m);
  });

  it('no policy: exit 0, the defaults apply', () => {
    const r = run(['policy', 'check'], repo());
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /no team policy found .*\(the defaults apply\)/);
  });

  // Each broken policy: the error's line, column and message, as `file:line:column: message`.
  const BROKEN: { name: string; text: string; errors: [number, number, RegExp][] }[] = [
    { name: 'unknown top-level key', text: '{\n  "version": 1,\n  "rulez": []\n}\n', errors: [[3, 3, /^rulez: unknown key \(did you mean "rules"\?\)$/]] },
    {
      name: 'unknown key in requires',
      text: '{\n  "requires": {\n    "hihg": "deny"\n  }\n}\n',
      errors: [[3, 5, /^requires\.hihg: unknown key \(did you mean "high"\?\)$/]],
    },
    {
      name: 'unknown key in a rule’s condition',
      text: '{\n  "rules": [\n    { "when": { "comand": "rm" }, "then": "deny" }\n  ]\n}\n',
      errors: [[3, 17, /^rules\.0\.when\.comand: unknown key \(did you mean "command"\?\)$/]],
    },
    { name: 'unknown key in hook', text: '{ "hook": {\n  "timeout": 5 } }\n', errors: [[2, 3, /^hook\.timeout: unknown key \(known here: timeoutSeconds\)$/]] },
    {
      name: 'unknown rule id',
      text: '{\n  "rules": [\n    { "when": { "rule": "shell.rm-recursive" }, "then": "deny" }\n  ]\n}\n',
      errors: [[3, 25, /^rules\.0\.when\.rule: "shell\.rm-recursive" names no rule; 'blast-radius rules' lists them$/]],
    },
    {
      name: 'misspelt rule id',
      text: '{ "rules": [{ "when": { "rule": "sql.drop-tabel" }, "then": "deny" }] }',
      errors: [[1, 33, /"sql\.drop-tabel" names no rule \(did you mean "sql\.drop-table"\?\)/]],
    },
    {
      name: 'a glob that matches no rule',
      text: '{ "rules": [{ "when": { "rule": "mysql.*" }, "then": "deny" }] }',
      errors: [[1, 33, /"mysql\.\*" names no rule/]],
    },
    {
      name: 'invalid regular expression',
      text: '{\n  "rules": [\n    { "when": { "command": "rm -rf (" }, "then": "deny" }\n  ]\n}\n',
      errors: [[3, 28, /^rules\.0\.when\.command: not a valid regular expression/]],
    },
    {
      name: 'a value that is not allowed',
      text: '{\n  "requires": { "critical": "confirm" }\n}\n',
      errors: [[2, 29, /^requires\.critical: critical actions need at least "peer-review"/]],
    },
    { name: 'not JSON', text: '{\n  "version": 1,\n  "rules": [}\n}\n', errors: [[3, 13, /^invalid JSON: ValueExpected$/]] },
    {
      name: 'several errors, in line order',
      text: '{\n  "rulez": [],\n  "rules": [\n    { "when": { "rule": "nope.x", "comand": "x" }, "then": "deny" }\n  ]\n}\n',
      errors: [
        [2, 3, /^rulez: unknown key/],
        [4, 25, /^rules\.0\.when\.rule: "nope\.x" names no rule/],
        [4, 35, /^rules\.0\.when\.comand: unknown key/],
      ],
    },
  ];
  for (const c of BROKEN) {
    it(`${c.name}: exit 1, each error at its line`, () => {
      const dir = repo(c.text);
      const file = join(dir, '.blast-radius', 'policy.json');
      const r = run(['policy', 'check'], dir);
      assert.equal(r.code, 1, `${r.out}${r.err}`);
      const lines = r.err.trim().split('\n');
      assert.match(lines.pop()!, new RegExp(`^${c.errors.length} errors?: agent actions are denied until the policy is fixed$`));
      assert.equal(lines.length, c.errors.length, r.err);
      c.errors.forEach(([line, col, msg], i) => {
        const prefix = `${file}:${line}:${col}: `;
        assert.ok(lines[i]!.startsWith(prefix), `${lines[i]} does not start with ${prefix}`);
        assert.match(lines[i]!.slice(prefix.length), msg);
      });
      const j = JSON.parse(run(['policy', 'check', '--json'], dir).out) as { ok: boolean; errors: { line: number }[] };
      assert.equal(j.ok, false);
      assert.deepEqual(
        j.errors.map((e) => e.line),
        c.errors.map(([l]) => l),
      );
    });
  }

  it('checks a file named on the command line, and --cwd finds the one the hook would use', () => {
    const dir = repo('{ "rulez": [] }');
    const other = join(root, 'elsewhere.json');
    writeFileSync(other, '{ "version": 1 }');
    assert.equal(run(['policy', 'check', other]).code, 0);
    const r = run(['policy', 'check', '--cwd', join(dir)]);
    assert.equal(r.code, 1);
    assert.match(r.err, /rulez: unknown key/);
  });

  for (const [args, pattern] of [
    [['policy', 'check', 'missing.json'], /^blast-radius: policy check: .*missing\.json: no such file$/],
    [['policy', 'frob'], /^blast-radius: policy: unknown subcommand 'frob' \(check\)$/],
    [['policy', 'check', 'a.json', 'b.json'], /give at most one policy file/],
  ] as const) {
    it(`${args.slice(1).join(' ')}: one line, exit 2`, () => {
      const r = run([...args], root);
      assert.equal(r.code, 2);
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
      assert.match(r.err.trim(), pattern);
    });
  }
});
