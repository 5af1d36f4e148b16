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

export function git(args: string[], cwd: string, budget: Budget, env?: NodeJS.ProcessEnv): Promise<GitResult> {
  const timeout = Math.max(1, Math.floor(budget.remaining()));
  if (budget.expired()) return Promise.resolve({ ok: false, error: 'out of time', timedOut: true });
  return new Promise((resolve) => {
    try {
      // Required here, not at the top: most hook calls never run git (loading it costs ~0.4 ms).
      const { execFile } = require('node:child_process') as typeof import('node:child_process');
      execFile(
        trustedGit(),
        ['--no-pager', '--literal-pathspecs', '-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', ...args],
        {
          cwd,
          timeout,
          killSignal: 'SIGKILL',
          maxBuffer: MAX_OUTPUT,
          encoding: 'buffer',
          windowsHide: true,
          env: {
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
          },
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

/** Trimmed text output or undefined. */
export async function gitText(args: string[], cwd: string, budget: Budget, env?: NodeJS.ProcessEnv): Promise<string | undefined> {
  const r = await git(args, cwd, budget, env);
  return r.ok ? r.out.toString('utf8').trim() : undefined;
}
