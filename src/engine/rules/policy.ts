// Rules the team policy raises (policy-match.ts): what changes a path, a name or a branch the
// policy protects (`protectedPaths`, `protectedNames`, `protectedBranches`). The policy's own
// `rules` pick a requirement and raise no finding.
import { type RuleDecl, rule } from './types';

export const POLICY_RULES: readonly RuleDecl[] = [
  rule(
    'policy.protected-path',
    'high',
    'broad-change',
    'Changes a path the team policy protects (protectedPaths)',
    'Leave protected paths to a person; propose the change in a pull request',
    [
      { command: 'rm -rf infra/prod/network', policy: { protectedPaths: ['infra/prod/**'] } },
      { command: 'cd infra/prod && terraform destroy', policy: { protectedPaths: ['infra/prod'] } },
    ],
    [
      { command: 'rm -rf infra/dev/network', policy: { protectedPaths: ['infra/prod/**'] } },
      { command: 'cat infra/prod/main.tf', policy: { protectedPaths: ['infra/prod/**'] } },
    ],
  ),
  rule(
    'policy.protected-name',
    'high',
    'broad-change',
    'Changes a stack, database, namespace or bucket the team policy names as protected (protectedNames)',
    'Leave protected resources to a person; work on a copy or a non-protected environment',
    [{ command: 'dropdb billing', policy: { protectedNames: ['billing*'] } }],
    [{ command: 'dropdb scratch', policy: { protectedNames: ['billing*'] } }],
  ),
  rule(
    'policy.protected-branch',
    'high',
    'destructive',
    'Rewrites or deletes a branch the team policy protects (main, master, release/* by default)',
    'Push to a branch of your own and open a pull request',
    ['git push --force origin main', 'git push origin --delete release-1.2'],
    ['git push origin feature', 'git push --force origin my-feature'],
  ),
];
