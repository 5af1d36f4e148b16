// Claude Code: PreToolUse and PermissionRequest (Bash, Write, Edit, MultiEdit, NotebookEdit,
// ExitPlanMode plans, mcp__server__tool). Claude's own timeout is 600 s; the shim waits 120 s by
// default (or the policy's hook.timeoutSeconds) and never more than 590 s.
import { claudeLike } from './claude-format';

export const claude = claudeLike({ name: 'claude', defaultDeadlineSeconds: 120, maxDeadlineSeconds: 590 });
