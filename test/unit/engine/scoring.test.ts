// Scoring (src/engine/assess.ts) pinned to exact values on hand-built analyses: the class and
// reversibility a call starts from, the production raise and where it stops, the order findings
// are shown in, the score inside its band, the requirement a rule picks (never below the floor
// for critical), the target a person types, the one-line summary; and analysis itself: the depth
// bound on nested commands, an analyzer that throws, input that is not an action.
import assert from 'node:assert/strict';
import { emptyAnalysis, type Analysis } from '../../../src/engine/analysis';
import { analyze, assessUnknown, MAX_DEPTH, scoreAnalysis } from '../../../src/engine/assess';
import { getDefaultPolicy, resolvePolicy } from '../../../src/engine/policy';
import type { Action, Finding, Target } from '../../../src/engine/schema';

const action: Action = { kind: 'shell', command: 'x' };
const f = (over: Partial<Finding> = {}): Finding => ({ rule: 'test.r', level: 'low', message: 'a finding', evidence: 'e', ...over });
const an = (findings: Partial<Finding>[], extra: Partial<Analysis> = {}): Analysis => ({
  ...emptyAnalysis(),
  ...extra,
  findings: findings.map((x, i) => f({ rule: `test.r${i}`, message: `finding ${i}`, ...x })),
});
const score = (a: Analysis, policy = getDefaultPolicy()) => scoreAnalysis(action, a, { policy });
const prod = { envHints: [{ source: 'kube context', value: 'prod-eu' }] };

describe('scoring: what a call starts from', () => {
  const cases: [string, Analysis, string, string, string][] = [
    ['read-only, no findings', emptyAnalysis(true), 'read-only', 'reversible', 'Reads only; changes nothing'],
    ['read-only with a finding', an([{ level: 'low' }], { readOnly: true }), 'targeted-patch', 'recoverable', 'finding 0'],
    ['a change with no findings', emptyAnalysis(false), 'targeted-patch', 'recoverable', 'A targeted change with nothing risky found'],
  ];
  for (const [what, a, cls, rev, summary] of cases) {
    it(what, () => {
      const s = score(a);
      assert.deepEqual([s.class, s.reversibility, s.summary, s.level, s.score, s.requires], [cls, rev, summary, 'low', 0, 'none']);
    });
  }
});

describe('scoring: production', () => {
  const cases: [string, Partial<Finding>, string, boolean][] = [
    ['a broad change at medium goes to high', { level: 'medium', class: 'broad-change' }, 'high', true],
    ['a destructive one at high goes to critical', { level: 'high', class: 'destructive' }, 'critical', true],
    ['a targeted patch stays', { level: 'medium', class: 'targeted-patch' }, 'medium', false],
    ['a low broad change stays low', { level: 'low', class: 'broad-change' }, 'low', false],
    ['critical cannot go higher, and says nothing more', { level: 'critical', class: 'destructive' }, 'critical', false],
  ];
  for (const [what, finding, level, raised] of cases) {
    it(what, () => {
      const s = score(an([finding], prod));
      assert.equal(s.level, level);
      const env = s.findings.find((x) => x.rule === 'env.prod');
      if (!raised) return assert.equal(env, undefined);
      assert.deepEqual(env, { rule: 'env.prod', level, message: 'Aimed at production', evidence: 'kube context prod-eu', class: finding.class });
      assert.equal(s.findings[0], env, 'the raise is the worst finding, shown first');
    });
  }
  it('the evidence lists every production hint', () => {
    const s = score(
      an([{ level: 'medium', class: 'destructive' }], {
        envHints: [
          { source: 'kube context', value: 'prod-eu' },
          { source: 'stack', value: 'billing-prod' },
        ],
      }),
    );
    assert.equal(s.findings.find((x) => x.rule === 'env.prod')?.evidence, 'kube context prod-eu; stack billing-prod');
  });
  it('staging raises nothing; the environment is in the scope', () => {
    const s = score(an([{ level: 'medium', class: 'destructive' }], { envHints: [{ source: 'stack', value: 'billing-staging' }] }));
    assert.equal(s.level, 'medium');
    assert.deepEqual(s.scope.environments, ['staging']);
    assert.deepEqual(score(an([{ level: 'medium' }])).scope.environments, []);
  });
});

