// The one git question a file tool's call raises (`git status` of the file: can git bring it back?),
// asked before the hook loads the engine, so git runs while V8 deserialises the engine instead of
// after it (~2.5 ms of every write or edit without an editor). The command line is the one the
// facts would run (the target's real path, its repository, statusArgs), so the facts take the
// result only when they ask exactly that (exec.ts useEarlyGit); a guess that does not match is
// never read and is killed when the hook exits. Read-only, as every git command the facts run.
import { realpathSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Action } from '../engine/schema';
import { DEFAULT_BUDGET_MS } from './budget';
import { type EarlyGit, type GitResult, gitInBackground } from './exec';
import { findRepoRoot, statusArgs } from './git';

/** The paths a file tool's action names, or none for other actions. */
function filePaths(a: Action): readonly string[] {
  if (a.kind === 'fileWrite' || a.kind === 'fileEdit') return [a.path];
  if (a.kind === 'fileDelete') return a.paths;
  return [];
}

/** Most paths a call may name for its status to start early (an edit names one, a delete a few). */
const MAX_EARLY_PATHS = 16;

const keyOf = (args: readonly string[], cwd: string): string => JSON.stringify([cwd, ...args]);

/**
 * Starts `git status` for the existing targets of each file action (one run per action and
 * repository, each path once in the action's order, as the facts group them); undefined when none was
 * started (no file action, no repository, or no way to start git in the background).
 */
export function startStatusEarly(actions: readonly Action[], cwd: string, budgetMs: number): EarlyGit | undefined {
  // Killed when the facts would stop waiting for it: their budget, as hook-local.ts gives it.
  const timeoutMs = Math.min(DEFAULT_BUDGET_MS, budgetMs);
  // Each path costs a realpath and a walk up to its repository, before any budget runs: a call that
  // names many is left to the facts, which bound their own work.
  if (actions.reduce((n, a) => n + filePaths(a).length, 0) > MAX_EARLY_PATHS) return undefined;
  const runs = new Map<string, () => Promise<GitResult>>();
  for (const action of actions) {
    const byRepo = new Map<string, string[]>();
    for (const p of filePaths(action)) {
      let real: string;
      try {
        real = realpathSync(resolve(cwd, p));
      } catch {
        continue; // missing: the facts ask git nothing about it
      }
      const repo = findRepoRoot(real);
      if (!repo) continue;
      const specs = byRepo.get(repo) ?? [];
      const spec = relative(repo, real) || '.';
      if (!specs.includes(spec)) specs.push(spec);
      byRepo.set(repo, specs);
    }
    for (const [repo, specs] of byRepo) {
      // The facts ask for the whole repository then: not worth guessing.
      if (specs.length > 200 || specs.some((s) => s.startsWith('..'))) continue;
      const args = statusArgs(specs);
      const key = keyOf(args, repo);
      if (runs.has(key)) continue;
      const run = gitInBackground(args, repo, timeoutMs);
      if (!run) return undefined;
      runs.set(key, run);
    }
  }
  if (!runs.size) return undefined;
  return { take: (args, where) => runs.get(keyOf(args, where))?.() };
}
