// Issue 10, "the editor that answers is the editor": what the shipped hook (dist/hook.js) does
// when an agent plants an always-allow editor, run as the agent would run it (a detached node
// process and a discovery file in the bridge directory), in a throwaway HOME. Each planted server
// really allows when asked (the control), yet `rm -rf ~` ends in Claude's deny within its
// deadline, the planted server is never contacted, and the reason and the audit line say which
// claim was not trusted and why. Then the shapes of a real extension host the check accepts, and
// the one explicit exception the test build makes (the test process standing in for the editor).
import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { askEditor, chooseEditor, scanEditors } from '../../../src/bridge/client';
import { type BridgeServer, startBridgeServer } from '../../../src/bridge/server';
import { extensionHostKind, UnixSockets } from '../../../src/bridge/trust';
import { CLI, fixtures, TEST_DIST } from '../../helpers';
import { makeProject } from '../hooks/harness';

const linux = process.platform === 'linux';
const SHIPPED_HOOK = join(resolve(CLI, '..'), 'hook.js');
const ENTRY = 'VSCODE_ESM_ENTRYPOINT=vs/workbench/api/node/extensionHostProcess';

interface Sandbox {
  root: string;
  home: string;
  bridgeDir: string;
  audit: string;
  project: string;
  env: NodeJS.ProcessEnv;
}

function sandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'br-trust-'));
  const home = join(root, 'home');
  mkdirSync(home);
  const bridgeDir = join(root, 'run');
  const audit = join(root, 'audit.jsonl');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    USERPROFILE: home,
    XDG_STATE_HOME: join(root, 'state'),
    XDG_CACHE_HOME: join(root, 'cache'),
    XDG_CONFIG_HOME: join(root, 'config'),
    XDG_RUNTIME_DIR: join(root, 'xdg-run'),
    BLAST_RADIUS_BRIDGE_DIR: bridgeDir,
    BLAST_RADIUS_AUDIT_LOG: audit,
    BLAST_RADIUS_REVIEWS_DIR: join(root, 'reviews'),
  };
  return { root, home, bridgeDir, audit, project: makeProject(join(root, 'project')), env };
}

interface HookRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `node <hook> claude` as Claude Code does: the PreToolUse payload on stdin. */
function claudeHook(hook: string, sb: Sandbox, command: string): Promise<HookRun> {
  const payload = JSON.stringify({ session_id: 's', cwd: sb.project, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });
  return new Promise((res, rej) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [hook, 'claude'], { cwd: sb.project, env: sb.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', rej);
    child.on('close', (code) => res({ code, stdout, stderr, ms: Date.now() - t0 }));
    child.stdin.end(payload);
  });
}

function claudeAnswer(r: HookRun): { decision: string; reason: string } {
  assert.equal(r.code, 0, `exit ${r.code}: ${r.stderr}`);
  const h = (JSON.parse(r.stdout) as { hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string } }).hookSpecificOutput;
  return { decision: h?.permissionDecision ?? 'allow', reason: h?.permissionDecisionReason ?? '' };
}

const lastAudit = (sb: Sandbox): { decision: string; reason: string; decidedBy: { type: string } } =>
  JSON.parse(readFileSync(sb.audit, 'utf8').trim().split('\n').pop()!) as { decision: string; reason: string; decidedBy: { type: string } };

interface Planted {
  child: ChildProcess;
  socketPath: string;
  token: string;
  log: string;
  asked(): number;
}

/** Starts the planted editor detached, as `nohup … &` would, and waits for its discovery file. */
async function plant(
  sb: Sandbox,
  how: { kind: 'file' | 'abstract'; claimPid?: number; argv?: (script: string) => string[]; env?: NodeJS.ProcessEnv },
): Promise<Planted> {
  const script = fixtures('attacks', 'always-allow.js');
  const log = join(sb.root, `planted-${Date.now()}.log`);
  const args = [sb.bridgeDir, sb.project, log, how.kind, ...(how.claimPid ? [String(how.claimPid)] : [])];
  const argv = how.argv ? [...how.argv(script), ...args] : [script, ...args];
  const child = spawn(process.execPath, argv, { detached: true, env: { ...sb.env, ...how.env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((res, rej) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) res(out.trim());
    });
    child.on('exit', (code) => rej(new Error(`the planted editor exited ${code}`)));
  });
  const { socketPath, token } = JSON.parse(line) as { socketPath: string; token: string };
  return { child, socketPath, token, log, asked: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0) };
}

