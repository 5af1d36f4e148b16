// The system anchor for real, as root, in a throwaway root folder: `audit anchor --system` makes
// the user's witness file append-only (chattr +a) in a root-owned folder; the user — here the
// unprivileged `nobody`, standing in for an agent running as the user — can append to it but can
// neither truncate, rewrite, rename nor delete it; the user's own hook writes witness lines, and
// verify then detects a rolled-back log that the chain and head alone would accept.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../../helpers';
import { HOOK_JS } from '../hooks/harness';

const NOBODY = 65534;

describe('system anchor (root, throwaway root folder)', function () {
  this.timeout(60_000);
  let base: string;
  let witness: string;
  before(function () {
    if (process.getuid?.() !== 0) this.skip();
    if (spawnSync('chattr', ['--help']).error) this.skip();
  });
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'br-witness-'));
    chmodSync(base, 0o755);
    witness = join(base, 'root', 'witness', `${NOBODY}.jsonl`);
  });
  afterEach(() => {
    spawnSync('chattr', ['-a', witness]);
    rmSync(base, { recursive: true, force: true });
  });

  const asNobody = (cmd: string[], env: NodeJS.ProcessEnv = {}, input?: string) =>
    spawnSync(cmd[0]!, cmd.slice(1), {
      uid: NOBODY,
      gid: NOBODY,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, ...env },
      cwd: base,
      ...(input !== undefined ? { input } : {}),
    });

  it('audit anchor --system creates it root-owned folder, user file, append-only; the user can only append', () => {
    const r = spawnSync(process.execPath, [CLI, 'audit', 'anchor', '--system', '--user', 'nobody'], {
      env: { ...process.env, BLAST_RADIUS_SYSTEM_DIR: join(base, 'root') },
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /system anchor for nobody: .*65534\.jsonl \(append-only\)/);
    assert.equal(statSync(join(base, 'root', 'witness')).uid, 0);
    assert.equal(statSync(witness).uid, NOBODY);
    assert.match(spawnSync('lsattr', ['-d', witness], { encoding: 'utf8' }).stdout, /^\S*a\S* /);
    assert.equal(asNobody(['sh', '-c', `echo '{"x":1}' >> '${witness}'`]).status, 0, 'append works');
    for (const attempt of [
      `: > '${witness}'`,
      `truncate -s 0 '${witness}'`,
      `rm -f '${witness}'`,
      `mv '${witness}' '${witness}.x'`,
      `echo x > '${witness}'`,
      `chattr -a '${witness}'`,
      `touch '${join(base, 'root', 'witness', 'other')}'`,
    ]) {
      const t = asNobody(['sh', '-c', attempt]);
      assert.notEqual(t.status, 0, `the user could: ${attempt}`);
    }
    assert.equal(readFileSync(witness, 'utf8'), '{"x":1}\n');
  });

  it("the user's hook writes witness lines; verify catches a rolled-back log that the chain alone accepts", () => {
    assert.equal(
      spawnSync(process.execPath, [CLI, 'audit', 'anchor', '--system', '--user', 'nobody'], {
        env: { ...process.env, BLAST_RADIUS_SYSTEM_DIR: join(base, 'root') },
      }).status,
      0,
    );
    const home = join(base, 'home');
    mkdirSync(home);
    chmodSync(home, 0o777);
    const log = join(home, 'audit.jsonl');
    const env = { HOME: home, BLAST_RADIUS_AUDIT_LOG: log, BLAST_RADIUS_SYSTEM_DIR: join(base, 'root'), BLAST_RADIUS_BRIDGE_DIR: join(home, 'bridge') };
    const payload = (cmd: string) =>
      JSON.stringify({ session_id: 's', cwd: home, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: cmd }, tool_use_id: 't' });
    for (const c of ['ls', 'pwd', 'echo hi']) assert.equal(asNobody([process.execPath, HOOK_JS, 'claude', '--no-editor'], env, payload(c)).status, 0);
    const v = asNobody([process.execPath, CLI, 'audit', 'verify'], env);
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout, /intact: 3 entries[\s\S]*anchor: the system witness .*\(append-only\)/);
    // The agent (as the user) drops the last line and rewrites the head: the chain alone is fine with it.
    const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean).slice(0, 2);
    const sha = (t: string) => require('node:crypto').createHash('sha256').update(t).digest('hex') as string;
    const script = `require('fs').writeFileSync(${JSON.stringify(log)}, ${JSON.stringify(`${lines.join('\n')}\n`)}); require('fs').writeFileSync(${JSON.stringify(`${log}.head`)}, ${JSON.stringify(`${JSON.stringify({ seq: 2, hash: sha(lines[1]!) })}`.padEnd(127, ' ') + '\n')})`;
    assert.equal(asNobody([process.execPath, '-e', script], env).status, 0);
    const after = asNobody([process.execPath, CLI, 'audit', 'verify'], env);
    assert.equal(after.status, 1, after.stdout);
    assert.match(after.stderr, /broken at line 3: entries 3–3 were removed \(the anchor records them\)/);
  });
});
