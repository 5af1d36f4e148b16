// Which allowed signers count: the team's, as committed on the repository's default branch — not
// whatever the working tree says. In order:
//   1. the remote's default branch as last fetched (`refs/remotes/origin/HEAD`, else origin's main
//      or master): the policy's `allowedSignersFile` and that file are read from that commit;
//   2. with no remote, the local default branch (init.defaultBranch, main, master);
//   3. with no git at all, the working tree.
// A local edit can remove a signer but not add one: when the working tree has the file, only the
// committed entries whose key it still lists count, with the principals both list. The working
// tree's policy cannot point somewhere else: only the committed policy's path counts.
//
// Read with `git --no-replace-objects cat-file` (no textconv, no filters, no replace refs).
// What it does not catch: a remote-tracking ref moved locally (`git update-ref`, `git fetch` from
// another URL, `git remote set-url`): those are writes to guard assets (.git/refs/remotes,
// .git/packed-refs, .git/config), judged by the engine. With no remote, a commit on the local
// default branch adds a signer: `review show` and `doctor` say which source was used.
import { spawnSync } from 'node:child_process';
import { trustedGit } from '../facts/exec';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { getDefaultPolicy, parsePolicyText } from '../engine/policy';
import { findPolicyFile } from '../facts/policy-file';
import { type AllowedSigner, parseAllowedSigners } from './allowed-signers';

export const DEFAULT_ALLOWED_SIGNERS = '.blast-radius/allowed_signers';
const POLICY_PATH = '.blast-radius/policy.json';

export interface SignerSource {
  kind: 'remote' | 'local-branch' | 'working-tree';
  /** The ref read (`refs/remotes/origin/main`), and its commit. */
  ref?: string;
  commit?: string;
  /** The allowed signers file: repo-relative (committed) or absolute. */
  path: string;
  /** The same file in the working tree (what narrows the committed list). */
  workingFile: string;
  /** One line for people: where the signers came from. */
  describe: string;
  /** What was ignored or narrowed, and what is weak about this source. */
  notes: string[];
}

export type ResolvedSigners = { ok: true; signers: AllowedSigner[]; source: SignerSource } | { ok: false; error: string; source?: SignerSource };

function git(cwd: string, args: string[]): { ok: boolean; out: string; err: string } {
  // The system's git, with only the repository's config: an agent can plant neither (facts/exec.ts).
  const r = spawnSync(trustedGit(), ['--no-replace-objects', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 10_000,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  });
  return { ok: r.status === 0, out: r.status === 0 ? r.stdout : '', err: (r.stderr ?? '').trim() };
}

