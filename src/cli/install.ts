// `blast-radius install|uninstall <agent…>`: writes (or removes) our hook entry in each agent's
// settings at user level or, with --project, in the project. Merges into what is there: other
// hooks, comments and formatting stay; a second install changes nothing; the previous file is
// kept as <file>.blast-radius.bak; --dry-run prints the diff instead. After writing, the installed
// command is run once with a harmless payload, as the agent would run it, and the result is
// reported: a typo'd path silently disables a Claude Code hook, so "written" is not "working".
// What is written fails closed (FAIL_CLOSED, Cline's script), and that is checked too, by running
// the command with the hook file gone. A ✓ means the agent will call the hook and be blocked when
// it cannot start; where the agent adds a step of its own (Codex trust, Gemini folder trust) the
// line says so instead. --system writes the agents' managed settings root-owned (system.ts).
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  AGENT_CONFIG,
  type AgentConfig,
  findOurs,
  homeDir,
  installedCommand,
  isFailClosed,
  type JsonAgentConfig,
  readSettings,
  type Scope,
  withOurs,
  withoutOurs,
} from './agent-config';
import { AGENTS, type AgentName } from './agents/types';
import { HOOK_FILES } from './code-cache';
import { CliError, EXIT_FAIL, EXIT_OK } from './errors';
import { codexTrust, geminiFolderTrust } from './trust';
import {
  codexTomlCommand,
  codexTomlWithOurs,
  codexTomlWithoutOurs,
  installHookBundle,
  NO_SYSTEM,
  notRootOnly,
  readIfExists,
  removeHookBundle,
  SYSTEM_HOOK_DIR,
  SYSTEM_TARGETS,
  systemPath,
  systemRoot,
  writeRootFile,
} from './system';
import { lookUpUser, setUpSystemWitness, SYSTEM_DIR, systemWitnessFile } from '../audit/witness';

