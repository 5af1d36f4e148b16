// The hook's light policy read (src/facts/policy-locate.ts) on its start-up path, through the real
// hook process with an editor listening on a real socket: a policy that is not JSONC blocks there,
// naming its line, and no editor is asked; a policy whose strings hold what looks like comments and
// trailing commas still gives its hook.timeoutSeconds; and the hook sends its own guard locations
// along, so the editor's facts count them as the hook's would.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BridgeRequest, BridgeResponse, BridgeServer } from '../../../src/bridge/server';
import { startBridgeServer } from '../../../src/bridge/server';
import { TEST_DIST } from '../../helpers';
import { type HookEnv, makeProject, outcomeOf, runHook } from './harness';

describe('hook: the light policy read on the start-up path', function () {
  this.timeout(60_000);
  let root: string;
  let env: HookEnv;
  let project: string;
  let server: BridgeServer;
  let received: Omit<BridgeRequest, 'token'>[] = [];
  let answer: () => Promise<BridgeResponse>;
  const log = () => join(root, 'audit.jsonl');
  const policy = (text: string) => writeFileSync(join(project, '.blast-radius', 'policy.json'), text);
  const bash = (command: string) =>
    JSON.stringify({ session_id: 's', cwd: project, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command }, tool_use_id: 't' });
  const lastLine = () =>
    JSON.parse(readFileSync(log(), 'utf8').trim().split('\n').pop()!) as { decision: string; reason: string; decidedBy: { type: string; name?: string } };
  let savedLog: string | undefined;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'br-policy-read-'));
    env = { home: join(root, 'home'), bridgeDir: join(root, 'run') };
    mkdirSync(env.home);
    project = makeProject(join(root, 'project'));
    mkdirSync(join(project, '.blast-radius'), { recursive: true });
    savedLog = process.env.BLAST_RADIUS_AUDIT_LOG;
    process.env.BLAST_RADIUS_AUDIT_LOG = log();
    server = await startBridgeServer({
      workspaceFolders: [project],
      dir: env.bridgeDir,
      onRequest: (req) => {
        received.push(req);
        return answer();
      },
    });
  });
  after(async () => {
    await server.close();
    if (savedLog === undefined) delete process.env.BLAST_RADIUS_AUDIT_LOG;
    else process.env.BLAST_RADIUS_AUDIT_LOG = savedLog;
    rmSync(root, { recursive: true, force: true });
  });
  beforeEach(() => {
    received = [];
    answer = async () => ({ decision: 'allow', reason: 'the editor allows it', decidedBy: 'person' });
  });

  it('a policy that is not JSONC blocks before any editor is asked, naming its line', async () => {
    policy('{\n  "version": 1,\n  "requires": { "medium": "confirm" \n}\n');
    const got = outcomeOf('claude', await runHook('claude', bash('echo hello'), env, [], project));
    assert.equal(got.outcome, 'deny');
    assert.match(
      got.reason,
      /^Blast Radius: the team policy file is broken \(.*\.blast-radius\/policy\.json:5:1: invalid JSON: a comma or a closing brace was expected\); nothing is allowed until it is fixed\.$/,
    );
    assert.equal(received.length, 0, 'the editor is not asked');
    const line = lastLine();
    assert.deepEqual([line.decision, line.decidedBy.type], ['deny', 'policy']);
  });

  it('a policy that cannot be read blocks the same way', async () => {
    rmSync(join(project, '.blast-radius', 'policy.json'), { force: true });
    mkdirSync(join(project, '.blast-radius', 'policy.json'));
    try {
      const got = outcomeOf('claude', await runHook('claude', bash('echo hello'), env, [], project));
      assert.equal(got.outcome, 'deny');
      assert.match(got.reason, /policy file is broken \(.*policy\.json: cannot read policy \(EISDIR\)\)/);
      assert.equal(received.length, 0);
    } finally {
      rmSync(join(project, '.blast-radius', 'policy.json'), { recursive: true, force: true });
    }
  });

  it('strings that hold ",}", "//" and "/*" do not hide hook.timeoutSeconds', async () => {
    policy(
      '{\n  // the team\'s policy\n  "rules": [ { "when": { "command": "^echo a,} // b /* c" }, "then": "confirm", }, ],\n  "hook": { "timeoutSeconds": 1, }, /* short */\n}\n',
    );
    answer = () => new Promise<BridgeResponse>(() => undefined);
    const got = outcomeOf('claude', await runHook('claude', bash('echo hello'), env, [], project));
    assert.equal(received.length, 1, 'the editor is asked');
    assert.equal(got.outcome, 'deny');
    assert.match(got.reason, /within 1s/);
  });

  it('the hook sends its own guard locations to the editor', async () => {
    policy('{ "version": 1 }');
    const got = outcomeOf('claude', await runHook('claude', bash('echo hello'), env, [], project));
    assert.equal(got.outcome, 'allow');
    const sent = received[0]?.guardPaths ?? [];
    assert.ok(sent.includes(TEST_DIST), `its own folder ${TEST_DIST}: ${sent.join(', ')}`);
    assert.ok(sent.includes(log()), `its audit log ${log()}: ${sent.join(', ')}`);
    assert.ok(sent.includes(env.bridgeDir), `its bridge folder: ${sent.join(', ')}`);
  });
});
