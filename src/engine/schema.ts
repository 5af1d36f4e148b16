// The data model (Action, Facts, Assessment, Policy: README, "What an assessment looks like") as zod schemas. Schema and type share a name.
// Our own shapes are strict; third-party JSON (Terraform plans, change sets, tool inputs) is
// carried as `unknown` and read defensively by its analyzer.
import { z } from 'zod';
import {
  ACTION_KINDS,
  CLASSES,
  CRITICAL_REQUIREMENTS,
  ENVIRONMENTS,
  LEVELS,
  REQUIREMENTS,
  REVERSIBILITIES,
  TARGET_KINDS,
  TASK_AGREEMENTS,
  TASK_KINDS,
  TASK_OBJECTS,
} from './vocab';

export {
  ACTION_KINDS,
  CLASSES,
  CRITICAL_REQUIREMENTS,
  withCriticalFloor,
  DEFAULT_ENVIRONMENTS,
  DEFAULT_REQUIRES,
  ENVIRONMENTS,
  LEVELS,
  REQUIREMENTS,
  REVERSIBILITIES,
  TARGET_KINDS,
  TASK_AGREEMENTS,
  TASK_KINDS,
  TASK_OBJECTS,
  type ActionKind,
} from './vocab';

// ---------------------------------------------------------------------------------------------
// Shared vocabulary

export const Level = z.enum(LEVELS);
export type Level = z.infer<typeof Level>;

export const ActionClass = z.enum(CLASSES);
export type ActionClass = z.infer<typeof ActionClass>;

export const Reversibility = z.enum(REVERSIBILITIES);
export type Reversibility = z.infer<typeof Reversibility>;

export const EnvironmentName = z.enum(ENVIRONMENTS);
export type EnvironmentName = z.infer<typeof EnvironmentName>;

export const Requirement = z.enum(REQUIREMENTS);
export type Requirement = z.infer<typeof Requirement>;

// ---------------------------------------------------------------------------------------------
// Action (input)

export const ShellDialect = z.enum(['bash', 'sh', 'zsh', 'pwsh', 'cmd']);
export type ShellDialect = z.infer<typeof ShellDialect>;

export const ShellAction = z.strictObject({
  kind: z.literal('shell'),
  command: z.string(),
  cwd: z.string().optional(),
  shell: ShellDialect.optional(),
});
export const FileWriteAction = z.strictObject({
  kind: z.literal('fileWrite'),
  path: z.string(),
  content: z.string(),
  /** Content on disk before the write; absent when the file is new or unknown. */
  previous: z.string().optional(),
});
export const TextEdit = z.strictObject({ oldText: z.string(), newText: z.string() });
export type TextEdit = z.infer<typeof TextEdit>;
export const FileEditAction = z.strictObject({
  kind: z.literal('fileEdit'),
  path: z.string(),
  /** A unified diff of the change. */
  diff: z.string().optional(),
  edits: z.array(TextEdit).optional(),
});
export const FileDeleteAction = z.strictObject({
  kind: z.literal('fileDelete'),
  paths: z.array(z.string()),
});
export const PlanAction = z.strictObject({
  kind: z.literal('plan'),
  text: z.string(),
});
export const TerraformPlanAction = z.strictObject({
  kind: z.literal('terraformPlan'),
  /** `terraform show -json` / `tofu show -json` output. */
  plan: z.unknown(),
});
export const CloudFormationChangeSetAction = z.strictObject({
  kind: z.literal('cloudformationChangeSet'),
  /** `aws cloudformation describe-change-set` output. */
  changeSet: z.unknown(),
});
export const KubernetesAction = z.strictObject({
  kind: z.literal('kubernetes'),
  /** One or more YAML documents. */
  manifests: z.string(),
  operation: z.enum(['apply', 'create', 'replace', 'delete', 'patch']).optional(),
});
export const SqlAction = z.strictObject({
  kind: z.literal('sql'),
  statement: z.string(),
  dialect: z.string().optional(),
});
export const ToolCallAction = z.strictObject({
  kind: z.literal('toolCall'),
  tool: z.string(),
  input: z.unknown(),
});

