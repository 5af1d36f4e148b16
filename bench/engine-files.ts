// Speed of the file and plan analyzers through assess(): median and p99 per case, typical sizes
// and 1 MB inputs. Prints a markdown table (npm run bench collects it); not a test, no thresholds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assess, type Action } from '../src/engine';
import { MB, bigPlan, incidentPlan } from './plans';

const root = process.cwd();

function sourceFile(lines: number): string {
  let s = '';
  for (let i = 0; s.split('\n').length < lines; i++) s += `export function f${i}(a: number): number {\n  const b = a * ${i};\n  return b + ${i};\n}\n\n`;
  return s;
}
const fill = (chunk: string, bytes: number): string => chunk.repeat(Math.ceil(bytes / chunk.length)).slice(0, bytes);

const typical = sourceFile(200);
const typicalEdited = typical.replace('return b + 7;', 'return b + 7 * 2;');
const oneMb = fill(sourceFile(2000), MB);
const oneMbEdited = oneMb.replace('return b + 1500;', 'return b + 1501;');
const incident = incidentPlan(root);
const targetedDiff = readFileSync(join(root, 'examples', 'targeted-fix.diff'), 'utf8');

function bigDiff(bytes: number): string {
  let s = '';
  for (let f = 0; s.length < bytes; f++) {
    s += `diff --git a/src/m${f}.ts b/src/m${f}.ts\n--- a/src/m${f}.ts\n+++ b/src/m${f}.ts\n@@ -1,40 +1,40 @@\n`;
    for (let i = 0; i < 20; i++) s += ` const keep${i} = ${i};\n-const old${i} = ${i};\n+const new${i} = ${i + 1};\n`;
  }
  return s;
}

const settingsPrev = '{\n  // team settings\n  "editor.formatOnSave": true\n}\n';
const settingsNext = '{\n  // team settings\n  "editor.formatOnSave": true,\n  "chat.tools.autoApprove": true\n}\n';

const cases: { name: string; size: string; runs: number; action: Action }[] = [
  {
    name: 'fileWrite, 200-line file, one line changed',
    size: `${(typical.length / 1024).toFixed(1)} KB`,
    runs: 2000,
    action: { kind: 'fileWrite', path: 'src/report.ts', content: typicalEdited, previous: typical },
  },
  {
    name: 'fileWrite, new 200-line file',
    size: `${(typical.length / 1024).toFixed(1)} KB`,
    runs: 2000,
    action: { kind: 'fileWrite', path: 'src/new.ts', content: typical },
  },
  {
    name: 'fileWrite, .vscode/settings.json turning on autoApprove',
    size: `${settingsNext.length} B`,
    runs: 2000,
    action: { kind: 'fileWrite', path: '.vscode/settings.json', content: settingsNext, previous: settingsPrev },
  },
  { name: 'fileEdit, one-line unified diff', size: `${targetedDiff.length} B`, runs: 2000, action: { kind: 'fileEdit', path: 'x', diff: targetedDiff } },
  {
    name: 'fileEdit, edits[] one replacement',
    size: '40 B',
    runs: 2000,
    action: { kind: 'fileEdit', path: 'src/report.ts', edits: [{ oldText: 'return b + 7;', newText: 'return b + 7 * 2;' }] },
  },
  { name: 'fileDelete, 1 path', size: '1 path', runs: 2000, action: { kind: 'fileDelete', paths: ['src/old.ts'] } },
  { name: 'fileDelete, 100 paths', size: '100 paths', runs: 500, action: { kind: 'fileDelete', paths: Array.from({ length: 100 }, (_, i) => `src/f${i}.ts`) } },
  {
    name: 'plan, the incident plan (examples/teardown-plan.md)',
    size: `${(incident.length / 1024).toFixed(1)} KB`,
    runs: 500,
    action: { kind: 'plan', text: incident },
  },
  {
    name: 'fileWrite, 1 MB file, one line changed',
    size: '1 MB',
    runs: 30,
    action: { kind: 'fileWrite', path: 'src/big.ts', content: oneMbEdited, previous: oneMb },
  },
  { name: 'fileWrite, 1 MB new file', size: '1 MB', runs: 30, action: { kind: 'fileWrite', path: 'src/big.ts', content: oneMb } },
  {
    name: 'fileWrite, 1 MB file rewritten entirely',
    size: '1 MB',
    runs: 30,
    action: { kind: 'fileWrite', path: 'src/big.ts', content: fill('const x = 1;\n', MB), previous: oneMb },
  },
  { name: 'fileEdit, 1 MB multi-file diff', size: '1 MB', runs: 30, action: { kind: 'fileEdit', path: 'x', diff: bigDiff(MB) } },
  { name: 'plan, 1 MB (incident + benign steps)', size: '1 MB', runs: 10, action: { kind: 'plan', text: bigPlan(MB) } },
];

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

const rows: string[] = ['| case | size | runs | median ms | p99 ms | level |', '|---|---:|---:|---:|---:|---|'];
for (const c of cases) {
  // Warm up the JIT and any lazily loaded parsers, then time each run on its own.
  let level = '';
  for (let i = 0; i < Math.min(20, c.runs); i++) level = assess(c.action).level;
  const times: number[] = [];
  for (let i = 0; i < c.runs; i++) {
    const t0 = process.hrtime.bigint();
    assess(c.action);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  rows.push(`| ${c.name} | ${c.size} | ${c.runs} | ${quantile(times, 0.5).toFixed(3)} | ${quantile(times, 0.99).toFixed(3)} | ${level} |`);
}
process.stdout.write(`## engine: file actions and plans\n\n${rows.join('\n')}\n\n`);
