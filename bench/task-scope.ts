// Task-scope figures: what reading the person's request from a 10 MB transcript adds to a hook call.
// In process (precise), cold and warm: readTask + classify + applyTaskScope on a 10 MB Claude Code
// transcript, for three layouts — the request in the last 256 KB (a typical turn), 700 KB back (the
// read grows to 1 MB), and past the 1 MB cap (nothing found). Cold is what a hook pays: a fresh
// node process per run that loads the modules, then times the first call. As processes (what an agent
// waits for): the real production hook (dist/hook.js, no editor) for a call above low (rm -rf on
// untracked data: high) and a low one (a one-line edit), each with no transcript and with the 10 MB
// one, interleaved with a bare `node -e 0` so load hits every column alike; the added time is the
// difference of medians against its own no-transcript baseline in the same run. The reading is
// measured with a request that covers the delete (nothing raised, so nothing else changes); the
// mismatch case is shown apart, because a level raised to critical also looks for a peer approval. A low call must
// not read the transcript at all: its access time is checked too (relatime file systems record it).
// Target: < 5 ms added above low, nothing added to a low call.
// Run: npm run bench -- task-scope. BENCH_RUNS=N changes the process run count.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { assess } from '../src/engine/assess';
import { applyTaskScopeAll } from '../src/engine/task-scope';
import { taskInputFrom } from '../src/facts/transcript';

const RUNS = Number(process.env.BENCH_RUNS) || 60;
const IN_PROCESS_RUNS = 200;
const COLD_RUNS = 21;
/** One cold call: the modules loaded (the hook has them loaded already above low), then the first read, classification and comparison timed. */
const COLD = `
const { taskInputFrom } = require(${JSON.stringify(join(__dirname, '..', 'src', 'facts', 'transcript.js'))});
const { applyTaskScopeAll } = require(${JSON.stringify(join(__dirname, '..', 'src', 'engine', 'task-scope.js'))});
const { assess } = require(${JSON.stringify(join(__dirname, '..', 'src', 'engine', 'assess.js'))});
const rm = { kind: 'shell', command: 'rm -rf precious' };
const a = assess(rm);
const t0 = performance.now();
const { input } = taskInputFrom(process.argv[1], 'claude');
if (input) applyTaskScopeAll([a], [rm], input);
process.stdout.write(String(performance.now() - t0));
`;
const MB = 1024 * 1024;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const p90 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))]!;

/** A Claude Code transcript of `size` bytes (tool traffic), with the request `back` bytes before its end. */
function transcript(file: string, size: number, back: number, request = 'fix the rounding bug in the cost report'): void {
  const user = (content: unknown) =>
    `${JSON.stringify({ parentUuid: 'p', isSidechain: false, type: 'user', message: { role: 'user', content }, uuid: 'u', timestamp: '2026-11-30T12:00:00.000Z', sessionId: 's' })}\n`;
  const tool = user([{ tool_use_id: 'toolu_x', type: 'tool_result', content: 'x'.repeat(8000) }]);
  const assistant = `${JSON.stringify({ type: 'assistant', message: { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_x', name: 'Bash', input: { command: 'cat report.log' } }] } })}\n`;
  const chunk = tool + assistant;
  const parts: string[] = [user('set up the project')];
  let n = parts[0]!.length;
  const prompt = user(request);
  let placed = false;
  while (n < size) {
    if (!placed && size - n <= back) {
      parts.push(prompt);
      n += prompt.length;
      placed = true;
    }
    parts.push(chunk);
    n += chunk.length;
  }
  writeFileSync(file, parts.join(''));
}