export const Action = z.discriminatedUnion('kind', [
  ShellAction,
  FileWriteAction,
  FileEditAction,
  FileDeleteAction,
  PlanAction,
  TerraformPlanAction,
  CloudFormationChangeSetAction,
  KubernetesAction,
  SqlAction,
  ToolCallAction,
]);
export type Action = z.infer<typeof Action>;
export type ShellAction = z.infer<typeof ShellAction>;
export type FileWriteAction = z.infer<typeof FileWriteAction>;
export type FileEditAction = z.infer<typeof FileEditAction>;
export type FileDeleteAction = z.infer<typeof FileDeleteAction>;
export type PlanAction = z.infer<typeof PlanAction>;
export type TerraformPlanAction = z.infer<typeof TerraformPlanAction>;
export type CloudFormationChangeSetAction = z.infer<typeof CloudFormationChangeSetAction>;
export type KubernetesAction = z.infer<typeof KubernetesAction>;
export type SqlAction = z.infer<typeof SqlAction>;
export type ToolCallAction = z.infer<typeof ToolCallAction>;

// ---------------------------------------------------------------------------------------------
// Targets: what an action reaches, named so a person can type it and facts can probe it.

export const Target = z.strictObject({
  kind: z.enum(TARGET_KINDS),
  /** As written in the action (a path stays relative to the action's cwd). */
  name: z.string(),
  /** What the action does to it. */
  op: z.enum(['read', 'create', 'modify', 'replace', 'delete', 'overwrite', 'move', 'execute']).optional(),
});
export type Target = z.infer<typeof Target>;

// ---------------------------------------------------------------------------------------------
// Facts (gathered read-only outside the engine; every field optional: absent means unknown)

export const GitState = z.enum(['clean', 'dirty', 'untracked', 'ignored', 'outside']);
export type GitState = z.infer<typeof GitState>;

export const PathFacts = z.strictObject({
  /** The path as written in the action. */
  input: z.string(),
  /** Absolute, `~` and variables expanded, symlinks resolved. */
  resolved: z.string(),
  exists: z.boolean(),
  type: z.enum(['file', 'dir', 'symlink', 'other', 'missing']),
  /** Where a symlink on the way points to (the input itself or a parent). */
  symlinkTarget: z.string().optional(),
  outsideWorkspace: z.boolean(),
  /** Root, a home directory, a system folder, a mount point. */
  special: z.enum(['root', 'home', 'system', 'mount']).optional(),
  files: z.number().int().nonnegative().optional(),
  dirs: z.number().int().nonnegative().optional(),
  bytes: z.number().nonnegative().optional(),
  /** The walk stopped at its budget: counts are lower bounds. */
  atLeast: z.boolean().optional(),
  /** Files by git state under this path. */
  git: z.partialRecord(GitState, z.number().int().nonnegative()).optional(),
  /** Bytes by git state under this path (same walk as `git`). */
  gitBytes: z.partialRecord(GitState, z.number().nonnegative()).optional(),
  /** The git repository holding the path (its root), when it is in one. */
  repo: z.string().optional(),
  /** The path is (or lies in) a folder that is regenerable output: build, dist, node_modules… */
  regenerable: z.boolean().optional(),
  /** A glob or expansion: how many paths it matched, and the first few. */
  matches: z.number().int().nonnegative().optional(),
  matched: z.array(z.string()).optional(),
  /** A variable in the path was not set (the shell expands it to nothing). */
  unsetVariables: z.array(z.string()).optional(),
});
export type PathFacts = z.infer<typeof PathFacts>;

