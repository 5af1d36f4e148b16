// The policy's explicit parts on an analysis (src/engine/policy-match.ts): protected paths, names
// and branches raise what changes them (reading them does not); Terraform run in a protected
// folder is a change to it; rules pick a requirement by kind, finding, tool, path and command,
// deny rules first. Table-driven over hand-made analyses, so each case names what it checks.
import assert from 'node:assert/strict';
import { emptyAnalysis, type Analysis } from '../../../src/engine/analysis';
import { resolvePolicy, type ResolvedPolicy } from '../../../src/engine/policy';
import { applyPolicyTargets, matchPolicyRules } from '../../../src/engine/policy-match';
import type { Action, Finding, PolicyInput, Target } from '../../../src/engine/schema';

const policy = resolvePolicy({
  protectedPaths: ['infra/prod/**', 'db/migrations/**'],
  protectedNames: ['billing-*'],
  protectedBranches: ['main', 'release/*'],
});

function analysis(over: Partial<Analysis> = {}): Analysis {
  // Fresh arrays: the policy pushes its findings into the analysis it is given.
  return { ...emptyAnalysis(), ...over, findings: [...(over.findings ?? [])], targets: [...(over.targets ?? [])] };
}
const finding = (over: Partial<Finding> = {}): Finding => ({ rule: 'shell.x', level: 'medium', message: 'm', evidence: 'e', ...over });
const found = (a: Analysis): string[] =>
  a.findings
    .filter((f) => f.rule.startsWith('policy.'))
    .map((f) => `${f.rule} ${f.level} ${f.class ?? ''} ${f.targets?.map((t) => `${t.kind}:${t.name}:${t.op ?? ''}`).join(',') ?? ''}`.trim());

