// Terraform plans: every real plan in the corpus (counts and level per worst action), plans derived
// from real ones (a resource's type, address or attributes changed to reach a rule), a generated
// 10,000-resource plan built from a real resource change, and garbage that must fail closed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assess, type Assessment, type Level } from '../../../src/engine';
import { readTerraformPlan } from '../../../src/engine/analyzers/terraform';
import { corporaDir, readJsonl } from '../../helpers';
import { bigPlan } from './plans';

interface TfRecord {
  file: string;
  format_version: string;
  worst_action: string;
  counts: Record<string, number>;
  extra?: { action_invocations?: number };
}

const dir = corporaDir();
const load = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const tf = (plan: unknown): Assessment => assess({ kind: 'terraformPlan', plan });
const rules = (a: Assessment): string[] => a.findings.map((f) => f.rule);
type Rc = { address: string; type: string; name: string; module_address?: string; change: { actions: string[]; before: unknown; after: unknown } };
const rcs = (plan: Record<string, unknown>): Rc[] => plan.resource_changes as Rc[];

/** The level decided for a plan whose worst action is this, with no stateful resource in it. */
const LEVEL_OF_WORST: Record<string, Level> = {
  none: 'low',
  'no-op': 'low',
  read: 'low',
  create: 'low',
  update: 'low',
  forget: 'low',
  delete: 'medium',
  replace: 'medium',
};

describe('terraform: the real plans in the corpus', () => {
  const records = readJsonl<TfRecord>(join(dir, 'terraform', 'index.jsonl'));
  it('covers every format version from 0.1 to 1.2', () => {
    assert.deepEqual([...new Set(records.map((r) => r.format_version))].sort(), ['0.1', '0.2', '1.0', '1.1', '1.2']);
  });
  for (const r of records) {
    // Provider actions run code the plan does not describe: medium whatever the resources do.
    const invokes = (r.extra?.action_invocations ?? 0) > 0;
    const want: Level = invokes ? 'medium' : LEVEL_OF_WORST[r.worst_action]!;
    it(`${r.file}: counts ${JSON.stringify(r.counts)}, worst ${r.worst_action}${invokes ? ' + action invocations' : ''} → ${want}`, () => {
      const plan = load(r.file);
      const read = readTerraformPlan(plan);
      assert.ok(read.ok, `${r.file} did not read`);
      assert.deepEqual(read.reading.actionCounts, r.counts, `${r.file}: action counts`);
      assert.equal(read.reading.formatVersion, r.format_version, `${r.file}: format_version`);
      const a = tf(plan);
      assert.equal(a.level, want, `${r.file}: level (${a.summary}; ${rules(a).join(', ')})`);
      const touched = Object.entries(r.counts)
        .filter(([k]) => k !== 'no-op' && k !== 'read')
        .reduce((s, [, n]) => s + n, 0);
      assert.equal(a.scope.resources ?? 0, touched, `${r.file}: resources counted`);
      if (['none', 'no-op', 'read'].includes(r.worst_action)) assert.equal(a.class, invokes ? 'broad-change' : 'read-only', `${r.file}: class`);
      if (invokes) assert.ok(rules(a).includes('terraform.action-invocation'), `${r.file}: ${rules(a).join()}`);
      if (r.worst_action === 'delete' || r.worst_action === 'replace') assert.equal(a.class, 'destructive', `${r.file}: class`);
      if (r.worst_action === 'create') assert.match(a.summary, /^Creates \d+ resources?$/, `${r.file}: summary`);
    });
  }
});