export const GitFacts = z.strictObject({
  root: z.string().optional(),
  branch: z.string().optional(),
  defaultBranch: z.string().optional(),
  protectedBranch: z.boolean().optional(),
  remote: z.strictObject({ host: z.string(), repo: z.string(), url: z.string().optional() }).optional(),
  untracked: z.number().int().nonnegative().optional(),
  ignored: z.number().int().nonnegative().optional(),
  dirty: z.number().int().nonnegative().optional(),
  stashes: z.number().int().nonnegative().optional(),
  /** Commits on the current branch that exist on no remote. */
  unpushedCommits: z.number().int().nonnegative().optional(),
  /** For `git branch -D NAME`: commits only that branch holds. */
  branchOnlyCommits: z.record(z.string(), z.number().int().nonnegative()).optional(),
  /** Bytes of the untracked / ignored files (same walk as the counts). */
  untrackedBytes: z.number().nonnegative().optional(),
  ignoredBytes: z.number().nonnegative().optional(),
  /** Untracked files that are not inside an untracked folder (what `git clean -f` without -d removes). */
  untrackedLoose: z.number().int().nonnegative().optional(),
  /** Tracked files with unstaged changes (what `git checkout -- .` loses); `dirty` also counts staged ones. */
  dirtyWorktree: z.number().int().nonnegative().optional(),
  /** The untracked/ignored counts are lower bounds (the walk stopped at its budget). */
  countsAtLeast: z.boolean().optional(),
  /** HEAD is not on a branch. */
  detached: z.boolean().optional(),
});
export type GitFacts = z.infer<typeof GitFacts>;

/** A script an action would run (`bash ./x.sh`, `node x.js`, a package.json script, a make target). */
export const ScriptFacts = z.strictObject({
  /** Absolute, resolved. */
  resolved: z.string(),
  /** The text, when it could be read within the size bound. */
  content: z.string().optional(),
  /** Why it could not be read. */
  problem: z.enum(['missing', 'unreadable', 'too-large', 'not-a-file', 'binary']).optional(),
  bytes: z.number().nonnegative().optional(),
});
export type ScriptFacts = z.infer<typeof ScriptFacts>;

export const Facts = z.strictObject({
  cwd: z.string().optional(),
  home: z.string().optional(),
  workspaceRoots: z.array(z.string()).optional(),
  /** Keyed by the path as written in the action. */
  paths: z.record(z.string(), PathFacts).optional(),
  git: GitFacts.optional(),
  kube: z.strictObject({ context: z.string().optional(), namespace: z.string().optional(), cluster: z.string().optional() }).optional(),
  aws: z.strictObject({ profile: z.string().optional(), region: z.string().optional(), account: z.string().optional() }).optional(),
  terraform: z
    .strictObject({
      workspace: z.string().optional(),
      backend: z.string().optional(),
      /** The folder Terraform runs in, relative to the workspace root (absolute when outside it). */
      dir: z.string().optional(),
      /** The backend's state key or prefix (`prod/terraform.tfstate`): names the environment as often as the folder does. */
      backendKey: z.string().optional(),
      /** Module sources of the configuration in that folder (`../modules/prod-db`). */
      modules: z.array(z.string()).optional(),
      /** Literal resource names in that folder's configuration (identifier, name, bucket…): what a destroy reaches. */
      names: z.array(z.string()).optional(),
    })
    .optional(),
  /** Plans a command would execute (`terraform apply PLANFILE`, `execute-change-set`), keyed by the argument. */
  plans: z.record(z.string(), z.strictObject({ kind: z.enum(['terraformPlan', 'cloudformationChangeSet']), json: z.unknown() })).optional(),
  /** Locations the hook trusts that are only known at run time (its own folder, a moved audit log or bridge folder). */
  guardPaths: z.array(z.string()).optional(),
  /** Files the action would run as code, keyed by the name as written (facts read them, bounded). */
  scripts: z.record(z.string(), ScriptFacts).optional(),
  /** The working directory the action names does not exist: nothing measured there can lower a level. */
  cwdMissing: z.boolean().optional(),
  /** Plain-words lines a report shows ("branch main (protected) on github.com/acme/billing"). */
  notes: z.array(z.string()).optional(),
  /** What the probes could not finish within their budget. */
  incomplete: z.array(z.string()).optional(),
});
export type Facts = z.infer<typeof Facts>;

// ---------------------------------------------------------------------------------------------
// Policy (the team's `.blast-radius/policy.json`, merged with user settings)

const Glob = z.string().min(1);

function validRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}
export const PolicyRule = z.strictObject({
  id: z.string().optional(),
  /** All given conditions must hold. Patterns are globs (`*`, `**`, `?`); `command` is a regex. */
  when: z.strictObject({
    rule: Glob.optional(),
    kind: z.enum(ACTION_KINDS).optional(),
    command: z
      .string()
      .refine((c) => validRegex(c), { error: 'not a valid regular expression (a rule that cannot match would be switched off silently)' })
      .optional(),
    path: Glob.optional(),
    tool: Glob.optional(),
  }),
  then: z.enum(['allow', 'confirm', 'typed-confirm', 'peer-review', 'deny']),
  reason: z.string().optional(),
});
export type PolicyRule = z.infer<typeof PolicyRule>;