describe('policy: protected paths, names and branches', () => {
  const cases: [string, Target[], string[]][] = [
    [
      'a change under a protected path',
      [{ kind: 'path', name: '/repo/infra/prod/main.tf', op: 'modify' }],
      ['policy.protected-path high broad-change path:/repo/infra/prod/main.tf:modify'],
    ],
    [
      'a delete under another protected path',
      [{ kind: 'path', name: 'db/migrations/001.sql', op: 'delete' }],
      ['policy.protected-path high broad-change path:db/migrations/001.sql:delete'],
    ],
    ['a target with no operation counts as a change', [{ kind: 'path', name: 'infra/prod/x' }], ['policy.protected-path high broad-change path:infra/prod/x:']],
    ['reading a protected path is nothing', [{ kind: 'path', name: 'infra/prod/main.tf', op: 'read' }], []],
    ['executing one is nothing', [{ kind: 'path', name: 'infra/prod/run.sh', op: 'execute' }], []],
    [
      'each changing operation',
      (['modify', 'replace', 'delete', 'overwrite', 'move', 'create'] as const).map((op) => ({ kind: 'path' as const, name: `infra/prod/${op}`, op })),
      (['modify', 'replace', 'delete', 'overwrite', 'move', 'create'] as const).map(
        (op) => `policy.protected-path high broad-change path:infra/prod/${op}:${op}`,
      ),
    ],
    ['a path outside', [{ kind: 'path', name: 'infra/staging/main.tf', op: 'modify' }], []],
    [
      'the same target twice is one finding',
      [
        { kind: 'path', name: 'infra/prod/a', op: 'modify' },
        { kind: 'path', name: 'infra/prod/a', op: 'delete' },
      ],
      ['policy.protected-path high broad-change path:infra/prod/a:modify'],
    ],
    [
      'a protected database name',
      [{ kind: 'database', name: 'billing-prod', op: 'delete' }],
      ['policy.protected-name high broad-change database:billing-prod:delete'],
    ],
    ['a protected stack name', [{ kind: 'stack', name: 'billing-api', op: 'replace' }], ['policy.protected-name high broad-change stack:billing-api:replace']],
    ['a name that is not protected', [{ kind: 'database', name: 'orders', op: 'delete' }], []],
    ['a path is not matched as a name', [{ kind: 'path', name: 'billing-x', op: 'delete' }], []],
    ['a name is not matched as a path', [{ kind: 'bucket', name: 'infra/prod/logs', op: 'delete' }], []],
    ['a protected branch deleted', [{ kind: 'branch', name: 'main', op: 'delete' }], ['policy.protected-branch high destructive branch:main:delete']],
    [
      'a branch whose name is protected (protectedNames) is a protected name',
      [{ kind: 'branch', name: 'billing-2', op: 'modify' }],
      ['policy.protected-name high broad-change branch:billing-2:modify'],
    ],
  ];
  for (const [what, targets, want] of cases) {
    it(what, () => {
      const a = analysis({ targets });
      applyPolicyTargets(a, policy);
      assert.deepEqual(found(a), want);
    });
  }

  it('protectedBranches applies to deletes and overwrites only', () => {
    const p = resolvePolicy({ protectedBranches: ['main', 'release/*'] });
    const run = (t: Target, existing: Finding[] = []) => {
      const a = analysis({ targets: [t], findings: existing });
      applyPolicyTargets(a, p);
      return found(a);
    };
    assert.deepEqual(run({ kind: 'branch', name: 'main', op: 'overwrite' }), ['policy.protected-branch high destructive branch:main:overwrite']);
    assert.deepEqual(run({ kind: 'branch', name: 'release/2.1', op: 'delete' }), ['policy.protected-branch high destructive branch:release/2.1:delete']);
    assert.deepEqual(run({ kind: 'branch', name: 'main', op: 'modify' }), [], 'a commit to main is not a rewrite');
    assert.deepEqual(run({ kind: 'branch', name: 'feature', op: 'delete' }), []);
    assert.deepEqual(run({ kind: 'path', name: 'main', op: 'delete' }), [], 'a file named main is not the branch');
    // A critical finding already on that branch keeps the level critical.
    const crit = finding({ level: 'critical', targets: [{ kind: 'branch', name: 'main', op: 'overwrite' }] });
    assert.deepEqual(run({ kind: 'branch', name: 'main', op: 'overwrite' }, [crit]), ['policy.protected-branch critical destructive branch:main:overwrite']);
    // One on another branch, or not on a branch, does not.
    const other = finding({ level: 'critical', targets: [{ kind: 'branch', name: 'dev', op: 'overwrite' }] });
    const path = finding({ level: 'critical', targets: [{ kind: 'path', name: 'main', op: 'overwrite' }] });
    const medium = finding({ level: 'medium', targets: [{ kind: 'branch', name: 'main', op: 'overwrite' }] });
    assert.deepEqual(
      run({ kind: 'branch', name: 'main', op: 'overwrite' }, [medium]),
      ['policy.protected-branch high destructive branch:main:overwrite'],
      'never below high',
    );
    const mixed = finding({
      level: 'critical',
      targets: [
        { kind: 'path', name: 'x', op: 'read' },
        { kind: 'branch', name: 'main', op: 'overwrite' },
      ],
    });
    assert.deepEqual(
      run({ kind: 'branch', name: 'main', op: 'overwrite' }, [mixed]),
      ['policy.protected-branch critical destructive branch:main:overwrite'],
      'one of its targets is the branch',
    );
    const none = finding({ level: 'critical' });
    assert.deepEqual(run({ kind: 'branch', name: 'main', op: 'overwrite' }, [none, other, path]), [
      'policy.protected-branch high destructive branch:main:overwrite',
    ]);
    const a = analysis({ targets: [{ kind: 'branch', name: 'main', op: 'delete' }] });
    applyPolicyTargets(a, p);
    const f = a.findings[0]!;
    assert.deepEqual([f.message, f.evidence, f.reversibility], ['Rewrites or deletes protected branch main', 'main', 'irreversible']);
  });

  it('the findings say what and where', () => {
    const a = analysis({
      targets: [
        { kind: 'path', name: 'infra/prod/a.tf', op: 'modify' },
        { kind: 'namespace', name: 'billing-ns', op: 'delete' },
      ],
    });
    applyPolicyTargets(a, policy);
    assert.deepEqual(
      a.findings.map((f) => [f.message, f.evidence]),
      [
        ['Changes a protected path: infra/prod/a.tf', 'infra/prod/a.tf'],
        ['Changes a protected namespace: billing-ns', 'billing-ns'],
      ],
    );
  });

  describe('Terraform run in a protected folder', () => {
    const tf = (over: Partial<Analysis>) => {
      const a = analysis(over);
      applyPolicyTargets(a, policy);
      return found(a);
    };
    const change = [finding({ class: 'destructive' })];
    it('a destroy in infra/prod (cd infra/prod && terraform destroy) changes the folder', () => {
      assert.deepEqual(tf({ findings: change, contexts: [{ system: 'terraform', dir: 'infra/prod' }] }), [
        'policy.protected-path high broad-change path:infra/prod:modify',
      ]);
      const a = analysis({ findings: change, contexts: [{ system: 'terraform', dir: 'infra/prod' }] });
      applyPolicyTargets(a, policy);
      assert.deepEqual(
        [a.findings[1]!.message, a.findings[1]!.evidence],
        ['Runs terraform in a protected folder: infra/prod', "infra/prod matches the policy's protectedPaths infra/prod/**"],
      );
    });
    it('a folder matched only with a file in it (infra/prod/** needs something under it)', () => {
      const p = resolvePolicy({ protectedPaths: ['infra/prod/*'] });
      const a = analysis({ findings: change, contexts: [{ system: 'terraform', dir: 'infra/prod' }] });
      applyPolicyTargets(a, p);
      assert.deepEqual(found(a), ['policy.protected-path high broad-change path:infra/prod:modify']);
    });
    it('one changing finding among others is enough', () => {
      assert.equal(
        tf({ findings: [finding({ class: 'targeted-patch' }), finding({ class: 'destructive' })], contexts: [{ system: 'terraform', dir: 'infra/prod' }] })
          .length,
        1,
      );
    });
    it('once per folder, even with two contexts', () => {
      assert.equal(
        tf({
          findings: change,
          contexts: [
            { system: 'terraform', dir: 'infra/prod' },
            { system: 'terraform', dir: 'infra/prod' },
          ],
        }).length,
        1,
      );
    });
    it('and the folder as a target is not counted again', () => {
      assert.equal(
        tf({ findings: change, contexts: [{ system: 'terraform', dir: 'infra/prod' }], targets: [{ kind: 'path', name: 'infra/prod', op: 'modify' }] }).length,
        1,
      );
    });
    for (const [what, over] of [
      ['a read-only run (terraform plan)', { readOnly: true, findings: change, contexts: [{ system: 'terraform', dir: 'infra/prod' }] }],
      ['a run with only targeted findings', { findings: [finding({ class: 'targeted-patch' })], contexts: [{ system: 'terraform', dir: 'infra/prod' }] }],
      ['a run with only read-only findings', { findings: [finding({ class: 'read-only' })], contexts: [{ system: 'terraform', dir: 'infra/prod' }] }],
      ['findings without a class', { findings: [finding()], contexts: [{ system: 'terraform', dir: 'infra/prod' }] }],
      ['kubectl in the folder', { findings: change, contexts: [{ system: 'kube', dir: 'infra/prod' }] }],
      ['terraform without a folder', { findings: change, contexts: [{ system: 'terraform' }] }],
      ['terraform in another folder', { findings: change, contexts: [{ system: 'terraform', dir: 'infra/staging' }] }],
    ] as [string, Partial<Analysis>][]) {
      it(`not for ${what}`, () => assert.deepEqual(tf(over), []));
    }
  });
});

