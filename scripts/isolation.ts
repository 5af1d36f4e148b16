// Keeps tests and the demo away from the user's real state. `isolatedEnv` gives every process we
// spawn its own HOME, XDG folders, temp folder, audit log, bridge, cache and review folders under
// one temp root; `userStateDigest` fingerprints the folders a run could otherwise touch (our state,
// cache, bridge and home folders, the agent hook settings the installer writes), so a runner can
// prove they are byte-identical before and after.
// Does not see: changes by other processes of the same user while a run is going (a real agent, an
// editor opening a window writes its own discovery file), files outside the listed places.
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_CONFIG } from '../src/cli/agent-config';

/** The variables every spawned process gets, all pointing inside one temp root. */
export const ISOLATED_VARS = [
  'HOME',
  'XDG_STATE_HOME',
  'XDG_CACHE_HOME',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
  'XDG_RUNTIME_DIR',
  'TMPDIR',
  'BLAST_RADIUS_AUDIT_LOG',
  'BLAST_RADIUS_BRIDGE_DIR',
  'BLAST_RADIUS_CACHE_DIR',
] as const;

export interface Isolation {
  /** The temp root; remove() deletes it. */
  root: string;
  env: Record<(typeof ISOLATED_VARS)[number], string>;
  remove(): void;
}

/** A fresh temp root with a home, XDG folders, a temp folder, an audit log path and a bridge folder. */
export interface IsolateOptions {
  /**
   * A git identity in the isolated HOME (`~/.gitconfig`), as a developer's machine has one: a
   * peer-review request must name who asks.
   */
  gitIdentity?: { name: string; email: string };
}

export function isolate(prefix: string, parentTmp = realTmpdir(), opts: IsolateOptions = {}): Isolation {
  const root = realpathSync(mkdtempSync(join(parentTmp, `br-${prefix}-`)));
  // Traversable, like /tmp: a test may probe its temp folders from an unprivileged process.
  chmodSync(root, 0o711);
  const dir = (...p: string[]): string => {
    const d = join(root, ...p);
    mkdirSync(d, { recursive: true, mode: 0o700 });
    return d;
  };
  const home = dir('home');
  const env = {
    HOME: home,
    XDG_STATE_HOME: dir('home', '.local', 'state'),
    XDG_CACHE_HOME: dir('home', '.cache'),
    XDG_CONFIG_HOME: dir('home', '.config'),
    XDG_DATA_HOME: dir('home', '.local', 'share'),
    XDG_RUNTIME_DIR: dir('run'),
    TMPDIR: sharedDir(join(root, 'tmp')),
    BLAST_RADIUS_AUDIT_LOG: join(dir('state'), 'audit.jsonl'),
    BLAST_RADIUS_BRIDGE_DIR: dir('bridge'),
    BLAST_RADIUS_CACHE_DIR: dir('cache'),
  };
  if (opts.gitIdentity) writeFileSync(join(home, '.gitconfig'), `[user]\n\tname = ${opts.gitIdentity.name}\n\temail = ${opts.gitIdentity.email}\n`);
  return { root, env, remove: () => rmSync(root, { recursive: true, force: true }) };
}

function sharedDir(d: string): string {
  mkdirSync(d, { recursive: true });
  chmodSync(d, 0o1777);
  return d;
}

/**
 * The temp folder of the machine, not of an isolated run: a run started inside another one (the
 * e2e suite starting the demo) still puts its root next to the others, so each removes its own.
 */
export function realTmpdir(env: NodeJS.ProcessEnv = process.env): string {
  return env.BR_REAL_TMPDIR ?? tmpdir();
}

