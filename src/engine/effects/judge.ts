// The one place where effects on paths become findings. Three tables, in order:
//   1. guard assets (guard-assets.ts): any effect on one but a read is critical — except a change
//      to a keyed settings file whose new content is known and touches no guard key;
//   2. path categories (categories.ts): CI, code owners, secrets, IaC, lockfiles, shell start-up
//      files, git hooks… each with a level per kind of effect;
//   3. where the path lands (where.ts): the root, a home folder, a system folder, the user's own
//      folders outside the working directory, the working directory, temp, build output.
// Every route — a file tool, a redirect, `tee`, `sed -i`, `cp`, `mv`, `ln`, `dd`, `chmod`,
// PowerShell's Set-Content, an interpreter's open(…, 'w') — reports effects and lands here, so the
// same effect gets the same level whichever route it takes.
// Does not catch: what is at a path only known at run time (judged as unknown), what an earlier
// step of the same command put there (the shell walker tracks moves), contents of binary files.
import type { Level, Target } from '../schema';
import { agentGuardWordsIn, changedTopLevelKeys, settingsChangesLines, settingsChangesWhole } from '../analyzers/file/content';
import { classifyPath as categoriesOf, type GuardedCategory } from './categories';
import { BENIGN_AGENT_KEYS, type GuardMatch, guardAsset, guardAssetWithin } from './guard-assets';
import { type Effect, type FindingSpec, targetOpOf } from './types';
import { describeClass, type PathClass, type Where } from './where';

export interface JudgeEnv {
  home?: string;
  /** Absolute locations the hook trusts that are only known at run time (facts). */
  guardPaths?: readonly string[];
  /** The effect happens with root privileges. */
  sudo?: boolean;
  /** Classifies a path shape (the shell: against its current directory; files: against the cwd). */
  where(shape: string): Where;
}

export function judgeEffects(effects: Effect[], env: JudgeEnv): FindingSpec[] {
  const out: FindingSpec[] = [];
  const deletes: { e: Effect; w: Where }[] = [];
  for (const e of effects) {
    const w = env.where(e.path);
    const guard = guardFinding(e, w, env);
    if (guard) {
      out.push(guard);
      if (guard.level === 'critical') continue;
    }
    out.push(...categoryFindings(e, w));
    if (e.op === 'delete') deletes.push({ e, w });
    else out.push(...locationFindings(e, w, env));
  }
  if (deletes.length) out.push(...deleteFindings(deletes, env));
  return out;
}

const pathTarget = (e: Effect): Target[] => [{ kind: 'path', name: e.path, op: targetOpOf(e.op) }];

const VERBS: Record<Effect['op'], string> = {
  create: 'Creates',
  overwrite: 'Overwrites',
  append: 'Appends to',
  truncate: 'Empties',
  modify: 'Changes',
  delete: 'Deletes',
  'move-away': 'Moves away',
  'move-over': 'Replaces',
  link: 'Links over',
  chmod: 'Changes the permissions of',
  chown: 'Changes the owner of',
};

const contentKnown = (e: Effect): boolean => e.content !== undefined || e.added !== undefined;

// ---------------------------------------------------------------------------------------------
// 1. Guard assets

function guardFinding(e: Effect, w: Where, env: JudgeEnv): FindingSpec | undefined {
  // The root and a home folder hold everything; the location judgement already says critical.
  if (w.cls === 'root' || w.cls === 'home') return undefined;
  const direct = guardAsset(w.resolved, env.home, env.guardPaths);
  const wide = e.recursive || e.op === 'delete' || e.op === 'move-away' || e.op === 'chmod' || e.op === 'chown';
  const g: GuardMatch | undefined = direct ?? (wide ? guardAssetWithin(w.resolved, env.home, env.guardPaths) : undefined);
  if (!g) return undefined;
  // The path as written, and where it really lands when that says more (`~`, `$VAR`, `..`).
  const marker = /^\/__(?:workspace|home)__(?:\/|$)/.test(w.resolved);
  const shown = !marker && w.cls !== 'unknown' && /^~|\$|(?:^|\/)\.\.(?:\/|$)/.test(e.path) ? `${e.path} (${w.resolved})` : e.path;
  if (direct && g.keyed) {
    const v = keyedVerdict(g.keyed, e);
    if (v.kind === 'benign') {
      return g.keyed === 'agent'
        ? {
            rule: 'path.agent-settings',
            level: 'medium',
            message: `${VERBS[e.op]} ${g.what} ${shown}: only ${v.keys.join(', ') || 'formatting'} (not hooks or permissions)`,
            cls: 'broad-change',
            rev: 'recoverable',
            targets: pathTarget(e),
          }
        : undefined;
    }
    if (v.kind === 'autoapprove') {
      return {
        rule: 'guard.autoapprove',
        level: 'critical',
        message: `${v.message} in ${shown} (guard tampering)`,
        cls: 'broad-change',
        rev: 'unknown',
        targets: pathTarget(e),
      };
    }
    if (v.keys?.length) {
      return {
        rule: `guard.${g.kind}`,
        level: 'critical',
        message: `Changes ${v.keys.join(', ')} in ${g.what} ${shown} (guard tampering)`,
        cls: 'broad-change',
        rev: 'unknown',
        targets: pathTarget(e),
      };
    }
  }
  const inside = direct ? '' : ', which holds ' + g.what;
  const what = direct ? `${g.what} ${shown}` : shown + inside;
  return {
    rule: `guard.${g.kind}`,
    level: 'critical',
    message: `${VERBS[e.op]} ${what}${e.recursive && e.op !== 'delete' ? ' recursively' : ''} by ${e.how} (guard tampering: the agent would change its own guard)`,
    cls: 'broad-change',
    rev: 'unknown',
    targets: pathTarget(e),
  };
}

