// Scores a list of infrastructure changes (read from a Terraform plan or a CloudFormation change
// set) the same way for both: what is deleted or replaced, which of it holds data, how much of the
// plan that is, and whether it lands in a named environment. Findings are aggregated per rule, so a
// 10,000-resource plan yields a handful of findings, each naming its first resources.
import type { EnvironmentName, Finding, Target } from '../../schema';
import { type Analysis, type Counts, type EnvHint, clip, emptyAnalysis } from '../../analysis';
import { environmentOfWord } from '../../environment';
import type { ResolvedPolicy } from '../../policy';
import { type StatefulCategory, pluralCategory } from '../../stateful';

export type ChangeOp = 'create' | 'update' | 'delete' | 'replace' | 'read' | 'no-op' | 'forget' | 'import' | 'dynamic' | 'unknown';

export interface InfraChange {
  /** Terraform address, or the CloudFormation logical id (prefixed by its nested stack). */
  address: string;
  type: string;
  op: ChangeOp;
  stateful?: StatefulCategory;
  /** Module path or nested stack, for "every resource in a module is destroyed". */
  group?: string;
  /** Why: Terraform `action_reason` and `replace_paths`, CloudFormation `PolicyAction`. */
  reason?: string;
  /** The data outlives the delete (CloudFormation Snapshot, ReplaceAndSnapshot). */
  snapshot?: boolean;
  /** Only a possible replacement (CloudFormation `Replacement: Conditional`). */
  conditional?: boolean;
  /** `prevent_destroy` seen in the configuration. */
  preventDestroy?: boolean;
  /** Its delete removes everything inside it (resource group, project, cluster, namespace). */
  container?: boolean;
}

export interface ScoreOptions {
  ns: 'terraform' | 'cloudformation';
  /** The environment the plan's own names point at (module names, variables, stack name). */
  env: EnvironmentName;
  /**
   * The list holds unchanged resources too (a Terraform plan's no-ops), so "most of its resources"
   * can be measured. A change set lists only what changes; there a teardown by proportion needs
   * five or more destroyed and nothing else changing.
   */
  listsUnchanged: boolean;
}

export interface Scored {
  findings: Finding[];
  targets: Target[];
  counts: Counts;
  readOnly: boolean;
  summary: string;
  /** Per-op tallies. */
  tally: Record<ChangeOp, number>;
}

const MAX_TARGETS = 200;
const MAX_FINDING_TARGETS = 50;
/** This many updates or more make a broad change. */
export const MANY_UPDATES = 10;
/** A plan touching this many resources or more is broad, even when it only creates. */
export const LARGE_PLAN = 50;

const TARGET_OP: Partial<Record<ChangeOp, Target['op']>> = {
  create: 'create',
  update: 'modify',
  delete: 'delete',
  replace: 'replace',
  import: 'modify',
  dynamic: 'modify',
  unknown: 'modify',
};

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function evidenceOf(list: InfraChange[]): string {
  const shown = list.slice(0, 8).map((c) => (c.reason ? `${c.address} (${c.reason})` : c.address));
  const more = list.length > shown.length ? ` (+${list.length - shown.length} more)` : '';
  return clip(shown.join(', '), 220 - more.length) + more;
}

function targetsOf(list: InfraChange[]): Target[] {
  return list.slice(0, MAX_FINDING_TARGETS).map((c) => ({ kind: 'resource', name: c.address, ...(TARGET_OP[c.op] ? { op: TARGET_OP[c.op] } : {}) }));
}

/** "2 databases, 1 bucket" */
function categoriesOf(list: InfraChange[]): string {
  const by = new Map<StatefulCategory, number>();
  for (const c of list) if (c.stateful) by.set(c.stateful, (by.get(c.stateful) ?? 0) + 1);
  return [...by]
    .sort((a, b) => b[1] - a[1])
    .map(([cat, n]) => `${n} ${pluralCategory(cat, n)}`)
    .join(', ');
}

/** ", 3 of them databases" / ", a database" / ", 3 of them stateful (2 databases, 1 bucket)" */
function statefulClause(all: InfraChange[]): string {
  const st = all.filter((c) => c.stateful);
  if (st.length === 0) return '';
  const cats = new Set(st.map((c) => c.stateful));
  if (all.length === 1) return `, a ${st[0]!.stateful}`;
  if (cats.size === 1) return `, ${st.length} of them ${pluralCategory(st[0]!.stateful!, st.length)}`;
  return `, ${st.length} of them stateful (${categoriesOf(st)})`;
}