describe('terraform: rules on plans derived from real ones', () => {
  const deletePlan = load('terraform/tfpf__tests__data__plans__delete__terraform.tfplan.json');
  const replacePlan = load('terraform/tfpf__tests__data__plans__delete-create__terraform.tfplan.json');
  const updatePlan = load('terraform/tfpf__tests__data__plans__update__terraform.tfplan.json');
  const threePlan = load('terraform/tfpc__tests__fixtures__basic__2-delete__plan.json');

  it('a stateful delete is high and irreversible', () => {
    const p = clone(deletePlan);
    Object.assign(rcs(p)[0]!, { type: 'aws_db_instance', address: 'aws_db_instance.main' });
    const a = tf(p);
    assert.equal(a.level, 'high');
    assert.equal(a.reversibility, 'irreversible');
    assert.ok(rules(a).includes('terraform.delete-stateful'), rules(a).join());
    assert.equal(a.scope.statefulResources, 1);
    assert.equal(a.summary, 'Destroys 1 resource, a database');
    assert.equal(a.confirmTarget, 'aws_db_instance.main');
  });

  it('a stateful delete in a module named prod is a critical teardown', () => {
    const p = clone(deletePlan);
    Object.assign(rcs(p)[0]!, { type: 'aws_rds_cluster', address: 'module.prod.aws_rds_cluster.main', module_address: 'module.prod' });
    const a = tf(p);
    assert.equal(a.level, 'critical');
    assert.equal(a.class, 'environment-teardown');
    assert.equal(a.environment.name, 'prod');
    assert.ok(rules(a).includes('terraform.teardown'), rules(a).join());
  });

  it('targets: destroyed data first, and stateful resources that only change are targets too', () => {
    const p = clone(threePlan);
    const [a0, a1, a2] = rcs(p);
    Object.assign(a0!, { type: 'aws_instance', address: 'aws_instance.web' });
    Object.assign(a1!, { type: 'aws_s3_bucket', address: 'aws_s3_bucket.logs' });
    Object.assign(a2!, { type: 'aws_db_instance', address: 'aws_db_instance.main' });
    a1!.change.actions = ['delete'];
    a2!.change.actions = ['update'];
    const names = tf(p).scope.targets.map((t) => `${t.name}:${t.op}`);
    assert.deepEqual(names, ['aws_s3_bucket.logs:delete', 'aws_instance.web:delete', 'aws_db_instance.main:modify']);
  });

  it('a replaced bucket is replace-stateful and the summary names it', () => {
    const p = clone(replacePlan);
    Object.assign(rcs(p)[0]!, { type: 'aws_s3_bucket', address: 'aws_s3_bucket.assets' });
    const a = tf(p);
    assert.equal(a.level, 'high');
    assert.ok(rules(a).includes('terraform.replace-stateful'), rules(a).join());
    assert.match(a.summary, /^Destroys and recreates 1 resource, a bucket/);
  });

  it('action_reason and replace_paths are in the evidence', () => {
    const a = tf(load('terraform/tfpc__tests__fixtures__basic__1-modify__plan.json'));
    const f = a.findings.find((x) => x.rule === 'terraform.replace');
    assert.ok(f, rules(a).join());
    assert.match(f.evidence, /replace_because_cannot_update; forced by content/);
  });

  it('destroying every resource of a plan is a teardown', () => {
    const p = clone(threePlan);
    for (const rc of rcs(p)) rc.change.actions = ['delete'];
    const a = tf(p);
    assert.equal(a.class, 'environment-teardown', rules(a).join());
    assert.equal(a.level, 'high');
    assert.equal(a.reversibility, 'recoverable');
  });

  for (const type of ['azurerm_resource_group', 'google_project', 'kubernetes_namespace', 'aws_eks_cluster']) {
    it(`deleting a ${type} (everything inside goes too) is a teardown`, () => {
      const p = clone(deletePlan);
      Object.assign(rcs(p)[0]!, { type, address: `${type}.main` });
      const a = tf(p);
      assert.equal(a.class, 'environment-teardown', `${type}: ${rules(a).join()}`);
      assert.ok(rules(a).includes('terraform.teardown'));
      assert.equal(a.confirmTarget, `${type}.main`);
    });
  }

  it('destroying 2 of 3 plain resources stays destructive', () => {
    const a = tf(threePlan);
    assert.equal(a.class, 'destructive');
    assert.equal(a.level, 'medium');
  });

  const protections: [string, unknown, unknown][] = [
    ['deletion_protection', true, false],
    ['force_destroy', false, true],
    ['skip_final_snapshot', false, true],
    ['deletion_protection_enabled', true, false],
  ];
  for (const [attr, from, to] of protections) {
    it(`${attr}: ${String(from)} → ${String(to)} in an update is terraform.protection-removed`, () => {
      const p = clone(updatePlan);
      const rc = rcs(p)[0]!;
      Object.assign(rc, { type: 'aws_db_instance', address: 'aws_db_instance.main' });
      (rc.change.before as Record<string, unknown>)[attr] = from;
      (rc.change.after as Record<string, unknown>)[attr] = to;
      const a = tf(p);
      assert.ok(rules(a).includes('terraform.protection-removed'), `${attr}: ${rules(a).join()}`);
      assert.equal(a.level, 'high');
    });
  }

  it('turning protection on is not a finding', () => {
    const p = clone(updatePlan);
    const rc = rcs(p)[0]!;
    (rc.change.before as Record<string, unknown>).deletion_protection = false;
    (rc.change.after as Record<string, unknown>).deletion_protection = true;
    assert.equal(tf(p).level, 'low');
  });

  it('many updates are a broad change', () => {
    const p = clone(updatePlan);
    const one = rcs(p)[0]!;
    p.resource_changes = Array.from({ length: 12 }, (_, i) => ({ ...clone(one), address: `terraform_data.u${i}`, name: `u${i}` }));
    const a = tf(p);
    assert.equal(a.class, 'broad-change');
    assert.equal(a.level, 'medium');
    assert.ok(rules(a).includes('terraform.many-updates'));
  });

  it('an environment-named variable is an environment hint', () => {
    const p = clone(deletePlan);
    p.variables = { environment: { value: 'production' } };
    Object.assign(rcs(p)[0]!, { type: 'aws_dynamodb_table', address: 'aws_dynamodb_table.orders' });
    const a = tf(p);
    assert.equal(a.environment.name, 'prod');
    assert.equal(a.level, 'critical');
  });

  it('prevent_destroy visible in the configuration is reported', () => {
    const p = clone(deletePlan);
    p.configuration = { root_module: { resources: [{ address: 'terraform_data.foo-bar', lifecycle: { prevent_destroy: true } }] } };
    assert.ok(rules(tf(p)).includes('terraform.prevent-destroy'));
  });

  it('a plan as JSON text reads the same as the object', () => {
    const text = readFileSync(join(dir, 'terraform/tfpc__tests__fixtures__basic__1-modify__plan.json'), 'utf8');
    const a = tf(text);
    const b = tf(JSON.parse(text));
    assert.equal(a.level, b.level);
    assert.deepEqual(rules(a), rules(b));
  });

  it('deferred changes are reported and make the counts a lower bound', () => {
    const p = clone(updatePlan);
    p.deferred_changes = [{ reason: 'provider_config_unknown', resource_change: { address: 'aws_instance.later', change: { actions: ['create'] } } }];
    const a = tf(p);
    assert.ok(rules(a).includes('terraform.deferred'), rules(a).join());
    assert.equal(a.scope.atLeast, true);
  });

  it('format_version 2.x is flagged as unknown', () => {
    const p = clone(deletePlan);
    p.format_version = '2.0';
    assert.ok(rules(tf(p)).includes('terraform.unknown-format'));
  });
});

