// Where the team policy is (`.blast-radius/policy.json` in the nearest folder up from the cwd that
// has one, stopping at the git root or the file-system root), and the light read the hook does on
// its start-up path: the file is read once and parsed as JSONC (engine/jsonc.ts: no jsonc-parser,
// no zod, no engine), enough to find `hook.timeoutSeconds` and to block on a file that is not JSONC
// at all. The full read (policy-file.ts: zod, every error at its line) takes the same text later,
// in the hook's local path and in the editor.
// What it does not catch: a file that parses but breaks the schema (an unknown key, a critical
// floor lowered): the full read blocks on those.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { lineColumn, parseJsonc } from '../engine/jsonc';

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

/** The policy file and the text read from it (read once, parsed light and then in full). */
export interface PolicySource {
  file: string;
  text: string;
}

export type PolicyText = { ok: true; source: PolicySource } | { ok: false; file: string; error: string };

export function readPolicyText(file: string): PolicyText {
  try {
    return { ok: true, source: { file, text: readFileSync(file, 'utf8') } };
  } catch (err) {
    return { ok: false, file, error: `${file}: cannot read policy (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
}

export type LightPolicy = { ok: true; source?: PolicySource; timeoutSeconds?: number } | { ok: false; file: string; error: string };

/** The policy for `cwd`, read light: a file that cannot be read or is not JSONC is an error with its line. */
export function readPolicyLight(cwd: string): LightPolicy {
  const file = findPolicyFile(cwd);
  if (!file) return { ok: true };
  const read = readPolicyText(file);
  if (!read.ok) return read;
  const { text } = read.source;
  const parsed = parseJsonc(text);
  if (!parsed.ok) {
    const at = lineColumn(text, parsed.offset);
    return { ok: false, file, error: `${file}:${at.line}:${at.column}: invalid JSON: ${parsed.message}` };
  }
  const hook = isObject(parsed.value) ? parsed.value.hook : undefined;
  const t = isObject(hook) ? hook.timeoutSeconds : undefined;
  // Out of range: the full read reports it (and blocks); here it is only not used.
  return { ok: true, source: read.source, ...(typeof t === 'number' && t > 0 && t <= 600 ? { timeoutSeconds: t } : {}) };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
