// The engine's vocabulary as plain constants, with no zod: what the hook's start-up path needs
// without building a single schema (zod's set-up is most of the engine's load time). schema.ts
// builds its enums from these and re-exports them.

export const LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export const CLASSES = ['read-only', 'targeted-patch', 'broad-change', 'destructive', 'environment-teardown'] as const;
/** Ordered from best to worst; `unknown` ranks between recoverable and irreversible. */
export const REVERSIBILITIES = ['reversible', 'recoverable', 'unknown', 'irreversible'] as const;
export const ENVIRONMENTS = ['dev', 'staging', 'prod', 'unknown'] as const;
export const REQUIREMENTS = ['none', 'confirm', 'typed-confirm', 'peer-review', 'deny'] as const;
/** What a critical action may need: never less than a second person. */
export const CRITICAL_REQUIREMENTS = ['peer-review', 'deny'] as const;

/** The requirement with the critical floor applied (a settings value below it is raised to it). */
export function withCriticalFloor<T extends Record<string, (typeof REQUIREMENTS)[number]>>(levels: T): T {
  const c = levels.critical;
  if (c !== undefined && REQUIREMENTS.indexOf(c) < REQUIREMENTS.indexOf('peer-review')) return { ...levels, critical: 'peer-review' };
  return levels;
}
export const ACTION_KINDS = [
  'shell',
  'fileWrite',
  'fileEdit',
  'fileDelete',
  'plan',
  'terraformPlan',
  'cloudformationChangeSet',
  'kubernetes',
  'sql',
  'toolCall',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];
export const TARGET_KINDS = [
  'path',
  'branch',
  'repository',
  'stack',
  'namespace',
  'cluster',
  'database',
  'table',
  'resource',
  'bucket',
  'workspace',
  'context',
  'host',
  'other',
] as const;

export const DEFAULT_REQUIRES: Record<(typeof LEVELS)[number], (typeof REQUIREMENTS)[number]> = {
  low: 'none',
  medium: 'confirm',
  high: 'typed-confirm',
  critical: 'peer-review',
};

export const DEFAULT_ENVIRONMENTS: Record<'prod' | 'staging' | 'dev', string[]> = {
  prod: ['prod', 'production', 'live', 'prd'],
  staging: ['stage', 'staging', 'preprod', 'stg'],
  dev: ['dev', 'development', 'test', 'sandbox', 'local'],
};

// Task scope (task-scope.ts): what the person's request asks for, widest last.
export const TASK_KINDS = [
  'question',
  'fix',
  'change',
  'build',
  'feature',
  'refactor',
  'migration',
  'deploy',
  'cleanup',
  'delete',
  'rebuild',
  'teardown',
  'unclear',
] as const;
/** How an action compares with the request: wider (a finding), asked for, within it, broader but not destructive, or not judged. */
export const TASK_AGREEMENTS = ['mismatch', 'asked', 'consistent', 'broader', 'unclear'] as const;
/** What a request names, in the engine's target kinds (plus `code`: lines, imports, functions). */
export const TASK_OBJECTS = ['database', 'table', 'stack', 'namespace', 'cluster', 'bucket', 'branch', 'repository', 'path', 'resource', 'code'] as const;

/**
 * Findings that only raise the level of what other findings found (production, the teardown
 * floor): summaries and the safer alternative name what happens, so they look past these first.
 */
export const RAISE_RULES: ReadonlySet<string> = new Set(['env.prod', 'engine.teardown']);