describe('scoring: findings worst first', () => {
  it('a finding without a class ranks as read-only (equal ones keep their order)', () => {
    const s = score(
      an([
        { level: 'medium', message: 'none first' },
        { level: 'medium', class: 'read-only', message: 'read-only second' },
        { level: 'medium', message: 'none third' },
      ]),
    );
    assert.deepEqual(
      s.findings.map((x) => x.message),
      ['none first', 'read-only second', 'none third'],
    );
  });
  it('by level, then by class (none counts as read-only)', () => {
    const s = score(
      an([
        { level: 'medium', class: 'targeted-patch', message: 'm-targeted' },
        { level: 'high', message: 'h-none' },
        { level: 'medium', class: 'destructive', message: 'm-destructive' },
        { level: 'high', class: 'broad-change', message: 'h-broad' },
        { level: 'medium', message: 'm-none' },
      ]),
    );
    assert.deepEqual(
      s.findings.map((x) => x.message),
      ['h-broad', 'h-none', 'm-destructive', 'm-targeted', 'm-none'],
    );
  });
});

describe('scoring: the score inside its band', () => {
  const cases: [string, Analysis, number][] = [
    ['one high finding', an([{ level: 'high' }]), 50],
    ['three high findings: +3 for each after the first', an([{ level: 'high' }, { level: 'high' }, { level: 'high' }, { level: 'medium' }]), 56],
    ['findings below the level do not count', an([{ level: 'medium' }, { level: 'low' }, { level: 'low' }]), 25],
    ['99 files: + floor(log10(100) × 3)', an([{ level: 'medium' }], { counts: { files: 99 } }), 31],
    ['9 resources count ten each', an([{ level: 'medium' }], { counts: { resources: 9, files: 9 } }), 31],
    ['9 tables count ten each', an([{ level: 'medium' }], { counts: { tables: 9, files: 9 } }), 31],
    ['1 file', an([{ level: 'medium' }], { counts: { files: 1 } }), 25],
    ['reach adds at most 10', an([{ level: 'low' }], { counts: { files: 1e12 } }), 10],
    [
      'never past the band',
      an(
        Array.from({ length: 20 }, () => ({ level: 'critical' as const })),
        { counts: { files: 1e6 } },
      ),
      100,
    ],
    [
      'never past the band (low)',
      an(
        Array.from({ length: 20 }, () => ({ level: 'low' as const })),
        { counts: { files: 1e6 } },
      ),
      24,
    ],
  ];
  for (const [what, a, want] of cases) it(`${what}: ${want}`, () => assert.equal(score(a).score, want));
});

describe('scoring: the requirement', () => {
  it('a rule stricter than the level’s requirement applies even at critical', () => {
    const p = resolvePolicy({ rules: [{ when: { kind: 'shell' }, then: 'deny' }] });
    assert.equal(score(an([{ level: 'critical' }]), p).requires, 'deny');
  });
  it('a looser rule applies below critical, never at critical', () => {
    const p = resolvePolicy({ rules: [{ when: { kind: 'shell' }, then: 'confirm' }] });
    assert.equal(score(an([{ level: 'high' }]), p).requires, 'confirm');
    assert.equal(score(an([{ level: 'critical' }]), p).requires, 'peer-review');
  });
  it('no rule: the level’s', () => assert.equal(score(an([{ level: 'high' }]), resolvePolicy({ requires: { high: 'peer-review' } })).requires, 'peer-review'));
});

