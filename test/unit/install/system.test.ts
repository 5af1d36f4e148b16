// `install --system` as root in a throwaway root (BLAST_RADIUS_SYSTEM_ROOT): each agent's managed
// settings and the hook copy are root-owned and 0644, a real unprivileged process (nobody, through
// setpriv) cannot change or remove them but can run the hook, doctor reports the mode, and
// `uninstall --system` gives the files back as they were. Skipped (with the reason) when not root.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { HOOK_FILES } from '../../../src/cli/code-cache';
import { SYSTEM_HOOK_DIR, SYSTEM_TARGETS } from '../../../src/cli/system';
import { CLI } from '../../helpers';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasSetpriv = spawnSync('sh', ['-c', 'command -v setpriv']).status === 0;

describe('install --system (root, throwaway root)', function () {
  this.timeout(60_000);
  let root: string;
  let sys: string;
  let home: string;
  let project: string;

  before(function () {
    if (!isRoot || !hasSetpriv) {
      console.log(`    (skipped: ${!isRoot ? 'needs root to write root-owned files' : 'needs setpriv to act as an unprivileged user'})`);
      this.skip();
    }
  });
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'br-system-'));
    chmodSync(root, 0o755); // so that `nobody` can reach the files and try to change them
    sys = join(root, 'sysroot');
    home = join(root, 'home');
    project = join(root, 'project');
    for (const d of [sys, home, project]) mkdirSync(d, { mode: 0o755 });
    chmodSync(sys, 0o755);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const cli = (args: string[], asNobody = false, extra: NodeJS.ProcessEnv = {}): { code: number | null; out: string } => {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SUDO_')));
    const env = {
      ...inherited,
      ...extra,
      HOME: home,
      BLAST_RADIUS_SYSTEM_ROOT: sys,
      BLAST_RADIUS_BRIDGE_DIR: join(root, 'run'),
      BLAST_RADIUS_AUDIT_LOG: join(root, 'audit.jsonl'),
    };
    const argv = asNobody ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, ...args] : [process.execPath, CLI, ...args];
    const r = spawnSync(argv[0]!, argv.slice(1), { cwd: project, env, encoding: 'utf8', timeout: 60_000 });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  };
  const asNobody = (script: string, input?: string): { code: number | null; out: string } => {
    // nobody's own audit log and temp folder inside this test's root: a log it cannot write would
    // fall back to the machine's /tmp/blast-radius-65534, outside anything a test removes.
    const own = join(root, 'nobody');
    mkdirSync(own, { recursive: true, mode: 0o700 });
    spawnSync('chown', ['65534:65534', own]);
    const env = { PATH: process.env.PATH, HOME: '/nonexistent', TMPDIR: own, BLAST_RADIUS_AUDIT_LOG: join(own, 'audit.jsonl') };
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'sh', '-c', script], { encoding: 'utf8', input, timeout: 30_000, env });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  };

  const AGENTS = Object.keys(SYSTEM_TARGETS);

  it('writes each managed file and the hook copy root-owned 0644; nobody can change or remove them, but can run the hook', () => {
    const r = cli(['install', ...AGENTS, '--system']);
    assert.equal(r.code, 0, r.out);
    const hook = join(sys, SYSTEM_HOOK_DIR, 'hook.js');
    for (const [agent, t] of Object.entries(SYSTEM_TARGETS)) {
      const file = join(sys, t.path);
      assert.match(r.out, new RegExp(`✓ ${agent}: the hook answers.*fails closed`), r.out);
      for (const f of [file, ...HOOK_FILES.map((b) => join(sys, SYSTEM_HOOK_DIR, b))]) {
        const st = statSync(f);
        assert.equal(st.uid, 0, `${f} root-owned`);
        assert.equal(st.mode & 0o777, 0o644, `${f} 0644`);
      }
      assert.ok(readFileSync(file, 'utf8').includes(hook), `${agent}: the managed file runs the root-owned copy`);
      for (const attempt of [
        `echo '{}' > '${file}'`,
        `echo x >> '${file}'`,
        `rm -f '${file}'`,
        `mv '${file}' '${file}.moved'`,
        `echo x >> '${hook}'`,
        `rm -f '${hook}'`,
        `mv '${join(sys, SYSTEM_HOOK_DIR)}' /tmp/br-stolen-$$`,
      ]) {
        const a = asNobody(attempt);
        assert.notEqual(a.code, 0, `nobody could: ${attempt}`);
      }
      assert.ok(existsSync(file) && existsSync(hook));
    }
    const claude = parse(readFileSync(join(sys, SYSTEM_TARGETS.claude!.path), 'utf8')) as { allowManagedHooksOnly: boolean };
    assert.equal(claude.allowManagedHooksOnly, true, 'Claude: managed hooks only');
    const codex = readFileSync(join(sys, SYSTEM_TARGETS.codex!.path), 'utf8');
    assert.match(codex, /^allow_managed_hooks_only = true$/m);
    assert.match(codex, /^features\.hooks = true$/m, 'a user-level [features] hooks = false must not switch the managed hook off');
    assert.match(codex, /\[\[hooks\.PreToolUse\]\]\nmatcher = "Bash\|apply_patch\|mcp__\.\*"/);
    // The user (nobody) can run the hook: it answers a harmless call.
    const run = asNobody(
      `'${process.execPath}' '${hook}' claude`,
      JSON.stringify({ session_id: 's', cwd: '/', hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: '/etc/hostname' } }),
    );
    assert.equal(run.code, 0, run.out);
    assert.doesNotMatch(run.out, /could not be written to the audit log/, "the decision is recorded in nobody's own log");
  });

  it('doctor reports the system mode, and a managed file the user could change is a ✗', () => {
    cli(['install', 'claude', 'codex', '--system']);
    let d = cli(['doctor']);
    assert.match(d.out, /✓ claude \(system, managed, root-owned, .*managed-settings\.json\)/, d.out);
    assert.match(d.out, /✓ codex \(system, managed, root-owned, .*requirements\.toml\)/, d.out);
    const file = join(sys, SYSTEM_TARGETS.claude!.path);
    chmodSync(file, 0o666);
    d = cli(['doctor']);
    assert.equal(d.code, 1);
    assert.match(d.out, /✗ claude \(system, .*\): the user can change it: .*writable by everyone/);
  });

  it('keeps what the managed files held before and uninstall --system gives it back; the hook copy goes with the last one', () => {
    const claudeFile = join(sys, SYSTEM_TARGETS.claude!.path);
    const codexFile = join(sys, SYSTEM_TARGETS.codex!.path);
    mkdirSync(join(claudeFile, '..'), { recursive: true });
    mkdirSync(join(codexFile, '..'), { recursive: true });
    const claudeBefore = '{\n  "permissions": { "deny": ["Bash(curl:*)"] }\n}\n';
    const codexBefore = 'allowed_approval_policies = ["on-request"]\n\n[features]\nweb_search = false\n';
    writeFileSync(claudeFile, claudeBefore);
    writeFileSync(codexFile, codexBefore);
    assert.equal(cli(['install', 'claude', 'codex', '--system']).code, 0);
    const codex = readFileSync(codexFile, 'utf8');
    assert.ok(codex.indexOf('allow_managed_hooks_only') < codex.indexOf('[features]'), 'the top-level key comes before any table');
    assert.ok(codex.includes('web_search = false'));
    assert.match(codex, /^\[features\]\nhooks = true # blast-radius: pinned/m, "hooks pinned on inside the admin's own [features] table");
    const u = cli(['uninstall', 'claude', 'codex', '--system']);
    assert.equal(u.code, 0, u.out);
    assert.deepEqual(parse(readFileSync(claudeFile, 'utf8')), parse(claudeBefore));
    assert.equal(readFileSync(codexFile, 'utf8'), codexBefore);
    assert.equal(existsSync(join(sys, SYSTEM_HOOK_DIR)), false, 'the hook copy is removed with the last install');
  });

  it('anchors the audit log of the user who ran sudo (or --user): root-owned folder, the witness theirs and append-only', function () {
    if (spawnSync('chattr', ['--help']).error) this.skip();
    const witness = join(sys, 'var', 'lib', 'blast-radius', 'witness', '65534.jsonl');
    try {
      for (const [how, args, extra] of [
        ['--user', ['install', 'claude', '--system', '--user', 'nobody'], {}],
        ['sudo', ['install', 'claude', '--system'], { SUDO_UID: '65534', SUDO_GID: '65534', SUDO_USER: 'nobody' }],
      ] as [string, string[], NodeJS.ProcessEnv][]) {
        const r = cli(args, false, extra);
        assert.equal(r.code, 0, `${how}: ${r.out}`);
        assert.match(r.out, new RegExp(`audit anchor for nobody: ${witness.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(append-only`), r.out);
        const st = statSync(witness);
        assert.equal(st.uid, 65534, `${how}: the witness belongs to the user`);
        assert.equal(st.mode & 0o777, 0o600);
        assert.equal(statSync(join(witness, '..')).uid, 0, `${how}: its folder is root's`);
        assert.match(spawnSync('lsattr', [witness], { encoding: 'utf8' }).stdout, /^\S*a\S* /, `${how}: append-only`);
        // The user (an agent running as them) can append, but not truncate, replace or remove it.
        assert.equal(asNobody(`echo '{}' >> '${witness}'`).code, 0, 'the user appends');
        for (const attempt of [`: > '${witness}'`, `rm -f '${witness}'`, `mv '${witness}' '${witness}.x'`, `chattr -a '${witness}'`])
          assert.notEqual(asNobody(attempt).code, 0, `nobody could: ${attempt}`);
      }
      const none = cli(['install', 'claude', '--system']);
      assert.equal(none.code, 0, none.out);
      assert.match(none.out, /! audit anchor: no user to anchor .*sudo blast-radius audit anchor --system --user NAME/);
      const bad = cli(['install', 'claude', '--system', '--user', 'no-such-user-br']);
      assert.equal(bad.code, 1, bad.out);
      assert.match(bad.out, /✗ audit anchor: no user 'no-such-user-br'/);
      const dry = cli(['install', 'claude', '--system', '--user', 'nobody', '--dry-run']);
      assert.match(dry.out, /audit anchor: would create .*65534\.jsonl for nobody/);
      assert.match(cli(['install', 'claude', '--user', 'nobody']).out, /--user goes with --system/);
    } finally {
      spawnSync('chattr', ['-a', witness]);
    }
  });

  it('refuses agents without a system location, and refuses to run as a user', () => {
    const r = cli(['install', 'copilot', 'cline', '--system']);
    assert.equal(r.code, 1);
    assert.match(r.out, /✗ copilot: no --system install: Copilot CLI documents no system-level hook location/);
    assert.match(r.out, /✗ cline: no --system install/);
    const n = cli(['install', 'claude', '--system'], true);
    assert.equal(n.code, 2, n.out);
    assert.match(n.out, /run it as root/);
  });
});