export function scoreChanges(changes: InfraChange[], opts: ScoreOptions): Scored {
  const { ns } = opts;
  const tally: Record<ChangeOp, number> = { create: 0, update: 0, delete: 0, replace: 0, read: 0, 'no-op': 0, forget: 0, import: 0, dynamic: 0, unknown: 0 };
  const by: Record<ChangeOp, InfraChange[]> = {
    create: [],
    update: [],
    delete: [],
    replace: [],
    read: [],
    'no-op': [],
    forget: [],
    import: [],
    dynamic: [],
    unknown: [],
  };
  const groups = new Map<string, { total: number; destroyed: number }>();
  let managed = 0;
  for (const c of changes) {
    tally[c.op]++;
    by[c.op].push(c);
    if (c.op === 'read') continue;
    managed++;
    if (c.group) {
      const g = groups.get(c.group) ?? { total: 0, destroyed: 0 };
      g.total++;
      if (c.op === 'delete' || (c.op === 'replace' && !c.conditional)) g.destroyed++;
      groups.set(c.group, g);
    }
  }

  const findings: Finding[] = [];
  const push = (rule: string, level: Finding['level'], message: string, list: InfraChange[], cls: Finding['class'], rev: Finding['reversibility']): void => {
    findings.push({ rule: `${ns}.${rule}`, level, message, evidence: evidenceOf(list), class: cls, reversibility: rev, targets: targetsOf(list) });
  };

  const deleted = by.delete;
  const replaced = by.replace;
  const statefulDeleted = deleted.filter((c) => c.stateful);
  const statefulReplaced = replaced.filter((c) => c.stateful);
  const lost = [...statefulDeleted, ...statefulReplaced].filter((c) => !c.snapshot);

  if (statefulDeleted.length) {
    const snap = statefulDeleted.every((c) => c.snapshot);
    push(
      'delete-stateful',
      'high',
      `Deletes ${plural(statefulDeleted.length, 'resource')} that hold${statefulDeleted.length === 1 ? 's' : ''} data (${categoriesOf(statefulDeleted)})${snap ? ', after a final snapshot' : ''}`,
      statefulDeleted,
      'destructive',
      snap ? 'recoverable' : 'irreversible',
    );
  }
  if (statefulReplaced.length) {
    const snap = statefulReplaced.every((c) => c.snapshot);
    const maybe = statefulReplaced.every((c) => c.conditional) ? 'May destroy and recreate' : 'Destroys and recreates';
    push(
      'replace-stateful',
      'high',
      `${maybe} ${plural(statefulReplaced.length, 'resource')} that hold${statefulReplaced.length === 1 ? 's' : ''} data (${categoriesOf(statefulReplaced)}); the new one starts empty${snap ? ' (a snapshot is kept)' : ''}`,
      statefulReplaced,
      'destructive',
      snap ? 'recoverable' : 'irreversible',
    );
  }
  const plainDeleted = deleted.filter((c) => !c.stateful);
  const plainReplaced = replaced.filter((c) => !c.stateful);
  if (plainDeleted.length) push('delete', 'medium', `Deletes ${plural(plainDeleted.length, 'resource')}`, plainDeleted, 'destructive', 'recoverable');
  if (plainReplaced.length) {
    const maybe = plainReplaced.every((c) => c.conditional) ? 'May destroy and recreate' : 'Destroys and recreates';
    push('replace', 'medium', `${maybe} ${plural(plainReplaced.length, 'resource')}`, plainReplaced, 'destructive', 'recoverable');
  }
  const guarded = [...deleted, ...replaced].filter((c) => c.preventDestroy);
  if (guarded.length)
    push(
      'prevent-destroy',
      'high',
      `Destroys ${plural(guarded.length, 'resource')} marked prevent_destroy`,
      guarded,
      'destructive',
      lost.length ? 'irreversible' : 'recoverable',
    );

  // Teardown: most of the plan destroyed, a whole module destroyed, or data destroyed in a named
  // environment. A teardown is never below high; assess makes it critical when data is lost.
  const destroyed = deleted.length + replaced.filter((c) => !c.conditional).length;
  const why: string[] = [];
  const most = opts.listsUnchanged
    ? (destroyed >= 3 && destroyed * 2 > managed) || (destroyed >= 2 && destroyed === managed)
    : destroyed >= 5 && destroyed === managed;
  if (most) {
    why.push(`destroys ${destroyed} of its ${managed} resources`);
  }
  for (const [g, v] of groups) {
    if (v.total >= 2 && v.destroyed === v.total) {
      why.push(`destroys every resource in ${g} (${v.total})`);
      if (why.length >= 4) break;
    }
  }
  if (lost.length && (opts.env === 'prod' || opts.env === 'staging')) why.push(`destroys data in ${opts.env} (${categoriesOf(lost)})`);
  const containers = [...deleted, ...replaced].filter((c) => c.container && !(c.op === 'replace' && c.conditional));
  if (containers.length) {
    const names = containers
      .slice(0, 3)
      .map((c) => c.address)
      .join(', ');
    why.push(
      `destroys ${names}${containers.length > 3 ? ` (+${containers.length - 3} more)` : ''} and everything in ${containers.length === 1 ? 'it' : 'them'}`,
    );
  }
  if (why.length) {
    const weight = (c: InfraChange): number => (c.container ? 2 : 0) + (c.stateful ? 1 : 0);
    const all = [...deleted, ...replaced].sort((a, b) => weight(b) - weight(a));
    push(
      'teardown',
      'high',
      `Tears down an environment: ${why.join('; ')}`,
      all,
      'environment-teardown',
      lost.length ? 'irreversible' : containers.length ? 'unknown' : 'recoverable',
    );
  }

  if (by.dynamic.length) push('dynamic', 'medium', `${plural(by.dynamic.length, 'change')} decided only when it runs`, by.dynamic, 'broad-change', 'unknown');
  if (by.unknown.length)
    push('unknown-action', 'medium', `${plural(by.unknown.length, 'change')} with an action this version does not know`, by.unknown, 'broad-change', 'unknown');
  if (tally.update >= MANY_UPDATES) push('many-updates', 'medium', `Updates ${tally.update} resources in place`, by.update, 'broad-change', 'reversible');
  const touched = managed - tally['no-op'];
  if (touched >= LARGE_PLAN && tally.update < MANY_UPDATES && destroyed === 0) {
    push('large-plan', 'low', `Touches ${touched} resources`, [...by.update, ...by.create], 'broad-change', 'reversible');
  }
  if (by.forget.length)
    push(
      'forget',
      'low',
      `Stops managing ${plural(by.forget.length, 'resource')}; ${by.forget.length === 1 ? 'it keeps' : 'they keep'} running`,
      by.forget,
      'targeted-patch',
      'reversible',
    );

  // Targets: destroyed containers first, then destroyed data, then everything else that changes.
  const order: ChangeOp[] = ['replace', 'delete', 'dynamic', 'unknown', 'update', 'import', 'create', 'forget'];
  const passes: ((c: InfraChange, op: ChangeOp) => boolean)[] = [
    (c, op) => Boolean(c.container) && (op === 'delete' || op === 'replace'),
    (c, op) => Boolean(c.stateful) && (op === 'delete' || op === 'replace'),
    () => true,
  ];
  const targets: Target[] = [];
  const seen = new Set<string>();
  for (const take of passes) {
    for (const op of order) {
      for (const c of by[op]) {
        if (targets.length >= MAX_TARGETS) break;
        if (seen.has(c.address) || !take(c, op)) continue;
        seen.add(c.address);
        targets.push({ kind: 'resource', name: c.address, ...(TARGET_OP[op] ? { op: TARGET_OP[op] } : {}) });
      }
    }
  }

  const counts: Counts = { resources: touched, statefulResources: changes.filter((c) => c.stateful && c.op !== 'no-op' && c.op !== 'read').length };
  const readOnly = touched === 0;
  return { findings, targets, counts, readOnly, summary: summaryOf(by, tally), tally };
}

