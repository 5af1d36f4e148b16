// Facts in plain words for the report: "deletes 3,412 files (1.2 GB) in /home/dev/data — 3,398
// untracked, cannot be recovered", "branch main (protected) on github.com/acme/billing",
// "kube context prod-cn-north-1 → prod".
import type { Facts, GitState, PathFacts, ResolvedPolicy } from '../engine';
import { environmentOfWord } from '../engine/environment';
import { formatBytes as bytesText, formatCount } from '../engine/format';

export function num(n: number): string {
  return formatCount(n);
}

const plural = (n: number, word: string): string => `${num(n)} ${word}${n === 1 ? '' : /(s|sh|ch|x)$/.test(word) ? 'es' : 's'}`;

/** "3,412 files in 12 folders (1.2 GB)", with "at least" when the walk stopped early. */
export function amountText(p: Pick<PathFacts, 'files' | 'dirs' | 'bytes' | 'atLeast'>): string {
  const files = p.files ?? 0;
  const dirs = p.dirs ?? 0;
  let t = `${p.atLeast ? 'at least ' : ''}${plural(files, 'file')}`;
  if (dirs > 1) t += ` in ${plural(dirs, 'folder')}`;
  if (p.bytes) t += ` (${bytesText(p.bytes)})`;
  return t;
}

const STATE_WORDS: Record<GitState, string> = {
  clean: 'tracked and clean (recoverable from git)',
  dirty: 'with uncommitted changes (the changes are lost)',
  untracked: 'untracked, cannot be recovered',
  ignored: 'ignored by git, not recoverable from it',
  outside: 'outside any git repository, cannot be recovered',
};

export function gitBreakdown(p: PathFacts): string {
  const g = p.git ?? {};
  const order: GitState[] = ['untracked', 'dirty', 'outside', 'ignored', 'clean'];
  const parts: string[] = [];
  for (const s of order) {
    const n = g[s];
    if (!n) continue;
    let words = STATE_WORDS[s];
    if (s === 'ignored' && p.regenerable) words = 'ignored build output (regenerable)';
    if ((s === 'untracked' || s === 'outside') && p.regenerable)
      words = `${s === 'untracked' ? 'untracked' : 'outside git'}, but regenerable (packages or tool caches)`;
    parts.push(`${num(n)} ${words}`);
  }
  return parts.join('; ');
}

export function envSuffix(word: string | undefined, policy: ResolvedPolicy): string {
  if (!word) return '';
  const env = environmentOfWord(word, policy);
  return env ? ` → ${env}` : '';
}

const VERB: Record<string, string> = { delete: 'deletes', overwrite: 'overwrites', move: 'moves' };

export function pathNotes(name: string, p: PathFacts, op: string | undefined, workspace: string | undefined): string[] {
  const out: string[] = [];
  if (p.unsetVariables?.length)
    out.push(`${p.unsetVariables.map((v) => `$${v}`).join(', ')} ${p.unsetVariables.length === 1 ? 'is' : 'are'} not set, so ${name} becomes ${p.resolved}`);
  if (p.matches !== undefined)
    out.push(`${name} matches ${plural(p.matches, 'path')}${p.matched?.length ? `: ${p.matched.slice(0, 3).join(', ')}${p.matches > 3 ? ', …' : ''}` : ''}`);
  if (p.symlinkTarget)
    out.push(`${name} goes through a symlink to ${p.symlinkTarget}${p.outsideWorkspace ? ` (outside the workspace${workspace ? ` ${workspace}` : ''})` : ''}`);
  else if (p.outsideWorkspace && p.exists && p.special !== 'root' && p.special !== 'home')
    out.push(`${name} is outside the workspace${workspace ? ` ${workspace}` : ''}: ${p.resolved}`);
  if (p.special === 'root') out.push(`${name} is the root of the file system`);
  else if (p.special === 'home') out.push(`${name} is a home folder (${p.resolved})`);
  else if (p.special === 'system') out.push(`${name} is in a system folder (${p.resolved})`);
  else if (p.special === 'mount') out.push(`${name} is a mount point (${p.resolved})`);
  const verb = op ? VERB[op] : undefined;
  if (!p.exists) {
    if (verb) out.push(`${name} does not exist now: nothing to ${op === 'delete' ? 'delete' : op}`);
    return out;
  }
  if (verb && p.files !== undefined) {
    const where = p.type === 'dir' || p.type === 'symlink' || (p.files ?? 0) > 1 ? ` in ${p.resolved}` : ` ${p.resolved}`;
    const breakdown = gitBreakdown(p);
    const lead = p.type === 'symlink' ? `${name} itself is only a link; through it (\`${name}/\`, \`${name}/*\`) a command reaches` : verb;
    out.push(`${lead} ${amountText(p)}${where}${breakdown ? ` — ${breakdown}` : ''}`);
  } else if (p.git && Object.keys(p.git).length) {
    out.push(`${name}: ${gitBreakdown(p)}`);
  }
  return out;
}