/** The places a careless run would write as this user: what `userStateDigest` fingerprints. */
export function userStatePaths(env: NodeJS.ProcessEnv): string[] {
  const home = env.HOME || homedir();
  const state = env.XDG_STATE_HOME || join(home, '.local', 'state');
  const cache = env.XDG_CACHE_HOME || join(home, '.cache');
  const paths = [
    join(state, 'blast-radius'),
    join(cache, 'blast-radius'),
    join(home, '.blast-radius'),
    join(home, '.local', 'state', 'blast-radius'),
    join(home, '.cache', 'blast-radius'),
  ];
  if (env.XDG_RUNTIME_DIR) paths.push(join(env.XDG_RUNTIME_DIR, 'blast-radius'));
  for (const v of ['BLAST_RADIUS_AUDIT_LOG', 'BLAST_RADIUS_BRIDGE_DIR', 'BLAST_RADIUS_CACHE_DIR', 'BLAST_RADIUS_REVIEWS_DIR'] as const)
    if (env[v]) paths.push(env[v]);
  // The agents' user-level hook settings: an install test that forgot its HOME would land here.
  for (const cfg of Object.values(AGENT_CONFIG)) paths.push(cfg.file('user', '/nonexistent-project', home));
  return [...new Set(paths)].sort();
}

export interface StateDigest {
  digest: string;
  /** path → sha256 of (type, mode, content or link target); missing paths are absent. */
  entries: Record<string, string>;
}

const MAX_ENTRIES = 20_000;

/** sha256 over every file, folder and link under the user-state paths (sorted, contents included). */
export function userStateDigest(env: NodeJS.ProcessEnv = process.env): StateDigest {
  const entries: Record<string, string> = {};
  let n = 0;
  const visit = (p: string): void => {
    if (++n > MAX_ENTRIES) return;
    let st;
    try {
      st = lstatSync(p);
    } catch {
      return;
    }
    const h = createHash('sha256').update(`${st.mode}\0`);
    if (st.isSymbolicLink()) h.update(`link\0${readlinkSync(p)}`);
    else if (st.isFile()) {
      try {
        h.update('file\0').update(readFileSync(p));
      } catch {
        h.update('unreadable');
      }
    } else if (st.isDirectory()) {
      let names: string[] = [];
      try {
        names = readdirSync(p).sort();
      } catch {
        h.update('unreadable');
      }
      h.update(`dir\0${names.join('\0')}`);
      for (const name of names) visit(join(p, name));
    } else h.update('other');
    entries[p] = h.digest('hex');
  };
  for (const p of userStatePaths(env)) visit(p);
  const all = createHash('sha256');
  for (const k of Object.keys(entries).sort()) all.update(`${k}\0${entries[k]}\n`);
  return { digest: all.digest('hex'), entries };
}

/** What changed between two digests, one line per path ("added", "removed", "changed"). */
export function stateChanges(before: StateDigest, after: StateDigest): string[] {
  const out: string[] = [];
  for (const [p, h] of Object.entries(after.entries)) {
    if (!(p in before.entries)) out.push(`added ${p}`);
    else if (before.entries[p] !== h) out.push(`changed ${p}`);
  }
  for (const p of Object.keys(before.entries)) if (!(p in after.entries)) out.push(`removed ${p}`);
  return out.sort();
}

/** The real user's environment as it was before a test runner isolated this process. */
export function realUserEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (!env.BR_REAL_ENV) return env;
  let real: Record<string, string>;
  try {
    real = JSON.parse(env.BR_REAL_ENV) as Record<string, string>;
  } catch {
    return env;
  }
  const out: NodeJS.ProcessEnv = { ...env };
  for (const v of [...ISOLATED_VARS, 'BLAST_RADIUS_REVIEWS_DIR', 'BR_REAL_ENV', 'BR_REAL_TMPDIR']) delete out[v];
  return { ...out, ...real };
}

/** Remembers the real values of the isolated variables (for runs that must check the real state). */
export function rememberRealEnv(env: NodeJS.ProcessEnv = process.env): string {
  const real: Record<string, string> = {};
  for (const v of ISOLATED_VARS) if (env[v] !== undefined) real[v] = env[v]!;
  for (const v of ['BLAST_RADIUS_REVIEWS_DIR'] as const) if (env[v] !== undefined) real[v] = env[v]!;
  return JSON.stringify(real);
}
