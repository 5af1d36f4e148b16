// Shared by the hook tests: real project directories (git repos with a policy), the real hook
// process (dist/cli.js), agent fixtures, and reading each agent's answer back into an outcome.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheHeader } from '../../../src/cli/code-cache';
import { fixtures, TEST_CLI, TEST_DIST } from '../../helpers';

/**
 * What the installers write, `node hook.js <agent>` (the small hook bundle), else the CLI: the
 * test build of both (helpers TEST_DIST), so that the test process can be the editor they ask.
 */
export const HOOK_JS = join(TEST_DIST, 'hook.js');
export const hookCommand = (agent: string): string[] => (existsSync(HOOK_JS) ? [HOOK_JS, agent] : [TEST_CLI, 'hook', agent]);

export const AGENT_NAMES = ['claude', 'vscode', 'cursor', 'gemini', 'codex', 'copilot', 'kiro', 'windsurf', 'cline'] as const;
export type Agent = (typeof AGENT_NAMES)[number];
export type Outcome = 'allow' | 'ask' | 'deny' | 'block';

/** The fixture of each agent that carries a typical shell command. */
/** Real payloads (captured from the pinned CLIs by test/agents) where the agent runs here. */
export const SHELL_FIXTURE: Record<Agent, string> = {
  claude: 'real-destructive',
  vscode: 'run_in_terminal',
  cursor: 'before-shell',
  gemini: 'real-destructive',
  codex: 'real-destructive',
  copilot: 'real-destructive',
  kiro: 'v2-execute-bash',
  windsurf: 'pre_run_command',
  cline: 'real-destructive',
};
/** Agents whose own "ask" reaches the person (Codex 0.171 runs the tool on an ask: never sent). */
export const CAN_ASK = new Set<Agent>(['claude', 'vscode', 'copilot']);
/** Agents that get an explicit allow when a person allowed in the editor (Codex rejects "allow"). */
export const EXPLICIT_ALLOW = new Set<Agent>(['claude', 'vscode', 'copilot', 'cursor', 'gemini', 'cline']);

/** What the agent sees for each decision: the agent's deny is exit 2 where that is its only deny. */
export function expectedOutcome(agent: Agent, decision: 'allow' | 'ask' | 'deny' | 'error'): Outcome {
  if (decision === 'allow') return 'allow';
  if (decision === 'ask' && CAN_ASK.has(agent)) return 'ask';
  if (decision === 'error') return agent === 'copilot' || agent === 'cline' ? 'deny' : 'block';
  return agent === 'kiro' || agent === 'windsurf' ? 'block' : 'deny';
}

export interface Fixture {
  name: string;
  expect: { kind?: string; readOnly?: boolean; contains?: string[] };
  payload: unknown;
}

export function agentFixtures(agent: Agent): Fixture[] {
  const dir = fixtures('agents', agent);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: f.replace(/\.json$/, ''), ...(JSON.parse(readFileSync(join(dir, f), 'utf8')) as Omit<Fixture, 'name'>) }));
}

/** The payload as the agent would send it from `cwd`. */
export function payloadText(f: Fixture, cwd: string): string {
  return JSON.stringify(f.payload).split('__CWD__').join(cwd.split('\\').join('/'));
}

/** A git repo with `src/app.ts` and `README.md`; with `requires`, a policy mapping every level to it. */
export function makeProject(dir: string, requires?: string): string {
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'src', 'app.ts'), 'const port = 3000;\n');
  writeFileSync(join(dir, 'README.md'), '# Demo\nA demo.\n');
  // The files the real-agent fixtures (real-*.json, captured by test/agents) edit.
  writeFileSync(join(dir, 'cost_report.py'), 'def total(amounts):\n    return round(sum(amounts), 1)\n');
  writeFileSync(join(dir, 'units.txt'), 'USD\nUSD\n');
  spawnSync('git', ['init', '-q'], { cwd: dir });
  spawnSync('git', ['add', '.'], { cwd: dir });
  spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'init'], { cwd: dir });
  if (requires) {
    mkdirSync(join(dir, '.blast-radius'), { recursive: true });
    // Critical keeps its floor (a policy cannot lower it below peer review).
    const critical = requires === 'deny' ? 'deny' : 'peer-review';
    writeFileSync(
      join(dir, '.blast-radius', 'policy.json'),
      JSON.stringify({ requires: { low: requires, medium: requires, high: requires, critical } }, null, 2),
    );
  }
  return dir;
}

export interface HookResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface HookEnv {
  home: string;
  bridgeDir: string;
}

export function hookEnv(e: HookEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: e.home, USERPROFILE: e.home, BLAST_RADIUS_BRIDGE_DIR: e.bridgeDir };
  delete env.XDG_CONFIG_HOME;
  return env;
}

