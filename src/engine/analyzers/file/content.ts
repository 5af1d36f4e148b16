// What the text of a change says, independent of how it arrived (whole contents, diff lines, or
// edit fragments): infrastructure protections removed or dangers added, secrets added, remote code
// piped to a shell, schema drops in migrations, and loosened auto-approve / guard settings.
// Pattern-based: a protection built from a variable (`prevent_destroy = var.x`) or a secret split
// across lines is not seen; settings are read as JSON with comments when whole, by lines otherwise.
import type { ParseError } from 'jsonc-parser';
import { AUTO_APPROVE_KEYS, GUARD_SETTING_PREFIX } from '../../effects/categories';
import { gateLower, mayMatch } from '../../memo';

// ---------------------------------------------------------------------------------------------
// Infrastructure protections

export interface Protection {
  name: string;
  /** Present when the protection is on; fewer of them afterwards means it was dropped. */
  keep?: RegExp;
  /** Present when the protection is off or a danger is on; more of them afterwards is a finding. */
  danger?: RegExp;
  /** How the danger reads in a message ("force_destroy = true"). */
  dangerLabel?: string;
}

export const PROTECTIONS: readonly Protection[] = [
  { name: 'prevent_destroy', keep: /\bprevent_destroy\s*=\s*true\b/gi, danger: /\bprevent_destroy\s*=\s*false\b/gi, dangerLabel: 'prevent_destroy = false' },
  {
    name: 'deletion_protection',
    keep: /["']?\bdeletion_?protection(?:_?enabled)?["']?\s*[:=]\s*["']?true\b/gi,
    danger: /["']?\bdeletion_?protection(?:_?enabled)?["']?\s*[:=]\s*["']?false\b/gi,
    dangerLabel: 'deletion protection off',
  },
  {
    name: 'DeletionPolicy: Retain',
    keep: /["']?\bDeletionPolicy["']?\s*:\s*["']?(?:Retain|Snapshot|RetainExceptOnCreate)\b/g,
    danger: /["']?\bDeletionPolicy["']?\s*:\s*["']?Delete\b/g,
    dangerLabel: 'DeletionPolicy: Delete',
  },
  {
    name: 'UpdateReplacePolicy: Retain',
    keep: /["']?\bUpdateReplacePolicy["']?\s*:\s*["']?(?:Retain|Snapshot)\b/g,
    danger: /["']?\bUpdateReplacePolicy["']?\s*:\s*["']?Delete\b/g,
    dangerLabel: 'UpdateReplacePolicy: Delete',
  },
  { name: 'force_destroy', danger: /\bforce_destroy\s*=\s*true\b/gi, dangerLabel: 'force_destroy = true' },
  {
    name: 'final snapshot',
    keep: /\bskip_final_snapshot\s*=\s*false\b/gi,
    danger: /\bskip_final_snapshot\s*=\s*true\b/gi,
    dangerLabel: 'skip_final_snapshot = true',
  },
  {
    name: 'RemovalPolicy.RETAIN',
    keep: /\bRemovalPolicy\.(?:RETAIN|SNAPSHOT|RETAIN_ON_UPDATE_OR_DELETE)\b/g,
    danger: /\bRemovalPolicy\.DESTROY\b/g,
    dangerLabel: 'RemovalPolicy.DESTROY',
  },
  { name: 'autoDeleteObjects', danger: /\bautoDeleteObjects\s*:\s*true\b|\bauto_delete_objects\s*=\s*True\b/g, dangerLabel: 'autoDeleteObjects: true' },
  { name: 'protect (Pulumi)', keep: /\bprotect\s*:\s*true\b/g, danger: /\bprotect\s*:\s*false\b/g, dangerLabel: 'protect: false' },
  { name: 'retainOnDelete', keep: /\bretainOnDelete\s*:\s*true\b/g },
  { name: 'helm.sh/resource-policy: keep', keep: /helm\.sh\/resource-policy["']?\s*:\s*["']?keep\b/g },
  {
    name: 'persistentVolumeReclaimPolicy: Retain',
    keep: /\bpersistentVolumeReclaimPolicy["']?\s*:\s*["']?Retain\b/g,
    danger: /\bpersistentVolumeReclaimPolicy["']?\s*:\s*["']?Delete\b/g,
    dangerLabel: 'persistentVolumeReclaimPolicy: Delete',
  },
  {
    name: 'termination protection',
    keep: /\bdisable_api_termination\s*=\s*true\b|\bEnableTerminationProtection["']?\s*:\s*["']?true\b|\btermination_protection\s*=\s*true\b/g,
    danger: /\bdisable_api_termination\s*=\s*false\b|\bEnableTerminationProtection["']?\s*:\s*["']?false\b/g,
    dangerLabel: 'termination protection off',
  },
];

/** Matches of `re` in `text` (`lower` is its lowercase); a text without the pattern's necessary texts is not searched. */
function count(re: RegExp, text: string, lower: string | undefined): number {
  if (!mayMatch(re, text, lower)) return 0;
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text)) n++;
  return n;
}

export interface ProtectionChange {
  name: string;
  how: 'removed' | 'turned-off';
  /** "removes prevent_destroy" / "sets force_destroy = true" */
  words: string;
}

/** Protections dropped or dangers turned on between `before` and `after` (either may be a fragment). */
export function protectionChanges(before: string, after: string): ProtectionChange[] {
  const out: ProtectionChange[] = [];
  const b = [before, gateLower(before)] as const;
  const a = [after, gateLower(after)] as const;
  for (const p of PROTECTIONS) {
    if (p.keep && count(p.keep, ...b) > count(p.keep, ...a)) out.push({ name: p.name, how: 'removed', words: `removes ${p.name}` });
    else if (p.danger && count(p.danger, ...a) > count(p.danger, ...b)) out.push({ name: p.name, how: 'turned-off', words: `sets ${p.dangerLabel ?? p.name}` });
  }
  return out;
}

/** Text that is infrastructure as code whatever the file is called: a row whose every pattern matches. */
export const IAC_SIGNS: readonly (readonly RegExp[])[] = [
  [/AWSTemplateFormatVersion|Transform["']?\s*:\s*["']?AWS::Serverless|^\s*["']?Type["']?\s*:\s*["']?AWS::[A-Za-z0-9]+::/m],
  [/^apiVersion:\s*\S+/m, /^kind:\s*\S+/m],
  [/^\s*(?:resource|module|provider)\s+"[^"]+"(?:\s+"[^"]+")?\s*\{/m],
  [/from\s+['"](?:aws-cdk-lib|@pulumi\/|cdktf)|^\s*import\s+pulumi\b|^\s*from\s+aws_cdk\b/m],
];

export function looksLikeIac(text: string): boolean {
  return IAC_SIGNS.some((signs) => signs.every((re) => mayMatch(re, text) && re.test(text)));
}

// ---------------------------------------------------------------------------------------------
// Secrets

export const SECRET_PATTERNS: { name: string; re: RegExp }[] = [
  { name: 'private key', re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----/ },
  { name: 'AWS access key', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'AWS secret key', re: /aws_?secret_?access_?key["']?\s*[:=]\s*["']?[A-Za-z0-9/+=]{40}\b/i },
  { name: 'GitHub token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/ },
  { name: 'GitLab token', re: /\bglpat-[A-Za-z0-9_-]{20,}\b/ },
  { name: 'Slack token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/ },
  { name: 'Stripe live key', re: /\b[rs]k_live_[A-Za-z0-9]{20,}\b/ },
  { name: 'Google API key', re: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: 'npm token', re: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { name: 'OpenAI / Anthropic key', re: /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{32,}\b/ },
  { name: 'registry auth token', re: /_authToken\s*=\s*(?!\$\{)[^\s]{8,}/ },
  // A quoted literal assigned to a secret-sounding name; placeholders and lookups are not secrets.
  {
    name: 'hard-coded credential',
    re: /\b(?:password|passwd|secret|api_?key|access_?token|auth_?token|client_?secret)["']?\s*[:=]\s*["'](?![^"']*(?:\$\{|\{\{|<|changeme|example|xxxx|\*\*\*|your[-_ ]|placeholder|dummy|test))[^"'\s]{12,}["']/i,
  },
];

export interface SecretHit {
  name: string;
  /** The line with the secret's value cut: enough to find it, not enough to leak it. */
  redacted: string;
}

export function findSecrets(text: string, max = 3): SecretHit[] {
  const out: SecretHit[] = [];
  if (!text) return out;
  const lower = gateLower(text);
  for (const { name, re } of SECRET_PATTERNS) {
    const m = mayMatch(re, text, lower) ? re.exec(text) : null;
    if (!m) continue;
    const hit = m[0];
    out.push({ name, redacted: `${hit.slice(0, Math.min(12, Math.floor(hit.length / 2)))}…` });
    if (out.length >= max) break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Code that runs what it downloads

// Bounded gaps (`{0,300}`) keep this linear on long lines with many `curl` words.
const REMOTE_CODE =
  /\b(?:curl|wget|iwr|Invoke-WebRequest|irm|Invoke-RestMethod)\b[^\n|]{0,300}\|\s*(?:sudo\s+)?(?:(?:ba|z|da|k)?sh|python3?|node|perl|ruby|iex|Invoke-Expression)\b|\b(?:source|\.)\s+<\(\s*(?:curl|wget)\b|\beval\s+["']?\$\(\s*(?:curl|wget)\b|\bbase64\s+(?:-d|--decode)\b[^\n|]{0,300}\|\s*(?:ba|z)?sh\b/i;

export function findRemoteCode(text: string): string | undefined {
  const m = REMOTE_CODE.exec(text);
  if (!m) return undefined;
  const start = text.lastIndexOf('\n', m.index) + 1;
  const end = text.indexOf('\n', m.index);
  return text.slice(start, end < 0 ? undefined : end).trim();
}

// ---------------------------------------------------------------------------------------------
// Migrations written in a framework's language (SQL files go to the SQL analyzer whole)

const FRAMEWORK_DROPS =
  /\b(?:drop_table|drop_join_table|remove_column|remove_columns|remove_reference|remove_index|op\.drop_(?:table|column|index|constraint)|op\.execute|migrations\.(?:DeleteModel|RemoveField|RunSQL)|dropTable(?:IfExists)?|dropColumns?|dropSchema|Schema::drop(?:IfExists)?|->dropColumn|truncate_table)\b|<(?:dropTable|dropColumn|dropView|sql)\b|\b(?:dropTable|dropColumn)\s*:/;

export function findFrameworkDrop(text: string): string | undefined {
  const m = FRAMEWORK_DROPS.exec(text);
  if (!m) return undefined;
  // `op.execute`/`RunSQL`/`<sql>` only matter when they carry destructive SQL (found separately).
  if (/^(?:op\.execute|migrations\.RunSQL|<sql)$/i.test(m[0])) return undefined;
  const start = text.lastIndexOf('\n', m.index) + 1;
  const end = text.indexOf('\n', m.index);
  return text.slice(start, end < 0 ? undefined : end).trim();
}

/** Destructive SQL held in strings of a non-SQL file (`op.execute("DROP TABLE x")`). */
export function embeddedSql(text: string, max = 5): string[] {
  const out: string[] = [];
  const re = /\b(?:DROP\s+(?:TABLE|DATABASE|SCHEMA|VIEW|INDEX|COLUMN)|TRUNCATE(?:\s+TABLE)?|ALTER\s+TABLE\s+[\w."`[\]]+\s+DROP|DELETE\s+FROM)\b[^"'`;\n]*/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && out.length < max) out.push(m[0].trim());
  return out;
}

// ---------------------------------------------------------------------------------------------
// Editor settings: auto-approve keys and the guard's own settings

export interface SettingsChange {
  key: string;
  /** What was added: entries newly approved, or `true` for a blanket switch. */
  added: string[];
  kind: 'auto-approve' | 'guard-setting';
}

function parseObject(text: string): Record<string, unknown> | undefined {
  const errors: ParseError[] = [];
  // Required here, not at the top: the engine's start-up path (the hook) should not pay for it.
  const { parse: parseJsonc } = require('jsonc-parser') as typeof import('jsonc-parser');
  const v: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length || !v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  return v as Record<string, unknown>;
}

/** A settings key, flat (`"chat.tools.autoApprove"`) or nested (`"chat": {"tools": …}`). */
function lookup(obj: Record<string, unknown> | undefined, key: string): unknown {
  if (!obj) return undefined;
  if (key in obj) return obj[key];
  const parts = key.split('.');
  for (let i = 1; i < parts.length; i++) {
    const head = parts.slice(0, i).join('.');
    const inner = obj[head];
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
      const v = lookup(inner as Record<string, unknown>, parts.slice(i).join('.'));
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

const OFF_WORDS = new Set(['', 'off', 'false', 'no', 'never', 'disabled', 'supervised', 'ask', 'manual']);

/** What a setting's value approves: `*` for a blanket yes, else the entries that say yes. */
function approvals(v: unknown): Set<string> {
  const out = new Set<string>();
  if (v === true) out.add('*');
  else if (typeof v === 'string') {
    if (!OFF_WORDS.has(v.trim().toLowerCase())) out.add(v === '*' ? '*' : v);
  } else if (Array.isArray(v)) {
    for (const e of v) if (typeof e === 'string' && e.trim()) out.add(e.trim());
  } else if (v && typeof v === 'object') {
    for (const [k, e] of Object.entries(v as Record<string, unknown>)) {
      const yes = e === true || (e && typeof e === 'object' && (e as { approve?: unknown }).approve === true);
      if (yes) out.add(k);
    }
  }
  return out;
}

/** What denies something: entries set to false (a deny rule removed loosens the guard too). */
function denials(v: unknown): Set<string> {
  const out = new Set<string>();
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, e] of Object.entries(v as Record<string, unknown>)) {
      if (e === false || (e && typeof e === 'object' && (e as { approve?: unknown }).approve === false)) out.add(k);
    }
  }
  return out;
}

/** A `.code-workspace` file keeps its settings under `settings`; both levels are read. */
function workspaceSettings(obj: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const inner = obj?.settings;
  if (obj && inner && typeof inner === 'object' && !Array.isArray(inner)) return { ...obj, ...(inner as Record<string, unknown>) };
  return obj;
}

function guardSettings(obj: Record<string, unknown> | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!obj) return out;
  for (const [k, v] of Object.entries(obj)) {
    if (k.startsWith(GUARD_SETTING_PREFIX)) out.set(k, JSON.stringify(v));
    else if (k === 'blastRadius' && v && typeof v === 'object') {
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) out.set(`${GUARD_SETTING_PREFIX}${k2}`, JSON.stringify(v2));
    }
  }
  return out;
}

/**
 * Compares whole settings texts. `undefined` when `after` is not a JSON object (the caller falls
 * back to reading lines). `before` unknown means every approval in `after` counts as new.
 */
export function settingsChangesWhole(before: string | undefined, after: string): SettingsChange[] | undefined {
  const next = workspaceSettings(parseObject(after));
  if (!next) return after.trim() === '' ? [] : undefined;
  const prev = before === undefined ? undefined : workspaceSettings(parseObject(before));
  const out: SettingsChange[] = [];
  for (const key of AUTO_APPROVE_KEYS) {
    const nv = lookup(next, key);
    const ov = lookup(prev, key);
    const was = approvals(ov);
    const added = [...approvals(nv)].filter((e) => !was.has(e));
    const wasDenied = denials(ov);
    const nowDenied = denials(nv);
    const undenied = [...wasDenied].filter((e) => !nowDenied.has(e)).map((e) => `${e} (deny removed)`);
    if (added.length || undenied.length) out.push({ key, added: [...added, ...undenied], kind: 'auto-approve' });
  }
  const g1 = guardSettings(prev);
  const g2 = guardSettings(next);
  for (const k of new Set([...g1.keys(), ...g2.keys()])) {
    if (g1.get(k) !== g2.get(k)) out.push({ key: k, added: [g2.has(k) ? (g2.get(k) ?? '') : '(removed)'], kind: 'guard-setting' });
  }
  return out;
}

const KEY_ALT = AUTO_APPROVE_KEYS.map((k) => k.replace(/\./g, '\\.')).join('|');
const KEY_LINE = new RegExp(`["'](${KEY_ALT})["']\\s*:\\s*(.*)$`);
const OBJECT_KEYS =
  /chat\.tools\.(?:terminal|edits|urls)\.autoApprove|kiroAgent\.trustedCommands|"(?:terminal|edits|urls)"\s*:|"autoApprove"\s*:|"trustedCommands"\s*:/;

/**
 * Reads fragments (diff lines, edit old/new text) when whole files are not at hand. Fails toward
 * reporting: an approve-looking line added near an auto-approve key counts.
 */
export function settingsChangesLines(removed: string[], added: string[], context: string): SettingsChange[] {
  const out: SettingsChange[] = [];
  const seen = new Set<string>();
  const push = (c: SettingsChange): void => {
    const id = `${c.kind}:${c.key}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push(c);
  };
  for (const line of added) {
    const m = KEY_LINE.exec(line);
    if (m) {
      const value = m[2]!.trim().replace(/,$/, '');
      if (!/^(?:false|null|\{\s*\}|\[\s*\]|"(?:off|false|supervised|)")$/i.test(value))
        push({ key: m[1]!, added: [value.slice(0, 60) || '(object)'], kind: 'auto-approve' });
    }
    const g = /["'](blastRadius\.[\w.]+)["']\s*:/.exec(line) ?? (/["']blastRadius["']\s*:/.test(line) ? ['', 'blastRadius'] : null);
    if (g) push({ key: g[1], added: [line.trim().slice(0, 80)], kind: 'guard-setting' });
  }
  for (const line of removed) {
    const g = /["'](blastRadius\.[\w.]+)["']\s*:/.exec(line);
    if (g) push({ key: g[1]!, added: ['(removed)'], kind: 'guard-setting' });
  }
  if (OBJECT_KEYS.test(context)) {
    const yes = added.find((l) => /:\s*true\b|"approve"\s*:\s*true|^\s*["']\*["']\s*,?\s*$|^\s*["'][^"']+["']\s*,?\s*$/.test(l));
    const undeny = removed.find((l) => /:\s*false\b/.test(l));
    const key = AUTO_APPROVE_KEYS.find((k) => context.includes(k)) ?? 'chat.tools.terminal.autoApprove';
    if (yes) push({ key, added: [yes.trim().slice(0, 60)], kind: 'auto-approve' });
    else if (undeny) push({ key, added: [`${undeny.trim().slice(0, 60)} (deny removed)`], kind: 'auto-approve' });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Agent settings (Claude, Gemini, Codex): the hook and permission parts

const AGENT_GUARD_WORDS =
  /\b(?:hooks?|permissions?|PreToolUse|BeforeTool|PermissionRequest|matcher|allow|deny|ask|defaultMode|bypassPermissions|acceptEdits|dontAsk|disableAllHooks|mcpServers|enableAllProjectMcpServers|autoAccept|yolo|approval(?:_policy|Mode)?|sandbox(?:_mode)?|trust(?:ed)?|blast-radius)\b/i;

/**
 * Which hook/permission keys differ between two whole agent settings texts. `undefined` when
 * either side cannot be read as JSON (the caller then decides from the changed lines).
 */
/**
 * The top-level keys that differ between two whole JSON settings texts (an empty `before` is a
 * new file). `undefined` when either side cannot be read as JSON.
 */
export function changedTopLevelKeys(before: string, after: string): string[] | undefined {
  const next = parseObject(after);
  const prev = before.trim() === '' ? {} : parseObject(before);
  if (!next || !prev) return undefined;
  const keys = new Set([...Object.keys(prev), ...Object.keys(next)]);
  return [...keys].filter((k) => JSON.stringify(next[k]) !== JSON.stringify(prev[k]));
}

/** The first changed line that mentions hooks, permissions, approvals or trust. */
export function agentGuardWordsIn(lines: string[]): string | undefined {
  return lines.find((l) => AGENT_GUARD_WORDS.test(l))?.trim();
}
