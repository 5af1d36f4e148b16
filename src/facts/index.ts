// Read-only probes of the real machine: what an action's paths really are and how much lies under
// them, what git can bring back, and which branch, kube context, AWS profile and Terraform
// workspace it lands in. Bounded by one time budget and one size budget; never throws, never
// changes anything; what it could not finish is listed in `incomplete`.
import { existsSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { relative, resolve, sep } from 'node:path';
import type { Action, Analysis, Facts, PathFacts, ResolvedPolicy } from '../engine';
import { analyze } from '../engine/assess';
import { getDefaultPolicy } from '../engine/policy';
import { GIT_OP_RULES } from '../engine/facts-adjust';
import { formatCount } from '../engine/format';
import { globMatch } from '../engine/glob';
import { Budget, DEFAULT_BUDGET_MS, DEFAULT_MAX_ENTRIES, WALK_SAFETY_MS } from './budget';
import { awsFacts, kubeFacts, terraformFacts } from './contexts';
import {
  type LossFacts,
  type RepoBasics,
  type StatusEntries,
  branchOnlyCount,
  classify,
  findRepoRoot,
  lossOf,
  repoBasics,
  stashCount,
  statusEntries,
  unpushedCount,
} from './git';
import { contextNotes, pathNotes } from './notes';
import { type Resolved, expandPath, isUnder, resolveReal, specialOf, walk } from './paths';
import { findChangeSet, findTerraformPlan, planArgsOf } from './plans';
import { readScript } from './scripts';

export { DEFAULT_BUDGET_MS, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_PLAN_BYTES } from './budget';
export { loadPolicy, findPolicyFile, POLICY_RELATIVE_PATH, readPolicyLight, type LoadedPolicy, type LightPolicy, type PolicySource } from './policy-file';

export interface GatherOptions {
  cwd: string;
  /** The agent's environment, for `$VAR`, KUBECONFIG, AWS_PROFILE, TF_WORKSPACE (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Total time budget in milliseconds (default DEFAULT_BUDGET_MS). */
  budgetMs?: number;
  /** Directory entries visited across all walks (default DEFAULT_MAX_ENTRIES). */
  maxEntries?: number;
  /** Home folder for `~`, ~/.kube/config, ~/.aws/config (default: env HOME, then the OS's). */
  home?: string;
  /** Workspace folders (default: the git root of the cwd, else the cwd). */
  workspaceRoots?: string[];
  policy?: ResolvedPolicy;
  /** The action's analysis when the caller already has it (otherwise it is computed here). */
  analysis?: Analysis;
  /** Locations the caller trusts that are only known at run time (the hook's own folder, a moved audit log). */
  guardPaths?: string[];
}

/** Path operations whose reach is measured by a walk. */
const WALKED_OPS = new Set(['delete', 'overwrite', 'move']);
const OP_RANK = ['read', 'execute', 'create', 'modify', 'move', 'replace', 'overwrite', 'delete'];
const GIT_LOSS_RULES = new Set(['shell.git-clean', 'shell.git-checkout-discard', 'shell.git-reset-hard']);
const MAX_TARGETS = 64;
/** Scripts read per round, and rounds (a script that runs a script that runs one). */
const MAX_SCRIPTS = 16;
const MAX_SCRIPT_ROUNDS = 3;
/** Folder names whose contents a build or package manager recreates. */
/** Folder names only package managers and tools write: regenerable whatever git says. */
export const REGENERABLE = [
  'node_modules',
  'bower_components',
  '.next',
  '.nuxt',
  '.turbo',
  '.parcel-cache',
  '.svelte-kit',
  '__pycache__',
  '.pytest_cache',
  '.mypy_cache',
  '.ruff_cache',
  '.tox',
  '.nox',
  '.venv',
  'venv',
  '.gradle',
  '.nyc_output',
  '.terraform',
  'cdk.out',
  '.serverless',
];
/** Folder names that are usually build output: regenerable when git ignores what is in them. */
export const REGENERABLE_IF_IGNORED = ['build', 'dist', 'out', 'target', 'obj', 'bin', 'coverage', '.cache', 'tmp', '.tmp', 'vendor'];

export async function gatherFacts(action: Action, opts: GatherOptions): Promise<Facts> {
  const incomplete: string[] = [];
  try {
    return await gather(action, opts, incomplete);
  } catch (err) {
    // A probe bug must not take the guard down: report it and let the engine answer without facts.
    return { cwd: opts.cwd, incomplete: [...incomplete, `facts: ${err instanceof Error ? err.message : String(err)}`] };
  }
}

interface PathWork {
  name: string;
  op: string | undefined;
  facts: PathFacts;
  real: string[];
  repo?: string;
  walked?: ReturnType<typeof walk>[];
  regen?: 'always' | 'if-ignored';
}

/** What every phase of one gathering shares: where the action runs and the budgets it has. */
interface Gathering {
  action: Action;
  budget: Budget;
  /** The walks' budget: the entry cap decides, the clock is only a safety stop. */
  walkBudget: Budget;
  env: NodeJS.ProcessEnv;
  home: string;
  policy: ResolvedPolicy;
  cwd: string;
  /** The git repository the cwd is in, if any. */
  cwdRepo: string | undefined;
  workspaceRoots: string[];
  facts: Facts;
  incomplete: string[];
  notes: string[];
}

/** The git questions started for one gathering; they answer while this thread walks. */
interface GitWork {
  repos: Map<string, Promise<StatusEntries | { error: string }>>;
  basics?: Promise<RepoBasics>;
  wideStatus?: Promise<StatusEntries | { error: string }>;
  stash?: Promise<number | undefined>;
  unpushed?: Promise<number | undefined>;
  branchTargets: string[];
  branches: Promise<readonly [string, number | undefined]>[];
}

async function gather(action: Action, opts: GatherOptions, incomplete: string[]): Promise<Facts> {
  const g = start(action, opts, incomplete);
  const analysis = analyseWithScripts(g, opts.analysis);
  const rules = new Set(analysis.findings.map((f) => f.rule));
  const work = resolveTargets(g, analysis);
  const git = startGit(g, analysis, rules, work);
  walkTargets(g, work);
  const text = action.kind === 'shell' ? action.command : action.kind === 'plan' ? action.text : '';
  liveContexts(g, analysis, text);
  const planNotes = gatherPlans(analysis, text, g.cwd, rules, g.facts, incomplete);
  await gitResults(g, git, work);
  return assemble(g, work, planNotes);
}

/** Where the action runs, its environment and budgets, and the facts known before any probe. */
function start(action: Action, opts: GatherOptions, incomplete: string[]): Gathering {
  const budget = new Budget(opts.budgetMs ?? DEFAULT_BUDGET_MS, opts.maxEntries ?? DEFAULT_MAX_ENTRIES);
  // Walks stop at the entry cap, whatever the time budget: the same tree gives the same count on
  // every run and in every caller. Their clock is a safety stop only (a stalled network mount).
  const walkBudget = new Budget(Math.max(WALK_SAFETY_MS, opts.budgetMs ?? DEFAULT_BUDGET_MS), opts.maxEntries ?? DEFAULT_MAX_ENTRIES);
  const env = withInlineAssignments(opts.env ?? process.env, action);
  const home = resolve(opts.home ?? env.HOME ?? homedir());
  const policy = opts.policy ?? getDefaultPolicy();
  const cwd = resolve(opts.cwd, action.kind === 'shell' && action.cwd ? action.cwd : '.');
  const cwdRepo = findRepoRoot(cwd);
  const workspaceRoots = (opts.workspaceRoots?.length ? opts.workspaceRoots : [cwdRepo ?? cwd]).map((w) => resolve(w));
  const facts: Facts = { cwd, home, workspaceRoots };
  // A working directory that is not there is a problem to report, never a reason to lower a level
  // ("nothing there to delete" would be true of every path in it).
  if (!existsSync(cwd)) {
    facts.cwdMissing = true;
    incomplete.push(`the working directory ${cwd} does not exist, so no path in it was measured`);
  }
  if (opts.guardPaths?.length) facts.guardPaths = opts.guardPaths;
  return { action, budget, walkBudget, env, home, policy, cwd, cwdRepo, workspaceRoots, facts, incomplete, notes: [] };
}

/**
 * The engine's analysis, which names what to probe: once, and once more per round of scripts read
 * (a script that runs a script …), because only the analysis with a script's text names the paths
 * that script reaches. The caller assesses again with the finished facts: analyzers read them
 * (whether a written file exists, a plan file's content), so that run cannot be skipped either.
 */
function analyseWithScripts(g: Gathering, given: Analysis | undefined): Analysis {
  const { action, policy, facts, cwd, env, home, budget, incomplete } = g;
  let analysis = given ?? analyze(action, {}, policy);
  const scriptNames = (a: Analysis): string[] => unique(a.targets.filter((t) => t.kind === 'path' && t.op === 'execute').map((t) => t.name));
  let names = scriptNames(analysis);
  for (let round = 0; round < MAX_SCRIPT_ROUNDS && names.length && !facts.cwdMissing; round++) {
    facts.scripts ??= {};
    for (const n of names.slice(0, MAX_SCRIPTS)) facts.scripts[n] = readScript(n, cwd, env, home, budget);
    if (names.length > MAX_SCRIPTS) incomplete.push(`only the first ${MAX_SCRIPTS} scripts were read`);
    analysis = analyze(action, { scripts: facts.scripts, cwd, home }, policy);
    names = scriptNames(analysis).filter((n) => !(n in facts.scripts!));
  }
  return analysis;
}

/** The paths to probe, each resolved (symlinks, globs, variables), at most MAX_TARGETS. */
function resolveTargets(g: Gathering, analysis: Analysis): PathWork[] {
  const work: PathWork[] = [];
  for (const [name, op] of pathTargets(g.action, analysis)) {
    if (work.length >= MAX_TARGETS) {
      g.incomplete.push(`only the first ${MAX_TARGETS} paths were looked at`);
      break;
    }
    work.push(resolveTarget(name, op, g.cwd, g.env, g.home, g.workspaceRoots, g.walkBudget));
  }
  return work;
}

/** Starts the git questions the action raises; child processes run while this thread walks. */
function startGit(g: Gathering, analysis: Analysis, rules: Set<string>, work: PathWork[]): GitWork {
  const { cwdRepo, budget } = g;
  const gitOps = [...rules].some((r) => GIT_LOSS_RULES.has(r));
  // The branch and remote bear on git commands and on paths inside this repository, not on a
  // delete of the home folder that happens to run from a checkout.
  const inCwdRepo = (w: PathWork): boolean => !!cwdRepo && w.real.some((r) => isUnder(r, cwdRepo));
  const wantsGit = work.some(inCwdRepo) || [...rules].some((r) => r.startsWith('shell.git-')) || analysis.contexts.some((c) => c.system === 'git');
  const repos = new Map<string, Promise<StatusEntries | { error: string }>>();
  for (const w of work) {
    if (!w.facts.exists || !w.repo) continue;
    if (!repos.has(w.repo)) {
      // Each path once (an edit names its file as two targets): the command git-early.ts starts too.
      const specs = unique(work.filter((x) => x.repo === w.repo).flatMap((x) => x.real.map((r) => relative(w.repo!, r) || '.')));
      repos.set(w.repo, statusEntries(w.repo, budget, specs.length > 200 || specs.some((s) => s.startsWith('..')) ? [] : specs));
    }
  }
  const branchTargets = rules.has('shell.git-branch-delete')
    ? unique(
        analysis.findings
          .filter((f) => f.rule === 'shell.git-branch-delete')
          .flatMap((f) => (f.targets ?? []).filter((t) => t.kind === 'branch').map((t) => t.name)),
      )
    : [];
  return {
    repos,
    ...(wantsGit && cwdRepo ? { basics: repoBasics(cwdRepo, budget) } : {}),
    ...(gitOps && cwdRepo ? { wideStatus: statusEntries(cwdRepo, budget) } : {}),
    ...(rules.has('shell.git-stash-clear') && cwdRepo ? { stash: stashCount(cwdRepo, budget) } : {}),
    ...((rules.has('shell.git-push-force') || rules.has('shell.git-reset-hard')) && cwdRepo ? { unpushed: unpushedCount(cwdRepo, budget) } : {}),
    branchTargets,
    branches: cwdRepo ? branchTargets.slice(0, 16).map(async (b) => [b, await branchOnlyCount(cwdRepo, b, budget)] as const) : [],
  };
}

/** Counts what each delete or overwrite reaches (synchronous, bounded by the walk budget). */
function walkTargets(g: Gathering, work: PathWork[]): void {
  const { walkBudget, incomplete } = g;
  // Root, homes and system folders last: their verdict does not need a count, others' does.
  const walkOrder = [...work].sort((a, b) => Number(Boolean(a.facts.special)) - Number(Boolean(b.facts.special)));
  for (const w of walkOrder) {
    if (!w.facts.exists || !WALKED_OPS.has(w.op ?? '')) continue;
    w.walked = w.real.map((r) => walk(r, walkBudget, { keepList: true }));
    const files = sum(w.walked.map((x) => x.files));
    const dirs = sum(w.walked.map((x) => x.dirs));
    const bytes = sum(w.walked.map((x) => x.bytes));
    const atLeast = w.walked.some((x) => x.atLeast);
    Object.assign(w.facts, { files, dirs, bytes }, atLeast ? { atLeast } : {});
    if (atLeast)
      incomplete.push(
        `${w.name}: the count stopped at its budget (${walkBudget.entries >= walkBudget.maxEntries ? `${formatCount(walkBudget.maxEntries)} entries` : `${Math.round(walkBudget.ms)} ms`}), so it is a lower bound`,
      );
    const unreadable = sum(w.walked.map((x) => x.unreadable));
    if (unreadable) incomplete.push(`${w.name}: ${unreadable} folder${unreadable === 1 ? '' : 's'} could not be read`);
  }
}

/** The kube context, AWS profile and Terraform folder the action lands in (files only). */
function liveContexts(g: Gathering, analysis: Analysis, text: string): void {
  const { action, env, home, cwd, workspaceRoots, facts, incomplete } = g;
  const systems = new Set(analysis.contexts.map((c) => c.system));
  if (/\b(kubectl|helm|kustomize|k9s|oc)\b/.test(text) || action.kind === 'kubernetes') systems.add('kube');
  if (/\b(aws|cdk|sam|eksctl)\b/.test(text) || action.kind === 'cloudformationChangeSet') systems.add('aws');
  if (/\b(terraform|tofu|terragrunt)\b/.test(text) || action.kind === 'terraformPlan') systems.add('terraform');
  const explicit = (sys: string) => analysis.contexts.find((c) => c.system === sys && (c.context || c.namespace || c.region));
  if (systems.has('kube')) {
    const e = explicit('kube');
    const k = kubeFacts(env, home, { ...(e?.context ? { context: e.context } : {}), ...(e?.namespace ? { namespace: e.namespace } : {}) });
    if (k.context || k.namespace)
      facts.kube = {
        ...(k.context ? { context: k.context } : {}),
        ...(k.namespace ? { namespace: k.namespace } : {}),
        ...(k.cluster ? { cluster: k.cluster } : {}),
      };
    if (k.problem) incomplete.push(`kube context: ${k.problem}`);
  }
  if (systems.has('aws')) {
    const e = explicit('aws');
    const a = awsFacts(env, home, { ...(e?.context ? { profile: e.context } : {}), ...(e?.region ? { region: e.region } : {}) });
    facts.aws = { ...(a.profile ? { profile: a.profile } : {}), ...(a.region ? { region: a.region } : {}), ...(a.account ? { account: a.account } : {}) };
  }
  if (systems.has('terraform')) {
    // Where Terraform runs: -chdir, else the folder a `cd` moved to (`cd infra/prod && terraform …`), else the cwd.
    const chdir = /(?:^|\s)-chdir=("[^"]*"|'[^']*'|\S+)/.exec(text)?.[1]?.replace(/^(["'])(.*)\1$/, '$2');
    const moved = analysis.contexts.find((c) => c.system === 'terraform' && c.dir)?.dir;
    const dir = chdir ? resolve(cwd, chdir) : moved ? resolve(cwd, moved) : cwd;
    const t = terraformFacts(env, dir);
    const e = explicit('terraform');
    const root = workspaceRoots.find((w) => isUnder(dir, w));
    facts.terraform = {
      workspace: e?.context ?? t.workspace,
      ...(t.backend ? { backend: t.backend } : {}),
      dir: root ? relative(root, dir) || '.' : dir,
      ...(t.backendKey ? { backendKey: t.backendKey } : {}),
      ...(t.modules ? { modules: t.modules } : {}),
      ...(t.names ? { names: t.names } : {}),
    };
  }
}

/** Waits for git (within the budget) and folds its answers into the facts. */
async function gitResults(g: Gathering, git: GitWork, work: PathWork[]): Promise<void> {
  const { budget, cwdRepo, policy, facts, incomplete } = g;
  const statusByRepo = new Map<string, StatusEntries>();
  for (const [repo, p] of git.repos) {
    const r = await budget.within(p, { error: `git status in ${repo}: no answer within the budget` });
    if ('error' in r) incomplete.push(r.error);
    else statusByRepo.set(repo, r);
  }
  for (const w of work) {
    if (!w.walked) continue;
    const list = w.walked.flatMap((x) => x.list ?? []);
    if (w.repo && !statusByRepo.has(w.repo)) continue; // git did not answer: state unknown
    const c = classify(list, w.repo, w.repo ? statusByRepo.get(w.repo) : undefined);
    w.facts.git = c.counts;
    w.facts.gitBytes = c.bytes;
    if (w.regen === 'always' || (w.regen === 'if-ignored' && !c.counts.untracked && !c.counts.dirty)) w.facts.regenerable = true;
    for (const x of w.walked) delete x.list;
  }
  if (git.basics) {
    const b = await budget.within(git.basics, { root: cwdRepo! });
    facts.git = { root: b.root };
    if (b.branch) facts.git.branch = b.branch;
    if (b.detached) facts.git.detached = true;
    if (b.defaultBranch) facts.git.defaultBranch = b.defaultBranch;
    if (b.remote) facts.git.remote = b.remote;
    if (b.branch) facts.git.protectedBranch = b.branch === b.defaultBranch || policy.protectedBranches.some((p) => globMatch(p, b.branch!));
  } else if (cwdRepo && (git.wideStatus || git.stash || git.unpushed || git.branches.length)) facts.git = { root: cwdRepo };
  if (git.wideStatus) {
    const st = await budget.within(git.wideStatus, { error: `git status in ${cwdRepo}: no answer within the budget` });
    if ('error' in st) incomplete.push(st.error);
    else {
      const loss: LossFacts = lossOf(cwdRepo!, st, budget);
      Object.assign(facts.git!, {
        untracked: loss.untracked,
        untrackedBytes: loss.untrackedBytes,
        untrackedLoose: loss.untrackedLoose,
        ignored: loss.ignored,
        ignoredBytes: loss.ignoredBytes,
        dirty: loss.dirty,
        dirtyWorktree: loss.dirtyWorktree,
        ...(loss.atLeast ? { countsAtLeast: true } : {}),
      });
      if (loss.atLeast) incomplete.push('untracked and ignored files: the count stopped at its budget, so it is a lower bound');
    }
  }
  if (git.stash) {
    const n = await budget.within(git.stash, undefined);
    if (n === undefined) incomplete.push('git stash list did not answer');
    else facts.git!.stashes = n;
  }
  if (git.unpushed) {
    const n = await budget.within(git.unpushed, undefined);
    if (n === undefined) incomplete.push('commits not on any remote: git did not answer');
    else facts.git!.unpushedCommits = n;
  }
  if (git.branches.length) {
    const only: Record<string, number> = {};
    for (const [b, n] of await budget.within(
      Promise.all(git.branches),
      git.branchTargets.slice(0, 16).map((x) => [x, undefined] as const),
    )) {
      if (n === undefined) incomplete.push(`branch ${b}: git did not answer`);
      else only[b] = n;
    }
    facts.git!.branchOnlyCommits = only;
  }
}

/** The facts with each path's measurements and the notes a person reads. */
function assemble(g: Gathering, work: PathWork[], planNotes: string[]): Facts {
  const { facts, notes, incomplete, cwd, cwdRepo, workspaceRoots, policy } = g;
  if (work.length && !cwdRepo && work.some((w) => !w.repo && w.facts.exists && WALKED_OPS.has(w.op ?? ''))) {
    notes.push(`${cwd} is not in a git repository: nothing here can be recovered from git`);
  }
  if (work.length) facts.paths = {};
  const ws = workspaceRoots.length === 1 ? workspaceRoots[0] : undefined;
  for (const w of work) {
    facts.paths![w.name] = w.facts;
    notes.push(...pathNotes(w.name, w.facts, w.op, ws));
  }
  notes.push(...contextNotes(facts, policy));
  notes.push(...planNotes);
  if (notes.length) facts.notes = unique(notes);
  if (incomplete.length) facts.incomplete = unique(incomplete);
  return facts;
}

/** Path targets to probe, keyed by the name as written, with the strongest operation on each. */
function pathTargets(action: Action, analysis: Analysis): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  const add = (name: string, op: string | undefined) => {
    if (!name) return;
    const prev = out.get(name);
    if (!out.has(name) || OP_RANK.indexOf(op ?? '') > OP_RANK.indexOf(prev ?? '')) out.set(name, op);
  };
  if (action.kind === 'fileDelete') for (const p of action.paths) add(p, 'delete');
  if (action.kind === 'fileWrite') add(action.path, 'overwrite');
  if (action.kind === 'fileEdit') add(action.path, 'modify');
  // Paths named only by git operations (`git clean` names `.`) are measured repository-wide instead.
  const gitOnly = new Set<string>();
  for (const f of analysis.findings) for (const t of f.targets ?? []) if (t.kind === 'path' && GIT_OP_RULES.has(f.rule)) gitOnly.add(t.name);
  for (const f of analysis.findings) for (const t of f.targets ?? []) if (t.kind === 'path' && !GIT_OP_RULES.has(f.rule)) gitOnly.delete(t.name);
  for (const f of analysis.findings) for (const t of f.targets ?? []) if (t.kind === 'path' && !(GIT_OP_RULES.has(f.rule) && t.name === '.')) add(t.name, t.op);
  for (const t of analysis.targets) if (t.kind === 'path' && !gitOnly.has(t.name)) add(t.name, t.op);
  // Scripts are read, not measured (facts.scripts).
  for (const [name, op] of out) if (op === 'execute') out.delete(name);
  return out;
}

