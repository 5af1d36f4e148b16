// Tool calls → Actions, shared by every adapter: agents read each other's hook files (VS Code
// loads Claude's, Cursor loads Claude's), so any adapter may see any agent's tool names, in
// snake_case or camelCase. Edits become fileEdit with the real unified diff against the file on
// disk; writes carry the previous content; unknown tools become toolCall and the engine decides.
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Action, ShellDialect } from '../../engine/schema';
import { isBookkeeping } from './bookkeeping';
import { type AgentName, isObj, str } from './types';

export interface ToolResult {
  actions: Action[];
  readOnly: boolean;
  problems: string[];
}

/** Tools that only read (lower-cased). Web fetches are left out: a URL can carry data out. */
const READ_ONLY = new Set([
  // Claude Code, Cursor
  'read',
  'grep',
  'glob',
  'ls',
  'notebookread',
  'todoread',
  'readfile',
  'semanticsearch',
  'codebasesearch',
  'listdir',
  // VS Code / Copilot agent mode
  'read_file',
  'grep_search',
  'file_search',
  'semantic_search',
  'list_dir',
  'get_errors',
  'get_changed_files',
  'list_code_usages',
  'test_search',
  'get_search_view_results',
  'search',
  'list',
  // Gemini CLI
  'read_many_files',
  'list_directory',
  'search_file_content',
  // Copilot CLI, Kiro
  'view',
  'fs_read',
  // Cline (VS Code extension; CLI 3.x)
  'list_files',
  'search_files',
  'list_code_definition_names',
  'read_files',
  'search_codebase',
]);

const SHELL_TOOLS = new Set([
  'bash',
  'shell',
  'run_in_terminal',
  'execute_bash',
  'execute_command',
  'run_shell_command',
  'execute_cmd',
  'local_shell',
  'exec_command',
  'container.exec',
  'run_command',
  'terminal',
]);
const PWSH_TOOLS = new Set(['powershell', 'pwsh']);
const WRITE_TOOLS = new Set(['write', 'create_file', 'write_file', 'write_to_file', 'create', 'writefile']);
const EDIT_TOOLS = new Set(['edit', 'strreplace', 'str_replace', 'replace', 'replace_string_in_file', 'edit_file', 'search_replace']);
const MULTI_EDIT_TOOLS = new Set(['multiedit', 'multi_replace_string_in_file']);
const DELETE_TOOLS = new Set(['delete', 'delete_file', 'fs_delete', 'remove_file', 'deletefile', 'rm']);
const PLAN_TOOLS = new Set(['exitplanmode', 'vscode_reviewplan', 'exit_plan_mode']);
const PATCH_TOOLS = new Set(['apply_patch', 'applypatch']);
/** Tools that type into a shell the agent started earlier (Copilot write_bash, Codex write_stdin). */
const TYPE_INTO_SHELL = new Set(['write_bash', 'write_stdin']);
/** Editor-style tools keyed by a `command` sub-field (Kiro fs_write, Copilot str_replace_editor). */
const EDITOR_TOOLS = new Set(['fs_write', 'str_replace_editor', 'str_replace_based_edit_tool']);

export const isReadOnlyTool = (tool: string): boolean => READ_ONLY.has(tool.toLowerCase());

/** The first string among `keys` in `input`. */
export function pick(input: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = input[k];
    if (typeof v === 'string') return v;
  }
  return undefined;
}
const PATH_KEYS = ['file_path', 'filePath', 'path', 'target_file', 'targetFile', 'notebook_path', 'absolute_path', 'absolutePath', 'file'];
const OLD_KEYS = ['old_string', 'oldString', 'old_str', 'oldText', 'old_text'];
const NEW_KEYS = ['new_string', 'newString', 'new_str', 'newText', 'new_text'];

/** Input as an object; a JSON string is parsed (Cursor MCP, Copilot CLI send strings). */
export function asInput(v: unknown): Record<string, unknown> {
  if (isObj(v)) return v;
  if (typeof v === 'string') {
    try {
      const parsed: unknown = JSON.parse(v);
      if (isObj(parsed)) return parsed;
    } catch {
      // not JSON: keep it as raw text the engine can still see
    }
    return { raw: v };
  }
  return v === undefined ? {} : { raw: v };
}

/**
 * The Actions a tool call carries. `agent` names whose tool list applies for bookkeeping tools
 * (bookkeeping.ts): the same name may mean something else to another agent.
 */
