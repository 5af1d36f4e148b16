// The agents' own bookkeeping tools pass, one case per name, through the real hook process with a
// policy that would deny anything that changes something and no editor: an agent that cannot
// update its todo list or topic is broken. The same name sent by another agent is judged as usual
// (the lists are per agent). Tools that type into a running shell are judged as what they type.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOOKKEEPING } from '../../../src/cli/agents/bookkeeping';
import { toolToActions } from '../../../src/cli/agents/tools';
import type { AgentName } from '../../../src/cli/agents/types';
import { type HookEnv, makeProject, outcomeOf, runHook } from './harness';

/** The payload each agent sends for a tool call, as captured from the real CLIs (test/agents). */
function payload(agent: AgentName, tool: string, input: Record<string, unknown>, cwd: string): unknown {
  switch (agent) {
    case 'gemini':
      return {
        session_id: 's',
        transcript_path: '/t.jsonl',
        cwd,
        hook_event_name: 'BeforeTool',
        timestamp: '2026-11-30T00:00:00Z',
        tool_name: tool,
        tool_input: input,
      };
    case 'copilot':
      return { sessionId: 's', timestamp: 0, cwd, toolName: tool, toolArgs: input };
    case 'cline':
      return {
        hookName: 'tool_call',
        taskId: 't',
        workspaceRoots: [cwd],
        tool_call: { id: 'c', name: tool, input },
        preToolUse: { toolName: tool, parameters: {} },
      };
    default:
      return { session_id: 's', cwd, hook_event_name: 'PreToolUse', tool_name: tool, tool_input: input };
  }
}

describe('bookkeeping tools pass (per agent, through the real hook)', function () {
  this.timeout(60_000);
  let root: string;
  let env: HookEnv;
  let project: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'br-bookkeeping-'));
    env = { home: join(root, 'home'), bridgeDir: join(root, 'run') };
    mkdirSync(env.home);
    project = makeProject(join(root, 'project'), 'deny');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  for (const [agent, names] of Object.entries(BOOKKEEPING) as [AgentName, string[]][]) {
    for (const tool of names) {
      it(`${agent}: ${tool} is allowed at once, even where the policy denies everything`, async () => {
        const r = await runHook(agent, JSON.stringify(payload(agent, tool, { title: 'x', todos: [] }, project)), env, [], project);
        assert.equal(outcomeOf(agent as never, r).outcome, 'allow', `${agent} ${tool}: ${r.stdout} ${r.stderr}`);
      });
    }
  }

  it('the lists are per agent: Gemini’s update_topic sent as a Claude tool is judged, not passed', () => {
    assert.equal(toolToActions('update_topic', { title: 'x' }, '/tmp', 'gemini').readOnly, true);
    assert.equal(toolToActions('update_topic', { title: 'x' }, '/tmp', 'claude').readOnly, false);
    assert.equal(toolToActions('stop_bash', { shellId: '1' }, '/tmp', 'copilot').readOnly, true);
    assert.equal(toolToActions('stop_bash', { shellId: '1' }, '/tmp', 'gemini').readOnly, false);
  });

  it('tools that type into a running shell are judged as the text they type (Codex write_stdin, Copilot write_bash)', async () => {
    const codex = await runHook(
      'codex',
      JSON.stringify(payload('codex', 'write_stdin', { session_id: 3, chars: 'rm -rf precious\n' }, project)),
      env,
      [],
      project,
    );
    assert.equal(outcomeOf('codex', codex).outcome, 'deny', codex.stdout);
    const copilot = await runHook(
      'copilot',
      JSON.stringify(payload('copilot', 'write_bash', { shellId: '0', input: 'rm -rf precious\n' }, project)),
      env,
      [],
      project,
    );
    assert.equal(outcomeOf('copilot', copilot).outcome, 'deny', copilot.stdout);
    assert.deepEqual(toolToActions('write_stdin', { session_id: 3, chars: 'ls\n' }, '/w').actions, [{ kind: 'shell', command: 'ls', cwd: '/w' }]);
    // An empty write only polls the session: nothing typed, nothing to judge.
    assert.equal(toolToActions('write_stdin', { session_id: 3, chars: '' }, '/w').readOnly, true);
  });
});