/** The build id a built hook bundle ends with (scripts/hook-cache.ts stamps it). */
export const buildIdOf = (bundle: string): string => /\n\/\/# blast-radius-build ([0-9a-f]{32})\n$/.exec(readFileSync(bundle, 'latin1'))![1]!;

/**
 * Makes `cache` look as if another build of `bundle` had made it (a half-done upgrade): the same V8
 * data under a header with another build id.
 */
export function giveCacheAnotherBuild(bundle: string, cache: string): void {
  const id = buildIdOf(bundle);
  const other = id.replace(/^./, (c) => (c === '0' ? '1' : '0'));
  writeFileSync(cache, Buffer.concat([Buffer.from(cacheHeader(other), 'latin1'), readFileSync(cache).subarray(cacheHeader(id).length)]));
}

/**
 * The environment of a hook run in a throwaway `root`: HOME in `root`/home and every folder and
 * file Blast Radius reads or writes as state (XDG folders, bridge, audit log, reviews) inside
 * `root`, so no run touches the user's own.
 */
export function throwawayEnv(root: string): NodeJS.ProcessEnv {
  const home = join(root, 'home');
  return {
    ...process.env,
    HOME: home,
    USERPROFILE: home,
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_STATE_HOME: join(root, 'state'),
    XDG_CONFIG_HOME: join(root, 'config'),
    XDG_RUNTIME_DIR: join(root, 'run'),
    BLAST_RADIUS_BRIDGE_DIR: join(root, 'bridge'),
    BLAST_RADIUS_AUDIT_LOG: join(root, 'audit.jsonl'),
    BLAST_RADIUS_REVIEWS_DIR: join(root, 'reviews'),
  };
}

/** Runs `blast-radius hook <agent>` as the agent would: payload on stdin, answer on stdout. */
export function runHook(agent: string, stdin: string, env: HookEnv, args: string[] = [], cwd?: string): Promise<HookResult> {
  return runNode([...hookCommand(agent), ...args], stdin, env, cwd);
}

/** Runs node with `argv` (asynchronously: the test process may be the editor that must answer). */
export function runNode(argv: string[], stdin: string, env: HookEnv, cwd?: string): Promise<HookResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { env: hookEnv(env), cwd: cwd ?? env.home, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
  });
}

/** Reads the agent's answer back: what the agent would do, and the reason it was given. */
export function outcomeOf(agent: Agent, r: HookResult): { outcome: Outcome; reason: string } {
  if (r.code !== 0 && r.code !== 2) throw new Error(`exit ${r.code} is neither 0 nor 2 (stderr: ${r.stderr.trim()})`);
  if (r.code === 2) return { outcome: 'block', reason: r.stderr.trim() };
  const out = r.stdout.trim();
  if (!out) return { outcome: 'allow', reason: '' };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- nine agents' answer shapes, each read by its case below
  const j = JSON.parse(out) as Record<string, any>;
  switch (agent) {
    case 'claude':
    case 'vscode':
    case 'codex': {
      const h = j.hookSpecificOutput;
      if (h?.decision?.behavior === 'deny') return { outcome: 'deny', reason: h.decision.message };
      if (h?.permissionDecision === 'deny' || h?.permissionDecision === 'ask') return { outcome: h.permissionDecision, reason: h.permissionDecisionReason };
      if (h?.permissionDecision === 'allow') {
        if (agent === 'codex') throw new Error('explicit allow: Codex 0.171 rejects it as unsupported');
        return { outcome: 'allow', reason: h.permissionDecisionReason ?? '' };
      }
      if (h?.decision?.behavior === 'allow') return { outcome: 'allow', reason: '' };
      return { outcome: 'allow', reason: '' };
    }
    case 'cursor':
      if (j.permission === 'deny') {
        if (j.userMessage !== j.user_message || j.agentMessage !== j.agent_message) throw new Error('camelCase and snake_case messages differ');
        return { outcome: 'deny', reason: j.agent_message };
      }
      if (j.permission === 'allow') return { outcome: 'allow', reason: '' };
      throw new Error(`cursor: unexpected ${out}`);
    case 'gemini':
      if (j.decision === 'deny') return { outcome: 'deny', reason: j.reason };
      if (j.decision === 'allow') return { outcome: 'allow', reason: '' };
      throw new Error(`gemini: unexpected ${out}`);
    case 'copilot':
      if (j.permissionDecision === 'deny' || j.permissionDecision === 'ask' || j.permissionDecision === 'allow')
        return { outcome: j.permissionDecision, reason: j.permissionDecisionReason };
      throw new Error(`copilot: unexpected ${out}`);
    case 'cline':
      if (j.cancel === true) return { outcome: 'deny', reason: j.errorMessage };
      if (j.cancel === false) return { outcome: 'allow', reason: '' };
      throw new Error(`cline: unexpected ${out}`);
    default:
      throw new Error(`${agent}: unexpected stdout ${out}`);
  }
}
