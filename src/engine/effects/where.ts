// Where a path argument lands, judged by string logic only (no file system): the root, a home
// directory, a system folder, temp, the working directory as a whole, a regenerable build folder
// inside it, something else inside it, or outside it. Paths come as "shapes" (see words.ts):
// `${HOME}`, `${TMPDIR}` and `$(…)` stand for values only known at run time.
import { BoundedMemo } from '../memo';

export type PathClass = 'root' | 'home' | 'system' | 'system-sub' | 'home-sub' | 'temp' | 'cwd-all' | 'regenerable' | 'workspace' | 'outside' | 'unknown';

export const REGENERABLE = new Set([
  'node_modules',
  'dist',
  'build',
  'target',
  '.cache',
  '__pycache__',
  'out',
  '.next',
  '.nuxt',
  'coverage',
  '.pytest_cache',
  '.mypy_cache',
  '.ruff_cache',
  '.turbo',
  '.parcel-cache',
  '.gradle',
  '.venv',
  'venv',
  '.tox',
  '.eggs',
  '.svelte-kit',
  '.angular',
  'storybook-static',
  '.nyc_output',
  '.terraform',
  'tmp',
  '.tmp',
  '.sass-cache',
  'bower_components',
  '.dart_tool',
  '.expo',
  'DerivedData',
  'cmake-build-debug',
]);
/** Anything below these is regenerable too (`node_modules/x/dist`). */
const REGENERABLE_TREE = new Set(['node_modules', '__pycache__', '.cache', '.venv', '.terraform', '.gradle', '.next', '.pytest_cache']);

const SYSTEM_TOP = new Set([
  'etc',
  'usr',
  'bin',
  'sbin',
  'lib',
  'lib32',
  'lib64',
  'libx32',
  'boot',
  'var',
  'opt',
  'root',
  'sys',
  'proc',
  'dev',
  'srv',
  'System',
  'Library',
  'Applications',
  'private',
  'snap',
  'mnt',
  'media',
  'home',
  'Users',
  'Volumes',
  'nix',
  'windows',
  'program files',
  'program files (x86)',
  'programdata',
  'users',
]);
const HOME_PARENTS = new Set(['home', 'Users', 'users']);

/** The virtual root used when the action gives no working directory. */
export const VIRTUAL_WS = '/__workspace__';
export const HOME_MARK = '/__home__';

export interface Where {
  cls: PathClass;
  /** Absolute, normalised (markers for the workspace and home when unknown). */
  resolved: string;
}

/** Joins and normalises `.`/`..`; absolute in, absolute out. */
export function normalizeAbs(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return '/' + out.join('/');
}

/** Windows spellings to POSIX-like ones: `C:\Users\x` → `/c:/users/x`. */
export function fromWindows(p: string): string {
  let s = p;
  // The variables start with $ or %, a drive with its letter and a colon: most paths are neither.
  const c0 = s.charCodeAt(0);
  if (c0 === 36 || c0 === 37) {
    s = s.replace(/^\$env:(USERPROFILE|HOME)\b/i, '${HOME}').replace(/^%(USERPROFILE|HOMEPATH)%/i, '${HOME}');
    s = s.replace(/^\$env:(TEMP|TMP)\b/i, '/tmp').replace(/^%(TEMP|TMP)%/i, '/tmp');
  }
  if ((s.charCodeAt(1) === 58 && /^[A-Za-z]:(\\|\/|$)/.test(s)) || s.includes('\\')) {
    s = s.replace(/\\/g, '/');
    const m = /^([A-Za-z]):(\/.*)?$/.exec(s);
    if (m) {
      const rest = (m[2] ?? '/').toLowerCase();
      if (rest.startsWith('/windows/temp') || /^\/users\/[^/]+\/appdata\/local\/temp/.test(rest)) return '/tmp' + rest;
      return rest;
    }
  }
  return s;
}

/**
 * Classifications already made, by their inputs: a pure function of four strings, asked again for
 * the same paths (`.`, `~`, `/`, the same file in a pipeline) on most calls. Kept per context (the
 * directory, the working directory and the home folder, which rarely change within a process),
 * then by shape, so a lookup hashes the short shape, not a key joined from all four.
 */
const CONTEXTS = new BoundedMemo<BoundedMemo<Where>>(64);
let last: { cur: string | undefined; ws: string; home: string | undefined; memo: BoundedMemo<Where> } | undefined;

/** For benchmarks: start from nothing known, as a fresh hook process does. */
export function forgetClassifications(): void {
  CONTEXTS.clear();
  last = undefined;
}

/**
 * Classifies a path shape. `cur` is the directory it is relative to (undefined when a `cd` made it
 * unknown); `ws` is the working directory of the action (or VIRTUAL_WS); `home` from facts.
 */
