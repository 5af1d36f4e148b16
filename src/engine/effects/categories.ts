// The table of paths that matter when an agent writes, edits or deletes a file (the guard's own
// files are in guard-assets.ts): CI, code owners, infrastructure as code, migrations, secrets,
// package manifests, shell start-up files, git hooks, database files and system folders.
// Pure data plus one matcher; the effects judge reads it. Matching is on the
// path as written (forward slashes, case-insensitive): a symlink to a guarded file is not caught
// here (facts resolve symlinks), and content-based kinds (a CloudFormation template called
// `stack.yaml`) are recognised by the analyzer, not by this table.
import { BoundedMemo, mayMatch } from '../memo';

export type GuardedCategory =
  /** MCP server lists: each entry is a command the agent's editor starts. */
  | 'mcp-config'
  /** Editor tasks, which can run on folder open. */
  | 'editor-tasks'
  | 'ci'
  | 'codeowners'
  | 'branch-protection'
  | 'iac'
  | 'migration'
  | 'secret'
  | 'package-config'
  | 'package-manifest'
  | 'lockfile'
  | 'shell-rc'
  | 'git-hook'
  | 'git-internals'
  | 'system'
  | 'script'
  /** A database's own data files: overwriting or truncating them destroys the data. */
  | 'database-file';

export interface GuardedPath {
  category: GuardedCategory;
  /** Tested against the normalised path (forward slashes, no leading `./`). */
  pattern: RegExp;
  /** What it is, in words a report can show ("Claude Code settings"). */
  what: string;
}

// `(?:^|/)` anchors a name at a segment boundary so `my.env.ts` is not `.env`.
const seg = (body: string): RegExp => new RegExp(`(?:^|/)${body}`, 'i');

