// Runs git read-only, without a shell, with a timeout tied to the budget. GIT_OPTIONAL_LOCKS=0 keeps
// even `git status` from refreshing (writing) the index; no pager, no prompts, no editor.
// The agent runs as the user, so it could plant a program named `git` early in PATH, or a clean
// filter in ~/.gitconfig that `git status` would run inside the hook's process tree: git is taken
// from the system's own folders first, and the user's and system git config are not read (the
// repository's .git/config is a guard asset; writing it is guard tampering).
import { existsSync } from 'node:fs';
import type { Budget } from './budget';

const SYSTEM_GIT = [
  '/usr/bin/git',
  '/bin/git',
  '/usr/local/bin/git',
  '/opt/homebrew/bin/git',
  '/usr/local/git/bin/git',
  'C:\\Program Files\\Git\\cmd\\git.exe',
];
let gitPath: string | undefined;
/** The system's git, not whatever `git` comes first in a PATH the agent could write to. */
export function trustedGit(): string {
  return (gitPath ??= SYSTEM_GIT.find((p) => existsSync(p)) ?? 'git');
}

export type GitResult = { ok: true; out: Buffer } | { ok: false; error: string; timedOut: boolean };

const MAX_OUTPUT = 64 * 1024 * 1024;

/** How git runs: in the background (the editor, the CLI), or waited for (the hook: see runGitWaiting). */
let waitForGit = false;

/**
 * In the hook's own process: run git synchronously, through Node's spawn_sync binding. The hook
 * is one tool call in a process of its own, with nothing else on its event loop, and loading
 * child_process for one `git status` (it brings net and streams, and a socket per pipe) costs
 * ~4 ms more than the spawn itself. The budget's timeout still kills git (SIGKILL) in time.
 * Never in the editor, whose extension host must not stop for git.
 */
export function runGitWaiting(on = true): void {
  waitForGit = on;
}

const gitArgs = (args: string[]): string[] => ['--no-pager', '--literal-pathspecs', '-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', ...args];

function gitEnv(env: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  return {
    ...(env ?? process.env),
    GIT_OPTIONAL_LOCKS: '0',
    // Only the repository's own config: no ~/.gitconfig filters, no system config.
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_COUNT: '0',
    GIT_TERMINAL_PROMPT: '0',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    LC_ALL: 'C',
  };
}

