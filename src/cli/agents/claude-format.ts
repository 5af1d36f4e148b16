// The Claude Code hook format, also spoken by VS Code agent hooks and Codex: stdin carries
// tool_name / tool_input (or camelCase), the answer is hookSpecificOutput.permissionDecision.
// An allow by the policy is printed as "no objection" (`{}`), never as permissionDecision "allow":
// that would skip the agent's own permission prompts, and Blast Radius never loosens the agent's
// own rules. An allow a person gave in the editor is the explicit "allow" (the person was just
// asked; asking again in the agent is noise), where the agent has one (Codex 0.171 rejects it).
import { toolToActions } from './tools';
import { type Adapter, type AgentName, type Answer, type ParsedCall, type ParseResult, type Verdict, isObj, json, personAllowed, str } from './types';

export interface ClaudeLikeOptions {
  name: AgentName;
  defaultDeadlineSeconds: number;
  maxDeadlineSeconds: number;
  /** The agent honours permissionDecision "ask" (Codex 0.171 treats it as a failed hook and runs the tool). */
  canAsk?: boolean;
  /** The agent accepts permissionDecision "allow" (Codex 0.171 rejects it as unsupported). */
  explicitAllow?: boolean;
}

export function parseClaudeLike(payload: unknown, agent?: AgentName): ParseResult {
  if (!isObj(payload)) return { ok: false, error: 'the hook input is not a JSON object' };
  const tool = str(payload.tool_name) ?? str(payload.toolName);
  if (!tool) return { ok: false, error: 'the hook input has no tool_name' };
  const cwd = str(payload.cwd) ?? process.cwd();
  const event = str(payload.hook_event_name) ?? str(payload.hookEventName) ?? 'PreToolUse';
  const session = str(payload.session_id) ?? str(payload.sessionId);
  const r = toolToActions(tool, payload.tool_input ?? payload.toolInput, cwd, agent);
  return { ok: true, call: { tool, event, cwd, ...(session ? { session } : {}), ...r } };
}

const isPermissionRequest = (event: string): boolean => event === 'PermissionRequest';

export function answerClaudeLike(v: Verdict, call: ParsedCall, explicitAllow: boolean): Answer {
  const person = explicitAllow && personAllowed(v);
  if (isPermissionRequest(call.event)) {
    // PermissionRequest: only deny is ours to give; ask and allow let the agent's dialog show,
    // unless a person already allowed it in the editor.
    if (person)
      return {
        stdout: json({ hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'allow' } }, systemMessage: v.userReason }),
        exitCode: 0,
      };
    if (v.decision !== 'deny') return { stdout: json(v.decision === 'ask' ? { systemMessage: v.userReason } : {}), exitCode: 0 };
    return {
      stdout: json({
        hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'deny', message: v.agentReason } },
        systemMessage: v.userReason,
      }),
      exitCode: 0,
    };
  }
  if (person) {
    return {
      stdout: json({ hookSpecificOutput: { hookEventName: call.event || 'PreToolUse', permissionDecision: 'allow', permissionDecisionReason: v.agentReason } }),
      exitCode: 0,
    };
  }
  if (v.decision === 'allow') return { stdout: json({}), exitCode: 0 };
  return {
    stdout: json({
      hookSpecificOutput: {
        hookEventName: call.event || 'PreToolUse',
        permissionDecision: v.decision,
        // For ask the reason is shown to the person, and in Claude's -p mode (where an ask becomes
        // a denial) to the model: the ask sentence is written for both (hook-local.ts).
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
    canAsk: () => o.canAsk ?? true,
    parse: (p) => parseClaudeLike(p, o.name),
    answer: (v, call) => answerClaudeLike(v, call, o.explicitAllow ?? true),
    block: blockClaudeLike,
  };
}