export function classifyPath(shape: string, cur: string | undefined, ws: string, home?: string): Where {
  if (!last || last.cur !== cur || last.ws !== ws || last.home !== home) {
    const memo = CONTEXTS.get(`${cur ?? '\u0001'}\u0000${ws}\u0000${home ?? '\u0001'}`, () => new BoundedMemo<Where>());
    last = { cur, ws, home, memo };
  }
  return last.memo.get(shape, () => Object.freeze(classifyPathOnce(shape, cur, ws, home)));
}

function classifyPathOnce(shape: string, cur: string | undefined, ws: string, home?: string): Where {
  let s = fromWindows(shape.trim());
  if (s === '') return { cls: 'unknown', resolved: s };
  if (s === '~' || s.startsWith('~/')) s = '${HOME}' + s.slice(1);
  // Home and temp placeholders; anything else dynamic at the start makes the root unknown.
  if (/^\$\{HOME\}/.test(s)) s = (home ?? HOME_MARK) + s.slice(7);
  else if (/^\$\{HOME:[^}]*\}/.test(s)) s = '/home/__other__' + s.slice(s.indexOf('}') + 1);
  else if (/^\$\{(TMPDIR|TEMP|TMP)\}/.test(s)) s = '/tmp' + s.slice(s.indexOf('}') + 1);
  if (s.startsWith('$')) return { cls: 'unknown', resolved: s };
  let abs: string;
  if (s.startsWith('/')) abs = normalizeAbs(s);
  else {
    if (cur === undefined) return { cls: 'unknown', resolved: s };
    abs = normalizeAbs(cur + '/' + s);
  }
  const trailingGlob = /\/\.?\*$/.test(s) || s === '*' || s === '.*';
  const wsN = normalizeAbs(ws);
  // A path written as /tmp/… is temp even when the working directory is inside /tmp.
  if (s.startsWith('/') && abs !== wsN && classifyAbsolute(abs, home) === 'temp') return { cls: 'temp', resolved: abs };
  if (abs === wsN || abs.startsWith(wsN + '/')) {
    const rel = abs.slice(wsN.length + 1);
    if (rel === '' || (trailingGlob && !rel.includes('/') && (rel === '*' || rel === '.*'))) return { cls: 'cwd-all', resolved: abs };
    const segs = rel.split('/');
    const last = segs[segs.length - 1]!;
    if ((REGENERABLE.has(last) || segs.some((x) => REGENERABLE_TREE.has(x))) && !/[*?[]/.test(segs[0]!)) return { cls: 'regenerable', resolved: abs };
    if (/\.egg-info$/.test(last)) return { cls: 'regenerable', resolved: abs };
    return { cls: 'workspace', resolved: abs };
  }
  return { cls: classifyAbsolute(abs, home), resolved: abs };
}

function classifyAbsolute(abs: string, home?: string): PathClass {
  const segs = abs.split('/').filter(Boolean);
  if (segs.length === 0 || (segs.length === 1 && /^\.?\*$/.test(segs[0]!))) return 'root';
  const homeN = home ? normalizeAbs(home) : HOME_MARK;
  if (abs === homeN || abs === homeN + '/*' || abs === homeN + '/.*') return 'home';
  if (abs.startsWith(homeN + '/')) return 'home-sub';
  const top = segs[0]!;
  if (
    top === 'tmp' ||
    (top === 'var' && segs[1] === 'tmp') ||
    (top === 'private' && (segs[1] === 'tmp' || (segs[1] === 'var' && segs[2] === 'folders'))) ||
    (top === 'dev' && segs[1] === 'shm') ||
    (top === 'var' && segs[1] === 'folders')
  ) {
    return 'temp';
  }
  if (SYSTEM_TOP.has(top) || SYSTEM_TOP.has(top.toLowerCase())) {
    if (segs.length === 1 || (segs.length === 2 && /^\.?\*$/.test(segs[1]!))) return 'system';
    if (HOME_PARENTS.has(top) && (segs.length === 2 || (segs.length === 3 && /^\.?\*$/.test(segs[2]!)))) return 'home';
    if (HOME_PARENTS.has(top)) return 'home-sub';
    // Whole well-known trees one level down (/var/log, /usr/bin, /etc/ssl) are system folders too.
    if (segs.length === 2 && top !== 'mnt' && top !== 'media' && top !== 'opt' && top !== 'srv' && top !== 'Volumes') return 'system';
    return 'system-sub';
  }
  return 'outside';
}

export function describeClass(cls: PathClass): string {
  switch (cls) {
    case 'root':
      return 'the root of the file system';
    case 'home':
      return 'a home directory';
    case 'system':
      return 'a system folder';
    case 'system-sub':
      return 'a path inside a system folder';
    case 'home-sub':
      return 'a folder in the home directory, outside the working directory';
    case 'temp':
      return 'a temporary folder';
    case 'cwd-all':
      return 'the whole working directory';
    case 'regenerable':
      return 'regenerable build output inside the working directory';
    case 'workspace':
      return 'a path inside the working directory';
    case 'outside':
      return 'a path outside the working directory';
    case 'unknown':
      return 'a path only known at run time';
  }
}
