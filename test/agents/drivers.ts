// How each real agent CLI is run offline against the mock model (test/agents/mock-model.ts): its
// settings in a throwaway HOME, its environment, its non-interactive command line, and the tool
// calls its model would make for each step of a case (a harmless command, a write, an edit, its
// bookkeeping tools, the destructive command). What each agent was found to do is in the README
// ("Real agents: what is verified, and how"), checked against the versions in versions.ts.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentName } from '../../src/cli/agents/types';
import type { ToolCall } from './mock-model';
import { binOf, PINNED, type PinnedAgent } from './versions';

export interface RunContext {
  home: string;
  ws: string;
  /** The mock model's base URL (http://127.0.0.1:PORT). */
  model: string;
  auditLog: string;
  bridgeDir: string;
}

/** One step of a case: the call the model makes, and whether our installed hook sees it. */
export interface Step {
  label: string;
  call: ToolCall;
  /** The hook is called for it (the installed matcher includes the tool). */
  hooked: boolean;
}

export interface Driver {
  name: Extract<AgentName, PinnedAgent['name']>;
  pinned: PinnedAgent;
  /** Agent settings in the throwaway HOME (model provider, auth), before our install. */
  setup(ctx: RunContext): void;
  env(ctx: RunContext): Record<string, string>;
  args(prompt: string, ctx: RunContext): string[];
  /** Steps before an edit that the agent requires (Claude: read the file first). */
  harmless(ctx: RunContext): Step[];
  write(ctx: RunContext, file: string, content: string): Step[];
  edit(ctx: RunContext, file: string, oldText: string, newText: string): Step[];
  bookkeeping(ctx: RunContext): Step[];
  /** Deletes ws/precious. */
  destructive(ctx: RunContext): Step;
  /** The blast-radius install options (Codex: none, and the trust is written by the test). */
  installArgs: string[];
}

const pinned = (name: PinnedAgent['name']): PinnedAgent => PINNED.find((p) => p.name === name)!;
const step = (label: string, name: string, input: Record<string, unknown>, hooked = true): Step => ({ label, call: { name, input }, hooked });

