// The guard's own assets: every file, folder and setting the hook or the editor reads or trusts.
// The agent we guard runs as the user, so it could change any of them with an ordinary tool call;
// any effect on one but a read is critical, by whatever route (a file tool, a redirect, `sed -i`,
// `mv`, `ln`, `chmod`, an interpreter). Pure data plus one matcher.
//
// Paths are matched on their normalised absolute form. `any` entries match a path segment
// anywhere (a project's `.claude/settings.json` and the user's `~/.claude/settings.json` alike);
// `home` entries match below the home folder; `abs` entries match absolute system locations.
// Facts add the locations only known at run time (the running hook's own folder, an audit log or
// bridge folder moved by an environment variable) as `Facts.guardPaths`.
//
// Does not catch: a guard file reached through a path only known at run time (`$(…)`), or through
// a symlink made earlier (facts resolve symlinks that exist when the action is judged).
import { BoundedMemo, mayMatch } from '../memo';

/**
 * What a guard asset is; each kind is also the finding a change to it raises (`guard.<kind>`, see
 * effects/judge.ts), so the list is a value the rule registry's test can read.
 */
export const GUARD_KINDS = [
  /** Agent hook settings and the agents' permission / trust settings. */
  'hook-settings',
  /** `.blast-radius/`: the team policy, allowed signers, review requests and releases. */
  'policy',
  /** Editor settings holding auto-approve keys and `blastRadius.*` settings. */
  'editor-settings',
  'audit',
  'bridge',
  'cache',
  /** The installed hook and extension files. */
  'install',
  /** Git data the two-person rule reads the allowed signers from (the remote's default branch). */
  'signers',
  /** The agents' session transcripts, where the guard reads what the person asked for. */
  'transcript',
] as const;
export type GuardKind = (typeof GUARD_KINDS)[number];

export interface GuardAsset {
  kind: GuardKind;
  what: string;
  anchor: 'any' | 'home' | 'abs';
  pattern: RegExp;
  /**
   * JSON settings where only some keys guard: a change whose new content is known and touches
   * only other keys is not tampering (`agent`: hooks, permissions, env…; `editor`: auto-approve
   * and `blastRadius.*`). Unknown content is always tampering.
   */
  keyed?: 'agent' | 'editor';
}

const seg = (body: string): RegExp => new RegExp(`(?:^|/)${body}`, 'i');
const under = (body: string): RegExp => new RegExp(`^${body}`, 'i');

