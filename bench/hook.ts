// Hook figures: wall time of one `node hook.js claude` call, from spawn to the process ending with
// its answer, as a ratio to a bare `node -e 0` measured in the same run (interleaved, so machine
// load hits all columns alike), and the CPU time the call used (from /proc, Linux: less sensitive
// to other load than wall time). The hook is the installed one: built minified, as shipped, into a
// temporary directory, with the V8 code cache built beside it (src/cli/code-cache.ts).
//
// Without an editor: a read-only tool (answered without analysis), a typical shell command (the
// engine assesses it in the hook process) and a file write (the engine, plus git for whether the
// file could be brought back). With an editor: that build staged as an extension
// and opened in code-server (a genuine VS Code extension host, which the hook verifies through
// /proc before it asks; the gate allows the command by policy). The editor cases need code-server
// and Chromium (`npm run test:integration` installs them); without them they are skipped, and
// said so. Targets: no editor ≤ 1.3× (issue 10), with an editor ≤ 1.3×.
//
// Issue 10 set its target on this kind of machine, whose environment sets NODE_EXTRA_CA_CERTS:
// there it measured the hook at 1.39× and cc-safety-net, another guard that runs as a node hook,
// at 1.56–1.61×. A fresh node costs ~48 ms there and ~17 ms without that variable, and every node
// hook pays the same fixed cost above it, so one target cannot hold in both: the cases run in both
// environments, the target is marked on the environment the issue measured in, and the clean
// environment's rows are reference figures. cc-safety-net (pinned, installed from npm into
// .cache/bench, git-ignored) runs the same shell command and write in both, so every run shows
// the comparison the issue made; without it (no registry) those rows are skipped, and said so.
// Run: npm run bench -- hook (or node out/bench/hook.js). BENCH_RUNS=N changes the run count.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const RUNS = Number(process.env.BENCH_RUNS) || 30;
const TICK_MS = 10; // USER_HZ = 100 on Linux

/** The production build (esbuild.config.mjs --production: hook.js, hook-main.js and hook-local.js + their caches, vendor/, cli.js…) into outDir. */
function build(outDir: string): void {
  const r = spawnSync(process.execPath, ['esbuild.config.mjs', '--production'], { env: { ...process.env, BR_DIST_OUT: outDir }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`production build failed: ${r.stderr}`);
}

/** The comparison the issue made: cc-safety-net, pinned. */
const CCSN = { pkg: 'cc-safety-net', version: '2.4.5', bin: join('node_modules', 'cc-safety-net', 'dist', 'bin', 'hook.js') };

/** cc-safety-net's hook script, installed once into .cache/bench (git-ignored); a string says why it is not there. */
function referenceHook(): string | { reason: string } {
  const dir = resolve('.cache', 'bench', `${CCSN.pkg}-${CCSN.version}`);
  const bin = join(dir, CCSN.bin);
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--no-save', `${CCSN.pkg}@${CCSN.version}`], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (r.status !== 0 || !existsSync(bin))
    return { reason: `npm install ${CCSN.pkg}@${CCSN.version} failed: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}` };
  return bin;
}

/** CPU time of this process's waited-for children so far (utime + stime), in ms; Linux only. */
function childrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) * TICK_MS; // fields 16 and 17: cutime, cstime
  } catch {
    return undefined;
  }
}

/** The machine's CPU ticks so far, busy and in all (/proc/stat, all cores); Linux only. */
function machineTicks(): { busy: number; total: number } | undefined {
  try {
    const f = readFileSync('/proc/stat', 'latin1').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - (f[3] ?? 0) - (f[4] ?? 0), total }; // idle and iowait are not busy
  } catch {
    return undefined;
  }
}

/**
 * The share of the machine's CPU that processes other than this bench and the hooks it ran used
 * between two readings: what contended with the timed runs. (The load average, printed here
 * before, is a minute-long decaying mean: it stayed high after the 200,000-file bench while the
 * machine was already idle.)
 */
function othersShare(
  m0: { busy: number; total: number } | undefined,
  m1: { busy: number; total: number } | undefined,
  own0: number | undefined,
  own1: number | undefined,
): number | undefined {
  if (!m0 || !m1 || own0 === undefined || own1 === undefined || m1.total <= m0.total) return undefined;
  const ownTicks = (own1 - own0) / TICK_MS;
  return Math.max(0, (m1.busy - m0.busy - ownTicks) / (m1.total - m0.total));
}