type KeyedVerdict = { kind: 'benign'; keys: string[] } | { kind: 'autoapprove'; message: string } | { kind: 'guard'; keys?: string[] };

/** Whether a change to a keyed settings file stays clear of the guard's keys. */
function keyedVerdict(keyed: 'agent' | 'editor', e: Effect): KeyedVerdict {
  // Removing an editor's settings brings back its defaults: auto-approve off, the guard's strictest.
  if (keyed === 'editor' && (e.op === 'delete' || e.op === 'move-away')) return { kind: 'benign', keys: [] };
  if (!contentKnown(e)) return { kind: 'guard' };
  if (keyed === 'editor') {
    const changes =
      e.content !== undefined
        ? settingsChangesWhole(e.before, e.content)
        : settingsChangesLines(e.removed ?? [], e.added ?? [], [...(e.context ?? []), ...(e.removed ?? []), ...(e.added ?? [])].join('\n'));
    if (changes === undefined) return { kind: 'guard' };
    const s = changes[0];
    if (!s) return { kind: 'benign', keys: [] };
    if (s.kind === 'guard-setting') return { kind: 'guard', keys: changes.map((c) => c.key) };
    const everything = s.added.includes('*');
    return {
      kind: 'autoapprove',
      message: s.key === 'kiroAgent.trustedCommands' && everything ? 'Trusts every command (kiroAgent.trustedCommands "*")' : `Turns on ${s.key}`,
    };
  }
  if (e.op === 'delete' || e.op === 'move-away' || e.op === 'append' || e.op === 'truncate' || e.op === 'link') return { kind: 'guard' };
  if (e.content !== undefined) {
    const before = e.before ?? (e.isNew ? '' : undefined);
    if (before === undefined) return { kind: 'guard' };
    const keys = changedTopLevelKeys(before, e.content);
    if (keys === undefined) return { kind: 'guard' };
    const bad = keys.filter((k) => !BENIGN_AGENT_KEYS.has(k));
    return bad.length ? { kind: 'guard', keys: bad } : { kind: 'benign', keys };
  }
  // Only changed lines: benign when each names a benign key and none mentions hooks or permissions.
  const lines = [...(e.added ?? []), ...(e.removed ?? [])];
  if (agentGuardWordsIn(lines) !== undefined) return { kind: 'guard' };
  const keys: string[] = [];
  for (const l of lines) {
    const t = l.trim();
    if (/^[{}[\],]*$/.test(t)) continue;
    const m = /^"([^"]+)"\s*:/.exec(t);
    if (!m || !BENIGN_AGENT_KEYS.has(m[1]!)) return { kind: 'guard' };
    if (!keys.includes(m[1]!)) keys.push(m[1]!);
  }
  return { kind: 'benign', keys };
}

// ---------------------------------------------------------------------------------------------
// 2. Path categories

interface CategoryLevels {
  rule: string;
  /** Writes whose content is unknown (or any write, unless `knownContentByFile`). */
  write?: Level;
  delete?: Level;
  mode?: Level;
  /** With known content the file analyzer judges it from the content instead. */
  knownContentByFile?: boolean;
  why: string;
}

