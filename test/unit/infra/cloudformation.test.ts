// CloudFormation change sets: every real one in the corpus (counts, PolicyAction tallies, level per
// worst action), change sets derived from real ones to reach the stateful and environment rules,
// nested change sets, and garbage that must fail closed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assess, type Assessment, type Level } from '../../../src/engine';
import { readChangeSet } from '../../../src/engine/analyzers/cloudformation';
import { statefulCloudFormationType } from '../../../src/engine/stateful';
import { corporaDir, readJsonl } from '../../helpers';

interface CfnRecord {
  file: string;
  worst_action: string;
  counts: Record<string, number>;
  policy_actions?: Record<string, number>;
}
type Rc = { Action: string; ResourceType: string; LogicalResourceId: string; Replacement?: string; PolicyAction?: string };
type ChangeSet = Record<string, unknown> & { Changes: { ResourceChange: Rc }[] };

const dir = corporaDir();
const load = (file: string): ChangeSet => JSON.parse(readFileSync(join(dir, file), 'utf8')) as ChangeSet;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const cfn = (changeSet: unknown): Assessment => assess({ kind: 'cloudformationChangeSet', changeSet });
const rules = (a: Assessment): string[] => a.findings.map((f) => f.rule);

/** Levels decided per worst action: [lowest, highest]; a stateful Remove/replace is at least high. */
const LEVELS_OF_WORST: Record<string, [Level, Level]> = {
  none: ['low', 'low'],
  Add: ['low', 'low'],
  Modify: ['low', 'medium'],
  'Modify(replace)': ['medium', 'high'],
  Remove: ['medium', 'high'],
};
const rank = (l: Level): number => ['low', 'medium', 'high', 'critical'].indexOf(l);

describe('cloudformation: the real change sets in the corpus', () => {
  const records = readJsonl<CfnRecord>(join(dir, 'cloudformation', 'index.jsonl'));
  it('has all 255', () => assert.equal(records.length, 255));
  for (const r of records) {
    it(`${r.file}: ${r.worst_action} ${JSON.stringify(r.counts)}`, () => {
      const cs = load(r.file);
      const read = readChangeSet(cs);
      assert.ok(read.ok, `${r.file} did not read`);
      assert.deepEqual(read.reading.actionCounts, r.counts, `${r.file}: action counts`);
      assert.deepEqual(read.reading.policyActions, r.policy_actions ?? {}, `${r.file}: PolicyAction tallies`);
      const a = cfn(cs);
      const [lo, hi] = LEVELS_OF_WORST[r.worst_action]!;
      const statefulDestroyed = cs.Changes.some(
        (c) =>
          statefulCloudFormationType(c.ResourceChange.ResourceType) &&
          (c.ResourceChange.Action === 'Remove' || c.ResourceChange.Replacement === 'True') &&
          c.ResourceChange.PolicyAction !== 'Retain',
      );
      const min = statefulDestroyed ? 'high' : lo;
      assert.ok(rank(a.level) >= rank(min) && rank(a.level) <= rank(hi), `${r.file}: level ${a.level} not in ${min}..${hi} (${rules(a).join(', ')})`);
      if (r.worst_action === 'Remove' || r.worst_action === 'Modify(replace)')
        assert.ok(a.class === 'destructive' || a.class === 'environment-teardown', `${r.file}: class ${a.class}`);
      if (r.worst_action === 'none') assert.equal(a.class, 'read-only', `${r.file}: class`);
      if (r.worst_action !== 'none')
        assert.ok(
          a.scope.targets.some((t) => t.kind === 'stack'),
          `${r.file}: stack target`,
        );
      assert.ok(a.summary.length > 0);
    });
  }
});

