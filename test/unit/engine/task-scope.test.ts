// Task scope (src/engine/task-scope.ts): the classifier against its labelled cases (requests
// people quoted or reported in public agent issue threads, each with its URL), the hard cases that
// must read right, and the comparison: a mismatch adds scope.mismatch and one level, an explicit
// request is said so, and nothing is ever lowered.
import assert from 'node:assert/strict';
import { assess } from '../../../src/engine/assess';
import { getDefaultPolicy, parsePolicyText, resolvePolicy } from '../../../src/engine/policy';
import type { Action, Assessment } from '../../../src/engine/schema';
import { Assessment as AssessmentSchema, TaskContext } from '../../../src/engine/schema';
import { LEVELS, REQUIREMENTS, TASK_KINDS } from '../../../src/engine/vocab';
import {
  TASK_WIDTH,
  type TaskInput,
  type TaskKind,
  applyTaskScope,
  applyTaskScopeAll,
  classifyTask,
  taskExcerpt,
  taskInputOf,
  taskQuote,
} from '../../../src/engine/task-scope';
import { fixtures, readJsonl } from '../../helpers';

interface Case {
  text: string;
  kind: TaskKind;
  files?: string[];
  environments?: string[];
  avoid?: string[];
  continuation?: boolean;
  source: string;
  form: 'quoted' | 'reported';
}

const input = (text: string): TaskInput => ({ ...classifyTask(text), text });
const lvl = (a: Assessment): number => LEVELS.indexOf(a.level);
const req = (a: Assessment): number => REQUIREMENTS.indexOf(a.requires);

function accuracy(file: string): { cases: (Case & { line: number })[]; kind: number; band: number; misses: string[] } {
  const cases = readJsonl<Case>(fixtures('task-scope', file));
  let kind = 0;
  let band = 0;
  const misses: string[] = [];
  for (const c of cases) {
    const got = classifyTask(c.text);
    if (got.kind === c.kind) kind++;
    else misses.push(`line ${c.line}: expected ${c.kind}, read ${got.kind} (${JSON.stringify(c.text.slice(0, 60))})`);
    // What decides a mismatch: does the request cover a destructive action (width ≥ 3)?
    if (TASK_WIDTH[got.kind] >= 3 === TASK_WIDTH[c.kind] >= 3) band++;
  }
  return { cases, kind, band, misses };
}