const CATEGORY: Partial<Record<GuardedCategory, CategoryLevels>> = {
  ci: { rule: 'path.ci', write: 'high', delete: 'high', why: 'runs with the pipeline’s credentials' },
  codeowners: { rule: 'path.codeowners', write: 'high', delete: 'high', why: 'who must review what' },
  'branch-protection': { rule: 'path.branch-protection', write: 'high', delete: 'high', why: 'branch protection' },
  'mcp-config': { rule: 'path.mcp-config', write: 'high', delete: 'medium', why: 'each server is a command the editor runs' },
  'editor-tasks': { rule: 'path.editor-tasks', write: 'medium', knownContentByFile: true, why: 'tasks can run when the folder opens' },
  iac: { rule: 'path.iac', write: 'medium', delete: 'high', knownContentByFile: true, why: 'what it declares is changed or destroyed on the next apply' },
  migration: { rule: 'path.migration', write: 'medium', delete: 'medium', knownContentByFile: true, why: 'a database migration' },
  secret: { rule: 'path.secret', write: 'high', delete: 'high', why: 'usually not in git: cannot be restored' },
  'package-config': { rule: 'path.package-config', write: 'medium', delete: 'medium', knownContentByFile: true, why: 'where packages come from' },
  lockfile: { rule: 'path.lockfile', write: 'medium', why: 'dependency versions' },
  'package-manifest': { rule: 'path.package-manifest', write: 'medium', delete: 'medium', knownContentByFile: true, why: 'dependencies and install scripts' },
  'shell-rc': { rule: 'path.shell-rc', write: 'medium', delete: 'medium', why: 'runs in every new shell' },
  'git-hook': { rule: 'path.git-hook', write: 'high', delete: 'medium', mode: 'high', why: 'runs on every commit or push' },
  'git-internals': { rule: 'path.git-internals', write: 'high', delete: 'high', mode: 'medium', why: 'git’s own data' },
  'database-file': { rule: 'path.database-file', write: 'high', delete: 'high', why: 'a database’s data file' },
};

