// Where each agent keeps its hook settings and what our entry looks like there, shared by
// `install`, `uninstall` and `doctor`. Settings files are JSON with comments in several agents, so
// every change is a jsonc-parser edit of the text: comments, order and the user's other hooks stay.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { applyEdits, findNodeAtLocation, type FormattingOptions, type JSONPath, modify, type Node, parse, parseTree, type ParseError } from 'jsonc-parser';
import type { AgentName } from './agents/types';

export type Scope = 'user' | 'project';

/** One array in a settings file that must hold our entry. */
export interface Slot {
  array: JSONPath;
  /** Our element, built from the hook command. */
  entry(command: string): Record<string, unknown>;
  /** Where the command sits inside an element (for Claude-style groups: inside each of `hooks`). */
  commandPath: JSONPath;
  /** Elements are Claude-style groups `{matcher, hooks: [{type, command, timeout}]}`. */
  grouped?: boolean;
}

export interface JsonAgentConfig {
  kind: 'json';
  file(scope: Scope, root: string, home: string): string;
  /** Keys set at the top when missing (`version`). */
  top?: Record<string, unknown>;
  slots: Slot[];
  /** The agent's own hook timeout as written, in seconds (for messages). */
  timeoutSeconds?: number;
}

export interface ScriptAgentConfig {
  kind: 'script';
  file(scope: Scope, root: string, home: string): string;
}

export type AgentConfig = JsonAgentConfig | ScriptAgentConfig;

const claudeGroup = (matcher: string, timeout: number) => (command: string) => ({ matcher, hooks: [{ type: 'command', command, timeout }] });

export const AGENT_CONFIG: Record<AgentName, AgentConfig> = {
  claude: {
    kind: 'json',
    file: (s, root, home) => (s === 'user' ? join(home, '.claude', 'settings.json') : join(root, '.claude', 'settings.json')),
    slots: [
      {
        array: ['hooks', 'PreToolUse'],
        grouped: true,
        commandPath: ['command'],
        entry: claudeGroup('Bash|PowerShell|Write|Edit|MultiEdit|NotebookEdit|ExitPlanMode|mcp__.*', 600),
      },
    ],
    timeoutSeconds: 600,
  },
  vscode: {
    // VS Code ignores matchers: every tool call comes through and read-only ones pass at once.
    kind: 'json',
    file: (s, root, home) =>
      s === 'user' ? join(home, '.copilot', 'hooks', 'blast-radius-vscode.json') : join(root, '.github', 'hooks', 'blast-radius-vscode.json'),
    slots: [{ array: ['hooks', 'PreToolUse'], commandPath: ['command'], entry: (command) => ({ type: 'command', command, timeout: 30 }) }],
    timeoutSeconds: 30,
  },
  cursor: {
    kind: 'json',
    file: (s, root, home) => (s === 'user' ? join(home, '.cursor', 'hooks.json') : join(root, '.cursor', 'hooks.json')),
    top: { version: 1 },
    slots: [
      { array: ['hooks', 'beforeShellExecution'], commandPath: ['command'], entry: (command) => ({ command, failClosed: true }) },
      { array: ['hooks', 'beforeMCPExecution'], commandPath: ['command'], entry: (command) => ({ command, failClosed: true }) },
      {
        array: ['hooks', 'preToolUse'],
        commandPath: ['command'],
        entry: (command) => ({ command, matcher: 'Write|Edit|StrReplace|Delete', failClosed: true }),
      },
    ],
  },
  gemini: {
    kind: 'json',
    file: (s, root, home) => (s === 'user' ? join(home, '.gemini', 'settings.json') : join(root, '.gemini', 'settings.json')),
    slots: [{ array: ['hooks', 'BeforeTool'], grouped: true, commandPath: ['command'], entry: claudeGroup('.*', 60_000) }],
    timeoutSeconds: 60,
  },
  codex: {
    kind: 'json',
    file: (s, root, home) => (s === 'user' ? join(home, '.codex', 'hooks.json') : join(root, '.codex', 'hooks.json')),
    slots: [{ array: ['hooks', 'PreToolUse'], grouped: true, commandPath: ['command'], entry: claudeGroup('Bash|apply_patch|mcp__.*', 600) }],
    timeoutSeconds: 600,
  },
  copilot: {
    kind: 'json',
    file: (s, root, home) =>
      s === 'user' ? join(home, '.copilot', 'hooks', 'blast-radius-copilot.json') : join(root, '.github', 'hooks', 'blast-radius-copilot.json'),
    top: { version: 1 },
    slots: [{ array: ['hooks', 'preToolUse'], commandPath: ['bash'], entry: (command) => ({ type: 'command', bash: command, timeoutSec: 30 }) }],
    timeoutSeconds: 30,
  },
  kiro: {
    kind: 'json',
    file: (s, root, home) => (s === 'user' ? join(home, '.kiro', 'hooks', 'blast-radius.json') : join(root, '.kiro', 'hooks', 'blast-radius.json')),
    top: { version: 'v1' },
    slots: [
      {
        array: ['hooks'],
        commandPath: ['action', 'command'],
        entry: (command) => ({ name: 'blast-radius', trigger: 'PreToolUse', matcher: '.*', action: { type: 'command', command }, timeout: 30 }),
      },
    ],
    timeoutSeconds: 30,
  },
  windsurf: {
    kind: 'json',
    file: (s, root, home) => (s === 'user' ? join(home, '.codeium', 'windsurf', 'hooks.json') : join(root, '.windsurf', 'hooks.json')),
    slots: ['pre_run_command', 'pre_write_code', 'pre_mcp_tool_use'].map((event) => ({
      array: ['hooks', event],
      commandPath: ['command'],
      entry: (command: string) => ({ command, show_output: false }),
    })),
  },
  cline: {
    kind: 'script',
    file: (s, root, home) => (s === 'user' ? join(home, 'Documents', 'Cline', 'Hooks', 'PreToolUse') : join(root, '.clinerules', 'hooks', 'PreToolUse')),
  },
};

