// What the person reads: the modal's detail, the review documents for plans, Terraform plans and
// change sets, and the proposed content of file writes and edits. Pure (no vscode import), so the
// text is tested in plain Node; the extension only shows it.
import { applyPatch } from 'diff';
import type { Action, Assessment, Finding, Level } from '../engine';
import { formatBytes } from '../engine/format';

export { formatBytes };

export const LEVEL_ORDER: Level[] = ['low', 'medium', 'high', 'critical'];
export const levelRank = (l: Level): number => LEVEL_ORDER.indexOf(l);

const MAX_DETAIL_FINDINGS = 5;

/** One line naming the action for lists and titles. */
export function describeAction(action: Action): string {
  switch (action.kind) {
    case 'shell':
      return `$ ${oneLine(action.command, 100)}`;
    case 'fileWrite':
      return `write ${action.path}`;
    case 'fileEdit':
      return `edit ${action.path}`;
    case 'fileDelete':
      return `delete ${action.paths.slice(0, 3).join(', ')}${action.paths.length > 3 ? ` (+${action.paths.length - 3})` : ''}`;
    case 'plan':
      return `plan: ${oneLine(action.text, 80)}`;
    case 'terraformPlan':
      return 'Terraform plan';
    case 'cloudformationChangeSet':
      return 'CloudFormation change set';
    case 'kubernetes':
      return `kubectl ${action.operation ?? 'apply'} manifests`;
    case 'sql':
      return `SQL: ${oneLine(action.statement, 80)}`;
    case 'toolCall':
      return `tool ${action.tool}`;
  }
}

