// Terraform / OpenTofu plans (`terraform show -json`, format_version 0.1–1.x).
// Sees: every resource_changes entry (create, update, delete, replace either way round, read,
// no-op, forget, import), action_reason and replace_paths, stateful resource types, module paths,
// environment words in module names, variables and tags, deletion protection being switched off
// in an update (deletion_protection, force_destroy, skip_final_snapshot…), prevent_destroy where
// the configuration shows it.
// Provider action invocations (1.14+) are flagged, not understood.
// Does not catch: what a provider does beyond the plan (a bucket emptied by force_destroy on a
// later destroy), resource_drift (that already happened), data hidden in unknown values, changes
// made by provisioners or local-exec, or a plan that is stale against the real state.
import type { TerraformPlanAction } from '../schema';
import { type Analysis, type AnalyzerContext, type EnvHint, clip, emptyAnalysis } from '../analysis';
import { containerTerraformType, statefulTerraformType } from '../stateful';
import { type ChangeOp, type InfraChange, scoreChanges, strongestEnvironment, unreadableInput } from './terraform/changes';
import { jsonErrorOf, shapeOf } from './terraform/shape';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ProtectionChange {
  address: string;
  attribute: string;
  from: unknown;
  to: unknown;
}

export interface TerraformReading {
  formatVersion?: string;
  changes: InfraChange[];
  /** Per action list as written ("create", "replace", "no-op", "forget"…), like the corpus index. */
  actionCounts: Record<string, number>;
  /** resource_changes entries that could not be read (address or index). */
  unreadable: string[];
  envHints: EnvHint[];
  protectionOff: ProtectionChange[];
  /** Provider actions the plan invokes (Terraform 1.14+ `action_invocations`): addresses. */
  actionInvocations: string[];
  /** Changes Terraform deferred to a later plan (`deferred_changes`): addresses. */
  deferred: string[];
}

export type TerraformRead = { ok: true; reading: TerraformReading } | { ok: false; reason: string; evidence: string };

/** Attributes whose change switches a guard off: [name, value that removes the guard]. */
const PROTECTION: ReadonlyArray<readonly [string, (before: unknown, after: unknown) => boolean]> = [
  ['deletion_protection', (b, a) => b === true && a === false],
  ['deletion_protection_enabled', (b, a) => b === true && a === false],
  ['enable_deletion_protection', (b, a) => b === true && a === false],
  ['disable_api_termination', (b, a) => b === true && a === false],
  ['termination_protection', (b, a) => b === true && a === false],
  ['prevent_destroy', (b, a) => b === true && a === false],
  ['force_destroy', (b, a) => b !== true && a === true],
  ['skip_final_snapshot', (b, a) => b !== true && a === true],
  ['deletion_policy', (b, a) => typeof a === 'string' && /^delete$/i.test(a) && b !== a],
];

const ENV_VARIABLE = /^(env|environment|stage|tier|workspace|account|deployment|cluster|project)(_?name)?$/i;
const ENV_TAG = /^(env|environment|stage|tier)$/i;

/** Module names in an address: module.prod.module.db["x"].aws_db_instance.a → ['prod', 'db', 'x']. */
function moduleNames(moduleAddress: string): string[] {
  const out: string[] = [];
  const re = /module\.([A-Za-z0-9_-]+)(?:\[("?)([^\]"]*)\2\])?/g;
  for (const m of moduleAddress.matchAll(re)) {
    out.push(m[1]!);
    if (m[3]) out.push(m[3]);
  }
  return out;
}

function opOf(actions: string[]): ChangeOp {
  if (actions.length === 2 && actions.includes('delete') && actions.includes('create')) return 'replace';
  if (actions.length === 1) {
    const a = actions[0]!;
    if (a === 'create' || a === 'update' || a === 'delete' || a === 'read' || a === 'no-op' || a === 'forget') return a;
  }
  return 'unknown';
}

