// `blast-radius install|uninstall <agent…>`: writes (or removes) our hook entry in each agent's
// settings at user level or, with --project, in the project. Merges into what is there: other
// hooks, comments and formatting stay; a second install changes nothing; the previous file is
// kept as <file>.blast-radius.bak; --dry-run prints the diff instead. After writing, the installed
// command is run once with a harmless payload, as the agent would run it, and the result is
// reported: a typo'd path silently disables a Claude Code hook, so "written" is not "working".
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AGENT_CONFIG, type AgentConfig, findOurs, homeDir, readSettings, type Scope, withOurs, withoutOurs } from './agent-config';
import { AGENTS, type AgentName } from './agents/types';
import { CliError, EXIT_FAIL, EXIT_OK } from './errors';

const HELP = `Usage:
  blast-radius install <agent…|all> [--project] [--root DIR] [--dry-run] [--force] [--command CMD]
  blast-radius uninstall <agent…|all> [--project] [--root DIR] [--dry-run]

Agents: ${AGENTS.join(', ')}

Options:
  --project        write the project's settings (under --root, default: the current folder), not the user's
  --root DIR       the project folder (default: current)
  --dry-run        print the change as a diff; write nothing
  --force          install for vscode even when VS Code already runs the Claude Code hook
  --command CMD    the hook command to write, without the agent name (default: node …/dist/hook.js)`;

const CLINE_MARKER = '# blast-radius hook (written by `blast-radius install cline`)';

function quote(s: string): string {
  return /^[\w@%+=:,./\\-]+$/.test(s) ? s : JSON.stringify(s);
}

/**
 * The Node to write into the hook command. Run from VS Code's extension host (Electron),
 * process.execPath is the editor binary, which without ELECTRON_RUN_AS_NODE would start an editor
 * window instead of the hook: prefer a `node` on PATH, else keep Electron in Node mode explicitly.
 */
export function nodeForHook(env: NodeJS.ProcessEnv = process.env, electron = Boolean(process.versions.electron)): string {
  if (!electron) return quote(process.execPath);
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, process.platform === 'win32' ? 'node.exe' : 'node');
    try {
      accessSync(candidate, constants.X_OK);
      return quote(candidate);
    } catch {
      // not here
    }
  }
  return `ELECTRON_RUN_AS_NODE=1 ${quote(process.execPath)}`;
}

/** The command to install: `node /abs/dist/hook.js <agent>`, found next to this CLI bundle. */
export function defaultHookPrefix(): string {
  const node = nodeForHook();
  for (const dir of [__dirname, resolve(__dirname, '..', '..', 'dist')]) {
    const hook = join(dir, 'hook.js');
    if (existsSync(hook)) return `${node} ${quote(hook)}`;
    const cli = join(dir, 'cli.js');
    if (existsSync(cli)) return `${node} ${quote(cli)} hook`;
  }
  throw new CliError('install: cannot find dist/hook.js next to this CLI; run `npm run build`, or pass --command');
}

interface Options {
  agents: AgentName[];
  scope: Scope;
  root: string;
  home: string;
  dryRun: boolean;
  force: boolean;
  prefix?: string;
}

function parse(argv: string[], verb: 'install' | 'uninstall'): Options | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        project: { type: 'boolean' },
        root: { type: 'string' },
        'dry-run': { type: 'boolean' },
        force: { type: 'boolean' },
        command: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new CliError(`${verb}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (parsed.values.help) {
    process.stdout.write(`${HELP}\n`);
    return undefined;
  }
  const names = parsed.positionals.includes('all') ? [...AGENTS] : parsed.positionals;
  if (!names.length) throw new CliError(`${verb}: name at least one agent (${AGENTS.join(', ')}, or all)`);
  for (const n of names) if (!(AGENTS as readonly string[]).includes(n)) throw new CliError(`${verb}: unknown agent '${n}' (one of ${AGENTS.join(', ')})`);
  return {
    agents: [...new Set(names)] as AgentName[],
    scope: parsed.values.project ? 'project' : 'user',
    root: resolve(parsed.values.root ?? process.cwd()),
    home: homeDir(),
    dryRun: !!parsed.values['dry-run'],
    force: !!parsed.values.force,
    ...(parsed.values.command ? { prefix: parsed.values.command } : {}),
  };
}

const out = (line: string): boolean => process.stdout.write(`${line}\n`);

function diffText(file: string, before: string, after: string): string {
  const { createTwoFilesPatch } = require('diff') as typeof import('diff');
  return createTwoFilesPatch(file, file, before, after, undefined, undefined, { context: 3 });
}

/** Writes `text` to `file`, keeping the previous content as <file>.blast-radius.bak. */
function writeWithBackup(file: string, text: string, mode?: number): string | undefined {
  mkdirSync(dirname(file), { recursive: true });
  let backup: string | undefined;
  if (existsSync(file)) {
    backup = `${file}.blast-radius.bak`;
    copyFileSync(file, backup);
  }
  writeFileSync(file, text, mode !== undefined ? { mode } : {});
  if (mode !== undefined) chmodSync(file, mode);
  return backup;
}

function clineScript(command: string): string {
  return `#!/bin/sh\n${CLINE_MARKER}\n# Cline runs this before each tool; the answer is the JSON on stdout.\nexec ${command}\n`;
}

