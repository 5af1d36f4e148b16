// Finds and reads the team policy: `.blast-radius/policy.json` in the nearest folder up from the
// cwd that has one (stopping at the git root or the file-system root).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { formatPolicyErrors, getDefaultPolicy, parsePolicyText, type ResolvedPolicy } from '../engine/policy';

export const POLICY_RELATIVE_PATH = join('.blast-radius', 'policy.json');

export function findPolicyFile(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, POLICY_RELATIVE_PATH);
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(dir, '.git'))) return undefined;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export type LoadedPolicy = { ok: true; policy: ResolvedPolicy; file?: string } | { ok: false; error: string; file: string };

/** Loads the policy for `cwd` (or `explicit`); a broken file is an error, never a silent default. */
export function loadPolicy(cwd: string, explicit?: string): LoadedPolicy {
  const file = explicit ? resolve(cwd, explicit) : findPolicyFile(cwd);
  if (!file) return { ok: true, policy: getDefaultPolicy() };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { ok: false, file, error: `${file}: cannot read policy (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  const parsed = parsePolicyText(text);
  if (!parsed.ok) return { ok: false, file, error: formatPolicyErrors(file, parsed.errors) };
  return { ok: true, policy: parsed.policy, file };
}
