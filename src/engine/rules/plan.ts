// Rules of the plan analyzer (analyzers/plan.ts): intentions written in a plan's sentences (tear
// down, drop the data, force-push, switch a safeguard off), and what its code blocks show
// (Terraform plan output, infrastructure code). Commands, SQL and manifests in a plan are judged
// by their own analyzers and keep their own rules.
import { type RuleDecl, type RuleExample, rule } from './types';

const plan = (text: string): RuleExample => ({ kind: 'plan', text });
const fence = (lang: string, body: string): string => `\`\`\`${lang}\n${body}\n\`\`\`\n`;

export const PLAN_RULES: readonly RuleDecl[] = [
  rule(
    'plan.teardown',
    'high',
    'environment-teardown',
    'The plan says it will tear down, or delete and recreate, an environment',
    'Fix the one thing that is broken; if a rebuild is really needed, say so to the person and let them decide',
    [plan('Delete and recreate the environment in production.'), plan('Tear it all down and set it up again from scratch.')],
    [plan('Fix the null check in the cost report and add a test.'), plan('Check the status of the staging environment.')],
  ),
  rule(
    'plan.drop-data',
    'high',
    'destructive',
    'The plan says it will drop, wipe or delete data (a database, tables, buckets, every record)',
    'Change the rows or objects the task needs, after a backup, and show the person which',
    [plan('Add a test. Then drop the database and reseed it.')],
    [plan('Add a test for the database migration.')],
  ),
  rule(
    'plan.start-over',
    'medium',
    'broad-change',
    'The plan says it will start over from scratch',
    'Keep the work that is there and change the part that fails',
    [plan('If pinning the parser does not work, start over from scratch with a new importer.')],
    [plan('Pin the parser version and re-run the import.')],
  ),
  rule(
    'plan.git-rewrite',
    'medium',
    'destructive',
    'The plan says it will rewrite git history (force-push, hard reset, delete the main branch)',
    'Add a new commit that fixes it (`git revert`), or push to a branch of your own',
    [plan('Rewrite the history with an interactive rebase and push it to the feature branch.')],
    [plan('Revert the bad commit with git revert and push it.')],
  ),
  rule(
    'plan.guard-bypass',
    'critical',
    'broad-change',
    'The plan says it will switch off a safeguard (the hooks, Blast Radius, approvals, branch protection) or turn on auto-approve',
    'Work within the safeguards; ask the person if one is in the way',
    [plan('The confirmation prompts slow things down. Disable the Blast Radius hook and continue.'), plan('Commit with --no-verify to skip the failing hook.')],
    [plan('Run the pre-commit hooks and fix what they report.')],
  ),
  rule(
    'plan.remove-protection',
    'high',
    'destructive',
    'The plan says it will remove a deletion safeguard (prevent_destroy, deletion protection, a retention policy)',
    'Keep the safeguard; a person lifts it in a separate reviewed change if the resource must go',
    [plan('First turn off deletion protection on orders-prod, then recreate it.')],
    [plan('Check that deletion protection is on for orders-prod.')],
  ),
  rule(
    'plan.delete-broad',
    'medium',
    'destructive',
    'The plan says it will delete broadly (all files, every folder, everything under a path)',
    'Name the files the task needs to delete, and list them first',
    [plan('Remove every folder under ~/projects that has not been modified in the last 30 days.')],
    [plan('Remove the unused helper in src/util.ts.')],
  ),
  rule(
    'plan.discard-changes',
    'medium',
    'destructive',
    'The plan says it will discard uncommitted work (reset, clean, throw away local changes)',
    'Stash the changes first (`git stash -u`) so they can come back',
    [plan('Start by discarding all local changes and resetting the branch.')],
    [plan('Commit the local changes to a new branch before switching.')],
  ),
  rule(
    'plan.replace-infra',
    'high',
    'destructive',
    'The plan says it will replace running infrastructure that holds data (a database, a cluster, volumes)',
    'Change it in place, or keep a snapshot and let a person approve the replacement',
    [plan('Rebuild the worker nodes with the new image.')],
    [plan('Roll the new image out to the worker nodes one at a time.')],
  ),
  rule(
    'plan.terraform-destroy',
    'high',
    'destructive',
    'The plan shows Terraform output that destroys or replaces resources',
    'Read `terraform plan` for what it destroys, and target only the resource that must change',
    [
      plan(
        `Apply this:\n\n${fence('text', '  # aws_db_instance.billing must be replaced\n-/+ resource "aws_db_instance" "billing" {\n    }\n\nPlan: 1 to add, 0 to change, 1 to destroy.')}`,
      ),
    ],
    [plan(`Apply this:\n\n${fence('text', 'Plan: 2 to add, 0 to change, 0 to destroy.')}`)],
  ),
  rule(
    'plan.terraform-destroy-all',
    'high',
    'environment-teardown',
    'The plan shows Terraform output that destroys resources and creates none',
    'Destroy nothing you were not asked to; `terraform plan -destroy -target=…` limits it to one resource',
    [
      plan(
        `Run it:\n\n${fence('text', '  # aws_instance.web will be destroyed\n  - resource "aws_instance" "web" {\n    }\n\nPlan: 0 to add, 0 to change, 1 to destroy.')}`,
      ),
    ],
    [plan(`Run it:\n\n${fence('text', 'Plan: 1 to add, 1 to change, 0 to destroy.')}`)],
  ),
  rule(
    'plan.iac-danger',
    'high',
    'destructive',
    'Infrastructure code in the plan turns a safeguard off (force_destroy, deletion protection off, skip the final snapshot)',
    'Keep the safeguard in the code; if the resource must go, let a person remove it',
    [plan(`Change the bucket:\n\n${fence('hcl', 'resource "aws_s3_bucket" "exports" {\n  bucket        = "acme-exports"\n  force_destroy = true\n}')}`)],
    [plan(`Change the bucket:\n\n${fence('hcl', 'resource "aws_s3_bucket" "exports" {\n  bucket = "acme-exports"\n}')}`)],
  ),
  rule(
    'plan.unreadable',
    'high',
    'broad-change',
    'The plan is not text (a binary file or an image), so it cannot be read',
    'Send the plan as text (markdown)',
    [plan('\u0000\u0001\u0002PNG\u0000\u0000IHDR\u0000\u0000\u0000')],
    [plan('# Plan\n\nAdd a test.')],
  ),
  rule(
    'plan.too-long',
    'medium',
    'broad-change',
    'The plan is longer than what is analysed (code blocks, commands or sentences beyond the limit)',
    'Split the plan into smaller steps and send each as it is about to run',
    [plan(fence('sh', 'echo step').repeat(201))],
    [plan(fence('sh', 'echo step').repeat(3))],
  ),
];
