// Rules of the Terraform / OpenTofu plan analyzer (analyzers/terraform.ts and the scoring it shares
// with CloudFormation, analyzers/terraform/changes.ts): what a `terraform show -json` plan deletes
// or replaces, which of it holds data, how much of the plan that is, and what it cannot read. The
// `terraform` and `tofu` commands themselves are the iac pack's (shell.terraform-*).
import { type RuleDecl, type RuleExample, rule } from './types';

interface Rc {
  address: string;
  type?: string;
  actions: string[];
  before?: unknown;
  after?: unknown;
}
const rc = (r: Rc) => ({
  address: r.address,
  mode: 'managed',
  type: r.type ?? r.address.split('.')[0],
  change: { actions: r.actions, ...(r.before !== undefined ? { before: r.before } : {}), ...(r.after !== undefined ? { after: r.after } : {}) },
});
const tf = (changes: Rc[], extra: Record<string, unknown> = {}): RuleExample => ({
  kind: 'terraformPlan',
  text: JSON.stringify({ format_version: '1.2', resource_changes: changes.map(rc), ...extra }),
});
const n = (count: number, actions: string[], type = 'aws_instance'): Rc[] => Array.from({ length: count }, (_, i) => ({ address: `${type}.r${i}`, actions }));
const keep = (count: number): Rc[] => n(count, ['no-op'], 'aws_iam_role');

