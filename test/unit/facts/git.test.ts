import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Budget } from '../../../src/facts/budget';
import {
  branchOnlyCount,
  classify,
  findRepoRoot,
  lossOf,
  parseRemoteUrl,
  readGitDir,
  repoBasics,
  stashCount,
  statusArgs,
  statusEntries,
  unpushedCount,
} from '../../../src/facts/git';
import { walk } from '../../../src/facts/paths';
import { type EarlyGit, git, gitInBackground, runGitWaiting, useEarlyGit } from '../../../src/facts/exec';
import { startStatusEarly } from '../../../src/facts/git-early';
import { commitAll, hashTree, initRepo, removeTree, sh, tempDir, writeTree } from './tree';

const budget = () => new Budget(10_000, 1_000_000);

describe('facts: git', () => {
  let root: string;
  let repo: string;
  before(() => {
    root = tempDir();
    // A bare "remote", a clone with a pushed main, then local work on top.
    const remote = join(root, 'remote.git');
    sh(root, 'init', '-q', '--bare', '-b', 'main', remote);
    const seed = join(root, 'seed');
    initRepo(seed);
    writeTree(seed, { 'src/a.ts': 'a\n', 'src/b.ts': 'b\n', 'README.md': 'r\n', '.gitignore': 'build/\n*.log\n' });
    commitAll(seed, 'init');
    sh(seed, 'remote', 'add', 'origin', remote);
    sh(seed, 'push', '-q', 'origin', 'main');
    repo = join(root, 'repo');
    sh(root, 'clone', '-q', remote, repo);
    writeTree(repo, {
      'build/out.js': 'built',
      'build/deep/x.js': 'x',
      'debug.log': 'log',
      'data/one.csv': '1,2,3',
      'data/two.csv': '4,5',
      'notes.txt': 'mine',
    });
    writeFileSync(join(repo, 'src/a.ts'), 'a changed\n');
    // Two local commits not on the remote, one on a side branch only.
    writeTree(repo, { 'src/c.ts': 'c\n' });
    sh(repo, 'add', 'src/c.ts');
    sh(repo, 'commit', '-q', '-m', 'local 1');
    sh(repo, 'checkout', '-q', '-b', 'side');
    writeTree(repo, { 'src/d.ts': 'd\n' });
    sh(repo, 'add', 'src/d.ts');
    sh(repo, 'commit', '-q', '-m', 'side only');
    sh(repo, 'checkout', '-q', 'main');
    sh(repo, 'branch', 'merged');
    // One stash (of a change to b.ts).
    writeFileSync(join(repo, 'src/b.ts'), 'stashed\n');
    sh(repo, 'stash', 'push', '-q', 'src/b.ts');
  });
  after(() => removeTree(root));

  it('finds the repository root from a nested path', () => {
    assert.equal(findRepoRoot(join(repo, 'src', 'a.ts')), repo);
    assert.equal(findRepoRoot(join(root, 'seed-nope')), undefined);
  });

  it('classifies each file under a path by its git state', async () => {
    const st = await statusEntries(repo, budget());
    assert.ok(!('error' in st));
    const cases: [string, Record<string, number>][] = [
      ['build', { ignored: 2 }],
      ['data', { untracked: 2 }],
      ['src', { clean: 2, dirty: 1 }],
      ['debug.log', { ignored: 1 }],
      ['notes.txt', { untracked: 1 }],
    ];
    for (const [rel, expected] of cases) {
      const files = walk(join(repo, rel), budget(), { keepList: true }).list!;
      const c = classify(files, repo, st);
      assert.deepEqual(c.counts, expected, rel);
    }
  });

  it('says outside for files in no repository', () => {
    const c = classify([{ path: '/somewhere/x', size: 3 }], undefined, undefined);
    assert.deepEqual(c.counts, { outside: 1 });
    assert.deepEqual(c.bytes, { outside: 3 });
  });

  it('measures what clean -fdx / checkout -- . / reset --hard would lose', async () => {
    const st = await statusEntries(repo, budget());
    assert.ok(!('error' in st));
    const loss = lossOf(repo, st, budget());
    assert.equal(loss.untracked, 3, 'data/one.csv, data/two.csv, notes.txt');
    assert.equal(loss.untrackedLoose, 1, 'notes.txt (not in an untracked folder)');
    assert.equal(loss.untrackedBytes, 5 + 3 + 4);
    assert.equal(loss.ignored, 3, 'build/out.js, build/deep/x.js, debug.log');
    assert.equal(loss.dirty, 1, 'src/a.ts');
    assert.equal(loss.dirtyWorktree, 1);
    assert.equal(loss.atLeast, false);
  });

  it('counts stashes, unpushed commits and commits only one branch holds', async () => {
    assert.equal(await stashCount(repo, budget()), 1);
    assert.equal(await unpushedCount(repo, budget()), 1);
    assert.equal(await branchOnlyCount(repo, 'side', budget()), 1);
    assert.equal(await branchOnlyCount(repo, 'merged', budget()), 0);
    assert.equal(await branchOnlyCount(repo, 'no-such-branch', budget()), 0);
    assert.equal(await branchOnlyCount(repo, '--all', budget()), undefined);
  });

  it('reads branch, default branch and remote', async () => {
    const b = await repoBasics(repo, budget());
    assert.equal(b.branch, 'main');
    assert.equal(b.defaultBranch, 'main');
    assert.equal(b.remote, undefined, 'a remote on a local path has no host');
  });

  it('reads the same basics from .git files as from git itself', () => {
    const files = readGitDir(repo);
    assert.ok(files, 'a plain .git folder is readable');
    assert.equal(files.branch, 'main');
    assert.equal(files.defaultBranch, 'main');
    sh(repo, 'remote', 'add', 'upstream', 'git@github.com:acme/billing.git');
    try {
      // origin (a local path) has no host, so the next remote with one is not used for origin's place.
      assert.equal(readGitDir(repo)?.remote, undefined);
      sh(repo, 'remote', 'set-url', 'origin', 'https://token@github.com/acme/app.git');
      assert.deepEqual(readGitDir(repo)?.remote, { host: 'github.com', repo: 'acme/app', url: 'https://github.com/acme/app.git' });
    } finally {
      sh(repo, 'remote', 'remove', 'upstream');
      sh(repo, 'remote', 'set-url', 'origin', join(root, 'remote.git'));
    }
  });

  it('asks git when .git is a file (a worktree)', async () => {
    const wt = join(root, 'wt');
    sh(repo, 'worktree', 'add', '-q', '-b', 'wt-branch', wt);
    try {
      assert.equal(readGitDir(wt), undefined);
      const b = await repoBasics(wt, budget());
      assert.equal(b.branch, 'wt-branch');
      assert.equal(b.defaultBranch, 'main');
    } finally {
      sh(repo, 'worktree', 'remove', '--force', wt);
    }
  });

  const urls: [string, { host: string; repo: string; url: string } | undefined][] = [
    ['git@github.com:acme/billing.git', { host: 'github.com', repo: 'acme/billing', url: 'git@github.com:acme/billing.git' }],
    ['https://github.com/acme/billing.git', { host: 'github.com', repo: 'acme/billing', url: 'https://github.com/acme/billing.git' }],
    [
      'https://user:s3cret@gitlab.example.com/group/sub/proj',
      { host: 'gitlab.example.com', repo: 'group/sub/proj', url: 'https://gitlab.example.com/group/sub/proj' },
    ],
    ['ssh://git@host.example:2222/team/app.git', { host: 'host.example', repo: 'team/app', url: 'ssh://host.example:2222/team/app.git' }],
    ['/srv/git/app.git', undefined],
  ];
  for (const [url, expected] of urls) {
    it(`parses remote ${url} (credentials dropped)`, () => {
      assert.deepEqual(parseRemoteUrl(url), expected);
    });
  }

  it('never writes the index or anything else while reading status', async () => {
    const before = hashTree(repo);
    await statusEntries(repo, budget());
    await repoBasics(repo, budget());
    await stashCount(repo, budget());
    assert.equal(hashTree(repo), before);
  });
  describe("git waited for (the hook's way: spawn_sync, no child_process)", () => {
    afterEach(() => runGitWaiting(false));
    const commands = [
      ['status', '--porcelain=v2', '-z', '--untracked-files=all', '--ignored=matching'],
      ['status', '--porcelain=v2', '-z', '--ignored=traditional', '--untracked-files=normal', '--no-renames', '--', 'src', 'build'],
      ['stash', 'list', '--format=%H'],
      ['rev-list', '--count', 'HEAD', '--not', '--remotes'],
      ['rev-parse', '--verify', '--quiet', 'refs/heads/main'],
      ['rev-parse', '--verify', '--quiet', 'refs/heads/no-such-branch'],
      ['symbolic-ref', '--quiet', '--short', 'HEAD'],
      ['config', '--get-regexp', '^remote\\..*\\.url$'],
      ['log', '--oneline', '-5'],
    ];
    it('gives the same bytes as git run in the background, for each command the facts use', async () => {
      for (const args of commands) {
        runGitWaiting(false);
        const background = await git(args, repo, budget());
        runGitWaiting(true);
        const waited = await git(args, repo, budget());
        assert.deepEqual(waited, background, args.join(' '));
      }
    });
    it('outside a repository: the same failure', async () => {
      runGitWaiting(false);
      const background = await git(['status', '--porcelain=v2'], root, budget());
      runGitWaiting(true);
      const waited = await git(['status', '--porcelain=v2'], root, budget());
      assert.deepEqual(waited, background);
      assert.equal(waited.ok, false);
    });
    it('a budget too short for git: killed and said to have timed out, within the budget', async () => {
      runGitWaiting(true);
      const t0 = Date.now();
      const r = await git(['log', '--all', '--stat'], repo, new Budget(1, 1_000_000));
      assert.ok(Date.now() - t0 < 500, `${Date.now() - t0} ms`);
      assert.deepEqual(r, { ok: false, timedOut: true, error: 'timed out' });
    });
  });
  describe('git started early (the hook, while it loads the engine: process and pipe bindings)', () => {
    let fifoDirs: string[] = [];
    afterEach(() => {
      useEarlyGit(undefined);
      for (const d of fifoDirs) removeTree(d);
      fifoDirs = [];
    });
    const commands = [
      ['status', '--porcelain=v2', '-z', '--ignored=traditional', '--untracked-files=normal', '--no-renames', '--', 'src/a.ts'],
      ['status', '--porcelain=v2', '-z', '--untracked-files=all', '--ignored=matching'],
      ['stash', 'list', '--format=%H'],
      ['rev-parse', '--verify', '--quiet', 'refs/heads/no-such-branch'],
      ['log', '--all', '--stat'],
    ];
    it('gives the same result as git run in the background, for each command (large output too)', async () => {
      for (const args of commands) {
        const background = await git(args, repo, budget());
        const early = gitInBackground(args, repo, 10_000);
        assert.ok(early, 'the bindings are there on Linux');
        assert.deepEqual(await early(), background, args.join(' '));
      }
      const big = await gitInBackground(['log', '--all', '--stat'], repo, 10_000)!();
      assert.ok(big.ok && big.out.length > 200, 'log output read whole');
    });
    it('outside a repository: the same failure', async () => {
      const background = await git(['status', '--porcelain=v2'], root, budget());
      assert.deepEqual(await gitInBackground(['status', '--porcelain=v2'], root, 10_000)!(), background);
      assert.equal(background.ok, false);
    });
    it('is used by the facts only when they ask exactly the command it ran, in the same folder', async () => {
      const args = statusArgs(['src/a.ts']);
      let runs = 0;
      const early: EarlyGit = {
        take: (a, cwd) => {
          if (cwd !== repo || a.join('\0') !== args.join('\0')) return undefined;
          runs++;
          return Promise.resolve({ ok: true, out: Buffer.from('1 .M N... 100644 100644 100644 0 0 src/a.ts\0') });
        },
      };
      useEarlyGit(early);
      const st = await statusEntries(repo, budget(), ['src/a.ts']);
      assert.ok(!('error' in st) && st.dirtyWorktree.has('src/a.ts'));
      assert.equal(runs, 1);
      // Another pathspec or another env: git itself is asked.
      const other = await statusEntries(repo, budget(), ['src/b.ts']);
      assert.ok(!('error' in other) && other.dirty.size === 0);
      assert.equal((await git(args, repo, budget(), { ...process.env })).ok, true);
      assert.equal(runs, 1);
    });
    it('startStatusEarly() starts the command the facts run for a file tool, and nothing for other actions or missing files', async () => {
      const started = startStatusEarly([{ kind: 'fileWrite', path: 'src/a.ts', content: 'x' }], repo, 10_000);
      assert.ok(started);
      const want = await git(statusArgs(['src/a.ts']), repo, budget());
      assert.deepEqual(await started.take(statusArgs(['src/a.ts']), repo), want);
      assert.equal(started.take(statusArgs(['src/b.ts']), repo), undefined);
      const del = startStatusEarly([{ kind: 'fileDelete', paths: [join(repo, 'src/b.ts'), join(repo, 'README.md'), join(repo, 'gone.txt')] }], root, 10_000);
      assert.ok(del?.take(statusArgs(['src/b.ts', 'README.md']), repo));
      assert.equal(startStatusEarly([{ kind: 'shell', command: 'rm src/a.ts' }], repo, 10_000), undefined);
      const many = Array.from({ length: 17 }, () => join(repo, 'src/a.ts'));
      assert.equal(startStatusEarly([{ kind: 'fileDelete', paths: many }], repo, 10_000), undefined, 'too many paths: left to the facts');
      assert.ok(startStatusEarly([{ kind: 'fileDelete', paths: many.slice(1) }], repo, 10_000));
      assert.equal(startStatusEarly([{ kind: 'fileWrite', path: 'no/such/file', content: '' }], repo, 10_000), undefined);
      assert.equal(startStatusEarly([{ kind: 'fileWrite', path: join(root, 'outside.txt'), content: '' }], root, 10_000), undefined);
    });

    /** A git that cannot finish: its index is a FIFO nobody writes (git blocks opening it). */
    function stuckIndex(): { env: NodeJS.ProcessEnv; marker: string } {
      const dir = tempDir();
      fifoDirs.push(dir);
      const fifo = join(dir, `index-${process.pid}-${Date.now()}`);
      const made = spawnSync('mkfifo', [fifo]);
      assert.equal(made.status, 0, 'mkfifo');
      return { env: { ...process.env, GIT_INDEX_FILE: fifo }, marker: `GIT_INDEX_FILE=${fifo}` };
    }
    /** Live processes whose environment holds `marker`. */
    function processesWith(marker: string): number[] {
      const out: number[] = [];
      for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
        try {
          if (readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(marker)) out.push(Number(pid));
        } catch {
          // gone, or not ours
        }
      }
      return out;
    }
    const child = (code: string, env: NodeJS.ProcessEnv): ReturnType<typeof spawnSync> =>
      spawnSync(process.execPath, ['-e', code], { env, encoding: 'utf8', timeout: 20_000 });
    const execModule = JSON.stringify(require.resolve('../../../src/facts/exec'));

    it('a git that does not finish: killed at its timeout, said to have timed out', () => {
      const { env, marker } = stuckIndex();
      const r = child(
        `const t0 = Date.now(); require(${execModule}).gitInBackground(['status', '--porcelain=v2'], ${JSON.stringify(repo)}, 300)().then((x) => console.log(JSON.stringify({ ...x, ms: Date.now() - t0 })));`,
        env,
      );
      const said = JSON.parse(String(r.stdout)) as { ok: boolean; timedOut: boolean; ms: number };
      assert.deepEqual({ ok: said.ok, timedOut: said.timedOut }, { ok: false, timedOut: true }, String(r.stderr));
      assert.ok(said.ms >= 300 && said.ms < 3000, `${said.ms} ms`);
      assert.deepEqual(processesWith(marker), []);
    });
    it('a run nobody takes neither keeps the process alive nor outlives it', () => {
      const { env, marker } = stuckIndex();
      const t0 = Date.now();
      const r = child(`require(${execModule}).gitInBackground(['status', '--porcelain=v2'], ${JSON.stringify(repo)}, 60000); console.log('done');`, env);
      assert.equal(String(r.stdout).trim(), 'done', String(r.stderr));
      assert.equal(r.status, 0);
      assert.ok(Date.now() - t0 < 5000, `${Date.now() - t0} ms`);
      assert.deepEqual(processesWith(marker), [], 'git was left running');
    });
  });
});
