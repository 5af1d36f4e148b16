// install / uninstall / doctor through the real CLI, with a temporary HOME and project: settings
// files that already hold other hooks and comments round-trip byte for byte, a second install
// changes nothing, --dry-run writes nothing, and a hook that would not run is reported.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'jsonc-parser';
import { startBridgeServer } from '../../../src/bridge/server';
import { AGENT_CONFIG, isOurCommand } from '../../../src/cli/agent-config';
import { CLI, fixtures } from '../../helpers';
import { nodeForHook } from '../../../src/cli/install';
import { codexHookHash } from '../../../src/cli/trust';

type Agent = keyof typeof AGENT_CONFIG;
const JSON_AGENTS = (Object.keys(AGENT_CONFIG) as Agent[]).filter((a) => AGENT_CONFIG[a].kind === 'json');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Every hook command in a settings value, in document order. */
function commands(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => commands(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if ((k === 'command' || k === 'bash') && typeof x === 'string') out.push(x);
      else commands(x, out);
    }
  }
  return out;
}
const comments = (text: string): string[] => text.match(/\/\/[^\r\n]*|\/\*[\s\S]*?\*\//g) ?? [];

describe('install, uninstall, doctor', function () {
  this.timeout(60_000);
  let root: string;
  let home: string;
  let project: string;

  const cli = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], {
        cwd: project,
        env: { ...process.env, HOME: home, USERPROFILE: home, BLAST_RADIUS_BRIDGE_DIR: join(root, 'run'), ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'br-install-'));
    home = join(root, 'home');
    project = join(root, 'project');
    mkdirSync(home);
    mkdirSync(project);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  for (const agent of JSON_AGENTS) {
    for (const scope of ['user', 'project'] as const) {
      it(`${agent} (${scope}): merges into settings with other hooks and comments, idempotent, backed up, and uninstall restores the file byte for byte`, async () => {
        const cfg = AGENT_CONFIG[agent];
        const file = cfg.file(scope, project, home);
        const original = readFileSync(fixtures('agents', 'settings', `${agent}.json`), 'utf8');
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, original);
        const flag = scope === 'project' ? ['--project'] : [];

        const dry = await cli(['install', agent, ...flag, '--dry-run']);
        assert.equal(dry.code, 0, dry.stdout + dry.stderr);
        assert.equal(readFileSync(file, 'utf8'), original, `${agent}: --dry-run wrote the file`);
        assert.match(dry.stderr, /^dry run: nothing was written$/m, `${agent}: --dry-run does not say it wrote nothing`);
        assert.match(dry.stdout, new RegExp(`^\\+.*hook\\.js"? ${agent}`, 'm'), `${agent}: the diff shows our entry\n${dry.stdout}`);

        const first = await cli(['install', agent, ...flag]);
        assert.equal(first.code, 0, `${agent}: ${first.stdout}${first.stderr}`);
        // Codex (no trust yet) and Gemini in an untrusted project say the agent will not call it yet.
        const gated = agent === 'codex' || (agent === 'gemini' && scope === 'project');
        if (gated) assert.match(first.stdout, new RegExp(`! ${agent}: the agent does not call it yet — the hook answers.*fails closed`), first.stdout);
        else assert.match(first.stdout, new RegExp(`✓ ${agent}: the hook answers.*; fails closed \\(blocks when the hook file is missing\\)`), first.stdout);
        const installed = readFileSync(file, 'utf8');
        const errors: import('jsonc-parser').ParseError[] = [];
        const value = parse(installed, errors, { allowTrailingComma: true });
        assert.deepEqual(errors, [], `${agent}: the result parses`);
        const before = commands(parse(original));
        const after = commands(value);
        assert.deepEqual(
          after.filter((c) => !isOurCommand(c)),
          before,
          `${agent}: the other hooks stay, in order`,
        );
        const ours = after.filter((c) => isOurCommand(c, agent));
        assert.equal(ours.length, cfg.kind === 'json' ? cfg.slots.length : 1, `${agent}: our command once per event`);
        for (const c of comments(original)) assert.ok(installed.includes(c), `${agent}: comment kept: ${c}`);
        if (original.includes('\r\n')) assert.ok(!/[^\r]\n/.test(installed), `${agent}: CRLF kept`);
        assert.equal(readFileSync(`${file}.blast-radius.bak`, 'utf8'), original, `${agent}: backup holds the previous file`);

        const second = await cli(['install', agent, ...flag]);
        assert.equal(second.code, 0);
        assert.match(second.stdout, /already has the hook/);
        assert.equal(readFileSync(file, 'utf8'), installed, `${agent}: a second install changes nothing`);

        const un = await cli(['uninstall', agent, ...flag]);
        assert.equal(un.code, 0, un.stdout + un.stderr);
        assert.equal(readFileSync(file, 'utf8'), original, `${agent}: uninstall restores the original text`);
      });
    }

    it(`${agent}: installs into a missing settings file and uninstall leaves no hook of ours`, async () => {
      const file = AGENT_CONFIG[agent].file('project', project, home);
      const r = await cli(['install', agent, '--project']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.ok(existsSync(file));
      assert.ok(commands(parse(readFileSync(file, 'utf8'))).some((c) => isOurCommand(c, agent)));
      await cli(['uninstall', agent, '--project']);
      assert.ok(!existsSync(file) || !commands(parse(readFileSync(file, 'utf8'))).some((c) => isOurCommand(c, agent)), `${agent}: hook removed`);
    });
  }

  it('cline: writes an executable PreToolUse script that execs the hook, and never replaces someone else’s', async () => {
    const file = AGENT_CONFIG.cline.file('project', project, home);
    const r = await cli(['install', 'cline', '--project']);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /✓ cline: the hook answers.*fails closed/);
    if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o111, 0o111, 'executable');
    assert.match(readFileSync(file, 'utf8'), /^out=\$\(.*hook\.js"? cline\)$/m);
    assert.match(readFileSync(file, 'utf8'), /"cancel":true/, 'the script prints the cancel itself when the hook cannot run');
    await cli(['uninstall', 'cline', '--project']);
    assert.equal(existsSync(file), false);

    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '#!/bin/sh\necho \'{"cancel":false}\'\n');
    const refused = await cli(['install', 'cline', '--project']);
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /someone else's hook script; not replacing it/);
    assert.equal(readFileSync(file, 'utf8'), '#!/bin/sh\necho \'{"cancel":false}\'\n');
  });

  it('a hook command that would not run is reported (exit 1), as the agent would silently skip it', async () => {
    const r = await cli(['install', 'claude', '--project', '--command', '/nonexistent/node /nowhere/hook.js']);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /✗ claude: the hook did not answer as expected \(exit 127.*not found or not executable/);
  });

  it('settings that are not valid JSON are left alone', async () => {
    const file = AGENT_CONFIG.gemini.file('project', project, home);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '{ "hooks": { ');
    const r = await cli(['install', 'gemini', '--project']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /not valid JSON; fix it first/);
    assert.equal(readFileSync(file, 'utf8'), '{ "hooks": { ');
  });

  it('vscode is not installed a second time where VS Code already runs the Claude hook (unless --force)', async () => {
    await cli(['install', 'claude', '--project']);
    const r = await cli(['install', 'vscode', '--project']);
    assert.match(r.stdout, /already runs the Claude Code hook/);
    assert.equal(existsSync(AGENT_CONFIG.vscode.file('project', project, home)), false);
    const forced = await cli(['install', 'vscode', '--project', '--force']);
    assert.equal(forced.code, 0, forced.stdout);
    assert.ok(existsSync(AGENT_CONFIG.vscode.file('project', project, home)));
  });

  it('unknown agents and missing agents are usage errors (exit 2)', async () => {
    assert.equal((await cli(['install'])).code, 2);
    const r = await cli(['install', 'aider']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown agent 'aider'/);
  });

  it('doctor: lists installed hooks, runs each, and says whether the hook trusts the editor listening for this folder', async () => {
    await cli(['install', 'claude', 'gemini', '--project']);
    await cli(['install', 'codex']);
    // Before the agents' own gates are passed, doctor says the agent will not call the hook.
    let r = await cli(['doctor']);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /! gemini \(project.*the agent does not call it yet[\s\S]*ignores project hooks in a folder it does not trust/);
    assert.match(r.stdout, /! codex \(user.*the agent does not call it yet[\s\S]*no trust for .*hooks\.json:pre_tool_use:0:0/);
    // Trust, written as the agents write it: Gemini's trustedFolders.json, Codex's hash of the hook.
    mkdirSync(join(home, '.gemini'), { recursive: true });
    writeFileSync(join(home, '.gemini', 'trustedFolders.json'), JSON.stringify({ [project]: 'TRUST_FOLDER' }));
    const codexHooks = join(home, '.codex', 'hooks.json');
    const entry = (parse(readFileSync(codexHooks, 'utf8')) as { hooks: { PreToolUse: { matcher: string; hooks: { command: string; timeout: number }[] }[] } })
      .hooks.PreToolUse[0]!;
    const trust = (hash: string): void =>
      writeFileSync(
        join(home, '.codex', 'config.toml'),
        `model = "x"\n\n[hooks.state]\n\n[hooks.state.${JSON.stringify(`${codexHooks}:pre_tool_use:0:0`)}]\ntrusted_hash = "${hash}"\n`,
      );
    trust(codexHookHash('pre_tool_use', entry.matcher, entry.hooks[0]!));
    r = await cli(['doctor']);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /✓ claude \(project, .*\.claude[\\/]settings\.json\): the hook answers/);
    assert.match(r.stdout, /✓ gemini \(project/);
    assert.match(r.stdout, /✓ codex \(user/);
    assert.match(r.stdout, /· cursor: not installed/);
    assert.match(r.stdout, /no editor the hook can trust listens for/);

    const server = await startBridgeServer({ workspaceFolders: [project], dir: join(root, 'run'), onRequest: async () => ({ decision: 'allow', reason: '' }) });
    try {
      // This test process is not an editor: the shipped CLI names it and says why it is not asked.
      r = await cli(['doctor']);
      assert.match(
        r.stdout,
        new RegExp(`✗ editor pid ${process.pid} for .* — not trusted: process ${process.pid} \\(.*\\) is not a VS Code-family extension host`),
      );
      assert.match(r.stdout, /no editor the hook can trust listens for/);
    } finally {
      await server.close();
    }

    // A moved CLI: the command in the settings no longer runs.
    const file = AGENT_CONFIG.gemini.file('project', project, home);
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(/"command": "[^"]*hook\.js gemini \|\| exit 2"/, '"command": "/gone/node /gone/hook.js gemini || exit 2"'),
    );
    r = await cli(['doctor']);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /✗ gemini \(project.*exit 127/);

    // A stale trust (the hook changed after it was trusted) is caught, as Codex would skip it.
    trust(codexHookHash('pre_tool_use', entry.matcher, { ...entry.hooks[0]!, timeout: 5 }));
    r = await cli(['doctor']);
    assert.match(r.stdout, /! codex \(user[\s\S]*changed since it was trusted/);
  });

  it('Codex trust hash: the value Codex 0.171 itself wrote when a person trusted the hook in its TUI', () => {
    // Captured from the real binary (test/agents, "codex trust"): config.toml after /hooks → trust.
    assert.equal(
      codexHookHash('pre_tool_use', 'Bash|apply_patch|mcp__.*', { command: '/usr/bin/node /work/wt/agents/dist/hook.js codex', timeout: 600 }),
      'sha256:57db4bd150a35e096dcbbafe3f144a39faf4b2e6a775cb66708235d1f042646e',
    );
  });

  it('every installed command fails closed: with the hook file gone the agent still gets its blocking answer', async () => {
    for (const agent of Object.keys(AGENT_CONFIG) as Agent[]) {
      if (agent === 'vscode') continue; // needs --force next to claude; same format as claude
      const r = await cli(['install', agent, '--project']);
      assert.match(r.stdout, new RegExp(`${agent}: .*fails closed \\(blocks when the hook file is missing\\)`), `${agent}: ${r.stdout}`);
    }
    // An old-style command without the tail is reported as failing open.
    const file = AGENT_CONFIG.claude.file('project', project, home);
    writeFileSync(file, readFileSync(file, 'utf8').replace(' || exit 2', ''));
    const d = await cli(['doctor']);
    assert.match(
      d.stdout,
      /✗ claude \(project.*fails OPEN: with the hook file missing the agent gets exit 1 and runs the tool — the command lacks '\|\| exit 2'/,
    );
  });

  it('a hook folder without hook-extra.js (the rarer tool families) is reported: the harmless call alone would pass', async () => {
    const copy = join(root, 'installed');
    cpSync(dirname(CLI), copy, { recursive: true });
    const command = `${JSON.stringify(process.execPath)} ${join(copy, 'hook.js')}`;
    let r = await cli(['install', 'claude', '--project', '--command', command]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✓ claude: the hook answers/);
    unlinkSync(join(copy, 'hook-extra.js'));
    r = await cli(['doctor']);
    assert.match(
      r.stdout,
      new RegExp(
        `✗ claude \\(project.*the hook's folder ${copy.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} lacks hook-extra\\.js: the calls that need it are blocked`,
      ),
    );
    assert.match(r.stdout, /1 problem/);
  });

  it('the backup keeps the file as it was right before each write', async () => {
    const file = AGENT_CONFIG.codex.file('project', project, home);
    mkdirSync(dirname(file), { recursive: true });
    copyFileSync(fixtures('agents', 'settings', 'codex.json'), file);
    if (process.platform !== 'win32') chmodSync(file, 0o600);
    await cli(['install', 'codex', '--project']);
    if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o777, 0o600, 'the file keeps its mode');
    assert.equal(readFileSync(`${file}.blast-radius.bak`, 'utf8'), readFileSync(fixtures('agents', 'settings', 'codex.json'), 'utf8'));
  });
});

describe('the node written into hook commands', () => {
  it('is this process when it is Node', () => {
    assert.equal(nodeForHook({ PATH: '' }, false), process.execPath.includes(' ') ? JSON.stringify(process.execPath) : process.execPath);
  });
  it('under Electron (VS Code) is a node found on PATH', () => {
    const dir = mkdtempSync(join(tmpdir(), 'br-node-'));
    const fake = join(dir, 'node');
    writeFileSync(fake, '#!/bin/sh\n', { mode: 0o755 });
    try {
      assert.equal(nodeForHook({ PATH: `/nonexistent:${dir}` }, true), fake);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('under Electron with no node on PATH keeps Electron in Node mode', () => {
    assert.match(nodeForHook({ PATH: '/nonexistent' }, true), /^ELECTRON_RUN_AS_NODE=1 /);
  });
});
