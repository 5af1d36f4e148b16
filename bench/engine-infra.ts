// `npm run bench engine-infra`: how long the infrastructure analyzers take. Prints, as markdown:
// median and p99 of assess() per kind over the corpora and fixtures, the generated 10,000-resource
// Terraform plan (analyzer alone and full assess, target < 300 ms), and what loading yaml and the
// node-sql-parser dialects costs in a fresh process (why they load lazily).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { type Action, analyze, assess, digestOf, getDefaultPolicy } from '../src/engine';
import { corporaDir, fixtures, readJsonl } from '../test/helpers';
import { bigPlan } from '../test/unit/infra/plans';

const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const f = (x: number): string => (x < 1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x.toFixed(1));

function cases(): Record<string, Action[]> {
  const dir = corporaDir();
  const tfDir = join(dir, 'terraform');
  const cfnDir = join(dir, 'cloudformation');
  const k8sDir = fixtures('infra', 'kubernetes');
  return {
    terraformPlan: readdirSync(tfDir)
      .filter((n) => n.endsWith('.json'))
      .map((n) => ({ kind: 'terraformPlan', plan: JSON.parse(readFileSync(join(tfDir, n), 'utf8')) as unknown })),
    cloudformationChangeSet: readdirSync(cfnDir)
      .filter((n) => n.endsWith('.json'))
      .map((n) => ({ kind: 'cloudformationChangeSet', changeSet: JSON.parse(readFileSync(join(cfnDir, n), 'utf8')) as unknown })),
    kubernetes: readJsonl<{ file: string; operation?: 'apply' | 'delete' | 'create' | 'replace' | 'patch' }>(join(k8sDir, 'cases.jsonl')).map((c) => ({
      kind: 'kubernetes',
      manifests: readFileSync(join(k8sDir, c.file), 'utf8'),
      ...(c.operation ? { operation: c.operation } : {}),
    })),
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
  };
}

function perKind(): void {
  const rounds = 20;
  console.log('## Infrastructure analyzers: assess() per action\n');
  console.log(`${rounds} rounds after one warm-up round; times in ms.\n`);
  console.log('| kind | cases | median | p99 | max |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [kind, list] of Object.entries(cases())) {
    for (const a of list) assess(a);
    const times: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const a of list) {
        const t0 = process.hrtime.bigint();
        assess(a);
        times.push(ms(t0));
      }
    }
    console.log(`| ${kind} | ${list.length} | ${f(pct(times, 50))} | ${f(pct(times, 99))} | ${f(Math.max(...times))} |`);
  }
}

function bigPlanTimes(): void {
  const plan = bigPlan(10_000);
  const action: Action = { kind: 'terraformPlan', plan };
  const policy = getDefaultPolicy();
  const an: number[] = [];
  const dig: number[] = [];
  const full: number[] = [];
  for (let r = 0; r < 7; r++) {
    let t0 = process.hrtime.bigint();
    analyze(action, {}, policy);
    an.push(ms(t0));
    t0 = process.hrtime.bigint();
    digestOf(action);
    dig.push(ms(t0));
    t0 = process.hrtime.bigint();
    assess(action);
    full.push(ms(t0));
  }
  const bytes = JSON.stringify(plan).length;
  console.log('\n## Generated 10,000-resource Terraform plan\n');
  console.log(`${(bytes / 1e6).toFixed(1)} MB of plan JSON (already parsed); 7 runs, first included in max. Target: well under 300 ms.\n`);
  console.log('| step | median ms | max ms |');
  console.log('|---|---:|---:|');
  console.log(`| terraform analyzer | ${f(pct(an, 50))} | ${f(Math.max(...an))} |`);
  console.log(`| digest of the action alone (canonical JSON + sha256) | ${f(pct(dig, 50))} | ${f(Math.max(...dig))} |`);
  console.log(`| full assess (analyzer, scoring, digest of the action) | ${f(pct(full, 50))} | ${f(Math.max(...full))} |`);
  const text = JSON.stringify(plan);
  const t0 = process.hrtime.bigint();
  JSON.parse(text);
  console.log(`| for scale: JSON.parse of the plan text | ${f(ms(t0))} | |`);
}

