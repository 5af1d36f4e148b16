// OpenAI Codex CLI (0.171): Claude-compatible PreToolUse hooks, with three differences read from
// its shipped binary and checked against it (test/agents): permissionDecision "ask" is rejected as
// unsupported and the hook counted as failed, so **the tool runs** (we never send ask: a call that
// needs confirmation is denied with a reason the model can act on); "allow" is rejected too (an
// allow is always "no objection", `{}`); a deny needs a non-empty reason. Exit 2 blocks.
// Shell calls arrive as tool_name "Bash" with tool_input.command a string (no workdir); native
// patches as tool_name "apply_patch" with the `*** Begin Patch` text in tool_input.command; an
// `apply_patch <<'EOF'` heredoc inside a Bash command is a patch too (tools.ts). Codex runs a new
// or changed hook only once a person trusts it (`/hooks` in its TUI): doctor checks that.
import { claudeLike } from './claude-format';

export const codex = claudeLike({ name: 'codex', defaultDeadlineSeconds: 120, maxDeadlineSeconds: 590, canAsk: false, explicitAllow: false });