export const GUARD_ASSETS: readonly GuardAsset[] = [
  // The bridge first: `~/.blast-radius/run` is also under `.blast-radius/`.
  { kind: 'bridge', what: 'the Blast Radius bridge folder (editor discovery files and sockets)', anchor: 'any', pattern: seg('\\.blast-radius/run(?:/|$)') },
  {
    kind: 'bridge',
    what: 'the Blast Radius bridge folder (editor discovery files and sockets)',
    anchor: 'abs',
    pattern: under('/run/user/[^/]+/blast-radius(?:/|$)'),
  },
  // The same places named through the variables that locate them (`"$XDG_RUNTIME_DIR/blast-radius"`).
  {
    kind: 'bridge',
    what: 'the Blast Radius bridge folder (editor discovery files and sockets)',
    anchor: 'any',
    pattern: seg('\\$\\{(?:XDG_RUNTIME_DIR\\??\\}/blast-radius|BLAST_RADIUS_BRIDGE_DIR\\??\\})(?:/|$)'),
  },
  {
    kind: 'audit',
    what: 'the Blast Radius audit log',
    anchor: 'any',
    pattern: seg('\\$\\{(?:XDG_STATE_HOME\\??\\}/blast-radius|BLAST_RADIUS_AUDIT_LOG\\??\\})(?:/|$|\\.)'),
  },
  { kind: 'policy', what: 'Blast Radius policy and review files', anchor: 'any', pattern: seg('\\.blast-radius(?:/|$)') },

  // Claude Code (user, project, local, managed) and the files that hold its permissions.
  { kind: 'hook-settings', what: 'Claude Code settings', anchor: 'any', pattern: seg('\\.claude/settings[^/]*\\.json$'), keyed: 'agent' },
  { kind: 'hook-settings', what: 'Claude Code settings (projects, allowed tools, MCP servers)', anchor: 'home', pattern: under('\\.claude\\.json$') },
  {
    kind: 'hook-settings',
    what: 'Claude Code managed settings',
    anchor: 'abs',
    pattern: under('/(?:etc/claude-code|library/application support/claudecode|(?:c:/)?programdata/claudecode)(?:/|$)'),
  },
  // VS Code agent hooks and Copilot CLI.
  { kind: 'hook-settings', what: 'Copilot / VS Code agent hooks', anchor: 'any', pattern: seg('\\.github/hooks(?:/|$)') },
  { kind: 'hook-settings', what: 'Copilot hooks', anchor: 'any', pattern: seg('\\.copilot/hooks(?:/|$)') },
  {
    kind: 'hook-settings',
    what: 'Copilot CLI settings (trusted folders, allowed tools)',
    anchor: 'home',
    pattern: under('\\.copilot/(?:config|settings)\\.json$'),
  },
  // Cursor.
  { kind: 'hook-settings', what: 'Cursor hooks', anchor: 'any', pattern: seg('\\.cursor/hooks\\.json$') },
  { kind: 'hook-settings', what: 'Cursor agent permissions', anchor: 'any', pattern: seg('\\.cursor/(?:cli|cli-config)\\.json$') },
  {
    kind: 'hook-settings',
    what: 'Cursor enterprise hooks',
    anchor: 'abs',
    pattern: under('/(?:etc/cursor|library/application support/cursor|(?:c:/)?programdata/cursor)/hooks\\.json$'),
  },
  // Gemini CLI (user, project, system) and its folder trust.
  { kind: 'hook-settings', what: 'Gemini CLI settings', anchor: 'any', pattern: seg('\\.gemini/settings\\.json$'), keyed: 'agent' },
  { kind: 'hook-settings', what: 'Gemini CLI trusted folders', anchor: 'any', pattern: seg('\\.gemini/trustedFolders\\.json$') },
  {
    kind: 'hook-settings',
    what: 'Gemini CLI system settings',
    anchor: 'abs',
    pattern: under('/(?:etc/gemini-cli|library/application support/geminicli|(?:c:/)?programdata/gemini-cli)(?:/|$)'),
  },
  // Codex: hooks, and config.toml (approval policy, sandbox, hook trust).
  { kind: 'hook-settings', what: 'Codex hooks', anchor: 'any', pattern: seg('\\.codex/hooks\\.json$') },
  {
    kind: 'hook-settings',
    what: 'Codex settings (approval policy, sandbox, hook trust)',
    anchor: 'any',
    pattern: seg('\\.codex/(?:config|requirements|managed_config)\\.toml$'),
  },
  { kind: 'hook-settings', what: 'Codex managed configuration', anchor: 'abs', pattern: under('/etc/codex(?:/|$)') },
  // Kiro, Windsurf, Cline.
  { kind: 'hook-settings', what: 'Kiro hooks', anchor: 'any', pattern: seg('\\.kiro/hooks(?:/|$)') },
  { kind: 'hook-settings', what: 'Kiro agent definitions (hold hooks)', anchor: 'any', pattern: seg('\\.kiro/agents(?:/|$)') },
  { kind: 'hook-settings', what: 'Kiro hook', anchor: 'any', pattern: seg('[^/]*\\.kiro\\.hook$') },
  { kind: 'hook-settings', what: 'Windsurf hooks', anchor: 'any', pattern: seg('\\.windsurf/hooks\\.json$') },
  { kind: 'hook-settings', what: 'Windsurf hooks', anchor: 'any', pattern: seg('\\.codeium/windsurf/hooks\\.json$') },
  {
    kind: 'hook-settings',
    what: 'Windsurf system hooks',
    anchor: 'abs',
    pattern: under('/(?:etc/windsurf|library/application support/windsurf)/hooks\\.json$'),
  },
  { kind: 'hook-settings', what: 'Cline hooks', anchor: 'any', pattern: seg('\\.clinerules/hooks(?:/|$)') },
  { kind: 'hook-settings', what: 'Cline hooks', anchor: 'any', pattern: seg('Documents/Cline/Hooks(?:/|$)') },

  // Editors: auto-approve keys and the guard's own settings.
  { kind: 'editor-settings', what: 'workspace settings', anchor: 'any', pattern: seg('\\.vscode/settings\\.json$'), keyed: 'editor' },
  { kind: 'editor-settings', what: 'workspace settings', anchor: 'any', pattern: /\.code-workspace$/i, keyed: 'editor' },
  {
    kind: 'editor-settings',
    what: 'user settings',
    anchor: 'any',
    pattern: seg('(?:Code|Code - Insiders|Code - OSS|Cursor|Windsurf|Kiro|VSCodium|code-server)/User/settings\\.json$'),
    keyed: 'editor',
  },

  // The audit log (its head and lock), caches the hook reads, the installed hook and extension.
  { kind: 'audit', what: 'the Blast Radius audit log', anchor: 'any', pattern: seg('\\.local/state/blast-radius(?:/|$)') },
  { kind: 'audit', what: 'decisions the audit log could not record yet', anchor: 'abs', pattern: under('/tmp/blast-radius-[^/]+(?:/|$)') },
  { kind: 'audit', what: 'the audit log’s system anchor', anchor: 'abs', pattern: under('/var/lib/blast-radius(?:/|$)') },
  // Where the allowed signers are read from: the remote's default branch as this clone has it.
  {
    kind: 'signers',
    what: 'git data the allowed signers are read from',
    anchor: 'any',
    pattern: seg('\\.git/(?:refs/remotes(?:/|$)|packed-refs$|config$|refs/heads/(?:main|master)$|HEAD$)'),
  },
  { kind: 'cache', what: 'a Blast Radius cache', anchor: 'any', pattern: seg('\\.cache/blast-radius(?:/|$)') },
  { kind: 'install', what: 'the installed Blast Radius hook', anchor: 'any', pattern: seg('node_modules/blast-radius(?:/|$)') },
  { kind: 'install', what: 'the installed Blast Radius hook', anchor: 'any', pattern: seg('\\.?bin/blast-radius(?:\\.cmd|\\.ps1)?$') },
  {
    kind: 'install',
    what: 'the installed Blast Radius hook',
    anchor: 'abs',
    pattern: under('/(?:opt|usr/local/lib|usr/lib|usr/local/share)/blast-radius(?:/|$)'),
  },
  // Where the person's request is read from (src/facts/transcript.ts): a forged request would put
  // "You asked for this" beside a teardown the person never asked for.
  {
    kind: 'transcript',
    what: 'a Claude Code session transcript (what the person asked for)',
    anchor: 'home',
    pattern: under('\\.claude/projects/.+\\.jsonl$'),
  },
  { kind: 'transcript', what: 'a Codex session transcript (what the person asked for)', anchor: 'home', pattern: under('\\.codex/sessions/.+\\.jsonl$') },
  { kind: 'transcript', what: 'a Gemini CLI chat transcript (what the person asked for)', anchor: 'home', pattern: under('\\.gemini/tmp/[^/]+/chats(?:/|$)') },
  {
    kind: 'transcript',
    what: 'a Copilot CLI session (what the person asked for)',
    anchor: 'home',
    pattern: under('\\.copilot/session-state/[^/]+/(?:events\\.jsonl|workspace\\.yaml)$'),
  },
  { kind: 'install', what: 'the Blast Radius editor extension', anchor: 'any', pattern: seg('extensions/blast-radius\\.blast-radius(?:-[^/]*)?(?:/|$)') },
];

