// Rule registry figures: what the rule lookups add where the hook makes them. Cold, each in a fresh
// node process (what a hook call pays: the engine is loaded, the lookup's modules are not):
// the safer alternative of a stopped action (a deny and an ask); a policy naming rule ids read and
// a call assessed, against the same policy without them (interleaved, difference of medians) —
// for a shell command, whose packs the check loads early, and a file edit, for which it loads
// them only for the check; and the whole registry (what `blast-radius rules` and a policy naming a
// missing id load). An allowed call looks nothing up. Modules come from out/, one file each and no
// code cache: the hook's bundle with its V8 cache loads them several times faster.
// Then as processes, what an agent waits for: the production hook (built minified with its code
// cache into a temp folder, as bench/hook.ts does), no editor, an allowed shell command and an
// allowed file edit under a policy naming rule ids and under the same policy without them,
// interleaved; wall and CPU time (Linux /proc), difference of medians / means.
// Target: < 5 ms added to a stopped call or to a policy that names rule ids.
// Run: npm run bench -- rules. BENCH_RUNS=N changes the run count.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const RUNS = Number(process.env.BENCH_RUNS) || 31;
const SRC = join(__dirname, '..', 'src');

/** Prints the ms the timed part took, after loading what the hook has loaded by then. */
const script = (setup: string, timed: string): string => `
const { assess } = require(${JSON.stringify(join(SRC, 'engine', 'assess.js'))});
const { parsePolicyText } = require(${JSON.stringify(join(SRC, 'engine', 'policy.js'))});
const { saferAlternative } = require(${JSON.stringify(join(SRC, 'engine', 'rules', 'safer.js'))});
${setup}
const t0 = performance.now();
${timed}
process.stdout.write(String(performance.now() - t0));`;

const POLICY = (withIds: boolean): string =>
  JSON.stringify({
    protectedPaths: ['infra/prod/**'],
    rules: [
      { when: withIds ? { rule: 'sql.drop-*' } : { kind: 'sql' }, then: 'deny' },
      { when: withIds ? { rule: 'shell.git-push-force' } : { command: '^git push --force' }, then: 'deny' },
    ],
  });

const SHELL = "{ kind: 'shell', command: 'npm test -- --grep parser' }";
const EDIT = "{ kind: 'fileEdit', path: 'src/a.ts', edits: [{ oldText: 'a', newText: 'b' }] }";
/** The hook reads the policy, then assesses the call: timed together, with and without rule ids. */
const policyThen = (withIds: boolean, action: string): string =>
  script('', `if (!parsePolicyText(${JSON.stringify(POLICY(withIds))}).ok) throw new Error('policy'); assess(${action});`);

const CASES: { name: string; code: string }[] = [
  {
    name: 'safer alternative of a deny (`terraform destroy`)',
    code: script("const a = assess({ kind: 'shell', command: 'terraform destroy' });", 'saferAlternative(a);'),
  },
  {
    name: 'safer alternative of an ask (`git reset --hard`)',
    code: script("const a = assess({ kind: 'shell', command: 'git reset --hard HEAD~1' });", 'saferAlternative(a);'),
  },
  { name: 'policy naming two rule ids, then a shell command', code: policyThen(true, SHELL) },
  { name: 'the same without rule ids', code: policyThen(false, SHELL) },
  { name: 'policy naming two rule ids, then a file edit', code: policyThen(true, EDIT) },
  { name: 'the same without rule ids', code: policyThen(false, EDIT) },
  {
    name: 'the whole registry (`blast-radius rules`, a missing id)',
    code: script('', `require(${JSON.stringify(join(SRC, 'engine', 'rules', 'registry.js'))}).RULES.length;`),
  },
];

/** A difference with its sign: +1.2, −0.9. */
const signed = (x: number, digits = 1): string => `${x < 0 ? '−' : '+'}${Math.abs(x).toFixed(digits)}`;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const times = CASES.map(() => [] as number[]);
for (let i = 0; i < RUNS; i++) {
  CASES.forEach((c, k) => {
    const r = spawnSync(process.execPath, ['-e', c.code], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${c.name}: ${r.stderr}`);
    times[k]!.push(Number(r.stdout));
  });
}
const m = times.map(median);
const added = (k: number): string => `${signed(m[k]! - m[k + 1]!, 2)} (${m[k]!.toFixed(2)} vs ${m[k + 1]!.toFixed(2)})`;
const lines = [
  `## Rule lookups on the hook's path: cold, in a fresh process, median of ${RUNS} (load average ${loadavg()[0]!.toFixed(1)})`,
  '',
  '| lookup | median ms | target |',
  '|---|---:|---|',
  `| ${CASES[0]!.name} | ${m[0]!.toFixed(2)} | < 5 ms |`,
  `| ${CASES[1]!.name} | ${m[1]!.toFixed(2)} | < 5 ms |`,
  `| ${CASES[2]!.name}: added vs without | ${added(2)} | < 5 ms |`,
  `| ${CASES[4]!.name}: added vs without (loads the shell packs the edit would not) | ${added(4)} | |`,
  `| ${CASES[6]!.name} | ${m[6]!.toFixed(2)} | not on the hook's path |`,
  '',
];
lines.push(...processFigures());
process.stdout.write(`${lines.join('\n')}\n`);

/** CPU time of this process's waited-for children so far (utime + stime), in ms; Linux only. */
function childrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) * 10;
  } catch {
    return undefined;
  }
}