function lazyLoads(): void {
  const engine = require.resolve('../src/engine');
  const fresh = (body: string): number => {
    const runs: number[] = [];
    for (let r = 0; r < 5; r++) {
      const p = spawnSync(process.execPath, ['-e', `const t0 = process.hrtime.bigint(); ${body}; console.log(Number(process.hrtime.bigint() - t0) / 1e6);`], {
        encoding: 'utf8',
      });
      if (p.status !== 0) throw new Error(p.stderr);
      runs.push(Number(p.stdout.trim()));
    }
    return pct(runs, 50);
  };
  console.log('\n## Lazy loads (fresh Node process each, median of 5)\n');
  console.log('| what | ms |');
  console.log('|---|---:|');
  const rows: [string, string][] = [
    ["require('yaml')", "require('yaml')"],
    ["require('node-sql-parser/build/postgresql') + new Parser()", "new (require('node-sql-parser/build/postgresql').Parser)()"],
    ["require('node-sql-parser/build/mysql') + new Parser()", "new (require('node-sql-parser/build/mysql').Parser)()"],
    ["require('node-sql-parser') (every dialect, what a plain import would cost)", "require('node-sql-parser')"],
    ['load the engine (transpiled, unbundled)', `require(${JSON.stringify(engine)})`],
    ['load the engine + assess a shell-free SELECT', `require(${JSON.stringify(engine)}).assess({ kind: 'sql', statement: 'SELECT 1' })`],
    [
      'load the engine + first DELETE (loads the postgresql parser)',
      `require(${JSON.stringify(engine)}).assess({ kind: 'sql', statement: 'DELETE FROM t WHERE id = 1', dialect: 'postgresql' })`,
    ],
    [
      'load the engine + first Kubernetes manifest (loads yaml)',
      `require(${JSON.stringify(engine)}).assess({ kind: 'kubernetes', manifests: 'kind: Namespace\\nmetadata: {name: a}' })`,
    ],
  ];
  for (const [label, body] of rows) console.log(`| ${label} | ${f(fresh(body))} |`);

  // The hook runs the bundled CLI: bundle the engine the same way (yaml and the dialect parsers
  // end up inside the bundle, wrapped so they only run when first required).
  const tmp = mkdtempSync(join(tmpdir(), 'br-bench-'));
  try {
    const out = join(tmp, 'engine.js');
    buildSync({
      entryPoints: [resolve('src/engine/index.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      mainFields: ['module', 'main'],
      outfile: out,
      logLevel: 'error',
    });
    const size = statSync(out).size;
    const o = JSON.stringify(out);
    const bundled: [string, string][] = [
      [`load the bundled engine (${(size / 1e6).toFixed(1)} MB, yaml and 4 SQL dialects inside)`, `require(${o})`],
      ['bundled + assess a SELECT', `require(${o}).assess({ kind: 'sql', statement: 'SELECT 1' })`],
      [
        'bundled + first DELETE (runs the postgresql parser module)',
        `require(${o}).assess({ kind: 'sql', statement: 'DELETE FROM t WHERE id = 1', dialect: 'postgresql' })`,
      ],
      [
        'bundled + first Kubernetes manifest (runs the yaml module)',
        `require(${o}).assess({ kind: 'kubernetes', manifests: 'kind: Namespace\\nmetadata: {name: a}' })`,
      ],
    ];
    // The same bundle without yaml and the parsers inside: what merely carrying them costs.
    const slim = join(tmp, 'engine-slim.js');
    buildSync({
      entryPoints: [resolve('src/engine/index.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      mainFields: ['module', 'main'],
      outfile: slim,
      logLevel: 'error',
      external: ['yaml', 'node-sql-parser', 'node-sql-parser/*'],
    });
    bundled.push([
      `for comparison: the bundle without yaml and the parsers (${(statSync(slim).size / 1e6).toFixed(1)} MB)`,
      `require(${JSON.stringify(slim)})`,
    ]);
    for (const [label, body] of bundled) console.log(`| ${label} | ${f(fresh(body))} |`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

perKind();
bigPlanTimes();
lazyLoads();
