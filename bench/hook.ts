// Hook figures: wall time of one `blast-radius hook claude` call, from spawn to the process ending
// with its answer, as a ratio to a bare `node -e 0` measured in the same run (interleaved, so
// machine load hits all columns alike). Cases: a read-only tool (answered without analysis or any
// connection) and a typical shell command, with an editor answering (a bridge server in this
// process) and with none (the engine assesses in the hook process). The hook is built minified,
// as shipped, into a temporary directory. Targets: ≤ 1.3× with an editor, ≤ 1.5× without.
// Run: npm run bench -- hook (or node out/bench/hook.js). BENCH_RUNS=N changes the run count.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startBridgeServer } from '../src/bridge/server';

const RUNS = Number(process.env.BENCH_RUNS) || 30;

/** The production build (esbuild.config.mjs --production: hook.js, hook-local.js, vendor/, cli.js) into outDir. */
function build(outDir: string): { cli: string; hook: string } {
  const r = spawnSync(process.execPath, ['esbuild.config.mjs', '--production'], { env: { ...process.env, BR_DIST_OUT: outDir }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`production build failed: ${r.stderr}`);
  return { cli: join(outDir, 'cli.js'), hook: join(outDir, 'hook.js') };
}

function timeOnce(args: string[], stdin: string | undefined, env: NodeJS.ProcessEnv, cwd: string): Promise<{ ms: number; code: number | null; stdout: string }> {
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { env, cwd, stdio: ['pipe', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('error', rej);
    child.on('close', (code) => res({ ms: performance.now() - t0, code, stdout }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin ?? '');
  });
}

const kb = (f: string): string => (statSync(f).size / 1024).toFixed(0);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'br-bench-hook-'));
  try {
    const { cli, hook: hookJs } = build(join(root, 'dist'));
    const project = join(root, 'project');
    mkdirSync(join(project, 'src'), { recursive: true });
    writeFileSync(join(project, 'src', 'app.ts'), 'const port = 3000;\n');
    spawnSync('git', ['init', '-q'], { cwd: project });
    const home = join(root, 'home');
    mkdirSync(home);
    const withDir = join(root, 'run-editor');
    const noneDir = join(root, 'run-none');
    const baseEnv: NodeJS.ProcessEnv = { ...process.env, HOME: home, USERPROFILE: home };
    delete baseEnv.BLAST_RADIUS_NO_EDITOR;
    const envWith = { ...baseEnv, BLAST_RADIUS_BRIDGE_DIR: withDir };
    const envNone = { ...baseEnv, BLAST_RADIUS_BRIDGE_DIR: noneDir };
    let editorCalls = 0;
    const server = await startBridgeServer({
      workspaceFolders: [project],
      dir: withDir,
      onRequest: async () => {
        editorCalls++;
        return { decision: 'allow', reason: 'bench' };
      },
    });

    const read = JSON.stringify({ session_id: 'b', cwd: project, hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: join(project, 'src', 'app.ts') } });
    const shell = JSON.stringify({ session_id: 'b', cwd: project, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'npm test -- --grep parser' } });
    const hook = [hookJs, 'claude'];
    const cases = [
      { name: 'bare `node -e 0`', args: ['-e', '0'], stdin: undefined, env: baseEnv },
      { name: 'read-only tool (Read), editor listening', args: hook, stdin: read, env: envWith },
      { name: 'read-only tool (Read), no editor', args: hook, stdin: read, env: envNone },
      { name: 'shell command, editor answering', args: hook, stdin: shell, env: envWith },
      { name: 'shell command, no editor (engine in the hook)', args: hook, stdin: shell, env: envNone },
      { name: 'read-only tool via `dist/cli.js hook` (full CLI bundle)', args: [cli, 'hook', 'claude'], stdin: read, env: envWith },
    ];
    const times = cases.map(() => [] as number[]);
    // Warm the file cache and check every case answers with exit 0 before measuring.
    for (const c of cases) {
      const r = await timeOnce(c.args, c.stdin, c.env, project);
      if (r.code !== 0) throw new Error(`${c.name}: exit ${r.code} ${r.stdout}`);
    }
    editorCalls = 0;
    for (let i = 0; i < RUNS; i++) {
      for (let k = 0; k < cases.length; k++) {
        const c = cases[k]!;
        times[k]!.push((await timeOnce(c.args, c.stdin, c.env, project)).ms);
      }
    }
    await server.close();
    if (editorCalls !== RUNS) throw new Error(`the editor answered ${editorCalls} of ${RUNS} shell calls`);

    const bare = median(times[0]!);
    const target = (k: number): string => (k === 0 || k === 5 ? '' : k === 2 || k === 4 ? '≤ 1.5×' : '≤ 1.3×');
    const lines = [
      `## Hook: wall time per call (spawn to answer), median of ${RUNS}`,
      '',
      `dist/hook.js ${kb(hookJs)} KB, dist/hook-local.js ${kb(join(root, 'dist', 'hook-local.js'))} KB, dist/cli.js ${kb(cli)} KB (minified) · load average ${loadavg()[0]!.toFixed(2)}`,
      '',
      '| case | median ms | p90 ms | × bare node | target |',
      '|---|---:|---:|---:|---|',
      ...cases.map((c, k) => {
        const s = [...times[k]!].sort((a, b) => a - b);
        const p90 = s[Math.min(s.length - 1, Math.floor(s.length * 0.9))]!;
        return `| ${c.name} | ${median(s).toFixed(1)} | ${p90.toFixed(1)} | ${(median(s) / bare).toFixed(2)} | ${target(k)} |`;
      }),
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench/hook: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
