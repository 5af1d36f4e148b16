// Scoring on hand-built analyses: the rules that turn findings, environment and policy into a
// level, score, class, reversibility, requirement, target and summary.
import assert from 'node:assert/strict';
import {
  type Action,
  type Analysis,
  type Finding,
  LEVELS,
  emptyAnalysis,
  environmentOfWord,
  getDefaultPolicy,
  resolvePolicy,
  scoreAnalysis,
} from '../../../src/engine';

const action: Action = { kind: 'shell', command: 'x' };

function analysis(findings: Partial<Finding>[], extra: Partial<Analysis> = {}): Analysis {
  const a = emptyAnalysis();
  a.findings = findings.map((f, i) => ({ rule: `test.r${i}`, level: 'low', message: `finding ${i}`, evidence: 'e', ...f }));
  return Object.assign(a, extra);
}

describe('scoring', () => {
  it('a read-only analysis with no findings is low, read-only, reversible, needs nothing', () => {
    const a = scoreAnalysis(action, emptyAnalysis(true));
    assert.equal(a.level, 'low');
    assert.equal(a.class, 'read-only');
    assert.equal(a.reversibility, 'reversible');
    assert.equal(a.requires, 'none');
    assert.equal(a.score, 0);
    assert.match(a.summary, /Reads only/);
  });

  it('level is the highest finding level; class and reversibility the worst', () => {
    const a = scoreAnalysis(
      action,
      analysis([
        { level: 'medium', class: 'broad-change', reversibility: 'recoverable' },
        { level: 'high', class: 'destructive', reversibility: 'irreversible' },
        { level: 'low', class: 'targeted-patch', reversibility: 'reversible' },
      ]),
    );
    assert.equal(a.level, 'high');
    assert.equal(a.class, 'destructive');
    assert.equal(a.reversibility, 'irreversible');
    assert.equal(a.findings[0]!.level, 'high', 'findings are sorted worst first');
    assert.equal(a.requires, 'typed-confirm');
  });

  it('the score is monotone in the level and stays inside its band', () => {
    let last = -1;
    for (const level of LEVELS) {
      const many = analysis(
        Array.from({ length: 40 }, () => ({ level })),
        { counts: { files: 1e9, resources: 1e6 } },
      );
      const one = analysis([{ level }]);
      const hi = scoreAnalysis(action, many).score;
      const lo = scoreAnalysis(action, one).score;
      assert.ok(lo > last, `${level}: lowest score ${lo} must exceed the previous band's highest ${last}`);
      assert.ok(hi >= lo && hi <= 100, `${level}: ${hi}`);
      last = hi;
    }
  });

  it('production raises anything beyond a targeted patch by one level, with a finding saying why', () => {
    const a = scoreAnalysis(
      action,
      analysis([{ level: 'medium', class: 'destructive' }], { envHints: [{ source: 'kube context', value: 'prod-cn-north-1' }] }),
    );
    assert.equal(a.environment.name, 'prod');
    assert.deepEqual(a.environment.evidence, ['kube context prod-cn-north-1']);
    assert.equal(a.level, 'high');
    assert.ok(a.findings.some((f) => f.rule === 'env.prod'));
    assert.match(a.summary, /prod/);
  });

  it('production does not raise a targeted patch', () => {
    const a = scoreAnalysis(action, analysis([{ level: 'low', class: 'targeted-patch' }], { envHints: [{ source: 'path', value: 'services/prod/app.ts' }] }));
    assert.equal(a.level, 'low');
  });

  it('an environment teardown is never below high, and critical in prod or when irreversible', () => {
    const t = (env: string | undefined, rev: 'recoverable' | 'irreversible') =>
      scoreAnalysis(
        action,
        analysis([{ level: 'low', class: 'environment-teardown', reversibility: rev }], { envHints: env ? [{ source: 'stack', value: env }] : [] }),
      ).level;
    assert.equal(t(undefined, 'recoverable'), 'high');
    assert.equal(t('billing-dev', 'recoverable'), 'high');
    assert.equal(t(undefined, 'irreversible'), 'critical');
    assert.equal(t('billing-production', 'recoverable'), 'critical');
  });

  it('requirements follow the policy levels', () => {
    const policy = resolvePolicy({ requires: { medium: 'none', high: 'confirm' } });
    assert.equal(scoreAnalysis(action, analysis([{ level: 'medium' }]), { policy }).requires, 'none');
    assert.equal(scoreAnalysis(action, analysis([{ level: 'high' }]), { policy }).requires, 'confirm');
    assert.equal(scoreAnalysis(action, analysis([{ level: 'critical' }]), { policy }).requires, 'peer-review');
  });

  it('an allow rule never waves through a critical action, but a deny rule always applies', () => {
    const allow = resolvePolicy({ rules: [{ when: { rule: 'test.*' }, then: 'allow' }] });
    assert.equal(scoreAnalysis(action, analysis([{ level: 'high' }]), { policy: allow }).requires, 'none');
    assert.equal(scoreAnalysis(action, analysis([{ level: 'critical' }]), { policy: allow }).requires, 'peer-review');
    const deny = resolvePolicy({
      rules: [
        { when: { rule: 'test.*' }, then: 'deny' },
        { when: { kind: 'shell' }, then: 'allow' },
      ],
    });
    assert.equal(scoreAnalysis(action, analysis([{ level: 'low' }]), { policy: deny }).requires, 'deny');
  });

  it('protected paths and names in the policy raise what changes them', () => {
    const policy = resolvePolicy({ protectedPaths: ['infra/**'], protectedNames: ['billing-*'] });
    const a = scoreAnalysis(action, analysis([], { targets: [{ kind: 'path', name: 'infra/prod/main.tf', op: 'modify' }] }), { policy });
    assert.equal(a.level, 'high');
    assert.ok(a.findings.some((f) => f.rule === 'policy.protected-path'));
    const b = scoreAnalysis(action, analysis([], { targets: [{ kind: 'stack', name: 'billing-api', op: 'delete' }] }), { policy });
    assert.ok(b.findings.some((f) => f.rule === 'policy.protected-name'));
    const reading = scoreAnalysis(action, analysis([], { targets: [{ kind: 'path', name: 'infra/main.tf', op: 'read' }] }), { policy });
    assert.equal(reading.level, 'low', 'reading a protected path is fine');
  });

  it('force-pushing or deleting a protected branch is at least high', () => {
    const a = scoreAnalysis(action, analysis([], { targets: [{ kind: 'branch', name: 'release/2026.11', op: 'overwrite' }] }));
    assert.equal(a.level, 'high');
    assert.equal(a.reversibility, 'irreversible');
  });

  it('the confirm target is the first destructive target of the worst finding', () => {
    const a = scoreAnalysis(
      action,
      analysis([
        { level: 'medium', targets: [{ kind: 'path', name: 'README.md', op: 'modify' }] },
        {
          level: 'high',
          targets: [
            { kind: 'database', name: 'billing', op: 'read' },
            { kind: 'database', name: 'billing', op: 'delete' },
          ],
        },
      ]),
    );
    assert.equal(a.confirmTarget, 'billing');
  });
});

describe('environment words', () => {
  const policy = getDefaultPolicy();
  const cases: [string, string | undefined][] = [
    ['prod-cn-north-1', 'prod'],
    ['arn:aws:eks:eu-west-1:1:cluster/production', 'prod'],
    ['billing_live', 'prod'],
    ['products', undefined],
    ['reproduce', undefined],
    ['preprod', 'staging'],
    ['envs/staging/main.tf', 'staging'],
    ['dev-sandbox', 'dev'],
    ['PROD', 'prod'],
    ['', undefined],
  ];
  for (const [word, env] of cases) {
    it(`"${word}" → ${env ?? 'none'}`, () => assert.equal(environmentOfWord(word, policy), env));
  }
});
