// Runs git read-only, without a shell, with a timeout tied to the budget. GIT_OPTIONAL_LOCKS=0 keeps
// even `git status` from refreshing (writing) the index; no pager, no prompts, no editor.
import type { Budget } from './budget';

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
        'git',
        ['--no-pager', '--literal-pathspecs', '-c', 'core.fsmonitor=false', ...args],
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
          } else resolve({ ok: true, out: stdout as Buffer });
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
