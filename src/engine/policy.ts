// Policy: parse and validate `.blast-radius/policy.json` text (JSON with comments), report each
// error with its line, and resolve defaults. Pure: the caller reads the file.
// zod and jsonc-parser are required inside the functions that need them: the default policy (no
// policy file, the common case on the hook's path) is built without either.
import type { Level, Policy, PolicyInput, Requirement } from './schema';
import { lineColumn } from './jsonc';
import { DEFAULT_ENVIRONMENTS, DEFAULT_REQUIRES, withCriticalFloor } from './vocab';

const schemas = () => require('./schema') as typeof import('./schema');
const jsonc = () => require('jsonc-parser') as typeof import('jsonc-parser');

export interface ResolvedPolicy extends Policy {
  /** `requires` with every level filled in. */
  levels: Record<Level, Requirement>;
  envPatterns: { prod: string[]; staging: string[]; dev: string[] };
}

export interface PolicyError {
  line: number;
  column: number;
  message: string;
}

export type PolicyResult = { ok: true; policy: ResolvedPolicy } | { ok: false; errors: PolicyError[] };

export function resolvePolicy(input: PolicyInput = {}): ResolvedPolicy {
  const p = schemas().Policy.parse(input);
  return withDefaults(p);
}

/** What `Policy.parse({})` gives, written out so the default needs no zod (a test keeps them equal). */
export const DEFAULT_POLICY_VALUES: Policy = {
  version: 1,
  requires: {},
  environments: {},
  protectedPaths: [],
  protectedBranches: ['main', 'master', 'production', 'release/*', 'release-*'],
  protectedNames: [],
  reviewers: [],
  allowedSignersFile: '.blast-radius/allowed_signers',
  rules: [],
  commands: {},
  hook: {},
  task: {},
};

function withDefaults(p: Policy): ResolvedPolicy {
  return {
    ...p,
    levels: withCriticalFloor({ ...DEFAULT_REQUIRES, ...p.requires }),
    envPatterns: {
      prod: p.environments.prod ?? DEFAULT_ENVIRONMENTS.prod,
      staging: p.environments.staging ?? DEFAULT_ENVIRONMENTS.staging,
      dev: p.environments.dev ?? DEFAULT_ENVIRONMENTS.dev,
    },
  };
}

let defaultPolicy: ResolvedPolicy | undefined;
export function getDefaultPolicy(): ResolvedPolicy {
  return (defaultPolicy ??= withDefaults(structuredClone(DEFAULT_POLICY_VALUES)));
}

/** Parses policy text; every error carries the line and column it points at. Never throws. */
export function parsePolicyText(text: string): PolicyResult {
  if (!text.trim()) return { ok: false, errors: [{ line: 1, column: 1, message: 'empty policy file' }] };
  const { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode } = jsonc();
  const parseErrors: import('jsonc-parser').ParseError[] = [];
  const tree = parseTree(text, parseErrors, { allowTrailingComma: true, disallowComments: false });
  if (parseErrors.length || !tree) {
    if (!parseErrors.length) return { ok: false, errors: [{ line: 1, column: 1, message: 'empty policy file' }] };
    return {
      ok: false,
      errors: parseErrors.map((e) => ({ ...lineColumn(text, e.offset), message: `invalid JSON: ${printParseErrorCode(e.error)}` })),
    };
  }
  const value: unknown = getNodeValue(tree);
  const result = schemas().Policy.safeParse(value);
  if (result.success) return { ok: true, policy: withDefaults(result.data) };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => {
      // Point at the deepest node of the path that exists in the file.
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      let node = undefined;
      for (let n = path.length; n >= 0 && !node; n--) node = findNodeAtLocation(tree, path.slice(0, n));
      const where = path.length ? path.join('.') : '(top level)';
      return { ...lineColumn(text, node?.offset ?? 0), message: `${where}: ${issue.message}` };
    }),
  };
}

export function formatPolicyErrors(file: string, errors: PolicyError[]): string {
  return errors.map((e) => `${file}:${e.line}:${e.column}: ${e.message}`).join('\n');
}


export const PolicyJsonSchema = (): unknown => (require('zod') as typeof import('zod')).z.toJSONSchema(schemas().Policy, { io: 'input' });
