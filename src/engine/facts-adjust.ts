// Folds gathered Facts into an analysis: what a path really is, how much a delete removes,
// whether git can bring it back, and which live context the action lands in.
// Sees: facts.paths for the targets the analyzers named, repository-wide git losses, live contexts.
// Does not catch: anything the probes did not measure (no facts → the analysis stands unchanged),
// changes between the look and the run, what a `find -delete` filter would spare.
// Pure. Every change shows as a `facts.*` finding or an edited message carrying the facts.
import type { Analysis } from './analysis';
import { levelRank, maxLevel } from './analysis';
import type { Action, Facts, Finding, GitState, Level, PathFacts, Target } from './schema';
import type { ResolvedPolicy } from './policy';
import { globMatch } from './glob';
import { formatBytes as bytesText, formatCount } from './format';

/** Analyzer findings whose level rests on what a delete would remove; facts may lower them. */
const DELETE_RULES = new Set(['path.delete-recursive', 'path.delete', 'path.delete-regenerable', 'path.find-delete']);
/** Git operations: judged on repository-wide losses (adjustGitOps), not as path deletes. */
export const GIT_OP_RULES = new Set([
  'shell.git-clean',
  'shell.git-checkout-discard',
  'shell.git-reset-hard',
  'shell.git-stash-clear',
  'shell.git-branch-delete',
  'shell.git-push-force',
]);
/** A lone file whose loss is worth a confirmation: it holds uncommitted work or is this large. */
const BIG_FILE = 1024 * 1024;
/** File-analyzer findings that only say "deletes/overwrites this" (not guard, secret, root, .git). */
const FILE_DELETE_RULES = new Set(['file.overwrite-unseen', 'file.emptied']);
const MEASURED_OPS = new Set(['delete', 'overwrite', 'move']);
/** Edits in place: only where they really land matters (a symlink out of the workspace). */
const EDIT_OPS = new Set(['modify', 'create']);
/** At most this many tracked, clean files deleted is a low; more is medium (still recoverable). */
const SMALL_RECOVERABLE = 10;

type Verdict =
  | { kind: 'special'; level: Level; why: string }
  | { kind: 'symlink'; why: string }
  | { kind: 'loss'; level: Level; why: string }
  | { kind: 'nothing'; why: string }
  | { kind: 'regenerable'; why: string }
  | { kind: 'recoverable'; level: Level; why: string }
  | { kind: 'unknown' };

