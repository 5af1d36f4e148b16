// VS Code agent hooks (GitHub Copilot agent mode): Claude's format with camelCase tool inputs
// (filePath, oldString) and VS Code tool names (run_in_terminal, create_file,
// replace_string_in_file, multi_replace_string_in_file, apply_patch, vscode_reviewPlan). Matchers
// are ignored by VS Code, so every tool call arrives here and read-only ones are let through at
// once. VS Code kills a hook after 30 s (its default) and then lets the tool run: answer by 25 s.
import { claudeLike } from './claude-format';

export const vscode = claudeLike({ name: 'vscode', defaultDeadlineSeconds: 25, maxDeadlineSeconds: 25 });
