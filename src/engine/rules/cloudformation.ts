// Rules of the CloudFormation change set analyzer (analyzers/cloudformation.ts, scored with the
// Terraform reader's shared code in analyzers/terraform/changes.ts): what `aws cloudformation
// describe-change-set` output removes or replaces, which of it holds data, and what it cannot
// read. The `aws cloudformation` commands are the cloud pack's.
import { type RuleDecl, type RuleExample, rule } from './types';

interface Ch {
  id: string;
  type: string;
  action: string;
  replacement?: string;
  policy?: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}
const change = (c: Ch) => ({
  Type: 'Resource',
  ResourceChange: {
    Action: c.action,
    LogicalResourceId: c.id,
    ResourceType: c.type,
    ...(c.replacement ? { Replacement: c.replacement } : {}),
    ...(c.policy ? { PolicyAction: c.policy } : {}),
    ...(c.before ? { BeforeContext: JSON.stringify({ Properties: c.before }) } : {}),
    ...(c.after ? { AfterContext: JSON.stringify({ Properties: c.after }) } : {}),
  },
});
const cs = (changes: unknown[], stack = 'shop-api'): RuleExample => ({
  kind: 'cloudformationChangeSet',
  text: JSON.stringify({
    StackName: stack,
    ChangeSetName: 'cs1',
    Status: 'CREATE_COMPLETE',
    Changes: changes.map((c) => (c && typeof c === 'object' && 'action' in c ? change(c as Ch) : c)),
  }),
});
const n = (count: number, action: string, type = 'AWS::SNS::Topic'): Ch[] => Array.from({ length: count }, (_, i) => ({ id: `R${i}`, type, action }));

