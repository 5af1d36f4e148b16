// Where the bridge lives on disk: one per-user directory (0700) holding each editor window's
// discovery file (0600), and, off Linux, its socket. The directory's permissions keep other users
// from reading a discovery file (so they never learn a token) or reaching a socket file. On Linux
// the socket is abstract (no file): another user can connect to it but is refused without the
// token. Writing into this directory is writing a guard asset: the hook still checks who holds
// the socket before it asks (src/bridge/trust.ts).
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const BRIDGE_DIR_ENV = 'BLAST_RADIUS_BRIDGE_DIR';

/**
 * The discovery directory: `$BLAST_RADIUS_BRIDGE_DIR`, else `$XDG_RUNTIME_DIR/blast-radius`
 * (already per-user and 0700 on systemd machines), else `~/.blast-radius/run`.
 */
export function defaultBridgeDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env[BRIDGE_DIR_ENV]) return env[BRIDGE_DIR_ENV];
  if (env.XDG_RUNTIME_DIR && process.platform !== 'win32') return join(env.XDG_RUNTIME_DIR, 'blast-radius');
  return join(env.HOME || env.USERPROFILE || homedir(), '.blast-radius', 'run');
}

const isWindows = process.platform === 'win32';

/** Why a directory or file may not be trusted, or undefined when it is private to this user. */
export function privacyProblem(path: string, kind: 'dir' | 'file'): string | undefined {
  if (isWindows) return undefined; // ACLs of the profile directory protect it; modes mean nothing there.
  let st;
  try {
    st = lstatSync(path);
  } catch (err) {
    return `${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`;
  }
  if (kind === 'dir' && !st.isDirectory()) return `${path} is not a directory`;
  if (kind === 'file' && !st.isFile()) return `${path} is not a regular file`;
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) return `${path} belongs to uid ${st.uid}, not to this user (${uid})`;
  if (st.mode & 0o077) return `${path} is accessible to other users (mode ${(st.mode & 0o777).toString(8)})`;
  return undefined;
}

/**
 * Creates the directory 0700 (parents too) or tightens one of ours that is too open. Throws when
 * the directory belongs to someone else or is a symlink: a server must never listen there.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (isWindows) return;
  const st = lstatSync(dir);
  if (!st.isDirectory()) throw new Error(`${dir} is not a directory`);
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) throw new Error(`${dir} belongs to uid ${st.uid}, not to this user (${uid})`);
  if (st.mode & 0o077) chmodSync(dir, 0o700);
}

/**
 * The socket one server listens on. On Linux an abstract socket ("\0blast-radius-…"): it has no
 * file an agent could rename, link or replace, its name is unique in the network namespace, and
 * /proc/net/unix names the one socket bound to it, so the hook can tell which process it is
 * talking to (src/bridge/trust.ts). Elsewhere a socket file in the private directory (Unix paths
 * are limited to ~104 bytes) or a named pipe.
 */
export function socketPathFor(dir: string, id: string): string {
  if (isWindows) return `\\\\.\\pipe\\blast-radius-${id}`;
  if (process.platform === 'linux') return `\0blast-radius-${id}`;
  const p = join(dir, `${id}.sock`);
  if (Buffer.byteLength(p) > 103)
    throw new Error(`socket path too long for this OS (${Buffer.byteLength(p)} bytes): ${p}; set ${BRIDGE_DIR_ENV} to a shorter directory`);
  return p;
}

/** A Linux abstract socket name (no file behind it). */
export const isAbstractSocket = (p: string): boolean => p.startsWith('\0');

/** The socket as a person reads it ("@name" for an abstract one, as /proc/net/unix writes it). */
export const socketLabel = (p: string): string => (isAbstractSocket(p) ? `@${p.slice(1)}` : p);

export function discoveryPathFor(dir: string, id: string): string {
  return join(dir, `${id}.json`);
}