/** What `guardPaths` from facts are taken to be, by folder or file name. */
const RUNTIME_WHAT = 'a file the Blast Radius hook trusts';

export interface GuardMatch {
  kind: GuardKind;
  what: string;
  keyed?: 'agent' | 'editor';
}

/**
 * The guard asset a path is, if any. `abs` is the normalised absolute path (home and workspace
 * markers allowed); `home` the home folder when known; `extra` absolute paths from facts.
 */
export function guardAsset(abs: string, home: string | undefined, extra: readonly string[] = []): GuardMatch | undefined {
  // A pure function of its inputs, asked again for the same paths: answers kept (frozen).
  const key = `${abs}\u0000${home ?? '\u0001'}\u0000${extra.join('\u0000')}`;
  return MATCHED.get(key, () => {
    const m = guardAssetOnce(abs, home, extra);
    return m && Object.freeze(m);
  });
}

const MATCHED = new BoundedMemo<GuardMatch | undefined>();

/** For benchmarks: start from nothing known, as a fresh hook process does. */
export function forgetGuardMatches(): void {
  MATCHED.clear();
}

function guardAssetOnce(abs: string, home: string | undefined, extra: readonly string[]): GuardMatch | undefined {
  const p = abs.replace(/\\/g, '/');
  const lower = p.toLowerCase();
  for (const x of extra) {
    const e = x.replace(/\\/g, '/').replace(/\/+$/, '');
    if (e && (p === e || p.startsWith(`${e}/`))) return { kind: /audit/.test(e) ? 'audit' : /run|bridge/.test(e) ? 'bridge' : 'install', what: RUNTIME_WHAT };
  }
  const homeN = home ? home.replace(/\\/g, '/').replace(/\/+$/, '') : undefined;
  const homeRel = homeN && p.startsWith(`${homeN}/`) ? p.slice(homeN.length + 1) : p.startsWith('/__home__/') ? p.slice('/__home__/'.length) : undefined;
  // Each pattern's necessary texts first (memo.ts mayMatch): most paths hold none, and a pattern
  // not tested is never compiled.
  const homeLower = homeRel?.toLowerCase();
  for (const g of GUARD_ASSETS) {
    let hit: boolean;
    if (g.anchor === 'any') hit = mayMatch(g.pattern, p, lower) && g.pattern.test(p);
    else if (g.anchor === 'home') hit = homeRel !== undefined && mayMatch(g.pattern, homeRel, homeLower) && g.pattern.test(homeRel);
    else hit = (mayMatch(g.pattern, lower, lower) && g.pattern.test(lower)) || (mayMatch(g.pattern, p, lower) && g.pattern.test(p));
    if (hit) return { kind: g.kind, what: g.what, ...(g.keyed ? { keyed: g.keyed } : {}) };
  }
  return undefined;
}