export function contextNotes(facts: Facts, policy: ResolvedPolicy): string[] {
  const out: string[] = [];
  const g = facts.git;
  if (g?.root) {
    const tags = [g.protectedBranch ? 'protected' : '', g.branch && g.branch === g.defaultBranch ? 'default' : ''].filter(Boolean);
    const where = g.remote ? ` on ${g.remote.host}/${g.remote.repo}` : ' (no remote)';
    if (g.branch) out.push(`branch ${g.branch}${tags.length ? ` (${tags.join(', ')})` : ''}${where}`);
    else out.push(`detached HEAD${where}`);
    const lose: string[] = [];
    if (g.untracked)
      lose.push(`${g.countsAtLeast ? 'at least ' : ''}${plural(g.untracked, 'untracked file')}${g.untrackedBytes ? ` (${bytesText(g.untrackedBytes)})` : ''}`);
    if (g.ignored)
      lose.push(`${g.countsAtLeast ? 'at least ' : ''}${plural(g.ignored, 'ignored file')}${g.ignoredBytes ? ` (${bytesText(g.ignoredBytes)})` : ''}`);
    if (g.dirty) lose.push(`${plural(g.dirty, 'file')} with uncommitted changes`);
    if (lose.length) out.push(`the repository holds ${lose.join(', ')}`);
    else if (g.untracked === 0 && g.dirty === 0) out.push('the working tree is clean: nothing untracked or uncommitted');
    if (g.stashes !== undefined) out.push(g.stashes ? `${plural(g.stashes, 'stash')} (git stash clear loses them)` : 'no stashes');
    if (g.unpushedCommits) out.push(`${plural(g.unpushedCommits, 'commit')} on ${g.branch ?? 'HEAD'} exist on no remote`);
    for (const [b, n] of Object.entries(g.branchOnlyCommits ?? {})) {
      out.push(n ? `branch ${b} holds ${plural(n, 'commit')} that exist nowhere else` : `branch ${b}: every commit is also on another branch or a remote`);
    }
  }
  if (facts.kube?.context) {
    const k = facts.kube;
    const extra = [k.namespace ? `namespace ${k.namespace}` : '', k.cluster && k.cluster !== k.context ? `cluster ${k.cluster}` : ''].filter(Boolean);
    const env = envSuffix(k.context, policy) || envSuffix(k.cluster, policy) || envSuffix(k.namespace, policy);
    out.push(`kube context ${k.context}${env}${extra.length ? ` (${extra.join(', ')})` : ''}`);
  }
  if (facts.aws?.profile) {
    const a = facts.aws;
    const extra = [a.region ? `region ${a.region}` : '', a.account ? `account ${a.account}` : ''].filter(Boolean);
    out.push(`AWS profile ${a.profile}${envSuffix(a.profile, policy)}${extra.length ? ` (${extra.join(', ')})` : ''}`);
  }
  if (facts.terraform?.workspace) {
    const t = facts.terraform;
    const where = t.dir && t.dir !== '.' ? ` in ${t.dir}${envSuffix(t.dir, policy)}` : '';
    const backend = t.backend
      ? `, backend ${t.backend}${t.backendKey ? ` key ${t.backendKey}${envSuffix(t.backendKey, policy)}` : ''}`
      : t.backendKey
        ? `, state key ${t.backendKey}${envSuffix(t.backendKey, policy)}`
        : '';
    out.push(`Terraform${where}: workspace ${t.workspace}${envSuffix(t.workspace, policy)}${backend}`);
    if (t.names?.length) out.push(`its configuration names ${t.names.slice(0, 5).join(', ')}${t.names.length > 5 ? ` and ${t.names.length - 5} more` : ''}`);
  }
  return out;
}
