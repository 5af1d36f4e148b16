// Cline PreToolUse hook script: stdin {hookName, taskId, workspaceRoots, preToolUse:{toolName,
// parameters}} (execute_command, write_to_file, replace_in_file SEARCH/REPLACE blocks,
// use_mcp_tool, read_file…). The answer is the last JSON object on stdout, {cancel, errorMessage};
// Cline fails closed on a non-zero exit, bad JSON or a timeout. No "ask": deny with a reason.
import { toolToActions } from './tools';
import { type Adapter, type ParseResult, isObj, json, str } from './types';

function parse(payload: unknown): ParseResult {
  if (!isObj(payload)) return { ok: false, error: 'the hook input is not a JSON object' };
  const pre = isObj(payload.preToolUse) ? payload.preToolUse : undefined;
  const tool = pre ? (str(pre.toolName) ?? str(pre.tool)) : undefined;
  if (!pre || !tool) return { ok: false, error: 'the hook input has no preToolUse.toolName' };
  const roots = Array.isArray(payload.workspaceRoots) ? payload.workspaceRoots.filter((r): r is string => typeof r === 'string') : [];
  const cwd = roots[0] ?? str(payload.cwd) ?? process.cwd();
  const session = str(payload.taskId);
  const event = str(payload.hookName) ?? 'PreToolUse';
  return { ok: true, call: { tool, event, cwd, ...(session ? { session } : {}), ...toolToActions(tool, pre.parameters, cwd) } };
}

export const cline: Adapter = {
  name: 'cline',
  defaultDeadlineSeconds: 25,
  maxDeadlineSeconds: 25,
  canAsk: () => false,
  parse,
  answer: (v) => (v.decision === 'allow' ? { stdout: json({ cancel: false }), exitCode: 0 } : { stdout: json({ cancel: true, errorMessage: v.agentReason }), exitCode: 0 }),
  block: (reason) => ({ stdout: json({ cancel: true, errorMessage: reason }), stderr: `${reason}\n`, exitCode: 0 }),
};