export function toolToActions(toolName: string, rawInput: unknown, cwd: string, agent?: AgentName): ToolResult {
  const tool = toolName.toLowerCase();
  const input = asInput(rawInput);
  const ok = (...actions: Action[]): ToolResult => ({ actions, readOnly: false, problems: [] });
  // Bookkeeping tools change nothing outside the agent's own state: let through like a read.
  if (READ_ONLY.has(tool) || isBookkeeping(agent, tool)) return { actions: [], readOnly: true, problems: [] };
  if (TYPE_INTO_SHELL.has(tool)) {
    // Judged as the text it types, as if it were a command of its own; an empty write only polls.
    const typed = pick(input, 'chars', 'input', 'text', 'data');
    if (typed === undefined || !typed.trim()) return { actions: [], readOnly: true, problems: [] };
    return ok(...shellActions(typed.replace(/\r?\n$/, ''), cwd));
  }
  if (tool === 'run_commands') {
    // Cline CLI: {commands: [string | {command, args}]} (the hook's parameters hold it as JSON text).
    const list = clineCommands(input);
    if (!list.length) return ok({ kind: 'toolCall', tool: toolName, input });
    return ok(...list.flatMap((c) => shellActions(c, cwd)));
  }
  if (tool === 'editor' && pick(input, 'path') !== undefined) return clineEditor(toolName, input, pick(input, 'path')!, cwd);

  if (tool.startsWith('mcp__') || tool.startsWith('mcp:') || tool.startsWith('mcp_')) return ok({ kind: 'toolCall', tool: toolName, input });
  if (tool === 'use_mcp_tool') {
    const server = pick(input, 'server_name', 'serverName') ?? 'unknown';
    const name = pick(input, 'tool_name', 'toolName') ?? 'unknown';
    return ok({ kind: 'toolCall', tool: `mcp__${server}__${name}`, input: asInput(input.arguments) });
  }
  if (SHELL_TOOLS.has(tool) || PWSH_TOOLS.has(tool)) {
    const command = shellCommand(input);
    if (command === undefined) return ok({ kind: 'toolCall', tool: toolName, input });
    const dir = pick(input, 'cwd', 'workdir', 'working_dir', 'workingDirectory', 'directory', 'dir_path');
    const shell: ShellDialect | undefined = PWSH_TOOLS.has(tool) ? 'pwsh' : undefined;
    return ok(...shellActions(command, dir ? resolve(cwd, dir) : cwd, shell, input.tty === true));
  }
  if (PATCH_TOOLS.has(tool)) {
    const patch = patchText(input);
    if (patch === undefined) return ok({ kind: 'toolCall', tool: toolName, input });
    return ok({ kind: 'fileEdit', path: patchFirstPath(patch) ?? '(patch)', diff: patch });
  }
  if (PLAN_TOOLS.has(tool)) {
    const text = pick(input, 'plan', 'text', 'content', 'markdown', 'summary') ?? JSON.stringify(input);
    return ok({ kind: 'plan', text });
  }
  const path = pick(input, ...PATH_KEYS);
  if (DELETE_TOOLS.has(tool)) {
    const paths = Array.isArray(input.paths) ? input.paths.filter((p): p is string => typeof p === 'string') : path ? [path] : [];
    return paths.length ? ok({ kind: 'fileDelete', paths }) : ok({ kind: 'toolCall', tool: toolName, input });
  }
  if (path !== undefined && WRITE_TOOLS.has(tool)) {
    const content = pick(input, 'content', 'contents', 'file_text', 'fileText', 'text', 'code') ?? '';
    return ok(fileWrite(path, content, cwd));
  }
  if (path !== undefined && EDIT_TOOLS.has(tool)) {
    const oldText = pick(input, ...OLD_KEYS);
    const newText = pick(input, ...NEW_KEYS);
    if (oldText === undefined || newText === undefined) return ok({ kind: 'toolCall', tool: toolName, input });
    // Gemini's replace says `allow_multiple: true` for "every occurrence".
    const all = input.replace_all === true || input.replaceAll === true || input.allow_multiple === true;
    return editResult(path, [{ oldText, newText, all }], cwd);
  }
  if (MULTI_EDIT_TOOLS.has(tool)) return multiEdit(toolName, input, cwd);
  if (tool === 'insert_edit_into_file' && path !== undefined) {
    // VS Code's sketch edit ("...existing code..."): no exact old text; the engine sees the new code.
    return ok({ kind: 'fileEdit', path, edits: [{ oldText: '', newText: pick(input, 'code', 'content') ?? '' }] });
  }
  if (tool === 'replace_in_file' && path !== undefined) {
    const blocks = parseSearchReplace(pick(input, 'diff') ?? '');
    if (!blocks.length)
      return { actions: [{ kind: 'fileEdit', path, edits: [] }], readOnly: false, problems: [`the edit to ${path} holds no SEARCH/REPLACE block`] };
    return editResult(
      path,
      blocks.map((b) => ({ ...b, all: false })),
      cwd,
    );
  }
  if (tool === 'notebookedit' && path !== undefined) {
    return ok({ kind: 'fileEdit', path, edits: [{ oldText: '', newText: pick(input, 'new_source', 'newSource') ?? '' }] });
  }
  if (EDITOR_TOOLS.has(tool) && path !== undefined) return editorTool(toolName, input, path, cwd);
  return ok({ kind: 'toolCall', tool: toolName, input });
}