/**
 * A team's own command, in the shape of the engine's packs (analyzers/shell/packs/table.ts): its
 * internal CLIs, which no pack can know. Entries only add findings; they never lower what a pack
 * judges, and `read` / `otherwise` matter only for commands no pack lists.
 */
const SubWord = z
  .string()
  .min(1)
  .refine((w) => !(w.length > 2 && w.startsWith('/') && w.endsWith('/')) || validRegex(w.slice(1, -1)), { error: 'not a valid regular expression' });
export const TeamCommandEntry = z.strictObject({
  /** The subcommand words (`["db", "drop"]`), `*` for any word, `/regex/` for a pattern. */
  sub: z.array(SubWord).default([]),
  /** The words may stand anywhere among the positional words. */
  anywhere: z.boolean().optional(),
  ifFlag: z.array(z.string().min(1)).optional(),
  unlessFlag: z.array(z.string().min(1)).optional(),
  /** A read or a preview: nothing to report. */
  read: z.boolean().optional(),
  /** Stable id, namespaced under `team.` (default: `team.<command>-<sub…>`). */
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'lower-case words and dashes (it becomes team.<id>)' })
    .optional(),
  level: Level.optional(),
  class: ActionClass.optional(),
  reversibility: Reversibility.optional(),
  /** `{sub}`, `{cmd}` and `{target}` are replaced. */
  message: z.string().optional(),
  /** What it reaches: the word after the subcommand, or a flag's value. */
  target: z.union([z.literal('next'), z.strictObject({ flags: z.array(z.string().min(1)).min(1) })]).optional(),
});
export type TeamCommandEntry = z.infer<typeof TeamCommandEntry>;
export const TeamCommand = z.strictObject({
  /** What the tool is, for reports. */
  about: z.string().optional(),
  entries: z.array(TeamCommandEntry).default([]),
  /** When no entry matches: `read`, `mutates`, or `vocabulary` (its words decide; the default). */
  otherwise: z.enum(['read', 'mutates', 'vocabulary']).default('vocabulary'),
  /** Options that take a value (so the value is not read as a subcommand). */
  valueFlags: z.array(z.string().min(1)).default([]),
  /** Flags whose value names an environment (`--env prod`). */
  envFlags: z.array(z.string().min(1)).default([]),
  /** Its own dry-run / preview flags. */
  dryRunFlags: z.array(z.string().min(1)).default([]),
});
export type TeamCommand = z.infer<typeof TeamCommand>;

export const Policy = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1).default(1),
  requires: z
    .strictObject({
      low: Requirement,
      medium: Requirement,
      high: Requirement,
      // The floor no file lowers: a critical action needs a second person (or is forbidden).
      critical: z.enum(CRITICAL_REQUIREMENTS, {
        error: 'critical actions need at least "peer-review" (or "deny"): a policy cannot lower the floor for teardowns and guard tampering',
      }),
    })
    .partial()
    .default({}),
  /** Words or globs that name an environment in paths, names, contexts, profiles, workspaces. */
  environments: z
    .strictObject({ prod: z.array(Glob), staging: z.array(Glob), dev: z.array(Glob) })
    .partial()
    .default({}),
  protectedPaths: z.array(Glob).default([]),
  protectedBranches: z.array(Glob).default(['main', 'master', 'production', 'release/*', 'release-*']),
  /** Stack, database, namespace, bucket names that are always sensitive. */
  protectedNames: z.array(Glob).default([]),
  reviewers: z.array(z.string()).default([]),
  allowedSignersFile: z.string().default('.blast-radius/allowed_signers'),
  rules: z.array(PolicyRule).default([]),
  /** The team's own commands (internal CLIs), judged like the engine's packs. */
  commands: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/, { error: 'a command name (no path, no spaces)' }), TeamCommand).default({}),
  hook: z
    .strictObject({
      /** Seconds the hook waits for the editor before it denies. */
      timeoutSeconds: z.number().positive().max(600).optional(),
    })
    .default({}),
  /** The person's request, read from the agent's transcript for actions above low (task-scope.ts). */
  task: z
    .strictObject({
      /** false: never read the transcript (no "Asked for", no scope.mismatch, nothing in the audit). Default true. */
      read: z.boolean().optional(),
    })
    .default({}),
});
export type Policy = z.infer<typeof Policy>;
export type PolicyInput = z.input<typeof Policy>;