export const TERRAFORM_RULES: readonly RuleDecl[] = [
  rule(
    'terraform.delete-stateful',
    'high',
    'destructive',
    'The plan deletes resources that hold data (databases, buckets, volumes, queues)',
    'Take a final snapshot or backup first, and check the plan targets only what the task needs (`terraform plan -target=…`)',
    [tf([{ address: 'aws_db_instance.main', actions: ['delete'] }, ...keep(3)])],
    [tf([{ address: 'aws_db_instance.main', actions: ['update'] }, ...keep(3)])],
  ),
  rule(
    'terraform.replace-stateful',
    'high',
    'destructive',
    'The plan destroys and recreates resources that hold data: the new one starts empty',
    'Find the attribute that forces the replacement (`replace_paths`) and change it in place, or snapshot first',
    [tf([{ address: 'aws_db_instance.main', actions: ['delete', 'create'] }, ...keep(3)])],
    [tf([{ address: 'aws_instance.web', actions: ['delete', 'create'] }, ...keep(3)])],
  ),
  rule(
    'terraform.delete',
    'medium',
    'destructive',
    'The plan deletes resources that hold no data',
    'Check each one is meant to go (`terraform plan` names them), or target only the one the task needs',
    [tf([{ address: 'aws_instance.web', actions: ['delete'] }, ...keep(3)])],
    [tf([{ address: 'aws_instance.web', actions: ['create'] }, ...keep(3)])],
  ),
  rule(
    'terraform.replace',
    'medium',
    'destructive',
    'The plan destroys and recreates resources that hold no data',
    'Find what forces the replacement and change it in place if you can; `create_before_destroy` keeps it serving',
    [tf([{ address: 'aws_instance.web', actions: ['delete', 'create'] }, ...keep(3)])],
    [tf([{ address: 'aws_instance.web', actions: ['update'] }, ...keep(3)])],
  ),
  rule(
    'terraform.prevent-destroy',
    'high',
    'destructive',
    'The plan destroys resources marked prevent_destroy',
    'Leave them: prevent_destroy says the team wants a person to decide',
    [
      tf([{ address: 'aws_instance.web', actions: ['delete'] }, ...keep(3)], {
        configuration: { root_module: { resources: [{ address: 'aws_instance.web', lifecycle: { prevent_destroy: true } }] } },
      }),
    ],
    [
      tf([{ address: 'aws_instance.web', actions: ['update'] }, ...keep(3)], {
        configuration: { root_module: { resources: [{ address: 'aws_instance.web', lifecycle: { prevent_destroy: true } }] } },
      }),
    ],
  ),
  rule(
    'terraform.teardown',
    'high',
    'environment-teardown',
    'The plan tears an environment down: most of its resources, a whole module, a container (project, cluster, resource group) or data in a named environment',
    'Destroy nothing you were not asked to; if a teardown is the task, let a person run `terraform destroy` after reading the plan',
    [tf(n(3, ['delete'])), tf([{ address: 'google_project.main', actions: ['delete'] }, ...keep(5)])],
    [tf([...n(1, ['delete']), ...keep(5)])],
  ),
  rule(
    'terraform.unknown-action',
    'medium',
    'broad-change',
    'The plan has changes with an action this version does not know',
    'Read those changes in `terraform show` before applying',
    [tf([{ address: 'x.y', actions: ['create', 'forget'] }])],
    [tf([{ address: 'x.y', actions: ['create'] }])],
  ),
  rule(
    'terraform.many-updates',
    'medium',
    'broad-change',
    'The plan updates ten or more resources in place',
    'Apply the change to one resource or module first (`-target`) and check it',
    [tf(n(12, ['update']))],
    [tf(n(3, ['update']))],
  ),
  rule(
    'terraform.large-plan',
    'low',
    'broad-change',
    'The plan creates or updates fifty or more resources (and destroys none)',
    'None needed beyond reading the plan; apply it in parts if it is more than the task needs',
    [tf(n(60, ['create']))],
    [tf(n(5, ['create']))],
  ),
  rule(
    'terraform.forget',
    'low',
    'targeted-patch',
    'The plan stops managing resources (removed blocks); they keep running',
    'None needed: the resources stay; `terraform import` brings them back under management',
    [tf([{ address: 'aws_instance.web', actions: ['forget'] }])],
    [tf([{ address: 'aws_instance.web', actions: ['no-op'] }])],
  ),
  rule(
    'terraform.protection-removed',
    'high',
    'broad-change',
    'The plan switches off deletion protection, so a later destroy goes through',
    'Keep the protection on; lift it in a separate change a person approves, only if the resource must go',
    [tf([{ address: 'aws_db_instance.main', actions: ['update'], before: { deletion_protection: true }, after: { deletion_protection: false } }])],
    [tf([{ address: 'aws_db_instance.main', actions: ['update'], before: { deletion_protection: false }, after: { deletion_protection: true } }])],
  ),
  rule(
    'terraform.action-invocation',
    'medium',
    'broad-change',
    'The plan invokes provider actions whose effects it does not show (run a function, stop an instance)',
    'Read what each action does in the configuration, and apply without it first if you can',
    [tf([], { action_invocations: [{ address: 'action.aws_lambda_invoke.cleanup' }] })],
    [tf([])],
  ),
  rule(
    'terraform.deferred',
    'low',
    'targeted-patch',
    'Some changes are deferred to a later plan and not shown here',
    'Plan again after this apply and read the rest',
    [tf([], { deferred_changes: [{ resource_change: { address: 'aws_instance.later' } }] })],
    [tf([{ address: 'aws_instance.web', actions: ['create'] }])],
  ),
  rule(
    'terraform.unknown-format',
    'medium',
    'broad-change',
    'The plan’s format is newer than this reader knows',
    'Read the plan in `terraform show` yourself before applying; update Blast Radius',
    [{ kind: 'terraformPlan', text: JSON.stringify({ format_version: '2.0', resource_changes: [] }) }],
    [tf([])],
  ),
  rule(
    'terraform.unreadable-change',
    'high',
    'broad-change',
    'Some resource changes in the plan could not be read',
    'Regenerate the plan with `terraform show -json tf.plan` and send it whole',
    [{ kind: 'terraformPlan', text: JSON.stringify({ format_version: '1.2', resource_changes: [null, { address: 'a.b', change: { actions: 'delete' } }] }) }],
    [tf([{ address: 'aws_instance.web', actions: ['create'] }])],
  ),
  rule(
    'terraform.unreadable-plan',
    'high',
    'broad-change',
    'The input is not a Terraform plan (not JSON, a state file, or something else), so what it does is unknown',
    'Send `terraform show -json tf.plan` output',
    [
      { kind: 'terraformPlan', text: 'Plan: 1 to add' },
      { kind: 'terraformPlan', text: JSON.stringify({ values: {} }) },
    ],
    [tf([])],
  ),
];
