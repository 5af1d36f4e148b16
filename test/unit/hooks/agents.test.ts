// Every agent's payload fixtures through the real hook process: with an editor listening on a real
// socket (the editor sees the right Action, its decision reaches the agent in the agent's format),
// and without one (policy alone, for each requirement), plus malformed input and a slow editor.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BridgeRequest, BridgeResponse, BridgeServer } from '../../../src/bridge/server';
import { startBridgeServer } from '../../../src/bridge/server';
import {
  AGENT_NAMES,
  type Agent,
  agentFixtures,
  EXPLICIT_ALLOW,
  expectedOutcome,
  type HookEnv,
  makeProject,
  outcomeOf,
  payloadText,
  runHook,
  runNode,
  SHELL_FIXTURE,
} from './harness';

const REQUIREMENTS = [
  { level: 'low', requires: 'none', decision: 'allow' },
  { level: 'medium', requires: 'confirm', decision: 'ask' },
  { level: 'high', requires: 'typed-confirm', decision: 'ask' },
  { level: 'critical', requires: 'peer-review', decision: 'deny' },
  { level: 'forbidden', requires: 'deny', decision: 'deny' },
] as const;

describe('hook: every agent through the real hook process', function () {
  this.timeout(60_000);
  let root: string;
  let env: HookEnv;
  let withEditor: string;
  const noEditor: Record<string, string> = {};
  let server: BridgeServer;
  let received: Omit<BridgeRequest, 'token'>[] = [];
  let answer: (req: Omit<BridgeRequest, 'token'>, signal: AbortSignal) => Promise<BridgeResponse>;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'br-hooks-'));
    env = { home: join(root, 'home'), bridgeDir: join(root, 'run') };
    mkdirSync(env.home);
    withEditor = makeProject(join(root, 'with-editor'));
    for (const r of REQUIREMENTS) noEditor[r.requires] = makeProject(join(root, `policy-${r.requires}`), r.requires);
    server = await startBridgeServer({
      workspaceFolders: [withEditor],
      dir: env.bridgeDir,
      onRequest: (req, signal) => {
        received.push(req);
        return answer(req, signal);
      },
    });
  });
  after(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });
  beforeEach(() => {
    received = [];
    answer = async (req) => ({ decision: 'deny', reason: `editor says no to ${req.actions[0]!.kind} from ${req.agent}` });
  });

  for (const agent of AGENT_NAMES) {
    describe(agent, () => {
      for (const f of agentFixtures(agent)) {
        it(`${agent}/${f.name}: the editor sees ${f.expect.readOnly ? 'nothing (read-only)' : `a ${f.expect.kind}`} and its answer reaches the agent`, async () => {
          const r = await runHook(agent, payloadText(f, withEditor), env, [], withEditor);
          const got = outcomeOf(agent, r);
          if (f.expect.readOnly) {
            assert.equal(received.length, 0, `${agent}/${f.name}: a read-only tool must not reach the editor`);
            assert.equal(got.outcome, 'allow', `${agent}/${f.name}: read-only is allowed at once`);
            return;
          }
          assert.equal(received.length, 1, `${agent}/${f.name}: exactly one request to the editor (stderr: ${r.stderr})`);
          const req = received[0]!;
          assert.equal(req.agent, agent);
          assert.equal(req.cwd, withEditor, `${agent}/${f.name}: cwd`);
          assert.equal(req.actions[0]!.kind, f.expect.kind, `${agent}/${f.name}: action kind`);
          const text = JSON.stringify(req.actions);
          for (const c of f.expect.contains ?? []) assert.ok(text.includes(c), `${agent}/${f.name}: the action should contain ${c}\n${text}`);
          const permissionRequest = f.name === 'permission-request';
          assert.equal(got.outcome, permissionRequest ? 'deny' : expectedOutcome(agent, 'deny'), `${agent}/${f.name}: outcome`);
          assert.match(got.reason, new RegExp(`editor says no to ${f.expect.kind} from ${agent}`), `${agent}/${f.name}: the editor's reason reaches the agent`);
        });
      }

      const shell = agentFixtures(agent).find((f) => f.name === SHELL_FIXTURE[agent])!;
      for (const r of REQUIREMENTS) {
        it(`${agent}: ${r.level} (${r.requires}) with no editor → ${expectedOutcome(agent, r.decision)}`, async () => {
          const res = await runHook(agent, payloadText(shell, noEditor[r.requires]!), env, [], noEditor[r.requires]);
          const got = outcomeOf(agent, res);
          assert.equal(got.outcome, expectedOutcome(agent, r.decision), `${agent} ${r.level}: ${res.stdout} ${res.stderr}`);
          assert.equal(received.length, 0, 'an editor for another folder is not asked');
          if (got.outcome !== 'allow') {
            assert.match(got.reason, /^Blast Radius: /, `${agent} ${r.level}: reason`);
            if (r.requires === 'deny') assert.match(got.reason, /forbids this/);
            else if (r.requires === 'peer-review') assert.match(got.reason, /second person's review.*blast-radius review request/);
            else if (got.outcome !== 'ask') assert.match(got.reason, /no Blast Radius editor is open on this folder to ask in\. Do not retry it as is/);
            else
              assert.match(
                got.reason,
                /If it is refused, do not retry it as is/,
                `${agent}: the ask's reason also tells the model what to do when the ask becomes a denial`,
              );
          }
        });
      }

      for (const bad of [
        { name: 'malformed JSON', stdin: '{"tool_name": "Bash", ' },
        { name: 'empty stdin', stdin: '' },
        { name: 'a JSON array', stdin: '[1,2,3]' },
        { name: 'an object without a tool', stdin: '{"hello":"world"}' },
      ]) {
        it(`${agent}: ${bad.name} → the blocking answer with one line why`, async () => {
          const res = await runHook(agent, bad.stdin, env, [], withEditor);
          const got = outcomeOf(agent, res);
          assert.equal(got.outcome, expectedOutcome(agent, 'error'), `${agent} ${bad.name}: ${res.stdout} ${res.stderr}`);
          const lines = res.stderr.trim().split('\n');
          assert.equal(lines.length, 1, `${agent} ${bad.name}: one stderr line, got ${res.stderr}`);
          assert.match(lines[0]!, /^Blast Radius: .*blocked/);
          assert.equal(received.length, 0);
        });
      }

      it(`${agent}: an editor that does not decide in time → deny, answered by the editor just before the hook's deadline`, async () => {
        let aborted = false;
        answer = (_req, signal) => new Promise(() => signal.addEventListener('abort', () => (aborted = true)));
        const res = await runHook(agent, payloadText(shell, withEditor), env, ['--timeout', '2.5'], withEditor);
        const got = outcomeOf(agent, res);
        assert.equal(received.length, 1);
        assert.equal(got.outcome, expectedOutcome(agent, 'deny'), `${agent}: ${res.stdout} ${res.stderr}`);
        assert.match(got.reason, /no decision within/);
        assert.ok(aborted, 'the editor is told (signal) that the hook has given up');
      });

      it(`${agent}: the editor's ask ${CAN_ASK_TEXT(agent)}`, async () => {
        answer = async () => ({ decision: 'ask', reason: 'Blast Radius: the person should look' });
        const res = await runHook(agent, payloadText(shell, withEditor), env, [], withEditor);
        assert.equal(outcomeOf(agent, res).outcome, expectedOutcome(agent, 'ask'));
      });

      it(`${agent}: a person's allow in the editor is ${EXPLICIT_ALLOW.has(agent) ? "the agent's explicit allow" : '"no objection" (the agent has no explicit allow)'}`, async () => {
        answer = async () => ({ decision: 'allow', reason: 'fine', decidedBy: 'person' });
        const res = await runHook(agent, payloadText(shell, withEditor), env, [], withEditor);
        assert.equal(outcomeOf(agent, res).outcome, 'allow', `${res.stdout} ${res.stderr}`);
        assert.equal(res.code, 0);
        const explicit = /"permissionDecision":"allow"|"permission":"allow"|"decision":"allow"|"cancel":false/.test(res.stdout);
        assert.equal(explicit, EXPLICIT_ALLOW.has(agent), `${agent}: explicit allow? ${res.stdout}`);
      });

      it(`${agent}: the editor's policy allow (no person asked) is "no objection", never the agent's explicit allow where it skips the agent's own prompts`, async () => {
        answer = async () => ({ decision: 'allow', reason: 'fine', decidedBy: 'policy' });
        const res = await runHook(agent, payloadText(shell, withEditor), env, [], withEditor);
        assert.equal(outcomeOf(agent, res).outcome, 'allow', `${res.stdout} ${res.stderr}`);
        assert.doesNotMatch(res.stdout, /"permissionDecision":"allow"/, `${agent}: ${res.stdout}`);
      });
    });
  }

  it('`blast-radius hook <agent>` (the full CLI) answers as dist/hook.js does, with and without an editor', async () => {
    const { TEST_CLI: CLI } = require('../../helpers') as typeof import('../../helpers');
    const shell = agentFixtures('claude').find((f) => f.name === 'bash')!;
    for (const cwd of [withEditor, noEditor.deny!]) {
      const viaHook = await runHook('claude', payloadText(shell, cwd), env, [], cwd);
      received = [];
      const viaCli = await runNode([CLI, 'hook', 'claude'], payloadText(shell, cwd), env, cwd);
      assert.deepEqual(viaCli, viaHook, cwd);
    }
  });

  it("the policy's hook.timeoutSeconds (in a policy file with comments) sets the hook's deadline", async () => {
    const dir = makeProject(join(root, 'with-editor', 'short-timeout'));
    mkdirSync(join(dir, '.blast-radius'), { recursive: true });
    require('node:fs').writeFileSync(join(dir, '.blast-radius', 'policy.json'), '{\n  // answer fast\n  "hook": { "timeoutSeconds": 1, },\n}\n');
    answer = () => new Promise<BridgeResponse>(() => undefined);
    const f = agentFixtures('claude').find((x) => x.name === 'bash')!;
    const got = outcomeOf('claude', await runHook('claude', payloadText(f, dir), env, [], dir));
    assert.equal(received.length, 1, 'the editor for the enclosing folder is asked');
    assert.notEqual(got.outcome, 'allow');
    assert.match(got.reason, /within 1s/);
  });

  it('--no-editor decides by the policy alone even with an editor listening; a bad option blocks', async () => {
    const f = agentFixtures('claude').find((x) => x.name === 'bash')!;
    const res = await runHook('claude', payloadText(f, withEditor), env, ['--no-editor'], withEditor);
    assert.equal(received.length, 0, 'the editor is not asked');
    assert.notEqual(outcomeOf('claude', res).outcome, 'block', res.stderr);
    const bad = await runHook('claude', payloadText(f, withEditor), env, ['--timeout', 'soon'], withEditor);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^Blast Radius: --timeout needs a positive number of seconds; blocked\.$/m);
  });

  it('an unknown agent is blocked with exit 2 and one line', async () => {
    const res = await runHook('aider', '{}', env);
    assert.equal(res.code, 2);
    assert.match(res.stderr.trim(), /^Blast Radius: unknown agent 'aider'.*blocked\.$/);
  });

  it('an edit whose old text is not in the file is denied with a reason the agent can act on', async () => {
    const f = agentFixtures('claude').find((x) => x.name === 'edit')!;
    const text = payloadText(f, withEditor).replace('"old_string":"3000"', '"old_string":"4000"');
    const res = await runHook('claude', text, env);
    const got = outcomeOf('claude', res);
    assert.equal(got.outcome, 'deny');
    assert.match(got.reason, /text to replace is not in .*app\.ts.*re-read the file/);
    assert.equal(received.length, 0, 'nothing to ask the editor about');
  });

  it('a Claude PermissionRequest that is malformed still gets the JSON deny (exit 2 is ignored there)', async () => {
    const res = await runHook('claude', '{"hook_event_name":"PermissionRequest","tool_name":', env);
    assert.equal(res.code, 0);
    assert.equal(JSON.parse(res.stdout).hookSpecificOutput.decision.behavior, 'deny');
  });

  it('a broken policy file denies by policy alone, naming the file', async () => {
    const dir = makeProject(join(root, 'broken-policy'));
    mkdirSync(join(dir, '.blast-radius'), { recursive: true });
    require('node:fs').writeFileSync(join(dir, '.blast-radius', 'policy.json'), '{"requires": {"low": "maybe"}}');
    const f = agentFixtures('gemini').find((x) => x.name === 'run_shell_command')!;
    const got = outcomeOf('gemini', await runHook('gemini', payloadText(f, dir), env));
    assert.equal(got.outcome, 'deny');
    assert.match(got.reason, /policy file is broken .*policy\.json/);
  });
});

function CAN_ASK_TEXT(agent: Agent): string {
  return expectedOutcome(agent, 'ask') === 'ask' ? 'becomes the agent’s own ask' : 'becomes a deny (the agent has no working ask)';
}