describe('policy: rules pick a requirement', () => {
  const rules = (rs: PolicyInput['rules']): ResolvedPolicy => resolvePolicy({ rules: rs });
  const shell = (command: string): Action => ({ kind: 'shell', command });
  const pick = (p: ResolvedPolicy, action: Action, findings: Finding[] = []) => matchPolicyRules(action, findings, p)?.id;
  const p = rules([
    { id: 'by-kind', when: { kind: 'sql' }, then: 'confirm' },
    { id: 'by-rule', when: { rule: 'terraform.*' }, then: 'typed-confirm' },
    { id: 'by-tool', when: { tool: 'mcp__db__*' }, then: 'confirm' },
    { id: 'by-path', when: { path: 'secrets/**' }, then: 'peer-review' },
    { id: 'by-command', when: { command: '^docker compose down' }, then: 'confirm' },
    { id: 'by-two', when: { kind: 'shell', rule: 'shell.rm-*' }, then: 'typed-confirm' },
  ]);
  const cases: [string, Action, Finding[], string | undefined][] = [
    ['kind', { kind: 'sql', statement: 'select 1' }, [], 'by-kind'],
    ['a finding id by glob', { kind: 'terraformPlan', plan: {} }, [finding({ rule: 'terraform.replace-stateful' })], 'by-rule'],
    ['no finding of that id', { kind: 'terraformPlan', plan: {} }, [finding({ rule: 'shell.x' })], undefined],
    ['a tool call by glob', { kind: 'toolCall', tool: 'mcp__db__query', input: {} }, [], 'by-tool'],
    ['a tool name on an action that is not a tool call', shell('mcp__db__query'), [], undefined],
    ['another tool', { kind: 'toolCall', tool: 'mcp__fs__read', input: {} }, [], undefined],
    ['a written file by path', { kind: 'fileWrite', path: '/repo/secrets/key.pem', content: 'x' }, [], 'by-path'],
    ['an edited file by path', { kind: 'fileEdit', path: 'secrets/a', diff: '' }, [], 'by-path'],
    ['one of several deleted files', { kind: 'fileDelete', paths: ['README.md', 'secrets/b'] }, [], 'by-path'],
    ['a file outside the path', { kind: 'fileDelete', paths: ['README.md'] }, [], undefined],
    ['a shell command by regex', shell('docker compose down -v'), [], 'by-command'],
    ['the regex is anchored as written', shell('echo docker compose down'), [], undefined],
    ['all conditions must hold: kind and finding', shell('rm -rf x'), [finding({ rule: 'shell.rm-recursive' })], 'by-two'],
    ['all conditions must hold: the finding is missing', shell('rm -rf x'), [finding({ rule: 'shell.other' })], undefined],
    ['all conditions must hold: the kind is wrong', { kind: 'sql', statement: 'x' }, [finding({ rule: 'shell.rm-recursive' })], 'by-kind'],
  ];
  for (const [what, action, findings, want] of cases) it(`${what}: ${want ?? 'no rule'}`, () => assert.equal(pick(p, action, findings), want));

  it('the command pattern reads the SQL statement, the plan text and the tool name', () => {
    const q = rules([
      { id: 'sql', when: { command: 'DROP TABLE' }, then: 'deny' },
      { id: 'plan', when: { command: 'destroy the stack' }, then: 'deny' },
      { id: 'tool', when: { command: '^mcp__x' }, then: 'deny' },
    ]);
    assert.equal(pick(q, { kind: 'sql', statement: 'DROP TABLE users' }), 'sql');
    assert.equal(pick(q, { kind: 'plan', text: 'First, destroy the stack.' }), 'plan');
    assert.equal(pick(q, { kind: 'toolCall', tool: 'mcp__x__y', input: {} }), 'tool');
    assert.equal(pick(q, { kind: 'fileWrite', path: 'DROP TABLE', content: 'destroy the stack' }), undefined, 'a file has no command text');
  });

  it('an action without command text or paths: an empty text, no paths', () => {
    const q = rules([{ id: 'empty-text', when: { command: '^$' }, then: 'confirm' }]);
    assert.equal(pick(q, { kind: 'fileWrite', path: 'a', content: 'b' }), 'empty-text', 'a file write has no command text: the empty text');
    assert.equal(pick(q, shell('ls')), undefined);
    const r = rules([{ id: 'any-path', when: { path: '**' }, then: 'confirm' }]);
    assert.equal(pick(r, shell('rm -rf /')), undefined, 'a shell command names no paths for a path rule');
    assert.equal(pick(r, { kind: 'fileWrite', path: 'a', content: 'b' }), 'any-path');
  });

  it('a deny rule wins over an earlier one; otherwise the first that matches', () => {
    const q = rules([
      { id: 'first', when: { kind: 'shell' }, then: 'confirm' },
      { id: 'second', when: { kind: 'shell' }, then: 'typed-confirm' },
      { id: 'never', when: { command: '^rm' }, then: 'deny' },
    ]);
    assert.equal(pick(q, shell('ls')), 'first');
    assert.equal(pick(q, shell('rm -rf x')), 'never');
    assert.equal(matchPolicyRules(shell('ls'), [], resolvePolicy({})), undefined);
  });

  it('a pattern that does not compile matches everything rather than switch its rule off', () => {
    // The schema refuses such a policy; this is the engine's last line should one get through.
    const q: ResolvedPolicy = { ...resolvePolicy({}), rules: [{ id: 'broken', when: { command: '(' }, then: 'deny' }] };
    assert.equal(pick(q, shell('echo anything')), 'broken');
  });
});
