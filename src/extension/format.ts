// What the person reads: the decision panel's content, the review documents for plans, Terraform
// plans, change sets and commands, and the proposed content of file writes and edits. Pure (no
// vscode import), so the wording is tested in plain Node; the extension only shows it.
// Words over vocabulary: "cannot be undone" rather than `irreversible`, "tears down an environment"
// rather than `environment-teardown`; paths relative to the workspace, each named once; a quoted
// plan stays quoted (fenced), so its headings never look like the document's own.
import { applyPatch } from 'diff';
import type { Action, ActionClass, Assessment, Finding, Level, Requirement, Reversibility } from '../engine';
import { formatBytes, formatCount } from '../engine/format';
import { saferAlternative } from '../engine/rules/safer';

export { formatBytes };

export const LEVEL_ORDER: Level[] = ['low', 'medium', 'high', 'critical'];
export const levelRank = (l: Level): number => LEVEL_ORDER.indexOf(l);

const MAX_FINDINGS = 6;

/** What an assessed action is, with who asked and what the facts said (notes in plain words). */
export interface Subject {
  assessment: Assessment;
  action: Action;
  agent: string;
  /** The folder the action runs in: paths under it are shown relative to it. */
  cwd?: string;
  /** Facts in plain words (src/facts/notes.ts). */
  notes?: string[];
}

/** What it does, as a predicate: "It tears down an environment". */
export const CLASS_WORDS: Record<ActionClass, string> = {
  'read-only': 'only reads',
  'targeted-patch': 'makes a targeted change',
  'broad-change': 'makes a broad change',
  destructive: 'deletes or overwrites data',
  'environment-teardown': 'tears down an environment',
};

/** Whether it can be undone, as a clause: "it cannot be undone". */
export const REVERSIBILITY_WORDS: Record<Reversibility, string> = {
  reversible: 'it can be undone',
  recoverable: 'it can be recovered (git, versioning or backups)',
  irreversible: 'it cannot be undone',
  unknown: 'whether it can be undone is not known',
};

export const REQUIRES_WORDS: Record<Requirement, string> = {
  none: 'runs without asking',
  confirm: 'needs your confirmation',
  'typed-confirm': "needs you to type the target's name",
  'peer-review': 'needs a second person',
  deny: 'refused by the policy',
};

