// The two-person rule without an editor, end to end through the real CLI and the real hook: alice's
// agent is denied a peer-review action; alice requests review; bob, on his own machine (his HOME,
// his key, committed on origin's main), approves; alice accepts; the agent's identical call is
// allowed exactly once, then denied again; another action is never released by it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendRecord } from '../../../src/audit';
import { signApproval } from '../../../src/review/approval';
import { loadReviewRequest } from '../../../src/review/request';
import { CLI } from '../../helpers';
import { type Team, makeTeam } from '../review/team';

describe('hook: a peer-reviewed action is released once (no editor)', function () {
  this.timeout(60_000);
  let team: Team;
  const command = 'rm -rf /srv/prod-data';

  const cli = (args: string[], input?: string, env = team.alice.env, cwd = team.repo) =>
    spawnSync(process.execPath, [CLI, ...args], { cwd, env, encoding: 'utf8', ...(input !== undefined ? { input } : {}) });
  const hook = (cmd: string) => {
    const payload = { session_id: 's1', cwd: team.repo, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: cmd }, tool_use_id: 't1' };
    const r = cli(['hook', 'claude', '--no-editor'], JSON.stringify(payload));
    const out = r.stdout.trim()
      ? (JSON.parse(r.stdout) as { hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string }; systemMessage?: string })
      : {};
    return {
      code: r.status,
      decision: out.hookSpecificOutput?.permissionDecision ?? 'allow',
      reason: out.hookSpecificOutput?.permissionDecisionReason ?? '',
      system: out.systemMessage ?? '',
      raw: r,
    };
  };

  beforeEach(() => {
    // Whatever level the engine gives this command, the team wants a second person for it.
    team = makeTeam({ policy: { requires: { medium: 'peer-review', high: 'peer-review', critical: 'peer-review' } } });
  });
  afterEach(() => team.cleanup());

  it('denies before the approval, allows exactly once after it, then denies again', () => {
    const before = hook(command);
    assert.equal(before.code, 0, before.raw.stderr);
    assert.equal(before.decision, 'deny', before.raw.stdout);
    assert.match(before.reason, /second person/);

    const req = cli(['review', 'request', '--json', '--', command]);
    assert.equal(req.status, 0, req.stderr);
    const { links } = JSON.parse(req.stdout) as { links: { primary: string } };
    const bob = team.reviewers.bob!;
    const approve = cli(
      ['review', 'approve', links.primary, '--key', bob.key.path, '--as', 'bob@example.org', '--reason', 'backups verified'],
      undefined,
      bob.env,
      bob.home,
    );
    assert.equal(approve.status, 0, approve.stderr);
    const accept = cli(['review', 'accept', approve.stdout.trim()]);
    assert.equal(accept.status, 0, accept.stderr);

    assert.equal(hook('rm -rf /srv/prod-data2').decision, 'deny', 'another action is not released by this approval');
    const released = hook(command);
    assert.equal(released.code, 0, released.raw.stderr);
    assert.equal(released.decision, 'allow', released.raw.stdout);
    const again = hook(command);
    assert.equal(again.decision, 'deny', 'an approval releases its action once');

    const log = readFileSync(team.audit, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { decision: string; decidedBy: { type: string; name?: string } });
    assert.deepEqual(
      log.map((e) => `${e.decision} by ${e.decidedBy.type}${e.decidedBy.name ? ` ${e.decidedBy.name}` : ''}`),
      [
        'deny by policy',
        'approval-used by reviewer bob@example.org',
        'deny by policy',
        'approval-consumed by reviewer bob@example.org',
        'allow by reviewer bob@example.org',
        'deny by policy',
      ],
    );
    assert.equal(cli(['audit', 'verify', '--log', team.audit]).status, 0);
  });

  it('the agent-only chain through the hook: a key it made and listed in the working tree releases nothing, and the person is told why', () => {
    const req = cli(['review', 'request', '--json', '--', command]);
    const { id } = JSON.parse(req.stdout) as { id: string };
    // Each step an agent could take as the user: make a key, list it in the working tree, approve, accept.
    const agentKey = join(team.alice.home, 'agent-key');
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', agentKey]);
    const pub = readFileSync(`${agentKey}.pub`, 'utf8').trim();
    spawnSync('sh', ['-c', `echo "agent@example.com ${pub}" >> .blast-radius/allowed_signers`], { cwd: team.repo });
    const approve = cli(['review', 'approve', id, '--key', agentKey, '--as', 'agent@example.com']);
    assert.equal(approve.status, 1, "approve refuses at the requester's own machine");
    assert.match(approve.stderr, /made this request on this machine/);
    // The agent signs with its own code instead, and accepts:
    const loaded = loadReviewRequest(id, { cwd: team.repo });
    assert.ok(loaded.ok);
    const signed = signApproval({ request: loaded.request, reviewer: 'agent@example.com', key: { kind: 'ssh', path: agentKey } });
    assert.ok(signed.ok);
    const acc = cli(['review', 'accept', signed.token]);
    assert.equal(acc.status, 1);
    assert.match(acc.stderr, /refused \(signer\): signer not allowed: the signing key is not in the allowed signers file/);
    // Or writes the ledger line itself, skipping accept: the hook re-verifies and tells the person.
    appendRecord(
      {
        agent: 'cli',
        digest: loaded.request.digest,
        summary: '',
        level: 'critical',
        decision: 'approval-used',
        decidedBy: { type: 'reviewer' },
        requestId: id,
        approvalId: 'x'.repeat(64),
        token: signed.token,
      },
      { file: team.audit, env: team.alice.env },
    );
    const after = hook(command);
    assert.equal(after.decision, 'deny', after.raw.stdout);
    assert.match(after.system, /an accepted approval was refused: (signer|ledger)/);
  });
});
