// Paths as the shell would see them: `~`, `$VAR`/`${VAR}` from the given environment, globs and
// relative paths against the cwd; then where each really points (symlinks resolved, root, a home,
// a system folder, a mount point) and how much lies under it (a walk bounded by the budget).
// Does not catch: brace expansion, `~user`, command substitution, globstar, or anything the
// filesystem changes between this look and the command running.
import { lstatSync, opendirSync, readdirSync, readlinkSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { dirname, join, parse, resolve, sep } from 'node:path';
import type { Budget } from './budget';

export interface Expanded {
  /** Absolute paths after expansion (a glob may give several, or none). */
  paths: string[];
  /** The absolute pattern when the input was a glob. */
  pattern?: string;
  isGlob: boolean;
  unset: string[];
}

const GLOB_CHARS = /[*?[]/;

/** Expands one path word as a POSIX shell would (quotes, `~`, variables, globs); never throws. */
export function expandPath(word: string, cwd: string, env: NodeJS.ProcessEnv, home: string, budget: Budget): Expanded {
  const unset: string[] = [];
  let text = word;
  let quoted: '"' | "'" | undefined;
  if (text.length >= 2 && (text[0] === '"' || text[0] === "'") && text.at(-1) === text[0]) {
    quoted = text[0];
    text = text.slice(1, -1);
  }
  if (quoted !== "'") {
    if (!quoted && (text === '~' || text.startsWith('~/'))) text = home + text.slice(1);
    text = text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, a: string | undefined, b: string | undefined) => {
      const name = (a ?? b)!;
      const v = name === 'HOME' ? (env.HOME ?? home) : env[name];
      if (v === undefined || v === '') {
        if (!unset.includes(name)) unset.push(name);
        return '';
      }
      return v;
    });
  }
  if (text === '') text = '.';
  const abs = resolve(cwd, text);
  const isGlob = !quoted && GLOB_CHARS.test(text);
  if (!isGlob) return { paths: [keepTrailingSlash(abs, text)], isGlob, unset };
  return { paths: expandGlob(abs, budget), pattern: abs, isGlob, unset };
}

function keepTrailingSlash(abs: string, text: string): string {
  return text.endsWith('/') && abs !== parse(abs).root ? `${abs}/` : abs;
}

/** Segment-wise glob expansion (`*`, `?`, `[…]`; leading dots need a literal dot), sorted. */
export function expandGlob(absPattern: string, budget: Budget): string[] {
  const root = parse(absPattern).root;
  const segments = absPattern
    .slice(root.length)
    .split(/[\\/]+/)
    .filter(Boolean);
  let bases = [root];
  for (const seg of segments) {
    const next: string[] = [];
    if (!GLOB_CHARS.test(seg)) {
      for (const b of bases) next.push(join(b, seg));
    } else {
      const re = segmentRegExp(seg);
      for (const b of bases) {
        if (budget.expired()) break;
        let names: string[];
        try {
          names = readdirSync(b);
        } catch {
          continue;
        }
        budget.take(names.length);
        for (const n of names.sort()) if (re.test(n)) next.push(join(b, n));
      }
    }
    bases = next;
    if (!bases.length) break;
  }
  return bases.filter((p) => {
    try {
      lstatSync(p);
      return true;
    } catch {
      return false;
    }
  });
}