describe('guard integrity: a planted always-allow editor is not asked', function () {
  this.timeout(60_000);
  let sb: Sandbox;
  const started: ChildProcess[] = [];
  const servers: BridgeServer[] = [];

  beforeEach(() => {
    sb = sandbox();
  });
  afterEach(async () => {
    for (const c of started.splice(0)) if (c.pid && c.exitCode === null) process.kill(c.pid, 'SIGKILL');
    for (const s of servers.splice(0)) await s.close();
    rmSync(sb.root, { recursive: true, force: true });
  });

  const cases: { name: string; linuxOnly?: boolean; plant: (sb: Sandbox) => Parameters<typeof plant>[1]; why: RegExp }[] = [
    {
      name: 'the issue’s attack: a socket file in the bridge directory',
      plant: () => ({ kind: 'file' }),
      why: /is a file, which anyone who can write the folder can swap/,
    },
    {
      name: 'an abstract socket of its own',
      linuxOnly: true,
      plant: () => ({ kind: 'abstract' }),
      why: /is not a VS Code-family extension host: no extension host entry point/,
    },
    {
      name: 'a discovery file naming another live process (this test) as the editor',
      linuxOnly: true,
      plant: () => ({ kind: 'abstract', claimPid: process.pid }),
      why: new RegExp(`process ${process.pid} \\(.*\\) does not hold @blast-radius-editor-\\d+-planted`),
    },
    {
      name: 'a forged entry point and --type=extensionHost, with the code given by -e',
      linuxOnly: true,
      plant: () => ({
        kind: 'abstract',
        env: { VSCODE_ESM_ENTRYPOINT: 'vs/workbench/api/node/extensionHostProcess' },
        argv: (s) => ['-e', `process.argv.splice(1, 0, 'x'); require(${JSON.stringify(s)})`, '--', '--type=extensionHost'],
      }),
      why: /its command line runs other code \(-e\)/,
    },
    {
      name: 'a forged entry point, --type=extensionHost and a script at out/bootstrap-fork.js, preloading through NODE_OPTIONS',
      linuxOnly: true,
      plant: (sb) => ({
        kind: 'abstract',
        env: { VSCODE_ESM_ENTRYPOINT: 'vs/workbench/api/node/extensionHostProcess', NODE_OPTIONS: `--require=${devNull}` },
        argv: () => [fakeTree(sb), '--type=extensionHost'],
      }),
      why: /NODE_OPTIONS preloads other code/,
    },
    {
      name: 'all of a node extension host’s marks (out/bootstrap-fork.js, entry point), but not Blast Radius’s package.json',
      linuxOnly: true,
      plant: (sb) => ({
        kind: 'abstract',
        env: { VSCODE_ESM_ENTRYPOINT: 'vs/workbench/api/node/extensionHostProcess' },
        argv: () => [fakeTree(sb), '--type=extensionHost'],
      }),
      why: /\(.*extension host\) is not running the Blast Radius extension/,
    },
  ];
  /** The planted server copied to <root>/fake/out/bootstrap-fork.js, where VS Code keeps its own. */
  const fakeTree = (sb: Sandbox): string => {
    const file = join(sb.root, 'fake', 'out', 'bootstrap-fork.js');
    mkdirSync(join(sb.root, 'fake', 'out'), { recursive: true });
    cpSync(fixtures('attacks', 'always-allow.js'), file);
    return file;
  };

  for (const c of cases) {
    it(`${c.name}: rm -rf ~ is denied by the policy, the planted server never hears of it, and the person is told why`, async function () {
      if (c.linuxOnly && !linux) this.skip();
      const p = await plant(sb, c.plant(sb));
      started.push(p.child);
      // Control: the planted server does allow when asked, so only the hook's check stops it.
      const entry = scanEditors(sb.bridgeDir).editors.find((e) => e.discovery.token === p.token)!;
      const control = await askEditor(entry, { agent: 'claude', actions: [{ kind: 'shell', command: 'true' }], cwd: sb.project }, 5000);
      assert.deepEqual(control.ok && control.response.decision, 'allow', JSON.stringify(control));
      const before = p.asked();

      const r = await claudeHook(SHIPPED_HOOK, sb, 'rm -rf ~');
      const a = claudeAnswer(r);
      assert.equal(a.decision, 'deny', a.reason);
      assert.ok(r.ms < 120_000, `answered after ${r.ms} ms, past Claude's deadline`);
      assert.equal(p.asked(), before, 'the planted server was contacted');
      assert.match(a.reason, /claims this folder but was not asked/);
      assert.match(a.reason, c.why);
      const audit = lastAudit(sb);
      assert.equal(audit.decision, 'deny');
      assert.deepEqual(audit.decidedBy, { type: 'policy' });
      assert.match(audit.reason, c.why);
    });
  }

  it('a low command is allowed by the policy without asking the planted server, and the audit line still names it', async () => {
    const p = await plant(sb, { kind: 'file' });
    started.push(p.child);
    const a = claudeAnswer(await claudeHook(SHIPPED_HOOK, sb, 'ls -la'));
    assert.equal(a.decision, 'allow');
    assert.equal(p.asked(), 0, 'the planted server was contacted');
    const audit = lastAudit(sb);
    assert.equal(audit.decision, 'allow');
    assert.match(audit.reason, /claims this folder but was not asked: its socket .* is a file/);
  });

  it('the shipped hook does not ask a bridge server run by plain Node; the test build lets only its own parent stand in', async function () {
    if (!linux) this.skip();
    let asked = 0;
    servers.push(
      await startBridgeServer({
        workspaceFolders: [sb.project],
        dir: sb.bridgeDir,
        onRequest: async () => {
          asked++;
          return { decision: 'deny', reason: 'the test editor says no' };
        },
      }),
    );
    const shipped = claudeAnswer(await claudeHook(SHIPPED_HOOK, sb, 'git push --force origin main'));
    assert.equal(asked, 0, 'the shipped hook asked a plain Node process');
    assert.match(shipped.reason, new RegExp(`pid ${process.pid} .* is not a VS Code-family extension host`));
    const test = claudeAnswer(await claudeHook(join(TEST_DIST, 'hook.js'), sb, 'git push --force origin main'));
    assert.equal(asked, 1, 'the test build did not ask the process that started it');
    assert.equal(test.decision, 'deny');
    assert.equal(test.reason, 'Blast Radius: the test editor says no');
    // Nor is it a stand-in for a hook another process started (here a shell between them).
    const viaShell = await new Promise<string>((res) => {
      const child = spawn('/bin/sh', ['-c', `"${process.execPath}" "${join(TEST_DIST, 'hook.js')}" claude; true`], {
        cwd: sb.project,
        env: sb.env,
        stdio: ['pipe', 'pipe', 'ignore'],
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('close', () => res(out));
      child.stdin.end(
        JSON.stringify({
          session_id: 's',
          cwd: sb.project,
          hook_event_name: 'PreToolUse',
          tool_name: 'Bash',
          tool_input: { command: 'git push --force origin main' },
        }),
      );
    });
    assert.equal(asked, 1, 'the test build asked a server that did not start it');
    assert.match(viaShell, /is not a VS Code-family extension host/);
  });
});

describe('guard integrity: what a real extension host looks like', () => {
  // Code-server's, as read from /proc on this machine (code-server 4.100.3); the desktop shapes
  // follow VS Code's utilityProcess.ts and Chromium's switches (not observed here: no desktop VS
  // Code can be downloaded on these machines).
  const shapes: { name: string; environ: string[]; argv: string[]; expect: RegExp }[] = [
    {
      name: 'code-server / VS Code Server (node, bootstrap-fork)',
      environ: ['HOME=/home/u', ENTRY, 'VSCODE_HANDLES_UNCAUGHT_ERRORS=true'],
      argv: [
        '/usr/bin/node',
        '--dns-result-order=ipv4first',
        '/opt/code-server/lib/vscode/out/bootstrap-fork',
        '--type=extensionHost',
        '--transformURIs',
        '--useHostProxy=false',
        '',
      ],
      expect: /^extension host$/,
    },
    {
      name: 'desktop VS Code ≥ 1.82 (Electron utility process)',
      environ: [ENTRY, 'VSCODE_PARENT_PID=100'],
      argv: [
        '/usr/share/code/code',
        '--type=utility',
        '--utility-sub-type=node.mojom.NodeService',
        '--lang=en-US',
        '--service-sandbox-type=none',
        '--dns-result-order=ipv4first',
        '--inspect-port=0',
        '--user-data-dir=/home/u/.config/Code',
        '--field-trial-handle=3,i,1,2',
      ],
      expect: /^extension host \(utility process\)$/,
    },
    {
      name: 'older desktop VS Code or a fork (Electron as node, AMD entry point)',
      environ: ['VSCODE_AMD_ENTRYPOINT=vs/workbench/api/node/extensionHostProcess', 'ELECTRON_RUN_AS_NODE=1'],
      argv: [
        '/usr/share/cursor/cursor',
        '--ms-enable-electron-run-as-node',
        '/usr/share/cursor/resources/app/out/bootstrap-fork',
        '--type=extensionHost',
        '--skipWorkspaceStorageLock',
      ],
      expect: /^extension host$/,
    },
    {
      name: 'no entry point',
      environ: ['HOME=/h'],
      argv: ['/usr/bin/node', '/x/out/bootstrap-fork', '--type=extensionHost'],
      expect: /^no extension host entry point/,
    },
    { name: 'an -e script', environ: [ENTRY], argv: ['/usr/bin/node', '-e', 'evil()', '--type=extensionHost'], expect: /runs other code \(-e\)/ },
    {
      name: 'a --require preload',
      environ: [ENTRY],
      argv: ['/usr/bin/node', '--require=/tmp/evil.js', '/x/out/bootstrap-fork', '--type=extensionHost'],
      expect: /runs other code \(--require=\/tmp\/evil.js\)/,
    },
    {
      name: 'NODE_OPTIONS -r',
      environ: [ENTRY, 'NODE_OPTIONS=--max-old-space-size=4096 -r /tmp/evil.js'],
      argv: ['/usr/bin/node', '/x/out/bootstrap-fork', '--type=extensionHost'],
      expect: /NODE_OPTIONS preloads/,
    },
    {
      name: 'another script',
      environ: [ENTRY],
      argv: ['/usr/bin/node', '/tmp/server.js', '--type=extensionHost'],
      expect: /the script it runs is \/tmp\/server.js/,
    },
    {
      name: 'Electron as node claiming to be a utility process',
      environ: [ENTRY, 'ELECTRON_RUN_AS_NODE=1'],
      argv: ['/usr/share/code/code', '--type=utility'],
      expect: /ELECTRON_RUN_AS_NODE/,
    },
    {
      name: 'a utility process running a script',
      environ: [ENTRY],
      argv: ['/usr/share/code/code', '/tmp/evil.js', '--type=utility'],
      expect: /runs a script \(\/tmp\/evil.js\)/,
    },
    { name: 'no process type', environ: [ENTRY], argv: ['/usr/bin/node', '/x/out/bootstrap-fork'], expect: /neither --type=extensionHost nor --type=utility/ },
  ];
  for (const s of shapes) {
    it(`${s.name} → ${s.expect.source}`, () => {
      const got = extensionHostKind(s.environ, s.argv);
      assert.match('kind' in got ? got.kind : got.not, s.expect);
    });
  }

  it('a name bound by two listening sockets is ambiguous; accepted connections (same name) do not count', () => {
    const name = 'blast-radius-editor-1-x';
    const padded = `@${name}${'@'.repeat(108 - 1 - name.length)}`;
    const row = (flags: string, inode: number, path: string): string => `0000000000000000: 00000002 00000000 ${flags} 0001 01 ${inode} ${path}`;
    const header = 'Num       RefCount Protocol Flags    Type St Inode Path';
    assert.deepEqual(new UnixSockets([header, row('00010000', 11, padded), row('00000000', 12, padded)].join('\n')).abstract(`\0${name}`), [11]);
    // A second binding of the bare name (another runtime's exact length), or a line a crafted
    // socket name slipped into the table: both count, so the name is never trusted.
    assert.deepEqual(new UnixSockets([header, row('00010000', 11, padded), row('00010000', 13, `@${name}`)].join('\n')).abstract(`\0${name}`), [11, 13]);
  });

  it('chooseEditor asks the longest-running of two trusted editors, whatever their discovery files claim, and names the other', async function () {
    if (!linux) this.skip();
    const root = mkdtempSync(join(tmpdir(), 'br-choose-'));
    const dir = join(root, 'run');
    const ws = join(root, 'ws');
    mkdirSync(ws);
    // The older editor: a server in this process. The newer one: a server in a child started now.
    const older = await startBridgeServer({ workspaceFolders: [ws], dir, onRequest: async () => ({ decision: 'deny', reason: 'older' }) });
    const serverModule = resolve(__dirname, '..', '..', '..', 'src', 'bridge', 'server.js');
    const child = spawn(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(serverModule)}).startBridgeServer({ workspaceFolders: [${JSON.stringify(ws)}], dir: ${JSON.stringify(dir)}, onRequest: async () => ({ decision: 'allow', reason: 'newer' }) }).then(() => console.log('up'))`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((res, rej) => {
        child.stdout.on('data', () => res());
        child.on('exit', (code) => rej(new Error(`child exited ${code}`)));
      });
      const both = { standInPids: [process.pid, child.pid!] };
      const editors = scanEditors(dir).editors;
      assert.equal(editors.length, 2);
      const choice = chooseEditor(editors, ws, both);
      assert.equal(choice.editor?.discovery.token, older.token, choice.notes.join('; '));
      assert.match(
        choice.notes.join('\n'),
        new RegExp(`the editor of pid ${child.pid} also claims this folder; the one running longest \\(pid ${process.pid}\\) was asked`),
      );
      // The newer process claims to have started first: the kernel's start time decides.
      const lying = editors.map((e) => (e.discovery.pid === child.pid ? { ...e, discovery: { ...e.discovery, startedAt: 1 } } : e));
      assert.equal(chooseEditor(lying, ws, both).editor?.discovery.token, older.token, 'a claimed startedAt took the folder');
      // Where claims cannot be verified, two of them mean asking neither.
      const unverified = chooseEditor(editors, ws, { platform: 'darwin' });
      assert.equal(unverified.editor, undefined, 'two unverifiable claims: one was asked');
      assert.match(unverified.notes.join('\n'), /cannot tell which is real/);
    } finally {
      child.kill('SIGKILL');
      await older.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