/** CPU time of this process and its waited-for children so far, in ms (Linux: children from /proc). */
function ownCpuMs(): number | undefined {
  const children = childrenCpuMs();
  if (children === undefined) return undefined;
  const self = process.cpuUsage();
  return children + (self.user + self.system) / 1000;
}

function timeOnce(
  args: string[],
  stdin: string | undefined,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ ms: number; cpu?: number; code: number | null; stdout: string }> {
  return new Promise((res, rej) => {
    const cpu0 = childrenCpuMs();
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { env, cwd, stdio: ['pipe', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('error', rej);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      const cpu1 = childrenCpuMs();
      res({ ms, ...(cpu0 !== undefined && cpu1 !== undefined ? { cpu: cpu1 - cpu0 } : {}), code, stdout });
    });
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

interface Editor {
  bridgeDir: string;
  stop(): Promise<void>;
}

/** The build staged as an extension and opened in code-server; resolves once its bridge is up. */
async function startEditor(dist: string, root: string, project: string): Promise<Editor | string> {
  const cs = require('../scripts/vscode-test/code-server') as typeof import('../scripts/vscode-test/code-server');
  if (!existsSync(join(cs.repoRoot, '.vscode-test', 'code-server', `.installed-${cs.CODE_SERVER_VERSION}`)))
    return 'code-server is not installed (npm run test:integration installs it)';
  if (!existsSync(cs.CHROMIUM)) return `no Chromium at ${cs.CHROMIUM}`;
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  const extDir = cs.stageExtension(dist, join(root, 'extension'));
  const bridgeDir = join(root, 'bridge');
  mkdirSync(bridgeDir, { recursive: true, mode: 0o700 });
  const server = await cs.startCodeServer({
    workspace: project,
    env: { BLAST_RADIUS_BRIDGE_DIR: bridgeDir, BLAST_RADIUS_AUDIT_LOG: join(root, 'editor-audit.jsonl') },
  });
  const browser = await chromium.launch({ executablePath: cs.CHROMIUM, args: cs.CHROMIUM_ARGS });
  const stop = async (): Promise<void> => {
    await browser.close().catch(() => undefined);
    await server.stop();
  };
  try {
    const page = await browser.newPage();
    const payload = JSON.stringify([['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${extDir}`]]);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(project)}&payload=${encodeURIComponent(payload)}`);
    const end = Date.now() + 120_000;
    while (!readdirSync(bridgeDir).some((f) => f.endsWith('.json'))) {
      if (Date.now() > end) throw new Error('the extension did not start its bridge within 120 s');
      await new Promise((r) => setTimeout(r, 250));
    }
    return { bridgeDir, stop };
  } catch (err) {
    await stop();
    return `code-server did not come up: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** A committed file the bench's write and edit change (multi-line, so the diff runs). */
const SERVER_TS =
  'import { createServer } from "node:http";\n\nconst port = 3000;\nconst host = "127.0.0.1";\n\ncreateServer((req, res) => res.end("ok")).listen(port, host);\n';

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'br-bench-hook-'));
  let editor: Editor | string = 'not started';
  try {
    const dist = join(root, 'dist');
    build(dist);
    const hookJs = join(dist, 'hook.js');
    const project = join(root, 'project');
    mkdirSync(join(project, 'src'), { recursive: true });
    writeFileSync(join(project, 'src', 'app.ts'), 'const port = 3000;\n');
    writeFileSync(join(project, 'src', 'server.ts'), SERVER_TS);
    spawnSync('git', ['init', '-q'], { cwd: project });
    // Committed, so the write and edit below are recoverable from git (low: allowed, as most edits are).
    const gitId = ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false'];
    spawnSync('git', [...gitId, 'add', '-A'], { cwd: project });
    spawnSync('git', [...gitId, 'commit', '-q', '-m', 'init'], { cwd: project });
    const home = join(root, 'home');
    mkdirSync(home);
    const baseEnv: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: home,
      USERPROFILE: home,
      XDG_STATE_HOME: join(root, 'state'),
      XDG_CACHE_HOME: join(root, 'cache'),
      BLAST_RADIUS_AUDIT_LOG: join(root, 'audit.jsonl'),
    };
    const envNone = { ...baseEnv, BLAST_RADIUS_BRIDGE_DIR: join(root, 'run-none') };
    editor = await startEditor(dist, root, project);
    const envWith = typeof editor === 'string' ? undefined : { ...baseEnv, BLAST_RADIUS_BRIDGE_DIR: editor.bridgeDir };

    const read = JSON.stringify({
      session_id: 'b',
      cwd: project,
      hook_event_name: 'PreToolUse',
      tool_name: 'Read',
      tool_input: { file_path: join(project, 'src', 'app.ts') },
    });
    const shell = JSON.stringify({
      session_id: 'b',
      cwd: project,
      hook_event_name: 'PreToolUse',
      tool_name: 'Bash',
      tool_input: { command: 'npm test -- --grep parser' },
    });
    // A file and changes the code cache's training never saw (scripts/hook-cache.ts): two places
    // changed in a whole-file write, two lines replaced by an edit.
    const write = JSON.stringify({
      session_id: 'b',
      cwd: project,
      hook_event_name: 'PreToolUse',
      tool_name: 'Write',
      tool_input: {
        file_path: join(project, 'src', 'server.ts'),
        content: SERVER_TS.replace('const port = 3000;', 'const port = Number(process.env.PORT ?? 3000);').replace('"ok"', '"ok\\n"'),
      },
    });
    const edit = JSON.stringify({
      session_id: 'b',
      cwd: project,
      hook_event_name: 'PreToolUse',
      tool_name: 'Edit',
      tool_input: {
        file_path: join(project, 'src', 'server.ts'),
        old_string: 'const port = 3000;\nconst host = "127.0.0.1";',
        new_string: 'const port = 8080;\nconst host = "0.0.0.0";',
      },
    });
    const hook = [hookJs, 'claude'];
    // Node's own start-up depends on the environment: NODE_EXTRA_CA_CERTS (set on this machine)
    // makes every node read a certificate bundle first (~30 ms), which shrinks every ratio. The
    // same cases run again without it (and without NODE_OPTIONS), each against its own bare node.
    const clean = (e: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
      const out = { ...e };
      delete out.NODE_EXTRA_CA_CERTS;
      delete out.NODE_OPTIONS;
      return out;
    };
    const extraCerts = process.env.NODE_EXTRA_CA_CERTS ? ` (NODE_EXTRA_CA_CERTS=${process.env.NODE_EXTRA_CA_CERTS})` : '';
    // The target is marked where issue 10 measured (its machines set NODE_EXTRA_CA_CERTS); run
    // elsewhere, this environment is the clean one and the target is not marked on either.
    const issueFrame = !!process.env.NODE_EXTRA_CA_CERTS;
    const target = issueFrame ? '≤ 1.3× (issue 10)' : 'reference';
    const reference = referenceHook();
    const ccsn = typeof reference === 'string' ? [reference, 'hook', '--claude-code'] : undefined;
    const referenceCases = (env: NodeJS.ProcessEnv, base: number, where: string) =>
      ccsn
        ? [
            { name: `cc-safety-net ${CCSN.version}, shell command${where}`, args: ccsn, stdin: shell, env, target: 'the issue’s comparison', base },
            { name: `cc-safety-net ${CCSN.version}, file write (Write)${where}`, args: ccsn, stdin: write, env, target: 'the issue’s comparison', base },
          ]
        : [];
    const here = [
      { name: `bare \`node -e 0\`, this environment${extraCerts}`, args: ['-e', '0'], stdin: undefined, env: baseEnv, target: '', base: 0 },
      { name: 'read-only tool (Read), no editor', args: hook, stdin: read, env: envNone, target, base: 0 },
      { name: 'shell command, no editor (engine in the hook)', args: hook, stdin: shell, env: envNone, target, base: 0 },
      { name: 'file write (Write), no editor (engine and git in the hook)', args: hook, stdin: write, env: envNone, target, base: 0 },
      { name: 'file edit (Edit), no editor (engine and git in the hook)', args: hook, stdin: edit, env: envNone, target, base: 0 },
      ...referenceCases({ ...envNone, CC_SAFETY_NET_HOME: join(root, 'ccsn') }, 0, ''),
    ];
    const cleanBase = here.length;
    const cases = [
      ...here,
      {
        name: 'bare `node -e 0`, clean environment (no NODE_EXTRA_CA_CERTS, NODE_OPTIONS)',
        args: ['-e', '0'],
        stdin: undefined,
        env: clean(baseEnv),
        target: '',
        base: cleanBase,
      },
      { name: 'read-only tool (Read), no editor, clean environment', args: hook, stdin: read, env: clean(envNone), target: 'reference', base: cleanBase },
      { name: 'shell command, no editor, clean environment', args: hook, stdin: shell, env: clean(envNone), target: 'reference', base: cleanBase },
      { name: 'file write (Write), no editor, clean environment', args: hook, stdin: write, env: clean(envNone), target: 'reference', base: cleanBase },
      { name: 'file edit (Edit), no editor, clean environment', args: hook, stdin: edit, env: clean(envNone), target: 'reference', base: cleanBase },
      ...referenceCases(clean({ ...envNone, CC_SAFETY_NET_HOME: join(root, 'ccsn') }), cleanBase, ', clean environment'),
      ...(envWith
        ? [
            { name: 'read-only tool (Read), editor open', args: hook, stdin: read, env: envWith, target: '≤ 1.3×', base: 0 },
            { name: 'shell command, editor answering (verified through /proc)', args: hook, stdin: shell, env: envWith, target: '≤ 1.3×', base: 0 },
          ]
        : []),
    ];
    const times = cases.map(() => [] as number[]);
    const cpu = cases.map(() => [] as number[]);
    // Warm the file cache and check every case answers with exit 0 before measuring; the editor
    // case must really be answered by the editor (its audit line says so).
    for (const c of cases) {
      const r = await timeOnce(c.args, c.stdin, c.env, project);
      if (r.code !== 0) throw new Error(`${c.name}: exit ${r.code} ${r.stdout}`);
    }
    if (envWith) {
      const last = JSON.parse(readFileSync(join(root, 'audit.jsonl'), 'utf8').trim().split('\n').pop()!) as { decidedBy: { type: string; name?: string } };
      if (last.decidedBy.name !== 'editor') throw new Error(`the editor did not answer the shell case: ${JSON.stringify(last)}`);
    }
    const machine0 = machineTicks();
    const own0 = ownCpuMs();
    for (let i = 0; i < RUNS; i++) {
      for (let k = 0; k < cases.length; k++) {
        const c = cases[k]!;
        const r = await timeOnce(c.args, c.stdin, c.env, project);
        times[k]!.push(r.ms);
        if (r.cpu !== undefined) cpu[k]!.push(r.cpu);
      }
    }

    const others = othersShare(machine0, machineTicks(), own0, ownCpuMs());
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const lines = [
      `## Hook: wall time per call (spawn to answer), median of ${RUNS}; CPU time, mean`,
      '',
      `dist/hook.js ${kb(hookJs)} KB, dist/hook-main.js ${kb(join(dist, 'hook-main.js'))} KB + its code cache ${kb(join(dist, 'hook-main.cache'))} KB, dist/hook-local.js ${kb(join(dist, 'hook-local.js'))} KB + its code caches ${kb(join(dist, 'hook-local.cache'))} KB (shell commands) and ${kb(join(dist, 'hook-local.file.cache'))} KB (file tools), dist/hook-extra.js ${kb(join(dist, 'hook-extra.js'))} KB (the rarer tool families, loaded on first use) (minified)${others !== undefined ? ` · CPU used by other processes during the timed runs (the editor's included): ${(others * 100).toFixed(0)}% of the machine` : ''}`,
      '',
      '| case | median ms | p90 ms | × bare node | CPU ms | CPU × bare | target |',
      '|---|---:|---:|---:|---:|---:|---|',
      ...cases.map((c, k) => {
        const s = [...times[k]!].sort((a, b) => a - b);
        const p90 = s[Math.min(s.length - 1, Math.floor(s.length * 0.9))]!;
        const c1 = cpu[k]!.length ? mean(cpu[k]!) : undefined;
        const bare = median(times[c.base]!);
        const bareCpu = cpu[c.base]!.length ? mean(cpu[c.base]!) : undefined;
        return `| ${c.name} | ${median(s).toFixed(1)} | ${p90.toFixed(1)} | ${(median(s) / bare).toFixed(2)} | ${c1 !== undefined ? c1.toFixed(1) : '–'} | ${c1 !== undefined && bareCpu ? (c1 / bareCpu).toFixed(2) : '–'} | ${c.target} |`;
      }),
      '',
      ...(issueFrame
        ? [
            'Issue 10 measured its target here (the hook at 1.39×, cc-safety-net at 1.56–1.61×); the clean environment’s rows are reference figures: a fresh node costs less there, and every node hook the same fixed cost above it.',
            '',
          ]
        : []),
      ...(typeof reference === 'string' ? [] : [`cc-safety-net: skipped (${reference.reason}).`, '']),
      ...(typeof editor === 'string' ? [`With an editor: skipped (${editor}).`, ''] : []),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    if (typeof editor !== 'string') await editor.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench/hook: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