/**
 * Appended to every installed hook command: when the hook cannot start (dist/hook.js missing or
 * unreadable: node exits 1; node not found: the shell exits 127), the agent still gets exit 2, the
 * blocking answer of every agent here (1 and 127 are "non-blocking error, run the tool" for Claude
 * Code, Codex and VS Code, and "allow with a warning" for Gemini). Our hook itself only exits 0 or 2.
 * Cline ignores exit codes: its script prints the cancel JSON itself (install.ts).
 */
export const FAIL_CLOSED = ' || exit 2';

/** The command written into an agent's settings for a hook prefix (`node …/hook.js`). */
export function installedCommand(prefix: string, agent: AgentName): string {
  return `${prefix} ${agent}${FAIL_CLOSED}`;
}

export const isFailClosed = (command: string): boolean => /\|\|\s*exit\s+2\s*$/.test(command);

export function homeDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.HOME || env.USERPROFILE || homedir();
}

/** Our hook command for `agent`, as installed: `node …/hook.js <agent>` or `… cli.js hook <agent>`. */
const OURS = /(?:hook\.js|cli\.js["']?\s+hook|blast-radius["']?\s+hook)["']?\s+([a-z]+)\b/;
export function isOurCommand(command: unknown, agent?: AgentName): boolean {
  if (typeof command !== 'string') return false;
  const m = OURS.exec(command);
  return !!m && (!agent || m[1] === agent);
}

export interface ParsedSettings {
  text: string;
  value: Record<string, unknown>;
  errors: ParseError[];
  exists: boolean;
}

export function readSettings(file: string): ParsedSettings {
  if (!existsSync(file)) return { text: '', value: {}, errors: [], exists: false };
  const text = readFileSync(file, 'utf8');
  const errors: ParseError[] = [];
  const value: unknown = text.trim() ? parse(text, errors, { allowTrailingComma: true, disallowComments: false }) : {};
  return { text, value: value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}, errors, exists: true };
}

const getAt = (v: unknown, path: JSONPath): unknown =>
  path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string | number, unknown>)[k as string] : undefined), v);