function resolveTarget(name: string, op: string | undefined, cwd: string, env: NodeJS.ProcessEnv, home: string, roots: string[], budget: Budget): PathWork {
  const ex = expandPath(name, cwd, env, home, budget);
  const resolved: Resolved[] = ex.paths.map((p) => resolveReal(p));
  const first = resolved[0];
  const exists = resolved.some((r) => r.exists);
  const link = resolved.find((r) => r.symlink);
  const realPaths = resolved.filter((r) => r.exists && !r.loop).map((r) => r.real);
  const outside = (p: string) => !roots.some((w) => isUnder(p, w) || isUnder(p, safeReal(w)));
  const specials = (ex.isGlob ? resolved : resolved.slice(0, 1)).map((r) => specialOf(r.real, home)).filter((s): s is NonNullable<typeof s> => Boolean(s));
  const special = (['root', 'home', 'system', 'mount'] as const).find((s) => specials.includes(s));
  const type: PathFacts['type'] = ex.isGlob
    ? resolved.length === 0
      ? 'missing'
      : resolved.some((r) => r.type === 'dir')
        ? 'dir'
        : (first?.type ?? 'missing')
    : (first?.type ?? 'missing');
  const facts: PathFacts = {
    input: name,
    resolved: ex.isGlob ? ex.pattern! : (first?.real ?? resolve(cwd, name)),
    exists,
    type,
    outsideWorkspace: (ex.isGlob ? resolved.map((r) => r.real) : [first?.real ?? resolve(cwd, name)]).some(outside),
  };
  if (link?.symlink) facts.symlinkTarget = link.symlink.to;
  if (special) facts.special = special;
  if (ex.isGlob) {
    facts.matches = resolved.length;
    facts.matched = ex.paths.slice(0, 5).map((p) => relative(cwd, p) || '.');
  }
  if (ex.unset.length) facts.unsetVariables = ex.unset;
  const repo = realPaths.length ? findRepoRoot(realPaths[0]!) : undefined;
  if (repo) facts.repo = repo;
  // Judged by folder names inside the repository only (not /tmp, not the repository's own name).
  const segs = (p: string) => (repo && isUnder(p, repo) ? relative(repo, p).split(sep) : []);
  const named = (list: string[]) => realPaths.length > 0 && realPaths.every((p) => segs(p).some((seg) => list.includes(seg)));
  const regen: PathWork['regen'] = named(REGENERABLE) ? 'always' : named([...REGENERABLE, ...REGENERABLE_IF_IGNORED]) ? 'if-ignored' : undefined;
  return { name, op, facts, real: realPaths, ...(repo ? { repo } : {}), ...(regen ? { regen } : {}) };
}