describe('task scope: the classifier', () => {
  it('labelled cases from public agent issue threads: each has a source URL and a known kind', () => {
    for (const file of ['issue-threads.jsonl', 'held-out.jsonl']) {
      for (const c of readJsonl<Case>(fixtures('task-scope', file))) {
        assert.match(c.source, /^https:\/\/github\.com\/[^/]+\/[^/]+\/(issues|pull)\/\d+$/, `${file} line ${c.line}: source`);
        assert.ok((TASK_KINDS as readonly string[]).includes(c.kind), `${file} line ${c.line}: kind ${c.kind}`);
        assert.ok(c.form === 'quoted' || c.form === 'reported', `${file} line ${c.line}: form`);
      }
    }
  });

  it('development set (issue-threads.jsonl): kind ≥ 90%, destructive-or-not band ≥ 97%', () => {
    const r = accuracy('issue-threads.jsonl');

    console.log(
      `      development set: ${r.kind}/${r.cases.length} kinds (${((100 * r.kind) / r.cases.length).toFixed(1)}%), band ${r.band}/${r.cases.length}${r.misses.length ? `\n        ${r.misses.join('\n        ')}` : ''}`,
    );
    assert.ok(r.kind / r.cases.length >= 0.9, r.misses.join('\n'));
    assert.ok(r.band / r.cases.length >= 0.97, r.misses.join('\n'));
  });

  it('held-out set (held-out.jsonl, never tuned on): figures printed; band ≥ 90%', () => {
    const r = accuracy('held-out.jsonl');

    console.log(
      `      held-out set: ${r.kind}/${r.cases.length} kinds (${((100 * r.kind) / r.cases.length).toFixed(1)}%), band ${r.band}/${r.cases.length}${r.misses.length ? `\n        ${r.misses.join('\n        ')}` : ''}`,
    );
    assert.ok(r.band / r.cases.length >= 0.9, r.misses.join('\n'));
  });

  it('labelled files and "don\'t" objects are found where a case names them', () => {
    for (const c of readJsonl<Case>(fixtures('task-scope', 'issue-threads.jsonl'))) {
      const got = classifyTask(c.text);
      for (const f of c.files ?? []) assert.ok(got.files.includes(f), `line ${c.line}: file ${f} in ${JSON.stringify(got.files)}`);
      for (const o of c.avoid ?? []) assert.ok(got.avoid.objects.includes(o as never), `line ${c.line}: avoids ${o}: ${JSON.stringify(got.avoid)}`);
      if (c.continuation) assert.equal(got.continuation, true, `line ${c.line}: continuation`);
    }
  });

  const table: [string, TaskKind, Partial<{ env: string[]; avoidEnv: string[]; objects: string[]; files: string[]; continuation: boolean }>?][] = [
    ['fix the rounding bug in the cost report', 'fix'],
    ['Fix the rounding bug in the cost report.', 'fix'],
    ['why does the nightly job fail?', 'question'],
    ['can you fix the login page?', 'fix'],
    ['the delete button does not work', 'fix'],
    ['you deleted my tests, restore them', 'fix'],
    ['drop the staging database', 'teardown', { env: ['staging'], objects: ['database'] }],
    ['delete and recreate the environment', 'teardown', { objects: ['stack'] }],
    ['tear down the dev stack', 'teardown', { env: ['dev'] }],
    ['recreate the prod database', 'rebuild', { env: ['prod'] }],
    ['rebuild the project', 'build'],
    ['rebuild the docker containers', 'rebuild'],
    ['remove the unused imports in src/app.ts', 'change', { files: ['src/app.ts'] }],
    ['remove the docs/journeys folder', 'delete', { files: ['docs/journeys'] }],
    ['clean up the code', 'refactor'],
    ['clean up the old log files', 'cleanup'],
    ['reset the database and reseed it', 'rebuild'],
    ['git reset --hard to origin/main', 'unclear'],
    ['reset my branch to main', 'delete'],
    ['force push the branch', 'delete'],
    ['push the branch', 'change'],
    ['deploy to staging', 'deploy', { env: ['staging'] }],
    ['run terraform destroy in infra/dev', 'teardown'],
    ['migrate the users table to the new schema', 'migration'],
    ['refactor the billing service', 'refactor'],
    ['add a new endpoint for invoices', 'feature'],
    ['add a test for the parser', 'change'],
    ['fix the bug but do not touch prod', 'fix', { avoidEnv: ['prod'] }],
    ["don't delete anything, just fix the failing test", 'fix'],
    ['stop deleting my files', 'unclear'],
    ['stop the dev server', 'change'],
    ['yes', 'unclear', { continuation: true }],
    ['ok go ahead', 'unclear', { continuation: true }],
    ['yes, delete it', 'delete'],
    ['fix the local variable shadowing in utils.py', 'fix', { env: [] }],
    ['update the dev dependency on mocha', 'change', { env: [] }],
    ['stage the changes and commit', 'change', { env: [] }],
    ['Bitte behebe den Rundungsfehler', 'unclear'],
    ['', 'unclear'],
  ];
  for (const [text, kind, more] of table) {
    it(`${JSON.stringify(text)} → ${kind}${more ? ` ${JSON.stringify(more)}` : ''}`, () => {
      const got = classifyTask(text);
      assert.equal(got.kind, kind, JSON.stringify(got));
      if (more?.env) assert.deepEqual(got.environments.sort(), [...more.env].sort(), JSON.stringify(got));
      if (more?.avoidEnv) assert.deepEqual(got.avoid.environments, more.avoidEnv, JSON.stringify(got));
      for (const o of more?.objects ?? []) assert.ok(got.objects.includes(o as never), JSON.stringify(got));
      for (const f of more?.files ?? []) assert.ok(got.files.includes(f), JSON.stringify(got));
      if (more?.continuation !== undefined) assert.equal(!!got.continuation, more.continuation);
    });
  }

  it('never throws, whatever it is given: what is not a request is unclear, and names nothing', () => {
    for (const v of [undefined, null, 42, {}, 'a'.repeat(100_000), '\u0000\u202e', '...,,,;;;', '?'.repeat(5000)]) {
      const got = classifyTask(v as string);
      assert.equal(got.kind, 'unclear', `${JSON.stringify(v)?.slice(0, 20)}: ${JSON.stringify(got)}`);
      assert.deepEqual([got.environments, got.objects, got.files, got.avoid], [[], [], [], { environments: [], objects: [] }], JSON.stringify(got));
    }
  });

  it('excerpts are short and cut at a word; quotes centre on the cue', () => {
    const long = `please ${'look at the numbers and '.repeat(10)}then fix the rounding bug in the cost report`;
    const ex = taskExcerpt(long);
    assert.ok(ex.length <= 100, ex);
    assert.ok(ex.endsWith('…'));
    const c = classifyTask(long);
    const q = taskQuote(long, c.cueAt);
    assert.match(q, /fix the rounding bug/);
    assert.ok(q.length <= 62, q);
  });
});

