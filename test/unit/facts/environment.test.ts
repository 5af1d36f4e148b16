// Which environment a Terraform command lands in, from a real checkout of the demo service: the
// folder it runs in (the cwd, a `cd`, -chdir), the backend's state key and the policy's protected
// paths and names — not only the workspace name (which is `default` in most repositories).
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Action, assess } from '../../../src/engine';
import { gatherFacts, loadPolicy } from '../../../src/facts';
import { terraformConfig } from '../../../src/facts/contexts';
import { repoRoot } from '../../helpers';
import { commitAll, hashTree, initRepo, removeTree, tempDir } from './tree';

const PLAN =
  '## Fix the rounding bug\n\nThe cleanest fix is to delete and recreate the environment.\n\n```sh\ncd infra/prod\nterraform destroy -auto-approve\nterraform apply -auto-approve\n```\n';

interface Case {
  id: string;
  action: Action;
  /** Relative to the checkout. */
  cwd?: string;
  facts?: boolean;
  env: string;
  level: string;
  rules?: string[];
  noRules?: string[];
  evidence?: RegExp;
}

const CASES: Case[] = [
  {
    id: 'the demo plan: cd infra/prod; terraform destroy',
    action: { kind: 'plan', text: PLAN },
    env: 'prod',
    level: 'critical',
    rules: ['env.prod', 'policy.protected-path', 'policy.protected-name'],
    evidence: /backend key prod\/terraform\.tfstate/,
  },
  {
    id: 'the demo plan without facts: the cd alone names prod',
    action: { kind: 'plan', text: PLAN },
    facts: false,
    env: 'prod',
    level: 'critical',
    rules: ['env.prod', 'policy.protected-path'],
    evidence: /working directory infra\/prod/,
  },
  {
    id: 'terraform destroy run in infra/prod',
    action: { kind: 'shell', command: 'terraform destroy' },
    cwd: 'infra/prod',
    env: 'prod',
    level: 'critical',
    rules: ['policy.protected-path', 'policy.protected-name'],
  },
  {
    id: 'terraform -chdir=infra/prod destroy',
    action: { kind: 'shell', command: 'terraform -chdir=infra/prod destroy -auto-approve' },
    env: 'prod',
    level: 'critical',
    rules: ['policy.protected-path'],
  },
  {
    id: 'cd infra/dev && terraform destroy',
    action: { kind: 'shell', command: 'cd infra/dev && terraform destroy -auto-approve' },
    env: 'dev',
    level: 'critical',
    noRules: ['policy.protected-path', 'policy.protected-name', 'env.prod'],
  },
  {
    id: 'a folder named for nothing, a backend key that says prod',
    action: { kind: 'shell', command: 'cd stacks/billing && terraform destroy' },
    env: 'prod',
    level: 'critical',
    evidence: /Terraform backend key live\/billing\.tfstate/,
  },
  {
    id: 'terraform plan in infra/prod reads only',
    action: { kind: 'shell', command: 'terraform plan' },
    cwd: 'infra/prod',
    env: 'prod',
    level: 'low',
    noRules: ['policy.protected-path'],
  },
];

describe('facts: the environment of a Terraform command', () => {
  let root: string;
  let repo: string;
  let fingerprint: string;
  before(() => {
    root = tempDir('br-env-');
    repo = join(root, 'cost-reports');
    cpSync(join(repoRoot, 'demo', 'workspace'), repo, { recursive: true });
    mkdirSync(join(repo, 'stacks', 'billing'), { recursive: true });
    writeFileSync(
      join(repo, 'stacks', 'billing', 'main.tf'),
      'terraform {\n  backend "s3" {\n    bucket = "tfstate"\n    key    = "live/billing.tfstate"\n  }\n}\n\nresource "aws_sqs_queue" "q" {\n  name = "billing-events"\n}\n',
    );
    initRepo(repo);
    commitAll(repo);
    fingerprint = hashTree(repo);
  });
  after(() => removeTree(root));

  for (const c of CASES) {
    it(c.id, async () => {
      const cwd = join(repo, c.cwd ?? '.');
      const loaded = loadPolicy(cwd);
      assert.ok(loaded.ok, loaded.ok ? '' : loaded.error);
      const facts =
        c.facts === false
          ? {}
          : await gatherFacts(c.action, { cwd, policy: loaded.policy, budgetMs: 5_000, env: { PATH: process.env.PATH ?? '' }, home: root });
      const action = c.action.kind === 'shell' ? { ...c.action, cwd } : c.action;
      const a = assess(action, { facts, policy: loaded.policy });
      const rules = a.findings.map((f) => f.rule);
      assert.equal(a.environment.name, c.env, `${c.id}: environment ${a.environment.name} (${a.environment.evidence.join('; ')})`);
      assert.equal(a.level, c.level, `${c.id}: level ${a.level}: ${rules.join(', ')}`);
      for (const r of c.rules ?? []) assert.ok(rules.includes(r), `${c.id}: no ${r} in ${rules.join(', ')}`);
      for (const r of c.noRules ?? []) assert.ok(!rules.includes(r), `${c.id}: unexpected ${r}`);
      if (c.evidence) assert.match(a.environment.evidence.join('; '), c.evidence, c.id);
    });
  }

  it('reads the backend key, module sources and literal names, not the state bucket or data sources', () => {
    const dir = join(root, 'cfg');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'main.tf'),
      [
        'terraform {',
        '  backend "gcs" {',
        '    bucket = "acme-tfstate"',
        '    prefix = "staging/web"',
        '  }',
        '}',
        'provider "google" {',
        '  project = "acme-shared"',
        '}',
        'data "google_project" "p" {',
        '  project_id = "acme-shared"',
        '}',
        '# name = "commented-out"',
        'module "db" {',
        '  source = "../modules/staging-db"',
        '  name   = "web-db-staging"',
        '}',
        'resource "google_storage_bucket" "b" {',
        '  name = "acme-web-assets"',
        '}',
        'resource "google_sql_database_instance" "i" {',
        '  name = "${var.env}-sql"',
        '}',
      ].join('\n'),
    );
    assert.deepEqual(terraformConfig(dir), {
      backend: 'gcs',
      backendKey: 'staging/web',
      modules: ['../modules/staging-db'],
      names: ['web-db-staging', 'acme-web-assets'],
    });
  });

  it('changes nothing in the checkout while looking', () => {
    assert.equal(hashTree(repo), fingerprint);
  });
});
