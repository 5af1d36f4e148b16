// End to end: the built CLI (`BR_DIST`), a real repository, a temporary HOME with a kubeconfig.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, fixtures } from '../../helpers';
import { commitAll, hashTree, initRepo, removeTree, tempDir, writeTree } from './tree';

describe('facts: blast-radius assess end to end', function () {
  this.timeout(60_000);
  let root: string;
  let repo: string;
  let home: string;
  let fingerprint: string;

  before(() => {
    root = tempDir();
    repo = join(root, 'repo');
    home = join(root, 'home');
    initRepo(repo);
    writeTree(repo, { '.gitignore': 'build/\n', 'src/app.ts': 'export {};\n' });
    commitAll(repo);
    const untracked: Record<string, string> = {};
    for (let i = 0; i < 7; i++) untracked[`data/part-${i}.csv`] = `${i}\n`;
    writeTree(repo, { 'build/app.js': 'x', 'build/app.js.map': '{}', ...untracked });
    writeTree(root, { 'shared/volume/keep.db': 'db' });
    symlinkSync(join(root, 'shared', 'volume'), join(repo, 'link-to-outside'));
    writeTree(home, {
      '.kube/config': 'current-context: prod-cn-north-1\ncontexts:\n- name: prod-cn-north-1\n  context: {cluster: eks-prod, namespace: payments}\n',
    });
    fingerprint = hashTree(root);
  });
  after(() => {
    assert.equal(hashTree(root), fingerprint, 'assess changed the tree');
    removeTree(root);
  });

  const run = (args: string[]) => {
    const env = { PATH: process.env.PATH ?? '', HOME: home, NO_COLOR: '1' };
    const r = spawnSync(process.execPath, [CLI, 'assess', '--cwd', repo, ...args], { env, encoding: 'utf8' });
    return r;
  };
  type AssessedWithFacts = {
    assessment: { level: string; findings: { rule: string; message: string }[]; scope: { files?: number } };
    facts: { notes?: string[]; incomplete?: string[]; paths?: Record<string, { git?: Record<string, number> }> };
  };
  // A generous budget: the default 150 ms holds on an idle machine, not on a loaded CI runner.
  const assessJson = (command: string, extra: string[] = []) => {
    const r = run(['--facts-json', '--facts-budget', '10000', ...extra, '--', command]);
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as AssessedWithFacts;
  };

  const cases: { command: string; levels: string[]; rule?: string; note?: RegExp }[] = [
    { command: 'rm -rf build', levels: ['low', 'medium'], note: /deletes 2 files .* 2 ignored build output \(regenerable\)/ },
    { command: 'rm -rf data', levels: ['high'], rule: 'facts.data-loss', note: /deletes 7 files .* 7 untracked, cannot be recovered/ },
    { command: 'rm -rf link-to-outside', levels: ['high'], rule: 'facts.symlink-outside', note: /symlink to .*shared\/volume \(outside the workspace/ },
    { command: 'git clean -fdx', levels: ['high'], rule: 'facts.git-clean-loses', note: /the repository holds 8 untracked files .*, 2 ignored files/ },
  ];
  for (const c of cases) {
    it(`${c.command} → ${c.levels.join(' or ')}`, () => {
      const { assessment: a, facts } = assessJson(c.command);
      const trail = a.findings.map((f) => `${f.rule}: ${f.message}`).join(' | ');
      assert.ok(c.levels.includes(a.level), `${c.command}: ${a.level} (${trail})`);
      if (c.rule)
        assert.ok(
          a.findings.some((f) => f.rule === c.rule),
          `${c.command}: no ${c.rule} in ${trail}`,
        );
      if (c.note)
        assert.ok(
          facts.notes?.some((n) => c.note!.test(n)),
          `${c.command}: ${JSON.stringify(facts.notes)}`,
        );
    });
  }

  it('git clean -fdx names how many untracked files it loses', () => {
    const { assessment: a } = assessJson('git clean -fdx');
    // 7 data files + the link itself (git clean removes the link, not what it points to).
    assert.ok(
      a.findings.some((f) => f.rule === 'facts.git-clean-loses' && /removes 8 untracked files/.test(f.message)),
      JSON.stringify(a.findings),
    );
    assert.equal(a.scope.files, 10);
  });

  it('kubectl delete ns with the live prod context is aimed at prod', () => {
    const withFacts = assessJson('kubectl delete ns payments');
    const a = withFacts.assessment as unknown as { level: string; environment: { name: string; evidence: string[] }; findings: { rule: string }[] };
    assert.equal(a.level, 'critical');
    assert.equal(a.environment.name, 'prod');
    assert.ok(a.environment.evidence.includes('kube context prod-cn-north-1'), JSON.stringify(a.environment));
    assert.ok(
      a.findings.some((f) => f.rule === 'env.prod'),
      JSON.stringify(a.findings),
    );
    assert.ok(
      withFacts.facts.notes?.includes('kube context prod-cn-north-1 → prod (namespace payments, cluster eks-prod)'),
      JSON.stringify(withFacts.facts.notes),
    );
    const without = JSON.parse(run(['--json', '--no-facts', '--', 'kubectl delete ns payments']).stdout) as { environment: { name: string } };
    assert.equal(without.environment.name, 'unknown');
  });

  it('kubectl delete deployment is raised a level by the live prod context', () => {
    const withFacts = assessJson('kubectl delete deployment web').assessment.level;
    const without = (JSON.parse(run(['--json', '--no-facts', '--', 'kubectl delete deployment web']).stdout) as { level: string }).level;
    const order = ['low', 'medium', 'high', 'critical'];
    assert.equal(order.indexOf(withFacts), order.indexOf(without) + 1, `${without} → ${withFacts}`);
  });

  it('an explicit --context that is not prod is not raised by the live one', () => {
    const a = assessJson('kubectl --context dev-kind delete deployment web').assessment as unknown as { environment: { name: string } };
    assert.notEqual(a.environment.name, 'prod');
  });

  it('terraform apply PLANFILE is assessed from the JSON next to it, and says so when there is none', () => {
    const dir = join(root, 'tf');
    writeTree(dir, {
      'plan.out': 'PK binary',
      'plan.out.json': readFileSync(fixtures('facts', 'delete-plan.json'), 'utf8'),
      'other.out': 'PK binary',
      '.terraform/environment': 'prod',
    });
    fingerprint = hashTree(root);
    const env = { PATH: process.env.PATH ?? '', HOME: home };
    const found = JSON.parse(
      spawnSync(process.execPath, [CLI, 'assess', '--cwd', dir, '--facts-json', '--facts-budget', '10000', '--', 'terraform apply plan.out'], {
        env,
        encoding: 'utf8',
      }).stdout,
    ) as AssessedWithFacts;
    assert.ok(
      found.assessment.findings.some((f) => f.rule === 'terraform.delete-stateful'),
      JSON.stringify(found.assessment.findings),
    );
    assert.equal(found.assessment.level, 'critical', 'a bucket delete in the prod workspace');
    assert.ok(found.facts.notes?.includes('terraform apply plan.out: assessed the plan from plan.out.json'), JSON.stringify(found.facts.notes));
    const missing = JSON.parse(
      spawnSync(process.execPath, [CLI, 'assess', '--cwd', dir, '--facts-json', '--facts-budget', '10000', '--', 'tofu apply other.out'], {
        env,
        encoding: 'utf8',
      }).stdout,
    ) as AssessedWithFacts;
    assert.ok(
      missing.facts.incomplete?.some((i) => /other\.out is binary and no JSON of it lies next to it/.test(i)),
      JSON.stringify(missing.facts),
    );
  });

  it('the AWS profile from AWS_PROFILE and ~/.aws/config names the environment', () => {
    writeTree(home, { '.aws/config': '[profile prod-admin]\nregion = eu-west-1\n' });
    fingerprint = hashTree(root);
    const env = { PATH: process.env.PATH ?? '', HOME: home, AWS_PROFILE: 'prod-admin' };
    const r = JSON.parse(
      spawnSync(process.execPath, [CLI, 'assess', '--cwd', repo, '--facts-json', '--facts-budget', '10000', '--', 'aws s3 rb s3://reports --force'], {
        env,
        encoding: 'utf8',
      }).stdout,
    ) as AssessedWithFacts;
    assert.equal((r.assessment as unknown as { environment: { name: string } }).environment.name, 'prod');
    assert.ok(r.facts.notes?.includes('AWS profile prod-admin → prod (region eu-west-1)'), JSON.stringify(r.facts.notes));
  });

  it('the readable report shows the facts in plain words', () => {
    const r = run(['--facts-budget', '10000', '--', 'rm -rf data']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /fact: deletes 7 files \(14 B\) in .*\/data — 7 untracked, cannot be recovered/);
    assert.match(r.stdout, /fact: branch main \(protected\) \(no remote\)/);
  });

  it('--facts-budget must be a number', () => {
    const r = run(['--facts-budget', 'soon', '--', 'ls']);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--facts-budget must be a number/);
  });

  it('--no-facts leaves the machine alone and the analysis as written', () => {
    const r = run(['--json', '--no-facts', '--', 'rm -rf build']);
    const a = JSON.parse(r.stdout) as { findings: { rule: string }[] };
    assert.ok(!a.findings.some((f) => f.rule.startsWith('facts.')));
  });
});
