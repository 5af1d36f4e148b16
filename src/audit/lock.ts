// The audit log's writer lock: an exclusive lock file (`open(…, 'wx')`) holding `pid host time`.
// A writer waits for it at most its budget (the hook passes what is left of its deadline), then
// keeps its entry in the spool instead (see index.ts): contention never delays an answer and never
// loses a line. A lock is taken over when its holder is gone (same host, pid not running), stopped
// (SIGSTOP: /proc state T), it is foreign (not in our format), or it has existed longer than
// LOCK_STALE_MS — measured from the lock file's birth time, which its holder cannot move by
// rewriting the file, so a squatter that keeps its lock "fresh" is still found out.
//
// What it does not catch: a squatter that re-creates the lock file faster than LOCK_STALE_MS; the
// writers then spool (nothing is lost) and `audit verify` names the holder.
import { closeSync, fstatSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * A lock older than this (by its file's birth time) is taken over even when its holder still runs.
 * Long on purpose: nobody waits for it (writers spool after their budget), and a takeover while a
 * holder that was only starved of CPU still writes would fork the chain (seen at 500 hooks on 2
 * cores with 10 s).
 */
export const LOCK_STALE_MS = 60_000;
/** An empty lock is a holder between open and write; only this old is it abandoned. */
const EMPTY_STALE_MS = 10_000;
/** After waiting this long a writer asks for the next turn (the `.want` file). */
const WANT_AFTER_MS = 20;
const WANT_STALE_MS = 2000;

export interface Lock {
  path: string;
  ino: number;
  /**
   * Open while the lock is held: an inode stays allocated while a descriptor is open, so no other
   * lock file can get this inode number and the checks by inode (stillHeld, releaseLock) are sound.
   */
  fd: number;
}

export interface LockHolder {
  pid?: number;
  host?: string;
  /** Milliseconds since the lock file was created. */
  ageMs: number;
  /** The holder's command line, when it runs on this host and /proc shows it. */
  command?: string;
  state: 'running' | 'dead' | 'stopped' | 'foreign' | 'unknown';
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
export function sleepSync(ms: number): void {
  if (ms > 0) Atomics.wait(sleepCell, 0, 0, ms);
}

export interface AcquireResult {
  lock?: Lock;
  /** The lock's holder when we gave up, and whether one holder held it through the whole wait. */
  holder?: LockHolder;
  sameHolderThroughout?: boolean;
}

/** Takes the lock within `timeoutMs` (0: one try). Throws only on I/O errors other than EEXIST. */
export function acquireLock(path: string, timeoutMs: number): AcquireResult {
  const started = Date.now();
  const want = `${path}.want`;
  // Polling alone lets a busy writer that re-takes the lock at once starve a waiter. A writer that
  // has waited WANT_AFTER_MS claims the `.want` file; while it is there, the others do not even try
  // the lock, so the one that asked goes next.
  let wanting: string | undefined;
  let delay = 1;
  let firstIno: number | undefined;
  let same = true;
  try {
    for (;;) {
      if (wanting || !someoneElseWants(want)) {
        try {
          const fd = openSync(path, 'wx', 0o600);
          try {
            writeSync(fd, `${process.pid} ${hostname()} ${Date.now()}\n`);
            return { lock: { path, ino: fstatSync(fd).ino, fd } };
          } catch (err) {
            closeSync(fd);
            throw err;
          }
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        }
        if (breakStaleLock(path)) continue;
      }
      try {
        const ino = statSync(path).ino;
        if (firstIno === undefined) firstIno = ino;
        else if (ino !== firstIno) same = false;
      } catch {
        same = false;
      }
      if (Date.now() - started >= timeoutMs) return { holder: lockHolder(path), sameHolderThroughout: same && firstIno !== undefined };
      if (!wanting && Date.now() - started > WANT_AFTER_MS) wanting = claimWant(want);
      sleepSync(Math.min(wanting ? 0.2 : delay + Math.random() * delay, Math.max(0, timeoutMs - (Date.now() - started))));
      delay = Math.min(delay * 2, 4);
    }
  } finally {
    if (wanting) removeIfMine(want, wanting);
  }
}

export function releaseLock(lock: Lock): void {
  try {
    // Only remove it when it is still ours (a takeover after LOCK_STALE_MS replaced it).
    if (statSync(lock.path).ino === lock.ino) unlinkSync(lock.path);
  } catch {
    /* already gone */
  } finally {
    try {
      closeSync(lock.fd);
    } catch {
      /* closed */
    }
  }
}

/** Is the lock still ours (not taken over)? Checked right before writing. */
export function stillHeld(lock: Lock): boolean {
  try {
    return statSync(lock.path).ino === lock.ino;
  } catch {
    return false;
  }
}

function claimWant(want: string): string | undefined {
  const me = `${process.pid} ${hostname()} ${Date.now()}\n`;
  try {
    const fd = openSync(want, 'wx', 0o600);
    try {
      writeSync(fd, me);
    } finally {
      closeSync(fd);
    }
    return me;
  } catch {
    return undefined;
  }
}

/** A live, recent `.want` from another process; a dead or old one is removed. */
function someoneElseWants(want: string): boolean {
  let text: string;
  try {
    text = readFileSync(want, 'utf8');
  } catch {
    return false;
  }
  if (!text) return true; // its owner is between open and write
  const [pidText, host, timeText] = text.trim().split(' ');
  const pid = Number(pidText);
  const stale =
    !(Date.now() - Number(timeText) <= WANT_STALE_MS) || (host === hostname() && Number.isInteger(pid) && pid > 0 && processState(pid) !== 'running');
  if (!stale) return true;
  removeIfMine(want, text);
  return false;
}

function removeIfMine(file: string, content: string): void {
  try {
    if (readFileSync(file, 'utf8') === content) unlinkSync(file);
  } catch {
    /* gone */
  }
}

/** running, dead, or stopped (SIGSTOP / traced): a stopped holder never releases. */
export function processState(pid: number): 'running' | 'dead' | 'stopped' {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return 'dead';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'T' || state === 't') return 'stopped';
    if (state === 'Z' || state === 'X') return 'dead';
  } catch {
    /* no /proc (not Linux): alive as far as we can tell */
  }
  return 'running';
}

function commandOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ').slice(0, 200) || undefined;
  } catch {
    return undefined;
  }
}