/** Our entries in a parsed settings value: where they are and the command each holds. */
export interface Found {
  slot: Slot;
  /** Index of the element in the slot's array. */
  index: number;
  /** For grouped slots: index of our hook inside the group's `hooks`. */
  inner?: number;
  command: string;
  /** The group holds hooks other than ours. */
  shared?: boolean;
}

export function findOurs(value: unknown, cfg: JsonAgentConfig, agent: AgentName): Found[] {
  const out: Found[] = [];
  for (const slot of cfg.slots) {
    const arr = getAt(value, slot.array);
    if (!Array.isArray(arr)) continue;
    arr.forEach((el, index) => {
      if (slot.grouped) {
        const hooks = getAt(el, ['hooks']);
        if (!Array.isArray(hooks)) return;
        hooks.forEach((h, inner) => {
          const c = getAt(h, slot.commandPath);
          if (isOurCommand(c, agent)) out.push({ slot, index, inner, command: c as string, shared: hooks.length > 1 });
        });
      } else {
        const c = getAt(el, slot.commandPath);
        if (isOurCommand(c, agent)) out.push({ slot, index, command: c as string });
      }
    });
  }
  return out;
}

export function formattingOf(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indented = /^([ \t]+)\S/m.exec(text)?.[1];
  if (indented?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indented ? Math.min(8, indented.length) : 2, eol };
}

/** The text with our entry in every slot (added, or its command updated in place). */
export function withOurs(text: string, cfg: JsonAgentConfig, agent: AgentName, command: string): string {
  const fmt = formattingOf(text);
  let t = text.trim() ? text : '{}\n';
  for (const [k, v] of Object.entries(cfg.top ?? {})) if ((parse(t) as Record<string, unknown>)[k] === undefined) t = setMember(t, [k], v, fmt);
  for (const slot of cfg.slots) {
    const found = findOurs(parse(t), { ...cfg, slots: [slot] }, agent);
    if (found.length) {
      for (const f of found) {
        if (f.command === command) continue;
        const at = slot.grouped ? [...slot.array, f.index, 'hooks', f.inner!, ...slot.commandPath] : [...slot.array, f.index, ...slot.commandPath];
        t = applyEdits(t, modify(t, at, command, { formattingOptions: fmt }));
      }
      continue;
    }
    const arr = nodeAt(t, slot.array);
    if (arr?.type === 'array' && arr.children?.length)
      t = appendChild(t, arr, (indent, inline) => (inline ? JSON.stringify(slot.entry(command)) : pretty(slot.entry(command), fmt, indent)));
    else if (arr?.type === 'array') t = applyEdits(t, modify(t, [...slot.array, 0], slot.entry(command), { formattingOptions: fmt, isArrayInsertion: true }));
    else t = setMember(t, slot.array, [slot.entry(command)], fmt);
  }
  return t;
}

/** The text without any of our entries; a hook list (or hooks object) left empty goes too. */
export function withoutOurs(text: string, cfg: JsonAgentConfig, agent: AgentName): string {
  if (!text.trim()) return text;
  let t = text;
  // Remove one at a time from the end, re-reading between edits so indexes stay true.
  for (;;) {
    const found = findOurs(parse(t), cfg, agent);
    const f = found[found.length - 1];
    if (!f) return t;
    if (f.slot.grouped && f.shared) {
      t = removeChild(t, [...f.slot.array, f.index, 'hooks'], f.inner!);
      continue;
    }
    t = removeChild(t, f.slot.array, f.index);
    // Containers emptied by the removal: the event's list, then `hooks` itself (never the root).
    for (let path = f.slot.array; path.length > 0; path = path.slice(0, -1)) {
      const node = nodeAt(t, path);
      if (!node || (node.children?.length ?? 0) > 0) break;
      const parentPath = path.slice(0, -1);
      const parent = nodeAt(t, parentPath);
      const key = path[path.length - 1];
      const index = parent?.type === 'object' ? (parent.children ?? []).findIndex((p) => p.children?.[0]?.value === key) : -1;
      if (index < 0) break;
      t = removeChild(t, parentPath, index);
    }
  }
}

function nodeAt(text: string, path: JSONPath): Node | undefined {
  const tree = parseTree(text);
  return tree ? findNodeAtLocation(tree, path) : undefined;
}