export function oneLine(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** The findings that drove the level (those at the assessment's level first). */
export function drivingFindings(a: Assessment): Finding[] {
  return [...a.findings].sort((x, y) => levelRank(y.level) - levelRank(x.level)).slice(0, MAX_DETAIL_FINDINGS);
}

/** The modal's `detail`: findings, facts, and who asked. Plain text (the modal shows no markdown). */
export function dialogDetail(a: Assessment, action: Action, agent: string, extra: string[] = []): string {
  const lines: string[] = [];
  lines.push(`${a.level.toUpperCase()} · ${a.class} · ${a.reversibility}${a.environment.name !== 'unknown' ? ` · ${a.environment.name}` : ''}`);
  lines.push(`Asked by: ${agent}`);
  lines.push(`Action: ${describeAction(action)}`);
  const f = drivingFindings(a);
  if (f.length) {
    lines.push('', 'Why:');
    for (const x of f) lines.push(`  • [${x.level}] ${x.message} (${x.rule})${x.evidence ? `: ${oneLine(x.evidence, 90)}` : ''}`);
    if (a.findings.length > f.length) lines.push(`  … and ${a.findings.length - f.length} more`);
  }
  const facts = scopeFacts(a);
  if (facts.length) lines.push('', 'Reach:', ...facts.map((x) => `  • ${x}`));
  if (a.confirmTarget && a.requires === 'typed-confirm') lines.push('', `To allow, you will type: ${a.confirmTarget}`);
  if (a.requires === 'peer-review') lines.push('', 'Needs a second person: nothing runs until a peer approves this exact action.');
  lines.push(...extra);
  return lines.join('\n');
}

/** Files, resources, environments and targets in plain words. */
export function scopeFacts(a: Assessment): string[] {
  const s = a.scope;
  const out: string[] = [];
  const more = s.atLeast ? 'at least ' : '';
  if (s.files !== undefined) out.push(`${more}${s.files} file${s.files === 1 ? '' : 's'}${s.bytes ? ` (${formatBytes(s.bytes)})` : ''}`);
  if (s.resources !== undefined) out.push(`${s.resources} resource${s.resources === 1 ? '' : 's'}${s.statefulResources ? `, ${s.statefulResources} stateful` : ''}`);
  if (s.tables !== undefined) out.push(`${s.tables} table${s.tables === 1 ? '' : 's'}`);
  if (s.namespaces !== undefined) out.push(`${s.namespaces} namespace${s.namespaces === 1 ? '' : 's'}`);
  if (a.environment.name !== 'unknown') out.push(`environment ${a.environment.name}${a.environment.evidence.length ? ` (${oneLine(a.environment.evidence.join('; '), 80)})` : ''}`);
  out.push(`reversibility: ${a.reversibility}`);
  const targets = s.targets.slice(0, 5).map((t) => `${t.op ? `${t.op} ` : ''}${t.kind} ${t.name}`);
  if (targets.length) out.push(`targets: ${targets.join(', ')}${s.targets.length > 5 ? ', …' : ''}`);
  return out;
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
    .map((l) => l.replace(/…$/, '').trim().slice(0, 60))
    .filter((l) => l.length >= 4);
  const keys = lines.map((l) => /^([\w.-]{4,}):\s/.exec(l)?.[1]).filter((k): k is string => !!k);
  return [...lines, ...keys];
}

// ---------------------------------------------------------------------------------------------
// Review documents (markdown) for actions that have no file to diff against.

const STATEFUL = /(db_instance|rds_cluster|rds|dynamodb|s3_bucket|bucket|efs|ebs|volume|disk|database|sql|redis|elasticache|opensearch|elasticsearch|kms|secret|storage|table|cosmos|bigquery|spanner|kinesis|sqs|msk|documentdb|neptune|redshift)/i;

interface ResourceChange {
  address: string;
  type: string;
  action: string;
  stateful: boolean;
}

const ACTION_ORDER = ['replace', 'delete', 'update', 'create', 'read', 'no-op'];

export function terraformResourceChanges(plan: unknown): ResourceChange[] {
  const rc = isObj(plan) && Array.isArray(plan.resource_changes) ? plan.resource_changes : [];
  const out: ResourceChange[] = [];
  for (const r of rc) {
    if (!isObj(r) || !isObj(r.change)) continue;
    const acts = Array.isArray(r.change.actions) ? r.change.actions.map(String) : [];
    const action = acts.includes('delete') && acts.includes('create') ? 'replace' : (acts[0] ?? 'no-op');
    const type = String(r.type ?? '');
    out.push({ address: String(r.address ?? type), type, action, stateful: STATEFUL.test(type) });
  }
  return out;
}

export function changeSetResourceChanges(cs: unknown): ResourceChange[] {
  const changes = isObj(cs) && Array.isArray(cs.Changes) ? cs.Changes : [];
  const out: ResourceChange[] = [];
  for (const c of changes) {
    const r = isObj(c) && isObj(c.ResourceChange) ? c.ResourceChange : undefined;
    if (!r) continue;
    const raw = String(r.Action ?? 'Modify');
    const replace = raw === 'Modify' && (r.Replacement === 'True' || r.Replacement === 'Conditional');
    const action = replace ? 'replace' : raw === 'Remove' ? 'delete' : raw === 'Add' ? 'create' : raw === 'Modify' ? 'update' : raw.toLowerCase();
    const type = String(r.ResourceType ?? '');
    out.push({ address: String(r.LogicalResourceId ?? r.PhysicalResourceId ?? type), type, action, stateful: STATEFUL.test(type) });
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
    for (const c of list) lines.push(`- ${c.stateful ? '**STATEFUL** ' : ''}\`${c.address}\`${c.type && !c.address.includes(c.type) ? ` (${c.type})` : ''}`);
    lines.push('');
  }
  return lines;
}

const rank = (a: string): number => {
  const i = ACTION_ORDER.indexOf(a);
  return i < 0 ? ACTION_ORDER.length : i;
};

/** The readable review of an action: summary, findings, reach, then the action itself with the risky parts marked. */
export function reviewDocument(a: Assessment, action: Action, agent: string): string {
  const lines: string[] = [];
  lines.push(`# Blast Radius review: ${a.level.toUpperCase()}`, '', `**${a.summary}**`, '');
  lines.push(`- asked by: ${agent}`, `- action: ${describeAction(action).replace(/`/g, "'")}`, `- class: ${a.class}, reversibility: ${a.reversibility}, environment: ${a.environment.name}`);
  lines.push(`- needs: ${a.requires}${a.confirmTarget && a.requires === 'typed-confirm' ? ` (type \`${a.confirmTarget}\` to allow)` : ''}`, `- digest: \`${a.digest.slice(0, 16)}…\``, '');
  if (a.findings.length) {
    lines.push('## Findings', '');
    for (const f of a.findings) lines.push(`- **${f.level}** \`${f.rule}\`: ${f.message}${f.evidence ? `  \n  evidence: \`${oneLine(f.evidence, 140).replace(/`/g, "'")}\`` : ''}`);
    lines.push('');
  }
  const facts = scopeFacts(a);
  if (facts.length) lines.push('## Reach', '', ...facts.map((x) => `- ${x}`), '');
  switch (action.kind) {
    case 'terraformPlan':
      lines.push('## Resources by action (stateful first)', '', ...resourceSection(terraformResourceChanges(action.plan)));
      break;
    case 'cloudformationChangeSet':
      lines.push('## Resources by action (stateful first)', '', ...resourceSection(changeSetResourceChanges(action.changeSet)));
      break;
    case 'plan':
      lines.push('## The plan (risky lines marked ⚠)', '', ...markRisky(action.text, a.findings));
      break;
    case 'shell':
      lines.push('## Command', '', '```sh', ...markRisky(action.command, a.findings), '```');
      break;
    case 'sql':
      lines.push('## Statement', '', '```sql', ...markRisky(action.statement, a.findings), '```');
      break;
    case 'kubernetes':
      lines.push('## Manifests', '', '```yaml', ...markRisky(action.manifests, a.findings), '```');
      break;
    case 'fileDelete':
      lines.push('## Paths', '', ...action.paths.map((p) => `- \`${p}\``));
      break;
    case 'toolCall':
      lines.push('## Tool input', '', '```json', JSON.stringify(action.input, null, 2), '```');
      break;
    case 'fileWrite':
    case 'fileEdit':
      lines.push('## Change', '', `The diff editor shows the proposed content of \`${action.path}\`.`);
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

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
