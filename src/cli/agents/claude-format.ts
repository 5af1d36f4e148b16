// The Claude Code hook format, also spoken by VS Code agent hooks and Codex: stdin carries
// tool_name / tool_input (or camelCase), the answer is hookSpecificOutput.permissionDecision.
// An allow is printed as "no objection" (`{}`), never as permissionDecision "allow": that would
// skip the agent's own permission prompts, and Blast Radius never loosens the agent's own rules.
import { toolToActions } from './tools';
import { type Adapter, type AgentName, type Answer, type ParsedCall, type ParseResult, type Verdict, isObj, json, str } from './types';

export interface ClaudeLikeOptions {
  name: AgentName;
  defaultDeadlineSeconds: number;
  maxDeadlineSeconds: number;
}

export function parseClaudeLike(payload: unknown): ParseResult {
  if (!isObj(payload)) return { ok: false, error: 'the hook input is not a JSON object' };
  const tool = str(payload.tool_name) ?? str(payload.toolName);
  if (!tool) return { ok: false, error: 'the hook input has no tool_name' };
  const cwd = str(payload.cwd) ?? process.cwd();
  const event = str(payload.hook_event_name) ?? str(payload.hookEventName) ?? 'PreToolUse';
  const session = str(payload.session_id) ?? str(payload.sessionId);
  const r = toolToActions(tool, payload.tool_input ?? payload.toolInput, cwd);
  return { ok: true, call: { tool, event, cwd, ...(session ? { session } : {}), ...r } };
}

const isPermissionRequest = (event: string): boolean => event === 'PermissionRequest';

export function answerClaudeLike(v: Verdict, call: ParsedCall): Answer {
  if (isPermissionRequest(call.event)) {
    // PermissionRequest: only deny is ours to give; ask and allow let the agent's dialog show.
    if (v.decision !== 'deny') return { stdout: json(v.decision === 'ask' ? { systemMessage: v.userReason } : {}), exitCode: 0 };
    return {
      stdout: json({ hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'deny', message: v.agentReason } }, systemMessage: v.userReason }),
      exitCode: 0,
    };
  }
  if (v.decision === 'allow') return { stdout: json({}), exitCode: 0 };
  return {
    stdout: json({
      hookSpecificOutput: {
        hookEventName: call.event || 'PreToolUse',
        permissionDecision: v.decision,
        // For ask the reason is shown to the person; for deny it goes to the agent.
        permissionDecisionReason: v.decision === 'ask' ? v.userReason : v.agentReason,
      },
      systemMessage: v.userReason,
    }),
    exitCode: 0,
  };
}

/** Exit 2 blocks PreToolUse; PermissionRequest ignores exit 2, so it gets its JSON deny instead. */
export function blockClaudeLike(reason: string, raw?: string): Answer {
  if (raw && /"(?:hook_event_name|hookEventName)"\s*:\s*"PermissionRequest"/.test(raw)) {
    return {
      stdout: json({ hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'deny', message: reason } } }),
      stderr: `${reason}\n`,
      exitCode: 0,
    };
  }
  return { stderr: `${reason}\n`, exitCode: 2 };
}

export function claudeLike(o: ClaudeLikeOptions): Adapter {
  return {
    name: o.name,
    defaultDeadlineSeconds: o.defaultDeadlineSeconds,
    maxDeadlineSeconds: o.maxDeadlineSeconds,
    canAsk: () => true,
    parse: parseClaudeLike,
    answer: answerClaudeLike,
    block: blockClaudeLike,
  };
}
