// The team's own commands (policy `commands`, test/fixtures/policy/team-commands.jsonc): entries in
// the packs' shape judge a tool no pack knows, add to the judgement of one a pack knows, and never
// lower it; their dry-run flags are previews; a broken entry is a policy error at its line.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assess } from '../../../src/engine/assess';
import { parsePolicyText } from '../../../src/engine/policy';
import type { Level } from '../../../src/engine/schema';
import { fixtures } from '../../helpers';

const text = readFileSync(fixtures('policy', 'team-commands.jsonc'), 'utf8');
const parsed = parsePolicyText(text);
if (!parsed.ok) throw new Error(`the fixture policy does not parse: ${JSON.stringify(parsed.errors)}`);
const policy = parsed.policy;

const CASES: { cmd: string; level: Level; rule?: string; notRule?: string; why: string }[] = [
  { cmd: 'acmectl db drop orders --region eu-1', level: 'high', rule: 'team.db-drop', why: 'the team says it deletes a database' },
  { cmd: 'acmectl db list', level: 'low', why: 'a read the team declared' },
  { cmd: 'acmectl db snapshot orders', level: 'low', why: 'a read the team declared' },
  { cmd: 'acmectl db drop orders --plan', level: 'low', why: "the tool's own preview flag" },
  {
    cmd: 'acmectl tenant purge globex',
    level: 'critical',
    rule: 'team.acmectl-tenant-purge-offboard',
    why: 'a regex subcommand; a teardown that cannot be undone',
  },
  { cmd: 'acmectl tenant offboard globex', level: 'critical', rule: 'team.acmectl-tenant-purge-offboard', why: 'the other word of the regex' },
  { cmd: 'acmectl deploy web --skip-canary', level: 'medium', rule: 'team.acmectl-deploy', why: 'only with the flag' },
  { cmd: 'acmectl deploy web', level: 'low', why: 'otherwise: read' },
  { cmd: 'acmectl db drop orders --env production', level: 'critical', rule: 'team.db-drop', why: 'the env flag names production: raised one level' },
  { cmd: 'sudo acmectl db drop orders', level: 'high', rule: 'team.db-drop', why: 'through a wrapper' },
  { cmd: 'kubectl rollout restart deploy/web', level: 'medium', rule: 'team.rollout-restart', why: 'added to what the kubernetes pack says' },
  { cmd: 'kubectl delete namespace payments', level: 'critical', notRule: 'team.kubectl-delete', why: 'a team "read" cannot lower what a pack knows' },
  { cmd: 'kubectl get pods', level: 'low', why: 'the pack still reads its reads' },
  { cmd: 'opsbot purge-cache --all', level: 'medium', rule: 'shell.unknown-destructive', why: 'no entries: its words decide' },
  { cmd: 'opsbot status', level: 'low', why: 'no entries, harmless words' },
];

describe("packs: the team's own commands (policy commands)", () => {
  for (const c of CASES) {
    it(`${JSON.stringify(c.cmd)} → ${c.level}${c.rule ? ` ${c.rule}` : ''} (${c.why})`, () => {
      const a = assess({ kind: 'shell', command: c.cmd }, { policy });
      const got = `${a.level} [${a.findings.map((f) => `${f.rule}:${f.level}`).join(', ')}] ${a.summary}`;
      assert.equal(a.level, c.level, `${c.cmd}: ${got}`);
      if (c.rule)
        assert.ok(
          a.findings.some((f) => f.rule === c.rule),
          `${c.cmd}: no ${c.rule} in ${got}`,
        );
      if (c.notRule) assert.ok(!a.findings.some((f) => f.rule === c.notRule), `${c.cmd}: ${got}`);
    });
  }

  it('without the policy the same internal tool is judged by its words alone', () => {
    assert.equal(assess({ kind: 'shell', command: 'acmectl tenant offboard globex' }).level, 'low');
    assert.equal(assess({ kind: 'shell', command: 'acmectl db drop orders' }).level, 'high', 'drop + db: the vocabulary of the unknown');
  });

  it('names the target and the message the team wrote', () => {
    const a = assess({ kind: 'shell', command: 'acmectl db drop orders' }, { policy });
    assert.equal(a.summary, 'acmectl db drop deletes the database orders');
    assert.ok(a.scope.targets.some((t) => t.name === 'orders'));
  });

  for (const [what, bad, where] of [
    [
      'an invalid regex',
      '{"commands": {"x": {"entries": [{"sub": ["/(/"], "level": "high"}]}}}',
      /commands\.x\.entries\.0\.sub\.0: not a valid regular expression/,
    ],
    ['an unknown key in an entry', '{"commands": {"x": {"entries": [{"sub": ["a"], "levle": "high"}]}}}', /levle/],
    ['a level that does not exist', '{"commands": {"x": {"entries": [{"sub": ["a"], "level": "severe"}]}}}', /commands\.x\.entries\.0\.level/],
    ['a command name with a path', '{"commands": {"./x": {}}}', /commands\.\.\/x: Invalid key/],
  ] as [string, string, RegExp][]) {
    it(`${what} is a policy error at its line, not a silent skip`, () => {
      const r = parsePolicyText(bad);
      assert.equal(r.ok, false, what);
      if (!r.ok) assert.match(r.errors.map((e) => `${e.line}:${e.column}: ${e.message}`).join('\n'), where);
    });
  }

  it("a policy rule may name the team's own ids (declared by its commands); one they do not declare is an error at its line", () => {
    const ok = parsePolicyText(
      '{"commands": {"acmectl": {"entries": [{"sub": ["db", "drop"], "id": "db-drop", "level": "high"}, {"sub": ["deploy"]}]}},\n "rules": [{"when": {"rule": "team.db-drop"}, "then": "deny"}, {"when": {"rule": "team.acmectl-*"}, "then": "confirm"}]}',
    );
    assert.equal(ok.ok, true, JSON.stringify(ok));
    if (!ok.ok) return;
    assert.equal(
      assess({ kind: 'shell', command: 'acmectl db drop orders' }, { policy: ok.policy }).requires,
      'deny',
      'the team rule applies to its own finding',
    );
    assert.equal(assess({ kind: 'shell', command: 'acmectl deploy web' }, { policy: ok.policy }).requires, 'confirm');
    const bad = parsePolicyText(
      '{"commands": {"acmectl": {"entries": [{"sub": ["db", "drop"], "id": "db-drop"}]}},\n "rules": [{"when": {"rule": "team.db-dorp"}, "then": "deny"}]}',
    );
    assert.equal(bad.ok, false);
    if (!bad.ok)
      assert.match(
        bad.errors.map((e) => `${e.line}:${e.message}`).join('\n'),
        /^2:rules\.0\.when\.rule: "team\.db-dorp" names no rule \(did you mean "team\.db-drop"\?\)/,
      );
  });
});