export const CLOUDFORMATION_RULES: readonly RuleDecl[] = [
  rule(
    'cloudformation.delete-stateful',
    'high',
    'destructive',
    'The change set removes resources that hold data (databases, buckets, tables, log groups)',
    'Set DeletionPolicy: Snapshot or Retain first, and check only what the task needs is removed',
    [
      cs([
        { id: 'Orders', type: 'AWS::DynamoDB::Table', action: 'Remove' },
        { id: 'Topic', type: 'AWS::SNS::Topic', action: 'Modify' },
      ]),
    ],
    [cs([{ id: 'Orders', type: 'AWS::DynamoDB::Table', action: 'Modify' }])],
  ),
  rule(
    'cloudformation.replace-stateful',
    'high',
    'destructive',
    'The change set replaces resources that hold data: the new one starts empty',
    'Find the property that forces the replacement (the change set’s Details) and change it another way, or snapshot first',
    [
      cs([
        { id: 'Db', type: 'AWS::RDS::DBInstance', action: 'Modify', replacement: 'True' },
        { id: 'Topic', type: 'AWS::SNS::Topic', action: 'Modify' },
      ]),
    ],
    [cs([{ id: 'Db', type: 'AWS::RDS::DBInstance', action: 'Modify', replacement: 'False' }])],
  ),
  rule(
    'cloudformation.delete',
    'medium',
    'destructive',
    'The change set removes resources that hold no data',
    'Check each one is meant to go (`aws cloudformation describe-change-set`)',
    [
      cs([
        { id: 'Topic', type: 'AWS::SNS::Topic', action: 'Remove' },
        { id: 'Fn', type: 'AWS::Lambda::Function', action: 'Modify' },
      ]),
    ],
    [cs([{ id: 'Topic', type: 'AWS::SNS::Topic', action: 'Add' }])],
  ),
  rule(
    'cloudformation.replace',
    'medium',
    'destructive',
    'The change set replaces resources that hold no data',
    'Find what forces the replacement and change it in place if you can',
    [cs([{ id: 'Fn', type: 'AWS::Lambda::Function', action: 'Modify', replacement: 'True' }])],
    [cs([{ id: 'Fn', type: 'AWS::Lambda::Function', action: 'Modify', replacement: 'False' }])],
  ),
  rule(
    'cloudformation.teardown',
    'high',
    'environment-teardown',
    'The change set tears a stack down: five or more resources removed and nothing else changing, or data removed in a named environment',
    'Remove nothing you were not asked to; if a teardown is the task, let a person delete the stack after reading it',
    [cs(n(6, 'Remove'))],
    [cs([...n(2, 'Remove'), ...n(3, 'Add')])],
  ),
  rule(
    'cloudformation.dynamic',
    'medium',
    'broad-change',
    'The change set has changes decided only when it runs (Dynamic)',
    'Resolve the dynamic values (parameters, imports) and create the change set again',
    [cs([{ id: 'Topic', type: 'AWS::SNS::Topic', action: 'Dynamic' }])],
    [cs([{ id: 'Topic', type: 'AWS::SNS::Topic', action: 'Modify' }])],
  ),
  rule(
    'cloudformation.unknown-action',
    'medium',
    'broad-change',
    'The change set has changes with an action this version does not know',
    'Read those changes in the console before executing',
    [cs([{ id: 'Topic', type: 'AWS::SNS::Topic', action: 'Frobnicate' }])],
    [cs([{ id: 'Topic', type: 'AWS::SNS::Topic', action: 'Add' }])],
  ),
  rule(
    'cloudformation.many-updates',
    'medium',
    'broad-change',
    'The change set updates ten or more resources in place',
    'Deploy the change to one stack or resource first and check it',
    [cs(n(12, 'Modify'))],
    [cs(n(3, 'Modify'))],
  ),
  rule(
    'cloudformation.large-plan',
    'low',
    'broad-change',
    'The change set adds or updates fifty or more resources (and removes none)',
    'None needed beyond reading it',
    [cs(n(60, 'Add'))],
    [cs(n(5, 'Add'))],
  ),
  rule(
    'cloudformation.forget',
    'low',
    'targeted-patch',
    'The change set removes resources from the stack with DeletionPolicy: Retain; they keep running',
    'None needed: the resources stay',
    [cs([{ id: 'Logs', type: 'AWS::S3::Bucket', action: 'Remove', policy: 'Retain' }])],
    [cs([{ id: 'Logs', type: 'AWS::S3::Bucket', action: 'Modify' }])],
  ),
  rule(
    'cloudformation.delete-nested-stack',
    'high',
    'environment-teardown',
    'The change set removes a nested stack and everything in it',
    'Remove the resources the task names, not the whole nested stack',
    [cs([{ id: 'Network', type: 'AWS::CloudFormation::Stack', action: 'Remove' }])],
    [cs([{ id: 'Network', type: 'AWS::CloudFormation::Stack', action: 'Modify' }])],
  ),
  rule(
    'cloudformation.protection-removed',
    'high',
    'broad-change',
    'The change set switches off deletion protection, so a later delete goes through',
    'Keep the protection on; lift it in a separate change a person approves',
    [cs([{ id: 'Db', type: 'AWS::RDS::DBInstance', action: 'Modify', before: { DeletionProtection: true }, after: { DeletionProtection: false } }])],
    [cs([{ id: 'Db', type: 'AWS::RDS::DBInstance', action: 'Modify', before: { DeletionProtection: false }, after: { DeletionProtection: true } }])],
  ),
  rule(
    'cloudformation.unreadable-change',
    'high',
    'broad-change',
    'Some changes in the change set could not be read',
    'Send `aws cloudformation describe-change-set` output whole',
    [cs(['junk'])],
    [cs([{ id: 'Topic', type: 'AWS::SNS::Topic', action: 'Add' }])],
  ),
  rule(
    'cloudformation.unreadable-change-set',
    'high',
    'broad-change',
    'The input is not a change set (not JSON, no Changes list), so what it does is unknown',
    'Send `aws cloudformation describe-change-set --output json` output',
    [
      { kind: 'cloudformationChangeSet', text: 'not json' },
      { kind: 'cloudformationChangeSet', text: '{"StackName":"x"}' },
    ],
    [cs([{ id: 'Topic', type: 'AWS::SNS::Topic', action: 'Add' }])],
  ),
];