const lineStart = (text: string, offset: number): number => text.lastIndexOf('\n', offset - 1) + 1;

/** JSON printed with the file's indentation, continuation lines starting at `indent`. */
function pretty(value: unknown, fmt: FormattingOptions, indent: string): string {
  const unit = fmt.insertSpaces ? ' '.repeat(fmt.tabSize ?? 2) : '\t';
  return JSON.stringify(value, null, unit)
    .split('\n')
    .join(`${fmt.eol ?? '\n'}${indent}`);
}

/** Sets `path` (a property) to `value`, creating missing objects; appends to the deepest that exists. */
function setMember(text: string, path: JSONPath, value: unknown, fmt: FormattingOptions): string {
  for (let n = path.length - 1; n >= 0; n--) {
    const parent = nodeAt(text, path.slice(0, n));
    if (!parent) continue;
    let v = value;
    for (let k = path.length - 1; k > n; k--) v = { [path[k] as string]: v };
    if (parent.type === 'object' && parent.children?.length)
      return appendChild(text, parent, (indent, inline) => `${JSON.stringify(path[n])}: ${inline ? JSON.stringify(v) : pretty(v, fmt, indent)}`);
    return applyEdits(text, modify(text, path.slice(0, n + 1), v, { formattingOptions: fmt }));
  }
  return applyEdits(text, modify(text, path, value, { formattingOptions: fmt }));
}

/**
 * Appends after the last element or property, touching nothing else: jsonc-parser's own
 * insertion re-prints the neighbours and moves a trailing `// comment` onto the new member.
 */
function appendChild(text: string, parent: Node, body: (indent: string, inline: boolean) => string): string {
  const last = parent.children![parent.children!.length - 1]!;
  const end = last.offset + last.length;
  const indent = /^[ \t]*/.exec(text.slice(lineStart(text, last.offset)))![0];
  const closing = parent.offset + parent.length - 1;
  const nl = text.indexOf('\n', end);
  // `[a, b]` on one line: the new member follows on that line.
  if (nl === -1 || nl > closing) return `${text.slice(0, end)}, ${body(indent, true)}${text.slice(end)}`;
  // Otherwise a comma after the last member, the new one on a new line after the rest of that
  // member's line, so a comment following it on its line stays with it.
  const lineEnd = text[nl - 1] === '\r' ? nl - 1 : nl;
  return `${text.slice(0, end)},${text.slice(end, lineEnd)}${text.slice(lineEnd, nl + 1)}${indent}${body(indent, false)}${text.slice(lineEnd)}`;
}

/** Removes one element or property and its separator; comments around its neighbours stay. */
function removeChild(text: string, parentPath: JSONPath, index: number): string {
  const parent = nodeAt(text, parentPath)!;
  const kids = parent.children!;
  const node = kids[index]!;
  const next = kids[index + 1];
  const prev = kids[index - 1];
  if (next) return text.slice(0, node.offset) + text.slice(next.offset);
  const end = node.offset + node.length;
  const ls = lineStart(text, node.offset);
  const ownLine = !text.slice(ls, node.offset).trim();
  // From the line break before the member's own line (or from the member, when it shares a line).
  const start = ownLine && ls > 0 ? ls - (text[ls - 2] === '\r' ? 2 : 1) : node.offset;
  if (!prev) return text.slice(0, start) + text.slice(end);
  const comma = separatorAfter(text, prev);
  // On its own line: keep what follows the comma on the previous line (a comment); else drop it all.
  return ownLine ? text.slice(0, comma) + text.slice(comma + 1, start) + text.slice(end) : text.slice(0, comma) + text.slice(end);
}

/** Offset of the comma after `node`, skipping whitespace and comments. */
function separatorAfter(text: string, node: Node): number {
  let i = node.offset + node.length;
  while (i < text.length) {
    if (text.startsWith('//', i)) i = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
    else if (text.startsWith('/*', i)) i = text.indexOf('*/', i) + 2;
    else if (text[i] === ',') return i;
    else i++;
  }
  return node.offset + node.length;
}