/** Reads a plan without trusting its shape; never throws. */
export function readTerraformPlan(input: unknown): TerraformRead {
  let plan = input;
  if (typeof plan === 'string') {
    try {
      plan = JSON.parse(plan) as unknown;
    } catch (e) {
      return { ok: false, reason: 'is not JSON', evidence: jsonErrorOf(e, input as string) };
    }
  }
  if (!isObj(plan))
    return {
      ok: false,
      reason: `is ${Array.isArray(plan) ? 'an array' : plan === null ? 'null' : `a ${typeof plan}`}, not a plan object`,
      evidence: shapeOf(plan),
    };
  const rcs = plan.resource_changes;
  const fv = plan.format_version;
  if (rcs === undefined) {
    if (!('planned_values' in plan) && 'values' in plan) return { ok: false, reason: 'is a state, not a plan', evidence: shapeOf(plan) };
    if (!('format_version' in plan) && !('planned_values' in plan) && !('terraform_version' in plan)) {
      return { ok: false, reason: 'has none of format_version, planned_values or resource_changes', evidence: shapeOf(plan) };
    }
  } else if (!Array.isArray(rcs)) {
    return { ok: false, reason: 'has resource_changes that is not a list', evidence: `resource_changes is ${shapeOf(rcs)}` };
  }

  const reading: TerraformReading = {
    ...(typeof fv === 'string' ? { formatVersion: fv } : {}),
    changes: [],
    actionCounts: {},
    unreadable: [],
    envHints: [],
    protectionOff: [],
    actionInvocations: [],
    deferred: [],
  };
  const hinted = new Set<string>();
  const hint = (source: string, value: string): void => {
    const key = `${source}\0${value}`;
    if (value && !hinted.has(key) && hinted.size < 200) {
      hinted.add(key);
      reading.envHints.push({ source, value });
    }
  };

  const guarded = preventDestroyAddresses(plan.configuration);
  const list = (rcs ?? []) as unknown[];
  for (let i = 0; i < list.length; i++) {
    const rc = list[i];
    const change = isObj(rc) ? rc.change : undefined;
    const actions = isObj(change) ? change.actions : undefined;
    if (!isObj(rc) || !isObj(change) || !Array.isArray(actions) || !actions.every((a) => typeof a === 'string')) {
      reading.unreadable.push(isObj(rc) && typeof rc.address === 'string' ? rc.address : `resource_changes[${i}]`);
      continue;
    }
    const address = typeof rc.address === 'string' ? rc.address : `resource_changes[${i}]`;
    const type = typeof rc.type === 'string' ? rc.type : '';
    const acts = actions;
    const key = opOf(acts) === 'replace' ? 'replace' : acts.join('+');
    reading.actionCounts[key] = (reading.actionCounts[key] ?? 0) + 1;
    let op = rc.mode === 'data' && acts.length === 1 && acts[0] === 'read' ? 'read' : opOf(acts);
    // An import with no other change is a state-only operation.
    if (op === 'no-op' && isObj(change.importing)) op = 'import';

    const moduleAddress =
      typeof rc.module_address === 'string'
        ? rc.module_address
        : address.startsWith('module.')
          ? address.slice(0, address.lastIndexOf('.', address.lastIndexOf('.') - 1))
          : '';
    if (moduleAddress) for (const n of moduleNames(moduleAddress)) hint('module', n);

    const reasons: string[] = [];
    if (typeof rc.action_reason === 'string') reasons.push(rc.action_reason);
    if (op === 'replace' && Array.isArray(change.replace_paths)) {
      const paths = change.replace_paths.slice(0, 3).map((p) => (Array.isArray(p) ? p.join('.') : String(p)));
      if (paths.length) reasons.push(`forced by ${paths.join(', ')}`);
    }
    const stateful = rc.mode === 'data' ? undefined : statefulTerraformType(type);
    reading.changes.push({
      address,
      type,
      op,
      ...(stateful ? { stateful } : {}),
      ...(moduleAddress ? { group: moduleAddress } : {}),
      ...(reasons.length ? { reason: reasons.join('; ') } : {}),
      ...(guarded.has(address) || guarded.has(address.replace(/\[[^\]]*\]$/, '')) ? { preventDestroy: true } : {}),
      ...(rc.mode !== 'data' && containerTerraformType(type) ? { container: true } : {}),
    });

    if (op === 'update' || op === 'replace' || op === 'create') {
      const before = change.before;
      const after = change.after;
      if (op !== 'create' && isObj(before) && isObj(after)) {
        for (const [attr, removes] of PROTECTION) {
          if (attr in after && removes(before[attr], after[attr]))
            reading.protectionOff.push({ address, attribute: attr, from: before[attr], to: after[attr] });
        }
      }
      const tags = isObj(after) ? (isObj(after.tags) ? after.tags : isObj(after.labels) ? after.labels : undefined) : undefined;
      if (tags) for (const [k, v] of Object.entries(tags)) if (ENV_TAG.test(k) && typeof v === 'string') hint('tag', v);
    }
  }

  if (Array.isArray(plan.action_invocations)) {
    plan.action_invocations.forEach((ai, i) =>
      reading.actionInvocations.push(isObj(ai) && typeof ai.address === 'string' ? ai.address : `action_invocations[${i}]`),
    );
  }
  if (Array.isArray(plan.deferred_changes)) {
    plan.deferred_changes.forEach((d, i) => {
      const rc = isObj(d) && isObj(d.resource_change) ? d.resource_change : undefined;
      reading.deferred.push(rc && typeof rc.address === 'string' ? rc.address : `deferred_changes[${i}]`);
    });
  }
  if (isObj(plan.variables)) {
    for (const [k, v] of Object.entries(plan.variables)) {
      const value = isObj(v) ? v.value : undefined;
      if (ENV_VARIABLE.test(k) && typeof value === 'string') hint(`variable ${k}`, value);
    }
  }
  return { ok: true, reading };
}