/**
 * A shell command as Actions: the command itself, plus what the shell would hand to another tool
 * that the shell analysis cannot see into. `apply_patch <<'EOF' … EOF` (Codex applies it itself,
 * whatever the shell does) is a patch, judged like the native apply_patch tool. A bare interactive
 * shell or REPL (`bash`, `python3` with no script, a Codex `exec_command` with `tty`) is a
 * session the agent can later type into with write_stdin, which never reaches the hook: it becomes
 * a toolCall the engine scores as running something (see the report: the engine rule expected).
 */
export function shellActions(command: string, cwd: string, shell?: ShellDialect, tty = false): Action[] {
  const actions: Action[] = [{ kind: 'shell', command, cwd, ...(shell ? { shell } : {}) }];
  for (const patch of shellPatches(command)) actions.push({ kind: 'fileEdit', path: patchFirstPath(patch) ?? '(patch)', diff: patch });
  const repl = interactiveProgram(command, tty);
  if (repl) actions.push({ kind: 'toolCall', tool: 'start_interactive_session', input: { program: repl, argv: command.trim(), tty, cwd } });
  return actions;
}

/** The patches in `apply_patch <<'EOF' … EOF` heredocs and `apply_patch '*** Begin Patch…'` arguments. */
export function shellPatches(command: string): string[] {
  const out: string[] = [];
  const heredoc = /(?:^|[\s;&|(])(?:apply_patch|applypatch)\s*<<-?\s*(['"]?)([A-Za-z0-9_]+)\1[^\n]*\n([\s\S]*?)(?:\n[\t ]*\2[\t ]*(?=\n|$)|$)/g;
  for (const m of command.matchAll(heredoc)) if (m[3]!.includes('*** Begin Patch')) out.push(m[3]!);
  const arg = /(?:^|[\s;&|(])(?:apply_patch|applypatch)\s+(['"])(\*\*\* Begin Patch[\s\S]*?)\1/g;
  for (const m of command.matchAll(arg)) out.push(m[2]!);
  return out;
}

const REPLS =
  /^(?:bash|sh|zsh|dash|ksh|fish|csh|tcsh|python[0-9.]*|ipython[0-9.]*|node|nodejs|deno|bun|irb|ruby|perl|php|lua|R|ghci|psql|mysql|sqlite3|redis-cli|mongosh|mongo|bc|dc|nc|telnet|ssh|gdb|lldb)$/;

/** The program name when `command` starts an interactive session with nothing to run (flags only). */
export function interactiveProgram(command: string, tty = false): string | undefined {
  const words = command
    .trim()
    .replace(/^exec\s+/, '')
    .split(/\s+/)
    .filter(Boolean);
  const prog = words[0]?.replace(/^.*\//, '');
  if (!prog || !REPLS.test(prog)) return undefined;
  const rest = words.slice(1);
  // `bash`, `python3 -i`, `bash --login`: flags only. Not `python3 script.py` or `bash -c '…'`, which
  // run something the shell analysis sees (with a tty they may still read input: tty counts too).
  if (rest.some((w) => w === '-c' || w === '-e' || w === '--eval' || w === '-m' || /[<|;&>]/.test(w))) return undefined;
  if (rest.every((w) => w.startsWith('-')) || tty) return prog;
  return undefined;
}

/** Cline's run_commands input, whichever of its accepted shapes, as command lines. */
function clineCommands(input: Record<string, unknown>): string[] {
  let v: unknown = input.commands ?? input.command ?? input.cmd ?? input.raw;
  if (typeof v === 'string' && /^\s*[[{]/.test(v)) {
    try {
      v = JSON.parse(v);
    } catch {
      // a plain command that starts with a bracket
    }
  }
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list
    .map((c) => {
      if (typeof c === 'string') return c;
      if (isObj(c) && typeof c.command === 'string') {
        const args = Array.isArray(c.args) ? c.args.filter((a): a is string => typeof a === 'string') : [];
        return [c.command, ...args.map(quoteWord)].join(' ');
      }
      return undefined;
    })
    .filter((c): c is string => c !== undefined && c.trim() !== '');
}

/** Cline CLI's editor: insert_line inserts new_text; old_text replaces it; neither creates the file. */
function clineEditor(toolName: string, input: Record<string, unknown>, path: string, cwd: string): ToolResult {
  const newText = pick(input, 'new_text') ?? '';
  const line = input.insert_line;
  if (line !== undefined && line !== null && line !== '')
    return editorTool(toolName, { ...input, command: 'insert', insert_line: Number(line), new_str: newText }, path, cwd);
  const oldText = pick(input, 'old_text');
  if (oldText !== undefined && oldText !== '') return editResult(path, [{ oldText, newText, all: false }], cwd);
  return { actions: [fileWrite(path, newText, cwd)], readOnly: false, problems: [] };
}

function shellCommand(input: Record<string, unknown>): string | undefined {
  const c = input.command ?? input.cmd ?? input.command_line ?? input.commandLine ?? input.script;
  if (typeof c === 'string') return c;
  if (Array.isArray(c) && c.every((w) => typeof w === 'string')) {
    const words = c;
    // ["bash", "-lc", "script"] → the script itself; anything else → the words, quoted.
    if (words.length === 3 && /^(ba|z|da|k)?sh$/.test(words[0]!.replace(/^.*\//, '')) && /^-l?c$/.test(words[1]!)) return words[2];
    return words.map(quoteWord).join(' ');
  }
  return undefined;
}

function quoteWord(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

function patchText(input: Record<string, unknown>): string | undefined {
  for (const v of [input.command, input.input, input.patch, input.raw]) {
    if (typeof v === 'string' && v.includes('*** Begin Patch')) return v;
    if (Array.isArray(v)) {
      const s = v.find((w): w is string => typeof w === 'string' && w.includes('*** Begin Patch'));
      if (s) return s;
    }
  }
  return undefined;
}

function patchFirstPath(patch: string): string | undefined {
  return /^\*\*\* (?:Update|Add|Delete) File: (.+)$/m.exec(patch)?.[1]?.trim();
}

const MAX_READ_BYTES = 4 * 1024 * 1024;

/** The file's text, or undefined when it is missing, not a file, or too large to diff. */
function readText(path: string, cwd: string): string | undefined {
  const abs = isAbsolute(path) ? path : resolve(cwd, path);
  try {
    const st = statSync(abs);
    if (!st.isFile() || st.size > MAX_READ_BYTES) return undefined;
    return readFileSync(abs, 'utf8');
  } catch {
    return undefined;
  }
}

function fileWrite(path: string, content: string, cwd: string): Action {
  const previous = readText(path, cwd);
  return { kind: 'fileWrite', path, content, ...(previous !== undefined ? { previous } : {}) };
}

interface Edit {
  oldText: string;
  newText: string;
  all: boolean;
}

/** Applies the edits to the file on disk and returns a fileEdit with the real unified diff. */
export function editResult(path: string, edits: Edit[], cwd: string): ToolResult {
  const before = readText(path, cwd);
  const plain = edits.map(({ oldText, newText }) => ({ oldText, newText }));
  const problems: string[] = [];
  if (before === undefined) {
    // A new file written through an edit tool (old text empty) is a write; otherwise the edit cannot apply.
    if (edits.length === 1 && edits[0]!.oldText === '')
      return { actions: [{ kind: 'fileWrite', path, content: edits[0]!.newText }], readOnly: false, problems };
    problems.push(`the file to edit, ${path}, does not exist or cannot be read; re-read it and retry`);
    return { actions: [{ kind: 'fileEdit', path, edits: plain }], readOnly: false, problems };
  }
  let after = before;
  for (const e of edits) {
    if (e.oldText === '') {
      if (after === '') after = e.newText;
      else problems.push(`an edit to ${path} has empty old text but the file is not empty`);
      continue;
    }
    if (!after.includes(e.oldText)) {
      problems.push(`the text to replace is not in ${path} (${JSON.stringify(clip(e.oldText, 60))}); re-read the file and retry`);
      continue;
    }
    after = e.all ? after.split(e.oldText).join(e.newText) : after.replace(e.oldText, () => e.newText);
  }
  if (problems.length) return { actions: [{ kind: 'fileEdit', path, edits: plain }], readOnly: false, problems };
  return { actions: [{ kind: 'fileEdit', path, diff: unifiedDiff(path, before, after, cwd) }], readOnly: false, problems };
}

/** A unified diff with git-style a/ b/ names relative to cwd (`diff`'s patch maker alone, loaded only here). */
export function unifiedDiff(path: string, before: string, after: string, cwd: string): string {
  const { createTwoFilesPatch } = require('diff/lib/patch/create.js') as typeof import('diff/lib/patch/create.js');
  const abs = isAbsolute(path) ? path : resolve(cwd, path);
  const rel = relative(cwd, abs);
  const name = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : abs;
  return createTwoFilesPatch(`a/${name}`, `b/${name}`, before, after, undefined, undefined, { context: 3 });
}

function multiEdit(toolName: string, input: Record<string, unknown>, cwd: string): ToolResult {
  const list = Array.isArray(input.edits) ? input.edits : Array.isArray(input.replacements) ? input.replacements : [];
  const basePath = pick(input, ...PATH_KEYS);
  const byPath = new Map<string, Edit[]>();
  for (const e of list) {
    if (!isObj(e)) continue;
    const p = pick(e, ...PATH_KEYS) ?? basePath;
    const oldText = pick(e, ...OLD_KEYS);
    const newText = pick(e, ...NEW_KEYS);
    if (p === undefined || oldText === undefined || newText === undefined) continue;
    if (!byPath.has(p)) byPath.set(p, []);
    byPath.get(p)!.push({ oldText, newText, all: e.replace_all === true || e.replaceAll === true });
  }
  if (!byPath.size) return { actions: [{ kind: 'toolCall', tool: toolName, input }], readOnly: false, problems: [] };
  const out: ToolResult = { actions: [], readOnly: false, problems: [] };
  for (const [p, edits] of byPath) {
    const r = editResult(p, edits, cwd);
    out.actions.push(...r.actions);
    out.problems.push(...r.problems);
  }
  return out;
}

/** Kiro fs_write and str_replace_editor: `command` is create | str_replace | insert | append. */
function editorTool(toolName: string, input: Record<string, unknown>, path: string, cwd: string): ToolResult {
  const command = str(input.command) ?? (pick(input, 'file_text', 'text', 'content') !== undefined ? 'create' : 'str_replace');
  if (command === 'create')
    return { actions: [fileWrite(path, pick(input, 'file_text', 'fileText', 'text', 'content') ?? '', cwd)], readOnly: false, problems: [] };
  if (command === 'str_replace') {
    const oldText = pick(input, ...OLD_KEYS);
    const newText = pick(input, ...NEW_KEYS) ?? '';
    if (oldText === undefined) return { actions: [{ kind: 'toolCall', tool: toolName, input }], readOnly: false, problems: [] };
    return editResult(path, [{ oldText, newText, all: false }], cwd);
  }
  if (command === 'append' || command === 'insert') {
    const before = readText(path, cwd) ?? '';
    const text = pick(input, ...NEW_KEYS, 'text') ?? '';
    let after: string;
    if (command === 'append') after = before + (before && !before.endsWith('\n') ? '\n' : '') + text;
    else {
      const lines = before.split('\n');
      const at = Math.max(0, Math.min(lines.length, Number(input.insert_line ?? lines.length)));
      lines.splice(at, 0, text);
      after = lines.join('\n');
    }
    return { actions: [{ kind: 'fileEdit', path, diff: unifiedDiff(path, before, after, cwd) }], readOnly: false, problems: [] };
  }
  return { actions: [{ kind: 'toolCall', tool: toolName, input }], readOnly: false, problems: [] };
}

/** Cline's replace_in_file blocks: `------- SEARCH` / `=======` / `+++++++ REPLACE` (or <<< / >>>). */
export function parseSearchReplace(diff: string): { oldText: string; newText: string }[] {
  const out: { oldText: string; newText: string }[] = [];
  const lines = diff.split('\n');
  let mode: 'none' | 'search' | 'replace' = 'none';
  let search: string[] = [];
  let replace: string[] = [];
  for (const line of lines) {
    if (/^[-<]{3,} ?SEARCH>?\s*$/.test(line)) {
      mode = 'search';
      search = [];
      replace = [];
    } else if (mode === 'search' && /^={3,}\s*$/.test(line)) mode = 'replace';
    else if (mode === 'replace' && /^[+>]{3,} ?REPLACE<?\s*$/.test(line)) {
      out.push({ oldText: search.join('\n'), newText: replace.join('\n') });
      mode = 'none';
    } else if (mode === 'search') search.push(line);
    else if (mode === 'replace') replace.push(line);
  }
  return out;
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
