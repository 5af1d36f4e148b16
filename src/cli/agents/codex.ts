// OpenAI Codex CLI: Claude-compatible hooks. Shell as Bash (`command` may be an argv array such as
// ["bash","-lc","…"]); file edits as apply_patch with the `*** Begin Patch` text in
// tool_input.command, which becomes a fileEdit whose diff is the patch.
import { claudeLike } from './claude-format';

export const codex = claudeLike({ name: 'codex', defaultDeadlineSeconds: 120, maxDeadlineSeconds: 590 });