/** Removes what only markdown would render: backticks, emphasis, heading marks. */
export function plain(text: string): string {
  return text
    .replace(/`+/g, '')
    .replace(/\*\*|__/g, '')
    .replace(/^#+\s*/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function oneLine(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** `text` with `cwd/x` written as `x` (and `cwd` itself as `.`): a long temp path shown once, short. */
export function relativize(text: string, cwd: string | undefined): string {
  if (!cwd || cwd === '/' || !text) return text;
  const base = cwd.replace(/\/+$/, '');
  return text.split(`${base}/`).join('').split(base).join('.');
}

/**
 * The headline: the summary's first clause (a plan's quoted sentence and the commands follow as
 * findings), without markdown, paths relative, with the environment when it is prod or staging.
 */
export function headline(s: Subject, max = 160): string {
  return oneLine(headlineOf(s.assessment, s.cwd), max);
}

function headlineOf(a: Assessment, cwd: string | undefined): string {
  let h = plain(relativize(firstClause(a.summary), cwd)).replace(/\s*\(\+\d+ more findings?\)$/, '');
  const env = a.environment.name;
  if ((env === 'prod' || env === 'staging') && !h.toLowerCase().includes(env)) h += ` in ${env}`;
  return h;
}

/** A short title for a tab or a list: "CRITICAL · Deletes the namespace payments-prod". */
export function shortTitle(s: Subject, max = 70): string {
  return `${s.assessment.level.toUpperCase()} · ${oneLine(plain(relativize(firstClause(s.assessment.summary), s.cwd)), max)}`;
}

/** Up to the first colon or semicolon: the summary's own headline ("Plan intends to …: "quote"; runs …"). */
function firstClause(text: string): string {
  const cut = text.search(/[:;]\s/);
  return cut > 12 ? text.slice(0, cut) : text;
}

/** What the agent wants to do, in a few words ("run a command", "write .vscode/settings.json"). */
export function describeAction(action: Action, cwd?: string): string {
  const rel = (p: string): string => relativize(p, cwd);
  switch (action.kind) {
    case 'shell':
      return `$ ${oneLine(action.command, 100)}`;
    case 'fileWrite':
      return `write ${rel(action.path)}`;
    case 'fileEdit':
      return `edit ${rel(action.path)}`;
    case 'fileDelete':
      return `delete ${action.paths.slice(0, 3).map(rel).join(', ')}${action.paths.length > 3 ? ` (+${action.paths.length - 3})` : ''}`;
    case 'plan':
      return `a plan: “${oneLine(planTitle(action.text), 80)}”`;
    case 'terraformPlan':
      return 'a Terraform plan';
    case 'cloudformationChangeSet':
      return 'a CloudFormation change set';
    case 'kubernetes':
      return `kubectl ${action.operation ?? 'apply'} of manifests`;
    case 'sql':
      return `SQL: ${oneLine(action.statement, 80)}`;
    case 'toolCall':
      return `the tool ${action.tool}`;
  }
}

/** What the asker wants, as the decision panel's second line: "claude wants to run a command". */
export function wantsTo(s: Subject): string {
  const a = s.action;
  const what =
    a.kind === 'shell'
      ? 'run a command'
      : a.kind === 'fileWrite'
        ? `write ${relativize(a.path, s.cwd)}`
        : a.kind === 'fileEdit'
          ? `edit ${relativize(a.path, s.cwd)}`
          : a.kind === 'fileDelete'
            ? `delete ${a.paths.length === 1 ? relativize(a.paths[0]!, s.cwd) : `${a.paths.length} paths`}`
            : a.kind === 'plan'
              ? 'carry out a plan'
              : a.kind === 'terraformPlan'
                ? 'apply a Terraform plan'
                : a.kind === 'cloudformationChangeSet'
                  ? 'execute a CloudFormation change set'
                  : a.kind === 'kubernetes'
                    ? `${a.operation ?? 'apply'} Kubernetes manifests`
                    : a.kind === 'sql'
                      ? 'run SQL'
                      : `call the tool ${a.tool}`;
  return s.agent === 'you' ? `assessed on request: ${what}` : `${s.agent} wants to ${what}`;
}

/** The plan's first heading or first sentence, without markdown. */
export function planTitle(text: string): string {
  const heading = /^\s{0,3}#{1,6}\s+(.+)$/m.exec(text)?.[1];
  if (heading) return plain(heading);
  const first = text.split(/\n\s*\n/)[0] ?? text;
  return plain(first.split(/(?<=[.!?])\s/)[0] ?? first);
}

/** The findings that drove the level (those at the assessment's level first). */
export function drivingFindings(a: Assessment, max = MAX_FINDINGS): Finding[] {
  return [...a.findings].sort((x, y) => levelRank(y.level) - levelRank(x.level)).slice(0, max);
}

/**
 * Why the whole is at its level: the finding at that level, or — when every finding is lower —
 * the rule that lifted it (a teardown is never below high; critical in prod or when it cannot be
 * undone). Undefined for low.
 */
export function explainLevel(a: Assessment, cwd?: string): string | undefined {
  if (a.level === 'low') return undefined;
  const L = a.level.toUpperCase();
  const at = a.findings.find((f) => f.level === a.level);
  if (at?.rule === 'env.prod') {
    const teardown = a.class === 'environment-teardown' ? '; and tearing down an environment in prod is critical whatever the other findings say' : '';
    return `${L} because it is aimed at production (${oneLine(relativize(at.evidence ?? '', cwd), 120) || 'environment prod'}): anything more than a targeted change in prod is raised one level${teardown}.`;
  }
  if ((!at || at.rule === 'engine.teardown') && a.class === 'environment-teardown') {
    const why = a.environment.name === 'prod' ? 'in production' : a.reversibility === 'irreversible' ? 'and cannot be undone' : '';
    return `${L} because it tears down an environment${why ? ` ${why}` : ''}: a teardown is never below high, and critical in prod or when nothing can bring it back.`;
  }
  if (at && /guard tampering/i.test(a.summary))
    return `${L} because an agent would be loosening its own guard (finding ${at.rule}): that is critical whatever else it does.`;
  if (at && headlineOf(a, cwd) === plain(relativize(at.message, cwd))) return `${L} because of the finding in the headline (${at.rule}).`;
  if (at) return `${L} because: ${plain(relativize(at.message, cwd))} (finding ${at.rule}).`;
  return undefined;
}

/** One finding as the panel and the document show it: evidence only where it adds something. */
export interface FindingLine {
  level: Level;
  rule: string;
  message: string;
  evidence?: string;
}

export function findingLines(s: Subject, max = MAX_FINDINGS): { lines: FindingLine[]; more: number } {
  const head = headline(s, 10_000);
  const path = 'path' in s.action ? relativize(s.action.path, s.cwd) : undefined;
  const lines: FindingLine[] = [];
  for (const f of drivingFindings(s.assessment, s.assessment.findings.length)) {
    // The scope mismatch is said once, beside "Asked for" (taskLines).
    if (f.rule === 'scope.mismatch' && s.assessment.task?.note) continue;
    const message = plain(relativize(f.message, s.cwd));
    // The headline already is this finding: said once.
    if (message === head) continue;
    const evidence = f.evidence ? oneLine(relativize(f.evidence, s.cwd), 160) : '';
    // Facts findings carry machine evidence (`git: outside 43797`) and the environment's is in the
    // facts section: said once, in words, there.
    const repeats =
      !evidence ||
      f.rule.startsWith('facts.') ||
      f.rule === 'env.prod' ||
      f.rule === 'engine.teardown' ||
      evidence === path ||
      head.includes(plain(evidence)) ||
      message.includes(evidence);
    lines.push({ level: f.level, rule: f.rule, message, ...(repeats ? {} : { evidence }) });
  }
  return { lines: lines.slice(0, max), more: Math.max(0, lines.length - max) };
}

const OP_WORDS: Record<string, string> = {
  delete: 'deletes',
  replace: 'replaces',
  overwrite: 'overwrites',
  modify: 'changes',
  move: 'moves',
  create: 'creates',
  read: 'reads',
  execute: 'runs',
};

/** Targets in words: "deletes everything in the Terraform state", "deletes resource cost-reports-prod". */
export function plainTargets(a: Assessment, cwd?: string, max = 5): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of a.scope.targets) {
    const verb = OP_WORDS[t.op ?? ''] ?? 'reaches';
    const name = relativize(t.name, cwd);
    const what =
      t.kind === 'stack' && / state$/.test(t.name)
        ? `everything in the ${t.name
            .replace(/ state$/, '')
            .replace(/^terraform$/i, 'Terraform')
            .replace(/^tofu$/i, 'OpenTofu')} state`
        : t.kind === 'path'
          ? name
          : `${t.kind} ${name}`;
    const line = `${verb} ${what}`;
    if (seen.has(line)) continue;
    seen.add(line);
    out.push(line);
  }
  return out.length > max ? [...out.slice(0, max), `and ${out.length - max} more`] : out;
}

/** The environment in words, with where it was seen: "prod (working directory infra/prod; …)". */
export function environmentWords(a: Assessment, cwd?: string): string | undefined {
  if (a.environment.name === 'unknown') return undefined;
  const ev = a.environment.evidence.map((e) => relativize(e, cwd));
  return `${a.environment.name}${ev.length ? ` (from ${oneLine(ev.join('; '), 160)})` : ''}`;
}

/** How far it reaches, in plain words: counts, environment, class, reversibility, targets, facts. */
export function factLines(s: Subject): string[] {
  const a = s.assessment;
  const sc = a.scope;
  const out: string[] = [];
  const more = sc.atLeast ? 'at least ' : '';
  const n = (v: number, w: string) => `${formatCount(v)} ${w}${v === 1 ? '' : 's'}`;
  const counts: string[] = [];
  if (sc.files) counts.push(`${more}${n(sc.files, 'file')}${sc.bytes ? ` (${formatBytes(sc.bytes)})` : ''}`);
  if (sc.resources) counts.push(`${n(sc.resources, 'resource')}${sc.statefulResources ? `, ${sc.statefulResources} holding data` : ''}`);
  if (sc.tables) counts.push(n(sc.tables, 'table'));
  if (sc.namespaces) counts.push(n(sc.namespaces, 'namespace'));
  if (counts.length) out.push(`Reaches ${counts.join(', ')}`);
  const env = environmentWords(a, s.cwd);
  out.push(env ? `Environment: ${env}` : 'Environment: not identified (no prod, staging or dev name found)');
  out.push(`It ${CLASS_WORDS[a.class]}; ${REVERSIBILITY_WORDS[a.reversibility]}`);
  // Each path once: a target the headline already names is not listed again.
  const head = headline(s, 10_000);
  const targets = plainTargets(a, s.cwd).filter((t) => !head.includes(t.replace(/^\w+ /, '')));
  if (targets.length) out.push(`It ${targets.join('; ')}`);
  const path = 'path' in s.action ? relativize(s.action.path, s.cwd) : undefined;
  // Each path once: an absolute path already named (in a finding or an earlier fact) is not repeated.
  const seen = new Set<string>();
  for (const f of s.assessment.findings) for (const p of absolutePaths(relativize(f.message, s.cwd))) seen.add(p);
  for (const note of s.notes ?? []) {
    let line = relativize(note, s.cwd);
    // The headline names the file already: "It does not exist now", not the path again.
    if (path && head.includes(path) && line.startsWith(`${path} `)) line = `It${line.slice(path.length)}`;
    else if (path && head.includes(path)) line = line.replace(` in ${path}`, '').replace(` ${path}`, '');
    for (const p of absolutePaths(line)) {
      if (seen.has(p)) line = line.replace(` (${p})`, '').replace(` in ${p}`, '');
      seen.add(p);
    }
    if (!out.includes(line)) out.push(line.charAt(0).toUpperCase() + line.slice(1));
  }
  return out;
}

/** Files, resources, environments and targets in plain words (the language model tool's answer). */
export function scopeFacts(a: Assessment): string[] {
  return factLines({ assessment: a, action: { kind: 'plan', text: '' }, agent: '' });
}

// ---------------------------------------------------------------------------------------------
// The decision panel's content (rendered as HTML by decision-html.ts).

export interface DecisionView {
  id: string;
  level: Level;
  requires: Requirement;
  /** The panel's tab title. */
  title: string;
  headline: string;
  wants: string;
  /** Why the whole is at its level. */
  why?: string;
  /** What the agent could do instead: the deciding rule's declared alternative (rules/safer.ts). */
  safer?: string;
  findings: FindingLine[];
  moreFindings: number;
  facts: string[];
  /** The command, SQL or plan text itself, when it is short enough to read here. */
  body?: { label: string; text: string };
  confirmTarget?: string;
  /** Epoch ms when the asker stops waiting (the answer is deny then). */
  deadline?: number;
  asked: number;
  /** What the person asked for (from the agent's transcript), beside what is about to happen. */
  task?: TaskLines;
}

/** "Asked for" next to "About to do", as the panel, the review and the peer request show them. */
export interface TaskLines {
  /** The request's first words. */
  askedFor: string;
  /** Where it was read ("Claude Code transcript"). */
  from?: string;
  /** The request before it, when the newest only agrees ("yes"). */
  before?: string;
  aboutToDo: string;
  /** mismatch | asked | consistent | broader | unclear */
  agreement: string;
  /** One line: "You asked: '…' — this deletes and recreates the environment", "You asked for this: '…'". */
  note?: string;
}

/** The task lines of an assessment, when a request was read for it. */
export function taskLines(s: Pick<Subject, 'assessment' | 'cwd'>): TaskLines | undefined {
  const t = s.assessment.task;
  if (!t) return undefined;
  return {
    askedFor: t.asked,
    ...(t.from ? { from: t.from } : {}),
    ...(t.previous ? { before: t.previous } : {}),
    aboutToDo: headline({ assessment: s.assessment, action: { kind: 'plan', text: '' }, agent: '', ...(s.cwd ? { cwd: s.cwd } : {}) }),
    agreement: t.agreement,
    ...(t.note ? { note: relativize(t.note, s.cwd) } : {}),
  };
}

const BODY_LINES = 40;

export function decisionView(s: Subject, q: { id: string; created: number; deadline?: number }): DecisionView {
  const a = s.assessment;
  const { lines, more } = findingLines(s);
  const body = actionBody(s.action);
  const head = headline(s);
  // Each path once: when the headline names the file, the second line does not name it again.
  const path = 'path' in s.action ? relativize(s.action.path, s.cwd) : undefined;
  const wants = path && head.includes(path) ? wantsTo(s).replace(path, 'this file') : wantsTo(s);
  return {
    id: q.id,
    level: a.level,
    requires: a.requires,
    title: `Blast Radius · ${a.level.toUpperCase()}`,
    headline: head,
    wants,
    ...(explainLevel(a, s.cwd) ? { why: explainLevel(a, s.cwd)! } : {}),
    ...(a.requires !== 'none' && saferAlternative(a) ? { safer: saferAlternative(a)!.text } : {}),
    findings: lines,
    moreFindings: more,
    facts: factLines(s),
    ...(body ? { body } : {}),
    ...(a.requires === 'typed-confirm' ? { confirmTarget: confirmName(a, s.action) } : {}),
    ...(q.deadline ? { deadline: q.deadline } : {}),
    asked: q.created,
    ...(taskLines(s) ? { task: taskLines(s)! } : {}),
  };
}

function actionBody(action: Action): DecisionView['body'] | undefined {
  const clip = (t: string) => {
    const l = t.replace(/\s+$/, '').split('\n');
    return l.length > BODY_LINES ? `${l.slice(0, BODY_LINES).join('\n')}\n… (${l.length - BODY_LINES} more lines: Review… shows all)` : l.join('\n');
  };
  switch (action.kind) {
    case 'shell':
      return { label: 'Command', text: clip(action.command) };
    case 'sql':
      return { label: 'Statement', text: clip(action.statement) };
    case 'plan':
      return { label: 'The plan, as written', text: clip(action.text) };
    default:
      return undefined;
  }
}

/**
 * The name a person types to allow a typed-confirm action: the target (branch, folder, stack,
 * namespace, database), else the program a command runs ("docker"), else the level.
 */
export function confirmName(a: Assessment, action?: Action): string {
  const program = action?.kind === 'shell' ? /^\s*(?:sudo\s+)?([\w.-]+)/.exec(action.command)?.[1] : undefined;
  return a.confirmTarget ?? a.scope.targets[0]?.name ?? program ?? a.level;
}

/**
 * The content a write or edit would leave on disk, or an error when an edit does not apply
 * (the person is then shown the raw edit instead, and the assessment stands).
 */
export function proposedContent(action: Action, current: string | undefined): { ok: true; text: string } | { ok: false; error: string } {
  if (action.kind === 'fileWrite') return { ok: true, text: action.content };
  if (action.kind !== 'fileEdit') return { ok: false, error: `${action.kind} has no file content` };
  let text = current ?? '';
  if (action.edits?.length) {
    for (const e of action.edits) {
      const at = text.indexOf(e.oldText);
      if (e.oldText && at < 0) return { ok: false, error: `edit does not apply: ${oneLine(e.oldText, 60)} not found` };
      text = e.oldText ? text.slice(0, at) + e.newText + text.slice(at + e.oldText.length) : e.newText + text;
    }
    return { ok: true, text };
  }
  if (action.diff) {
    const patched = applyPatch(text, action.diff, { fuzzFactor: 2 });
    if (patched === false) return { ok: false, error: 'the unified diff does not apply to the file on disk' };
    return { ok: true, text: patched };
  }
  return { ok: false, error: 'edit carries neither edits nor a diff' };
}

/** 0-based lines of `text` that hold a finding's evidence (or its first 60 characters). */
export function riskyLines(text: string, findings: Finding[]): Map<number, Finding[]> {
  const lines = text.split('\n');
  const out = new Map<number, Finding[]>();
  for (const f of findings) {
    const needles = evidenceNeedles(f.evidence);
    if (!needles.length) continue;
    lines.forEach((line, i) => {
      if (needles.some((n) => line.includes(n))) out.set(i, [...(out.get(i) ?? []), f]);
    });
  }
  return out;
}

function evidenceNeedles(evidence: string): string[] {
  // Evidence can span lines (a command block) or be clipped with an ellipsis: match line by line.
  // A `key: value` evidence (a settings key) also matches the key alone, as JSON writes it quoted.
  const lines = evidence
    .split('\n')
    .map((l) =>
      l
        .replace(/\u2026$/, '')
        .trim()
        .slice(0, 60),
    )
    .filter((l) => l.length >= 4);
  const keys = lines.map((l) => /^([\w.-]{4,}):\s/.exec(l)?.[1]).filter((k): k is string => !!k);
  return [...lines, ...keys];
}

// ---------------------------------------------------------------------------------------------
// Review documents (markdown) for actions that have no file to diff against.

const STATEFUL =
  /(db_instance|rds_cluster|rds|dynamodb|s3_bucket|bucket|efs|ebs|volume|disk|database|sql|redis|elasticache|opensearch|elasticsearch|kms|secret|storage|table|cosmos|bigquery|spanner|kinesis|sqs|msk|documentdb|neptune|redshift)/i;

interface ResourceChange {
  address: string;
  type: string;
  action: string;
  stateful: boolean;
}

const ACTION_ORDER = ['replace', 'delete', 'update', 'create', 'read', 'no-op'];

/** A plan's field as text: a string (or number) as it is, anything else the fallback. */
const text = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback);

export function terraformResourceChanges(plan: unknown): ResourceChange[] {
  const rc = isObj(plan) && Array.isArray(plan.resource_changes) ? plan.resource_changes : [];
  const out: ResourceChange[] = [];
  for (const r of rc) {
    if (!isObj(r) || !isObj(r.change)) continue;
    const acts = Array.isArray(r.change.actions) ? r.change.actions.map(String) : [];
    const action = acts.includes('delete') && acts.includes('create') ? 'replace' : (acts[0] ?? 'no-op');
    const type = text(r.type);
    out.push({ address: text(r.address, type), type, action, stateful: STATEFUL.test(type) });
  }
  return out;
}

export function changeSetResourceChanges(cs: unknown): ResourceChange[] {
  const changes = isObj(cs) && Array.isArray(cs.Changes) ? cs.Changes : [];
  const out: ResourceChange[] = [];
  for (const c of changes) {
    const r = isObj(c) && isObj(c.ResourceChange) ? c.ResourceChange : undefined;
    if (!r) continue;
    const raw = text(r.Action, 'Modify');
    const replace = raw === 'Modify' && (r.Replacement === 'True' || r.Replacement === 'Conditional');
    const action = replace ? 'replace' : raw === 'Remove' ? 'delete' : raw === 'Add' ? 'create' : raw === 'Modify' ? 'update' : raw.toLowerCase();
    const type = text(r.ResourceType);
    out.push({ address: text(r.LogicalResourceId, text(r.PhysicalResourceId, type)), type, action, stateful: STATEFUL.test(type) });
  }
  return out;
}

function resourceSection(changes: ResourceChange[]): string[] {
  const lines: string[] = [];
  const byAction = new Map<string, ResourceChange[]>();
  for (const c of changes) if (c.action !== 'no-op' && c.action !== 'read') byAction.set(c.action, [...(byAction.get(c.action) ?? []), c]);
  const actions = [...byAction.keys()].sort((a, b) => rank(a) - rank(b));
  if (!actions.length) return ['No resource changes.'];
  for (const act of actions) {
    const list = byAction.get(act)!.sort((a, b) => Number(b.stateful) - Number(a.stateful) || a.address.localeCompare(b.address));
    lines.push(`### ${act} (${list.length})`, '');
    for (const c of list) lines.push(`- ${c.stateful ? '**holds data** ' : ''}\`${c.address}\`${c.type && !c.address.includes(c.type) ? ` (${c.type})` : ''}`);
    lines.push('');
  }
  return lines;
}

