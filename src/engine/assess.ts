// assess(action, facts, policy) → Assessment. Dispatches to one analyzer per kind, folds in facts
// and the environment, applies the policy, and writes the one-line summary. Never throws: bad
// input and analyzer crashes become high findings, so the answer fails closed.
import {
  type Action,
  type ActionClass,
  type Assessment,
  type Facts,
  type Finding,
  type Level,
  type Requirement,
  type Reversibility,
  type Target,
} from './schema';
import { RAISE_RULES, REQUIREMENTS } from './vocab';
import { type Analysis, type AnalyzerContext, classRank, clip, emptyAnalysis, levelRank, maxLevel, raiseLevel, reversibilityRank } from './analysis';
import { getDefaultPolicy, type ResolvedPolicy } from './policy';
import { detectEnvironment } from './environment';
import { digestOf } from './digest';
import { applyFacts } from './facts-adjust';
import { applyPolicyTargets, matchPolicyRules } from './policy-match';
import { ANALYZERS } from './analyzers';

export const MAX_DEPTH = 6;

export interface AssessOptions {
  facts?: Facts;
  policy?: ResolvedPolicy;
}

/** Runs the analyzer for one action; exported for analyzers' tests and for nested actions. */
export function analyze(action: Action, facts: Facts, policy: ResolvedPolicy, depth = 0): Analysis {
  const ctx: AnalyzerContext = {
    facts,
    policy,
    depth,
    nested(inner, via) {
      if (depth + 1 > MAX_DEPTH) {
        const a = emptyAnalysis();
        a.findings.push({
          rule: 'engine.depth-limit',
          level: 'high',
          message: `Nested too deep to analyse (${via})`,
          evidence: clip(via),
          class: 'broad-change',
          reversibility: 'unknown',
        });
        return a;
      }
      return analyze(inner, facts, policy, depth + 1);
    },
  };
  try {
    const analyzer = ANALYZERS[action.kind] as (a: Action, c: AnalyzerContext) => Analysis;
    return analyzer(action, ctx);
  } catch (err) {
    const a = emptyAnalysis();
    a.findings.push({
      rule: 'engine.analyzer-error',
      level: 'high',
      message: `Could not analyse this ${action.kind} action, so it is treated as wide`,
      evidence: clip(err instanceof Error ? err.message : String(err)),
      class: 'broad-change',
      reversibility: 'unknown',
    });
    return a;
  }
}

const BAND: Record<Level, [number, number]> = {
  low: [0, 24],
  medium: [25, 49],
  high: [50, 79],
  critical: [80, 100],
};

/**
 * Validates `input` as an Action and assesses it. Input that is not a valid Action yields an
 * error string (the caller turns it into a blocking answer); it never throws.
 */
export function assessUnknown(input: unknown, opts: AssessOptions = {}): { ok: true; assessment: Assessment } | { ok: false; error: string } {
  // zod is loaded here, not at start-up: the hook's path never validates through it.
  const { Action } = require('./schema') as typeof import('./schema');
  const parsed = Action.safeParse(input);
  if (!parsed.success) {
    // zod reports at least one issue whenever it fails.
    const first = parsed.error.issues[0]!;
    const where = first.path.length ? `${first.path.join('.')}: ` : '';
    return { ok: false, error: `invalid action: ${where}${first.message}` };
  }
  return { ok: true, assessment: assess(parsed.data, opts) };
}

export function assess(action: Action, opts: AssessOptions = {}): Assessment {
  const facts = opts.facts ?? {};
  const policy = opts.policy ?? getDefaultPolicy();
  return scoreAnalysis(action, analyze(action, facts, policy), { facts, policy });
}

