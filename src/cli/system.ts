// `install <agent> --system`: the agents' own system-level (managed) settings, written root-owned,
// with the hook bundle copied root-owned to a system folder, so an agent that runs as the user can
// change neither the settings nor the code that answers. Each location is the agent's documented
// one (checked against its docs or shipped code, see the README's table):
//   Claude Code  /etc/claude-code/managed-settings.json  (+ allowManagedHooksOnly: user and project hooks ignored)
//   Gemini CLI   /etc/gemini-cli/settings.json           (system overrides: highest precedence; + hooksConfig.enabled)
//   Codex        /etc/codex/requirements.toml            (managed hooks need no trust; + allow_managed_hooks_only)
//   Cursor       /etc/cursor/hooks.json                  (enterprise layer, merged with the others)
//   Windsurf     /etc/windsurf/hooks.json                (system level, merged with the others)
// Copilot CLI, Cline, Kiro and VS Code agent hooks document no system-level hook location: --system
// refuses them and says so. What this does not stop (README, Threat model): a user who is root, an
// agent that disables hooks through a switch the agent itself honours at user level (Gemini's
// hooksConfig.disabled list is per user), and a node binary the user can replace.
//
// BLAST_RADIUS_SYSTEM_ROOT prefixes every system path; it exists for tests (a throwaway root).
import { chmodSync, chownSync, copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { AgentName } from './agents/types';
import { HOOK_FILES } from './code-cache';

export const SYSTEM_ROOT_ENV = 'BLAST_RADIUS_SYSTEM_ROOT';

export function systemRoot(env: NodeJS.ProcessEnv = process.env): string {
  const r = env[SYSTEM_ROOT_ENV];
  return r ? resolve(r) : '';
}

export interface SystemTarget {
  /** The path on a real machine (Linux). */
  path: string;
  format: 'json' | 'codex-toml';
  /** Top-level keys that make the managed hook the only one that counts, set when missing. */
  top?: Record<string, unknown>;
  /** What it means, for messages and doctor. */
  note: string;
}

export const SYSTEM_TARGETS: Partial<Record<AgentName, SystemTarget>> = {
  claude: {
    path: '/etc/claude-code/managed-settings.json',
    format: 'json',
    top: { allowManagedHooksOnly: true },
    note: 'managed settings; allowManagedHooksOnly: user, project and plugin hooks are ignored',
  },
  gemini: {
    path: '/etc/gemini-cli/settings.json',
    format: 'json',
    top: { hooksConfig: { enabled: true } },
    note: 'system settings (override user and project settings)',
  },
  codex: {
    path: '/etc/codex/requirements.toml',
    format: 'codex-toml',
    note: 'managed requirements: the hook runs without the trust step; allow_managed_hooks_only ignores user and project hooks',
  },
  cursor: { path: '/etc/cursor/hooks.json', format: 'json', top: { version: 1 }, note: 'enterprise hooks file (merged with user and project hooks)' },
  windsurf: { path: '/etc/windsurf/hooks.json', format: 'json', note: 'system-level hooks file (merged with user and workspace hooks)' },
};

/** Why an agent has no --system install. */
export const NO_SYSTEM: Partial<Record<AgentName, string>> = {
  copilot: 'Copilot CLI documents no system-level hook location (hooks live in ~/.copilot/hooks and .github/hooks)',
  cline: 'Cline reads hooks from ~/Documents/Cline/Hooks, ~/.cline/hooks and the workspace only',
  kiro: 'Kiro documents no system-level hook location',
  vscode: 'VS Code agent hooks have no system-level file (an enterprise policy can only set chat.hookFilesLocations)',
};

/** Where the root-owned copy of the hook bundle goes. */
export const SYSTEM_HOOK_DIR = '/usr/local/lib/blast-radius';

export const systemPath = (p: string, env: NodeJS.ProcessEnv = process.env): string => join(systemRoot(env) || '/', p);

/** Files of the hook bundle, relative to dist/: what dist/hook.js reads at run time (the bundles, their code caches, the libraries). */
function bundleFiles(distDir: string): string[] {
  const out: string[] = HOOK_FILES.filter((f) => existsSync(join(distDir, f)));
  const vendor = join(distDir, 'vendor');
  if (existsSync(vendor)) for (const f of readdirSync(vendor)) if (f.endsWith('.js')) out.push(join('vendor', f));
  return out;
}

/** Makes `dir` and its missing parents, root-owned 0755. */
function mkdirRoot(dir: string): void {
  if (existsSync(dir)) return;
  mkdirRoot(dirname(dir));
  mkdirSync(dir, { mode: 0o755 });
  chownSync(dir, 0, 0);
  chmodSync(dir, 0o755);
}

/** Writes a file root-owned 0644 (parents root-owned 0755), replacing it atomically enough for a config. */
export function writeRootFile(file: string, text: string): void {
  mkdirRoot(dirname(file));
  writeFileSync(file, text, { mode: 0o644 });
  chownSync(file, 0, 0);
  chmodSync(file, 0o644);
}

/** Copies the hook bundle from `distDir` to the system hook folder, root-owned; returns its hook.js. */
export function installHookBundle(distDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const target = systemPath(SYSTEM_HOOK_DIR, env);
  const files = bundleFiles(distDir);
  if (!files.includes('hook.js')) throw new Error(`no hook.js in ${distDir}; run \`npm run build\``);
  if (!files.includes('hook-main.js')) throw new Error(`no hook-main.js in ${distDir} (dist/hook.js loads it); run \`npm run build\``);
  for (const f of files) {
    const to = join(target, f);
    mkdirRoot(dirname(to));
    copyFileSync(join(distDir, f), to);
    chownSync(to, 0, 0);
    chmodSync(to, 0o644);
  }
  return join(target, 'hook.js');
}

export function removeHookBundle(env: NodeJS.ProcessEnv = process.env): boolean {
  const target = systemPath(SYSTEM_HOOK_DIR, env);
  if (!existsSync(target)) return false;
  rmSync(target, { recursive: true, force: true });
  return true;
}

/**
 * Why `path` could be changed by someone other than root: it, or a folder above it, is not owned by
 * root or is writable by group or others (a sticky /tmp-style folder still lets its owner rename).
 * Undefined when only root can change it.
 */
export function notRootOnly(path: string): string | undefined {
  let p = resolve(path);
  for (;;) {
    let st;
    try {
      st = lstatSync(p);
    } catch {
      return `${p} does not exist`;
    }
    if (st.isSymbolicLink()) {
      try {
        st = statSync(p);
      } catch {
        return `${p} is a broken link`;
      }
    }
    if (st.uid !== 0) return `${p} is owned by uid ${st.uid}, not root`;
    const sticky = (st.mode & 0o1000) !== 0;
    if ((st.mode & 0o022) !== 0 && !(sticky && p !== resolve(path)))
      return `${p} is writable by ${st.mode & 0o002 ? 'everyone' : 'its group'} (mode ${(st.mode & 0o7777).toString(8)})`;
    const up = dirname(p);
    if (up === p) return undefined;
    p = up;
  }
}

// ---------------------------------------------------------------------------------------------
// Codex requirements.toml: two marked blocks. The top-level key must come before any table, so it
// goes first in the file; the hook tables go last. Nothing else in the file is touched.

const TOML_TOP_BEGIN = '# >>> blast-radius: top (written by `blast-radius install codex --system`)';
const TOML_TOP_END = '# <<< blast-radius: top';
const TOML_HOOK_BEGIN = '# >>> blast-radius: hook (written by `blast-radius install codex --system`)';
const TOML_HOOK_END = '# <<< blast-radius: hook';

const tomlString = (s: string): string => JSON.stringify(s);

const TOML_PIN = '# blast-radius: pinned (written by `blast-radius install codex --system`)';

/**
 * Our hook in a Codex requirements.toml: allow_managed_hooks_only (user, project and session hooks
 * ignored) and features.hooks pinned on, because a user-level `[features] hooks = false` otherwise
 * switches managed hooks off too (seen with the real 0.171 binary, test/agents/system.test.ts).
 */
export function codexTomlWithOurs(text: string, command: string, matcher: string, timeout: number): string {
  let t = codexTomlWithoutOurs(text);
  const hasOwnTop = /^\s*allow_managed_hooks_only\s*=/m.test(t);
  const featuresTable = /^\[features\][ \t]*(?:#.*)?$/m.exec(t);
  const topLines = [
    ...(hasOwnTop ? [] : ['allow_managed_hooks_only = true']),
    ...(featuresTable || /^\s*features\.hooks\s*=/m.test(t) ? [] : ['features.hooks = true']),
  ];
  // A [features] table of the admin's own: the pin goes inside it (a dotted key would redefine it).
  if (featuresTable && !/^\s*hooks\s*=/m.test(t.slice(featuresTable.index).split(/^\[/m)[1] ?? '')) {
    const at = featuresTable.index + featuresTable[0].length;
    t = `${t.slice(0, at)}\nhooks = true ${TOML_PIN}${t.slice(at)}`;
  }
  const hook = [
    TOML_HOOK_BEGIN,
    '[[hooks.PreToolUse]]',
    `matcher = ${tomlString(matcher)}`,
    '',
    '[[hooks.PreToolUse.hooks]]',
    'type = "command"',
    `command = ${tomlString(command)}`,
    `timeout = ${timeout}`,
    TOML_HOOK_END,
  ].join('\n');
  const top = topLines.length ? `${[TOML_TOP_BEGIN, ...topLines, TOML_TOP_END].join('\n')}\n\n` : '';
  // Added as whole blocks (with the blank lines around them) so that removing them restores the text.
  const body = t && !t.endsWith('\n') ? `${t}\n` : t;
  return `${top}${body}${body ? '\n' : ''}${hook}\n`;
}

export function codexTomlWithoutOurs(text: string): string {
  const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text
    .replace(new RegExp(`${esc(TOML_TOP_BEGIN)}[\\s\\S]*?${esc(TOML_TOP_END)}\\n\\n?`), '')
    .replace(new RegExp(`\\n?${esc(TOML_HOOK_BEGIN)}[\\s\\S]*?${esc(TOML_HOOK_END)}\\n?`), '')
    .replace(new RegExp(`\\nhooks = true ${esc(TOML_PIN)}`), '');
}

/** The command in our block of a Codex requirements.toml, when there is one. */
export function codexTomlCommand(text: string): string | undefined {
  const a = text.indexOf(TOML_HOOK_BEGIN);
  if (a < 0) return undefined;
  const m = /^command\s*=\s*("(?:[^"\\]|\\.)*")/m.exec(text.slice(a));
  if (!m) return undefined;
  try {
    return JSON.parse(m[1]!) as string;
  } catch {
    return undefined;
  }
}

export function readIfExists(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}