export const GUARDED_PATHS: readonly GuardedPath[] = [
  {
    category: 'mcp-config',
    pattern: seg('(?:\\.mcp|\\.cursor/mcp|\\.vscode/mcp|\\.kiro/settings/mcp|\\.roo/mcp|mcp_config)\\.json$'),
    what: 'MCP server list',
  },
  { category: 'editor-tasks', pattern: seg('\\.vscode/tasks\\.json$'), what: 'editor tasks' },

  { category: 'ci', pattern: seg('\\.github/workflows/'), what: 'GitHub Actions workflow' },
  { category: 'ci', pattern: seg('\\.github/actions/'), what: 'GitHub Actions action' },
  { category: 'ci', pattern: seg('\\.gitlab-ci\\.ya?ml$'), what: 'GitLab CI' },
  { category: 'ci', pattern: seg('\\.gitlab/ci/'), what: 'GitLab CI' },
  { category: 'ci', pattern: seg('Jenkinsfile[^/]*$'), what: 'Jenkins pipeline' },
  { category: 'ci', pattern: seg('\\.circleci/'), what: 'CircleCI' },
  { category: 'ci', pattern: seg('azure-pipelines[^/]*\\.ya?ml$'), what: 'Azure Pipelines' },
  { category: 'ci', pattern: seg('\\.buildkite/'), what: 'Buildkite' },
  { category: 'ci', pattern: seg('buildkite[^/]*\\.ya?ml$'), what: 'Buildkite' },
  { category: 'ci', pattern: seg('\\.travis\\.ya?ml$'), what: 'Travis CI' },
  { category: 'ci', pattern: seg('bitbucket-pipelines\\.ya?ml$'), what: 'Bitbucket Pipelines' },
  { category: 'ci', pattern: seg('\\.drone\\.ya?ml$'), what: 'Drone CI' },
  { category: 'ci', pattern: seg('\\.woodpecker(?:/|\\.ya?ml$)'), what: 'Woodpecker CI' },
  { category: 'ci', pattern: seg('cloudbuild\\.ya?ml$'), what: 'Cloud Build' },
  { category: 'ci', pattern: seg('buildspec\\.ya?ml$'), what: 'CodeBuild' },
  { category: 'codeowners', pattern: seg('CODEOWNERS$'), what: 'code owners' },
  { category: 'branch-protection', pattern: seg('\\.github/settings\\.ya?ml$'), what: 'repository settings (branch protection)' },
  { category: 'branch-protection', pattern: seg('\\.github/rulesets/'), what: 'repository rulesets' },
  { category: 'branch-protection', pattern: seg('\\.github/branch-protection[^/]*$'), what: 'branch protection' },

  { category: 'iac', pattern: /\.tf$|\.tf\.json$|\.tfvars$|\.tfvars\.json$|\.tofu$/i, what: 'Terraform' },
  { category: 'iac', pattern: seg('terragrunt\\.hcl$'), what: 'Terragrunt' },
  { category: 'iac', pattern: /\.template$|(?:^|\/)(?:template|sam-template|[^/]*\.cfn|[^/]*-stack)\.(?:ya?ml|json)$/i, what: 'CloudFormation / SAM template' },
  { category: 'iac', pattern: seg('(?:cloudformation|cfn)/[^/]+\\.(?:ya?ml|json)$'), what: 'CloudFormation template' },
  { category: 'iac', pattern: seg('Pulumi(?:\\.[^/]+)?\\.ya?ml$'), what: 'Pulumi' },
  { category: 'iac', pattern: seg('cdk(?:\\.context)?\\.json$'), what: 'CDK' },
  { category: 'iac', pattern: seg('(?:lib|stacks?)/[^/]*stack[^/]*\\.(?:ts|js|py|java|cs|go)$'), what: 'CDK stack' },
  { category: 'iac', pattern: seg('(?:Chart|values[^/]*)\\.ya?ml$'), what: 'Helm chart' },
  { category: 'iac', pattern: seg('kustomization\\.ya?ml$'), what: 'Kustomize' },
  { category: 'iac', pattern: seg('(?:k8s|kubernetes|manifests|deploy|charts|helm)/(?:[^/]+/)*[^/]+\\.ya?ml$'), what: 'Kubernetes manifest' },

  { category: 'migration', pattern: seg('(?:migrations?|migrate)/'), what: 'database migration' },
  { category: 'migration', pattern: seg('alembic/versions/'), what: 'Alembic migration' },
  { category: 'migration', pattern: seg('(?:flyway|liquibase|changelogs?)/'), what: 'database migration' },
  { category: 'migration', pattern: seg('(?:db\\.)?changelog[^/]*\\.(?:xml|ya?ml|json|sql)$'), what: 'Liquibase changelog' },
  { category: 'migration', pattern: seg('V\\d+(?:[._]\\d+)*__[^/]+\\.sql$'), what: 'Flyway migration' },

  { category: 'secret', pattern: seg('\\.env(?:\\.[^/]*)?$'), what: 'environment secrets file' },
  { category: 'secret', pattern: /\.(?:pem|key|p12|pfx|jks|keystore|ppk|asc|gpg)$/i, what: 'key file' },
  { category: 'secret', pattern: seg('id_(?:rsa|dsa|ecdsa|ed25519)[^/]*$'), what: 'SSH key' },
  { category: 'secret', pattern: seg('\\.ssh/'), what: 'SSH configuration' },
  { category: 'secret', pattern: seg('credentials(?:\\.json|\\.ya?ml|\\.xml)?$'), what: 'credentials file' },
  { category: 'secret', pattern: seg('\\.aws/(?:credentials|config)$'), what: 'AWS credentials' },
  { category: 'secret', pattern: seg('(?:kubeconfig[^/]*|\\.kube/config)$'), what: 'kubeconfig' },
  { category: 'secret', pattern: seg('\\.docker/config\\.json$'), what: 'Docker credentials' },
  { category: 'secret', pattern: seg('\\.netrc$|(?:^|/)_netrc$'), what: 'netrc credentials' },
  { category: 'secret', pattern: seg('\\.git-credentials$'), what: 'git credentials' },
  { category: 'secret', pattern: seg('(?:secrets?|vault)\\.(?:ya?ml|json|toml)$'), what: 'secrets file' },
  { category: 'secret', pattern: seg('terraform\\.tfstate(?:\\.backup)?$'), what: 'Terraform state (holds secrets in clear)' },
  { category: 'package-config', pattern: seg('\\.(?:npmrc|pypirc|yarnrc(?:\\.yml)?)$'), what: 'package registry settings' },

  {
    category: 'lockfile',
    pattern: seg(
      '(?:package-lock\\.json|npm-shrinkwrap\\.json|yarn\\.lock|pnpm-lock\\.yaml|bun\\.lockb?|Cargo\\.lock|poetry\\.lock|Pipfile\\.lock|uv\\.lock|go\\.sum|Gemfile\\.lock|composer\\.lock|packages\\.lock\\.json|pubspec\\.lock|mix\\.lock)$',
    ),
    what: 'lockfile',
  },
  {
    category: 'package-manifest',
    pattern: seg(
      '(?:package\\.json|requirements[^/]*\\.txt|pyproject\\.toml|Pipfile|setup\\.py|setup\\.cfg|Cargo\\.toml|go\\.mod|Gemfile|[^/]*\\.gemspec|pom\\.xml|build\\.gradle(?:\\.kts)?|composer\\.json|[^/]*\\.csproj|pubspec\\.yaml|mix\\.exs|deno\\.jsonc?)$',
    ),
    what: 'package manifest',
  },

  {
    category: 'shell-rc',
    pattern: seg('\\.(?:bashrc|bash_profile|bash_login|bash_logout|zshrc|zshenv|zprofile|zlogin|profile|kshrc|cshrc|tcshrc)$'),
    what: 'shell start-up file',
  },
  { category: 'shell-rc', pattern: seg('(?:\\.config/fish/config\\.fish|Microsoft\\.PowerShell_profile\\.ps1)$'), what: 'shell start-up file' },
  { category: 'git-hook', pattern: seg('\\.git/hooks/'), what: 'git hook' },
  { category: 'git-hook', pattern: seg('\\.husky/'), what: 'Husky git hook' },
  { category: 'git-hook', pattern: seg('(?:lefthook|\\.lefthook)\\.ya?ml$'), what: 'Lefthook git hooks' },
  { category: 'git-hook', pattern: seg('\\.pre-commit-config\\.yaml$'), what: 'pre-commit hooks' },
  { category: 'git-internals', pattern: /(?:^|\/)\.git(?:\/(?!hooks\/)|$)/i, what: 'git repository internals' },

  {
    category: 'system',
    pattern:
      /^(?:\/(?:etc|usr|bin|sbin|boot|lib|lib32|lib64|opt|var|sys|proc|dev|System|Library|private\/etc)(?:\/|$)|[a-z]:\/(?:windows|program files)(?:\/|$))/i,
    what: 'system folder',
  },
  {
    category: 'database-file',
    pattern:
      /\.(?:sqlite3?|db3?|mdf|ldf|ibd|frm|myd|myi)$|(?:^|\/)(?:var\/lib\/(?:postgresql|mysql|mongodb|redis|cassandra|elasticsearch)|pgdata|pg_wal|mysql-data)(?:\/|$)/i,
    what: 'database file',
  },
  { category: 'script', pattern: /\.(?:sh|bash|zsh|ksh|ps1|psm1|bat|cmd|command)$/i, what: 'shell script' },
];

