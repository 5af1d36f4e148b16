// Finds and reads the team policy in full (zod, every error at its line): located by the same code
// as the hook's light read (policy-locate.ts), and given the text that read already holds when
// there is one, so the hook reads the file once.
import { resolve } from 'node:path';
import { formatPolicyErrors, getDefaultPolicy, parsePolicyText, type ResolvedPolicy } from '../engine/policy';
import { findPolicyFile, readPolicyText, type PolicySource } from './policy-locate';

export { findPolicyFile, POLICY_RELATIVE_PATH, readPolicyLight, type LightPolicy, type PolicySource } from './policy-locate';

export type LoadedPolicy = { ok: true; policy: ResolvedPolicy; file?: string } | { ok: false; error: string; file: string };

/**
 * Loads the policy for `cwd` (or `explicit`); a broken file is an error, never a silent default.
 * `source`: the file and text a light read found for this cwd (not read again).
 */
export function loadPolicy(cwd: string, explicit?: string, source?: PolicySource): LoadedPolicy {
  let read: PolicySource;
  if (source && !explicit) read = source;
  else {
    const file = explicit ? resolve(cwd, explicit) : findPolicyFile(cwd);
    if (!file) return { ok: true, policy: getDefaultPolicy() };
    const r = readPolicyText(file);
    if (!r.ok) return r;
    read = r.source;
  }
  const parsed = parsePolicyText(read.text);
  if (!parsed.ok) return { ok: false, file: read.file, error: formatPolicyErrors(read.file, parsed.errors) };
  return { ok: true, policy: parsed.policy, file: read.file };
}
