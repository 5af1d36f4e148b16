// Kiro: IDE 1.x / CLI v3 hook files (`toolArgs`, trigger PreToolUse) and CLI 2.x agent hooks
// (`tool_name`, `tool_input`). Tools: execute_bash (command, working_dir), fs_write (create,
// str_replace, insert, append), fs_read, use_aws, MCP tools. Exit 2 blocks and stderr goes to the
// agent; there is no "ask", so a call that needs confirmation is denied with a reason when no
// editor is listening. IDE 0.x `.kiro.hook` files carry no tool arguments: not usable as a gate.
import { toolToActions } from './tools';
import { type Adapter, type ParseResult, answerByExitCode, blockByExitCode, isObj, str } from './types';

function parse(payload: unknown): ParseResult {
  if (!isObj(payload)) return { ok: false, error: 'the hook input is not a JSON object' };
  const tool = str(payload.tool_name) ?? str(payload.toolName) ?? str(payload.tool);
  if (!tool) return { ok: false, error: 'the hook input has no tool_name' };
  const cwd = str(payload.cwd) ?? process.cwd();
  const event = str(payload.hook_event_name) ?? str(payload.trigger) ?? 'PreToolUse';
  const session = str(payload.session_id) ?? str(payload.sessionId);
  const r = toolToActions(tool, payload.toolArgs ?? payload.tool_input ?? payload.toolInput, cwd, 'kiro');
  return { ok: true, call: { tool, event, cwd, ...(session ? { session } : {}), ...r } };
}

export const kiro: Adapter = {
  name: 'kiro',
  defaultDeadlineSeconds: 25,
  maxDeadlineSeconds: 25,
  canAsk: () => false,
  parse,
  answer: answerByExitCode,
  block: blockByExitCode,
};
