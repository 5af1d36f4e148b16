// CloudFormation change sets (`aws cloudformation describe-change-set` output, or a list of them:
// a parent and its nested stacks' change sets).
// Sees: Action Add / Modify / Remove / Dynamic / Import, Replacement True / Conditional, the
// stateful resource types, PolicyAction (Delete, Retain, Snapshot, ReplaceAnd*), nested stacks
// removed whole, StackName, Parameters and Tags that name an environment, and deletion protection
// switched off when the change set carries property values (Before/AfterContext).
// Does not catch: what a Dynamic change turns out to be, custom resources' side effects (a Lambda
// that empties a bucket), DeletionPolicy that the change set does not report (without PolicyAction
// a Remove is taken as Delete), or drift between the template and the live stack.
import type { CloudFormationChangeSetAction, Target } from '../schema';
import { type Analysis, type AnalyzerContext, type EnvHint, clip, emptyAnalysis } from '../analysis';
import { containerCloudFormationType, statefulCloudFormationType } from '../stateful';
import { type ChangeOp, type InfraChange, scoreChanges, strongestEnvironment, unreadableInput } from './terraform/changes';
import { jsonErrorOf, shapeOf } from './terraform/shape';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

export interface ChangeSetReading {
  stacks: string[];
  changes: InfraChange[];
  /** Per action as the corpus index writes it: Add, Modify, Modify(replace), Remove, Dynamic… */
  actionCounts: Record<string, number>;
  policyActions: Record<string, number>;
  unreadable: string[];
  envHints: EnvHint[];
  /** Nested stacks removed whole. */
  nestedRemoved: string[];
  failed: string[];
  /** Deletion protection switched off in a Modify ("Orders: DeletionProtection true → false"). */
  protectionOff: string[];
}

export type ChangeSetRead = { ok: true; reading: ChangeSetReading } | { ok: false; reason: string; evidence: string };

const ENV_KEY = /^(env|environment|stage|tier|deployment)(name)?$/i;
/** Properties that guard against deletion (RDS, DynamoDB, EC2, Neptune/DocDB, ELB attributes aside). */
const PROTECTION = ['DeletionProtection', 'DeletionProtectionEnabled', 'DisableApiTermination'];
const truthy = (v: unknown): boolean => v === true || v === 'true' || v === 'True';

/** BeforeContext / AfterContext (a JSON string from AWS, an object in some tools) → Properties. */
/** A property's value as the change set gives it (a string, a flag, or JSON). */
const shown = (v: unknown): string => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));

function propertiesOf(ctx: unknown): Record<string, unknown> | undefined {
  let v = ctx;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v) as unknown;
    } catch {
      return undefined;
    }
  }
  return isObj(v) && isObj(v.Properties) ? v.Properties : undefined;
}

function opOf(rc: Record<string, unknown>): { op: ChangeOp; key: string; conditional?: boolean; snapshot?: boolean } {
  const action = rc.Action;
  const policy = str(rc.PolicyAction);
  switch (action) {
    case 'Add':
      return { op: 'create', key: 'Add' };
    case 'Modify':
      if (rc.Replacement === 'True' || rc.Replacement === 'Conditional') {
        return {
          op: 'replace',
          key: rc.Replacement === 'True' ? 'Modify(replace)' : 'Modify(conditional)',
          ...(rc.Replacement === 'Conditional' ? { conditional: true } : {}),
          ...(policy === 'ReplaceAndRetain' || policy === 'ReplaceAndSnapshot' ? { snapshot: true } : {}),
        };
      }
      return { op: 'update', key: 'Modify' };
    case 'Remove':
      if (policy === 'Retain') return { op: 'forget', key: 'Remove' };
      return { op: 'delete', key: 'Remove', ...(policy === 'Snapshot' ? { snapshot: true } : {}) };
    case 'Dynamic':
      return { op: 'dynamic', key: 'Dynamic' };
    case 'Import':
      return { op: 'import', key: 'Import' };
    default:
      return { op: 'unknown', key: String(action) };
  }
}

