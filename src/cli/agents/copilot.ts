// GitHub Copilot CLI / cloud agent preToolUse: toolName (bash, powershell, edit, create, view…) and
// toolArgs as a JSON string. Only "deny" is acted on, so an allow prints nothing and a call that
// needs confirmation is asked in the editor, or denied with a reason when none is listening. The
// blocking answer is the deny JSON with exit 0 (exit 2 is not documented to block here).
import { toolToActions } from './tools';
import { type Adapter, type ParseResult, isObj, json, str } from './types';

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
  return { ok: true, call: { tool, event: 'preToolUse', cwd, ...(session ? { session } : {}), ...toolToActions(tool, args, cwd) } };
}

const deny = (reason: string): string => json({ permissionDecision: 'deny', permissionDecisionReason: reason });

export const copilot: Adapter = {
  name: 'copilot',
  defaultDeadlineSeconds: 25,
  maxDeadlineSeconds: 25,
  canAsk: () => false,
  parse,
  answer: (v) => (v.decision === 'allow' ? { stdout: '', exitCode: 0 } : { stdout: deny(v.agentReason), exitCode: 0 }),
  block: (reason) => ({ stdout: deny(reason), stderr: `${reason}\n`, exitCode: 0 }),
};