describe('cloudformation: rules on change sets derived from real ones', () => {
  const removeOne = load('cloudformation/test_stacks__011.json');
  const replaceOne = load('cloudformation/test_changesets__004.json');

  it('removing a database is delete-stateful, high, irreversible', () => {
    const cs = clone(removeOne);
    Object.assign(cs.Changes[0]!.ResourceChange, { ResourceType: 'AWS::RDS::DBInstance', LogicalResourceId: 'OrdersDb' });
    const a = cfn(cs);
    assert.equal(a.level, 'high');
    assert.equal(a.reversibility, 'irreversible');
    assert.ok(rules(a).includes('cloudformation.delete-stateful'), rules(a).join());
  });

  it('removing a database from a stack named prod is a critical teardown', () => {
    const cs = clone(removeOne);
    cs.StackName = 'billing-prod';
    Object.assign(cs.Changes[0]!.ResourceChange, { ResourceType: 'AWS::DynamoDB::Table', LogicalResourceId: 'Orders' });
    const a = cfn(cs);
    assert.equal(a.level, 'critical');
    assert.equal(a.class, 'environment-teardown');
    assert.equal(a.environment.name, 'prod');
  });

  it('PolicyAction Retain keeps the resource: low', () => {
    const cs = clone(removeOne);
    for (const c of cs.Changes) Object.assign(c.ResourceChange, { ResourceType: 'AWS::S3::Bucket', PolicyAction: 'Retain' });
    const a = cfn(cs);
    assert.equal(a.level, 'low', rules(a).join());
    assert.ok(rules(a).includes('cloudformation.forget'));
  });

  it('PolicyAction Snapshot makes a stateful delete recoverable', () => {
    const cs = clone(removeOne);
    for (const c of cs.Changes) Object.assign(c.ResourceChange, { ResourceType: 'AWS::RDS::DBCluster', PolicyAction: 'Snapshot' });
    const a = cfn(cs);
    assert.equal(a.reversibility, 'recoverable');
    assert.equal(a.level, 'high');
  });

  it('Replacement Conditional is a possible replacement', () => {
    const cs = clone(replaceOne);
    cs.Changes[0]!.ResourceChange.Replacement = 'Conditional';
    const a = cfn(cs);
    assert.equal(a.level, 'medium');
    assert.match(a.summary, /^May destroy and recreate 1 resource/);
  });

  it('DeletionProtection true → false in a Modify (AWS writes the contexts as JSON text) is protection-removed', () => {
    const cs = clone(replaceOne);
    Object.assign(cs.Changes[0]!.ResourceChange, {
      ResourceType: 'AWS::RDS::DBCluster',
      Replacement: 'False',
      PolicyAction: undefined,
      BeforeContext: JSON.stringify({ Properties: { DeletionProtection: 'true', Engine: 'aurora-postgresql' } }),
      AfterContext: JSON.stringify({ Properties: { DeletionProtection: 'false', Engine: 'aurora-postgresql' } }),
    });
    const a = cfn(cs);
    assert.ok(rules(a).includes('cloudformation.protection-removed'), rules(a).join());
    assert.equal(a.level, 'high');
  });

  it('Dynamic is decided at run time: medium, unknown', () => {
    const cs = clone(replaceOne);
    cs.Changes[0]!.ResourceChange.Action = 'Dynamic';
    const a = cfn(cs);
    assert.ok(rules(a).includes('cloudformation.dynamic'));
    assert.equal(a.reversibility, 'unknown');
  });

  it('a list of change sets (parent and nested) is read as one, and removing a nested stack is a teardown', () => {
    const parent = clone(removeOne);
    parent.StackName = 'app';
    Object.assign(parent.Changes[0]!.ResourceChange, { ResourceType: 'AWS::CloudFormation::Stack', LogicalResourceId: 'DataStack' });
    const nested = clone(replaceOne);
    nested.StackName = 'app-DataStack-1';
    const a = cfn([parent, nested]);
    assert.ok(rules(a).includes('cloudformation.delete-nested-stack'), rules(a).join());
    assert.equal(a.class, 'environment-teardown');
    assert.ok(a.scope.targets.some((t) => t.kind === 'stack' && t.name === 'app-DataStack-1'));
  });
});

describe('cloudformation: garbage fails closed', () => {
  const raw = readFileSync(join(dir, 'cloudformation/test_changesets__004.json'), 'utf8');
  const cases: [string, unknown, string][] = [
    ['null', null, 'cloudformation.unreadable-change-set'],
    ['a string that is not JSON', 'hello', 'cloudformation.unreadable-change-set'],
    ['truncated JSON text', raw.slice(0, 300), 'cloudformation.unreadable-change-set'],
    ['an empty list', [], 'cloudformation.unreadable-change-set'],
    ['no Changes', { StackName: 'x' }, 'cloudformation.unreadable-change-set'],
    ['Changes as a string', { Changes: 'Remove everything' }, 'cloudformation.unreadable-change-set'],
    ['bad entries', { StackName: 's', Changes: [null, 3, { Type: 'Resource' }] }, 'cloudformation.unreadable-change'],
    ['a list with junk', [{ StackName: 's', Changes: [] }, 'junk'], 'cloudformation.unreadable-change'],
  ];
  for (const [name, cs, rule] of cases) {
    it(`${name} → ${rule}, high`, () => {
      const a = cfn(cs);
      assert.ok(rules(a).includes(rule), `${name}: ${rules(a).join()}`);
      assert.equal(a.level, 'high', name);
    });
  }
});