function timeOnce(args: string[], stdin: string, env: NodeJS.ProcessEnv, cwd: string): Promise<{ ms: number; code: number | null; out: string }> {
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { env, cwd, stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', rej);
    child.on('close', (code) => res({ ms: performance.now() - t0, code, out }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
  });
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'br-bench-task-'));
  try {
    const files = { typical: join(root, 'typical.jsonl'), grown: join(root, 'grown.jsonl'), beyond: join(root, 'beyond.jsonl') };
    // The same layouts with a request that covers the delete: read and classified, nothing raised
    // (so the call does exactly what it does without a transcript, plus the reading).
    const asked = { typical: join(root, 'asked-typical.jsonl'), grown: join(root, 'asked-grown.jsonl') };
    transcript(asked.typical, 10 * MB, 200 * 1024, 'delete the precious folder, it is scratch data');
    transcript(asked.grown, 10 * MB, 700 * 1024, 'delete the precious folder, it is scratch data');
    transcript(files.typical, 10 * MB, 200 * 1024);
    transcript(files.grown, 10 * MB, 700 * 1024);
    transcript(files.beyond, 10 * MB, 6 * MB);

    // In process: the added work itself.
    const rm = { kind: 'shell' as const, command: 'rm -rf precious' };
    const a = assess(rm);
    const inProc: string[] = [];
    for (const [name, file] of Object.entries(files)) {
      const ms: number[] = [];
      let found = '';
      let bytes = 0;
      for (let i = 0; i < IN_PROCESS_RUNS; i++) {
        const t0 = performance.now();
        const { input, read } = taskInputFrom(file, 'claude');
        if (input) applyTaskScopeAll([a], [rm], input);
        ms.push(performance.now() - t0);
        found = input?.text ?? '(none found)';
        bytes = read.bytesRead;
      }
      const cold: number[] = [];
      for (let i = 0; i < COLD_RUNS; i++) {
        const r = spawnSync(process.execPath, ['-e', COLD, file], { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`cold run: ${r.stderr}`);
        cold.push(Number(r.stdout.trim()));
      }
      inProc.push(
        `| ${name}: request ${name === 'typical' ? '200 KB' : name === 'grown' ? '700 KB' : '6 MB'} from the end | ${(bytes / MB).toFixed(2)} MB | ${median(cold).toFixed(2)} | ${p90(cold).toFixed(2)} | ${median(ms).toFixed(2)} | ${found} |`,
      );
    }

    // As processes: the production hook, no editor.
    const dist = join(root, 'dist');
    const b = spawnSync(process.execPath, ['esbuild.config.mjs', '--production'], { env: { ...process.env, BR_DIST_OUT: dist }, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`production build failed: ${b.stderr}`);
    const hookJs = join(dist, 'hook.js');
    const project = join(root, 'project');
    mkdirSync(join(project, 'precious'), { recursive: true });
    writeFileSync(join(project, 'precious', 'data.txt'), 'the only copy\n');
    writeFileSync(join(project, 'cost_report.py'), 'def total(amounts):\n    return round(sum(amounts), 1)\n');
    spawnSync('git', ['init', '-q'], { cwd: project });
    spawnSync('git', ['add', 'cost_report.py'], { cwd: project });
    spawnSync('git', ['-c', 'user.email=b@example.com', '-c', 'user.name=b', 'commit', '-qm', 'init'], { cwd: project });
    const home = join(root, 'home');
    mkdirSync(home);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: home,
      BLAST_RADIUS_BRIDGE_DIR: join(root, 'run'),
      BLAST_RADIUS_AUDIT_LOG: join(root, 'audit.jsonl'),
      XDG_STATE_HOME: join(root, 'state'),
    };
    delete env.BLAST_RADIUS_NO_EDITOR;
    const payload = (tool: 'Bash' | 'Edit', t?: string): string =>
      JSON.stringify({
        session_id: 'b',
        ...(t ? { transcript_path: t } : {}),
        cwd: project,
        hook_event_name: 'PreToolUse',
        tool_name: tool,
        tool_input:
          tool === 'Bash'
            ? { command: 'rm -rf precious' }
            : { file_path: join(project, 'cost_report.py'), old_string: 'round(sum(amounts), 1)', new_string: 'round(sum(amounts), 2)' },
        tool_use_id: 't',
      });
    const hook = [hookJs, 'claude'];
    const cases = [
      { name: 'bare `node -e 0`', args: ['-e', '0'], stdin: '' },
      { name: 'above low (rm -rf, high), no transcript', args: hook, stdin: payload('Bash') },
      { name: 'above low, 10 MB transcript, request in the last 200 KB covers it (read, nothing raised)', args: hook, stdin: payload('Bash', asked.typical) },
      { name: 'above low, 10 MB transcript, request 700 KB back covers it (1 MB read, nothing raised)', args: hook, stdin: payload('Bash', asked.grown) },
      { name: 'low (one-line edit), no transcript', args: hook, stdin: payload('Edit') },
      { name: 'low, 10 MB transcript', args: hook, stdin: payload('Edit', files.typical) },
      {
        name: 'above low, 10 MB transcript, "fix the rounding bug": raised to critical (adds the peer-review lookup)',
        args: hook,
        stdin: payload('Bash', files.typical),
      },
    ];
    for (const c of cases) {
      const r = await timeOnce(c.args, c.stdin, env, project);
      if (r.code !== 0) throw new Error(`${c.name}: exit ${r.code} ${r.out}`);
    }
    // The low call must leave the transcript unread (relatime records a read when atime < mtime).
    utimesSync(files.typical, new Date(2020, 0, 1), new Date());
    const atime0 = statSync(files.typical).atimeMs;
    const lowOnly = await timeOnce(hook, payload('Edit', files.typical), env, project);
    const lowRead = statSync(files.typical).atimeMs !== atime0;
    await timeOnce(hook, payload('Bash', files.typical), env, project);
    const highRead = statSync(files.typical).atimeMs !== atime0;
    void lowOnly;

    const times = cases.map(() => [] as number[]);
    for (let i = 0; i < RUNS; i++) for (let k = 0; k < cases.length; k++) times[k]!.push((await timeOnce(cases[k]!.args, cases[k]!.stdin, env, project)).ms);
    const med = times.map(median);
    const bare = med[0]!;
    const delta = (k: number, base: number): string => `${med[k]! - med[base]! >= 0 ? '+' : ''}${(med[k]! - med[base]!).toFixed(1)} ms`;
    const audit = readFileSync(join(root, 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: string; task?: string });
    const levels = (pick: (e: { level: string; task?: string }) => boolean): string => [...new Set(audit.filter(pick).map((e) => e.level))].join(', ') || '—';
    const lines = [
      `## Task scope: reading the person's request (10 MB Claude Code transcript)`,
      '',
      `In process, readTask + classifyTask + applyTaskScope: cold (first call in a fresh process, median of ${COLD_RUNS}) and warm (median of ${IN_PROCESS_RUNS}):`,
      '',
      '| layout | read | cold median ms | cold p90 ms | warm median ms | request found |',
      '|---|---:|---:|---:|---:|---|',
      ...inProc,
      '',
      `The production hook (no editor), median of ${RUNS} interleaved runs · load average ${loadavg()[0]!.toFixed(2)}:`,
      '',
      '| case | median ms | p90 ms | × bare node | added vs its baseline |',
      '|---|---:|---:|---:|---:|',
      ...cases.map(
        (c, k) =>
          `| ${c.name} | ${med[k]!.toFixed(1)} | ${p90(times[k]!).toFixed(1)} | ${(med[k]! / bare).toFixed(2)} | ${k === 2 || k === 3 || k === 6 ? delta(k, 1) : k === 5 ? delta(5, 4) : ''} |`,
      ),
      '',
      `Low call read the transcript: ${lowRead ? 'YES (a defect)' : 'no (access time unchanged)'}; the call above low read it: ${highRead ? 'yes' : 'not visible (no atime on this file system)'}.`,
      `Levels in the audit log: no transcript ${levels((e) => !e.task && e.level !== 'low')}; a request that covers the delete ${levels((e) => /^delete the precious/.test(e.task ?? ''))}; "fix the rounding bug…" ${levels((e) => /^fix the rounding/.test(e.task ?? ''))} (scope.mismatch, one step up).`,
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (lowRead) process.exitCode = 1;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench/task-scope: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