describe('terraform: a generated 10,000-resource plan', () => {
  const plan = bigPlan(10_000);
  it('counts every resource and names its databases', () => {
    const a = tf(plan);
    assert.equal(a.scope.resources, 10_000);
    assert.equal(a.scope.statefulResources, 2_000);
    assert.equal(a.class, 'environment-teardown');
    assert.equal(a.level, 'critical');
    assert.match(a.summary, /^Destroys and recreates 5000 resources, 1000 of them databases; destroys 5000 resources, 1000 of them databases/);
    assert.ok(a.findings.length < 20, `findings are aggregated (${a.findings.length})`);
    assert.ok(a.scope.targets.length <= 50);
  });
});

describe('terraform: garbage fails closed', () => {
  const raw = readFileSync(join(dir, 'terraform/tfjson__testdata__basic__plan.json'), 'utf8');
  const cases: [string, unknown, string][] = [
    ['null', null, 'terraform.unreadable-plan'],
    ['a number', 42, 'terraform.unreadable-plan'],
    ['an empty string', '', 'terraform.unreadable-plan'],
    ['an array', [{ resource_changes: [] }], 'terraform.unreadable-plan'],
    ['an empty object', {}, 'terraform.unreadable-plan'],
    ['truncated JSON text', raw.slice(0, raw.length / 2), 'terraform.unreadable-plan'],
    ['binary junk', '\u0000\u00ff\u00fe\u0001PK\u0003\u0004', 'terraform.unreadable-plan'],
    ['resource_changes as an object', { format_version: '1.2', resource_changes: { a: 1 } }, 'terraform.unreadable-plan'],
    ['a state instead of a plan', { format_version: '1.0', values: { root_module: {} } }, 'terraform.unreadable-plan'],
    [
      'bad entries',
      { format_version: '1.2', resource_changes: [null, 1, 'x', { address: 'a.b', change: { actions: 'delete' } }, { change: { actions: [1] } }] },
      'terraform.unreadable-change',
    ],
  ];
  for (const [name, plan, rule] of cases) {
    it(`${name} → ${rule}, high`, () => {
      const a = tf(plan);
      assert.ok(rules(a).includes(rule), `${name}: ${rules(a).join()}`);
      assert.equal(a.level, 'high', name);
    });
  }
  it('an unknown action list is a medium finding, not a crash', () => {
    const a = tf({ format_version: '1.2', resource_changes: [{ address: 'x.y', type: 'x', change: { actions: ['create', 'forget'] } }] });
    assert.ok(rules(a).includes('terraform.unknown-action'), rules(a).join());
  });
});
