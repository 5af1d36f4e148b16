// Version control and code hosts: what git and gh commands lose (uncommitted work, history,
// remote branches, stashes) and what they rewrite. Facts measure the real losses (facts-adjust).
// Does not catch: server-side hooks and branch protection (the host may refuse a push).
import { rule } from '../../../rules/types';
import { parseOpts } from '../opts';
import { type Arg, type Invocation, type Sink, argText, staticArg } from '../types';
import { type Handler, type Pack, f, names } from './kit';
import type { Effect } from '../../../effects/types';

const GIT_READ = new Set([
  'status',
  'log',
  'diff',
  'show',
  'blame',
  'rev-parse',
  'ls-files',
  'ls-tree',
  'ls-remote',
  'describe',
  'shortlog',
  'grep',
  'help',
  'version',
  'whatchanged',
  'reflog',
  'rev-list',
  'cat-file',
  'for-each-ref',
  'show-ref',
  'name-rev',
  'merge-base',
  'count-objects',
  'fsck',
  'check-ignore',
  'check-attr',
  'var',
  'bisect',
  'range-diff',
  'cherry',
  'instaweb',
  'fetch',
  'remote',
  'config',
  'tag',
  'branch',
  'stash',
  'worktree',
  'submodule',
  'notes',
  'archive',
  'bundle',
  'format-patch',
  'verify-commit',
  'verify-tag',
]);

const git: Handler = (inv, s, args) => {
  let i = 0;
  const g = (n: number): string | undefined => args[n]?.value;
  for (; i < args.length; i++) {
    const v = g(i);
    if (v === undefined) break;
    if (v === '--') {
      i++;
      break;
    }
    // `git -c alias.x='!cmd' x`: the alias is a shell command.
    if (v === '-c' && /^alias\.[^=]+=!/.test(g(i + 1) ?? '')) {
      const val = g(i + 1)!;
      s.nestedShell(val.slice(val.indexOf('=!') + 2), inv, 'git -c alias');
    }
    if (['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path', '--config-env', '--super-prefix', '--list-cmds', '--attr-source'].includes(v)) {
      i++;
      continue;
    }
    if (!v.startsWith('-')) break;
  }
  const sub = g(i);
  if (sub === undefined) return;
  const a = args.slice(i + 1);
  const av = a.map((x) => x.value ?? '');
  const o = parseOpts(a, [
    '-m',
    '-F',
    '--message',
    '--file',
    '-C',
    '-c',
    '-b',
    '-B',
    '--orphan',
    '-U',
    '--unified',
    '--conflict',
    '--inter-hunk-context',
    '-o',
    '--origin',
    '-u',
    '--upload-pack',
    '--repo',
    '--receive-pack',
    '--exec',
    '--source',
    '-s',
    '-X',
    '--strategy-option',
    '--depth',
    '--author',
    '--date',
    '--pathspec-from-file',
    '--format',
    '--pretty',
  ]);
  const branchCtx = (): void => s.context({ system: 'git' });
  // Files git itself writes, moves or deletes (`git rm`, `git mv`, `git checkout REV -- path`,
  // `git restore --source`): the guard's own files among them are tampering like any other route.
  const touched = gitPathEffects(sub, a, av);
  if (touched.length) s.effects(inv, touched, { guardOnly: true });
  const signers = signerSource(
    sub,
    av,
    o.pos.map((x) => x.value ?? ''),
  );
  if (signers) {
    s.add(
      inv,
      f(
        'guard.signers-source',
        'critical',
        `git ${sub} ${signers}: it changes where the team's allowed signers are read from (the remote's default branch) — guard tampering`,
        'broad-change',
        'unknown',
        [{ kind: 'repository', name: 'origin', op: 'modify' }],
      ),
    );
    return;
  }
  (GIT_SUBCOMMANDS.get(sub) ?? gitOther)({ inv, s, sub, a, av, o, branchCtx });
};

/** One git subcommand as its handler sees it. */
interface GitCall {
  inv: Invocation;
  s: Sink;
  sub: string;
  /** The arguments after the subcommand, and their static values. */
  a: Arg[];
  av: string[];
  o: ReturnType<typeof parseOpts>;
  /** Says the command acts on the repository's branch (facts then look at it). */
  branchCtx: () => void;
}