/** Addresses whose configuration carries `prevent_destroy` (rarely present in show -json). */
function preventDestroyAddresses(configuration: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (mod: unknown, prefix: string, depth: number): void => {
    if (!isObj(mod) || depth > 20) return;
    if (Array.isArray(mod.resources)) {
      for (const r of mod.resources) {
        if (!isObj(r) || typeof r.address !== 'string') continue;
        const lc = isObj(r.lifecycle) ? r.lifecycle : undefined;
        if (r.prevent_destroy === true || lc?.prevent_destroy === true || (isObj(lc?.prevent_destroy) && lc.prevent_destroy.constant_value === true)) {
          out.add(prefix + r.address);
        }
      }
    }
    if (isObj(mod.module_calls)) {
      for (const [name, call] of Object.entries(mod.module_calls)) if (isObj(call)) walk(call.module, `${prefix}module.${name}.`, depth + 1);
    }
  };
  if (isObj(configuration)) walk(configuration.root_module, '', 0);
  return out;
}

export function analyzeTerraformPlan(action: TerraformPlanAction, ctx: AnalyzerContext): Analysis {
  const read = readTerraformPlan(action.plan);
  if (!read.ok) return unreadableInput('terraform.unreadable-plan', 'Terraform plan', read.reason, read.evidence);
  const r = read.reading;
  const env = strongestEnvironment(r.envHints, ctx.policy);
  const scored = scoreChanges(r.changes, { ns: 'terraform', env, listsUnchanged: true });
  const a = emptyAnalysis(scored.readOnly && r.unreadable.length === 0);
  a.findings.push(...scored.findings);
  a.targets.push(...scored.targets);
  a.counts = scored.counts;
  a.envHints.push(...r.envHints);
  a.contexts.push({ system: 'terraform' });
  a.summary = scored.summary;

  if (r.unreadable.length) {
    a.findings.push({
      rule: 'terraform.unreadable-change',
      level: 'high',
      message: `${r.unreadable.length} resource change${r.unreadable.length === 1 ? '' : 's'} could not be read, so what ${r.unreadable.length === 1 ? 'it does' : 'they do'} is unknown`,
      evidence: clip(r.unreadable.slice(0, 8).join(', ')),
      class: 'broad-change',
      reversibility: 'unknown',
    });
    a.counts.atLeast = true;
  }
  const major = r.formatVersion ? Number.parseInt(r.formatVersion, 10) : 0;
  if (major >= 2) {
    a.findings.push({
      rule: 'terraform.unknown-format',
      level: 'medium',
      message: `Plan format ${r.formatVersion} is newer than this reader knows (0.x–1.x)`,
      evidence: `format_version ${r.formatVersion}`,
      class: 'broad-change',
      reversibility: 'unknown',
    });
  }
  if (r.actionInvocations.length) {
    // Provider actions run code with side effects the plan does not describe (invoke a Lambda,
    // stop an instance, run a playbook): treated as wide, never as nothing.
    a.readOnly = false;
    a.findings.push({
      rule: 'terraform.action-invocation',
      level: 'medium',
      message: `Invokes ${r.actionInvocations.length === 1 ? 'a provider action' : `${r.actionInvocations.length} provider actions`} whose effects the plan does not show`,
      evidence: clip(r.actionInvocations.slice(0, 8).join(', ')),
      class: 'broad-change',
      reversibility: 'unknown',
      targets: r.actionInvocations.slice(0, 50).map((name) => ({ kind: 'resource', name, op: 'execute' })),
    });
    a.summary =
      a.summary === 'Changes nothing'
        ? `Invokes ${r.actionInvocations.length === 1 ? '1 provider action' : `${r.actionInvocations.length} provider actions`}`
        : `${a.summary}; invokes ${r.actionInvocations.length} provider action${r.actionInvocations.length === 1 ? '' : 's'}`;
  }
  if (r.deferred.length) {
    a.findings.push({
      rule: 'terraform.deferred',
      level: 'low',
      message: `${r.deferred.length} change${r.deferred.length === 1 ? ' is' : 's are'} deferred to a later plan and not shown here`,
      evidence: clip(r.deferred.slice(0, 8).join(', ')),
      class: 'targeted-patch',
      reversibility: 'unknown',
    });
    a.counts.atLeast = true;
  }
  if (r.protectionOff.length) {
    const ev = r.protectionOff.slice(0, 6).map((p) => `${p.address}: ${p.attribute} ${JSON.stringify(p.from) ?? 'unset'} → ${JSON.stringify(p.to)}`);
    a.findings.push({
      rule: 'terraform.protection-removed',
      level: 'high',
      message: `Switches off deletion protection on ${r.protectionOff.length === 1 ? 'a resource' : `${new Set(r.protectionOff.map((p) => p.address)).size} resources`}, so a later destroy goes through`,
      evidence: clip(ev.join('; '), 240),
      class: 'broad-change',
      reversibility: 'reversible',
      targets: r.protectionOff.slice(0, 50).map((p) => ({ kind: 'resource', name: p.address, op: 'modify' })),
    });
  }
  return a;
}
