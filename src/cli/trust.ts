// The agents' own gates between "the hook is in the settings" and "the agent calls it", read the
// way the agents read them (from their shipped code, checked against the real binaries in
// test/agents):
// - Codex 0.171 runs a user or project hook only when ~/.codex/config.toml (CODEX_HOME) holds
//   `[hooks.state."<abs hooks.json>:pre_tool_use:<group>:<hook>"] trusted_hash = "sha256:…"` equal
//   to the hash of the hook as it is now: sha256 of the compact JSON, keys sorted, of
//   {event_name: "pre_tool_use", matcher, hooks: [{type: "command", command, timeout, async: false}]}
//   (plus statusMessage when set). A changed command or timeout is "modified" and skipped. A project
//   hooks.json also needs `[projects."<root>"] trust_level = "trusted"`. Managed hooks (requirements)
//   need no trust.
// - Gemini CLI runs project hooks only in a trusted folder: ~/.gemini/trustedFolders.json (or
//   GEMINI_CLI_TRUSTED_FOLDERS_PATH), the longest matching rule wins; TRUST_PARENT trusts the
//   rule's parent; GEMINI_CLI_TRUST_WORKSPACE=true|false overrides; folder trust may be off
//   (security.folderTrust.enabled: false), then every folder counts as trusted.
// Not read: Gemini's IDE-reported trust (an editor session can trust a folder for its own run).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative, resolve, isAbsolute, sep } from 'node:path';
import { type AgentConfig, findOurs, readSettings } from './agent-config';

export interface CodexTrust {
  state: 'trusted' | 'untrusted' | 'modified' | 'disabled' | 'unknown';
  detail: string;
}

const sortKeys = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(sortKeys)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
        )
      : v;

/** Codex's trust hash of one command hook (hooks/src/engine/discovery.rs, config fingerprint). */
export function codexHookHash(
  event: string,
  matcher: string | undefined,
  handler: { command: string; timeout?: number; statusMessage?: string; async?: boolean },
): string {
  const hook: Record<string, unknown> = { type: 'command', command: handler.command, timeout: handler.timeout ?? 600, async: handler.async ?? false };
  if (handler.statusMessage !== undefined) hook.statusMessage = handler.statusMessage;
  const identity: Record<string, unknown> = { event_name: event, hooks: [hook] };
  if (matcher !== undefined) identity.matcher = matcher;
  return `sha256:${createHash('sha256')
    .update(JSON.stringify(sortKeys(identity)))
    .digest('hex')}`;
}

export function codexHome(env: NodeJS.ProcessEnv, home: string): string {
  return env.CODEX_HOME ? resolve(env.CODEX_HOME) : join(home, '.codex');
}

