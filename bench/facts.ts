// Facts figures: what gathering facts adds to an assessment. Median and p95 of gatherFacts (the
// default 150 ms budget) for typical commands in a real git repository of a few hundred files,
// and the worst case: a delete of a folder of 200,000 files, where the walk stops at its entry cap
// (the same count on every run: 20,000 entries, whatever the time budget).
// Prints a markdown table. Run: npm run bench -- facts (or node out/bench/facts.js).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Action, type Facts, assess } from '../src/engine';
import { DEFAULT_BUDGET_MS, gatherFacts } from '../src/facts';

const RUNS = 25;
const BIG = 200_000;

function write(root: string, rel: string, content: string): void {
  const p = join(root, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, content);
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, {
    cwd,
    stdio: 'ignore',
    env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@x', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@x' },
  });
}

/** A repo with 300 tracked files, an ignored build/ of 200, untracked data/ of 50, a stash. */
function makeRepo(root: string): string {
  const repo = join(root, 'repo');
  mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  write(repo, '.gitignore', 'build/\nnode_modules/\n');
  for (let i = 0; i < 300; i++) write(repo, `src/m${i % 20}/f${i}.ts`, `export const v${i} = ${i};\n`.repeat(20));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'init');
  for (let i = 0; i < 200; i++) write(repo, `build/chunk${i}.js`, 'x'.repeat(2000));
  for (let i = 0; i < 50; i++) write(repo, `data/row${i}.csv`, '1,2,3\n'.repeat(100));
  write(repo, 'src/m0/f0.ts', 'changed\n');
  git(repo, 'stash', 'push', '-q');
  write(repo, 'src/m1/f1.ts', 'changed again\n');
  mkdirSync(join(root, 'outside'));
  symlinkSync(join(root, 'outside'), join(repo, 'link-to-outside'));
  return repo;
}

interface Row {
  what: string;
  median: number;
  p95: number;
  max: number;
  outcome: string;
}

async function measure(what: string, action: Action, cwd: string, home: string, runs = RUNS, budgetMs = DEFAULT_BUDGET_MS): Promise<Row> {
  const times: number[] = [];
  let facts: Facts = {};
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    facts = await gatherFacts(action, { cwd, home, env: { PATH: process.env.PATH ?? '', HOME: home }, budgetMs });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const a = assess(action, { facts });
  const unknown = facts.incomplete?.length ? `; ${facts.incomplete.length} unknown` : '';
  const scope = a.scope.files ? ` ${a.scope.atLeast ? '≥' : ''}${a.scope.files.toLocaleString('en-US')} files` : '';
  return {
    what,
    median: times[Math.floor(times.length / 2)]!,
    p95: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))]!,
    max: times[times.length - 1]!,
    outcome: `${a.level}${scope}${unknown}`,
  };
}

async function main(): Promise<void> {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'br-bench-facts-')));
  try {
    const home = join(root, 'home');
    write(home, '.kube/config', 'current-context: prod-eu\ncontexts:\n- name: prod-eu\n  context: {namespace: web}\n');
    const repo = makeRepo(root);
    const sh = (command: string): Action => ({ kind: 'shell', command });
    const rows: Row[] = [];
    // Warm up the file-system cache and the JIT so the first row is not an outlier.
    await gatherFacts(sh('rm -rf build'), { cwd: repo, home });
    rows.push(await measure('`ls -la` (nothing to probe)', sh('ls -la'), repo, home));
    rows.push(await measure('`rm -rf build` (200 ignored files)', sh('rm -rf build'), repo, home));
    rows.push(await measure('`rm -rf data` (50 untracked files)', sh('rm -rf data'), repo, home));
    rows.push(await measure('`rm -rf link-to-outside`', sh('rm -rf link-to-outside'), repo, home));
    rows.push(await measure('`git clean -fdx`', sh('git clean -fdx'), repo, home));
    rows.push(await measure('`git stash clear`', sh('git stash clear'), repo, home));
    rows.push(await measure('`kubectl delete ns web`', sh('kubectl delete ns web'), repo, home));
    rows.push(await measure('fileDelete `src` (300 tracked files, 1 modified)', { kind: 'fileDelete', paths: ['src'] }, repo, home));

    const big = join(root, 'big');
    mkdirSync(big);
    const t0 = performance.now();
    for (let i = 0; i < BIG; i++) writeFileSync(join(big, `f${i}`), '');
    const made = performance.now() - t0;
    rows.push(await measure(`\`rm -rf big\` (${BIG.toLocaleString('en-US')} files, default budget)`, sh('rm -rf big'), root, home, 5));
    rows.push(await measure(`\`rm -rf big\` (${BIG.toLocaleString('en-US')} files, 1 s budget)`, sh('rm -rf big'), root, home, 3, 1000));

    const fmt = (ms: number) => ms.toFixed(1);
    const out = [
      `## Facts (gatherFacts, budget ${DEFAULT_BUDGET_MS} ms unless stated; ${RUNS} runs per typical row)`,
      '',
      '| action | median ms | p95 ms | max ms | level and scope with facts |',
      '|---|---:|---:|---:|---|',
      ...rows.map((r) => `| ${r.what} | ${fmt(r.median)} | ${fmt(r.p95)} | ${fmt(r.max)} | ${r.outcome} |`),
      '',
      `(creating the ${BIG.toLocaleString('en-US')}-file folder took ${(made / 1000).toFixed(1)} s; the walk stops at its entry cap and says "at least"; load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')})`,
      '',
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();