/** git push --force / --delete / --mirror. */
function gitPush(c: GitCall): void {
  const { inv, s, av, o, branchCtx } = c;
  branchCtx();
  const lease = av.some((v) => v.startsWith('--force-with-lease'));
  const force =
    (!lease && (o.has('-f', '--force', '--forc', '--for') || av.some((v) => /^--force=/.test(v) || (v === '--force-if-includes' && false)))) ||
    (!lease && o.pos.slice(1).some((p) => (p.value ?? '').startsWith('+')));
  const remote = argText(o.pos[0]) || 'the default remote';
  const refs = o.pos.slice(1).map((p) => argText(p).replace(/^\+/, ''));
  const branchNames = refs.map((r) => r.split(':').pop() || r).filter(Boolean);
  if (o.has('--mirror')) {
    s.add(
      inv,
      f('shell.git-push-force', 'high', `Mirror-pushes to ${remote}: every remote branch is overwritten or deleted to match`, 'destructive', 'unknown', [
        { kind: 'repository', name: remote, op: 'overwrite' },
      ]),
    );
    return;
  }
  if (o.has('-d', '--delete') || refs.some((r) => r.startsWith(':'))) {
    const del = o.has('-d', '--delete') ? refs : refs.filter((r) => r.startsWith(':')).map((r) => r.slice(1));
    s.add(
      inv,
      f(
        'shell.git-push-delete',
        'high',
        `Deletes the remote branch ${del.join(', ') || '(unnamed)'} on ${remote}`,
        'destructive',
        'unknown',
        del.map((b) => ({ kind: 'branch', name: b, op: 'delete' })),
      ),
    );
    return;
  }
  if (force) {
    const b = branchNames.length ? branchNames.join(', ') : 'the current branch';
    s.add(
      inv,
      f(
        'shell.git-push-force',
        'high',
        `Force-pushes ${b} to ${remote}, rewriting its history`,
        'destructive',
        'unknown',
        (branchNames.length ? branchNames : ['HEAD']).map((n) => ({ kind: 'branch', name: n, op: 'overwrite' })),
      ),
    );
    return;
  }
  s.mutates();
}

/** git reset --hard (and --merge / --keep). */
function gitReset(c: GitCall): void {
  const { inv, s, o, branchCtx } = c;
  if (o.has('--hard')) {
    branchCtx();
    s.add(
      inv,
      f(
        'shell.git-reset-hard',
        'high',
        `Resets the working tree${o.pos[0] ? ` to ${argText(o.pos[0])}` : ''}, discarding every uncommitted change`,
        'destructive',
        'irreversible',
        [{ kind: 'path', name: '.', op: 'overwrite' }],
      ),
    );
  } else if (o.has('--merge') || o.has('--keep')) {
    branchCtx();
    s.add(
      inv,
      f(
        'shell.git-reset-hard',
        o.has('--merge') ? 'medium' : 'low',
        `git reset ${o.has('--merge') ? '--merge' : '--keep'} moves HEAD and updates files in the working tree`,
        'broad-change',
        'unknown',
        [{ kind: 'path', name: '.', op: 'overwrite' }],
      ),
    );
  } else s.mutates();
}

/** git clean -f (with -x, ignored files too); a dry run reads. */
function gitClean(c: GitCall): void {
  const { inv, s, av, o, branchCtx } = c;
  const dry = o.has('-n', '--dry-run') || o.has('--help');
  const forced = o.has('-f', '--force') || av.some((v) => /^-[a-zA-Z]*f/.test(v));
  if (dry || !forced) {
    if (!dry) s.mutates();
    return;
  }
  branchCtx();
  const ignored = o.has('-x', '-X') || av.some((v) => /^-[a-zA-Z]*[xX]/.test(v));
  const dirs = o.has('-d') || av.some((v) => /^-[a-zA-Z]*d/.test(v));
  s.add(
    inv,
    f(
      'shell.git-clean',
      ignored ? 'high' : 'medium',
      `Deletes untracked${dirs ? ' files and directories' : ' files'}${ignored ? ', ignored ones too (.env files, local config)' : ''}; git cannot bring them back`,
      'destructive',
      'irreversible',
      (o.pos.length ? o.pos : [staticArg('.')]).map((p) => ({ kind: 'path', name: argText(p), op: 'delete' })),
    ),
  );
}

