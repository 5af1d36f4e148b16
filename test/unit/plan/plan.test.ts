import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LEVELS, assess, type Level } from '../../../src/engine';
import { analyzePlan, findIntents, sentencesOf, splitMarkdown } from '../../../src/engine/analyzers/plan';
import { fixtures, readJsonl } from '../../helpers';
import { checkAssessment, type Expectation } from '../file/expect';
import { recordingContext } from '../file/recording-context';

interface PlanCase extends Expectation {
  file: string;
  /** Highest level among the plan's own findings (`plan.*`), `low` when there are none. */
  ownLevel?: Level;
  /** [kind, text the nested action holds] that the plan must hand to the other analyzers. */
  nested?: [string, string][];
  nestedCount?: number;
}

const textOf = (a: { kind: string } & Record<string, unknown>): string =>
  [a.command, a.statement, a.diff, a.manifests].find((v): v is string => typeof v === 'string') ??
  (Array.isArray(a.paths) ? a.paths.join('\n') : JSON.stringify(a.plan ?? a.changeSet ?? ''));

describe('plans (test/fixtures/plan/*.md, expected.jsonl)', () => {
  for (const c of readJsonl<PlanCase>(fixtures('plan', 'expected.jsonl'))) {
    const text = readFileSync(fixtures('plan', c.file), 'utf8');

    it(`${c.id} (${c.file}): own findings and nested actions`, () => {
      const { ctx, calls } = recordingContext();
      const analysis = analyzePlan({ kind: 'plan', text }, ctx);
      const own = analysis.findings.filter((f) => f.rule.startsWith('plan.'));
      const ownLevel = own.reduce<Level>((l, f) => (LEVELS.indexOf(f.level) > LEVELS.indexOf(l) ? f.level : l), 'low');
      const got = `own [${own.map((f) => `${f.rule}:${f.level}`).join(', ')}], nested ${JSON.stringify(calls.map((x) => [x.action.kind, textOf(x.action as never)]))}`;
      if (c.ownLevel) assert.equal(ownLevel, c.ownLevel, `${c.id}: ${got}`);
      for (const r of c.rules ?? [])
        if (r.startsWith('plan.'))
          assert.ok(
            own.some((f) => f.rule === r),
            `${c.id}: expected ${r}; ${got}`,
          );
      for (const r of c.notRules ?? []) assert.ok(!own.some((f) => f.rule === r), `${c.id}: unexpected ${r}; ${got}`);
      for (const [kind, holds] of c.nested ?? []) {
        const call = calls.find((x) => x.action.kind === kind && textOf(x.action as never).includes(holds));
        assert.ok(call, `${c.id}: expected a nested ${kind} action holding ${JSON.stringify(holds)}; ${got}`);
        for (const f of call.result.findings) assert.ok(analysis.findings.includes(f), `${c.id}: nested finding ${f.rule} not merged`);
      }
      if (c.nestedCount !== undefined) assert.equal(calls.length, c.nestedCount, `${c.id}: ${got}`);
      if (c.commands !== undefined) assert.equal(analysis.counts.commands, c.commands, `${c.id}: commands; ${got}`);
    });

    if (c.level || c.minLevel || c.summary || c.env || c.class) {
      it(`${c.id} (${c.file}): assessed end to end`, () => {
        // Commands are counted by the plan analyzer alone (checked above); the rest end to end.
        const { commands: _c, ...rest } = c;
        checkAssessment(rest, assess({ kind: 'plan', text }));
      });
    }
  }
});

describe('plan sentences (test/fixtures/plan/sentences.jsonl)', () => {
  for (const c of readJsonl<{ text: string; rules: string[] }>(fixtures('plan', 'sentences.jsonl'))) {
    it(`${JSON.stringify(c.text)} → ${c.rules.join(', ') || 'nothing'}`, () => {
      const got = sentencesOf(c.text).flatMap((s) => findIntents(s).map((h) => h.intent.rule));
      assert.deepEqual([...new Set(got)].sort(), [...c.rules].sort(), c.text);
    });
  }
});

describe('plan markdown', () => {
  it('separates fenced blocks (``` and ~~~) from prose and keeps their language', () => {
    const { blocks, prose } = splitMarkdown('Intro.\n\n```bash\nrm -rf build\n```\n\n~~~sql\nDROP TABLE t;\n~~~\nEnd.');
    assert.deepEqual(
      blocks.map((b) => [b.lang, b.body]),
      [
        ['bash', 'rm -rf build'],
        ['sql', 'DROP TABLE t;'],
      ],
    );
    assert.ok(!prose.includes('rm -rf'));
  });
  it('an unclosed fence runs to the end and is still analysed', () => {
    const { blocks } = splitMarkdown('Run:\n```sh\nterraform destroy');
    assert.deepEqual(
      blocks.map((b) => b.body),
      ['terraform destroy'],
    );
  });
  it('joins a sentence wrapped over two lines and splits list items', () => {
    const s = sentencesOf('We will delete and\nrecreate the environment.\n- Drop the table\n- Add a test');
    assert.deepEqual(
      s.map((x) => x.raw),
      ['We will delete and recreate the environment.', 'Drop the table', 'Add a test'],
    );
  });
  it('a plan to run terraform destroy in prod is critical (the point: stop it before it starts)', () => {
    const a = assess({ kind: 'plan', text: 'Delete and recreate the environment in production with `terraform destroy`.' });
    assert.equal(a.level, 'critical', a.summary);
    assert.equal(a.class, 'environment-teardown');
  });
  it('the summary quotes the riskiest sentence', () => {
    const a = assess({ kind: 'plan', text: 'Add a test. Then drop the database and reseed it. Update the docs.' });
    assert.match(a.summary, /"Then drop the database and reseed it\."/);
  });
  it('an empty plan is low and says so', () => {
    const a = assess({ kind: 'plan', text: '' });
    assert.equal(a.level, 'low');
    assert.match(a.summary, /empty plan/);
  });
});
