// The contract between `assess` and the analyzers: each analyzer turns one Action into an
// Analysis (findings with their class and reversibility, the targets it reaches, counts, and words
// that may name an environment). `assess` scores it; analyzers never decide the final level.
import type { Action, ActionClass, Facts, Finding, Level, Reversibility, Scope, Target } from './schema';
import { CLASSES, LEVELS, REVERSIBILITIES } from './vocab';
import type { ResolvedPolicy } from './policy';

export type Counts = Omit<Scope, 'environments' | 'targets'>;

/** A word that may name an environment, and where it came from ("kube context", "stack", "path"). */
export interface EnvHint {
  source: string;
  value: string;
}

/**
 * A live context the action talks to. Explicit flags are recorded by the analyzer; facts fill in
 * the live value (current kube context, AWS profile, Terraform workspace, git branch) for the rest.
 */
export interface ContextUse {
  system: 'kube' | 'aws' | 'terraform' | 'git' | 'gcp' | 'azure' | 'database';
  /** kube --context, AWS --profile, terraform workspace, gcloud --project, git branch… as written. */
  context?: string;
  namespace?: string;
  region?: string;
  /**
   * The folder the tool runs in, when a `cd` moved it: relative to the action's working directory
   * (`infra/prod` after `cd infra/prod`), or absolute. Facts read the tool's own configuration
   * there (Terraform's backend, modules and names); the policy's protected paths apply to it.
   */
  dir?: string;
}

export interface Analysis {
  findings: Finding[];
  targets: Target[];
  counts: Counts;
  /** Names, paths, contexts and words that may name an environment; matched against the policy. */
  envHints: EnvHint[];
  /** Live systems the action reaches; facts resolve their current context. */
  contexts: ContextUse[];
  /** Nothing in the action writes, deletes or executes anything beyond reading. */
  readOnly: boolean;
  /** What would happen, in words a developer reads in two seconds; the analyzer knows best. */
  summary?: string;
}

export interface AnalyzerContext {
  readonly facts: Facts;
  readonly policy: ResolvedPolicy;
  readonly depth: number;
  /**
   * Analyse an action held inside this one (`bash -c '…'`, `psql -c "DROP …"`, a plan's code
   * block). Depth-bounded: past the bound the result is a high finding, never silence.
   */
  nested(action: Action, via: string): Analysis;
}

export type Analyzer<A extends Action = Action> = (action: A, ctx: AnalyzerContext) => Analysis;

export function emptyAnalysis(readOnly = false): Analysis {
  return { findings: [], targets: [], counts: {}, envHints: [], contexts: [], readOnly };
}

/** Folds `from` into `into` (findings, targets, counts summed, hints); returns `into`. */
export function mergeAnalysis(into: Analysis, from: Analysis): Analysis {
  into.findings.push(...from.findings);
  for (const t of from.targets) {
    if (!into.targets.some((x) => x.kind === t.kind && x.name === t.name && x.op === t.op)) into.targets.push(t);
  }
  for (const [k, v] of Object.entries(from.counts) as [keyof Counts, number | boolean | undefined][]) {
    if (v === undefined) continue;
    if (k === 'atLeast') into.counts.atLeast = Boolean(into.counts.atLeast || v);
    else into.counts[k] = (into.counts[k] ?? 0) + (v as number);
  }
  into.envHints.push(...from.envHints);
  into.contexts.push(...from.contexts);
  into.readOnly = into.readOnly && from.readOnly;
  if (!into.summary && from.summary) into.summary = from.summary;
  return into;
}

export const levelRank = (l: Level): number => LEVELS.indexOf(l);
export const classRank = (c: ActionClass): number => CLASSES.indexOf(c);
export const reversibilityRank = (r: Reversibility): number => REVERSIBILITIES.indexOf(r);

export function maxLevel(a: Level, b: Level): Level {
  return levelRank(a) >= levelRank(b) ? a : b;
}
export function raiseLevel(l: Level, steps = 1): Level {
  return LEVELS[Math.min(LEVELS.length - 1, levelRank(l) + steps)]!;
}
export function lowerLevel(l: Level, steps = 1): Level {
  return LEVELS[Math.max(0, levelRank(l) - steps)]!;
}

/** Shortens evidence for display and for bounded output size. */
export function clip(text: string, max = 200): string {
  // Most texts are short ASCII with nothing to collapse: returned as they are, without a regex.
  if (text.length <= max && plainLine(text)) return text;
  // Only the head is collapsed when it alone fills `max` (a 1 MB heredoc is not scanned whole).
  const limit = max * 4 + 16;
  if (text.length > limit) {
    const head = text.slice(0, limit).replace(/\s+/g, ' ').trimStart();
    if (head.length > max + 1) return `${head.slice(0, max - 1)}…`;
  }
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

/** ASCII with no whitespace but single inner spaces, so `\s+ → ' '` and trim() change nothing. */
function plainLine(text: string): boolean {
  const n = text.length;
  if (n === 0) return true;
  if (text.charCodeAt(0) === 32 || text.charCodeAt(n - 1) === 32) return false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 126) return false; // non-ASCII: some of it is whitespace to \s (NBSP, U+2028…)
    if (c < 32) return false; // tab, newline … (and other controls: the regex path decides)
    if (c === 32 && text.charCodeAt(i + 1) === 32) return false;
  }
  return true;
}