const HELP = `Usage:
  blast-radius install <agent…|all> [--project | --system [--user NAME]] [--root DIR] [--dry-run] [--force] [--command CMD]
  blast-radius uninstall <agent…|all> [--project | --system] [--root DIR] [--dry-run]

Agents: ${AGENTS.join(', ')}

Options:
  --project        write the project's settings (under --root, default: the current folder), not the user's
  --system         (root) write the agent's managed/system settings, root-owned, with the hook copied
                   root-owned to ${SYSTEM_HOOK_DIR}: an agent running as the user can change neither
                   (claude, gemini, codex, cursor, windsurf); also sets up the audit log's system
                   anchor for the user who ran sudo (or --user NAME)
  --user NAME      (with --system) whose audit log the system anchor witnesses (default: $SUDO_USER)
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
  system: boolean;
  root: string;
  home: string;
  dryRun: boolean;
  force: boolean;
  prefix?: string;
  /** --system: whose audit log to anchor (a user name), else the sudo caller. */
  user?: string;
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
        system: { type: 'boolean' },
        root: { type: 'string' },
        'dry-run': { type: 'boolean' },
        force: { type: 'boolean' },
        command: { type: 'string' },
        user: { type: 'string' },
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
  if (parsed.values.user !== undefined && !parsed.values.system)
    throw new CliError(`${verb}: --user goes with --system (whose audit log the system anchor witnesses)`);
  if (parsed.values.system && parsed.values.project) throw new CliError(`${verb}: --system and --project are two different places; pick one`);
  if (parsed.values.system && typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new CliError(`${verb} --system writes root-owned files under /etc and ${SYSTEM_HOOK_DIR}: run it as root (sudo)`);
  }
  // The managed locations written are the Linux ones (macOS and Windows use other folders and MDM).
  if (parsed.values.system && process.platform !== 'linux')
    throw new CliError(
      `${verb} --system writes the agents' Linux system locations (/etc/…); on ${process.platform} use your device management for the managed settings`,
    );
  return {
    agents: [...new Set(names)] as AgentName[],
    scope: parsed.values.project ? 'project' : 'user',
    system: !!parsed.values.system,
    root: resolve(parsed.values.root ?? process.cwd()),
    home: homeDir(),
    dryRun: !!parsed.values['dry-run'],
    force: !!parsed.values.force,
    ...(parsed.values.command ? { prefix: parsed.values.command } : {}),
    ...(parsed.values.user !== undefined ? { user: parsed.values.user } : {}),
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

/**
 * Cline runs this before each tool and reads the JSON it prints. Cline 3.x ignores the exit code and
 * runs the tool when a hook prints nothing or crashes, so when the hook cannot start (or answers
 * nothing) the script prints Cline's cancel itself.
 */
export function clineScript(command: string): string {
  const fallback = JSON.stringify({ cancel: true, errorMessage: 'Blast Radius: the hook could not run; blocked. Ask the user to run `blast-radius doctor`.' });
  return [
    '#!/bin/sh',
    CLINE_MARKER,
    '# Cline runs this before each tool; the answer is the JSON on stdout. Cline runs the tool when a',
    '# hook prints nothing, so when the hook cannot start this script prints the cancel itself.',
    `out=$(${command})`,
    'rc=$?',
    'if [ "$rc" -eq 0 ] && [ -n "$out" ]; then printf \'%s\\n\' "$out"; exit 0; fi',
    `printf '%s\\n' '${fallback}'`,
    'exit 0',
    '',
  ].join('\n');
}

/** The hook command inside a Cline script written by us. */
export function clineScriptCommand(text: string): string | undefined {
  return /^out=\$\((.*)\)$/m.exec(text)?.[1] ?? /^exec (.*)$/m.exec(text)?.[1];
}

export async function runInstall(argv: string[]): Promise<number> {
  const o = parse(argv, 'install');
  if (!o) return EXIT_OK;
  if (o.system) return installSystem(o);
  const prefix = o.prefix ?? defaultHookPrefix();
  let failed = 0;
  for (const agent of o.agents) {
    const cfg = AGENT_CONFIG[agent];
    const file = cfg.file(o.scope, o.root, o.home);
    const command = cfg.kind === 'script' ? `${prefix} ${agent}` : installedCommand(prefix, agent);
    if (agent === 'vscode' && !o.force) {
      const claudeFile = AGENT_CONFIG.claude.file(o.scope, o.root, o.home);
      const claude = readSettings(claudeFile);
      if (AGENT_CONFIG.claude.kind === 'json' && findOurs(claude.value, AGENT_CONFIG.claude, 'claude').length) {
        out(
          `vscode: VS Code already runs the Claude Code hook in ${claudeFile} (it reads Claude's settings); not adding a second one (--force to add it anyway)`,
        );
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
    const verdict = verifyInstalled(agent, cfg, file, command, o.root, o.scope, o.home);
    for (const line of verdict.lines) out(line);
    if (!verdict.ok) failed++;
  }
  if (o.dryRun) process.stderr.write('dry run: nothing was written\n');
  return failed ? EXIT_FAIL : EXIT_OK;
}

export interface Verified {
  ok: boolean;
  /** Works only once the person does what the lines say (Codex trust, Gemini folder trust). */
  pending?: boolean;
  lines: string[];
}

/**
 * What the agent will really do with what is installed: the command answers a harmless call, it
 * still blocks when the hook file is gone, and the agent's own gate (Codex trust, Gemini folder
 * trust) lets it run. One ✓ line only when all hold.
 */
export function verifyInstalled(
  agent: AgentName,
  cfg: AgentConfig,
  file: string,
  command: string,
  root: string,
  scope: Scope | 'system',
  home: string,
  env: NodeJS.ProcessEnv = process.env,
): Verified {
  const check = checkHook(agent, cfg, file, command, root, env);
  if (!check.ok) return { ok: false, lines: [`✗ ${agent}: ${check.detail}`] };
  const closed = checkFailClosed(agent, cfg, file, command, root, env);
  if (!closed.ok) return { ok: false, lines: [`✗ ${agent}: ${closed.detail}`] };
  const files = checkHookFiles(command);
  if (!files.ok) return { ok: false, lines: [`✗ ${agent}: ${files.detail}`] };
  const gate = agentGate(agent, cfg, file, command, root, scope, home, env);
  if (gate) return { ok: gate.ok, pending: true, lines: [`! ${agent}: the agent does not call it yet — ${check.detail}; ${closed.detail}`, ...gate.lines] };
  return { ok: true, lines: [`✓ ${agent}: ${check.detail}; ${closed.detail}`] };
}

/** The agent's own step between "written" and "called": undefined when there is none. */
function agentGate(
  agent: AgentName,
  cfg: AgentConfig,
  file: string,
  command: string,
  root: string,
  scope: Scope | 'system',
  home: string,
  env: NodeJS.ProcessEnv,
): { ok: boolean; lines: string[] } | undefined {
  if (agent === 'codex' && scope !== 'system' && cfg.kind === 'json') {
    const t = codexTrust(file, cfg, command, env, home);
    if (t.state === 'trusted') return undefined;
    return {
      ok: true,
      lines: [
        `  Codex runs a new or changed hook only after a person trusts it, and until then runs every tool unchecked (${t.detail}).`,
        `  Trust it now: start \`codex\` in a terminal, type /hooks, select the PreToolUse hook "${command}" and trust it. \`blast-radius doctor\` tells you when it is trusted.`,
        `  (\`sudo blast-radius install codex --system\` puts it in Codex's managed requirements, which need no trust and which the agent cannot change.)`,
      ],
    };
  }
  if (agent === 'gemini' && scope === 'project') {
    const t = geminiFolderTrust(root, home, env);
    if (t.trusted) return undefined;
    return {
      ok: true,
      lines: [
        `  Gemini CLI ignores project hooks in a folder it does not trust (${t.detail}), and then runs every tool unchecked.`,
        `  Trust the folder (start \`gemini\` in ${root} and accept the trust prompt, or /permissions), or install at user level: \`blast-radius install gemini\`.`,
      ],
    };
  }
  return undefined;
}

/** Installs into each agent's managed settings, root-owned, with the hook copied root-owned. */
function installSystem(o: Options): number {
  let failed = 0;
  const agents = o.agents.filter((a) => {
    if (SYSTEM_TARGETS[a]) return true;
    out(`✗ ${a}: no --system install: ${NO_SYSTEM[a] ?? 'no documented system-level hook location'}`);
    failed++;
    return false;
  });
  if (!agents.length) return EXIT_FAIL;
  const node = nodeForHook();
  const nodeProblem = notRootOnly(node.replace(/^"|"$/g, ''));
  let hook: string;
  if (o.dryRun) hook = systemPath(join(SYSTEM_HOOK_DIR, 'hook.js'));
  else {
    hook = installHookBundle(distDirOfThisCli());
    out(`copied the hook to ${dirname(hook)} (root-owned, 0644)`);
  }
  if (nodeProblem)
    out(`! the hook command runs ${node}, which the user could replace (${nodeProblem}); install Node somewhere only root can write (e.g. /usr/bin/node)`);
  const prefix = o.prefix ?? `${node} ${quote(hook)}`;
  for (const agent of agents) {
    const target = SYSTEM_TARGETS[agent]!;
    const file = systemPath(target.path);
    const command = installedCommand(prefix, agent);
    const before = readIfExists(file);
    let after: string;
    const cfg = AGENT_CONFIG[agent] as JsonAgentConfig;
    if (target.format === 'codex-toml') {
      const slot = cfg.slots[0]!;
      const group = slot.entry(command) as { matcher: string; hooks: { timeout: number }[] };
      after = codexTomlWithOurs(before, command, group.matcher, group.hooks[0]!.timeout);
    } else {
      const s = readSettings(file);
      if (s.errors.length) {
        out(`✗ ${agent}: ${file} is not valid JSON; fix it first (nothing written)`);
        failed++;
        continue;
      }
      after = withOurs(s.text, { ...cfg, top: { ...(cfg.top ?? {}), ...(target.top ?? {}) } }, agent, command);
    }
    if (o.dryRun) {
      out(before === after ? `${agent}: ${file} already has the hook; nothing to change` : diffText(file, before, after).trimEnd());
      continue;
    }
    if (before !== after) {
      if (before) copyFileSync(file, `${file}.blast-radius.bak`);
      writeRootFile(file, after);
      out(`${agent}: wrote ${file} (root-owned, 0644; ${target.note})${before ? ` (previous: ${basename(file)}.blast-radius.bak)` : ''}`);
    } else out(`${agent}: ${file} already has the hook`);
    const problem = notRootOnly(file) ?? notRootOnly(hook);
    if (problem) {
      out(`✗ ${agent}: not protected from the user: ${problem}`);
      failed++;
      continue;
    }
    const verdict = verifyInstalled(agent, cfg, file, command, o.root, 'system', o.home);
    for (const line of verdict.lines) out(line);
    if (!verdict.ok) failed++;
  }
  if (!anchorAudit(o)) failed++;
  return failed ? EXIT_FAIL : EXIT_OK;
}

/**
 * The audit log's system anchor for the person the hooks guard (the sudo caller, or --user): a
 * root-owned folder holding an append-only witness file, so an agent running as that user cannot
 * rewrite the log's history without the witness showing it (src/audit/witness.ts).
 */
function anchorAudit(o: Options): boolean {
  const env = process.env;
  const who =
    o.user !== undefined
      ? lookUpUser(o.user)
      : env.SUDO_UID && env.SUDO_UID !== '0'
        ? { name: env.SUDO_USER ?? `uid ${env.SUDO_UID}`, uid: Number(env.SUDO_UID), gid: Number(env.SUDO_GID ?? env.SUDO_UID) }
        : undefined;
  if (o.user !== undefined && !who) {
    out(`✗ audit anchor: no user '${o.user}'`);
    return false;
  }
  if (!who) {
    out(
      '! audit anchor: no user to anchor (run through sudo, or pass --user NAME); until then the audit log is only tamper-evident, not anchored: sudo blast-radius audit anchor --system --user NAME',
    );
    return true;
  }
  // Under a throwaway system root (tests), the anchor lives there too.
  const aenv = systemRoot(env) && !env.BLAST_RADIUS_SYSTEM_DIR ? { ...env, BLAST_RADIUS_SYSTEM_DIR: systemPath(SYSTEM_DIR) } : env;
  if (o.dryRun) {
    out(`audit anchor: would create ${systemWitnessFile(aenv, who.uid)} for ${who.name} (root-owned folder, the file append-only)`);
    return true;
  }
  const r = setUpSystemWitness(who.uid, who.gid, aenv);
  if (!r.ok) {
    out(`✗ audit anchor for ${who.name}: ${r.error}`);
    return false;
  }
  if (!r.appendOnly) {
    out(`✗ audit anchor for ${who.name}: ${r.file} created, but ${r.note ?? 'it is not append-only'}`);
    return false;
  }
  out(`audit anchor for ${who.name}: ${r.file} (append-only; the audit log's history is witnessed where the user cannot rewrite it)`);
  return true;
}

/** dist/ next to this CLI (or the repository's dist/ when run from out/). */
function distDirOfThisCli(): string {
  for (const dir of [__dirname, resolve(__dirname, '..', '..', 'dist')]) if (existsSync(join(dir, 'hook.js'))) return dir;
  throw new CliError('install --system: cannot find dist/hook.js next to this CLI; run `npm run build`');
}

function uninstallSystem(o: Options): number {
  let failed = 0;
  for (const agent of o.agents) {
    const target = SYSTEM_TARGETS[agent];
    if (!target) {
      out(`${agent}: no --system install exists for it; nothing to remove`);
      continue;
    }
    const file = systemPath(target.path);
    if (!existsSync(file)) {
      out(`${agent}: no ${file}; nothing to remove`);
      continue;
    }
    const before = readFileSync(file, 'utf8');
    const backup = `${file}.blast-radius.bak`;
    const previous = existsSync(backup) ? readFileSync(backup, 'utf8') : '';
    let after: string;
    if (target.format === 'codex-toml') after = codexTomlWithoutOurs(before);
    else {
      const cfg = AGENT_CONFIG[agent] as JsonAgentConfig;
      const s = readSettings(file);
      if (s.errors.length) {
        out(`✗ ${agent}: ${file} is not valid JSON; fix it first (nothing written)`);
        failed++;
        continue;
      }
      after = withoutOurs(before, cfg, agent);
      // The keys we set go too, unless the file had them before we first wrote it.
      for (const key of Object.keys(target.top ?? {})) {
        if (previous.includes(`"${key}"`)) continue;
        const { modify, applyEdits } = require('jsonc-parser') as typeof import('jsonc-parser');
        after = applyEdits(after, modify(after, [key], undefined, {}));
      }
    }
    if (o.dryRun) {
      out(diffText(file, before, after).trimEnd());
      continue;
    }
    if (after === before) {
      out(`${agent}: ${file} has no Blast Radius hook`);
      continue;
    }
    const empty = !after.trim() || /^\s*\{\s*\}\s*$/.test(after);
    if (empty) rmSync(file);
    else writeRootFile(file, after);
    out(`${agent}: removed the hook from ${file}${empty ? ' (the file held nothing else: removed)' : ''}`);
  }
  // The hook bundle goes once no managed file runs it.
  const stillUsed = Object.values(SYSTEM_TARGETS).some((t) => readIfExists(systemPath(t.path)).includes(SYSTEM_HOOK_DIR));
  if (!o.dryRun && !stillUsed && removeHookBundle()) out(`removed ${systemPath(SYSTEM_HOOK_DIR)}`);
  return failed ? EXIT_FAIL : EXIT_OK;
}

/** The command in a system file (for doctor). */
export function systemCommands(agent: AgentName, env: NodeJS.ProcessEnv = process.env): { file: string; commands: string[] } | undefined {
  const target = SYSTEM_TARGETS[agent];
  if (!target) return undefined;
  const file = systemPath(target.path, env);
  if (!existsSync(file)) return undefined;
  if (target.format === 'codex-toml') {
    const c = codexTomlCommand(readFileSync(file, 'utf8'));
    return { file, commands: c ? [c] : [] };
  }
  const s = readSettings(file);
  return { file, commands: [...new Set(findOurs(s.value, AGENT_CONFIG[agent] as JsonAgentConfig, agent).map((f) => f.command))] };
}

export async function runUninstall(argv: string[]): Promise<number> {
  const o = parse(argv, 'uninstall');
  if (!o) return EXIT_OK;
  if (o.system) return uninstallSystem(o);
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
      return { sessionId: 'blast-radius-check', timestamp: 0, cwd, toolName: 'view', toolArgs: { path } };
    case 'kiro':
      return { hook_event_name: 'PreToolUse', cwd, tool_name: 'fs_read', tool_input: { path } };
    case 'windsurf':
      return { agent_action_name: 'pre_read_code', trajectory_id: 'blast-radius-check', tool_info: { file_path: path, cwd } };
    case 'cline':
      return {
        hookName: 'tool_call',
        taskId: 'blast-radius-check',
        workspaceRoots: [cwd],
        tool_call: { id: 'blast-radius-check', name: 'read_files', input: { files: [{ path }] } },
        preToolUse: { toolName: 'read_files', parameters: { files: JSON.stringify([{ path }]) } },
      };
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

/** Whether the answer is the agent's blocking answer (exit 2, or its deny JSON where exit codes are ignored). */
function answersBlock(agent: AgentName, code: number | null, stdout: string): boolean {
  const last = stdout.trim().split('\n').pop() ?? '';
  let j: Record<string, unknown> = {};
  try {
    j = last ? (JSON.parse(last) as Record<string, unknown>) : {};
  } catch {
    // not JSON
  }
  if (agent === 'cline') return j.cancel === true; // Cline 3.x ignores the exit code
  if (code === 2) return true;
  if (code !== 0) return false;
  if (agent === 'cursor') return j.permission === 'deny';
  if (agent === 'gemini') return j.decision === 'deny';
  return j.permissionDecision === 'deny' || JSON.stringify(j).includes('"permissionDecision":"deny"');
}

/** The command with its hook file swapped for one that does not exist. */
export function withMissingHook(command: string): string | undefined {
  const re = /("?)((?:[^\s"]*[\\/])?(?:hook|cli)\.js)\1/;
  if (!re.test(command)) return undefined;
  return command.replace(re, (_m, q: string) => `${q}/nonexistent/blast-radius-check/hook.js${q}`);
}

/**
 * Runs the installed command as the agent would, but with the hook file gone: the agent must still
 * get its blocking answer. For Cline, the script itself is copied with the path swapped.
 */
export function checkFailClosed(
  agent: AgentName,
  cfg: AgentConfig,
  file: string,
  command: string,
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): HookCheck {
  const input = JSON.stringify(harmlessPayload(agent, cwd));
  const broken = withMissingHook(command);
  if (!broken) return { ok: false, detail: `cannot tell where the hook file is in the command (${command}), so cannot check that it fails closed` };
  let r;
  if (cfg.kind === 'script') {
    const dir = mkdtempSync(join(tmpdir(), 'blast-radius-check-'));
    try {
      const copy = join(dir, 'PreToolUse');
      writeFileSync(copy, readFileSync(file, 'utf8').split(command).join(broken), { mode: 0o755 });
      r = spawnSync(copy, [], { input, cwd, env, encoding: 'utf8', timeout: 30_000 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else if (process.platform === 'win32') {
    r = spawnSync(process.env.ComSpec ?? 'cmd.exe', ['/d', '/s', '/c', broken], {
      input,
      cwd,
      env,
      encoding: 'utf8',
      timeout: 30_000,
      windowsVerbatimArguments: true,
    });
  } else r = spawnSync('/bin/sh', ['-c', broken], { input, cwd, env, encoding: 'utf8', timeout: 30_000 });
  if (answersBlock(agent, r.status, r.stdout ?? '')) return { ok: true, detail: 'fails closed (blocks when the hook file is missing)' };
  const hint = cfg.kind === 'json' && !isFailClosed(command) ? ` — the command lacks '|| exit 2'; reinstall with \`blast-radius install ${agent}\`` : '';
  return { ok: false, detail: `fails OPEN: with the hook file missing the agent gets exit ${r.status} and runs the tool${hint}` };
}

/**
 * The harmless call loads only the loader, the hook and the engine half: a hook folder without
 * hook-extra.js still answers it, but blocks every call of the rarer tool families (a cloud CLI,
 * kubectl, a database, a plan). So the folder the command runs from must hold every bundle.
 */
export function checkHookFiles(command: string): HookCheck {
  const hook = /("?)((?:[^\s"]*[\\/])?hook\.js)\1/.exec(command)?.[2];
  // dist/cli.js holds the whole engine in one bundle: nothing else to find.
  if (!hook) return { ok: true, detail: '' };
  const missing = HOOK_FILES.filter((f) => f.endsWith('.js') && !existsSync(join(dirname(hook), f)));
  if (!missing.length) return { ok: true, detail: '' };
  return {
    ok: false,
    detail: `the hook's folder ${dirname(hook)} lacks ${missing.join(', ')}: the calls that need ${missing.length === 1 ? 'it' : 'them'} are blocked; reinstall the package`,
  };
}

/** Runs the installed command through a shell, as the agent does, with a harmless payload. */
export function checkHook(agent: AgentName, cfg: AgentConfig, file: string, command: string, cwd: string, env: NodeJS.ProcessEnv = process.env): HookCheck {
  const input = JSON.stringify(harmlessPayload(agent, cwd));
  // The command without its fail-closed tail, so a hook that cannot start shows its own exit code
  // (the tail is checked on its own by checkFailClosed).
  const raw = command.replace(/\s*\|\|\s*exit\s+2\s*$/, '');
  const t0 = process.hrtime.bigint();
  const r =
    cfg.kind === 'script'
      ? spawnSync(file, [], { input, cwd, env, encoding: 'utf8', timeout: 30_000 })
      : process.platform === 'win32'
        ? spawnSync(process.env.ComSpec ?? 'cmd.exe', ['/d', '/s', '/c', raw], {
            input,
            cwd,
            env,
            encoding: 'utf8',
            timeout: 30_000,
            windowsVerbatimArguments: true,
          })
        : spawnSync('/bin/sh', ['-c', raw], { input, cwd, env, encoding: 'utf8', timeout: 30_000 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  // EPIPE: the command exited before reading its input; its exit code still says why.
  if (r.error && !((r.error as NodeJS.ErrnoException).code === 'EPIPE' && r.status !== null))
    return { ok: false, detail: `the agent could not run the hook (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}): ${command}` };
  if (answersAllow(agent, r.status, r.stdout)) return { ok: true, detail: `the hook answers (a read-only call allowed in ${ms.toFixed(0)} ms): ${command}` };
  const why = (r.stderr || r.stdout || '').trim().split('\n')[0] ?? '';
  const hint = r.status === 127 || r.status === 126 ? ' — the command is not found or not executable, so the agent would silently skip the hook' : '';
  return { ok: false, detail: `the hook did not answer as expected (exit ${r.status}${why ? `: ${why}` : ''})${hint}: ${command}` };
}
