// Windsurf (Cascade) hooks: pre_run_command (tool_info.command_line, cwd), pre_write_code
// (tool_info.file_path, edits[{old_string,new_string}]), pre_mcp_tool_use (mcp_server_name,
// mcp_tool_name, mcp_tool_arguments), pre_read_code. Exit 2 with the reason on stderr blocks;
// there is no "ask", so a call that needs confirmation is denied when no editor is listening.
import { editResult, toolToActions } from './tools';
import { type Adapter, type ParseResult, answerByExitCode, blockByExitCode, isObj, str } from './types';

function parse(payload: unknown): ParseResult {
  if (!isObj(payload)) return { ok: false, error: 'the hook input is not a JSON object' };
  const event = str(payload.agent_action_name);
  if (!event) return { ok: false, error: 'the hook input has no agent_action_name' };
  const info = isObj(payload.tool_info) ? payload.tool_info : {};
  const cwd = str(info.cwd) ?? str(payload.cwd) ?? process.cwd();
  const session = str(payload.trajectory_id);
  const base = { event, cwd, ...(session ? { session } : {}) };
  switch (event) {
    case 'pre_read_code':
      return { ok: true, call: { ...base, tool: 'read_code', actions: [], readOnly: true, problems: [] } };
    case 'pre_run_command': {
      const command = str(info.command_line) ?? str(info.command);
      if (command === undefined) return { ok: false, error: 'pre_run_command without tool_info.command_line' };
      return { ok: true, call: { ...base, tool: 'run_command', ...toolToActions('run_command', { command }, cwd) } };
    }
    case 'pre_write_code': {
      const path = str(info.file_path);
      if (!path) return { ok: false, error: 'pre_write_code without tool_info.file_path' };
      const edits = (Array.isArray(info.edits) ? info.edits : [])
        .filter(isObj)
        .map((e) => ({ oldText: str(e.old_string) ?? '', newText: str(e.new_string) ?? '', all: false }));
      return { ok: true, call: { ...base, tool: 'write_code', ...editResult(path, edits, cwd) } };
    }
    case 'pre_mcp_tool_use': {
      const tool = `mcp__${str(info.mcp_server_name) ?? 'unknown'}__${str(info.mcp_tool_name) ?? 'unknown'}`;
      return { ok: true, call: { ...base, tool, ...toolToActions(tool, info.mcp_tool_arguments, cwd) } };
    }
    default:
      return { ok: true, call: { ...base, tool: event, ...toolToActions(event, info, cwd) } };
  }
}

export const windsurf: Adapter = {
  name: 'windsurf',
  defaultDeadlineSeconds: 25,
  maxDeadlineSeconds: 25,
  canAsk: () => false,
  parse,
  answer: answerByExitCode,
  block: blockByExitCode,
};
