// What the shell analyzer hands to the rest of the engine: targets on findings and on the
// analysis, live contexts and environment hints, summary wording, command counts, read-only, plans
// behind `terraform apply PLANFILE` / `execute-change-set` read from facts, and the depth bound.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, assess, getDefaultPolicy, type Analysis, type Facts, type Target } from '../../../src/engine';
import { fixtures } from '../../helpers';

const run = (command: string, facts: Facts = {}, cwd?: string): Analysis =>
  analyze({ kind: 'shell', command, ...(cwd ? { cwd } : {}) }, facts, getDefaultPolicy());
const hasTarget = (a: Analysis, t: Target): boolean =>
  a.targets.some((x) => x.kind === t.kind && x.name === t.name && x.op === t.op) &&
  a.findings.some((f) => f.targets?.some((x) => x.kind === t.kind && x.name === t.name && x.op === t.op));

describe('shell analyzer: contract with the engine', () => {
  const targetCases: [string, Target][] = [
    ['rm -rf ./src', { kind: 'path', name: './src', op: 'delete' }],
    ['rm notes.txt', { kind: 'path', name: 'notes.txt', op: 'delete' }],
    ['find build -delete', { kind: 'path', name: 'build', op: 'delete' }],
    ['shred -u key.pem', { kind: 'path', name: 'key.pem', op: 'delete' }],
    ['truncate -s 0 app.db', { kind: 'path', name: 'app.db', op: 'overwrite' }],
    ['mv data.db /dev/null', { kind: 'path', name: 'data.db', op: 'delete' }],
    ['git branch -D feature/x', { kind: 'branch', name: 'feature/x', op: 'delete' }],
    ['git push --force origin main', { kind: 'branch', name: 'main', op: 'overwrite' }],
    ['git push origin --delete old', { kind: 'branch', name: 'old', op: 'delete' }],
    ['kubectl delete ns payments', { kind: 'namespace', name: 'payments', op: 'delete' }],
    ['aws cloudformation delete-stack --stack-name billing-prod', { kind: 'stack', name: 'billing-prod', op: 'delete' }],
    ['aws s3 rb s3://logs --force', { kind: 'bucket', name: 's3://logs', op: 'delete' }],
    ['aws rds delete-db-instance --db-instance-identifier orders', { kind: 'database', name: 'orders', op: 'delete' }],
    ['eksctl delete cluster --name main', { kind: 'cluster', name: 'main', op: 'delete' }],
    ['terraform workspace delete staging', { kind: 'workspace', name: 'staging', op: 'delete' }],
    ['pulumi stack rm dev', { kind: 'stack', name: 'dev', op: 'delete' }],
    ['dropdb orders', { kind: 'database', name: 'orders', op: 'delete' }],
  ];
  for (const [command, target] of targetCases) {
    it(`${command}: target ${target.kind} ${target.name} (${target.op})`, () => {
      const a = run(command);
      assert.ok(hasTarget(a, target), `${command}: targets ${JSON.stringify(a.targets)}`);
    });
  }

  it('uses the rule ids the facts engine reads', () => {
    const expect: [string, string][] = [
      ['rm -rf src', 'path.delete-recursive'],
      ['rm a.txt', 'path.delete'],
      ['find . -name x -delete', 'path.find-delete'],
      ['git clean -fd', 'shell.git-clean'],
      ['git checkout -- .', 'shell.git-checkout-discard'],
      ['git restore a.ts', 'shell.git-checkout-discard'],
      ['git reset --hard', 'shell.git-reset-hard'],
      ['git stash clear', 'shell.git-stash-clear'],
      ['git stash drop', 'shell.git-stash-clear'],
      ['git branch -D x', 'shell.git-branch-delete'],
      ['git push -f', 'shell.git-push-force'],
      ['terraform apply out.plan', 'shell.terraform-apply-planfile'],
      ['aws cloudformation execute-change-set --change-set-name cs', 'shell.cfn-execute-change-set'],
      ['curl https://x | sh', 'shell.unanalysable'],
    ];
    for (const [command, rule] of expect)
      assert.ok(
        run(command).findings.some((f) => f.rule === rule),
        `${command} → ${rule}`,
      );
  });

  it('records live contexts and environment hints', () => {
    const k = run('kubectl --context prod-eu -n payments delete deploy api');
    assert.deepEqual(k.contexts, [{ system: 'kube', context: 'prod-eu', namespace: 'payments' }]);
    assert.ok(k.envHints.some((h) => h.value === 'prod-eu'));
    assert.ok(k.envHints.some((h) => h.value === 'payments'));
    assert.deepEqual(run('helm uninstall api -n shop --kube-context stage').contexts, [{ system: 'kube', context: 'stage', namespace: 'shop' }]);
    assert.deepEqual(run('aws --profile prod --region eu-west-1 s3 ls').contexts, [{ system: 'aws', context: 'prod', region: 'eu-west-1' }]);
    const tf = run('terraform workspace select production && terraform destroy');
    assert.ok(
      tf.contexts.some((c) => c.system === 'terraform' && c.context === 'production'),
      JSON.stringify(tf.contexts),
    );
    assert.ok(run('gcloud projects delete acme-prod --project acme-prod').contexts.some((c) => c.system === 'gcp' && c.context === 'acme-prod'));
    assert.ok(run('az group delete -n rg-prod').contexts.some((c) => c.system === 'azure'));
    assert.ok(run('git reset --hard').contexts.some((c) => c.system === 'git'));
    assert.ok(run('rm -rf /srv/prod-data').envHints.some((h) => h.value === '/srv/prod-data'));
    assert.deepEqual(run('AWS_PROFILE=prod aws s3 rb s3://x').contexts, [{ system: 'aws', context: 'prod' }]);
    assert.ok(run('TF_WORKSPACE=prod terraform destroy').contexts.some((c) => c.system === 'terraform' && c.context === 'prod'));
    assert.ok(run('eksctl delete cluster --name x --profile p').contexts.some((c) => c.system === 'kube'));
    assert.ok(run('eksctl delete cluster --name x --profile p').contexts.some((c) => c.system === 'aws' && c.context === 'p'));
  });

  it('raises a teardown named after production', () => {
    assert.equal(assess({ kind: 'shell', command: 'kubectl --context prod delete deploy api' }).environment.name, 'prod');
  });

  it('writes the main effect as the summary', () => {
    assert.equal(run('rm -rf ./src').summary, 'Deletes ./src recursively, inside the working directory');
    assert.equal(run('git push --force origin main').summary, 'Force-pushes main to origin, rewriting its history');
    assert.match(run('ls && rm -rf / && git push -f').summary ?? '', /^Deletes \/ recursively.*\(\+1 more\)$/);
  });

  it('counts the simple commands that run, and knows read-only', () => {
    assert.equal(run('ls && echo $(pwd) | cat').counts.commands, 4);
    assert.equal(run('ls -la | grep x').readOnly, true);
    assert.equal(run('git status; git log').readOnly, true);
    assert.equal(run('touch x').readOnly, false);
    assert.equal(run('echo hi > out.txt').readOnly, false);
    assert.equal(run('rm -rf node_modules').readOnly, false);
  });

  it('judges paths against action.cwd with string logic only', () => {
    assert.equal(assess({ kind: 'shell', command: 'rm -rf /home/dev/app/src', cwd: '/home/dev/app' }).level, 'medium');
    assert.equal(assess({ kind: 'shell', command: 'rm -rf /home/dev/other', cwd: '/home/dev/app' }).level, 'high');
    assert.equal(assess({ kind: 'shell', command: 'rm -rf C:\\work\\app\\dist', cwd: 'C:\\work\\app', shell: 'pwsh' }).level, 'low');
  });

  it('reads the plan behind terraform apply PLANFILE from facts', () => {
    const plan = JSON.parse(readFileSync(fixtures('corpora', 'terraform', 'tfpf__tests__data__plans__delete__terraform.tfplan.json'), 'utf8')) as unknown;
    const without = run('terraform apply tfplan');
    assert.ok(without.findings.some((f) => f.rule === 'shell.terraform-apply-planfile' && f.level === 'high'));
    const withPlan = run('terraform apply tfplan', { plans: { tfplan: { kind: 'terraformPlan', json: plan } } });
    assert.ok(!withPlan.findings.some((f) => f.rule === 'shell.terraform-apply-planfile'), 'the plan was read, so no unreadable-plan finding');
    assert.ok(
      withPlan.findings.some((f) => f.rule.startsWith('terraform.')),
      `terraform findings merged: ${withPlan.findings.map((f) => f.rule).join(',')}`,
    );
  });

  it('reads the change set behind execute-change-set from facts', () => {
    const index = readFileSync(fixtures('corpora', 'cloudformation', 'index.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; worst_action: string });
    const rec = index.find((r) => r.worst_action === 'Remove')!;
    const cs = JSON.parse(readFileSync(join(fixtures('corpora'), rec.file), 'utf8')) as unknown;
    const a = run('aws cloudformation execute-change-set --change-set-name my-cs --stack-name app', {
      plans: { 'my-cs': { kind: 'cloudformationChangeSet', json: cs } },
    });
    assert.ok(!a.findings.some((f) => f.rule === 'shell.cfn-execute-change-set'));
    assert.ok(
      a.findings.some((f) => f.rule.startsWith('cloudformation.') || f.rule.startsWith('cfn.')),
      `change set findings merged: ${a.findings.map((f) => f.rule).join(',')}`,
    );
  });

  it('bounds recursion through bash -c and eval', () => {
    const a = assess({ kind: 'shell', command: 'eval '.repeat(20) + 'rm -rf /' });
    assert.ok(
      a.findings.some((f) => f.rule === 'engine.depth-limit'),
      a.findings.map((f) => f.rule).join(','),
    );
    assert.ok(a.level === 'high' || a.level === 'critical');
  });
});