describe('scoring: the target a person types', () => {
  const t = (name: string, op?: Target['op']): Target => ({ kind: 'path', name, ...(op ? { op } : {}) });
  const cases: [string, Analysis, string | undefined][] = [
    [
      'the worst finding’s destructive target',
      an([
        { level: 'medium', targets: [t('a', 'delete')] },
        { level: 'high', targets: [t('b', 'read'), t('c', 'replace')] },
      ]),
      'c',
    ],
    ['a target with no operation counts', an([{ level: 'high', targets: [t('d')] }]), 'd'],
    ['each destructive operation', an([{ level: 'high', targets: [t('r', 'read'), t('e', 'execute'), t('m', 'move')] }]), 'm'],
    ['overwrite', an([{ level: 'high', targets: [t('r', 'read'), t('o', 'overwrite')] }]), 'o'],
    ['modify', an([{ level: 'high', targets: [t('r', 'read'), t('m', 'modify')] }]), 'm'],
    [
      'only reads in findings: the analysis’s destructive target',
      an([{ level: 'high', targets: [t('r', 'read')] }], { targets: [t('x', 'read'), t('y', 'delete')] }),
      'y',
    ],
    ['no destructive target anywhere: the first', an([{ level: 'high' }], { targets: [t('x', 'read'), t('z', 'create')] }), 'x'],
    ['an analysis target with no operation is not destructive', an([{ level: 'high' }], { targets: [t('x', 'read'), t('n')] }), 'x'],
    ['no target at all', an([{ level: 'high' }]), undefined],
  ];
  for (const [what, a, want] of cases) it(`${what}: ${want ?? 'none'}`, () => assert.equal(score(a).confirmTarget, want));
  it('the scope keeps the first 50 targets', () => {
    const s = score(an([], { targets: Array.from({ length: 60 }, (_, i) => t(`f${i}`, 'read')) }));
    assert.equal(s.scope.targets.length, 50);
    assert.equal(s.scope.targets[49]!.name, 'f49');
  });
});

describe('scoring: the summary', () => {
  const cases: [string, Analysis, string][] = [
    ['the analyzer’s own words', an([{ level: 'medium' }, { level: 'low' }], { summary: 'Deletes 3 files' }), 'Deletes 3 files'],
    ['else the worst finding, and how many more (one)', an([{ level: 'medium' }, { level: 'low' }]), 'finding 0 (+1 more finding)'],
    ['…(several)', an([{ level: 'medium' }, { level: 'low' }, { level: 'low' }]), 'finding 0 (+2 more findings)'],
    ['in prod, said once', an([{ level: 'low', message: 'Deletes x' }], prod), 'Deletes x in prod'],
    ['not twice when the words say it', an([{ level: 'low', message: 'Deletes the PROD bucket' }], prod), 'Deletes the PROD bucket'],
    ['in staging', an([{ level: 'low', message: 'Deletes x' }], { envHints: [{ source: 'stack', value: 'app-staging' }] }), 'Deletes x in staging'],
    ['not for dev', an([{ level: 'low', message: 'Deletes x' }], { envHints: [{ source: 'stack', value: 'app-dev' }] }), 'Deletes x'],
  ];
  for (const [what, a, want] of cases) it(`${what}: "${want}"`, () => assert.equal(score(a).summary, want));
});