const short = (ref: string): string => ref.replace(/^refs\/(remotes|heads)\//, '');

/** The ref whose tree counts: the remote's default branch, else the local default branch. */
export function teamRef(top: string): { ref: string; kind: 'remote' | 'local-branch' } | undefined {
  const exists = (ref: string) => git(top, ['rev-parse', '--verify', '-q', `${ref}^{commit}`]).ok;
  const remotes = git(top, ['remote']).out.split('\n').filter(Boolean);
  const remote = remotes.includes('origin') ? 'origin' : remotes.length === 1 ? remotes[0] : undefined;
  if (remote) {
    const head = git(top, ['symbolic-ref', '-q', `refs/remotes/${remote}/HEAD`]).out.trim();
    if (head && exists(head)) return { ref: head, kind: 'remote' };
    for (const b of ['main', 'master']) if (exists(`refs/remotes/${remote}/${b}`)) return { ref: `refs/remotes/${remote}/${b}`, kind: 'remote' };
  }
  const configured = git(top, ['config', 'init.defaultBranch']).out.trim();
  for (const b of [configured, 'main', 'master'].filter(Boolean)) if (exists(`refs/heads/${b}`)) return { ref: `refs/heads/${b}`, kind: 'local-branch' };
  return undefined;
}

/** Resolves the signers that count for the repository holding `cwd`. Never throws. */
export function resolveSigners(cwd: string): ResolvedSigners {
  const topR = existsSync(cwd) ? git(cwd, ['rev-parse', '--show-toplevel']) : { ok: false, out: '', err: '' };
  if (!topR.ok) return fromWorkingTree(cwd);
  const top = topR.out.trim();
  const team = teamRef(top);
  if (!team) {
    return {
      ok: false,
      error: 'no committed allowed signers: this repository has no default branch yet (commit .blast-radius/allowed_signers on main, and push it)',
    };
  }
  const commit = git(top, ['rev-parse', '--verify', `${team.ref}^{commit}`]).out.trim();
  const notes: string[] = [];
  if (team.kind === 'local-branch')
    notes.push(`no remote default branch: the local ${short(team.ref)} counts, and anyone who can commit to it here (an agent too) can add a signer`);
  // The committed policy names the file; the working tree's policy cannot move it.
  const committedPolicy = git(top, ['cat-file', 'blob', `${commit}:${POLICY_PATH}`]);
  let path = DEFAULT_ALLOWED_SIGNERS;
  if (committedPolicy.ok) {
    const parsed = parsePolicyText(committedPolicy.out);
    if (!parsed.ok)
      return { ok: false, error: `the committed policy (${short(team.ref)}:${POLICY_PATH}) is broken: ${parsed.errors[0]?.message ?? 'invalid'}` };
    path = parsed.policy.allowedSignersFile;
  } else path = getDefaultPolicy().allowedSignersFile;
  const local = findPolicyFile(cwd);
  if (local) {
    try {
      const lp = parsePolicyText(readFileSync(local, 'utf8'));
      if (lp.ok && lp.policy.allowedSignersFile !== path)
        notes.push(`the working tree's policy names ${lp.policy.allowedSignersFile}: ignored, the committed policy names ${path}`);
    } catch {
      /* unreadable: the committed one counts anyway */
    }
  }
  const describe = (extra: string) =>
    `${short(team.ref)} at ${commit.slice(0, 12)} (${team.kind === 'remote' ? 'the remote default branch as last fetched' : 'the local default branch'}): ${path}${extra}`;
  // An absolute path is outside git: the team chose a file managed elsewhere (e.g. root-owned).
  if (isAbsolute(path)) {
    const signers = readSignersFile(path);
    if (typeof signers === 'string') return { ok: false, error: signers };
    notes.push(`${path} is outside the repository: it is as safe as its owner and permissions`);
    return { ok: true, signers, source: { kind: team.kind, ref: team.ref, commit, path, workingFile: path, describe: describe(''), notes } };
  }
  const rel = relative(top, resolve(top, path));
  if (rel.startsWith('..')) return { ok: false, error: `the committed policy's allowedSignersFile (${path}) points outside the repository` };
  const blob = git(top, ['cat-file', 'blob', `${commit}:${rel.split(sep).join('/')}`]);
  const workingFile = join(top, rel);
  const source: SignerSource = { kind: team.kind, ref: team.ref, commit, path: rel, workingFile, describe: '', notes };
  if (!blob.ok)
    return {
      ok: false,
      error: `no allowed signers committed at ${short(team.ref)}:${rel} (commit the file and push it)`,
      source: { ...source, describe: describe(' (missing)') },
    };
  const committed = parseAllowedSigners(blob.out).signers;
  let working: string | undefined;
  try {
    working = readFileSync(workingFile, 'utf8');
  } catch {
    notes.push(`the working tree has no ${rel}: the committed list counts as is`);
  }
  if (working === undefined)
    return { ok: true, signers: committed, source: { ...source, describe: describe(`, ${committed.length} signer${committed.length === 1 ? '' : 's'}`) } };
  const { signers, added, removed } = narrow(committed, parseAllowedSigners(working).signers);
  if (added)
    notes.push(
      `${added} entr${added === 1 ? 'y' : 'ies'} in the working tree's ${rel} ${added === 1 ? 'is' : 'are'} not committed on ${short(team.ref)}: ignored`,
    );
  if (removed) notes.push(`${removed} committed entr${removed === 1 ? 'y is' : 'ies are'} removed or narrowed in the working tree: removed here too`);
  return {
    ok: true,
    signers,
    source: { ...source, describe: describe(`, ${signers.length} signer${signers.length === 1 ? '' : 's'}${removed ? ' after local removals' : ''}`) },
  };
}

/** Committed entries, narrowed by the working tree: same key, principals both list. */
export function narrow(committed: AllowedSigner[], working: AllowedSigner[]): { signers: AllowedSigner[]; added: number; removed: number } {
  const out: AllowedSigner[] = [];
  let removed = 0;
  for (const c of committed) {
    const w = working.filter((x) => x.key.equals(c.key) && x.certAuthority === c.certAuthority);
    const kept = c.principals.filter((p) => w.some((x) => x.principals.includes(p)));
    if (kept.length) out.push({ ...c, principals: kept });
    if (kept.length < c.principals.length) removed++;
  }
  const added = working.filter((x) => !committed.some((c) => c.key.equals(x.key) && x.principals.every((p) => c.principals.includes(p)))).length;
  return { signers: out, added, removed };
}

function readSignersFile(file: string): AllowedSigner[] | string {
  try {
    return parseAllowedSigners(readFileSync(file, 'utf8')).signers;
  } catch (err) {
    return `no allowed signers file at ${file} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`;
  }
}

function fromWorkingTree(cwd: string): ResolvedSigners {
  const { repoRoot } = require('./request') as typeof import('./request');
  const root = repoRoot(cwd);
  let path = DEFAULT_ALLOWED_SIGNERS;
  const policyFile = findPolicyFile(cwd);
  if (policyFile) {
    try {
      const p = parsePolicyText(readFileSync(policyFile, 'utf8'));
      if (!p.ok) return { ok: false, error: `${policyFile}: the policy is broken` };
      path = p.policy.allowedSignersFile;
    } catch (err) {
      return { ok: false, error: `${policyFile}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}` };
    }
  }
  const file = resolve(root, path);
  const source: SignerSource = {
    kind: 'working-tree',
    path: file,
    workingFile: file,
    describe: `the working tree (no git repository): ${file}`,
    notes: ['no git repository: the file on disk counts, and whoever can write it (an agent too) can add a signer'],
  };
  const signers = readSignersFile(file);
  if (typeof signers === 'string') return { ok: false, error: signers, source };
  return { ok: true, signers, source };
}