/** Forward slashes, no leading `./`, no trailing slash (kept as `isDir`). */
export function normalizePath(path: string): { path: string; isDir: boolean } {
  let p = path.replace(/\\/g, '/').trim();
  while (p.startsWith('./')) p = p.slice(2);
  p = p.replace(/\/{2,}/g, '/');
  const isDir = p.length > 1 && p.endsWith('/');
  if (isDir) p = p.replace(/\/+$/, '');
  return { path: p, isDir };
}

export interface GuardedMatch {
  category: GuardedCategory;
  what: string;
}

/** Classifications already made (a pure function of the path), as in where.ts. */
const CLASSIFIED = new BoundedMemo<readonly GuardedMatch[]>();

/** For benchmarks: start from nothing known, as a fresh hook process does. */
export function forgetClassifications(): void {
  CLASSIFIED.clear();
}

/** Every category the path falls in, first match per category, in table order. */
export function classifyPath(path: string): readonly GuardedMatch[] {
  return CLASSIFIED.get(path, () => Object.freeze(classifyPathOnce(path).map((m) => Object.freeze(m))));
}

function classifyPathOnce(path: string): GuardedMatch[] {
  const { path: p } = normalizePath(path);
  const out: GuardedMatch[] = [];
  const lower = p.toLowerCase();
  for (const g of GUARDED_PATHS) {
    if (out.some((m) => m.category === g.category)) continue;
    // A path without any of the pattern's necessary texts is not tested against it, so V8 never
    // compiles it (it compiles a pattern on its first test, in every hook process).
    if (!mayMatch(g.pattern, p, lower)) continue;
    if (g.pattern.test(p)) out.push({ category: g.category, what: g.what });
  }
  // A migration folder holds migrations, not the ordinary files next to them.
  if (out.some((m) => m.category === 'migration') && /(?:^|\/)(?:README|CHANGELOG)[^/]*$/i.test(p)) {
    return out.filter((m) => m.category !== 'migration');
  }
  return out;
}

/** The VS Code (and fork) settings keys that let an agent act without asking. */
export const AUTO_APPROVE_KEYS = [
  'chat.tools.autoApprove',
  'chat.tools.global.autoApprove',
  'chat.tools.terminal.autoApprove',
  'chat.tools.edits.autoApprove',
  'chat.tools.urls.autoApprove',
  'chat.agent.autoApprove',
  'github.copilot.chat.agent.autoApprove',
  'kiroAgent.trustedCommands',
  'kiroAgent.autopilot',
] as const;

/** Settings of the guard itself; any change by an agent is tampering. */
export const GUARD_SETTING_PREFIX = 'blastRadius.';