export const DRIVERS: Driver[] = [
  {
    name: 'claude',
    pinned: pinned('claude'),
    setup: () => undefined,
    env: (c) => ({
      ANTHROPIC_BASE_URL: c.model,
      ANTHROPIC_API_KEY: 'sk-mock',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_AUTOUPDATER: '1',
      IS_SANDBOX: '1',
    }),
    args: (prompt) => ['-p', prompt, '--output-format', 'json', '--permission-mode', 'bypassPermissions'],
    harmless: () => [step('harmless command', 'Bash', { command: 'ls', description: 'list files' })],
    write: (c, f, content) => [step('write', 'Write', { file_path: join(c.ws, f), content })],
    // Claude Code refuses to edit a file it has not read in this session; Read does not reach our matcher.
    edit: (c, f, o, n) => [
      step('read before edit', 'Read', { file_path: join(c.ws, f) }, false),
      step('edit', 'Edit', { file_path: join(c.ws, f), old_string: o, new_string: n }),
    ],
    // Claude's own bookkeeping tools (TodoWrite, Agent…) are outside the installed matcher.
    bookkeeping: () => [],
    destructive: () => step('destructive', 'Bash', { command: 'rm -rf precious', description: 'clean up' }),
    installArgs: [],
  },
  {
    name: 'codex',
    pinned: pinned('codex'),
    setup: (c) => {
      mkdirSync(join(c.home, '.codex'), { recursive: true });
      // model gpt-5.5 is in Codex's bundled catalog, so the native apply_patch tool is offered.
      writeFileSync(
        join(c.home, '.codex', 'config.toml'),
        [
          'model = "gpt-5.5"',
          'model_provider = "mock"',
          'approval_policy = "never"',
          'sandbox_mode = "danger-full-access"',
          '',
          '[model_providers.mock]',
          'name = "mock"',
          `base_url = "${c.model}/v1"`,
          'wire_api = "responses"',
          'env_key = "MOCK_API_KEY"',
          '',
          `[projects.${JSON.stringify(c.ws)}]`,
          'trust_level = "trusted"',
          '',
        ].join('\n'),
      );
    },
    env: () => ({ MOCK_API_KEY: 'sk-mock' }),
    args: (prompt) => ['exec', '--skip-git-repo-check', prompt],
    harmless: () => [step('harmless command', 'exec_command', { cmd: 'ls' })],
    write: (_c, f, content) => [
      {
        label: 'write (apply_patch)',
        call: {
          name: 'apply_patch',
          freeform: `*** Begin Patch\n*** Add File: ${f}\n${content
            .split('\n')
            .filter((l, i, a) => i < a.length - 1 || l)
            .map((l) => `+${l}`)
            .join('\n')}\n*** End Patch\n`,
        },
        hooked: true,
      },
    ],
    edit: (_c, f, o, n) => [
      {
        label: 'edit (apply_patch)',
        call: { name: 'apply_patch', freeform: `*** Begin Patch\n*** Update File: ${f}\n@@\n-${o}\n+${n}\n*** End Patch\n` },
        hooked: true,
      },
    ],
    // update_plan, request_user_input… are outside the installed matcher (Bash|apply_patch|mcp__.*).
    bookkeeping: () => [],
    // Codex itself refuses `rm -rf` ("rm -f style commands are not permitted"): rm -r.
    destructive: () => step('destructive', 'exec_command', { cmd: 'rm -r precious' }),
    installArgs: [],
  },
  {
    name: 'gemini',
    pinned: pinned('gemini'),
    setup: (c) => {
      mkdirSync(join(c.home, '.gemini'), { recursive: true });
      writeFileSync(join(c.home, '.gemini', 'settings.json'), JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key' } } }, null, 2));
    },
    env: (c) => ({ GOOGLE_GEMINI_BASE_URL: c.model, GEMINI_API_KEY: 'mock' }),
    args: (prompt) => ['-p', prompt, '--skip-trust', '--output-format', 'json', '-m', 'gemini-2.5-flash', '--approval-mode', 'yolo'],
    harmless: () => [step('harmless command', 'run_shell_command', { command: 'ls', description: 'list files', dir_path: '.' })],
    write: (c, f, content) => [step('write', 'write_file', { file_path: join(c.ws, f), content })],
    edit: (c, f, o, n) => [
      step('edit', 'replace', { file_path: join(c.ws, f), old_string: o, new_string: n, instruction: 'Fix the rounding: two decimals for money.' }),
      // allow_multiple: every occurrence (our adapter must diff it as replace-all, not one replacement).
      step('edit allow_multiple', 'replace', {
        file_path: join(c.ws, 'units.txt'),
        old_string: 'USD',
        new_string: 'EUR',
        instruction: 'The report is in euros.',
        allow_multiple: true,
      }),
    ],
    bookkeeping: () => [
      step('bookkeeping update_topic', 'update_topic', { title: 'Rounding fix', strategic_intent: 'Fix the rounding in the cost report.' }),
      step('bookkeeping write_todos', 'write_todos', { todos: [{ description: 'Fix rounding', status: 'in_progress' }] }),
    ],
    destructive: () => step('destructive', 'run_shell_command', { command: 'rm -rf precious', description: 'clean up' }),
    installArgs: [],
  },
  {
    name: 'copilot',
    pinned: pinned('copilot'),
    setup: () => undefined,
    env: (c) => ({ COPILOT_OFFLINE: 'true', COPILOT_PROVIDER_BASE_URL: `${c.model}/v1`, COPILOT_PROVIDER_API_KEY: 'mock', COPILOT_MODEL: 'gpt-4.1' }),
    args: (prompt) => ['-p', prompt, '--allow-all-tools', '--trust-folder'],
    harmless: () => [step('harmless command', 'bash', { command: 'ls', description: 'list files' })],
    write: (c, f, content) => [step('write', 'create', { path: join(c.ws, f), file_text: content })],
    edit: (c, f, o, n) => [step('view before edit', 'view', { path: join(c.ws, f) }), step('edit', 'edit', { path: join(c.ws, f), old_str: o, new_str: n })],
    bookkeeping: () => [
      step('bookkeeping sql (its session todo database)', 'sql', {
        description: 'Insert todo',
        query: "INSERT INTO todos (id, title, status) VALUES ('rounding', 'Fix rounding', 'pending')",
      }),
      step('bookkeeping stop_bash', 'stop_bash', { shellId: 'none' }),
    ],
    destructive: () => step('destructive', 'bash', { command: 'rm -rf precious', description: 'clean up' }),
    installArgs: [],
  },
  {
    name: 'cline',
    pinned: pinned('cline'),
    // Cline's own provider settings: an OpenAI-compatible endpoint, written by its `auth` command.
    setup: (c) => {
      const r = spawnSync(binOf(pinned('cline')), ['auth', '-p', 'openai-compatible', '-k', 'sk-mock', '-m', 'mock-model', '-b', `${c.model}/v1`], {
        cwd: c.ws,
        env: baseEnv(c),
        encoding: 'utf8',
        timeout: 60_000,
      });
      if (r.status !== 0) throw new Error(`cline auth failed (exit ${r.status}): ${r.stderr || r.stdout}`);
    },
    env: () => ({ CLINE_DISABLE_TELEMETRY: '1' }),
    args: (prompt) => ['--json', prompt],
    harmless: () => [step('harmless command', 'run_commands', { commands: ['ls'] })],
    write: (c, f, content) => [step('write', 'editor', { path: join(c.ws, f), new_text: content })],
    edit: (c, f, o, n) => [step('edit', 'editor', { path: join(c.ws, f), old_text: o, new_text: n })],
    bookkeeping: () => [],
    destructive: () => step('destructive', 'run_commands', { commands: ['rm -rf precious'] }),
    installArgs: [],
  },
];

export interface AgentRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

export function baseEnv(ctx: RunContext): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: ctx.home,
    USER: 'root',
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    XDG_STATE_HOME: join(ctx.home, '.local', 'state'),
    XDG_CACHE_HOME: join(ctx.home, '.cache'),
    XDG_CONFIG_HOME: join(ctx.home, '.config'),
    XDG_DATA_HOME: join(ctx.home, '.local', 'share'),
    XDG_RUNTIME_DIR: join(ctx.home, '.run'),
    BLAST_RADIUS_AUDIT_LOG: ctx.auditLog,
    BLAST_RADIUS_BRIDGE_DIR: ctx.bridgeDir,
    NO_COLOR: '1',
    CI: '1',
  };
}