/** Folds facts and policy into an analysis and scores it (exported so scoring is testable alone). */
export function scoreAnalysis(action: Action, analysis: Analysis, opts: AssessOptions = {}): Assessment {
  const facts = opts.facts ?? {};
  const policy = opts.policy ?? getDefaultPolicy();
  applyFacts(action, analysis, facts, policy);
  applyPolicyTargets(analysis, policy);

  const environment = detectEnvironment(analysis.envHints, policy);
  const findings = analysis.findings;

  let level: Level = 'low';
  let cls: ActionClass = analysis.readOnly && findings.length === 0 ? 'read-only' : 'targeted-patch';
  let reversibility: Reversibility = analysis.readOnly && findings.length === 0 ? 'reversible' : 'recoverable';
  for (const f of findings) {
    level = maxLevel(level, f.level);
    if (f.class && classRank(f.class) > classRank(cls)) cls = f.class;
    if (f.reversibility && reversibilityRank(f.reversibility) > reversibilityRank(reversibility)) reversibility = f.reversibility;
  }

  // Sensitivity of the target: anything beyond a targeted patch in prod goes up a level, and an
  // environment teardown is never below high (critical in prod or when it cannot be undone).
  if (environment.name === 'prod' && classRank(cls) >= classRank('broad-change') && levelRank(level) >= levelRank('medium')) {
    const raised = raiseLevel(level);
    if (raised !== level) {
      findings.push({
        rule: 'env.prod',
        level: raised,
        message: 'Aimed at production',
        evidence: environment.evidence.join('; '),
        class: cls,
      });
      level = raised;
    }
  }
  if (cls === 'environment-teardown') {
    const floor: Level = environment.name === 'prod' || reversibility === 'irreversible' ? 'critical' : 'high';
    // The raise is a finding of its own, so every report says why the level is above its findings.
    if (levelRank(floor) > levelRank(level)) {
      const why = environment.name === 'prod' ? 'in production' : reversibility === 'irreversible' ? 'that cannot be undone' : 'whatever it reaches';
      findings.push({
        rule: 'engine.teardown',
        level: floor,
        message: `An environment teardown ${why} is never below ${floor}`,
        evidence: findings.find((f) => f.class === cls)?.evidence ?? '',
        class: cls,
        reversibility,
      });
      level = floor;
    }
  }

  findings.sort((a, b) => levelRank(b.level) - levelRank(a.level) || classRank(b.class ?? 'read-only') - classRank(a.class ?? 'read-only'));

  const scopeTargets = analysis.targets.slice(0, 50);
  const requires = decideRequires(action, level, findings, policy);
  const score = scoreOf(level, findings, analysis);
  const confirmTarget = pickConfirmTarget(findings, scopeTargets);

  return {
    kind: action.kind,
    level,
    score,
    class: cls,
    reversibility,
    scope: {
      ...analysis.counts,
      environments: environment.name === 'unknown' ? [] : [environment.name],
      targets: scopeTargets,
    },
    environment,
    findings,
    requires,
    ...(confirmTarget ? { confirmTarget } : {}),
    digest: digestOf(action),
    summary: summarize(analysis, findings, level, cls, environment.name),
  };
}

function decideRequires(action: Action, level: Level, findings: Finding[], policy: ResolvedPolicy): Requirement {
  let requires = policy.levels[level];
  const rule = matchPolicyRules(action, findings, policy);
  if (rule) {
    const then: Requirement = rule.then === 'allow' ? 'none' : rule.then;
    // A team's allow rule never waves through a critical action (guard tampering, teardown in
    // prod); deny and stricter requirements always apply.
    if (REQUIREMENTS.indexOf(then) > REQUIREMENTS.indexOf(requires) || level !== 'critical') requires = then;
  }
  return requires;
}

function scoreOf(level: Level, findings: Finding[], analysis: Analysis): number {
  const [lo, hi] = BAND[level];
  const atLevel = findings.filter((f) => f.level === level).length;
  const reach = (analysis.counts.files ?? 0) + (analysis.counts.resources ?? 0) * 10 + (analysis.counts.tables ?? 0) * 10;
  const extra = Math.max(0, atLevel - 1) * 3 + Math.min(10, Math.floor(Math.log10(1 + reach) * 3));
  return Math.min(hi, lo + extra);
}

function pickConfirmTarget(findings: Finding[], targets: Target[]): string | undefined {
  const destructive = new Set(['delete', 'replace', 'overwrite', 'modify', 'move']);
  for (const f of findings) {
    const t = f.targets?.find((x) => !x.op || destructive.has(x.op));
    if (t) return t.name;
  }
  return targets.find((t) => t.op && destructive.has(t.op))?.name ?? targets[0]?.name;
}

/** Findings that raise the level of others rather than say what the action does. */

function summarize(analysis: Analysis, findings: Finding[], level: Level, cls: ActionClass, env: string): string {
  const where = env === 'prod' || env === 'staging' ? ` in ${env}` : '';
  let text: string;
  if (analysis.summary) text = analysis.summary;
  // A raise (production, the teardown floor) says why the level is what it is; the summary says what happens.
  else if (findings[0]) text = (findings.find((f) => !RAISE_RULES.has(f.rule)) ?? findings[0]).message;
  else if (cls === 'read-only') text = 'Reads only; changes nothing';
  else text = 'A targeted change with nothing risky found';
  if (where && !text.toLowerCase().includes(env)) text += where;
  const more = findings.length > 1 && !analysis.summary ? ` (+${findings.length - 1} more finding${findings.length > 2 ? 's' : ''})` : '';
  return clip(`${text}${more}`, 240);
}