function summaryOf(by: Record<ChangeOp, InfraChange[]>, tally: Record<ChangeOp, number>): string {
  const parts: string[] = [];
  if (tally.replace) {
    const verb = by.replace.every((c) => c.conditional) ? 'may destroy and recreate' : 'destroys and recreates';
    parts.push(`${verb} ${plural(tally.replace, 'resource')}${statefulClause(by.replace)}`);
  }
  if (tally.delete) parts.push(`destroys ${plural(tally.delete, 'resource')}${statefulClause(by.delete)}`);
  if (tally.dynamic) parts.push(`changes ${plural(tally.dynamic, 'resource')} decided at run time`);
  if (tally.unknown) parts.push(`does something unknown to ${plural(tally.unknown, 'resource')}`);
  if (tally.update) parts.push(`updates ${plural(tally.update, 'resource')}`);
  if (tally.import) parts.push(`imports ${plural(tally.import, 'resource')}`);
  if (tally.create) parts.push(`creates ${plural(tally.create, 'resource')}`);
  if (tally.forget) parts.push(`stops managing ${plural(tally.forget, 'resource')}`);
  if (parts.length === 0) {
    const quiet: string[] = [];
    if (tally['no-op']) quiet.push(`${plural(tally['no-op'], 'resource')} unchanged`);
    if (tally.read) quiet.push(`reads ${plural(tally.read, 'data source')}`);
    return `Changes nothing${quiet.length ? ` (${quiet.join(', ')})` : ''}`;
  }
  const text = parts.join('; ');
  return text[0]!.toUpperCase() + text.slice(1);
}

/** A plan or change set that cannot be read at all: high and wide, never low (fails closed). */
export function unreadableInput(rule: string, what: string, reason: string, evidence: string): Analysis {
  const a = emptyAnalysis();
  a.findings.push({
    rule,
    level: 'high',
    message: `This ${what} ${reason}, so what it does is unknown`,
    evidence,
    class: 'broad-change',
    reversibility: 'unknown',
  });
  a.summary = `A ${what} that cannot be read`;
  return a;
}

/** The most sensitive environment the hints name (prod wins at once; then staging; then any). */
export function strongestEnvironment(hints: readonly EnvHint[], policy: ResolvedPolicy): EnvironmentName {
  let env: EnvironmentName | undefined;
  for (const h of hints) {
    const e = environmentOfWord(h.value, policy);
    if (e === 'prod') return e;
    if (e === 'staging' || (e && !env)) env = e;
  }
  return env ?? 'unknown';
}
