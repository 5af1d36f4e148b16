// The rule families declared in this folder, one module per namespace, each required on first
// use: the registry joins them all, while a lookup of one rule (rules/safer.ts) loads only the
// module of its namespace.
import type { RuleDecl } from './types';

export const FAMILY_LOADERS: Readonly<Record<string, () => readonly RuleDecl[]>> = {
  cloudformation: () => (require('./cloudformation') as typeof import('./cloudformation')).CLOUDFORMATION_RULES,
  engine: () => (require('./engine') as typeof import('./engine')).ENGINE_RULES,
  env: () => (require('./env') as typeof import('./env')).ENV_RULES,
  facts: () => (require('./facts') as typeof import('./facts')).FACTS_RULES,
  file: () => (require('./file') as typeof import('./file')).FILE_RULES,
  guard: () => (require('./guard') as typeof import('./guard')).GUARD_RULES,
  kubernetes: () => (require('./kubernetes') as typeof import('./kubernetes')).KUBERNETES_RULES,
  path: () => (require('./path') as typeof import('./path')).PATH_RULES,
  plan: () => (require('./plan') as typeof import('./plan')).PLAN_RULES,
  policy: () => (require('./policy') as typeof import('./policy')).POLICY_RULES,
  scope: () => (require('./scope') as typeof import('./scope')).SCOPE_RULES,
  shell: () => (require('./shell') as typeof import('./shell')).SHELL_RULES,
  sql: () => (require('./sql') as typeof import('./sql')).SQL_RULES,
  terraform: () => (require('./terraform') as typeof import('./terraform')).TERRAFORM_RULES,
  tool: () => (require('./tool') as typeof import('./tool')).TOOL_RULES,
};
