// Cline CLI 3.x hook files (PreToolUse in ~/Documents/Cline/Hooks/, ~/.cline/hooks/,
// <ws>/.clinerules/hooks/, <ws>/.cline/hooks/; read from its shipped @cline/core and checked against
// the real binary in test/agents). Stdin: {clineVersion, hookName: "tool_call", taskId,
// workspaceRoots, tool_call: {id, name, input}, preToolUse: {toolName, parameters}} where each
// parameter that is not a string arrives JSON-encoded, so tool_call.input (the real object) is read
// first. Tools: run_commands {commands: [...]}, editor {path, old_text, new_text, insert_line},
// apply_patch {input}, read_files, search_codebase… The older VS Code extension sends
// execute_command / write_to_file / replace_in_file, still read here.
// The answer is the JSON on stdout, {cancel, errorMessage}. Cline 3.x ignores the exit code and
// **runs the tool** when the hook crashes, prints no JSON, or times out (30 s): the installed
// script prints the cancel JSON itself when the hook cannot start (install.ts), and the shim
// answers by 25 s. No "ask": a call that needs confirmation is denied with a reason.
import { toolToActions } from './tools';
import { type Adapter, type ParseResult, isObj, json, str } from './types';

function parse(payload: unknown): ParseResult {
  if (!isObj(payload)) return { ok: false, error: 'the hook input is not a JSON object' };
  const pre = isObj(payload.preToolUse) ? payload.preToolUse : undefined;
  const call = isObj(payload.tool_call) ? payload.tool_call : undefined;
  const tool = (call ? str(call.name) : undefined) ?? (pre ? (str(pre.toolName) ?? str(pre.tool)) : undefined);
  if (!tool) return { ok: false, error: 'the hook input has no preToolUse.toolName' };
  const roots = Array.isArray(payload.workspaceRoots) ? payload.workspaceRoots.filter((r): r is string => typeof r === 'string') : [];
  const cwd = roots[0] ?? str(payload.cwd) ?? process.cwd();
  const session = str(payload.taskId);
  const event = str(payload.hookName) ?? 'PreToolUse';
  const input = call && call.input !== undefined ? call.input : pre?.parameters;
  return { ok: true, call: { tool, event, cwd, ...(session ? { session } : {}), ...toolToActions(tool, input, cwd, 'cline') } };
}

export const cline: Adapter = {
  name: 'cline',
  defaultDeadlineSeconds: 25,
  maxDeadlineSeconds: 25,
  canAsk: () => false,
  parse,
  answer: (v) =>
    v.decision === 'allow' ? { stdout: json({ cancel: false }), exitCode: 0 } : { stdout: json({ cancel: true, errorMessage: v.agentReason }), exitCode: 0 },
  block: (reason) => ({ stdout: json({ cancel: true, errorMessage: reason }), stderr: `${reason}\n`, exitCode: 0 }),
};