export function applyFacts(action: Action, analysis: Analysis, facts: Facts, policy: ResolvedPolicy): void {
  if (!facts || typeof facts !== 'object') return;
  try {
    const before = analysis.findings.length;
    const topBefore = analysis.findings.reduce<Level>((l, f) => maxLevel(l, f.level), 'low');
    if (facts.cwdMissing && !analysis.readOnly) {
      analysis.findings.push({
        rule: 'facts.cwd-missing',
        level: 'medium',
        message: `The working directory ${facts.cwd ?? ''} does not exist, so nothing this changes could be measured`,
        evidence: facts.cwd ?? '',
        class: 'broad-change',
        reversibility: 'unknown',
      });
    }
    adjustPaths(action, analysis, facts);
    adjustGitOps(analysis, facts, policy);
    placeContexts(analysis, facts);
    addContextHints(analysis, facts);
    // When the facts are what make it worse, they are what a person should read first.
    const worst = analysis.findings.slice(before).reduce<Finding | undefined>((w, f) => (!w || levelRank(f.level) > levelRank(w.level) ? f : w), undefined);
    if (worst && levelRank(worst.level) > levelRank(topBefore)) analysis.summary = worst.message;
  } catch (err) {
    analysis.findings.push({
      rule: 'facts.error',
      level: 'medium',
      message: 'Could not fold the measured facts into the assessment',
      evidence: String(err instanceof Error ? err.message : err).slice(0, 200),
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Paths: deletes, overwrites, moves

const n = (x: number): string => formatCount(x);
const plural = (x: number, w: string): string => `${n(x)} ${w}${x === 1 ? '' : /(s|sh|ch|x)$/.test(w) ? 'es' : 's'}`;

function amount(p: PathFacts): string {
  const files = p.files ?? 0;
  return `${p.atLeast ? 'at least ' : ''}${plural(files, 'file')}${p.bytes ? ` (${bytesText(p.bytes)})` : ''}`;
}

function lostCounts(p: PathFacts): { lost: number; parts: string[] } {
  const g = p.git ?? {};
  const parts: string[] = [];
  let lost = 0;
  const add = (s: GitState, words: string) => {
    const c = g[s] ?? 0;
    if (c) {
      lost += c;
      parts.push(`${n(c)} ${words}`);
    }
  };
  // A regenerable folder (node_modules, ignored build output) loses nothing a tool cannot rebuild.
  if (!p.regenerable) add('untracked', 'untracked');
  add('dirty', 'with uncommitted changes');
  if (!p.regenerable) add('outside', 'outside any git repository');
  if (!p.regenerable) add('ignored', 'ignored by git (not in it)');
  return { lost, parts };
}

function verdictOf(name: string, p: PathFacts, op: string | undefined): Verdict {
  if (op && EDIT_OPS.has(op)) {
    return p.symlinkTarget && p.outsideWorkspace
      ? { kind: 'symlink', why: `${name} goes through a symlink to ${p.symlinkTarget}, outside the workspace` }
      : { kind: 'unknown' };
  }
  if (p.special === 'root' || p.special === 'home') {
    return { kind: 'special', level: 'critical', why: `${name} is ${p.special === 'root' ? 'the root of the file system' : `a home folder (${p.resolved})`}` };
  }
  if (p.special === 'system' && op !== 'move') return { kind: 'special', level: 'high', why: `${name} is in a system folder (${p.resolved})` };
  if (p.special === 'mount') return { kind: 'special', level: 'high', why: `${name} is a mount point (${p.resolved})` };
  if (p.symlinkTarget && p.outsideWorkspace) return { kind: 'symlink', why: `${name} goes through a symlink to ${p.symlinkTarget}, outside the workspace` };
  // Only facts that say so lower a level: a path whose `exists` is missing or not a boolean (facts
  // of the wrong shape) is unknown, never "nothing there".
  if (p.exists === false || p.matches === 0) return { kind: 'nothing', why: `${name} does not exist` };
  if (p.exists !== true) return { kind: 'unknown' };
  if (op === 'move') return { kind: 'unknown' };
  if (!p.git) return { kind: 'unknown' };
  const { lost, parts } = lostCounts(p);
  const files = p.files ?? 0;
  if (lost > 0) {
    const many = op === 'delete' && (p.type === 'dir' || p.type === 'symlink' || files > 1 || (p.matches ?? 0) > 1);
    const where = p.type === 'file' ? p.resolved : `in ${p.resolved}`;
    // One scratch file nobody committed is everyday work; uncommitted edits or a big file are not.
    const weighty = (p.git.dirty ?? 0) > 0 || (p.bytes ?? 0) >= BIG_FILE;
    return {
      kind: 'loss',
      level: many ? 'high' : weighty ? 'medium' : 'low',
      why: `${op === 'overwrite' ? 'overwrites' : 'deletes'} ${amount(p)} ${where} — ${parts.join(', ')}: cannot be recovered`,
    };
  }
  const g = p.git;
  const ignored = g.ignored ?? 0;
  const clean = g.clean ?? 0;
  // A walk cut short only proves recoverability when the whole folder is ignored build output.
  if (p.atLeast && !(p.regenerable && clean === 0)) return { kind: 'unknown' };
  if (files === 0) return { kind: 'nothing', why: `${name} holds no files` };
  if (clean === 0) return { kind: 'regenerable', why: `${name}: ${amount(p)}, all ${ignored ? 'ignored ' : ''}build output or packages that tools regenerate` };
  return {
    kind: 'recoverable',
    level: clean + ignored <= SMALL_RECOVERABLE ? 'low' : 'medium',
    why: `${name}: ${amount(p)}, ${ignored ? 'tracked and clean or regenerable build output' : 'all tracked and clean'}: recoverable from git`,
  };
}

function pathTargetsOf(f: Finding, action: Action): Target[] {
  if (GIT_OP_RULES.has(f.rule)) return [];
  const ts = (f.targets ?? []).filter((t) => t.kind === 'path' && (!t.op || MEASURED_OPS.has(t.op) || EDIT_OPS.has(t.op)));
  if (ts.length) return ts;
  if (action.kind === 'fileDelete' && FILE_DELETE_RULES.has(f.rule)) return action.paths.map((p) => ({ kind: 'path', name: p, op: 'delete' }));
  if (action.kind === 'fileWrite' && FILE_DELETE_RULES.has(f.rule)) return [{ kind: 'path', name: action.path, op: 'overwrite' }];
  return [];
}

function adjustPaths(action: Action, analysis: Analysis, facts: Facts): void {
  const paths = facts.paths;
  if (!paths) return;
  const raised = new Set<string>();
  const measured = new Set<string>();
  const findings = [...analysis.findings];
  const covered = new Set<string>();

  const judge = (f: Finding | undefined, targets: Target[]) => {
    const verdicts: [Target, Verdict][] = [];
    for (const t of targets) {
      const p = paths[t.name];
      if (!p) {
        verdicts.push([t, { kind: 'unknown' }]);
        continue;
      }
      covered.add(t.name);
      verdicts.push([t, verdictOf(t.name, p, t.op)]);
      if ((t.op === 'delete' || t.op === 'overwrite') && !measured.has(t.name) && p.files !== undefined) {
        measured.add(t.name);
      }
    }
    // Raise: each path's harm shows once, as its own finding, whatever finding named it.
    for (const [t, v] of verdicts) {
      if (raised.has(t.name)) continue;
      const p = paths[t.name]!;
      if (v.kind === 'special') {
        raised.add(t.name);
        analysis.findings.push({
          rule: 'facts.special-target',
          level: v.level,
          message: `${verb(t.op)} ${v.why}`,
          evidence: evidenceOf(t.name, p),
          class: 'destructive',
          reversibility: 'irreversible',
          targets: [t],
        });
      } else if (v.kind === 'symlink') {
        raised.add(t.name);
        const reach = p.files ? `: ${amount(p)} there` : '';
        const edit = Boolean(t.op && EDIT_OPS.has(t.op));
        analysis.findings.push({
          rule: 'facts.symlink-outside',
          level: edit ? 'medium' : 'high',
          message: `${verb(t.op)} ${v.why}${reach}`,
          evidence: evidenceOf(t.name, p),
          class: edit ? 'broad-change' : 'destructive',
          reversibility: edit ? 'unknown' : 'irreversible',
          targets: [t],
        });
      } else if (v.kind === 'loss' && f?.rule === 'path.find-delete') {
        f.message = `${f.message} — ${v.why.replace(/^deletes /, 'under it: ')} (the filters decide how many go)`;
      } else if (v.kind === 'loss') {
        raised.add(t.name);
        analysis.findings.push({
          rule: 'facts.data-loss',
          level: v.level,
          message: capital(v.why),
          evidence: evidenceOf(t.name, p),
          class: 'destructive',
          reversibility: 'irreversible',
          targets: [t],
        });
      }
    }
    // How much a delete removes, in its own words ("Deletes build recursively (1,200 files)").
    if (f && DELETE_RULES.has(f.rule) && !/\d[\d,]* files?\b/.test(f.message)) {
      const counted = targets.map((t) => paths[t.name]).filter((p): p is PathFacts => p?.files !== undefined && p.type !== 'file');
      if (counted.length === 1) f.message = `${f.message} (${amount(counted[0]!)})`;
    }
    // Lower: only a delete finding, and only when every path it names is proven harmless — and
    // only for a lone command: in `ln -s / x && rm -rf x/` an earlier step changes what is there.
    if (!f || !lowerable(f, action) || !verdicts.length || (analysis.counts.commands ?? 1) > 1 || action.kind === 'plan') return;
    if (!verdicts.every(([, v]) => v.kind === 'nothing' || v.kind === 'regenerable' || v.kind === 'recoverable')) return;
    // Only what the probes really saw: a path only known at run time (`$(…)`, `$VAR`, an
    // interpreter's computed path) was looked up as a literal, and its absence proves nothing.
    if (verdicts.some(([t]) => /\$\(|`|\((?:code|stdin|file)\)/.test(t.name))) return;
    // Nor does a working directory that is not there.
    if (facts.cwdMissing) return;
    let to: Level = 'low';
    for (const [, v] of verdicts) if (v.kind === 'recoverable') to = maxLevel(to, v.level);
    const why = verdicts.map(([, v]) => (v.kind === 'unknown' ? '' : v.why)).join('; ');
    const allGone = verdicts.every(([, v]) => v.kind === 'nothing');
    const lowers = levelRank(to) < levelRank(f.level);
    if (lowers) {
      f.level = to;
      f.message = `${f.message} — ${allGone ? 'nothing there to delete' : 'recoverable'} (${why})`;
      if (f.class === 'environment-teardown') f.class = 'destructive';
    }
    // Said either way: a level that stays is still worth its reason ("12 files, all tracked and clean").
    f.reversibility = allGone ? 'reversible' : 'recoverable';
    analysis.findings.push({
      rule: allGone ? 'facts.nothing-there' : 'facts.recoverable',
      level: lowers ? to : f.level,
      message: allGone ? `Nothing to delete: ${why}` : `Recoverable: ${why}`,
      evidence: verdicts
        .map(([t]) => evidenceOf(t.name, paths[t.name]!))
        .join('; ')
        .slice(0, 400),
      reversibility: allGone ? 'reversible' : 'recoverable',
    });
  };

  for (const f of findings) {
    const targets = pathTargetsOf(f, action);
    if (targets.length) judge(f, targets);
  }
  // Paths no finding named (a stub analyzer, a plain fileDelete): still raise what they lose.
  const rest: Target[] = [];
  if (action.kind === 'fileDelete') for (const p of action.paths) if (!covered.has(p)) rest.push({ kind: 'path', name: p, op: 'delete' });
  const gitOpNames = new Set(analysis.findings.filter((f) => GIT_OP_RULES.has(f.rule)).flatMap((f) => (f.targets ?? []).map((t) => t.name)));
  for (const t of analysis.targets) if (t.kind === 'path' && t.op && MEASURED_OPS.has(t.op) && !covered.has(t.name) && !gitOpNames.has(t.name)) rest.push(t);
  if (rest.length) judge(undefined, rest);

  // How much: measured counts replace the analyzer's guesses when they are larger.
  let files = 0;
  let bytes = 0;
  let atLeast = false;
  for (const name of measured) {
    const p = paths[name]!;
    files += p.files ?? 0;
    bytes += p.bytes ?? 0;
    atLeast ||= Boolean(p.atLeast);
  }
  if (measured.size) {
    if (files > (analysis.counts.files ?? 0)) analysis.counts.files = files;
    if (bytes) analysis.counts.bytes = Math.max(bytes, analysis.counts.bytes ?? 0);
    if (atLeast) analysis.counts.atLeast = true;
  }
}

function lowerable(f: Finding, action: Action): boolean {
  if (f.class === 'environment-teardown' && f.level === 'critical') return false;
  if (DELETE_RULES.has(f.rule)) return true;
  return (action.kind === 'fileDelete' || action.kind === 'fileWrite') && FILE_DELETE_RULES.has(f.rule);
}

function verb(op: string | undefined): string {
  if (op === 'overwrite') return 'Overwrites:';
  if (op === 'move') return 'Moves:';
  if (op === 'modify' || op === 'create') return 'Writes:';
  return 'Deletes:';
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function evidenceOf(name: string, p: PathFacts): string {
  const bits = [`${name} → ${p.resolved}`];
  if (p.type !== 'missing') bits.push(p.type);
  if (p.files !== undefined) bits.push(`${p.atLeast ? '≥' : ''}${plural(p.files, 'file')}`);
  const g = Object.entries(p.git ?? {}).map(([k, v]) => `${k} ${v}`);
  if (g.length) bits.push(`git: ${g.join(', ')}`);
  return bits.join(', ').slice(0, 300);
}

// ---------------------------------------------------------------------------------------------
// Git operations that throw work away

function lowerFinding(f: Finding, why: string, rule: string): Finding {
  f.level = 'low';
  f.message = `${f.message} — ${why}`;
  f.reversibility = 'reversible';
  if (f.class === 'environment-teardown' || f.class === 'destructive') f.class = 'targeted-patch';
  return { rule, level: 'low', message: capital(why), evidence: why, reversibility: 'reversible' };
}

function adjustGitOps(analysis: Analysis, facts: Facts, policy: ResolvedPolicy): void {
  const g = facts.git;
  if (!g) return;
  const added: Finding[] = [];
  const at = g.countsAtLeast ? 'at least ' : '';
  // "Nothing to lose" holds for the repository as it is now: not after earlier steps of a sequence.
  const canLower = (analysis.counts.commands ?? 1) <= 1;
  const lower = (f: Finding, why: string, rule: string) =>
    canLower
      ? lowerFinding(f, why, rule)
      : { rule, level: 'low' as Level, message: capital(why), evidence: `${why} (before the earlier steps of this command run)` };
  for (const f of analysis.findings) {
    if (f.rule === 'shell.git-clean' && g.untracked !== undefined) {
      if (/(^|\s)(-[a-z]*n[a-z]*|--dry-run)(\s|$)/i.test(f.evidence)) continue;
      const flags = (f.evidence.match(/(?:^|\s)-[a-zA-Z]+/g) ?? []).join('');
      const x = /x/.test(flags);
      const bigX = /X/.test(flags);
      const d = /d/.test(flags);
      const untracked = bigX ? 0 : d ? g.untracked : (g.untrackedLoose ?? g.untracked);
      const ignored = x || bigX ? (g.ignored ?? 0) : 0;
      if (untracked + ignored > 0) {
        analysis.counts.files = Math.max(analysis.counts.files ?? 0, untracked + ignored);
        const bytes = (untracked ? (g.untrackedBytes ?? 0) : 0) + (ignored ? (g.ignoredBytes ?? 0) : 0);
        if (bytes) analysis.counts.bytes = Math.max(analysis.counts.bytes ?? 0, bytes);
        if (g.countsAtLeast) analysis.counts.atLeast = true;
      }
      if (untracked + ignored === 0 && !g.countsAtLeast) {
        added.push(
          lower(f, `nothing to remove: the repository has no ${x ? 'untracked or ignored' : bigX ? 'ignored' : 'untracked'} files`, 'facts.nothing-to-lose'),
        );
      } else if (untracked > 0) {
        added.push({
          rule: 'facts.git-clean-loses',
          level: 'high',
          message: `git clean removes ${at}${plural(untracked, 'untracked file')}${g.untrackedBytes ? ` (${bytesText(g.untrackedBytes)})` : ''}${ignored ? ` and ${at}${plural(ignored, 'ignored file')}` : ''}: never committed, cannot be recovered`,
          evidence: `git status in ${g.root ?? '?'}: ${g.untracked} untracked, ${g.ignored ?? 0} ignored`,
          class: 'destructive',
          reversibility: 'irreversible',
        });
      } else if (ignored > 0) {
        added.push({
          rule: 'facts.git-clean-loses',
          level: 'medium',
          message: `git clean removes ${at}${plural(ignored, 'ignored file')}${g.ignoredBytes ? ` (${bytesText(g.ignoredBytes)})` : ''}: build output and caches, but also local files such as .env`,
          evidence: `git status in ${g.root ?? '?'}: ${g.ignored} ignored`,
          class: 'destructive',
          reversibility: 'irreversible',
        });
      }
    } else if (f.rule === 'shell.git-checkout-discard' || f.rule === 'shell.git-reset-hard') {
      const reset = f.rule === 'shell.git-reset-hard';
      const scoped = (f.targets ?? []).filter((t) => t.kind === 'path' && t.name !== '.' && facts.paths?.[t.name]?.git);
      let dirty: number | undefined;
      if (!reset && scoped.length) dirty = scoped.reduce((s, t) => s + (facts.paths![t.name]!.git!.dirty ?? 0), 0);
      else dirty = reset ? g.dirty : (g.dirtyWorktree ?? g.dirty);
      if (dirty === undefined) continue;
      // `reset --hard REF` also moves the branch: commits on no remote are left behind.
      const ref = reset ? /reset\s+(?:--hard\s+)?(?:-\S+\s+)*([^\s-][^\s;|&]*)/.exec(f.evidence.replace(/--hard/, ''))?.[1] : undefined;
      const movesBranch = Boolean(ref && ref !== 'HEAD' && ref !== '@');
      if (dirty === 0 && !movesBranch) {
        added.push(lower(f, 'nothing to lose: no uncommitted changes in the working tree', 'facts.nothing-to-lose'));
      } else if (dirty > 0) {
        added.push({
          rule: 'facts.uncommitted-lost',
          level: 'high',
          message: `${reset ? 'git reset --hard' : 'Discarding changes'} loses the uncommitted changes in ${plural(dirty, 'file')}`,
          evidence: `git status in ${g.root ?? '?'}: ${dirty} changed tracked file${dirty === 1 ? '' : 's'}`,
          class: 'destructive',
          reversibility: 'irreversible',
        });
      }
      if (movesBranch && g.unpushedCommits) {
        added.push({
          rule: 'facts.commits-left-behind',
          level: 'high',
          message: `git reset --hard ${ref} leaves ${plural(g.unpushedCommits, 'commit')} of ${g.branch ?? 'HEAD'} that exist on no remote (only the reflog keeps them)`,
          evidence: `git rev-list HEAD --not --remotes: ${g.unpushedCommits}`,
          class: 'destructive',
          reversibility: 'recoverable',
        });
      }
    } else if (f.rule === 'shell.git-stash-clear' && g.stashes !== undefined) {
      if (g.stashes === 0) added.push(lower(f, 'nothing to lose: there are no stashes', 'facts.nothing-to-lose'));
      else
        added.push({
          rule: 'facts.stashes-lost',
          level: 'high',
          message: `git stash clear drops ${plural(g.stashes, 'stash')}: their changes cannot be recovered`,
          evidence: `git stash list: ${g.stashes}`,
          class: 'destructive',
          reversibility: 'irreversible',
        });
    } else if (f.rule === 'shell.git-branch-delete' && g.branchOnlyCommits) {
      const branches = (f.targets ?? []).filter((t) => t.kind === 'branch').map((t) => t.name);
      const counts = branches.map((b) => [b, g.branchOnlyCommits![b]] as const);
      if (!counts.length || counts.some(([, c]) => c === undefined)) continue;
      const losing = counts.filter(([, c]) => (c ?? 0) > 0);
      if (!losing.length)
        added.push(lower(f, `nothing to lose: every commit of ${branches.join(', ')} is on another branch or a remote`, 'facts.nothing-to-lose'));
      else
        added.push({
          rule: 'facts.commits-lost',
          level: 'high',
          message: losing.map(([b, c]) => `branch ${b} holds ${plural(c!, 'commit')} that exist nowhere else`).join('; '),
          evidence: losing.map(([b, c]) => `git rev-list ${b} --not --branches --remotes --tags: ${c}`).join('; '),
          class: 'destructive',
          reversibility: 'irreversible',
          targets: losing.map(([b]) => ({ kind: 'branch', name: b, op: 'delete' })),
        });
    } else if (f.rule === 'shell.git-push-force') {
      const named = (f.targets ?? []).find((t) => t.kind === 'branch')?.name;
      const branch = !named || named === 'HEAD' || named === '@' ? g.branch : named;
      if (!branch) continue;
      const isDefault = branch === g.defaultBranch;
      const isProtected = policy.protectedBranches.some((p) => globMatch(p, branch));
      if (!isDefault && !isProtected) continue;
      const tags = [isProtected ? 'protected' : '', isDefault ? 'default' : ''].filter(Boolean).join(', ');
      const where = g.remote ? ` on ${g.remote.host}/${g.remote.repo}` : '';
      added.push({
        rule: 'facts.force-push-protected',
        level: 'high',
        message: `Force-push rewrites branch ${branch} (${tags})${where}: others' commits on it can be lost`,
        evidence: `branch ${branch}${g.defaultBranch ? `, default ${g.defaultBranch}` : ''}${where}`,
        class: 'destructive',
        reversibility: 'irreversible',
        targets: [{ kind: 'branch', name: branch, op: 'overwrite' }],
      });
    }
  }
  analysis.findings.push(...added);
}

// ---------------------------------------------------------------------------------------------
// Live contexts: only for the systems the action reaches, never from facts alone.

/**
 * The folder each context runs in, relative to the workspace root when facts know it (the policy's
 * protected paths are written from there), and the names a Terraform teardown reaches as targets.
 */
function placeContexts(analysis: Analysis, facts: Facts): void {
  const roots = facts.workspaceRoots ?? [];
  const tfDir = facts.terraform?.dir;
  if (facts.cwd || tfDir !== undefined) {
    for (const c of analysis.contexts) {
      if (c.system !== 'terraform') continue;
      // Facts know where Terraform runs (-chdir too), relative to the workspace root.
      if (tfDir !== undefined) {
        if (tfDir === '.') delete c.dir;
        else c.dir = tfDir;
        continue;
      }
      const abs = joinPath(facts.cwd!, c.dir ?? '.');
      const root = roots.find((r) => abs === r || abs.startsWith(`${r}/`));
      if (root && abs !== root) c.dir = abs.slice(root.length + 1);
      else if (root) delete c.dir;
    }
  }
  const names = facts.terraform?.names ?? [];
  if (!names.length) return;
  const teardown = analysis.findings.filter(
    (f) => f.class === 'environment-teardown' && (f.targets ?? []).some((t) => t.kind === 'stack' && t.op === 'delete'),
  );
  for (const f of teardown) {
    const reached = names.slice(0, 20).map((name) => ({ kind: 'resource' as const, name, op: 'delete' as const }));
    f.targets = [...(f.targets ?? []), ...reached];
    for (const t of reached) if (!analysis.targets.some((x) => x.kind === t.kind && x.name === t.name && x.op === t.op)) analysis.targets.push(t);
  }
}

function joinPath(base: string, p: string): string {
  const full = p.startsWith('/') ? p : `${base}/${p}`;
  const out: string[] = [];
  for (const seg of full.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

function addContextHints(analysis: Analysis, facts: Facts): void {
  const seen = new Set<string>();
  const push = (source: string, value: string | undefined) => {
    if (!value) return;
    const key = `${source}\0${value}`;
    if (seen.has(key)) return;
    seen.add(key);
    analysis.envHints.push({ source, value });
  };
  // A link hides where a change lands: `rm -rf current` with current → /srv/releases/prod-42.
  for (const t of analysis.targets) {
    const p = t.kind === 'path' && t.op && t.op !== 'read' ? facts.paths?.[t.name] : undefined;
    if (p?.symlinkTarget) push('symlink target', p.symlinkTarget);
  }
  for (const c of analysis.contexts) {
    if (c.system === 'kube' && facts.kube) {
      push('kube context', c.context ?? facts.kube.context);
      push('kube namespace', c.namespace ?? facts.kube.namespace);
      if (!c.context || c.context === facts.kube.context) push('kube cluster', facts.kube.cluster);
    } else if (c.system === 'aws' && facts.aws) {
      push('AWS profile', c.context ?? facts.aws.profile);
    } else if (c.system === 'terraform' && facts.terraform) {
      const t = facts.terraform;
      push('Terraform workspace', c.context ?? t.workspace);
      // The folder, the state key and the modules name the environment as often as the workspace
      // does (one folder per environment, `default` workspace everywhere).
      if (t.dir && t.dir !== '.' && !analysis.envHints.some((h) => h.value === t.dir)) push('Terraform folder', t.dir);
      push('Terraform backend key', t.backendKey);
      for (const m of (t.modules ?? []).slice(0, 20)) push('Terraform module', m);
    } else if (c.system === 'git' && facts.git?.branch) {
      push('git branch', c.context ?? facts.git.branch);
    }
  }
}
