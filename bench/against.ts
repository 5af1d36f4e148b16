// `BENCH_BASELINE=<out/ of another build> npm run bench`: this engine against another build's, in
// one process, interleaved (A B B A …, so drift and load fall on both), over the same actions:
// every shell command of the corpora and fixtures, the Terraform plans and CloudFormation change
// sets of the corpora, the SQL and tool-call fixtures, the written-plan fixtures with the incident
// plan, and a 1 MB plan (bench/plans.ts). Prints the median time of a whole pass per
// family and the ratio (this / baseline); each pass of this engine starts with its path memos empty. Without BENCH_BASELINE it says how to make one and stops.
//
// A baseline is any commit's `npm run compile-tests` output, e.g.
//   git worktree add /tmp/base <commit> && cd /tmp/base && ln -s "$OLDPWD/node_modules" && node esbuild.config.mjs --tests
//   BENCH_BASELINE=/tmp/base/out node out/bench/against.js
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Action, assess as assessHere } from '../src/engine';
import { forgetClassifications as forgetCategories } from '../src/engine/effects/categories';
import { forgetGuardMatches } from '../src/engine/effects/guard-assets';
import { forgetClassifications as forgetWhere } from '../src/engine/effects/where';
import { forgetEnvironmentWords } from '../src/engine/environment';
import { corporaDir, fixtures, readJsonl } from '../test/helpers';
import { MB, bigPlan, incidentPlan } from './plans';

type Assess = (a: Action) => unknown;
const here: Assess = (a) => assessHere(a);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 31);

function families(): Record<string, Action[]> {
  const dir = corporaDir();
  const json = (d: string, kind: 'terraformPlan' | 'cloudformationChangeSet'): Action[] =>
    readdirSync(d)
      .filter((n) => n.endsWith('.json'))
      .map((n) => {
        const v = JSON.parse(readFileSync(join(d, n), 'utf8')) as unknown;
        return kind === 'terraformPlan' ? { kind, plan: v } : { kind, changeSet: v };
      });
  type Cmd = { command: string; cwd?: string; shell?: 'pwsh' | 'cmd' };
  const commands = [...readJsonl<Cmd>(join(dir, 'commands.jsonl')), ...readJsonl<Cmd>(fixtures('shell', 'commands.jsonl'))];
  return {
    shell: commands.map((c) => ({ kind: 'shell', command: c.command, ...(c.cwd ? { cwd: c.cwd } : {}), ...(c.shell ? { shell: c.shell } : {}) })),
    terraform: json(join(dir, 'terraform'), 'terraformPlan'),
    cloudformation: json(join(dir, 'cloudformation'), 'cloudformationChangeSet'),
    sql: readJsonl<{ statement: string; dialect?: string }>(fixtures('infra', 'sql.jsonl')).map((c) => ({
      kind: 'sql',
      statement: c.statement,
      ...(c.dialect ? { dialect: c.dialect } : {}),
    })),
    toolCall: readJsonl<{ tool: string; input: unknown }>(fixtures('infra', 'tool-calls.jsonl')).map((c) => ({
      kind: 'toolCall',
      tool: c.tool,
      input: c.input,
    })),
    plan: [
      incidentPlan(),
      ...readdirSync(fixtures('plan'))
        .filter((n) => n.endsWith('.md'))
        .map((n) => readFileSync(fixtures('plan', n), 'utf8')),
    ].map((text): Action => ({ kind: 'plan', text })),
    'plan, 1 MB': [{ kind: 'plan', text: bigPlan(MB) }],
  };
}

/**
 * This engine keeps classifications of paths it has seen (effects/where.ts, categories.ts,
 * guard-assets.ts) and environment words (environment.ts); a hook process starts with none. Each
 * timed pass starts from nothing known, so the figure is one pass's work, not what the rounds
 * before it learned.
 */
function forget(): void {
  forgetWhere();
  forgetCategories();
  forgetGuardMatches();
  forgetEnvironmentWords();
}

/**
 * One timed pass: the family's actions `reps` times over, this engine forgetting what it learned
 * before each time (outside the timing). A family of a few ms is repeated to about 25 ms, so one
 * young-generation collection more or less does not decide its ratio.
 */
function pass(assess: Assess, actions: Action[], reps = 1): number {
  let ns = 0n;
  for (let k = 0; k < reps; k++) {
    if (assess === here) forget();
    const t0 = process.hrtime.bigint();
    for (const a of actions) assess(a);
    ns += process.hrtime.bigint() - t0;
  }
  return Number(ns) / 1e6;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function main(): void {
  const base = process.env.BENCH_BASELINE;
  console.log('## This engine against a baseline build (interleaved, same process)\n');
  if (!base) {
    console.log('skipped: set BENCH_BASELINE to the out/ folder of another build (see bench/against.ts)\n');
    return;
  }
  const entry = resolve(base, 'src', 'engine', 'index.js');
  if (!existsSync(entry)) {
    console.log(`skipped: ${entry} does not exist (run \`node esbuild.config.mjs --tests\` in the baseline's checkout)\n`);
    return;
  }
  const assessBase = (require(entry) as { assess: Assess }).assess;
  console.log(
    `baseline: ${base} · ${ROUNDS} rounds per family, each a whole pass (a short family repeated to about 25 ms, this engine's memos emptied before each repeat), order alternating\n`,
  );
  console.log('| family | actions | this (median pass) | baseline | ratio |', '\n|---|---:|---:|---:|---:|');
  for (const [name, actions] of Object.entries(families())) {
    // Warm both up (JIT, lazily loaded packs and parsers) before anything is timed.
    pass(here, actions);
    pass(assessBase, actions);
    const once = Math.min(pass(assessBase, actions), pass(assessBase, actions));
    const reps = Math.max(1, Math.ceil(25 / Math.max(once, 0.01)));
    const a: number[] = [];
    const b: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      if (r % 2 === 0) {
        a.push(pass(here, actions, reps));
        b.push(pass(assessBase, actions, reps));
      } else {
        b.push(pass(assessBase, actions, reps));
        a.push(pass(here, actions, reps));
      }
    }
    const ma = median(a);
    const mb = median(b);
    const count = reps > 1 ? `${actions.length} × ${reps}` : `${actions.length}`;
    console.log(`| ${name} | ${count} | ${ma.toFixed(1)} ms | ${mb.toFixed(1)} ms | ${(ma / mb).toFixed(2)}× |`);
  }
  console.log('');
}

main();