// ---------------------------------------------------------------------------------------------
// Assessment (output)

export const Finding = z.strictObject({
  /** Stable, namespaced: `path.delete-recursive`, `terraform.replace-stateful`, `guard.hook-settings`. */
  rule: z.string(),
  level: Level,
  message: z.string(),
  /** The exact text that fired the rule (a command, a line, a resource address). */
  evidence: z.string(),
  class: ActionClass.optional(),
  reversibility: Reversibility.optional(),
  targets: z.array(Target).optional(),
});
export type Finding = z.infer<typeof Finding>;

export const Scope = z.strictObject({
  files: z.number().int().nonnegative().optional(),
  bytes: z.number().nonnegative().optional(),
  /** Counts are lower bounds (a walk or a parse stopped at its budget). */
  atLeast: z.boolean().optional(),
  lines: z.number().int().nonnegative().optional(),
  commands: z.number().int().nonnegative().optional(),
  resources: z.number().int().nonnegative().optional(),
  statefulResources: z.number().int().nonnegative().optional(),
  tables: z.number().int().nonnegative().optional(),
  namespaces: z.number().int().nonnegative().optional(),
  environments: z.array(z.string()).default([]),
  targets: z.array(Target).default([]),
});
export type Scope = z.infer<typeof Scope>;

export const Environment = z.strictObject({
  name: EnvironmentName,
  evidence: z.array(z.string()),
});
export type Environment = z.infer<typeof Environment>;

/**
 * The request beside an assessment: a short excerpt only (the full text is read, classified and
 * dropped), what it was read as, and how the action compares. Written by applyTaskScope; a claim
 * when it comes from elsewhere (a review request): it can add a finding, never remove one.
 */
export const TaskContext = z.strictObject({
  /** The request's first words (at most TASK_EXCERPT_MAX characters). */
  asked: z.string().max(120),
  /** The request before it, when the newest only agrees ("yes, go ahead"). */
  previous: z.string().max(120).optional(),
  kind: z.enum(TASK_KINDS),
  agreement: z.enum(TASK_AGREEMENTS),
  /** One line for the person ("You asked: '…' — this deletes …"). */
  note: z.string().max(400).optional(),
  environments: z
    .array(z.enum(['prod', 'staging', 'dev']))
    .max(3)
    .optional(),
  objects: z.array(z.enum(TASK_OBJECTS)).max(TASK_OBJECTS.length).optional(),
  files: z.array(z.string().max(200)).max(5).optional(),
  /** What a "don't / never / without" clause of the request names. */
  avoid: z
    .strictObject({
      environments: z
        .array(z.enum(['prod', 'staging', 'dev']))
        .max(3)
        .optional(),
      objects: z.array(z.enum(TASK_OBJECTS)).max(TASK_OBJECTS.length).optional(),
    })
    .optional(),
  /** A reply that only agrees or continues: what it agrees to is not in its words. */
  continuation: z.boolean().optional(),
  /** Where it was read ("Claude Code transcript"). */
  from: z.string().max(60).optional(),
});
export type TaskContext = z.infer<typeof TaskContext>;

export const Assessment = z.strictObject({
  kind: z.enum(ACTION_KINDS),
  level: Level,
  score: z.number().int().min(0).max(100),
  class: ActionClass,
  reversibility: Reversibility,
  scope: Scope,
  environment: Environment,
  findings: z.array(Finding),
  requires: Requirement,
  /** The name a person types to confirm (directory, stack, namespace, database, branch). */
  confirmTarget: z.string().optional(),
  /** sha256 (hex) of the canonical action: what an approval is bound to. */
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  summary: z.string(),
  /** What the person asked for, next to what this does (task-scope.ts); absent without a transcript. */
  task: TaskContext.optional(),
});
export type Assessment = z.infer<typeof Assessment>;