function unwrap(input: unknown): { sets: unknown[] } | { error: string; evidence: string } {
  let v = input;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v) as unknown;
    } catch (e) {
      return { error: 'is not JSON', evidence: jsonErrorOf(e, input as string) };
    }
  }
  if (Array.isArray(v)) return v.length ? { sets: v } : { error: 'is an empty list', evidence: '[]' };
  if (isObj(v) && !('Changes' in v) && isObj(v.ChangeSet)) return { sets: [v.ChangeSet] };
  if (isObj(v) && Array.isArray(v.ChangeSets)) return { sets: v.ChangeSets };
  return { sets: [v] };
}

/** Reads one or more change sets without trusting their shape; never throws. */
export function readChangeSet(input: unknown): ChangeSetRead {
  const u = unwrap(input);
  if ('error' in u) return { ok: false, reason: u.error, evidence: u.evidence };
  const reading: ChangeSetReading = {
    stacks: [],
    changes: [],
    actionCounts: {},
    policyActions: {},
    unreadable: [],
    envHints: [],
    nestedRemoved: [],
    failed: [],
    protectionOff: [],
  };
  const many = u.sets.length > 1;
  for (let s = 0; s < u.sets.length; s++) {
    const cs = u.sets[s];
    if (!isObj(cs) || !Array.isArray(cs.Changes)) {
      if (!many) {
        const what = isObj(cs) ? 'has no Changes list' : `is ${cs === null ? 'null' : typeof cs}, not a change set`;
        return { ok: false, reason: what, evidence: shapeOf(cs) };
      }
      reading.unreadable.push(`change set ${s + 1}`);
      continue;
    }
    const stack = str(cs.StackName) ?? str(cs.StackId)?.split('/')[1];
    if (stack && !reading.stacks.includes(stack)) {
      reading.stacks.push(stack);
      reading.envHints.push({ source: 'stack', value: stack });
    }
    if (cs.Status === 'FAILED') reading.failed.push(clip(`${stack ?? 'change set'}: ${str(cs.StatusReason) ?? 'FAILED'}`, 120));
    for (const list of [cs.Parameters, cs.Tags]) {
      if (!Array.isArray(list)) continue;
      for (const p of list) {
        if (!isObj(p)) continue;
        const k = str(p.ParameterKey) ?? str(p.Key);
        const val = str(p.ParameterValue) ?? str(p.Value);
        if (k && val && ENV_KEY.test(k)) reading.envHints.push({ source: `parameter ${k}`, value: val });
      }
    }
    const prefix = many && stack ? `${stack}/` : '';
    cs.Changes.forEach((ch, i) => {
      const rc = isObj(ch) ? ch.ResourceChange : undefined;
      if (isObj(ch) && ch.Type !== undefined && ch.Type !== 'Resource' && !isObj(rc)) return; // hook invocations and the like
      if (!isObj(rc)) {
        reading.unreadable.push(`${prefix}Changes[${i}]`);
        return;
      }
      const logical = str(rc.LogicalResourceId) ?? `Changes[${i}]`;
      const type = str(rc.ResourceType) ?? '';
      const o = opOf(rc);
      reading.actionCounts[o.key] = (reading.actionCounts[o.key] ?? 0) + 1;
      const policy = str(rc.PolicyAction);
      if (policy) reading.policyActions[policy] = (reading.policyActions[policy] ?? 0) + 1;
      const stateful = statefulCloudFormationType(type);
      const address = prefix + logical;
      if (type === 'AWS::CloudFormation::Stack' && o.op === 'delete') reading.nestedRemoved.push(address);
      const reasons: string[] = [];
      if (policy) reasons.push(policy);
      if (o.op === 'replace' && Array.isArray(rc.Details)) {
        const names = new Set<string>();
        for (const d of rc.Details) {
          const t = isObj(d) && isObj(d.Target) ? d.Target : undefined;
          if (t && (t.RequiresRecreation === 'Always' || t.RequiresRecreation === 'Conditionally') && str(t.Name)) names.add(t.Name as string);
        }
        if (names.size) reasons.push(`forced by ${[...names].slice(0, 3).join(', ')}`);
      }
      if (o.op === 'update' || o.op === 'replace') {
        const before = propertiesOf(rc.BeforeContext);
        const after = propertiesOf(rc.AfterContext);
        if (before && after) {
          for (const k of PROTECTION) {
            if (truthy(before[k]) && after[k] !== undefined && !truthy(after[k]))
              reading.protectionOff.push(`${address}: ${k} ${shown(before[k])} → ${shown(after[k])}`);
          }
        }
      }
      reading.changes.push({
        address,
        type,
        op: o.op,
        ...(stateful ? { stateful } : {}),
        ...(stack ? { group: `stack ${stack}` } : {}),
        ...(reasons.length ? { reason: reasons.join('; ') } : {}),
        ...(o.snapshot ? { snapshot: true } : {}),
        ...(o.conditional ? { conditional: true } : {}),
        ...(containerCloudFormationType(type) && type !== 'AWS::CloudFormation::Stack' ? { container: true } : {}),
      });
    });
  }
  return { ok: true, reading };
}

