// Rules the facts raise (facts-adjust.ts): what the machine really holds where an action lands —
// untracked files a delete would lose, commits only a branch has, a path that is a symlink out of
// the workspace or an unset variable that makes `$DIR/` the root. Facts are gathered read-only by
// the hook and the editor (src/facts); without them these rules stay silent and the analyzers'
// own levels stand. Each example carries the facts it needs.
import type { Facts } from '../schema';
import { type RuleDecl, type RuleExample, rule } from './types';

type PathFacts = NonNullable<Facts['paths']>[string];
const at = (input: string, p: Partial<PathFacts>): Facts => ({
  paths: { [input]: { input, resolved: `/w/repo/${input}`, exists: true, type: 'dir', outsideWorkspace: false, ...p } },
});
const repo = (g: NonNullable<Facts['git']>): Facts => ({ git: { root: '/w/repo', ...g } });
const cmd = (command: string, facts: Facts): RuleExample => ({ command, facts });

export const FACTS_RULES: readonly RuleDecl[] = [
  rule(
    'facts.data-loss',
    'high',
    'destructive',
    'The paths a delete or overwrite reaches hold files git cannot bring back (untracked, ignored, uncommitted)',
    'Commit or copy what matters first (`git stash -u`, `cp -a data data.bak`), or delete only the regenerable part',
    [
      cmd('rm -rf data', at('data', { files: 3412, bytes: 1288490188, git: { untracked: 3398, clean: 14 } })),
      cmd('rm src/a.ts', at('src/a.ts', { type: 'file', files: 1, git: { dirty: 1 } })),
    ],
    [cmd('rm -rf src', at('src', { files: 12, git: { clean: 12 } }))],
  ),
  rule(
    'facts.recoverable',
    'low',
    'targeted-patch',
    'Everything a delete reaches can be brought back (tracked and clean in git, or regenerable output)',
    'None needed: git or the build brings it back',
    [
      cmd('rm -rf build', at('build', { files: 1204, git: { ignored: 1204 }, regenerable: true })),
      cmd('rm -rf src', at('src', { files: 12, git: { clean: 12 } })),
    ],
    [cmd('rm -rf data', at('data', { files: 2, git: { untracked: 2 } }))],
  ),
  rule(
    'facts.nothing-there',
    'low',
    'targeted-patch',
    'The paths a delete names do not exist: nothing is deleted',
    'None needed',
    [cmd('rm -rf dist', at('dist', { exists: false, type: 'missing' }))],
    [cmd('rm -rf dist', at('dist', { files: 3, git: { ignored: 3 }, regenerable: true }))],
  ),
  rule(
    'facts.special-target',
    'critical',
    'environment-teardown',
    'A path resolves to the root, a home folder, a system folder or a mount point (often through an unset variable)',
    'Set the variable and check it (`echo "$DIR"`), or write the path out; use `${DIR:?}` so an empty one stops the command',
    [
      {
        action: { kind: 'fileDelete', paths: ['$DIR/'] },
        facts: at('$DIR/', { resolved: '/', outsideWorkspace: true, special: 'root', unsetVariables: ['DIR'], files: 900, atLeast: true }),
      },
      cmd('rm -rf ~', at('~', { resolved: '/home/dev', outsideWorkspace: true, special: 'home' })),
    ],
    [cmd('rm -rf $DIR/', at('$DIR/', { resolved: '/w/repo/build', files: 3, git: { ignored: 3 }, regenerable: true }))],
  ),
  rule(
    'facts.symlink-outside',
    'high',
    'destructive',
    'A path in the workspace is a symlink to somewhere outside it: the action reaches what the link points at',
    'Act on the link itself (`rm link` without -r, `unlink link`), or name the real target so it can be judged',
    [
      cmd(
        'rm -rf link-to-outside',
        at('link-to-outside', {
          resolved: '/mnt/shared',
          type: 'symlink',
          outsideWorkspace: true,
          symlinkTarget: '/mnt/shared',
          files: 5,
          git: { outside: 5 },
        }),
      ),
    ],
    [cmd('rm -rf build', at('build', { files: 3, git: { ignored: 3 }, regenerable: true }))],
  ),
  rule(
    'facts.cwd-missing',
    'medium',
    'broad-change',
    'The working directory the action names does not exist, so nothing it changes could be measured',
    'Check the folder (`ls`, `pwd`) and run the command where it was meant to run',
    [cmd('rm -rf build', { cwd: '/w/gone', cwdMissing: true })],
    [cmd('ls', { cwd: '/w/gone', cwdMissing: true }), cmd('rm -rf build', { cwd: '/w/repo' })],
  ),
  rule(
    'facts.git-clean-loses',
    'high',
    'destructive',
    'git clean would delete untracked (or ignored) files that exist nowhere else',
    'Preview it with `git clean -n` (with the same -d/-x), and stash what matters (`git stash -u`)',
    [cmd('git clean -fdx', repo({ untracked: 42, untrackedBytes: 5000, untrackedLoose: 2, ignored: 1000, dirty: 0 }))],
    [cmd('git clean -fdx', repo({ untracked: 0, untrackedLoose: 0, ignored: 0 }))],
  ),
  rule(
    'facts.uncommitted-lost',
    'high',
    'destructive',
    'The reset or checkout would discard uncommitted changes that exist nowhere else',
    'Stash them first (`git stash`), or look at `git diff` and discard file by file',
    [cmd('git checkout -- .', repo({ dirty: 3, dirtyWorktree: 2 }))],
    [cmd('git reset --hard', repo({ dirty: 0, dirtyWorktree: 0 }))],
  ),
  rule(
    'facts.commits-left-behind',
    'high',
    'destructive',
    'The hard reset moves the branch away from commits that were never pushed',
    'Push them or mark them first (`git branch keep-work`), then reset',
    [cmd('git reset --hard origin/main', repo({ branch: 'main', dirty: 0, unpushedCommits: 3 }))],
    [cmd('git reset --hard origin/main', repo({ branch: 'main', dirty: 0, unpushedCommits: 0 }))],
  ),
  rule(
    'facts.stashes-lost',
    'high',
    'destructive',
    'git stash clear or drop would delete stashed work',
    'List them (`git stash list`) and turn the ones that matter into branches (`git stash branch NAME`)',
    [cmd('git stash clear', repo({ stashes: 3 }))],
    [cmd('git stash clear', repo({ stashes: 0 }))],
  ),
  rule(
    'facts.commits-lost',
    'high',
    'destructive',
    'Force-deleting the branch loses commits no other branch or remote holds',
    'Push or merge it first; `git branch -d` refuses an unmerged branch',
    [cmd('git branch -D feature', repo({ branchOnlyCommits: { feature: 2 } }))],
    [cmd('git branch -D feature', repo({ branchOnlyCommits: { feature: 0 } }))],
  ),
  rule(
    'facts.force-push-protected',
    'high',
    'destructive',
    'The force-push rewrites the default or a protected branch on the remote',
    'Push to a branch of your own and open a pull request; use `--force-with-lease` on your own branches only',
    [cmd('git push --force', repo({ branch: 'main', defaultBranch: 'main', protectedBranch: true, remote: { host: 'github.com', repo: 'acme/billing' } }))],
    [cmd('git push --force', repo({ branch: 'feature', defaultBranch: 'main' }))],
  ),
  rule(
    'facts.nothing-to-lose',
    'low',
    'targeted-patch',
    'The git operation would lose nothing here (no untracked files, no changes, no stashes, every commit elsewhere)',
    'None needed',
    [cmd('git stash clear', repo({ stashes: 0 })), cmd('git clean -fdx', repo({ untracked: 0, untrackedLoose: 0, ignored: 0 }))],
    [cmd('git stash clear', repo({ stashes: 3 }))],
  ),
  rule(
    'facts.error',
    'medium',
    'broad-change',
    'The measured facts could not be folded into the assessment (they were malformed); the analyzers’ levels stand',
    'Retry the action; if it persists, run `blast-radius assess` on it and report the error',
    [cmd('cd infra && terraform destroy', { cwd: '/w', workspaceRoots: '/w' } as unknown as Facts)],
    [cmd('rm -rf build', at('build', { files: 3, git: { ignored: 3 }, regenerable: true }))],
  ),
];