/** Runs the agent once, non-interactively, in the workspace; never longer than `timeoutMs`. */
export function runAgent(d: Driver, ctx: RunContext, prompt: string, extraEnv: Record<string, string> = {}, timeoutMs = 90_000): Promise<AgentRun> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(binOf(d.pinned), d.args(prompt, ctx), {
      cwd: ctx.ws,
      env: { ...baseEnv(ctx), ...d.env(ctx), ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - t0, timedOut });
    });
  });
}

/** The throwaway workspace: a git repo with the cost report, a second file, and the folder at stake. */
export function makeWorkspace(ws: string): void {
  mkdirSync(join(ws, 'precious'), { recursive: true });
  writeFileSync(join(ws, 'precious', 'data.txt'), 'the only copy\n');
  writeFileSync(join(ws, 'cost_report.py'), 'def total(amounts):\n    return round(sum(amounts), 1)\n');
  writeFileSync(join(ws, 'units.txt'), 'USD\nUSD\n');
  writeFileSync(join(ws, 'README.md'), '# Costs\n');
  const git = (...a: string[]): void => {
    const r = spawnSync('git', a, { cwd: ws, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${a.join(' ')}: ${r.stderr}`);
  };
  git('init', '-q');
  git('add', 'cost_report.py', 'units.txt', 'README.md');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'init');
}

export function readAudit(file: string): Record<string, unknown>[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/**
 * Ends the background processes an agent left behind under `dir` (Cline 3 starts a detached
 * `--cline-hub-daemon` that outlives the run). Only processes whose command line or working
 * directory is inside this suite's own temp folder, by pid.
 */
export function stopProcessesUnder(dir: string): number[] {
  const { readdirSync, readFileSync, readlinkSync } = require('node:fs') as typeof import('node:fs');
  const stopped: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let cmdline = '';
    let cwd = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      cwd = readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      // gone, or not ours to read
    }
    if (!cmdline.includes(dir) && !cwd.startsWith(dir)) continue;
    try {
      process.kill(pid, 'SIGKILL');
      stopped.push(pid);
    } catch {
      // already gone
    }
  }
  return stopped;
}
