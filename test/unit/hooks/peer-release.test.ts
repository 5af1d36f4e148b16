// The two-person rule without an editor: the hook denies a peer-review action until a second
// person's signed approval, accepted by the requester, lets that exact action run once; the next
// identical call is denied again,
// and a different action is never released by it.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../../helpers';
import { sshKeygen } from '../review/keys';

describe('hook: a peer-reviewed action is released once (no editor)', function () {
  this.timeout(60_000);
  let repo: string;
  let env: NodeJS.ProcessEnv;
  let bobKey: string;
  const command = 'rm -rf /srv/prod-data';

  const cli = (args: string[], input?: string) =>
    spawnSync(process.execPath, [CLI, ...args], { cwd: repo, env, encoding: 'utf8', ...(input !== undefined ? { input } : {}) });
  const hook = (cmd: string) => {
    const payload = { session_id: 's1', cwd: repo, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: cmd }, tool_use_id: 't1' };
    const r = cli(['hook', 'claude', '--no-editor'], JSON.stringify(payload));
    const out = r.stdout.trim() ? (JSON.parse(r.stdout) as { hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string } }) : {};
    return { code: r.status, decision: out.hookSpecificOutput?.permissionDecision ?? 'allow', reason: out.hookSpecificOutput?.permissionDecisionReason ?? '', raw: r };
  };

  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), 'br-hook-release-'));
    const home = join(repo, 'home');
    mkdirSync(home);
    env = {
      ...process.env,
      HOME: home,
      XDG_STATE_HOME: join(home, 'state'),
      BLAST_RADIUS_AUDIT_LOG: join(repo, 'audit.jsonl'),
      BLAST_RADIUS_BRIDGE_DIR: join(repo, 'bridge'),
      GIT_CONFIG_NOSYSTEM: '1',
    };
    delete env.BLAST_RADIUS_REVIEWS_DIR;
    execFileSync('git', ['init', '-q', repo]);
    execFileSync('git', ['-C', repo, 'config', 'user.email', 'alice@example.org']);
    execFileSync('git', ['-C', repo, 'config', 'user.name', 'Alice']);
    const keys = join(repo, 'keys');
    mkdirSync(keys);
    const bob = sshKeygen(keys, 'bob', 'ed25519');
    bobKey = bob.path;
    mkdirSync(join(repo, '.blast-radius'));
    writeFileSync(join(repo, '.blast-radius', 'allowed_signers'), `bob@example.org ${bob.publicKey}\n`);
    // Whatever level the engine gives this command, the team wants a second person for it.
    writeFileSync(join(repo, '.blast-radius', 'policy.json'), JSON.stringify({ requires: { medium: 'peer-review', high: 'peer-review', critical: 'peer-review' } }));
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('denies before the approval, allows exactly once after it, then denies again', () => {
    const before = hook(command);
    assert.equal(before.code, 0, before.raw.stderr);
    assert.equal(before.decision, 'deny', before.raw.stdout);
    assert.match(before.reason, /second person/);

    const req = cli(['review', 'request', '--json', '--', command]);
    assert.equal(req.status, 0, req.stderr);
    const { id } = JSON.parse(req.stdout) as { id: string };
    const approve = cli(['review', 'approve', id, '--key', bobKey, '--as', 'bob@example.org', '--reason', 'backups verified']);
    assert.equal(approve.status, 0, approve.stderr);
    const accept = cli(['review', 'accept', approve.stdout.trim()]);
    assert.equal(accept.status, 0, accept.stderr);

    assert.equal(hook('rm -rf /srv/prod-data2').decision, 'deny', 'another action is not released by this approval');
    const released = hook(command);
    assert.equal(released.code, 0, released.raw.stderr);
    assert.equal(released.decision, 'allow', released.raw.stdout);
    const again = hook(command);
    assert.equal(again.decision, 'deny', 'an approval releases its action once');

    const log = readFileSync(join(repo, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { decision: string; decidedBy: { type: string; name?: string } });
    assert.deepEqual(
      log.map((e) => `${e.decision} by ${e.decidedBy.type}${e.decidedBy.name ? ` ${e.decidedBy.name}` : ''}`),
      ['deny by policy', 'approval-used by reviewer bob@example.org', 'deny by policy', 'allow by reviewer bob@example.org', 'deny by policy'],
    );
    assert.equal(cli(['audit', 'verify', '--log', join(repo, 'audit.jsonl')]).status, 0);
  });
});