/** Who holds the lock, for the person and for `audit verify`. */
export function lockHolder(path: string): LockHolder | undefined {
  let text: string;
  let ageMs: number;
  try {
    const st = statSync(path);
    ageMs = Date.now() - (st.birthtimeMs || st.mtimeMs);
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const m = /^(\d+) (\S+) (\d+)\n?$/.exec(text);
  if (!m) return { ageMs, state: text ? 'foreign' : 'unknown' };
  const pid = Number(m[1]);
  const host = m[2]!;
  if (host !== hostname()) return { pid, host, ageMs, state: 'unknown' };
  const state = processState(pid);
  const command = commandOf(pid);
  return { pid, host, ageMs, state, ...(command ? { command } : {}) };
}

export function describeHolder(h: LockHolder | undefined): string {
  if (!h) return 'nobody (it was released)';
  const who =
    h.pid !== undefined
      ? `pid ${h.pid}${h.host && h.host !== hostname() ? ` on ${h.host}` : ''}${h.command ? ` (${h.command})` : ''}`
      : 'a file not written by Blast Radius';
  const state = h.state === 'stopped' ? ', stopped' : h.state === 'dead' ? ', no longer running' : h.state === 'foreign' ? ', foreign' : '';
  return `${who}${state}, for ${(h.ageMs / 1000).toFixed(1)} s`;
}

/** A breaker's turn (`.break`) older than this belongs to a breaker that died in its few microseconds. */
const BREAK_STALE_MS = 2000;

/**
 * Removes the lock when its holder is gone or stopped, it is foreign, or it is older than
 * LOCK_STALE_MS. Safe against the races of a storm of writers (500 hooks at once on 2 cores):
 *  - one breaker at a time (`.break`, taken with O_EXCL), so two cannot remove a lock and the one
 *    a third writer took in between;
 *  - the lock judged stale is pinned by a second name before anything is removed: while that name
 *    exists its inode cannot be reused, so "the file at the path is still the one judged" is a sound
 *    check by inode and content (without the pin, a lock released and re-taken in between can get
 *    the same inode number, and a live lock was removed: the chain forked once in 10 storms).
 * What remains: a holder alive past LOCK_STALE_MS that releases in the microseconds between the
 * last check and the unlink, while another writer takes the lock; its writer then fails stillHeld
 * and spools (nothing is lost, nothing forks).
 */
function breakStaleLock(path: string): boolean {
  let ino: number;
  let bornMs: number;
  let text: string;
  try {
    const st = statSync(path);
    ino = st.ino;
    bornMs = st.birthtimeMs || st.mtimeMs;
    text = readFileSync(path, 'utf8');
  } catch {
    return true; // gone meanwhile: try again at once
  }
  const age = Date.now() - bornMs;
  let stale = age > LOCK_STALE_MS;
  const m = /^(\d+) (\S+) (\d+)\n?$/.exec(text);
  if (!stale && m && m[2] === hostname()) stale = processState(Number(m[1])) !== 'running';
  // Not our format. Empty, or a line without its newline, is a holder between open and the end of
  // its one write (a reader on a loaded machine can see part of it: 60 hooks at once on 2 cores
  // did); only EMPTY_STALE_MS later is it abandoned. A whole line in another format is foreign.
  if (!stale && !m && (age > EMPTY_STALE_MS || (text.endsWith('\n') && text.trim() !== ''))) stale = true;
  if (!stale) return false;

  const turn = `${path}.break`;
  let turnFd: number;
  try {
    turnFd = openSync(turn, 'wx', 0o600);
  } catch {
    // Another breaker is at it; a turn left by one that died is cleared for the next try.
    try {
      const st = statSync(turn);
      if (Date.now() - st.mtimeMs > BREAK_STALE_MS) unlinkSync(turn);
    } catch {
      /* gone */
    }
    return false;
  }
  const pin = `${path}.stale.${process.pid}`;
  try {
    try {
      unlinkSync(pin);
    } catch {
      /* none left over */
    }
    try {
      linkSync(path, pin);
    } catch {
      return true; // the lock is gone meanwhile: try again at once
    }
    // The pinned file must be the lock judged (same inode, same line), and still be at the path.
    let same: boolean;
    try {
      same = statSync(pin).ino === ino && readFileSync(pin, 'utf8') === text && statSync(path).ino === ino;
    } catch {
      same = false;
    }
    if (!same) return false;
    unlinkSync(path);
    return true;
  } catch {
    return false;
  } finally {
    try {
      unlinkSync(pin);
    } catch {
      /* not made */
    }
    closeSync(turnFd);
    try {
      unlinkSync(turn);
    } catch {
      /* gone */
    }
  }
}