describe('analysis: bounds and failures', () => {
  const policy = getDefaultPolicy();
  const rules = (a: Action, depth: number) => analyze(a, {}, policy, depth).findings.map((x) => x.rule);
  it(`nested commands are followed to depth ${MAX_DEPTH}, then a high finding`, () => {
    const once: Action = { kind: 'shell', command: "bash -c 'rm -rf /tmp/x'" };
    const twice: Action = { kind: 'shell', command: `bash -c "bash -c 'rm -rf /tmp/x'"` };
    assert.ok(!rules(once, MAX_DEPTH - 1).includes('engine.depth-limit'), 'one level more is still read');
    assert.ok(rules(twice, MAX_DEPTH - 1).includes('engine.depth-limit'), 'two levels more are not');
    const limit = analyze(once, {}, policy, MAX_DEPTH).findings.find((x) => x.rule === 'engine.depth-limit');
    assert.deepEqual(limit && [limit.level, limit.class, limit.reversibility, limit.message.startsWith('Nested too deep to analyse (')], [
      'high',
      'broad-change',
      'unknown',
      true,
    ]);
  });
  it('an analyzer that throws is a high finding, never a crash', () => {
    const got = analyze({ kind: 'fileDelete', paths: null } as unknown as Action, {}, policy).findings;
    assert.deepEqual(
      got.map((x) => [x.rule, x.level, x.class, x.reversibility, x.message]),
      [['engine.analyzer-error', 'high', 'broad-change', 'unknown', 'Could not analyse this fileDelete action, so it is treated as wide']],
    );
    assert.match(got[0]!.evidence, /null/);
  });
  it('input that is not an action is an error naming where', () => {
    assert.deepEqual(assessUnknown({ kind: 'shell' }), { ok: false, error: 'invalid action: command: Invalid input: expected string, received undefined' });
    assert.deepEqual(assessUnknown(5), { ok: false, error: 'invalid action: Invalid input: expected object, received number' });
    const deep = assessUnknown({ kind: 'fileEdit', path: 'a.ts', edits: [{ oldText: 1, newText: 'x' }] });
    assert.ok(!deep.ok && deep.error.startsWith('invalid action: edits.0.oldText: '), JSON.stringify(deep));
    const ok = assessUnknown({ kind: 'shell', command: 'ls' });
    assert.ok(ok.ok);
    assert.equal(ok.assessment.level, 'low');
  });
});

describe('scoring: the teardown floor is a finding of its own', () => {
  const teardown = (over: Partial<Finding>, env: Partial<Analysis> = {}): ReturnType<typeof scoreAnalysis> => {
    const a = emptyAnalysis();
    a.findings.push({
      rule: 'shell.terraform-destroy',
      level: 'high',
      message: 'destroys the stack',
      evidence: 'terraform destroy',
      class: 'environment-teardown',
      reversibility: 'irreversible',
      ...over,
    });
    Object.assign(a, env);
    return scoreAnalysis({ kind: 'shell', command: 'terraform destroy' }, a);
  };

  it('irreversible, outside production: raised to critical by engine.teardown, which says why and carries the evidence', () => {
    const r = teardown({});
    assert.equal(r.level, 'critical');
    const f = r.findings.find((x) => x.rule === 'engine.teardown');
    assert.deepEqual(f, {
      rule: 'engine.teardown',
      level: 'critical',
      message: 'An environment teardown that cannot be undone is never below critical',
      evidence: 'terraform destroy',
      class: 'environment-teardown',
      reversibility: 'irreversible',
    });
    assert.equal(r.findings[0]!.rule, 'engine.teardown', 'the raise sorts first (it decides the level)');
    assert.equal(r.summary.startsWith('destroys the stack'), true, `the summary names what happens, not the raise: ${r.summary}`);
  });
  it('recoverable, outside production: floored at high', () => {
    const r = teardown({ level: 'medium', reversibility: 'recoverable' });
    assert.equal(r.level, 'high');
    assert.equal(r.findings.find((x) => x.rule === 'engine.teardown')?.message, 'An environment teardown whatever it reaches is never below high');
  });
  it('already at the floor: no raise, no finding', () => {
    const r = teardown({ level: 'critical' });
    assert.equal(r.level, 'critical');
    assert.equal(
      r.findings.some((x) => x.rule === 'engine.teardown'),
      false,
    );
  });
  it('in production: env.prod raises first, and the floor has nothing left to add', () => {
    const r = teardown({ level: 'high', reversibility: 'recoverable' }, { envHints: [{ source: 'word', value: 'production' }] as Analysis['envHints'] });
    assert.equal(r.level, 'critical');
    assert.deepEqual(r.findings.map((x) => x.rule).sort(), ['env.prod', 'shell.terraform-destroy']);
  });
});