const rank = (a: string): number => {
  const i = ACTION_ORDER.indexOf(a);
  return i < 0 ? ACTION_ORDER.length : i;
};

/** Where the review stands: waiting for an answer, decided, or opened with nothing waiting. */
export type ReviewState =
  { kind: 'waiting' } | { kind: 'decided'; decision: 'allow' | 'deny'; by: string; reason: string; at: number } | { kind: 'nothing-waiting'; why: string };

/** A fence that no line of `text` can close: longer than any run of the same character in it. */
function fenceFor(text: string, ch: '`' | '~' = '~'): string {
  let longest = 2;
  for (const m of text.matchAll(ch === '~' ? /~{3,}/g : /`{3,}/g)) longest = Math.max(longest, m[0].length);
  return ch.repeat(longest + 1);
}

function fenced(text: string, lang: string): string[] {
  const f = fenceFor(text);
  return [`${f}${lang}`, ...text.replace(/\n$/, '').split('\n'), f];
}

/** Inline code that survives backticks in the text. */
function code(text: string): string {
  const ticks = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length)) + 1;
  const t = '`'.repeat(ticks);
  return `${t}${ticks > 1 ? ' ' : ''}${text}${ticks > 1 ? ' ' : ''}${t}`;
}

function stateLine(state: ReviewState): string {
  switch (state.kind) {
    case 'waiting':
      return '> **Waiting for your answer.** Allow and Deny are in this editor’s title bar (and in the decision panel).';
    case 'decided':
      return `> **Decided: ${state.decision === 'allow' ? 'allowed' : 'denied'}** by ${state.by} at ${new Date(state.at).toLocaleTimeString('en-GB')}: ${oneLine(plain(state.reason.replace(/^Blast Radius: /, '')), 200).replace(/[.;\s]+$/, '')}. Nothing here can be answered any more.`;
    case 'nothing-waiting':
      return `> **Nothing is waiting on this review:** ${state.why.replace(/[.;\s]+$/, '')}. Nothing runs from here.`;
  }
}

/** The readable review of an action: state, summary, why, findings, reach, then the action itself. */
export function reviewDocument(s: Subject, state: ReviewState = { kind: 'waiting' }): string {
  const a = s.assessment;
  const action = s.action;
  const lines: string[] = [];
  lines.push(`# ${a.level.toUpperCase()}: ${headline(s, 160)}`, '', stateLine(state), '');
  const task = taskLines(s);
  if (task) {
    lines.push(
      `- **Asked for:** ${task.askedFor.replace(/[*_`<>[\]]/g, '\\$&')}${task.from ? ` (${task.from})` : ''}${task.before ? ` — after: ${task.before.replace(/[*_`<>[\]]/g, '\\$&')}` : ''}`,
      `- **About to do:** ${task.aboutToDo}`,
    );
    if (task.note) lines.push(`- **${task.agreement === 'mismatch' ? 'Not what was asked' : 'Scope'}:** ${task.note.replace(/[*_`<>[\]]/g, '\\$&')}`);
  }
  lines.push(
    `- **Agent:** ${wantsTo(s)}`,
    `- **Needs:** ${REQUIRES_WORDS[a.requires]}${a.requires === 'typed-confirm' ? ` (type ${code(confirmName(a, action))} to allow)` : ''}`,
  );
  const why = explainLevel(a, s.cwd);
  if (why) lines.push(`- **Why ${a.level}:** ${why.replace(/^[A-Z]+ because:? /, '')}`);
  lines.push(`- **Digest:** ${code(a.digest.slice(0, 16))}… (an approval is bound to exactly this action)`, '');
  const { lines: findings, more } = findingLines(s, 50);
  if (findings.length) {
    lines.push('## Findings', '');
    for (const f of findings) lines.push(`- **${f.level}** ${f.message}${f.evidence ? ` — ${code(f.evidence)}` : ''} ${code(f.rule)}`);
    if (more) lines.push(`- … and ${more} more`);
    lines.push('');
  }
  lines.push('## What it reaches', '', ...factLines(s).map((x) => `- ${x}`), '');
  switch (action.kind) {
    case 'terraformPlan':
      lines.push('## Resources by action (those holding data first)', '', ...resourceSection(terraformResourceChanges(action.plan)));
      break;
    case 'cloudformationChangeSet':
      lines.push('## Resources by action (those holding data first)', '', ...resourceSection(changeSetResourceChanges(action.changeSet)));
      break;
    case 'plan':
      // Fenced, so the plan's own headings stay inside the quote; risky lines marked.
      lines.push('## The plan, as the agent wrote it (risky lines marked ⚠)', '', ...fenced(markRisky(action.text, a.findings).join('\n'), 'markdown'));
      break;
    case 'shell':
      lines.push('## Command', '', ...fenced(markRisky(action.command, a.findings).join('\n'), 'sh'));
      break;
    case 'sql':
      lines.push('## Statement', '', ...fenced(markRisky(action.statement, a.findings).join('\n'), 'sql'));
      break;
    case 'kubernetes':
      lines.push('## Manifests', '', ...fenced(markRisky(action.manifests, a.findings).join('\n'), 'yaml'));
      break;
    case 'fileDelete':
      lines.push('## Paths', '', ...action.paths.map((p) => `- ${code(relativize(p, s.cwd))}`));
      break;
    case 'toolCall':
      lines.push('## Tool input', '', ...fenced(JSON.stringify(action.input, null, 2) ?? 'null', 'json'));
      break;
    case 'fileWrite':
    case 'fileEdit':
      lines.push('## Change', '', `The diff editor shows the proposed content of ${code(relativize(action.path, s.cwd))}.`);
      break;
  }
  return `${lines.join('\n')}\n`;
}

function markRisky(text: string, findings: Finding[]): string[] {
  const risky = riskyLines(text, findings);
  return text.split('\n').map((l, i) => {
    const f = risky.get(i);
    return f ? `${l}    ⚠ ${[...new Set(f.map((x) => x.rule))].join(', ')}` : l;
  });
}

function absolutePaths(text: string): string[] {
  return [...text.matchAll(/(?:^|[\s(])(\/[^\s),;:]+)/g)].map((m) => m[1]!);
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