/** The keys of one `[table."quoted key"]` section: `key = value` lines until the next header. */
function tomlSection(text: string, header: string): Record<string, string> | undefined {
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((l) => l.trim() === header);
  if (at < 0) return undefined;
  const out: Record<string, string> = {};
  for (const l of lines.slice(at + 1)) {
    if (/^\s*\[/.test(l)) break;
    const m = /^\s*([A-Za-z0-9_]+)\s*=\s*(.+?)\s*$/.exec(l);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

const tomlKey = (s: string): string => JSON.stringify(s);

/** Whether Codex will run our hook in `hooksFile` as it is now, read from Codex's own config.toml. */
export function codexTrust(hooksFile: string, cfg: AgentConfig, command: string, env: NodeJS.ProcessEnv, home: string): CodexTrust {
  if (cfg.kind !== 'json') return { state: 'unknown', detail: 'not a hooks.json' };
  const found = findOurs(readSettings(hooksFile).value, cfg, 'codex').find((f) => f.command === command);
  if (!found || found.inner === undefined) return { state: 'unknown', detail: `no Blast Radius hook in ${hooksFile}` };
  const group = (readSettings(hooksFile).value.hooks as Record<string, unknown[]>).PreToolUse![found.index] as {
    matcher?: string;
    hooks: Record<string, unknown>[];
  };
  const h = group.hooks[found.inner]!;
  const hash = codexHookHash('pre_tool_use', typeof group.matcher === 'string' ? group.matcher : undefined, {
    command,
    ...(typeof h.timeout === 'number' ? { timeout: h.timeout } : {}),
    ...(typeof h.statusMessage === 'string' ? { statusMessage: h.statusMessage } : {}),
    ...(typeof h.async === 'boolean' ? { async: h.async } : {}),
  });
  const configFile = join(codexHome(env, home), 'config.toml');
  const text = existsSync(configFile) ? readFileSync(configFile, 'utf8') : '';
  const key = `${resolve(hooksFile)}:pre_tool_use:${found.index}:${found.inner}`;
  // A project's .codex/ layer loads only in a trusted project.
  const projectRoot = dirname(dirname(resolve(hooksFile)));
  if (resolve(hooksFile) !== join(codexHome(env, home), 'hooks.json')) {
    const project = tomlSection(text, `[projects.${tomlKey(projectRoot)}]`);
    if (project?.trust_level !== '"trusted"')
      return {
        state: 'untrusted',
        detail: `Codex does not load ${projectRoot}/.codex at all until the project is trusted ([projects."${projectRoot}"] trust_level = "trusted" in ${configFile})`,
      };
  }
  const state = tomlSection(text, `[hooks.state.${tomlKey(key)}]`);
  if (!state) return { state: 'untrusted', detail: `no trust for ${key} in ${configFile}` };
  if (state.enabled === 'false') return { state: 'disabled', detail: `the hook is disabled in ${configFile} (enabled = false)` };
  const trusted = state.trusted_hash ? (JSON.parse(state.trusted_hash) as string) : undefined;
  if (!trusted) return { state: 'untrusted', detail: `no trusted_hash for ${key} in ${configFile}` };
  if (trusted !== hash)
    return {
      state: 'modified',
      detail: `the hook changed since it was trusted (trusted ${trusted.slice(0, 19)}…, now ${hash.slice(0, 19)}…): Codex skips it until trusted again`,
    };
  return { state: 'trusted', detail: `trusted in ${configFile}` };
}

export interface GeminiTrust {
  trusted: boolean;
  detail: string;
}

const real = (p: string): string => {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
};
const isSubpath = (parent: string, child: string): boolean => {
  const r = relative(parent, child);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r) && !r.startsWith(sep));
};

/** Whether Gemini CLI trusts `root`, and so runs project hooks there. */
export function geminiFolderTrust(root: string, home: string, env: NodeJS.ProcessEnv = process.env): GeminiTrust {
  if (env.GEMINI_CLI_TRUST_WORKSPACE === 'false' || env.GEMINI_RESTRICTED_MODE === 'true')
    return { trusted: false, detail: 'GEMINI_CLI_TRUST_WORKSPACE=false in this environment' };
  if (env.GEMINI_CLI_TRUST_WORKSPACE === 'true') return { trusted: true, detail: 'GEMINI_CLI_TRUST_WORKSPACE=true in this environment' };
  const geminiHome = env.GEMINI_CLI_HOME ? join(env.GEMINI_CLI_HOME, '.gemini') : join(home, '.gemini');
  const settings = readSettings(join(geminiHome, 'settings.json')).value as { security?: { folderTrust?: { enabled?: unknown } } };
  if (settings.security?.folderTrust?.enabled === false) return { trusted: true, detail: 'folder trust is off in your Gemini settings' };
  const file = env.GEMINI_CLI_TRUSTED_FOLDERS_PATH ?? join(geminiHome, 'trustedFolders.json');
  const rules = readSettings(file).value;
  const location = real(root);
  let best = -1;
  let level: unknown;
  for (const [rule, l] of Object.entries(rules)) {
    const effective = l === 'TRUST_PARENT' ? dirname(rule) : rule;
    if (isSubpath(real(effective), location) && rule.length > best) {
      best = rule.length;
      level = l;
    }
  }
  if (level === 'TRUST_FOLDER' || level === 'TRUST_PARENT') return { trusted: true, detail: `trusted in ${file}` };
  if (level === 'DO_NOT_TRUST') return { trusted: false, detail: `${root} is marked DO_NOT_TRUST in ${file}` };
  return { trusted: false, detail: `${root} is not in ${file}` };
}
