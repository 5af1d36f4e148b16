// What git holds: for each target file whether it is tracked and clean (recoverable), tracked with
// uncommitted changes, untracked, ignored, or outside any repository; and, repository-wide, what
// `git clean`, `checkout -- .`, `reset --hard`, `stash clear` and `branch -D` would lose. Read-only
// git commands only (status, rev-parse, rev-list, stash list, config, symbolic-ref).
// Does not catch: submodule contents, LFS objects, hooks, files git would recreate from the reflog.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { GitState } from '../engine';
import type { Budget } from './budget';
import { git, gitText } from './exec';
import { type WalkFile, walk } from './paths';

/** Nearest folder up from `start` holding `.git` (a folder, or a file for worktrees/submodules). */
export function findRepoRoot(start: string): string | undefined {
  let dir = start;
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    dir = dirname(dir);
  }
  for (let i = 0; i < 256; i++) {
    if (existsSync(join(dir, '.git'))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}

export interface StatusEntries {
  /** Repo-relative paths (forward slashes) of tracked files with any change. */
  dirty: Set<string>;
  /** Tracked files with unstaged changes in the work tree. */
  dirtyWorktree: Set<string>;
  /** Untracked files and folders (folders end with `/`). */
  untracked: string[];
  ignored: string[];
}

/** The command line of statusEntries (git-early.ts starts the same one ahead of time). */
export const statusArgs = (pathspecs: readonly string[]): string[] => [
  'status',
  '--porcelain=v2',
  '-z',
  '--ignored=traditional',
  '--untracked-files=normal',
  '--no-renames',
  '--',
  ...pathspecs,
];

/** `git status --porcelain=v2 -z --ignored`, optionally limited to pathspecs (relative to root). */
export async function statusEntries(root: string, budget: Budget, pathspecs: string[] = []): Promise<StatusEntries | { error: string }> {
  const r = await git(statusArgs(pathspecs), root, budget);
  if (!r.ok) return { error: `git status in ${root}: ${r.error}` };
  const out: StatusEntries = { dirty: new Set(), dirtyWorktree: new Set(), untracked: [], ignored: [] };
  const recs = r.out.toString('utf8').split('\0');
  for (let i = 0; i < recs.length; i++) {
    const rec = recs[i]!;
    if (!rec) continue;
    const t = rec[0];
    if (t === '?') out.untracked.push(rec.slice(2));
    else if (t === '!') out.ignored.push(rec.slice(2));
    else if (t === '1' || t === '2' || t === 'u') {
      // 1 XY sub mH mI mW hH hI path | 2 XY sub mH mI mW hH hI Xscore path\0orig | u XY sub m1 m2 m3 mW h1 h2 h3 path
      const fields = t === '1' ? 8 : t === '2' ? 9 : 10;
      const parts = rec.split(' ');
      const path = parts.slice(fields).join(' ');
      out.dirty.add(path);
      const y = rec[3];
      if (t === 'u' || (y && y !== '.')) out.dirtyWorktree.add(path);
      if (t === '2') i++;
    }
  }
  return out;
}

export interface Classified {
  counts: Partial<Record<GitState, number>>;
  bytes: Partial<Record<GitState, number>>;
}

/** Classifies walked files by the status of their repository (or `outside` when none). */
export function classify(files: readonly WalkFile[], root: string | undefined, st: StatusEntries | undefined): Classified {
  const counts: Partial<Record<GitState, number>> = {};
  const bytes: Partial<Record<GitState, number>> = {};
  const add = (s: GitState, size: number) => {
    counts[s] = (counts[s] ?? 0) + 1;
    bytes[s] = (bytes[s] ?? 0) + size;
  };
  if (!root || !st) {
    for (const f of files) add('outside', f.size);
    return { counts, bytes };
  }
  const untrackedFiles = new Set(st.untracked.filter((p) => !p.endsWith('/')));
  const untrackedDirs = new Set(st.untracked.filter((p) => p.endsWith('/')).map((p) => p.slice(0, -1)));
  const ignoredFiles = new Set(st.ignored.filter((p) => !p.endsWith('/')));
  const ignoredDirs = new Set(st.ignored.filter((p) => p.endsWith('/')).map((p) => p.slice(0, -1)));
  for (const f of files) {
    const rel = relative(root, f.path).split(sep).join('/');
    if (rel.startsWith('../') || rel === '..') {
      add('outside', f.size);
      continue;
    }
    if (rel === '.git' || rel.startsWith('.git/')) {
      // The repository itself: deleting it loses every commit not pushed.
      add('untracked', f.size);
      continue;
    }
    if (st.dirty.has(rel)) add('dirty', f.size);
    else if (untrackedFiles.has(rel)) add('untracked', f.size);
    else if (ignoredFiles.has(rel)) add('ignored', f.size);
    else {
      let state: GitState = 'clean';
      for (let d = parentOf(rel); d; d = parentOf(d)) {
        if (ignoredDirs.has(d)) {
          state = 'ignored';
          break;
        }
        if (untrackedDirs.has(d)) {
          state = 'untracked';
          break;
        }
      }
      add(state, f.size);
    }
  }
  return { counts, bytes };
}

function parentOf(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i < 0 ? '' : rel.slice(0, i);
}

export interface RepoBasics {
  root: string;
  branch?: string;
  detached?: boolean;
  defaultBranch?: string;
  remote?: { host: string; repo: string; url?: string };
}

/**
 * Branch, origin's default branch and remotes straight from `.git` (HEAD, refs/remotes/origin/HEAD,
 * config): no process to start. Undefined when `.git` is not a plain folder (worktree, submodule)
 * or holds something unexpected, and git is asked instead.
 */
export function readGitDir(root: string): RepoBasics | undefined {
  const dir = join(root, '.git');
  try {
    if (!statSync(dir).isDirectory()) return undefined;
    const head = readFileSync(join(dir, 'HEAD'), 'utf8').trim();
    const out: RepoBasics = { root };
    const ref = /^ref: refs\/heads\/(.+)$/.exec(head);
    if (ref) out.branch = ref[1]!;
    else if (/^[0-9a-f]{40,64}$/.test(head)) out.detached = true;
    else return undefined;
    try {
      const originHead = /^ref: refs\/remotes\/origin\/(.+)$/.exec(readFileSync(join(dir, 'refs', 'remotes', 'origin', 'HEAD'), 'utf8').trim());
      if (originHead) out.defaultBranch = originHead[1]!;
    } catch {
      /* no origin HEAD recorded */
    }
    const config = readFileSync(join(dir, 'config'), 'utf8');
    if (/^\s*\[\s*include/im.test(config)) return undefined; // included files: let git resolve them
    const urls: [string, string][] = [];
    let remote: string | undefined;
    for (const line of config.split(/\r?\n/)) {
      const sec = /^\s*\[\s*remote\s+"(.+)"\s*\]/.exec(line);
      if (sec) remote = sec[1];
      else if (/^\s*\[/.test(line)) remote = undefined;
      else if (remote) {
        const url = /^\s*url\s*=\s*(.+?)\s*$/i.exec(line);
        if (url) urls.push([remote, url[1]!.replace(/^"(.*)"$/, '$1')]);
      }
    }
    const chosen = urls.find(([r]) => r === 'origin') ?? urls[0];
    if (chosen) {
      const parsed = parseRemoteUrl(chosen[1]);
      if (parsed) out.remote = parsed;
    }
    return out;
  } catch {
    return undefined;
  }
}

export async function repoBasics(root: string, budget: Budget): Promise<RepoBasics> {
  const fromFiles = readGitDir(root);
  if (fromFiles) return fromFiles;
  const [branch, originHead, remotes] = await Promise.all([
    gitText(['symbolic-ref', '--quiet', '--short', 'HEAD'], root, budget),
    gitText(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'], root, budget),
    gitText(['config', '--get-regexp', '^remote\\..*\\.url$'], root, budget),
  ]);
  const out: RepoBasics = { root };
  if (branch) out.branch = branch;
  else out.detached = true;
  if (originHead) out.defaultBranch = originHead.replace(/^origin\//, '');
  const urls = (remotes ?? '')
    .split('\n')
    .map((l) => /^remote\.(.+)\.url (.+)$/.exec(l.trim()))
    .filter((m): m is RegExpExecArray => Boolean(m));
  const chosen = urls.find((m) => m[1] === 'origin') ?? urls[0];
  if (chosen) {
    const parsed = parseRemoteUrl(chosen[2]!);
    if (parsed) out.remote = parsed;
  }
  return out;
}

/** host and owner/repo from an https, ssh or scp-like remote URL; credentials are dropped. */
export function parseRemoteUrl(url: string): { host: string; repo: string; url: string } | undefined {
  const u = url.trim();
  let host: string | undefined;
  let path: string | undefined;
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/)(.+)$/.exec(u);
  const std = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^/:]+)(?::\d+)?\/(.+)$/i.exec(u);
  if (std) [host, path] = [std[1], std[2]];
  else if (scp && !u.includes('://')) [host, path] = [scp[1], scp[2]];
  if (!host || !path) return undefined;
  const repo = path.replace(/\.git\/?$/, '').replace(/\/+$/, '');
  const safeUrl = u.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1');
  return { host: host.toLowerCase(), repo, url: safeUrl };
}

export interface LossFacts {
  untracked: number;
  untrackedBytes: number;
  untrackedLoose: number;
  ignored: number;
  ignoredBytes: number;
  dirty: number;
  dirtyWorktree: number;
  atLeast: boolean;
}

/** What a repository-wide clean/checkout/reset would lose: walks the untracked and ignored entries. */
export function lossOf(root: string, st: StatusEntries, budget: Budget): LossFacts {
  const out: LossFacts = {
    untracked: 0,
    untrackedBytes: 0,
    untrackedLoose: 0,
    ignored: 0,
    ignoredBytes: 0,
    dirty: st.dirty.size,
    dirtyWorktree: st.dirtyWorktree.size,
    atLeast: false,
  };
  for (const [entries, key] of [
    [st.untracked, 'untracked'],
    [st.ignored, 'ignored'],
  ] as const) {
    for (const e of entries) {
      if (budget.expired()) {
        out.atLeast = true;
        break;
      }
      const w = walk(join(root, e), budget);
      if (key === 'untracked') {
        out.untracked += w.files;
        out.untrackedBytes += w.bytes;
        if (!e.endsWith('/')) out.untrackedLoose += w.files;
      } else {
        out.ignored += w.files;
        out.ignoredBytes += w.bytes;
      }
      if (w.atLeast) out.atLeast = true;
    }
  }
  return out;
}

export async function stashCount(root: string, budget: Budget): Promise<number | undefined> {
  const r = await git(['stash', 'list', '--format=%H'], root, budget);
  if (!r.ok) return undefined;
  return r.out.toString('utf8').split('\n').filter(Boolean).length;
}

/** Commits on HEAD that no remote-tracking branch holds. */
export async function unpushedCount(root: string, budget: Budget): Promise<number | undefined> {
  const t = await gitText(['rev-list', '--count', 'HEAD', '--not', '--remotes'], root, budget);
  return t !== undefined && /^\d+$/.test(t) ? Number(t) : undefined;
}

/** Commits only `branch` holds: on no other branch, remote-tracking branch or tag. */
export async function branchOnlyCount(root: string, branch: string, budget: Budget): Promise<number | undefined> {
  if (!/^[^\s~^:?*[\\]+$/.test(branch) || branch.startsWith('-')) return undefined;
  const exists = await git(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], root, budget);
  if (!exists.ok) return 0;
  const t = await gitText(['rev-list', '--count', `refs/heads/${branch}`, '--not', `--exclude=${branch}`, '--branches', '--remotes', '--tags'], root, budget);
  return t !== undefined && /^\d+$/.test(t) ? Number(t) : undefined;
}
