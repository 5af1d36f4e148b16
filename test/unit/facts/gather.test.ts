import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, linkSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { type Action, type Facts, assess, getDefaultPolicy } from '../../../src/engine';
import { emptyAnalysis } from '../../../src/engine/analysis';
import { DEFAULT_BUDGET_MS, DEFAULT_MAX_ENTRIES, gatherFacts } from '../../../src/facts';
import { fixtures } from '../../helpers';
import { commitAll, hashTree, initRepo, removeTree, tempDir, writeTree } from './tree';

describe('facts: gatherFacts on real trees', () => {
  let root: string;
  let repo: string;
  let home: string;
  let fingerprint: string;
  const env = () => ({ HOME: home, PATH: process.env.PATH ?? '' });

  // The whole temp area (repo with .git, the outside folder, HOME) must be byte-identical afterwards.
  before(() => {
    root = tempDir();
    repo = join(root, 'repo');
    home = join(root, 'home');
    initRepo(repo);
    const src: Record<string, string> = { '.gitignore': 'build/\n*.log\n', 'src/one.ts': '1\n' };
    for (let i = 0; i < 12; i++) src[`lib/m${i}.ts`] = `export const m${i} = ${i};\n`;
    writeTree(repo, src);
    commitAll(repo, 'init');
    writeTree(repo, {
      'build/app.js': 'x'.repeat(100),
      'build/chunks/a.js': 'a',
      'build/chunks/b.js': 'b',
      'data/2024.csv': 'id,amount\n1,2\n',
      'data/2025.csv': 'id,amount\n3,4\n',
      'data/raw/dump.bin': '\x00\x01\x02',
      'notes.txt': 'private notes',
      'node_modules/left-pad/index.js': 'module.exports = 1;',
      'node_modules/left-pad/package.json': '{}',
      'out/report.pdf': '%PDF',
      'with space/file one': '1',
      'ünïcödé/naïve.txt': 'u',
      'new\nline/f': 'n',
    });
    writeFileSync(join(repo, 'src/one.ts'), '1 changed\n');
    writeTree(root, { 'shared/volume/a': 'a', 'shared/volume/b': 'b', 'shared/volume/c': 'c' });
    symlinkSync(join(root, 'shared', 'volume'), join(repo, 'link-to-outside'));
    symlinkSync('loop-2', join(repo, 'loop-1'));
    symlinkSync('loop-1', join(repo, 'loop-2'));
    writeTree(home, {
      '.kube/config': 'current-context: prod-cn-north-1\ncontexts:\n- name: prod-cn-north-1\n  context: {cluster: eks, namespace: payments}\n',
    });
    fingerprint = hashTree(root);
  });
  after(function () {
    this.timeout(120_000);
    // Checked once for every probe the cases below ran.
    assert.equal(hashTree(root), fingerprint, 'the probes changed the tree');
    removeTree(root);
  });

  const del = (...paths: string[]): Action => ({ kind: 'fileDelete', paths });
  const gather = (action: Action, extra: Partial<Parameters<typeof gatherFacts>[1]> = {}) =>
    gatherFacts(action, { cwd: repo, env: env(), home, budgetMs: 5_000, ...extra });

  // Each case: a delete in the repo, the counts the facts must show, the level it must end at.
  const cases: { id: string; path: string; git: Record<string, number>; files: number; level: string; rule?: string; note: RegExp }[] = [
    {
      id: 'ignored build output',
      path: 'build',
      git: { ignored: 3 },
      files: 3,
      level: 'low',
      rule: 'facts.recoverable',
      note: /deletes 3 files .* 3 ignored build output \(regenerable\)/,
    },
    {
      id: 'untracked data',
      path: 'data',
      git: { untracked: 3 },
      files: 3,
      level: 'high',
      rule: 'facts.data-loss',
      note: /deletes 3 files in 2 folders .* 3 untracked, cannot be recovered/,
    },
    {
      id: 'tracked and clean',
      path: 'lib',
      git: { clean: 12 },
      files: 12,
      level: 'medium',
      rule: 'facts.recoverable',
      note: /12 tracked and clean \(recoverable from git\)/,
    },
    {
      id: 'one clean file',
      path: 'lib/m1.ts',
      git: { clean: 1 },
      files: 1,
      level: 'low',
      rule: 'facts.recoverable',
      note: /deletes 1 file .*recoverable from git/,
    },
    { id: 'dirty file', path: 'src/one.ts', git: { dirty: 1 }, files: 1, level: 'medium', rule: 'facts.data-loss', note: /uncommitted changes/ },
    // One scratch file nobody committed: low, as `rm notes.txt` is (the loss is still shown).
    { id: 'untracked file', path: 'notes.txt', git: { untracked: 1 }, files: 1, level: 'low', rule: 'facts.data-loss', note: /1 untracked/ },
    {
      id: 'symlink out of the workspace',
      path: 'link-to-outside',
      git: { outside: 3 },
      files: 3,
      level: 'high',
      rule: 'facts.symlink-outside',
      note: /symlink to .*shared\/volume \(outside the workspace/,
    },
    { id: 'path with spaces', path: 'with space', git: { untracked: 1 }, files: 1, level: 'high', rule: 'facts.data-loss', note: /with space/ },
    { id: 'unicode path', path: 'ünïcödé', git: { untracked: 1 }, files: 1, level: 'high', rule: 'facts.data-loss', note: /ünïcödé/ },
    { id: 'newline in a name', path: 'new\nline', git: { untracked: 1 }, files: 1, level: 'high', rule: 'facts.data-loss', note: /new\nline/ },
    {
      id: 'untracked node_modules (packages)',
      path: 'node_modules',
      git: { untracked: 2 },
      files: 2,
      level: 'low',
      rule: 'facts.recoverable',
      note: /2 untracked, but regenerable/,
    },
    {
      id: 'untracked folder named out (not ignored): not assumed regenerable',
      path: 'out',
      git: { untracked: 1 },
      files: 1,
      level: 'high',
      rule: 'facts.data-loss',
      note: /1 untracked, cannot be recovered/,
    },
    { id: 'nothing there', path: 'no-such-dir', git: {}, files: 0, level: 'low', rule: 'facts.nothing-there', note: /does not exist now: nothing to delete/ },
  ];
  for (const c of cases) {
    it(`fileDelete ${c.id} (${JSON.stringify(c.path)}) → ${c.level}`, async () => {
      const action = del(c.path);
      const facts = await gather(action);
      const p = facts.paths?.[c.path];
      assert.ok(p, `${c.id}: no facts for the path; incomplete: ${(facts.incomplete ?? []).join('; ')}`);
      assert.deepEqual(p.git ?? {}, c.git, `${c.id}: git counts`);
      assert.equal(p.files ?? 0, c.files, `${c.id}: files`);
      assert.ok(
        facts.notes?.some((n) => c.note.test(n)),
        `${c.id}: notes ${JSON.stringify(facts.notes)}`,
      );
      const a = assess(action, { facts });
      assert.equal(a.level, c.level, `${c.id}: ${a.findings.map((f) => `${f.rule}/${f.level}`).join(', ')}`);
      if (c.rule)
        assert.ok(
          a.findings.some((f) => f.rule === c.rule),
          `${c.id}: no ${c.rule} in ${a.findings.map((f) => f.rule).join(', ')}`,
        );
      if (c.files) assert.equal(a.scope.files, c.files, `${c.id}: scope.files`);
    });
  }

  it('without facts the same deletes keep the analyzer level, as rm -rf gives them', () => {
    // Without facts a name with no extension may be a folder: a recursive delete in the workspace.
    assert.equal(assess(del('data')).level, 'medium');
    assert.equal(assess({ kind: 'shell', command: 'rm -rf data' }).level, 'medium');
    // build is regenerable output by its name, for the delete tool as for rm.
    assert.equal(assess(del('build')).level, 'low');
    assert.equal(assess({ kind: 'shell', command: 'rm -rf build' }).level, 'low');
  });

  it('reports a symlink loop and a glob without throwing', async () => {
    const facts = await gather(del('loop-1', 'build/chunks/*.js', '*.nothing'));
    assert.equal(facts.paths?.['loop-1']?.type, 'symlink');
    assert.equal(facts.paths?.['build/chunks/*.js']?.matches, 2);
    assert.deepEqual(facts.paths?.['build/chunks/*.js']?.git, { ignored: 2 });
    assert.equal(facts.paths?.['*.nothing']?.matches, 0);
    assert.equal(facts.paths?.['*.nothing']?.exists, false);
  });

  it('expands an unset variable to the root and says so', async () => {
    const facts = await gather(del('$BUILD_DIR/'), { budgetMs: 50, maxEntries: 2_000 });
    const p = facts.paths?.['$BUILD_DIR/'];
    assert.equal(p?.resolved, '/');
    assert.equal(p?.special, 'root');
    assert.deepEqual(p?.unsetVariables, ['BUILD_DIR']);
    assert.ok(
      facts.notes?.some((n) => /\$BUILD_DIR is not set, so \$BUILD_DIR\/ becomes \//.test(n)),
      JSON.stringify(facts.notes),
    );
    assert.equal(assess(del('$BUILD_DIR/'), { facts }).level, 'critical');
  });

  it('names the branch and whether it is protected', async () => {
    const facts = await gather(del('build'));
    assert.equal(facts.git?.branch, 'main');
    assert.equal(facts.git?.protectedBranch, true);
    assert.ok(facts.notes?.includes('branch main (protected) (no remote)'), JSON.stringify(facts.notes));
  });

  it('measures repository-wide losses for git clean / reset / stash / branch -D from the analysis', async () => {
    const analysis = emptyAnalysis();
    for (const rule of ['shell.git-clean', 'shell.git-reset-hard', 'shell.git-stash-clear', 'shell.git-branch-delete']) {
      analysis.findings.push({
        rule,
        level: 'high',
        message: rule,
        evidence: rule,
        targets: rule === 'shell.git-branch-delete' ? [{ kind: 'branch', name: 'main', op: 'delete' }] : [],
      });
    }
    const facts = await gather({ kind: 'shell', command: 'git clean -fdx' }, { analysis });
    const g = facts.git!;
    // data/ (3), node_modules/ (2), out/, notes.txt, with space/, ünïcödé/, new\nline/, and the links link-to-outside, loop-1,
    // loop-2 (git clean removes a link, not what it points to) are untracked; build/ (3) ignored.
    assert.equal(g.untracked, 13, JSON.stringify(g));
    assert.equal(g.untrackedLoose, 4, 'notes.txt and the three links');
    assert.equal(g.ignored, 3);
    assert.equal(g.dirty, 1);
    assert.equal(g.stashes, 0);
    assert.deepEqual(g.branchOnlyCommits, { main: 1 });
  });

  it('reads the kube context from the temp HOME and marks it prod', async () => {
    const facts = await gather({ kind: 'shell', command: 'kubectl delete ns payments' });
    assert.deepEqual(facts.kube, { context: 'prod-cn-north-1', namespace: 'payments', cluster: 'eks' });
    assert.ok(facts.notes?.includes('kube context prod-cn-north-1 → prod (namespace payments, cluster eks)'), JSON.stringify(facts.notes));
  });

  it('honours --kubeconfig, inline KUBECONFIG= / AWS_PROFILE= and terraform -chdir=', async () => {
    const area = tempDir('br-facts-flags-');
    try {
      writeTree(area, {
        'alt/config': 'current-context: staging-eu\ncontexts:\n- name: staging-eu\n  context: {namespace: web}\n',
        'infra/.terraform/environment': 'production\n',
      });
      const flag = await gatherFacts(
        { kind: 'shell', command: `kubectl --kubeconfig ${join(area, 'alt/config')} delete ns web` },
        { cwd: repo, env: env(), home, budgetMs: 5_000 },
      );
      assert.equal(flag.kube?.context, 'staging-eu');
      const inline = await gatherFacts(
        { kind: 'shell', command: `KUBECONFIG=${join(area, 'alt/config')} kubectl delete ns web` },
        { cwd: repo, env: env(), home, budgetMs: 5_000 },
      );
      assert.equal(inline.kube?.context, 'staging-eu');
      const aws = await gatherFacts({ kind: 'shell', command: 'AWS_PROFILE=prod-admin aws s3 rb s3://x' }, { cwd: repo, env: env(), home, budgetMs: 5_000 });
      assert.equal(aws.aws?.profile, 'prod-admin');
      const tf = await gatherFacts({ kind: 'shell', command: 'terraform -chdir=infra destroy' }, { cwd: area, env: env(), home, budgetMs: 5_000 });
      assert.equal(tf.terraform?.workspace, 'production');
    } finally {
      removeTree(area);
    }
  });

  it('does not look at kube, AWS or Terraform for an action that reaches none of them', async () => {
    const facts = await gather(del('build'));
    assert.equal(facts.kube, undefined);
    assert.equal(facts.aws, undefined);
    assert.equal(facts.terraform, undefined);
  });

  it('finds the JSON of a planfile next to it, and says so when there is none', async () => {
    const dir = tempDir('br-facts-tf-');
    writeFileSync(join(dir, 'plan.out'), 'PK\x03\x04 binary');
    copyFileSync(fixtures('facts', 'delete-plan.json'), join(dir, 'plan.out.json'));
    writeFileSync(join(dir, 'other.out'), 'PK\x03\x04 binary');
    const found = await gatherFacts({ kind: 'shell', command: 'terraform apply -auto-approve plan.out' }, { cwd: dir, env: env(), home, budgetMs: 5_000 });
    assert.equal(found.plans?.['plan.out']?.kind, 'terraformPlan');
    assert.ok((found.plans?.['plan.out']?.json as { resource_changes: unknown[] }).resource_changes.length === 1);
    const missing = await gatherFacts({ kind: 'shell', command: 'tofu apply other.out' }, { cwd: dir, env: env(), home, budgetMs: 5_000 });
    assert.equal(missing.plans, undefined);
    assert.ok(
      missing.incomplete?.some((i) => /other\.out is binary and no JSON of it/.test(i)),
      JSON.stringify(missing.incomplete),
    );
    const cfn = await gatherFacts(
      { kind: 'shell', command: 'aws cloudformation execute-change-set --change-set-name drop-db --stack-name billing' },
      { cwd: dir, env: env(), home, budgetMs: 5_000 },
    );
    assert.ok(
      cfn.incomplete?.some((i) => /change set drop-db is held by AWS/.test(i)),
      JSON.stringify(cfn.incomplete),
    );
    removeTree(dir);
  });

  it('raises a Terraform plan aimed at the prod workspace', async () => {
    const dir = tempDir('br-facts-tfws-');
    writeTree(dir, { '.terraform/environment': 'prod' });
    const plan = JSON.parse(readFileSync(fixtures('facts', 'delete-plan.json'), 'utf8')) as unknown;
    const action: Action = { kind: 'terraformPlan', plan };
    const facts = await gatherFacts(action, { cwd: dir, env: env(), home, budgetMs: 5_000 });
    assert.equal(facts.terraform?.workspace, 'prod');
    const withFacts = assess(action, { facts });
    const without = assess(action, {});
    assert.equal(withFacts.environment.name, 'prod', JSON.stringify(withFacts.environment));
    assert.ok(withFacts.environment.evidence.some((e) => e === 'Terraform workspace prod'));
    // Deleting a bucket is high; in the prod workspace it is raised to critical.
    assert.equal(without.level, 'high');
    assert.equal(withFacts.level, 'critical', withFacts.findings.map((f) => `${f.rule}/${f.level}`).join(', '));
    removeTree(dir);
  });

  it('an unreadable folder is reported, not thrown', async function () {
    const area = tempDir('br-facts-locked-');
    const dir = join(area, 'data', 'locked');
    writeTree(area, { 'data/open.txt': 'o', 'data/locked/secret': 's' });
    chmodSync(dir, 0o000);
    try {
      let readable = true;
      try {
        readdirSync(dir);
      } catch {
        readable = false;
      }
      let facts: Facts;
      if (!readable) facts = await gatherFacts(del('data'), { cwd: area, env: env(), home, budgetMs: 5_000 });
      else {
        // Running as root, where permissions stop nothing: probe from a real process of an
        // unprivileged user (nobody), as a developer's own hook would run.
        assert.ok((await gatherFacts(del('data'), { cwd: area, env: env(), home, budgetMs: 5_000 })).paths?.data?.files);
        chmodSync(area, 0o755);
        chmodSync(join(area, 'data'), 0o755);
        const script = `require(process.env.SRC + '/facts/index.js').gatherFacts({ kind: 'shell', command: 'rm -rf data', cwd: process.env.AREA }, { cwd: process.env.AREA, home: process.env.AREA, budgetMs: 5000 }).then((f) => process.stdout.write(JSON.stringify(f)));`;
        const r = spawnSync(process.execPath, ['-e', script], {
          uid: 65534,
          gid: 65534,
          encoding: 'utf8',
          env: { PATH: process.env.PATH ?? '', HOME: area, SRC: resolve(__dirname, '..', '..', '..', 'src'), AREA: area },
        });
        assert.equal(r.status, 0, r.stderr);
        facts = JSON.parse(r.stdout) as Facts;
      }
      assert.ok(
        facts.incomplete?.some((i) => /could not be read/.test(i)),
        JSON.stringify(facts.incomplete),
      );
    } finally {
      chmodSync(dir, 0o755);
      removeTree(area);
    }
  });

  it('a git that never answers is given up on at the default budget: the facts say so, nothing waits for it', async () => {
    // A repository whose index is a named pipe: git status blocks opening it until it is killed.
    const stuck = join(root, 'stuck');
    initRepo(stuck);
    writeTree(stuck, { 'a.txt': 'a\n' });
    commitAll(stuck);
    rmSync(join(stuck, '.git', 'index'));
    spawnSync('mkfifo', [join(stuck, '.git', 'index')]);
    try {
      const t0 = Date.now();
      const f = await gatherFacts({ kind: 'shell', command: 'git clean -fdx' }, { cwd: stuck, env: env(), home });
      const ms = Date.now() - t0;
      // Whichever stops first says it: the budget's timer or git's own timeout (the same deadline).
      assert.equal(f.incomplete?.length, 1, JSON.stringify(f.incomplete));
      assert.ok(
        f.incomplete[0] === `git status in ${stuck}: no answer within the budget` || f.incomplete[0] === `git status in ${stuck}: timed out`,
        f.incomplete[0],
      );
      assert.equal(f.git?.untracked, undefined, 'no count is made up for a git that did not answer');
      assert.equal(f.git?.branch, 'main', 'what the files say is still read');
      // The default budget is DEFAULT_BUDGET_MS (150 ms); an explicit one (the editor's 1.5 s) is
      // waited for in full. Generous bounds: this is about not waiting on git, not about speed.
      const explicit = 10 * DEFAULT_BUDGET_MS;
      assert.ok(ms < explicit, `waited ${ms} ms for a git that never answers`);
      const t1 = Date.now();
      await gatherFacts({ kind: 'shell', command: 'git clean -fdx' }, { cwd: stuck, env: env(), home, budgetMs: explicit });
      assert.ok(Date.now() - t1 >= explicit - 10, 'an explicit budget is the one used');
    } finally {
      removeTree(stuck);
    }
  });

  // Odd names: never a throw, and each name as written is measured as what it is (nothing there).
  const odd: [string, Action, Record<string, { exists: boolean; type: string }> | undefined][] = [
    ['an empty name (nothing to measure)', del(''), undefined],
    ['a NUL byte', del('\0'), { '\0': { exists: false, type: 'missing' } }],
    ["another user's home, unexpanded", del('~nobody/x'), { '~nobody/x': { exists: false, type: 'missing' } }],
    ['an unclosed glob bracket', del('['), { '[': { exists: false, type: 'missing' } }],
  ];
  for (const [name, a, expected] of odd) {
    it(`odd input gives facts, never a throw: ${name}`, async () => {
      const f: Facts = await gather(a);
      assert.equal(f.incomplete, undefined, JSON.stringify(f.incomplete));
      const got = f.paths && Object.fromEntries(Object.entries(f.paths).map(([k, p]) => [k, { exists: p.exists, type: p.type }]));
      assert.deepEqual(got, expected);
      assert.ok(['low', 'medium', 'high', 'critical'].includes(assess(a, { facts: f, policy: getDefaultPolicy() }).level));
    });
  }
});

// The 200,000-file folder lives in the bench (npm run bench -- facts); here a tree just past the
// walk's entry cap proves the count is the same on every run, whatever the time budget.
describe('facts: the same tree gives the same count on every run', function () {
  this.timeout(120_000); // 24,000 entries: under a second idle, longer on a loaded machine
  let root: string;
  let fingerprint: string;
  const DIRS = 40;
  const PER_DIR = 600;
  before(() => {
    root = tempDir('br-facts-big-');
    initRepo(join(root, 'checkout'));
    writeTree(join(root, 'checkout'), { 'README.md': 'x\n' });
    commitAll(join(root, 'checkout'));
    const big = join(root, 'home', 'big');
    // Hard links to seven small files: the same directory entries a copy would make, ~50× faster
    // to create than 24,000 new files (which took ~15 s of the unit run on a loaded machine).
    const seeds = join(root, 'seeds');
    mkdirSync(seeds);
    for (let k = 0; k < 7; k++) writeFileSync(join(seeds, `s${k}`), 'x'.repeat(k));
    for (let d = 0; d < DIRS; d++) {
      const dir = join(big, `d${String(d).padStart(2, '0')}`);
      mkdirSync(dir, { recursive: true });
      for (let i = 0; i < PER_DIR; i++) linkSync(join(seeds, `s${i % 7}`), join(dir, `f${i}`));
    }
    fingerprint = hashTree(root);
  });
  after(() => removeTree(root));

  it('the same delete five times: identical counts, levels and scores, "at least" at the entry cap', async () => {
    const action: Action = { kind: 'shell', command: 'rm -rf big' };
    const home = join(root, 'home');
    const seen: string[] = [];
    // Different time budgets, as the CLI (150 ms), the hook and the editor (1.5 s) use.
    for (const budgetMs of [DEFAULT_BUDGET_MS, DEFAULT_BUDGET_MS, 1500, 20, DEFAULT_BUDGET_MS]) {
      const facts = await gatherFacts(action, { cwd: home, env: { PATH: process.env.PATH ?? '', HOME: home }, home, budgetMs });
      const p = facts.paths?.big;
      assert.ok(p, JSON.stringify(facts));
      const a = assess(action, { facts });
      seen.push(
        JSON.stringify({
          files: p.files,
          dirs: p.dirs,
          bytes: p.bytes,
          atLeast: p.atLeast,
          level: a.level,
          score: a.score,
          scope: a.scope.files,
          notes: facts.notes,
        }),
      );
    }
    assert.equal(new Set(seen).size, 1, `runs differ:\n${seen.join('\n')}`);
    const first = JSON.parse(seen[0]!) as { files: number; dirs: number; atLeast: boolean; notes: string[] };
    assert.equal(first.atLeast, true);
    assert.equal(first.files + first.dirs - 1, DEFAULT_MAX_ENTRIES, 'the walk stops at its entry cap');
    assert.ok(first.files < DIRS * PER_DIR);
    assert.ok(
      first.notes.some((n) => n.startsWith(`deletes at least ${first.files.toLocaleString('en-US')} files`)),
      first.notes.join('\n'),
    );
    assert.equal(hashTree(root), fingerprint, 'the probes changed the tree');
  });

  it('also stops at a smaller entry cap when time is plentiful', async () => {
    const home = join(root, 'home');
    const facts = await gatherFacts({ kind: 'fileDelete', paths: ['big'] }, { cwd: home, env: {}, home, budgetMs: 60_000, maxEntries: 5_000 });
    const p = facts.paths?.big;
    assert.equal((p?.files ?? 0) + (p?.dirs ?? 0) - 1, 5_000);
    assert.equal(p?.atLeast, true);
    assert.ok(
      facts.incomplete?.some((i) => /big: the count stopped at its budget \(5,000 entries\)/.test(i)),
      JSON.stringify(facts.incomplete),
    );
  });

  it('shows only the facts that bear on the action: deleting the home from a checkout names no branch', async () => {
    const home = join(root, 'home');
    const cwd = join(root, 'checkout');
    const rmHome = await gatherFacts({ kind: 'shell', command: 'rm -rf ~' }, { cwd, env: { PATH: process.env.PATH ?? '', HOME: home }, home });
    assert.equal(rmHome.git, undefined, JSON.stringify(rmHome.git));
    assert.ok(!rmHome.notes?.some((n) => /branch/.test(n)), JSON.stringify(rmHome.notes));
    // A path in the checkout does bear on it.
    const rmReadme = await gatherFacts(
      { kind: 'shell', command: 'rm README.md' },
      { cwd, env: { PATH: process.env.PATH ?? '', HOME: home }, home, budgetMs: 5_000 },
    );
    assert.equal(rmReadme.git?.branch, 'main');
  });
});