/** git's environment as the process bindings take it (`KEY=value` strings). */
const envPairsOf = (env: NodeJS.ProcessEnv | undefined): string[] =>
  Object.entries(gitEnv(env))
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`);

interface SpawnSyncBinding {
  spawn(options: object): { status: number | null; signal: string | null; output: (Buffer | null)[] | null; error?: number };
}

/** git through spawn_sync, as child_process.spawnSync calls it; undefined where the binding cannot be had. */
function gitWaited(args: string[], cwd: string, timeout: number, env: NodeJS.ProcessEnv | undefined): GitResult | undefined {
  const binding = (require('./node-binding') as typeof import('./node-binding')).nodeBinding('spawn_sync') as SpawnSyncBinding | undefined;
  if (!binding || typeof binding.spawn !== 'function') return undefined;
  const file = trustedGit();
  const r = binding.spawn({
    file,
    args: [file, ...gitArgs(args)],
    cwd,
    envPairs: envPairsOf(env),
    stdio: [{ type: 'ignore' }, { type: 'pipe', readable: false, writable: true }, { type: 'ignore' }],
    timeout,
    maxBuffer: MAX_OUTPUT,
    killSignal: 9, // SIGKILL
    windowsHide: true,
    windowsVerbatimArguments: false,
    detached: false,
  });
  if (r.signal === 'SIGKILL') return { ok: false, timedOut: true, error: 'timed out' };
  if (r.error !== undefined && r.error !== 0) {
    const { errno } = (require('node:os') as typeof import('node:os')).constants;
    if (r.error === -errno.ENOENT) return { ok: false, timedOut: false, error: 'git is not installed' };
    if (r.error === -errno.ETIMEDOUT) return { ok: false, timedOut: true, error: 'timed out' };
    return { ok: false, timedOut: false, error: `git ${args[0]} failed` };
  }
  if (r.status !== 0 || !r.output?.[1]) return { ok: false, timedOut: false, error: `git ${args[0]} failed` };
  return { ok: true, out: r.output[1] };
}

/** Git runs started before the question that needs them (facts/git-early.ts), by command line. */
export interface EarlyGit {
  /** The run of exactly `args` in `cwd`, when one was started. */
  take(args: readonly string[], cwd: string): Promise<GitResult> | undefined;
}
let early: EarlyGit | undefined;

/** In the hook's own process: git runs started while the engine loaded, used when asked the same. */
export function useEarlyGit(runs: EarlyGit | undefined): void {
  early = runs;
}

export function git(args: string[], cwd: string, budget: Budget, env?: NodeJS.ProcessEnv): Promise<GitResult> {
  // Started with the process environment and the same command line, so it is the same run.
  const started = env === undefined ? early?.take(args, cwd) : undefined;
  if (started) return started;
  const timeout = Math.max(1, Math.floor(budget.remaining()));
  if (budget.expired()) return Promise.resolve({ ok: false, error: 'out of time', timedOut: true });
  if (waitForGit) {
    const waited = gitWaited(args, cwd, timeout, env);
    if (waited) return Promise.resolve(waited);
  }
  return new Promise((resolve) => {
    try {
      // Required here, not at the top: most hook calls never run git (loading it costs ~2 ms).
      const { execFile } = require('node:child_process') as typeof import('node:child_process');
      execFile(
        trustedGit(),
        gitArgs(args),
        {
          cwd,
          timeout,
          killSignal: 'SIGKILL',
          maxBuffer: MAX_OUTPUT,
          encoding: 'buffer',
          windowsHide: true,
          env: gitEnv(env),
        },
        (err, stdout) => {
          if (err) {
            const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: string; code?: number | string };
            const timedOut = Boolean(e.killed) || e.signal === 'SIGKILL';
            resolve({ ok: false, timedOut, error: timedOut ? 'timed out' : e.code === 'ENOENT' ? 'git is not installed' : `git ${args[0]} failed` });
          } else resolve({ ok: true, out: stdout });
        },
      );
    } catch (err) {
      resolve({ ok: false, timedOut: false, error: String(err) });
    }
  });
}

interface ProcessHandle {
  spawn(options: object): number;
  kill(signal: number): number;
  close(): void;
  unref(): void;
  onexit: ((status: number, signal: string | null) => void) | null;
}
interface PipeHandle {
  readonly fd: number;
  close(): void;
  unref(): void;
}

/**
 * Starts git now, in the background, without child_process (which costs more to load than the
 * spawn, see runGitWaiting): through Node's process and pipe bindings, the way child_process
 * spawns. Its output is read from the pipe (non-blocking, as libuv opens it) only once the result
 * is awaited, so nothing of it runs before then and it never holds the process open; git is killed
 * at `timeout` ms, or when the process exits first. Undefined where the bindings cannot be had
 * quietly, and on Windows (whose pipes are not read this way): the caller then asks later, as usual.
 */
export function gitInBackground(args: readonly string[], cwd: string, timeout: number): (() => Promise<GitResult>) | undefined {
  if (process.platform === 'win32') return undefined;
  const { nodeBinding } = require('./node-binding') as typeof import('./node-binding');
  const procs = nodeBinding('process_wrap') as { Process?: new () => ProcessHandle } | undefined;
  const pipes = nodeBinding('pipe_wrap') as { Pipe?: new (type: number) => PipeHandle; constants?: { SOCKET: number } } | undefined;
  if (typeof procs?.Process !== 'function' || typeof pipes?.Pipe !== 'function' || pipes.constants === undefined) return undefined;
  const file = trustedGit();
  const child = new procs.Process();
  const out = new pipes.Pipe(pipes.constants.SOCKET);
  let exited: { status: number; signal: string | null } | undefined;
  const killLate = (): void => {
    if (!exited) child.kill(9);
  };
  child.onexit = (status, signal) => {
    exited = { status, signal };
    process.removeListener('exit', killLate);
    child.close();
  };
  const err = child.spawn({
    file,
    args: [file, ...gitArgs([...args])],
    cwd,
    envPairs: envPairsOf(undefined),
    stdio: [{ type: 'ignore' }, { type: 'pipe', handle: out }, { type: 'ignore' }],
    detached: false,
    windowsHide: true,
    windowsVerbatimArguments: false,
  });
  if (err !== 0) {
    out.close();
    child.close();
    const { errno } = (require('node:os') as typeof import('node:os')).constants;
    const failed: GitResult = { ok: false, timedOut: false, error: err === -errno.ENOENT ? 'git is not installed' : `git ${args[0]} failed` };
    return () => Promise.resolve(failed);
  }
  // Neither handle keeps the process alive: only an awaited result does (its timers below).
  child.unref();
  out.unref();
  process.once('exit', killLate);
  const startedAt = Date.now();
  let result: Promise<GitResult> | undefined;
  // The output is read when asked for, on the main thread between event-loop turns.
  const collect = (): Promise<GitResult> =>
    new Promise((resolve) => {
      const fs = require('node:fs') as typeof import('node:fs');
      const chunks: Buffer[] = [];
      let size = 0;
      let eof = false;
      const buf = Buffer.allocUnsafe(64 * 1024);
      const finish = (r: GitResult): void => {
        if (!eof) out.close();
        eof = true;
        resolve(r);
      };
      const step = (): void => {
        while (!eof) {
          let n: number;
          try {
            n = fs.readSync(out.fd, buf, 0, buf.length, null);
          } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK') return finish({ ok: false, timedOut: false, error: `git ${args[0]} failed` });
            break;
          }
          if (n === 0) {
            out.close();
            eof = true;
            break;
          }
          size += n;
          if (size > MAX_OUTPUT) {
            child.kill(9);
            return finish({ ok: false, timedOut: false, error: `git ${args[0]} failed` });
          }
          chunks.push(Buffer.from(buf.subarray(0, n)));
        }
        if (eof && exited) {
          if (exited.signal === 'SIGKILL') return resolve({ ok: false, timedOut: true, error: 'timed out' });
          if (exited.status !== 0) return resolve({ ok: false, timedOut: false, error: `git ${args[0]} failed` });
          return resolve({ ok: true, out: Buffer.concat(chunks) });
        }
        if (Date.now() - startedAt >= timeout) {
          child.kill(9);
          return finish({ ok: false, timedOut: true, error: 'timed out' });
        }
        setTimeout(step, 1);
      };
      step();
    });
  return () => (result ??= collect());
}

/** Trimmed text output or undefined. */
export async function gitText(args: string[], cwd: string, budget: Budget, env?: NodeJS.ProcessEnv): Promise<string | undefined> {
  const r = await git(args, cwd, budget, env);
  return r.ok ? r.out.toString('utf8').trim() : undefined;
}