export function analyzeCloudFormation(action: CloudFormationChangeSetAction, ctx: AnalyzerContext): Analysis {
  const read = readChangeSet(action.changeSet);
  if (!read.ok) return unreadableInput('cloudformation.unreadable-change-set', 'change set', read.reason, read.evidence);
  const r = read.reading;
  const env = strongestEnvironment(r.envHints, ctx.policy);
  // One stack is one group: "every resource in the stack" is only meaningful across nested stacks.
  const changes = r.stacks.length > 1 ? r.changes : r.changes.map(({ group: _g, ...c }) => c);
  const scored = scoreChanges(changes, { ns: 'cloudformation', env, listsUnchanged: false });
  const a = emptyAnalysis(scored.readOnly && r.unreadable.length === 0);
  a.findings.push(...scored.findings);
  const stackOp: Target['op'] = scored.readOnly ? 'read' : scored.tally.delete || scored.tally.replace ? 'replace' : 'modify';
  a.targets.push(...r.stacks.map((name): Target => ({ kind: 'stack', name, op: stackOp })), ...scored.targets);
  a.counts = scored.counts;
  a.envHints.push(...r.envHints);
  a.contexts.push({ system: 'aws' });
  const where = r.stacks.length === 1 ? ` in stack ${r.stacks[0]}` : r.stacks.length > 1 ? ` across ${r.stacks.length} stacks` : '';
  a.summary = scored.summary + where + (r.failed.length && scored.readOnly ? ' (the change set failed)' : '');

  if (r.nestedRemoved.length) {
    a.findings.push({
      rule: 'cloudformation.delete-nested-stack',
      level: 'high',
      message: `Removes ${r.nestedRemoved.length === 1 ? 'a nested stack' : `${r.nestedRemoved.length} nested stacks`} and everything in ${r.nestedRemoved.length === 1 ? 'it' : 'them'}`,
      evidence: clip(r.nestedRemoved.join(', ')),
      class: 'environment-teardown',
      reversibility: 'unknown',
      targets: r.nestedRemoved.slice(0, 50).map((name) => ({ kind: 'stack', name, op: 'delete' })),
    });
  }
  if (r.protectionOff.length) {
    a.findings.push({
      rule: 'cloudformation.protection-removed',
      level: 'high',
      message: `Switches off deletion protection on ${r.protectionOff.length === 1 ? 'a resource' : `${r.protectionOff.length} resources`}, so a later delete goes through`,
      evidence: clip(r.protectionOff.slice(0, 6).join('; '), 240),
      class: 'broad-change',
      reversibility: 'reversible',
    });
  }
  if (r.unreadable.length) {
    a.findings.push({
      rule: 'cloudformation.unreadable-change',
      level: 'high',
      message: `${r.unreadable.length} change${r.unreadable.length === 1 ? '' : 's'} could not be read, so what ${r.unreadable.length === 1 ? 'it does' : 'they do'} is unknown`,
      evidence: clip(r.unreadable.slice(0, 8).join(', ')),
      class: 'broad-change',
      reversibility: 'unknown',
    });
    a.counts.atLeast = true;
  }
  return a;
}