function processFigures(): string[] {
  const root = mkdtempSync(join(tmpdir(), 'br-bench-rules-'));
  try {
    const dist = join(root, 'dist');
    const b = spawnSync(process.execPath, ['esbuild.config.mjs', '--production'], { env: { ...process.env, BR_DIST_OUT: dist }, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`production build failed: ${b.stderr}`);
    const home = join(root, 'home');
    mkdirSync(home);
    const env = {
      ...process.env,
      HOME: home,
      XDG_STATE_HOME: join(root, 'state'),
      XDG_CACHE_HOME: join(root, 'cache'),
      XDG_RUNTIME_DIR: join(root, 'run'),
      BLAST_RADIUS_AUDIT_LOG: join(root, 'audit.jsonl'),
      BLAST_RADIUS_BRIDGE_DIR: join(root, 'bridge'),
    };
    const project = (name: string, withIds: boolean): string => {
      const d = join(root, name);
      mkdirSync(join(d, '.blast-radius'), { recursive: true });
      mkdirSync(join(d, 'src'));
      writeFileSync(join(d, 'src', 'a.ts'), 'export const a = 1;\n');
      spawnSync('git', ['init', '-q'], { cwd: d });
      writeFileSync(join(d, '.blast-radius', 'policy.json'), POLICY(withIds));
      return d;
    };
    const ids = project('ids', true);
    const none = project('none', false);
    const shell = (cwd: string): string =>
      JSON.stringify({ session_id: 'b', cwd, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'npm test -- --grep parser' } });
    const edit = (cwd: string): string =>
      JSON.stringify({
        session_id: 'b',
        cwd,
        hook_event_name: 'PreToolUse',
        tool_name: 'Edit',
        tool_input: { file_path: join(cwd, 'src', 'a.ts'), old_string: '1', new_string: '2' },
      });
    const runs: { name: string; stdin: string; cwd: string }[] = [
      { name: 'shell command, policy naming rule ids', stdin: shell(ids), cwd: ids },
      { name: 'shell command, the same policy without', stdin: shell(none), cwd: none },
      { name: 'file edit, policy naming rule ids', stdin: edit(ids), cwd: ids },
      { name: 'file edit, the same policy without', stdin: edit(none), cwd: none },
    ];
    const wall = runs.map(() => [] as number[]);
    const cpu = runs.map(() => [] as number[]);
    for (let i = 0; i <= RUNS; i++) {
      runs.forEach((r, k) => {
        const c0 = childrenCpuMs();
        const t0 = performance.now();
        const p = spawnSync(process.execPath, [join(dist, 'hook.js'), 'claude'], { input: r.stdin, cwd: r.cwd, env, encoding: 'utf8' });
        const ms = performance.now() - t0;
        const c1 = childrenCpuMs();
        if (p.status !== 0 || /deny|ask/.test(p.stdout)) throw new Error(`${r.name}: not allowed (${p.status}): ${p.stdout}${p.stderr}`);
        if (i === 0) return; // warm-up
        wall[k]!.push(ms);
        if (c0 !== undefined && c1 !== undefined) cpu[k]!.push(c1 - c0);
      });
    }
    const mean = (xs: number[]): number => xs.reduce((a, x) => a + x, 0) / Math.max(1, xs.length);
    const row = (k: number, what: string): string =>
      `| ${what} | ${signed(median(wall[k]!) - median(wall[k + 1]!))} (${median(wall[k]!).toFixed(1)} vs ${median(wall[k + 1]!).toFixed(1)}) | ${cpu[k]!.length ? `${signed(mean(cpu[k]!) - mean(cpu[k + 1]!))} (${mean(cpu[k]!).toFixed(1)} vs ${mean(cpu[k + 1]!).toFixed(1)})` : 'n/a'} | < 5 ms |`;
    return [
      `## Policy naming rule ids, production hook (no editor, allowed calls): added vs the same policy without, median of ${RUNS} (load average ${loadavg()[0]!.toFixed(1)})`,
      '',
      '| call | wall ms added | CPU ms added (mean) | target |',
      '|---|---:|---:|---|',
      row(0, 'shell command (`npm test -- --grep parser`)'),
      row(2, 'file edit (one line)'),
      '',
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
