// GitHub Copilot CLI preToolUse (1.0.102, checked against the real binary in test/agents):
// {sessionId, timestamp, cwd, toolName, toolArgs} where toolArgs is a JSON object (older builds and
// the cloud agent sent a JSON string: both are read). Tools: bash {command, description}, edit,
// create, view…, plus its own bookkeeping (stop_bash, update_todo, write_agent…: bookkeeping.ts)
// and write_bash, judged as the text it types. Answer {permissionDecision, permissionDecisionReason}:
// "deny" blocks, "ask" prompts the person interactively and is a denial in `-p`, "allow" is
// explicit (sent only when a person allowed it in the editor; the policy's allow prints nothing).
// Exit 2 also blocks (what the installed command falls back to); the blocking answer is the deny JSON.
import { toolToActions } from './tools';
import { type Adapter, type ParseResult, isObj, json, personAllowed, str } from './types';

function parse(payload: unknown): ParseResult {
  if (!isObj(payload)) return { ok: false, error: 'the hook input is not a JSON object' };
  const tool = str(payload.toolName) ?? str(payload.tool_name);
  if (!tool) return { ok: false, error: 'the hook input has no toolName' };
  const cwd = str(payload.cwd) ?? process.cwd();
  let args: unknown = payload.toolArgs ?? payload.tool_input;
  if (typeof args === 'string') {
    try {
      args = JSON.parse(args);
    } catch {
      return { ok: false, error: 'toolArgs is not valid JSON' };
    }
  }
  const session = str(payload.sessionId) ?? str(payload.session_id);
  return { ok: true, call: { tool, event: 'preToolUse', cwd, ...(session ? { session } : {}), ...toolToActions(tool, args, cwd, 'copilot') } };
}

const decision = (d: 'allow' | 'deny' | 'ask', reason: string): string => json({ permissionDecision: d, permissionDecisionReason: reason });

export const copilot: Adapter = {
  name: 'copilot',
  defaultDeadlineSeconds: 25,
  maxDeadlineSeconds: 25,
  canAsk: () => true,
  parse,
  answer(v) {
    if (v.decision === 'allow') return personAllowed(v) ? { stdout: decision('allow', v.agentReason), exitCode: 0 } : { stdout: '', exitCode: 0 };
    return { stdout: decision(v.decision, v.decision === 'ask' ? v.userReason : v.agentReason), exitCode: 0 };
  },
  block: (reason) => ({ stdout: decision('deny', reason), stderr: `${reason}\n`, exitCode: 0 }),
};
