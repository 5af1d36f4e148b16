// `blast-radius assess` through the built CLI: inputs, output forms, exit codes, bad input.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, corporaDir } from '../../helpers';
import { LEVELS, type Assessment } from '../../../src/engine';

function run(args: string[], input?: string, cwd?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    input,
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const scratch = mkdtempSync(join(tmpdir(), 'br-cli-'));

describe('blast-radius assess', () => {
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('assesses a shell command after -- and prints a readable report', () => {
    const r = run(['assess', '--no-facts', '--', 'git', 'status']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^ (LOW|MEDIUM|HIGH|CRITICAL) /);
    assert.match(r.out, /digest [0-9a-f]{64}/);
  });

  it('--json prints a valid Assessment whose digest is stable across runs', () => {
    const a = JSON.parse(run(['assess', '--json', '--no-facts', '--', 'rm -rf build']).out) as Assessment;
    const b = JSON.parse(run(['assess', '--json', '--no-facts', '--', 'rm -rf build']).out) as Assessment;
    assert.equal(a.kind, 'shell');
    assert.ok(LEVELS.includes(a.level));
    assert.equal(a.digest, b.digest);
    assert.deepEqual(a, b);
  });

  // Words after -- are what the shell passed in: each is one word, whatever it holds. The command
  // is assessed (and its digest bound) as those words quoted, never as their text run together.
  const quoting: [string, string[], string, string][] = [
    ['a space inside a word', ['rm', '-rf', 'my dir'], "rm -rf 'my dir'", 'medium'],
    ['a ; inside a word is not a second command', ['echo', 'a; rm -rf ~'], "echo 'a; rm -rf ~'", 'low'],
    ['a quote inside a word', ['echo', "it's"], "echo 'it'\\''s'", 'low'],
    ['a $ inside a word is not expanded', ['echo', '$(rm -rf /)'], "echo '$(rm -rf /)'", 'low'],
    ['plain words stay as they are', ['git', 'status', '--short'], 'git status --short', 'low'],
  ];
  for (const [name, words, asOneString, level] of quoting) {
    it(`quotes words joined after --: ${name}`, () => {
      const a = JSON.parse(run(['assess', '--json', '--no-facts', '--', ...words]).out) as Assessment;
      const b = JSON.parse(run(['assess', '--json', '--no-facts', '--', asOneString]).out) as Assessment;
      assert.equal(a.digest, b.digest, `the words were not joined as ${asOneString}`);
      assert.equal(a.level, level, a.summary);
    });
  }

  it('--fail-on exits 1 at or above the level and 0 below it', () => {
    const a = JSON.parse(run(['assess', '--json', '--no-facts', '--', 'rm -rf /']).out) as Assessment;
    const at = run(['assess', '--no-facts', '--fail-on', a.level, '--', 'rm -rf /']);
    assert.equal(at.code, 1, `level ${a.level}`);
    const above = LEVELS[LEVELS.indexOf(a.level) + 1];
    if (above) assert.equal(run(['assess', '--no-facts', '--fail-on', above, '--', 'rm -rf /']).code, 0);
    assert.equal(run(['assess', '--no-facts', '--fail-on', 'low', '--', 'ls']).code, 1, 'everything is at or above low');
  });

  it('detects a Terraform plan file by its content', () => {
    const index = readFileSync(join(corporaDir(), 'terraform', 'index.jsonl'), 'utf8').split('\n')[0]!;
    const file = join(corporaDir(), JSON.parse(index).file as string);
    const r = run(['assess', '--json', '--no-facts', file]);
    assert.equal(r.code, 0, r.err);
    assert.equal((JSON.parse(r.out) as Assessment).kind, 'terraformPlan');
  });

  const detected: [string, string, string][] = [
    ['drop.sql', 'DROP TABLE users;\n', 'sql'],
    ['fix.diff', '--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1 +1 @@\n-a\n+b\n', 'fileEdit'],
    ['plan.md', '# Plan\nFix the date parser.\n', 'plan'],
    ['ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n', 'kubernetes'],
    ['cleanup.sh', '#!/bin/sh\nrm -rf /tmp/x\n', 'shell'],
    [
      'changeset.json',
      JSON.stringify({
        StackName: 'billing',
        Changes: [{ Type: 'Resource', ResourceChange: { Action: 'Remove', LogicalResourceId: 'Db', ResourceType: 'AWS::RDS::DBInstance' } }],
      }),
      'cloudformationChangeSet',
    ],
  ];
  for (const [name, text, kind] of detected) {
    it(`detects ${name} as ${kind}`, () => {
      const file = join(scratch, name);
      writeFileSync(file, text);
      const r = run(['assess', '--json', '--no-facts', file]);
      assert.equal(r.code, 0, r.err);
      assert.equal((JSON.parse(r.out) as Assessment).kind, kind);
    });
  }

  it('--kind forces the kind of a file', () => {
    const file = join(scratch, 'notes.txt');
    writeFileSync(file, 'DELETE FROM invoices');
    const r = run(['assess', '--json', '--no-facts', '--kind', 'sql', file]);
    assert.equal((JSON.parse(r.out) as Assessment).kind, 'sql');
  });

  // Each examples/actions/*.json is an Action; `assess FILE` assesses that action, not the file.
  const ACTION_FILES: [string, { kind: string; level: string; rule: RegExp }][] = [
    ['kubectl-delete-namespace.json', { kind: 'kubernetes', level: 'critical', rule: /^k8s\.|^kubernetes\./ }],
    ['vscode-autoapprove.json', { kind: 'fileWrite', level: 'critical', rule: /guard|autoapprove|auto-approve/i }],
  ];
  for (const [file, want] of ACTION_FILES) {
    it(`assesses the Action in examples/actions/${file} (${want.kind}, ${want.level})`, () => {
      const r = run(['assess', '--json', '--no-facts', join('examples', 'actions', file)]);
      assert.equal(r.code, 0, r.err);
      const a = JSON.parse(r.out) as Assessment;
      assert.equal(a.kind, want.kind, file);
      assert.equal(a.level, want.level, `${file}: ${a.summary}`);
      assert.ok(
        a.findings.some((f) => want.rule.test(f.rule)),
        `${file}: ${a.findings.map((f) => f.rule).join(', ')}`,
      );
      // The same file on stdin is the same action.
      const viaStdin = JSON.parse(run(['assess', '--json', '--no-facts', '-'], readFileSync(join('examples', 'actions', file), 'utf8')).out) as Assessment;
      assert.equal(viaStdin.digest, a.digest, file);
    });
  }

  it('covers every file in examples/actions', () => {
    assert.deepEqual(readdirSync(join('examples', 'actions')).sort(), ACTION_FILES.map(([f]) => f).sort());
  });

  it('an Action file with a bad field exits 2 naming the file and the field', () => {
    const file = join(scratch, 'bad-action.json');
    writeFileSync(file, JSON.stringify({ kind: 'shell', cmd: 'ls' }));
    const r = run(['assess', '--no-facts', file]);
    assert.equal(r.code, 2);
    assert.match(r.err.trim(), /^blast-radius: bad-action\.json: invalid action: command/);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
  });

  it('reads an Action as JSON on stdin', () => {
    const r = run(['assess', '--json', '--no-facts', '-'], JSON.stringify({ kind: 'toolCall', tool: 'mcp__db__list_tables', input: {} }));
    assert.equal(r.code, 0, r.err);
    assert.equal((JSON.parse(r.out) as Assessment).kind, 'toolCall');
  });

  it('--batch answers one line per input line, in order, with errors for bad lines', () => {
    const lines = [
      JSON.stringify({ id: 'a', action: { kind: 'shell', command: 'ls' } }),
      'not json',
      JSON.stringify({ id: 'c', action: { kind: 'sql' } }),
      '',
      JSON.stringify({ id: 'd', nothing: true }),
      JSON.stringify({ id: 7, action: { kind: 'plan', text: 'Add a test.' } }),
    ];
    const r = run(['assess', '--no-facts', '--batch', '-'], lines.join('\n'));
    assert.equal(r.code, 0, r.err);
    const out = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: unknown; error?: string; kind?: string });
    assert.deepEqual(
      out.map((o) => o.id),
      ['a', 2, 'c', 'd', 7],
    );
    assert.equal(out[0]!.kind, 'shell');
    assert.match(out[1]!.error!, /line 2: not valid JSON/);
    assert.match(out[2]!.error!, /statement/);
    assert.match(out[3]!.error!, /expected/);
    assert.equal(out[4]!.kind, 'plan');
  });

  it('reports policy errors with the file and line, and exits 2', () => {
    const dir = join(scratch, 'repo-bad-policy');
    mkdirSync(join(dir, '.blast-radius'), { recursive: true });
    mkdirSync(join(dir, '.git'), { recursive: true });
    writeFileSync(join(dir, '.blast-radius', 'policy.json'), '{\n  "requires": {\n    "critical": "never"\n  }\n}\n');
    const r = run(['assess', '--no-facts', '--', 'ls'], undefined, dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /policy\.json:3:\d+: requires\.critical/);
    assert.equal(r.err.trim().split('\n').length, 1);
  });

  it('applies the repository policy (a deny rule)', () => {
    const dir = join(scratch, 'repo-deny');
    mkdirSync(join(dir, '.blast-radius'), { recursive: true });
    mkdirSync(join(dir, '.git'), { recursive: true });
    writeFileSync(join(dir, '.blast-radius', 'policy.json'), JSON.stringify({ rules: [{ when: { kind: 'shell', command: '^docker ' }, then: 'deny' }] }));
    const r = run(['assess', '--json', '--no-facts', '--', 'docker ps'], undefined, dir);
    assert.equal((JSON.parse(r.out) as Assessment).requires, 'deny');
  });

  const bad: [string, string[], string | undefined, RegExp][] = [
    ['no input', ['assess'], undefined, /give a FILE/],
    ['a missing file', ['assess', join(scratch, 'nope.json')], undefined, /cannot read .*nope\.json: no such file/],
    ['a directory', ['assess', scratch], undefined, /is a directory/],
    ['truncated JSON', ['assess', '-'], '{"kind":"shell","comm', /not valid JSON/],
    ['an invalid Action', ['assess', '-'], '{"kind":"shell","command":42}', /invalid action: command/],
    ['an unknown kind', ['assess', '-'], '{"kind":"nuke"}', /invalid action/],
    ['binary junk on stdin', ['assess', '-'], '\u0000\u0001\u00ff\u00fe', /not valid JSON/],
    ['an unknown option', ['assess', '--frobnicate'], undefined, /Unknown option/],
    ['a bad --fail-on', ['assess', '--fail-on', 'severe', '--', 'ls'], undefined, /--fail-on must be one of/],
    ['a bad --kind', ['assess', '--kind', 'nuke', 'x'], undefined, /--kind must be one of/],
    ['nothing after --', ['assess', '--'], undefined, /nothing after --/],
    ['an unknown command', ['explode'], undefined, /unknown command 'explode'/],
    ['no command at all', [], undefined, /^blast-radius: give a command: assess, .*'blast-radius --help'/],
    ['review without a subcommand', ['review'], undefined, /^blast-radius: review: give a subcommand: request, show, approve, accept/],
    ['audit without a subcommand', ['audit'], undefined, /^blast-radius: audit: give a subcommand: verify, show, anchor/],
    ['install without an agent', ['install'], undefined, /^blast-radius: install: name at least one agent/],
    ['JSON that is not a plan', ['assess', '-', '--kind', 'terraformPlan'], 'nope', /not valid JSON/],
  ];
  for (const [name, args, input, message] of bad) {
    it(`exits 2 with one clear line on ${name}`, () => {
      const r = run(args, input ?? '');
      assert.equal(r.code, 2, r.out + r.err);
      assert.equal(r.out, '', 'a usage error prints nothing on stdout');
      assert.match(r.err, message);
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
      assert.doesNotMatch(r.err, /\bat .*\.js:\d+/, 'no stack trace');
    });
  }
});
