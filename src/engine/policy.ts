// Policy: parse and validate `.blast-radius/policy.json` text (JSON with comments), report each
// error with its line, and resolve defaults. Pure: the caller reads the file.
// zod and jsonc-parser are required inside the functions that need them: the default policy (no
// policy file, the common case on the hook's path) is built without either.
import type { Level, Policy, PolicyInput, Requirement } from './schema';
import { nearest } from './edit-distance';
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
    // The first error only: the parser's later ones follow from it (a missing bracket reported again at the end).
    const e = parseErrors[0]!;
    return { ok: false, errors: [{ ...lineColumn(text, e.offset), message: `invalid JSON: ${printParseErrorCode(e.error)}` }] };
  }
  const value: unknown = getNodeValue(tree);
  const result = schemas().Policy.safeParse(value);
  // A point in the file: the deepest node of the path that exists, or the key of a property.
  const at = (path: (string | number)[], key = false): { line: number; column: number } => {
    let node = undefined;
    for (let n = path.length; n >= 0 && !node; n--) node = findNodeAtLocation(tree, path.slice(0, n));
    const offset = key && node?.parent?.type === 'property' ? node.parent.offset : (node?.offset ?? 0);
    return lineColumn(text, offset);
  };
  const errors: PolicyError[] = [];
  for (const issue of result.success ? [] : result.error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const where = path.length ? path.join('.') : '(top level)';
    if (issue.code === 'unrecognized_keys') {
      // Each unknown key at its own line: a misspelt key would otherwise be a setting silently ignored.
      const known = keysAt(path);
      for (const k of issue.keys) errors.push({ ...at([...path, k], true), message: `${[...path, k].join('.')}: unknown key${suggest(k, known)}` });
    } else errors.push({ ...at(path), message: `${where}: ${issue.message}` });
  }
  // Rule ids a rule names: checked against the registry (loaded only when a rule names one).
  for (const u of unknownRuleIds(value)) errors.push({ ...at(u.path), message: `${u.path.join('.')}: ${u.message}` });
  if (errors.length) return { ok: false, errors: errors.sort((a, b) => a.line - b.line || a.column - b.column) };
  return { ok: true, policy: withDefaults(result.data!) };
}

/** The keys the schema allows at `path` (for "did you mean"). */
function keysAt(path: (string | number)[]): string[] {
  type Walk = { def: { type: string; valueType?: Walk }; unwrap?: () => Walk; element?: Walk; shape?: Record<string, Walk> };
  let s: Walk | undefined = schemas().Policy;
  const unwrap = (x: Walk | undefined): Walk | undefined => {
    while (x && (x.def.type === 'default' || x.def.type === 'optional') && x.unwrap) x = x.unwrap();
    return x;
  };
  for (const seg of path) {
    s = unwrap(s);
    // A record (the team's `commands`, keyed by command name): every key holds the same kind of value.
    s = typeof seg === 'number' ? s?.element : s?.def.type === 'record' ? s.def.valueType : s?.shape?.[seg];
  }
  s = unwrap(s);
  return s?.shape ? Object.keys(s.shape) : [];
}

/** " (did you mean X?)" for a word one or two edits from a known one, else the known ones. */
function suggest(word: string, known: string[]): string {
  if (!known.length) return '';
  const near = nearest(word, known, word.length <= 4 ? 1 : 2);
  return near ? ` (did you mean "${near}"?)` : ` (known here: ${known.join(', ')})`;
}

/**
 * `rules[].when.rule` globs that match no declared rule: such a rule could never apply, so the
 * team's intent (deny this, confirm that) would be switched off silently.
 */
function unknownRuleIds(value: unknown): { path: (string | number)[]; message: string }[] {
  const rules = value && typeof value === 'object' ? (value as { rules?: unknown }).rules : undefined;
  if (!Array.isArray(rules)) return [];
  const named = rules
    .map((r, i) => ({ i, glob: (r as { when?: { rule?: unknown } } | null)?.when?.rule }))
    .filter((x): x is { i: number; glob: string } => typeof x.glob === 'string' && x.glob !== '');
  if (!named.length) return [];
  const { someRule } = require('./rules/lookup') as typeof import('./rules/lookup');
  const { globMatch } = require('./glob') as typeof import('./glob');
  // The namespace the glob spells first (`sql` of `sql.drop-*`): most globs are found there.
  // The team's own commands declare their ids (`team.<id>`) in the same policy.
  const team = teamIds(value);
  const missing = named.filter(
    (x) => !team.some((id) => globMatch(x.glob, id)) && !someRule((id) => globMatch(x.glob, id), /^[a-z0-9]+(?=\.)/.exec(x.glob)?.[0]),
  );
  if (!missing.length) return [];
  const ids = [...(require('./rules/registry') as typeof import('./rules/registry')).RULES.map((r) => r.id), ...team];
  return missing.map((x) => {
    const near = nearest(x.glob, ids, 3);
    return {
      path: ['rules', x.i, 'when', 'rule'],
      message: `"${x.glob}" names no rule${near ? ` (did you mean "${near}"?)` : ''}; 'blast-radius rules' lists them`,
    };
  });
}

/** The rule ids the policy's `commands` entries raise (as packs/team.ts names them). */
function teamIds(value: unknown): string[] {
  const commands = value && typeof value === 'object' ? (value as { commands?: unknown }).commands : undefined;
  if (!commands || typeof commands !== 'object') return [];
  const { teamRuleId } = require('./analyzers/shell/packs/team') as typeof import('./analyzers/shell/packs/team');
  const ids: string[] = [];
  for (const [name, cmd] of Object.entries(commands as Record<string, unknown>)) {
    const entries = (cmd as { entries?: unknown } | null)?.entries;
    if (!Array.isArray(entries)) continue;
    for (const e of entries as { id?: unknown; sub?: unknown; read?: unknown }[]) {
      if (!e || e.read || !Array.isArray(e.sub)) continue;
      ids.push(teamRuleId(name, { ...(typeof e.id === 'string' ? { id: e.id } : {}), sub: e.sub.map(String) }));
    }
  }
  return ids;
}

export function formatPolicyErrors(file: string, errors: PolicyError[]): string {
  return errors.map((e) => `${file}:${e.line}:${e.column}: ${e.message}`).join('\n');
}

export const PolicyJsonSchema = (): unknown => (require('zod') as typeof import('zod')).z.toJSONSchema(schemas().Policy, { io: 'input' });
