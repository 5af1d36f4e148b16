// Gemini CLI BeforeTool (0.61, checked against the real binary in test/agents): tool_name /
// tool_input (run_shell_command {command, description, dir_path?}, write_file, replace
// {file_path, old_string, new_string, instruction, allow_multiple?}, MCP tools with mcp_context),
// plus session_id, transcript_path, timestamp. Answer {decision: allow|deny, reason}; exit 2 (any
// code but 0 and 1) blocks. Gemini does honour "ask" interactively, but in `-p` it waits forever
// on it: a call that needs confirmation is asked in the editor, and denied with a reason when no
// editor is listening. Its own bookkeeping tools (update_topic, write_todos…) pass (bookkeeping.ts).
// Project-level hooks run only in a trusted folder. Timeout 60 s (in ms); the shim answers by 55 s.
import { toolToActions } from './tools';
import { type Adapter, type ParseResult, blockByExitCode, isObj, json, str } from './types';

function parse(payload: unknown): ParseResult {
  if (!isObj(payload)) return { ok: false, error: 'the hook input is not a JSON object' };
  const tool = str(payload.tool_name) ?? str(payload.toolName);
  if (!tool) return { ok: false, error: 'the hook input has no tool_name' };
  const cwd = str(payload.cwd) ?? process.cwd();
  const session = str(payload.session_id);
  const event = str(payload.hook_event_name) ?? 'BeforeTool';
  // An MCP tool arrives under its bare name with mcp_context naming the server.
  const mcp = isObj(payload.mcp_context) ? payload.mcp_context : undefined;
  const server = mcp ? (str(mcp.server_name) ?? str(mcp.serverName) ?? str(mcp.server)) : undefined;
  const name = mcp && !tool.startsWith('mcp') ? `mcp__${server ?? 'unknown'}__${tool}` : tool;
  const r = toolToActions(name, payload.tool_input ?? payload.toolInput, cwd, 'gemini');
  return { ok: true, call: { tool, event, cwd, ...(session ? { session } : {}), ...r } };
}

export const gemini: Adapter = {
  name: 'gemini',
  defaultDeadlineSeconds: 55,
  maxDeadlineSeconds: 55,
  canAsk: () => false,
  parse,
  answer: (v) =>
    v.decision === 'allow'
      ? { stdout: json({ decision: 'allow' }), exitCode: 0 }
      : { stdout: json({ decision: 'deny', reason: v.agentReason, systemMessage: v.userReason }), exitCode: 0 },
  block: blockByExitCode,
};