function categoryFindings(e: Effect, w: Where): FindingSpec[] {
  const out: FindingSpec[] = [];
  const probe = e.recursive && e.op !== 'delete' ? `${w.resolved}/x` : w.resolved;
  for (const m of categoriesOf(probe)) {
    const c = CATEGORY[m.category];
    if (!c) continue;
    const del = e.op === 'delete' || e.op === 'move-away';
    const mode = e.op === 'chmod' || e.op === 'chown';
    let level = del ? c.delete : mode ? c.mode : c.write;
    if (!del && !mode && c.knownContentByFile && contentKnown(e)) level = undefined;
    if (!level) continue;
    const whole = m.category === 'git-internals' && del && /(?:^|\/)\.git$/.test(w.resolved);
    out.push({
      rule: whole ? 'path.delete-git' : c.rule,
      level,
      message: whole
        ? `Deletes the git repository ${e.path}: all history, branches, stashes and unpushed work`
        : `${VERBS[e.op]} ${m.what} ${e.path} (${c.why})`,
      cls: del ? 'destructive' : 'broad-change',
      rev: del ? (m.category === 'lockfile' ? 'recoverable' : 'irreversible') : 'recoverable',
      targets: pathTarget(e),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// 3. Where it lands

/** Folders only package managers and tools write: deleting them loses nothing. */
const PACKAGE_CACHE =
  /\/(?:node_modules|__pycache__|\.pytest_cache|\.mypy_cache|\.ruff_cache|\.tox|\.nox|\.venv|venv|\.gradle|\.next|\.nuxt|\.turbo|\.parcel-cache|\.vite|\.svelte-kit|\.angular|\.terraform|\.serverless|cdk\.out|\.cache)\/?$/;

const DEVICE = /^\/dev\/(sd|nvme|hd|vd|xvd|disk|rdisk|mmcblk|md|dm-|mapper\/|loop)/;

function locationFindings(e: Effect, w: Where, env: JudgeEnv): FindingSpec[] {
  const t = pathTarget(e);
  const place = describeClass(w.cls);
  const sudo = env.sudo ? ' with root privileges' : '';
  if (e.op === 'move-away') {
    if (w.cls === 'root' || w.cls === 'system' || w.cls === 'home')
      return [
        { rule: 'path.move-system', level: 'high', message: `Moves ${e.path} (${place}) away${sudo}`, cls: 'environment-teardown', rev: 'unknown', targets: t },
      ];
    if (w.cls === 'system-sub')
      return [{ rule: 'path.move-system', level: 'medium', message: `Moves ${e.path} (${place})${sudo}`, cls: 'broad-change', rev: 'unknown', targets: t }];
    // Taking a file out of the user's own folders is a delete there.
    if (w.cls === 'home-sub' || w.cls === 'outside')
      return [{ rule: 'path.write-outside', level: 'medium', message: `Moves ${e.path} out of ${place}`, cls: 'broad-change', rev: 'recoverable', targets: t }];
    return [];
  }
  if (e.op === 'chmod' || e.op === 'chown') {
    const what = e.op === 'chmod' ? 'permissions' : 'ownership';
    const wide = w.cls === 'root' || w.cls === 'system' || w.cls === 'home';
    if (e.recursive && (wide || w.cls === 'system-sub' || w.cls === 'outside' || w.cls === 'home-sub' || w.cls === 'unknown')) {
      return [
        {
          rule: 'path.chmod-recursive',
          level: wide ? 'critical' : 'high',
          message: `Changes ${what} recursively on ${e.path} (${place})`,
          cls: wide ? 'environment-teardown' : 'broad-change',
          rev: 'irreversible',
          targets: t,
        },
      ];
    }
    if (wide || w.cls === 'system-sub')
      return [
        { rule: 'path.chmod-system', level: 'medium', message: `Changes ${what} of ${e.path} (${place})`, cls: 'broad-change', rev: 'unknown', targets: t },
      ];
    if (w.cls === 'home-sub' || w.cls === 'outside')
      return [
        {
          rule: 'path.write-outside',
          level: 'medium',
          message: `Changes ${what} of ${e.path} by ${e.how}: ${place}`,
          cls: 'broad-change',
          rev: 'recoverable',
          targets: t,
        },
      ];
    return [];
  }
  if (DEVICE.test(w.resolved) || DEVICE.test(e.path)) {
    return [
      {
        rule: 'path.disk-write',
        level: 'critical',
        message: `Writes directly to the disk device ${e.path} by ${e.how}, destroying its file system`,
        cls: 'environment-teardown',
        rev: 'irreversible',
        targets: t,
      },
    ];
  }
  // Writing into /dev/null is nothing; replacing it (mv x /dev/null as root) breaks the system.
  if (/^\/dev\/(null|zero|stdout|stderr|tty|fd\/\d+|shm\/)/.test(w.resolved) && e.op !== 'move-over' && e.op !== 'link') return [];
  const lossy = e.op === 'overwrite' || e.op === 'truncate' || e.op === 'move-over' || e.op === 'link';
  switch (w.cls) {
    case 'root':
    case 'system':
    case 'system-sub':
      return [
        {
          rule: 'path.write-system',
          level: 'high',
          message: `${VERBS[e.op]} ${e.path} (${place}) by ${e.how}${sudo}`,
          cls: 'destructive',
          rev: lossy ? 'irreversible' : 'unknown',
          targets: t,
        },
      ];
    case 'home':
    case 'home-sub':
    case 'outside':
      return [
        {
          rule: 'path.write-outside',
          level: 'medium',
          message: `${VERBS[e.op]} ${e.path} by ${e.how}: ${place === describeClass('home') ? 'the home folder' : place}`,
          cls: 'broad-change',
          rev: lossy ? 'irreversible' : 'recoverable',
          targets: t,
        },
      ];
    case 'workspace':
    case 'cwd-all':
      if (e.op === 'truncate')
        return [
          {
            rule: 'path.truncate',
            level: 'medium',
            message: `Empties ${e.path}, discarding its contents`,
            cls: 'destructive',
            rev: 'irreversible',
            targets: t,
          },
        ];
      if (lossy && !contentKnown(e))
        return [{ rule: 'path.overwrite', level: 'low', message: `${VERBS[e.op]} ${e.path} by ${e.how}`, cls: 'targeted-patch', rev: 'unknown', targets: t }];
      return [];
    default:
      return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Deletes: grouped by where they land, one finding per place

function deleteFindings(list: { e: Effect; w: Where }[], env: JudgeEnv): FindingSpec[] {
  const groups = new Map<string, { cls: PathClass; items: Effect[] }>();
  for (const { e, w } of list) {
    let cls = w.cls;
    // `rm -rf .*` and `rm -rf *` at the working directory reach everything in it.
    if (e.glob && cls === 'workspace' && /^(\.\/)?\.?\*$/.test(e.path)) cls = 'cwd-all';
    // Packages and caches that tools recreate are regenerable wherever they are (another
    // project's node_modules, a .vite cache on another drive).
    if ((cls === 'outside' || cls === 'home-sub') && PACKAGE_CACHE.test(w.resolved)) cls = 'regenerable';
    if (e.filtered && cls === 'cwd-all') cls = 'workspace';
    const key = `${cls}|${e.how}|${e.recursive ? 1 : 0}|${e.find ? 1 : 0}|${e.noPreserve ? 1 : 0}`;
    const g = groups.get(key) ?? { cls, items: [] };
    g.items.push(e);
    groups.set(key, g);
  }
  const out: FindingSpec[] = [];
  for (const { cls, items } of groups.values()) out.push(deleteFinding(cls, items, env));
  return out;
}

function names(items: Effect[]): string {
  const list = items.map((e) => e.path);
  return list.length <= 3 ? list.join(', ') : `${list.slice(0, 3).join(', ')} and ${list.length - 3} more`;
}

function deleteFinding(cls: PathClass, items: Effect[], env: JudgeEnv): FindingSpec {
  const first = items[0]!;
  const recursive = Boolean(first.recursive);
  const rule = first.find ? 'path.find-delete' : recursive ? 'path.delete-recursive' : 'path.delete';
  const targets: Target[] = items.map((e) => ({ kind: 'path', name: e.path, op: 'delete' }));
  const what = names(items).replace(/(\S+)\/\(matches\)/g, 'the files find matches under $1');
  const place = describeClass(cls);
  const sudo = env.sudo ? ' with root privileges' : '';
  // `find … -exec rm {}` deletes every match in a tree walk: judged like find -delete; and
  // `rm ~/Documents/*` empties the whole folder, as deep as a recursive delete of it.
  const deep =
    recursive ||
    first.find ||
    items.some((e) => e.path.includes('/(matches)')) ||
    (cls !== 'workspace' && cls !== 'cwd-all' && items.some((e) => e.glob && /\/\.?\*$/.test(e.path)));
  const del = first.find ? `Deletes files found under ${what}` : `Deletes ${what}${recursive ? ' recursively' : ''}`;
  const spec = (level: Level, message: string, c: FindingSpec['cls'], rev: FindingSpec['rev'], r = rule): FindingSpec => ({
    rule: r,
    level,
    message,
    cls: c,
    rev,
    targets,
  });
  let s: FindingSpec;
  switch (cls) {
    case 'root':
    case 'home':
    case 'system':
      s =
        deep || first.noPreserve
          ? spec('critical', `${del} — ${place}${sudo}: an environment teardown`, 'environment-teardown', 'irreversible')
          : spec('high', `${del} — ${place}${sudo}`, 'destructive', 'irreversible');
      break;
    case 'system-sub':
    case 'home-sub':
    case 'outside':
      s = deep
        ? spec('high', `${del} — ${place}${sudo}; git cannot bring it back`, 'destructive', 'irreversible')
        : spec(cls === 'system-sub' ? 'high' : 'medium', `${del} — ${place}${sudo}`, 'destructive', 'irreversible');
      break;
    case 'unknown':
      s = deep
        ? spec('high', `${del} — ${place} (it could be anywhere, even /)`, 'destructive', 'unknown')
        : spec('medium', `${del} — ${place}`, 'destructive', 'unknown');
      break;
    case 'cwd-all':
      s = deep
        ? spec('high', `${del} — everything in the working directory`, 'destructive', 'unknown')
        : spec('medium', `${del} — every file in the working directory`, 'destructive', 'unknown');
      break;
    case 'workspace':
      if (deep && items.some((e) => /(^|\/)\.git\/?$/.test(e.path)))
        s = spec('high', `${del}: the git repository itself, with its history, branches and stashes`, 'destructive', 'irreversible');
      else if (deep) s = spec('medium', `${del}, inside the working directory`, 'destructive', 'unknown');
      else if (items.some((e) => e.glob)) s = spec('low', `${del} (files matching a pattern)`, 'targeted-patch', 'unknown');
      else s = spec('low', del, 'targeted-patch', 'unknown');
      break;
    case 'regenerable':
      s = spec('low', `${del}: build output or caches that can be regenerated`, 'targeted-patch', 'recoverable', 'path.delete-regenerable');
      break;
    case 'temp':
      s = spec('low', `${del} in a temporary folder`, 'targeted-patch', 'recoverable', 'path.delete-temp');
      break;
  }
  // Deleting as root reaches what the user could not: never waved through silently.
  if (env.sudo && s.level === 'low' && cls !== 'temp') s = { ...s, level: 'medium', message: `${s.message} (as root)` };
  return s;
}