describe('task scope: applyTaskScope', () => {
  const prodPlan: Action = {
    kind: 'plan',
    text: '## Fix\n\ndelete and recreate the environment\n\n```sh\ncd infra/prod\nterraform destroy -auto-approve\nterraform apply -auto-approve\n```\n',
  };
  const rmrf: Action = { kind: 'shell', command: 'rm -rf precious' };
  const dropStaging: Action = { kind: 'sql', statement: 'DROP DATABASE staging_billing' };
  const push: Action = { kind: 'shell', command: 'git push --force origin main' };
  const guard: Action = { kind: 'fileWrite', path: '/w/.vscode/settings.json', content: '{"chat.tools.autoApprove": true}' };
  const edit: Action = { kind: 'fileEdit', path: '/w/cost_report.py', edits: [{ oldText: '1)', newText: '2)' }] };
  const broad: Action = { kind: 'shell', command: 'npm install left-pad' };

  it('the incident: "fix the rounding bug" beside "delete and recreate the environment" → scope.mismatch, the note names both', () => {
    const a = assess(prodPlan);
    const b = applyTaskScope(a, input('fix the rounding bug in the cost report'));
    const f = b.findings.find((x) => x.rule === 'scope.mismatch');
    assert.ok(f, JSON.stringify(b.findings));
    assert.equal(b.task?.agreement, 'mismatch');
    assert.equal(b.task?.asked, 'fix the rounding bug in the cost report');
    assert.match(f.message, /^You asked: 'fix the rounding bug in the cost report' — this deletes and recreates the environment in prod$/);
    assert.equal(b.level, 'critical'); // already critical: one step up stays at the top
    assert.ok(AssessmentSchema.safeParse(b).success, 'still a valid Assessment');
  });

  it('a data delete under a request for a fix goes up exactly one level, and the requirement follows the policy', () => {
    const a = assess(rmrf);
    assert.equal(a.level, 'medium');
    const b = applyTaskScope(a, input('fix the rounding bug in the cost report'));
    assert.equal(b.level, 'high');
    assert.equal(b.requires, 'typed-confirm');
    assert.ok(b.score >= 50 && b.score >= a.score);
    assert.equal(b.findings[0]!.rule, 'scope.mismatch'); // the finding that raised it is first
    assert.equal(b.digest, a.digest); // an approval stays bound to the same action
  });

  it('a force-push and a guard change under a fix are mismatches too', () => {
    for (const act of [push, guard]) {
      const b = applyTaskScope(assess(act), input('fix the failing test in the parser'));
      assert.equal(b.task?.agreement, 'mismatch', act.kind);
    }
    assert.match(applyTaskScope(assess(push), input('fix the parser')).task!.note!, /force-pushes main, rewriting its history/);
    assert.match(applyTaskScope(assess(guard), input('fix the parser')).task!.note!, /guard/);
  });

  it('asked for exactly this: "drop the staging database" beside DROP DATABASE staging_billing → said so, nothing lowered, no finding', () => {
    const a = assess(dropStaging);
    const b = applyTaskScope(a, input('drop the staging database'));
    assert.equal(b.task?.agreement, 'asked');
    assert.match(b.task.note!, /^You asked for this: 'drop the staging database'$/);
    assert.equal(b.level, a.level);
    assert.equal(b.requires, a.requires);
    assert.ok(!b.findings.some((f) => f.rule === 'scope.mismatch'));
  });

  it('a request naming staging beside an action in prod is a mismatch; "not prod" beside prod too', () => {
    const a = assess(prodPlan);
    assert.equal(applyTaskScope(a, input('tear down the staging environment')).task?.agreement, 'mismatch');
    assert.match(applyTaskScope(a, input('tear down the staging environment')).task!.note!, /You asked about staging/);
    const c = applyTaskScope(assess(rmrf), input('clean up the build output but do not touch the database'));
    assert.notEqual(c.task?.agreement, 'mismatch'); // rm -rf precious is not the database
    const d = applyTaskScope(a, input('delete and recreate the environment, but never prod'));
    assert.equal(d.task?.agreement, 'mismatch');
    assert.match(d.task.note!, /You said not to touch prod/);
    const e = applyTaskScope(assess(dropStaging), input('rename the column, but never the database itself'));
    assert.match(e.task!.note!, /^You said not to touch the database: /);
    // "any other file" is too wide to judge by: no mismatch from a "don't" about files.
    assert.notEqual(applyTaskScope(assess(rmrf), input('delete the precious folder and do not touch any other files')).task?.agreement, 'mismatch');
  });

  it('a cleanup does not cover an environment teardown; a delete covers a data delete', () => {
    assert.equal(applyTaskScope(assess(prodPlan), input('clean up the old log files')).task?.agreement, 'mismatch');
    assert.notEqual(applyTaskScope(assess(rmrf), input('delete the precious folder')).task?.agreement, 'mismatch');
  });

  it('a continuation ("yes") and an unreadable request judge nothing', () => {
    for (const t of ['yes', 'ok go ahead', 'Bitte behebe den Fehler']) {
      const b = applyTaskScope(assess(rmrf), { ...input(t), previous: 'fix the rounding bug' });
      assert.notEqual(b.task?.agreement, 'mismatch', t);
      assert.equal(b.level, assess(rmrf).level, t);
    }
    const y = applyTaskScope(assess(rmrf), { ...input('yes'), previous: 'fix the rounding bug' });
    assert.equal(y.task?.previous, 'fix the rounding bug');
  });

  it('a broad but not destructive action under a fix: "broader", no finding, no raise', () => {
    const a = assess(broad);
    const b = applyTaskScope(a, input('fix the typo in the README'));
    assert.ok(!b.findings.some((f) => f.rule === 'scope.mismatch'));
    assert.equal(b.level, a.level);
  });

  it('never lowers: every action × every kind of request keeps or raises level, score and requirement', () => {
    const actions: Action[] = [
      prodPlan,
      rmrf,
      dropStaging,
      push,
      guard,
      edit,
      broad,
      { kind: 'shell', command: 'kubectl delete namespace payments-staging' },
      { kind: 'sql', statement: 'DELETE FROM orders' },
    ];
    const requests = [
      'fix the bug',
      'why is it slow?',
      'drop the staging database',
      'delete and recreate the environment',
      'yes',
      'tear down prod',
      'deploy to staging',
      'do not touch the database',
      'clean up',
      'zzz',
    ];
    const policies = [undefined, resolvePolicy({ requires: { medium: 'deny' } }), resolvePolicy({ rules: [{ when: { kind: 'shell' }, then: 'allow' }] })];
    for (const act of actions)
      for (const r of requests)
        for (const p of policies) {
          const a = assess(act, p ? { policy: p } : {});
          const b = applyTaskScope(a, input(r), { ...(p ? { policy: p } : {}), action: act });
          assert.ok(lvl(b) >= lvl(a), `${act.kind} / ${r}: level ${a.level} → ${b.level}`);
          assert.ok(lvl(b) <= lvl(a) + 1, `${act.kind} / ${r}: at most one step`);
          assert.ok(req(b) >= req(a), `${act.kind} / ${r}: requires ${a.requires} → ${b.requires}`);
          assert.ok(b.score >= a.score, `${act.kind} / ${r}: score`);
          assert.ok(b.findings.length >= a.findings.length);
          assert.ok(AssessmentSchema.safeParse(b).success, `${act.kind} / ${r}: ${JSON.stringify(AssessmentSchema.safeParse(b).error?.issues[0])}`);
        }
  });

  it('a team allow rule still applies to the raised level below critical (as assess() decides it)', () => {
    const p = resolvePolicy({ rules: [{ when: { kind: 'shell', command: '^rm ' }, then: 'allow' }] });
    const a = assess(rmrf, { policy: p });
    assert.equal(a.requires, 'none');
    const b = applyTaskScope(a, input('fix the bug'), { policy: p, action: rmrf });
    assert.equal(b.level, 'high');
    assert.equal(b.requires, 'none');
    // Without the action its rules cannot be matched: the level's own requirement applies.
    assert.equal(applyTaskScope(a, input('fix the bug'), { policy: p }).requires, 'typed-confirm');
  });

  it('low assessments are left alone by applyTaskScopeAll (nothing was read for them)', () => {
    const low = assess(edit);
    assert.equal(low.level, 'low');
    const [x, y] = applyTaskScopeAll([low, assess(rmrf)], [edit, rmrf], input('fix the bug'));
    assert.equal(x!.task, undefined);
    assert.equal(y!.task?.agreement, 'mismatch');
  });

  it('a stored task (a review request claim) re-applies to the same finding; a forged "asked" never lowers', () => {
    const b = applyTaskScope(assess(rmrf), input('fix the rounding bug in the cost report'));
    const stored = TaskContext.parse(JSON.parse(JSON.stringify(b.task)));
    const again = applyTaskScope(assess(rmrf), taskInputOf(stored));
    assert.deepEqual(
      again.findings.map((f) => f.rule),
      b.findings.map((f) => f.rule),
    );
    assert.equal(again.level, b.level);
    const forged = applyTaskScope(
      assess(prodPlan),
      taskInputOf({ asked: 'delete and recreate the environment in prod', kind: 'teardown', agreement: 'asked', objects: ['stack'], environments: ['prod'] }),
    );
    assert.equal(forged.level, assess(prodPlan).level);
    assert.equal(forged.requires, assess(prodPlan).requires);
  });

  it('the task context keeps no more than a short excerpt of a long request', () => {
    const text = `fix the rounding bug ${'and here is a very long pasted log line '.repeat(200)}`;
    const b = applyTaskScope(assess(rmrf), input(text));
    assert.ok(b.task!.asked.length <= 100);
    assert.ok(JSON.stringify(b).length < JSON.stringify(assess(rmrf)).length + 1200, 'no full text carried');
  });
});

describe('task scope: the policy setting', () => {
  it('task.read is a boolean under "task"; the default policy has it on; anything else in "task" is an error with its line', () => {
    const off = parsePolicyText('{\n  "task": { "read": false }\n}\n');
    assert.ok(off.ok);
    if (off.ok) assert.equal(off.policy.task.read, false);
    assert.deepEqual(getDefaultPolicy().task, {});
    const bad = parsePolicyText('{\n  "task": {\n    "read": "no"\n  }\n}\n');
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.equal(bad.errors[0]!.line, 3, JSON.stringify(bad.errors));
    const unknown = parsePolicyText('{\n  "task": { "share": true }\n}\n');
    assert.equal(unknown.ok, false);
  });
});