export async function runInstall(argv: string[]): Promise<number> {
  const o = parse(argv, 'install');
  if (!o) return EXIT_OK;
  const prefix = o.prefix ?? defaultHookPrefix();
  let failed = 0;
  for (const agent of o.agents) {
    const cfg = AGENT_CONFIG[agent];
    const file = cfg.file(o.scope, o.root, o.home);
    const command = `${prefix} ${agent}`;
    if (agent === 'vscode' && !o.force) {
      const claudeFile = AGENT_CONFIG.claude.file(o.scope, o.root, o.home);
      const claude = readSettings(claudeFile);
      if (AGENT_CONFIG.claude.kind === 'json' && findOurs(claude.value, AGENT_CONFIG.claude, 'claude').length) {
        out(`vscode: VS Code already runs the Claude Code hook in ${claudeFile} (it reads Claude's settings); not adding a second one (--force to add it anyway)`);
        continue;
      }
    }
    let before: string;
    let after: string;
    if (cfg.kind === 'script') {
      before = existsSync(file) ? readFileSync(file, 'utf8') : '';
      if (before && !before.includes(CLINE_MARKER)) {
        out(`✗ ${agent}: ${file} is someone else's hook script; not replacing it (merge by hand: run ${command} from it)`);
        failed++;
        continue;
      }
      after = clineScript(command);
    } else {
      const s = readSettings(file);
      if (s.errors.length) {
        out(`✗ ${agent}: ${file} is not valid JSON; fix it first (nothing written)`);
        failed++;
        continue;
      }
      before = s.text;
      after = withOurs(s.text, cfg, agent, command);
    }
    if (o.dryRun) {
      out(before === after ? `${agent}: ${file} already has the hook; nothing to change` : diffText(file, before, after).trimEnd());
      continue;
    }
    if (before === after) out(`${agent}: ${file} already has the hook`);
    else {
      const backup = writeWithBackup(file, after, cfg.kind === 'script' ? 0o755 : undefined);
      out(`${agent}: wrote ${file}${backup ? ` (previous: ${basename(backup)})` : ''}`);
    }
    const check = checkHook(agent, cfg, file, command, o.root);
    out(`${check.ok ? '✓' : '✗'} ${agent}: ${check.detail}`);
    if (!check.ok) failed++;
  }
  if (o.dryRun) process.stderr.write('dry run: nothing was written\n');
  return failed ? EXIT_FAIL : EXIT_OK;
}

export async function runUninstall(argv: string[]): Promise<number> {
  const o = parse(argv, 'uninstall');
  if (!o) return EXIT_OK;
  let failed = 0;
  for (const agent of o.agents) {
    const cfg = AGENT_CONFIG[agent];
    const file = cfg.file(o.scope, o.root, o.home);
    if (!existsSync(file)) {
      out(`${agent}: no ${file}; nothing to remove`);
      continue;
    }
    const before = readFileSync(file, 'utf8');
    let after: string | undefined; // undefined: remove the file (it was ours alone)
    if (cfg.kind === 'script') {
      if (!before.includes(CLINE_MARKER)) {
        out(`${agent}: ${file} is not ours; left alone`);
        continue;
      }
      after = undefined;
    } else {
      const s = readSettings(file);
      if (s.errors.length) {
        out(`✗ ${agent}: ${file} is not valid JSON; fix it first (nothing written)`);
        failed++;
        continue;
      }
      after = withoutOurs(before, cfg, agent);
      if (after === before) {
        out(`${agent}: ${file} has no Blast Radius hook`);
        continue;
      }
      // Files named after us hold nothing else once our entries are gone.
      if (basename(file).startsWith('blast-radius') && !hasOtherEntries(after, cfg)) after = undefined;
    }
    if (o.dryRun) {
      out(diffText(file, before, after ?? '').trimEnd());
      continue;
    }
    copyFileSync(file, `${file}.blast-radius.bak`);
    if (after === undefined) rmSync(file);
    else writeFileSync(file, after);
    out(`${agent}: removed the hook from ${file} (previous: ${basename(file)}.blast-radius.bak)`);
  }
  if (o.dryRun) process.stderr.write('dry run: nothing was written\n');
  return failed ? EXIT_FAIL : EXIT_OK;
}

