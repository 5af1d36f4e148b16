// Cursor hooks: beforeShellExecution (command, cwd), beforeMCPExecution (tool_name, tool_input as
// an object or a JSON string), preToolUse (Shell, Write, Edit, StrReplace, Delete, MCP:<tool>),
// beforeReadFile. Answer {permission, user_message, agent_message} (and the camelCase spellings).
// Cursor's "ask" is reported ignored in Auto-review mode, i.e. the tool would run: without an
// editor to ask in, a call that needs confirmation is denied with a reason instead.
import { toolToActions } from './tools';
import { type Adapter, type Answer, type ParseResult, type Verdict, isObj, json, str } from './types';

function parse(payload: unknown): ParseResult {
  if (!isObj(payload)) return { ok: false, error: 'the hook input is not a JSON object' };
  const event = str(payload.hook_event_name) ?? str(payload.hookEventName) ?? '';
  const roots = Array.isArray(payload.workspace_roots) ? payload.workspace_roots.filter((r): r is string => typeof r === 'string') : [];
  const cwd = str(payload.cwd) || roots[0] || process.cwd();
  const session = str(payload.conversation_id);
  const base = { event, cwd, ...(session ? { session } : {}) };
  if (event === 'beforeShellExecution') {
    const command = str(payload.command);
    if (command === undefined) return { ok: false, error: 'beforeShellExecution without a command' };
    return { ok: true, call: { ...base, tool: 'Shell', ...toolToActions('Shell', { command, cwd }, cwd) } };
  }
  if (event === 'beforeMCPExecution') {
    const name = str(payload.tool_name) ?? 'unknown';
    const tool = name.startsWith('MCP:') ? name : `MCP:${name}`;
    return { ok: true, call: { ...base, tool, ...toolToActions(tool, payload.tool_input, cwd) } };
  }
  if (event === 'beforeReadFile') return { ok: true, call: { ...base, tool: 'Read', actions: [], readOnly: true, problems: [] } };
  const tool = str(payload.tool_name) ?? str(payload.toolName);
  if (!tool) return { ok: false, error: `the hook input (${event || 'no hook_event_name'}) has no tool_name` };
  return { ok: true, call: { ...base, tool, ...toolToActions(tool, payload.tool_input ?? payload.toolInput, cwd) } };
}

const permission = (p: 'allow' | 'deny', user: string, agent: string): string =>
  json({ permission: p, user_message: user, agent_message: agent, userMessage: user, agentMessage: agent });

export const cursor: Adapter = {
  name: 'cursor',
  defaultDeadlineSeconds: 25,
  maxDeadlineSeconds: 25,
  canAsk: () => false,
  parse,
  answer(v: Verdict): Answer {
    if (v.decision === 'allow') return { stdout: json({ permission: 'allow' }), exitCode: 0 };
    return { stdout: permission('deny', v.userReason, v.agentReason), exitCode: 0 };
  },
  block: (reason) => ({ stdout: permission('deny', reason, reason), stderr: `${reason}\n`, exitCode: 2 }),
};