/** Keys of an agent's settings file that change nothing about hooks, permissions or what runs. */
export const BENIGN_AGENT_KEYS = new Set([
  '$schema',
  'model',
  'theme',
  'outputStyle',
  'cleanupPeriodDays',
  'includeCoAuthoredBy',
  'language',
  'spinnerTipsEnabled',
  'alwaysThinkingEnabled',
  'verbose',
  'autoUpdates',
  'preferredNotifChannel',
  'ui',
  'editor',
  'vimMode',
]);

// Folders that hold guard assets, with a file each that stands for what is inside, to tell a
// delete, move or chmod of the folder from one of an ordinary folder (`rm -rf .claude`,
// `chmod -R 000 ~/.local`). Deleting caches or editor settings only brings back the strict
// defaults, so those folders are not listed.
const DIRS_ANY: [string, string][] = [
  ['.claude', 'settings.json'],
  ['.blast-radius', 'policy.json'],
  ['.github/hooks', 'hooks.json'],
  ['.copilot', 'hooks/hooks.json'],
  ['.cursor', 'hooks.json'],
  ['.gemini', 'settings.json'],
  ['.codex', 'hooks.json'],
  ['.kiro', 'hooks/hook.json'],
  ['.windsurf', 'hooks.json'],
  ['.codeium', 'windsurf/hooks.json'],
  ['.clinerules', 'hooks/PreToolUse'],
  ['.local/state', 'blast-radius/audit.jsonl'],
];
const PROBES_HOME = [
  '.claude.json',
  '.local/state/blast-radius/audit.jsonl',
  '.vscode/extensions/blast-radius.blast-radius-0.1.0/package.json',
  '.vscode-server/extensions/blast-radius.blast-radius-0.1.0/package.json',
  '.cursor/extensions/blast-radius.blast-radius-0.1.0/package.json',
  '.claude/projects/p/s.jsonl',
  '.codex/sessions/s.jsonl',
  '.gemini/tmp/p/chats/s.json',
  '.copilot/session-state/s/events.jsonl',
];

/** A guard asset inside the folder `dir` (absolute, normalised), if it may hold one. */
export function guardAssetWithin(dir: string, home: string | undefined, extra: readonly string[] = []): GuardMatch | undefined {
  const d = dir.replace(/\\/g, '/').replace(/\/+$/, '');
  const inside = (p: string): boolean => d === '' || p.startsWith(`${d}/`);
  for (const x of extra) if (inside(x.replace(/\\/g, '/'))) return guardAsset(x, home, extra);
  const lower = d.toLowerCase();
  for (const [folder, file] of DIRS_ANY) {
    const f = folder.toLowerCase();
    if (lower.endsWith(`/${f}`) || lower === f) return guardAsset(`${d}/${file}`, home, extra);
    // A parent of a two-level folder: `.github` holds `.github/hooks`, `.local` holds `.local/state`.
    const [top, second] = f.split('/');
    if (second && (lower.endsWith(`/${top}`) || lower === top) && top === '.local') return guardAsset(`${d}/${second}/${file}`, home, extra);
  }
  const h = (home ?? '/__home__').replace(/\\/g, '/').replace(/\/+$/, '');
  for (const probe of PROBES_HOME) if (inside(`${h}/${probe}`)) return guardAsset(`${h}/${probe}`, home, extra);
  return undefined;
}