function safeReal(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

function gatherPlans(analysis: Analysis, text: string, cwd: string, rules: Set<string>, facts: Facts, incomplete: string[]): string[] {
  const notes: string[] = [];
  const fromText = text ? planArgsOf(text) : { terraform: [], changeSets: [] };
  const argsOf = (rule: string) =>
    analysis.findings
      .filter((f) => f.rule === rule)
      .flatMap((f) => (f.targets ?? []).filter((t) => t.kind === 'path' || t.kind === 'other' || t.kind === 'stack').map((t) => t.name));
  const tf = unique([
    ...(rules.has('shell.terraform-apply-planfile') ? argsOf('shell.terraform-apply-planfile').filter((a) => !a.startsWith('-')) : []),
    ...fromText.terraform,
  ]);
  const cs = unique([...fromText.changeSets]);
  for (const arg of tf.slice(0, 8)) {
    const r = findTerraformPlan(arg, cwd);
    if (r.found) {
      (facts.plans ??= {})[arg] = r.found.entry;
      notes.push(`terraform apply ${arg}: assessed the plan from ${relative(cwd, r.found.file) || r.found.file}`);
    } else if (r.problem) {
      incomplete.push(r.problem);
      notes.push(`terraform apply ${arg}: the plan it would execute could not be read, so its changes are unknown`);
    }
  }
  for (const arg of cs.slice(0, 8)) {
    const r = findChangeSet(arg, cwd);
    if (r.found) {
      (facts.plans ??= {})[arg] = r.found.entry;
      notes.push(`execute-change-set ${arg}: assessed the change set from ${relative(cwd, r.found.file) || r.found.file}`);
    } else if (r.problem) {
      incomplete.push(r.problem);
      notes.push(`execute-change-set ${arg}: the change set is not available as JSON, so its changes are unknown`);
    }
  }
  return notes;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

/** `AWS_PROFILE=prod aws …`, `KUBECONFIG=… kubectl …`: assignments in front of a command apply to it. */
const CONTEXT_VARS =
  /(?:^|[\s;&|(])(AWS_PROFILE|AWS_DEFAULT_PROFILE|AWS_REGION|AWS_DEFAULT_REGION|AWS_CONFIG_FILE|KUBECONFIG|TF_WORKSPACE|TF_DATA_DIR)=("[^"]*"|'[^']*'|[^\s;&|]*)/g;
function withInlineAssignments(env: NodeJS.ProcessEnv, action: Action): NodeJS.ProcessEnv {
  // An assignment needs its `=`, the flag its name: most commands have neither.
  if (action.kind !== 'shell' || (!action.command.includes('=') && !action.command.includes('--kubeconfig'))) return env;
  let out: NodeJS.ProcessEnv | undefined;
  for (const m of action.command.matchAll(CONTEXT_VARS)) {
    out ??= { ...env };
    out[m[1]!] = m[2]!.replace(/^(["'])(.*)\1$/, '$2');
  }
  // kubectl/helm --kubeconfig FILE picks the file as KUBECONFIG would.
  const kc = /(?:^|\s)--kubeconfig(?:=|\s+)("[^"]*"|'[^']*'|\S+)/.exec(action.command)?.[1];
  if (kc) {
    out ??= { ...env };
    out.KUBECONFIG = kc.replace(/^(["'])(.*)\1$/, '$2');
  }
  return out ?? env;
}