function segmentRegExp(seg: string): RegExp {
  let src = seg.startsWith('.') ? '' : '(?!\\.)';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '*') src += '.*';
    else if (c === '?') src += '.';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 2);
      if (end < 0) src += '\\[';
      else {
        let body = seg.slice(i + 1, end);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        src += `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else src += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  try {
    return new RegExp(`^${src}$`, 's');
  } catch {
    return /^$/;
  }
}

export interface Resolved {
  /** Absolute, symlinks resolved (the final component too). */
  real: string;
  exists: boolean;
  type: 'file' | 'dir' | 'symlink' | 'other' | 'missing';
  /** The first symlink on the way (the path itself or a parent) and where it leads. */
  symlink?: { at: string; to: string };
  loop?: boolean;
}

/** Resolves one absolute path; a dangling link or loop is reported, not thrown. */
export function resolveReal(abs: string): Resolved {
  const trailing = abs.length > 1 && abs.endsWith('/');
  const p = trailing ? abs.slice(0, -1) : abs;
  let lst: Stats | undefined;
  try {
    lst = lstatSync(p);
  } catch {
    lst = undefined;
  }
  // The parent's real path shows a symlinked folder on the way.
  let parentReal: string;
  try {
    parentReal = realpathSync(dirname(p));
  } catch {
    parentReal = dirname(p);
  }
  const viaParent = parentReal !== dirname(p) ? { at: firstLinkOnWay(dirname(p)), to: parentReal } : undefined;
  if (!lst) return { real: join(parentReal, baseOf(p)), exists: false, type: 'missing', ...(viaParent ? { symlink: viaParent } : {}) };
  if (lst.isSymbolicLink()) {
    let to: string;
    try {
      to = realpathSync(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      let raw = '';
      try {
        raw = readlinkSync(p);
      } catch {
        /* unreadable link */
      }
      const target = raw ? resolve(parentReal, raw) : join(parentReal, baseOf(p));
      return { real: target, exists: true, type: 'symlink', symlink: { at: p, to: target }, ...(code === 'ELOOP' ? { loop: true } : {}) };
    }
    let t: Resolved['type'] = 'other';
    try {
      const st = statSync(p);
      t = st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
    } catch {
      /* vanished */
    }
    // A link to a folder: `rm -rf link/` and tools that follow it reach the folder's contents.
    return { real: to, exists: true, type: trailing ? t : 'symlink', symlink: { at: p, to } };
  }
  const type = lst.isDirectory() ? 'dir' : lst.isFile() ? 'file' : 'other';
  return { real: join(parentReal, baseOf(p)), exists: true, type, ...(viaParent ? { symlink: viaParent } : {}) };
}

function baseOf(p: string): string {
  const b = parse(p).base;
  return b || '';
}

function firstLinkOnWay(dir: string): string {
  const parts = dir.split(sep);
  let cur = parts[0] === '' ? sep : parts[0]!;
  for (let i = 1; i < parts.length; i++) {
    if (!parts[i]) continue;
    cur = join(cur, parts[i]!);
    try {
      if (lstatSync(cur).isSymbolicLink()) return cur;
    } catch {
      return cur;
    }
  }
  return dir;
}

const SYSTEM_DIRS = [
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/opt',
  '/proc',
  '/sbin',
  '/srv',
  '/sys',
  '/usr',
  '/var',
  '/System',
  '/Library',
  '/Applications',
  '/private/etc',
  '/private/var',
];
const NOT_SYSTEM = ['/tmp', '/var/tmp', '/private/tmp', '/var/folders', '/private/var/folders'];

export function isUnder(path: string, dir: string): boolean {
  if (path === dir) return true;
  const d = dir.endsWith(sep) ? dir : dir + sep;
  return path.startsWith(d);
}

/** Root, a home directory (any user's), a system folder, or a mount point. */
export function specialOf(real: string, home: string, homes: readonly string[] = []): 'root' | 'home' | 'system' | 'mount' | undefined {
  const p = real.length > 1 && real.endsWith(sep) ? real.slice(0, -1) : real;
  if (p === parse(p).root) return 'root';
  if (p === home || homes.includes(p) || /^\/(home|Users)\/[^/]+$/.test(p) || p === '/root' || p === '/home' || p === '/Users') return 'home';
  if (!NOT_SYSTEM.some((d) => isUnder(p, d)) && SYSTEM_DIRS.some((d) => isUnder(p, d))) return 'system';
  try {
    const st = statSync(p);
    const up = statSync(dirname(p));
    if (st.isDirectory() && st.dev !== up.dev) return 'mount';
  } catch {
    /* missing or unreadable: not a mount we can see */
  }
  return undefined;
}

export interface WalkFile {
  /** Absolute path. */
  path: string;
  size: number;
}

export interface WalkResult {
  files: number;
  dirs: number;
  bytes: number;
  atLeast: boolean;
  unreadable: number;
  /** Every file seen (for git classification), up to the budget. */
  list?: WalkFile[];
}

/**
 * Counts files, folders and bytes under `root` without following symlinks (as `rm -r` does not).
 * Stops at the deadline or the entry budget and then says `atLeast`. Never throws.
 */
export function walk(root: string, budget: Budget, opts: { keepList?: boolean } = {}): WalkResult {
  const res: WalkResult = { files: 0, dirs: 0, bytes: 0, atLeast: false, unreadable: 0, ...(opts.keepList ? { list: [] } : {}) };
  let st: Stats;
  try {
    st = lstatSync(root);
  } catch {
    return res;
  }
  if (!st.isDirectory()) {
    res.files = 1;
    res.bytes = st.size;
    res.list?.push({ path: root, size: st.size });
    budget.take();
    return res;
  }
  res.dirs = 1;
  const stack = [root];
  let tick = 0;
  while (stack.length) {
    const dir = stack.pop()!;
    let handle;
    try {
      handle = opendirSync(dir, { bufferSize: 256 });
    } catch {
      res.unreadable++;
      continue;
    }
    try {
      for (;;) {
        let ent: Dirent | null;
        try {
          ent = handle.readSync();
        } catch {
          res.unreadable++;
          break;
        }
        if (!ent) break;
        if ((++tick & 31) === 0 && budget.expired()) {
          res.atLeast = true;
          return res;
        }
        if (!budget.take()) {
          res.atLeast = true;
          return res;
        }
        const p = join(dir, ent.name);
        if (ent.isDirectory()) {
          res.dirs++;
          stack.push(p);
        } else {
          let size = 0;
          if (ent.isFile()) {
            try {
              size = lstatSync(p).size;
            } catch {
              /* vanished */
            }
          }
          res.files++;
          res.bytes += size;
          res.list?.push({ path: p, size });
        }
      }
    } finally {
      try {
        handle.closeSync();
      } catch {
        /* already closed */
      }
    }
  }
  return res;
}