/** git checkout of paths, or --force: discards uncommitted changes. */
function gitCheckout(c: GitCall): void {
  const { inv, s, a, av, o, branchCtx } = c;
  if (o.has('-h', '--help')) return;
  const force = o.has('-f', '--force');
  let pos = o.pos;
  // --track / --recurse-submodules take an optional value when given as the next word.
  pos = pos.filter(
    (p, idx) => !(idx === 0 && ['direct', 'inherit', 'checkout', 'on-demand'].includes(p.value ?? '') && o.has('--track', '-t', '--recurse-submodules')),
  );
  const creates = o.has('-b', '-B', '--orphan');
  const pathspecFile = o.has('--pathspec-from-file');
  let paths: Arg[] = [];
  const dd = av.indexOf('--');
  if (dd >= 0) {
    const before = a.slice(0, dd).filter((x) => !(x.value ?? '').startsWith('-') && pos.includes(x));
    paths = a.slice(dd + 1);
    if (creates) paths = [];
    void before;
  } else if (!creates && pos.length >= 2) paths = pos.slice(1);
  else if (
    !creates &&
    pos.length === 1 &&
    (pos[0]!.value === '.' || (/^\.\/|\/$|\.[a-z0-9]{1,5}$/i.test(pos[0]!.value ?? '') && !/^(origin|upstream)\//.test(pos[0]!.value ?? '')))
  )
    paths = pos;
  if (paths.length || pathspecFile) {
    branchCtx();
    const all = paths.some((p) => p.value === '.' || p.value === ':/' || p.value === '*');
    s.add(
      inv,
      f(
        'shell.git-checkout-discard',
        all ? 'high' : 'medium',
        `Discards uncommitted changes to ${pathspecFile ? 'the listed files' : names(paths)}`,
        'destructive',
        'irreversible',
        (paths.length ? paths : [staticArg('.')]).map((p) => ({ kind: 'path', name: argText(p), op: 'overwrite' })),
      ),
    );
    return;
  }
  if (force) {
    branchCtx();
    s.add(
      inv,
      f('shell.git-checkout-discard', 'medium', 'Switches branch with --force, discarding uncommitted changes', 'destructive', 'irreversible', [
        { kind: 'path', name: '.', op: 'overwrite' },
      ]),
    );
    return;
  }
  s.mutates();
}

/** git switch --force / --discard-changes. */
function gitSwitch(c: GitCall): void {
  const { inv, s, o, branchCtx } = c;
  if (o.has('-f', '--force', '--discard-changes')) {
    branchCtx();
    s.add(
      inv,
      f('shell.git-checkout-discard', 'medium', 'Switches branch discarding uncommitted changes', 'destructive', 'irreversible', [
        { kind: 'path', name: '.', op: 'overwrite' },
      ]),
    );
    return;
  }
  s.mutates();
}

/** git restore of the working tree (not --staged alone). */
function gitRestore(c: GitCall): void {
  const { inv, s, o, branchCtx } = c;
  if (o.has('-h', '--help')) return;
  const staged = o.has('-S', '--staged');
  const worktree = o.has('-W', '--worktree');
  if (staged && !worktree) {
    s.mutates();
    return;
  }
  const paths = o.pos;
  branchCtx();
  const all = paths.some((p) => p.value === '.' || p.value === ':/' || p.value === '*');
  s.add(
    inv,
    f(
      'shell.git-checkout-discard',
      all ? 'high' : 'medium',
      `Discards uncommitted changes to ${paths.length ? names(paths) : 'the given files'}`,
      'destructive',
      'irreversible',
      (paths.length ? paths : [staticArg('.')]).map((p) => ({ kind: 'path', name: argText(p), op: 'overwrite' })),
    ),
  );
}

/** git branch -D (or -d --force). */
function gitBranch(c: GitCall): void {
  const { inv, s, o, branchCtx } = c;
  const del = o.has('-D') || (o.has('-d', '--delete') && o.has('-f', '--force'));
  if (del) {
    branchCtx();
    s.add(
      inv,
      f(
        'shell.git-branch-delete',
        'medium',
        `Force-deletes the branch ${names(o.pos)}, even with commits that exist nowhere else`,
        'destructive',
        'unknown',
        o.pos.map((p) => ({ kind: 'branch', name: argText(p), op: 'delete' })),
      ),
    );
    return;
  }
  if (
    o.has('-d', '--delete', '-m', '-M', '-c', '-C', '--move', '--copy', '-u', '--set-upstream-to', '--unset-upstream') ||
    (o.pos.length && !o.has('-a', '-r', '-v', '-vv', '--list', '--contains', '--merged', '--no-merged', '--show-current'))
  )
    s.mutates();
}

/** git stash drop / clear. */
function gitStash(c: GitCall): void {
  const { inv, s, o, branchCtx } = c;
  const op = o.pos[0]?.value;
  if (op === 'drop' || op === 'clear') {
    branchCtx();
    s.add(
      inv,
      f(
        'shell.git-stash-clear',
        op === 'clear' ? 'high' : 'medium',
        op === 'clear' ? 'Deletes every stash entry' : `Deletes the stash entry ${argText(o.pos[1]) || 'stash@{0}'}`,
        'destructive',
        'irreversible',
        [{ kind: 'other', name: op === 'clear' ? 'all stashes' : argText(o.pos[1]) || 'stash@{0}', op: 'delete' }],
      ),
    );
    return;
  }
  if (op !== 'list' && op !== 'show') s.mutates();
}

/** git filter-branch, filter-repo. */
function gitRewriteHistory(c: GitCall): void {
  const { inv, s, sub, branchCtx } = c;
  branchCtx();
  s.add(
    inv,
    f('shell.git-rewrite-history', 'high', `git ${sub} rewrites the whole history of the repository`, 'broad-change', 'unknown', [
      { kind: 'repository', name: '.', op: 'overwrite' },
    ]),
  );
}

/** git update-ref -d. */
function gitUpdateRef(c: GitCall): void {
  const { inv, s, o, branchCtx } = c;
  if (o.has('-d')) {
    branchCtx();
    s.add(
      inv,
      f('shell.git-update-ref-delete', 'medium', `Deletes the ref ${argText(o.pos[0])}`, 'destructive', 'unknown', [
        { kind: 'branch', name: argText(o.pos[0]), op: 'delete' },
      ]),
    );
  } else s.mutates();
}

/** git reflog expire / delete. */
function gitReflog(c: GitCall): void {
  const { inv, s, av, o, branchCtx } = c;
  if (o.pos[0]?.value === 'expire' || o.pos[0]?.value === 'delete') {
    branchCtx();
    const now = av.some((v) => /--expire(-unreachable)?=(now|all|0)/.test(v));
    s.add(
      inv,
      f('shell.git-reflog-expire', now ? 'high' : 'medium', 'Expires reflog entries, removing the safety net for lost commits', 'destructive', 'irreversible'),
    );
  }
}

/** git gc --prune=now, prune. */
function gitPrune(c: GitCall): void {
  const { inv, s, sub, av } = c;
  s.mutates();
  if (sub === 'prune' || av.some((v) => /^--prune=(now|all)/.test(v)))
    s.add(inv, f('shell.git-gc-prune', 'medium', 'Prunes unreachable objects now: lost commits can no longer be recovered', 'destructive', 'irreversible'));
}

/** git worktree remove --force. */
function gitWorktree(c: GitCall): void {
  const { inv, s, o } = c;
  if (o.pos[0]?.value === 'remove' && o.has('-f', '--force') && !o.afterDashDash) {
    s.add(
      inv,
      f(
        'shell.git-worktree-remove',
        'medium',
        `Removes the worktree ${argText(o.pos[1])} with --force, discarding its uncommitted changes`,
        'destructive',
        'irreversible',
        o.pos.slice(1).map((p) => ({ kind: 'path', name: argText(p), op: 'delete' })),
      ),
    );
    return;
  }
  if (o.pos[0]?.value !== 'list') s.mutates();
}

/** git rm -r (not --cached). */
function gitRm(c: GitCall): void {
  const { inv, s, o } = c;
  s.mutates();
  if (!o.has('--cached') && o.has('-r'))
    s.add(
      inv,
      f(
        'shell.git-rm',
        'medium',
        `Removes ${names(o.pos)} from the index and the working tree`,
        'destructive',
        'recoverable',
        o.pos.map((p) => ({ kind: 'path', name: argText(p), op: 'delete' })),
      ),
    );
}

/** git submodule deinit --force. */
function gitSubmodule(c: GitCall): void {
  const { inv, s, o } = c;
  if (o.pos[0]?.value === 'deinit' && o.has('-f', '--force'))
    s.add(
      inv,
      f('shell.git-submodule-deinit', 'medium', 'Deinitialises submodules with --force, discarding their local changes', 'destructive', 'irreversible'),
    );
  else s.mutates();
}

/** Every other git subcommand: a write unless it only reads; `git config alias.x '!cmd'` runs cmd later. */
function gitOther(c: GitCall): void {
  const { inv, s, sub, o } = c;
  if (!GIT_READ.has(sub) && !sub.startsWith('-')) s.mutates();
  if (sub === 'tag' && o.has('-d', '--delete')) s.mutates();
  if (sub === 'remote' && ['remove', 'rm', 'set-url', 'add', 'rename'].includes(o.pos[0]?.value ?? '')) s.mutates();
  if (sub === 'config' && o.pos.length >= 2) {
    s.mutates();
    // `git config alias.x '!cmd'`: a shell command the alias runs later (`git x`).
    const key = (o.pos[0]?.value ?? '').toLowerCase();
    const value = o.pos[1]?.value;
    if (/^alias\./.test(key) && value?.startsWith('!')) s.nestedShell(value.slice(1), inv, `git ${key}`);
  }
}

/** The subcommands that can lose work or history; the rest are gitOther. */
const GIT_SUBCOMMANDS = new Map<string, (c: GitCall) => void>([
  ['push', gitPush],
  ['reset', gitReset],
  ['clean', gitClean],
  ['checkout', gitCheckout],
  ['switch', gitSwitch],
  ['restore', gitRestore],
  ['branch', gitBranch],
  ['stash', gitStash],
  ['filter-branch', gitRewriteHistory],
  ['filter-repo', gitRewriteHistory],
  ['update-ref', gitUpdateRef],
  ['reflog', gitReflog],
  ['gc', gitPrune],
  ['prune', gitPrune],
  ['worktree', gitWorktree],
  ['rm', gitRm],
  ['submodule', gitSubmodule],
]);

const gh: Handler = (inv, s, args) => {
  const v = args.map((a) => a.value ?? '');
  if (v[0] === 'repo' && v[1] === 'delete') {
    const repo = v.slice(2).find((x) => !x.startsWith('-')) ?? 'the current repository';
    s.add(
      inv,
      f(
        'shell.gh-repo-delete',
        'critical',
        `Deletes the GitHub repository ${repo} with its issues, pull requests and wiki`,
        'environment-teardown',
        'irreversible',
        [{ kind: 'repository', name: repo, op: 'delete' }],
      ),
    );
    return;
  }
  if (
    v[1] === 'delete' &&
    ['release', 'secret', 'variable', 'environment', 'label', 'gist', 'cache', 'run', 'ruleset', 'deploy-key', 'ssh-key', 'gpg-key'].includes(v[0] ?? '')
  ) {
    s.add(inv, f('shell.gh-delete', 'medium', `Deletes a GitHub ${v[0]} (${v.slice(2).find((x) => !x.startsWith('-')) ?? ''})`, 'destructive', 'irreversible'));
    return;
  }
  if (v[0] === 'api' && v.some((x) => /^(-X|--method)$/.test(x)) && v.some((x) => /^DELETE$/i.test(x))) {
    s.add(inv, f('shell.gh-delete', 'medium', 'Sends a DELETE request to the GitHub API', 'destructive', 'unknown'));
    return;
  }
  if (
    !['status', 'auth', 'browse', 'search', 'help', 'version'].includes(v[0] ?? '') &&
    !['list', 'view', 'status', 'diff', 'checks', 'watch'].includes(v[1] ?? '')
  )
    s.mutates();
};

export const GIT: Pack = {
  family: 'git',
  covers:
    'git (push --force/--delete/--mirror, reset --hard, clean -f, checkout/restore/switch discarding work, branch -D, stash drop/clear, history rewrites, reflog expire, gc --prune) and gh (repo delete, deletes of releases, secrets, environments…, DELETE API calls).',
  commands: { git, gh },
  rules: [
    rule(
      'guard.signers-source',
      'critical',
      'broad-change',
      'Changes where the two-person rule reads the allowed signers from (the origin remote, its remote-tracking refs)',
      'Ask the person to change the remote; fetch from another remote name if you need one',
      ['git remote set-url origin https://example.com/other.git', 'git update-ref refs/remotes/origin/main HEAD'],
      ['git remote -v', 'git remote add upstream https://example.com/up.git'],
    ),
    rule(
      'shell.git-push-force',
      'high',
      'destructive',
      "Force-pushes (or mirror-pushes), rewriting the remote branch's history",
      'Use `--force-with-lease` so the push fails if someone else pushed',
      ['git push --force origin main', 'git push --mirror backup'],
      ['git push --force-with-lease origin feature', 'git push origin main'],
    ),
    rule(
      'shell.git-push-delete',
      'high',
      'destructive',
      'Deletes a remote branch',
      'Check it is merged first (`git branch -r --merged`)',
      ['git push origin --delete release-1'],
      ['git branch -r --merged'],
    ),
    rule(
      'shell.git-reset-hard',
      'high',
      'destructive',
      'Discards every uncommitted change in the working tree',
      'Stash first (`git stash -u`) or look at `git status` / `git diff`',
      ['git reset --hard origin/main'],
      ['git reset --soft HEAD~1', 'git status'],
    ),
    rule(
      'shell.git-clean',
      'medium',
      'destructive',
      'Deletes untracked files (with -x, ignored ones like .env too)',
      'Preview it: `git clean -n` (add -d/-x as needed)',
      ['git clean -fd', 'git clean -fdx'],
      ['git clean -nd', 'git clean -fdx --dry-run'],
    ),
    rule(
      'shell.git-checkout-discard',
      'medium',
      'destructive',
      'Discards uncommitted changes to files',
      'Look at `git diff -- FILE` first, or stash them',
      ['git checkout -- src/app.ts', 'git restore .'],
      ['git checkout -b feature', 'git restore --staged src/app.ts'],
    ),
    rule(
      'shell.git-branch-delete',
      'medium',
      'destructive',
      'Force-deletes a local branch even with unmerged commits',
      'Use `git branch -d` (it refuses unmerged branches)',
      ['git branch -D feature'],
      ['git branch -d feature', 'git branch -a'],
    ),
    rule(
      'shell.git-stash-clear',
      'high',
      'destructive',
      'Deletes every stash entry (or one with drop)',
      'List them first (`git stash list`) and drop one by one',
      ['git stash clear', 'git stash drop'],
      ['git stash list'],
    ),
    rule(
      'shell.git-rewrite-history',
      'high',
      'broad-change',
      'Rewrites the whole history of the repository',
      'Work on a fresh clone and keep the original as a backup',
      ['git filter-branch --tree-filter "rm -f secrets" HEAD'],
      ['git log --oneline'],
    ),
    rule(
      'shell.git-update-ref-delete',
      'medium',
      'destructive',
      'Deletes a ref directly',
      'Use `git branch -d` / `git tag -d`',
      ['git update-ref -d refs/heads/old'],
      ['git show-ref'],
    ),
    rule(
      'shell.git-reflog-expire',
      'medium',
      'destructive',
      'Expires reflog entries (the safety net for lost commits)',
      'Leave the reflog alone; it expires on its own',
      ['git reflog expire --all', 'git reflog expire --expire=now --all'],
      ['git reflog'],
    ),
    rule(
      'shell.git-gc-prune',
      'medium',
      'destructive',
      'Prunes unreachable objects now: lost commits can no longer be recovered',
      'Run `git gc` without --prune=now',
      ['git gc --prune=now'],
      ['git gc'],
    ),
    rule(
      'shell.git-worktree-remove',
      'medium',
      'destructive',
      'Removes a worktree with --force, discarding its uncommitted changes',
      'Remove it without --force (git refuses if it has changes)',
      ['git worktree remove --force ../wt'],
      ['git worktree list', 'git worktree remove ../wt'],
    ),
    rule(
      'shell.git-rm',
      'medium',
      'destructive',
      'Removes files from the index and the working tree recursively',
      'Use `git rm --cached` to keep the files',
      ['git rm -r src/old'],
      ['git rm -r --cached src/old'],
    ),
    rule(
      'shell.git-submodule-deinit',
      'medium',
      'destructive',
      'Deinitialises submodules with --force, discarding their local changes',
      'Check `git submodule foreach git status` first',
      ['git submodule deinit -f --all'],
      ['git submodule status'],
    ),
    rule(
      'shell.gh-repo-delete',
      'critical',
      'environment-teardown',
      'Deletes a GitHub repository with its issues, pull requests and wiki',
      'Archive it instead: `gh repo archive OWNER/REPO`',
      ['gh repo delete me/app --yes'],
      ['gh repo view me/app', 'gh repo archive me/app'],
    ),
    rule(
      'shell.gh-delete',
      'medium',
      'destructive',
      'Deletes a GitHub release, secret, environment… or sends DELETE to the API',
      'List it first (`gh release list`, `gh secret list`)',
      ['gh release delete v1.0 --yes', 'gh api -X DELETE repos/me/app/hooks/1'],
      ['gh release list', 'gh api repos/me/app/hooks'],
    ),
  ],
};

/**
 * The allowed signers of the two-person rule are read from the remote's default branch as this
 * clone has it (`refs/remotes/origin/…`). Commands that rewrite those refs or repoint the remote
 * would let an agent supply its own signers: what they do, or undefined.
 */
function signerSource(sub: string, av: string[], pos: string[]): string | undefined {
  const remoteRef = (x: string): boolean => /(?:^|:|\+)refs\/remotes\//.test(x);
  switch (sub) {
    case 'update-ref':
      return pos.some((x) => /^refs\/remotes\//.test(x)) ? 'writes a remote-tracking ref' : undefined;
    case 'symbolic-ref':
      return pos.some((x) => /^refs\/remotes\//.test(x)) ? 'repoints a remote-tracking HEAD' : undefined;
    case 'remote': {
      const [op, name] = pos;
      if (['set-url', 'rename', 'remove', 'rm', 'set-head', 'set-branches'].includes(op ?? '') && (name === 'origin' || name === undefined))
        return `${op} origin`;
      if (op === 'add' && name === 'origin') return 'add origin';
      return undefined;
    }
    case 'fetch':
    case 'pull':
    case 'push':
      return pos.some(remoteRef) ? 'into refs/remotes/' : undefined;
    case 'config': {
      const key = pos.find((x) => /^remote\.origin\.|^init\.defaultbranch$/i.test(x));
      const writes =
        !av.some((x) => x === '--get' || x === '--get-all' || x === '--list' || x === '-l' || x === '--get-regexp') &&
        (pos.length >= 2 || av.some((x) => x === '--unset' || x === '--unset-all' || x === '--replace-all' || x === '--add'));
      return key && writes ? `sets ${key}` : undefined;
    }
    default:
      return undefined;
  }
}

/** The paths a git subcommand writes, moves or deletes in the working tree, as effects. */
function gitPathEffects(sub: string, a: Arg[], av: string[]): Effect[] {
  const dd = av.indexOf('--');
  const pos = (dd >= 0 ? a.slice(dd + 1) : a).filter((x) => !(x.value ?? '').startsWith('-')).map(argText);
  switch (sub) {
    case 'rm':
      return av.includes('--cached') ? [] : pos.map((p) => ({ op: 'delete', path: p, how: 'git rm', recursive: av.includes('-r') }));
    case 'mv': {
      if (pos.length < 2) return [];
      const dest = pos[pos.length - 1]!;
      return pos.slice(0, -1).flatMap((src): Effect[] => [
        { op: 'move-away', path: src, how: 'git mv', other: dest },
        { op: 'move-over', path: dest, how: 'git mv', other: src },
      ]);
    }
    case 'checkout':
    case 'restore':
      return dd >= 0 || sub === 'restore' ? pos.slice(sub === 'checkout' ? 0 : 0).map((p) => ({ op: 'overwrite', path: p, how: `git ${sub}` })) : [];
    default:
      return [];
  }
}