function hasOtherEntries(text: string, cfg: AgentConfig): boolean {
  if (cfg.kind !== 'json') return false;
  const v = readSettingsText(text);
  return cfg.slots.some((slot) => {
    const arr = slot.array.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k as string] : undefined), v);
    return Array.isArray(arr) && arr.length > 0;
  });
}

function readSettingsText(text: string): unknown {
  const { parse: parseJsonc } = require('jsonc-parser') as typeof import('jsonc-parser');
  return parseJsonc(text);
}

// ---------------------------------------------------------------------------------------------
// Running an installed hook as the agent would

const SAMPLE_FILE = 'README.md';

/** A read-only call in the agent's own payload format: the hook must allow it at once. */
export function harmlessPayload(agent: AgentName, cwd: string): unknown {
  const path = join(cwd, SAMPLE_FILE);
  switch (agent) {
    case 'claude':
    case 'codex':
      return { session_id: 'blast-radius-check', cwd, hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: path } };
    case 'vscode':
      return { sessionId: 'blast-radius-check', cwd, hookEventName: 'PreToolUse', tool_name: 'read_file', tool_input: { filePath: path } };
    case 'cursor':
      return { hook_event_name: 'beforeReadFile', conversation_id: 'blast-radius-check', workspace_roots: [cwd], file_path: path };
    case 'gemini':
      return { session_id: 'blast-radius-check', cwd, hook_event_name: 'BeforeTool', tool_name: 'read_file', tool_input: { absolute_path: path } };
    case 'copilot':
      return { cwd, toolName: 'view', toolArgs: JSON.stringify({ path }) };
    case 'kiro':
      return { hook_event_name: 'PreToolUse', cwd, tool_name: 'fs_read', tool_input: { path } };
    case 'windsurf':
      return { agent_action_name: 'pre_read_code', trajectory_id: 'blast-radius-check', tool_info: { file_path: path, cwd } };
    case 'cline':
      return { hookName: 'PreToolUse', taskId: 'blast-radius-check', workspaceRoots: [cwd], preToolUse: { toolName: 'read_file', parameters: { path: SAMPLE_FILE } } };
  }
}

/** Whether the agent's answer says "go ahead" (or "no objection") for the harmless call. */
function answersAllow(agent: AgentName, code: number | null, stdout: string): boolean {
  if (code !== 0) return false;
  const text = stdout.trim();
  if (!text) return agent === 'copilot' || agent === 'kiro' || agent === 'windsurf';
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(text.split('\n').pop()!) as Record<string, unknown>;
  } catch {
    return false;
  }
  if (agent === 'cursor') return j.permission === 'allow';
  if (agent === 'gemini') return j.decision === 'allow';
  if (agent === 'cline') return j.cancel === false;
  return !JSON.stringify(j).includes('"deny"') && !JSON.stringify(j).includes('"ask"');
}

export interface HookCheck {
  ok: boolean;
  detail: string;
}

/** Runs the installed command through a shell, as the agent does, with a harmless payload. */
export function checkHook(agent: AgentName, cfg: AgentConfig, file: string, command: string, cwd: string, env: NodeJS.ProcessEnv = process.env): HookCheck {
  const input = JSON.stringify(harmlessPayload(agent, cwd));
  const t0 = process.hrtime.bigint();
  const r =
    cfg.kind === 'script'
      ? spawnSync(file, [], { input, cwd, env, encoding: 'utf8', timeout: 30_000 })
      : process.platform === 'win32'
        ? spawnSync(process.env.ComSpec ?? 'cmd.exe', ['/d', '/s', '/c', command], { input, cwd, env, encoding: 'utf8', timeout: 30_000, windowsVerbatimArguments: true })
        : spawnSync('/bin/sh', ['-c', command], { input, cwd, env, encoding: 'utf8', timeout: 30_000 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) return { ok: false, detail: `the agent could not run the hook (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}): ${command}` };
  if (answersAllow(agent, r.status, r.stdout)) return { ok: true, detail: `the hook answers (a read-only call allowed in ${ms.toFixed(0)} ms): ${command}` };
  const why = (r.stderr || r.stdout || '').trim().split('\n')[0] ?? '';
  const hint = r.status === 127 || r.status === 126 ? ' — the command is not found or not executable, so the agent would silently skip the hook' : '';
  return { ok: false, detail: `the hook did not answer as expected (exit ${r.status}${why ? `: ${why}` : ''})${hint}: ${command}` };
}

