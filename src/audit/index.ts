// Tamper-evident audit log: one JSON line per decision, hash-chained. Each line carries `seq`
// (1, 2, 3…), `prev` (sha256 of the previous line's exact text; GENESIS for the first) and, as
// its last field, `hash` (sha256 of the line's text without the hash field). A `.head` file next
// to the log remembers the last seq and hash, so removing lines from the end is caught too.
//
// Appends are serialised across processes by an exclusive lock file (`open(…, 'wx')`) held
// around read-last-line + append + fsync; a lock left by a dead process, or older than
// LOCK_STALE_MS, is taken over. `recordDecision` runs on the hook's path: synchronous, no zod,
// no engine load, and it never throws.
//
// What it does not catch: someone who rewrites the whole chain *and* the head file consistently
// (the log is tamper-evident, not tamper-proof; ship it elsewhere for that).
import { createHash } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { homedir, hostname } from 'node:os';
import { dirname, join } from 'node:path';
import type { Level } from '../engine';

export type AuditDecision = 'allow' | 'deny' | 'ask' | 'approval-used' | 'approval-refused';

export interface AuditEntry {
  /** ISO time, set by recordDecision. */
  time: string;
  agent: string;
  digest: string;
  summary: string;
  level: Level | 'unknown';
  decision: AuditDecision;
  /** Who decided: the person at the editor, the policy (no editor), a reviewer, or an error (fail closed). */
  decidedBy: { type: 'person' | 'policy' | 'reviewer' | 'error'; name?: string };
  kind?: string;
  reason?: string;
  cwd?: string;
  /** The review request an approval belongs to. */
  requestId?: string;
}

/** A line as stored: the entry plus the chain fields. */
export interface AuditRecord extends AuditEntry {
  v: 1;
  seq: number;
  prev: string;
  hash: string;
}

export interface RecordOptions {
  /** Log file; default: the user's audit log (see defaultAuditFile). */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Give up on the lock after this long (default 10 s); the decision itself is unaffected. */
  lockTimeoutMs?: number;
  /** Tests only: stay this long between reading the last line and appending, to widen any race. */
  holdMs?: number;
}

/** `prev` of the first line. */
export const GENESIS = '0'.repeat(64);
/** A lock older than this is taken over even when its holder still runs (a stopped process). */
export const LOCK_STALE_MS = 10_000;
const MAX_FIELD = 2000;
/** The head record's fixed size (seq up to 16 digits + hash fit). */
const HEAD_SIZE = 128;
const HASH_SUFFIX = /,"hash":"([0-9a-f]{64})"\}$/;

/** `$BLAST_RADIUS_AUDIT_LOG`, else `$XDG_STATE_HOME/blast-radius/audit.jsonl`, else `~/.local/state/blast-radius/audit.jsonl`. */
export function defaultAuditFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BLAST_RADIUS_AUDIT_LOG) return env.BLAST_RADIUS_AUDIT_LOG;
  const state = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(state, 'blast-radius', 'audit.jsonl');
}

export const headFileOf = (file: string): string => `${file}.head`;
const lockFileOf = (file: string): string => `${file}.lock`;

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Appends one decision. Never throws; returns false when the line could not be written. */
export function recordDecision(entry: Omit<AuditEntry, 'time'>, opts: RecordOptions = {}): boolean {
  try {
    return appendRecord(entry, opts) !== undefined;
  } catch {
    return false;
  }
}

/** Like recordDecision but returns the stored record (undefined when the lock could not be had). Throws on I/O errors. */
export function appendRecord(entry: Omit<AuditEntry, 'time'>, opts: RecordOptions = {}): AuditRecord | undefined {
  const file = opts.file ?? defaultAuditFile(opts.env);
  mkdirSync(dirname(file), { recursive: true });
  const lock = acquireLock(lockFileOf(file), opts.lockTimeoutMs ?? 10_000);
  if (!lock) return undefined;
  try {
    const fd = openSync(file, 'a+', 0o600);
    try {
      const tail = readTail(fd);
      if (opts.holdMs) sleepSync(opts.holdMs);
      const seq = tail.seq + 1;
      // Field order is fixed here; verify recomputes the hash from the text, not from a re-serialisation.
      const body: Omit<AuditRecord, 'hash'> = {
        v: 1,
        seq,
        time: new Date().toISOString(),
        agent: clip(entry.agent),
        digest: clip(entry.digest),
        summary: clip(entry.summary),
        level: entry.level,
        decision: entry.decision,
        decidedBy: entry.decidedBy.name === undefined ? { type: entry.decidedBy.type } : { type: entry.decidedBy.type, name: clip(entry.decidedBy.name) },
        ...(entry.kind !== undefined ? { kind: clip(entry.kind) } : {}),
        ...(entry.reason !== undefined ? { reason: clip(entry.reason) } : {}),
        ...(entry.cwd !== undefined ? { cwd: clip(entry.cwd) } : {}),
        ...(entry.requestId !== undefined ? { requestId: clip(entry.requestId) } : {}),
        prev: tail.hashOfLast,
      };
      const text = JSON.stringify(body);
      const hash = sha256(text);
      const line = `${text.slice(0, -1)},"hash":"${hash}"}`;
      // A crashed writer may have left a line without its newline: keep it (verify reports it) and start a new line.
      writeSync(fd, `${tail.needsNewline ? '\n' : ''}${line}\n`);
      fsyncSync(fd);
      writeHead(file, seq, sha256(line));
      return { ...body, hash } as AuditRecord;
    } finally {
      closeSync(fd);
    }
  } finally {
    releaseLock(lock);
  }
}

function clip(s: string): string {
  return s.length > MAX_FIELD ? `${s.slice(0, MAX_FIELD - 1)}…` : s;
}

interface Tail {
  seq: number;
  /** sha256 of the last line's text (GENESIS for an empty log). */
  hashOfLast: string;
  needsNewline: boolean;
}

/** Reads the last line from the end of the file, growing the window until it holds a whole line. */
function readTail(fd: number): Tail {
  const size = fstatSync(fd).size;
  if (size === 0) return { seq: 0, hashOfLast: GENESIS, needsNewline: false };
  let window = 4096;
  for (;;) {
    const len = Math.min(size, window);
    const buf = Buffer.alloc(len);
    readSync(fd, buf, 0, len, size - len);
    const text = buf.toString('utf8');
    const needsNewline = !text.endsWith('\n');
    const body = needsNewline ? text : text.slice(0, -1);
    const nl = body.lastIndexOf('\n');
    if (nl >= 0 || len === size) {
      const last = body.slice(nl + 1);
      return { seq: seqOf(last) ?? countLines(fd, size), hashOfLast: sha256(last), needsNewline };
    }
    window *= 4;
  }
}

function seqOf(line: string): number | undefined {
  const m = /^\{"v":1,"seq":(\d+),/.exec(line);
  return m ? Number(m[1]) : undefined;
}

/** The last line is damaged: number the next one by its position instead. */
function countLines(fd: number, size: number): number {
  const buf = Buffer.alloc(size);
  readSync(fd, buf, 0, size, 0);
  let n = 0;
  for (const b of buf) if (b === 10) n++;
  return buf[size - 1] === 10 ? n : n + 1;
}

/** Overwrites the head in place: one fixed-size write at offset 0 (a rename costs a millisecond on some disks). */
function writeHead(file: string, seq: number, lineHash: string): void {
  const fd = openSync(headFileOf(file), constants.O_RDWR | constants.O_CREAT, 0o600);
  try {
    writeSync(fd, `${JSON.stringify({ seq, hash: lineHash })}`.padEnd(HEAD_SIZE - 1, ' ') + '\n', 0);
  } finally {
    closeSync(fd);
  }
}

// ---------------------------------------------------------------------------------------------
// The lock

interface Lock {
  path: string;
  ino: number;
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

/** After waiting this long a writer asks for the next turn (the `.want` file); see acquireLock. */
const WANT_AFTER_MS = 20;
const WANT_STALE_MS = 2000;

function acquireLock(path: string, timeoutMs: number): Lock | undefined {
  const started = Date.now();
  const want = `${path}.want`;
  // Polling alone lets a busy writer that re-takes the lock at once starve a waiter. A writer that
  // has waited WANT_AFTER_MS claims the `.want` file; while it is there, the others do not even try
  // the lock, so the one that asked goes next.
  let wanting: string | undefined; // the content of our `.want`, while we hold it
  let delay = 1;
  try {
    for (;;) {
      if (wanting || !someoneElseWants(want)) {
        try {
          const fd = openSync(path, 'wx', 0o600);
          try {
            // The time is the moment of taking it: staleness is measured from here, not from when we started waiting.
            writeSync(fd, `${process.pid} ${hostname()} ${Date.now()}\n`);
            return { path, ino: fstatSync(fd).ino };
          } finally {
            closeSync(fd);
          }
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        }
        if (breakStaleLock(path)) continue;
      }
      if (Date.now() - started > timeoutMs) return undefined;
      if (!wanting && Date.now() - started > WANT_AFTER_MS) wanting = claimWant(want);
      // A short cap: holders keep the lock for a few ms; the writer whose turn is next polls closely.
      sleepSync(wanting ? 0.2 : delay + Math.random() * delay);
      delay = Math.min(delay * 2, 4);
    }
  } finally {
    if (wanting) removeIfMine(want, wanting);
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
  const [pidText, host, timeText] = text.trim().split(' ');
  const pid = Number(pidText);
  if (!text) return true; // its owner is between open and write
  const stale = Date.now() - Number(timeText) > WANT_STALE_MS || (host === hostname() && Number.isInteger(pid) && pid > 0 && !isRunning(pid));
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

/** Removes the lock when its holder is gone (same host, pid not running) or it is older than LOCK_STALE_MS. */
function breakStaleLock(path: string): boolean {
  let text: string;
  let ino: number;
  let mtimeMs: number;
  try {
    const st = statSync(path);
    ino = st.ino;
    mtimeMs = st.mtimeMs;
    text = readFileSync(path, 'utf8');
  } catch {
    return true; // gone meanwhile: try again at once
  }
  const [pidText, host, timeText] = text.trim().split(' ');
  const pid = Number(pidText);
  const since = Number(timeText) || mtimeMs;
  let stale = Date.now() - since > LOCK_STALE_MS;
  if (!stale && host === hostname() && Number.isInteger(pid) && pid > 0) stale = !isRunning(pid);
  // An empty lock file is a holder between open and write: give it the benefit of the doubt until it ages.
  if (!stale || (!text && Date.now() - mtimeMs < LOCK_STALE_MS)) return false;
  // Move it aside rather than unlink, then make sure what we moved is the stale one we judged.
  const aside = `${path}.stale.${process.pid}`;
  try {
    renameSync(path, aside);
  } catch {
    return true;
  }
  try {
    if (statSync(aside).ino !== ino) {
      // A fresh lock was taken between our look and the rename: put it back if the place is free.
      try {
        renameSync(aside, path);
      } catch {
        /* nothing more to do */
      }
      return false;
    }
    unlinkSync(aside);
  } catch {
    /* best effort */
  }
  return true;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseLock(lock: Lock): void {
  try {
    // Only remove it when it is still ours (a takeover after LOCK_STALE_MS replaced it).
    if (statSync(lock.path).ino === lock.ino) unlinkSync(lock.path);
  } catch {
    /* already gone */
  }
}

// ---------------------------------------------------------------------------------------------
// Verify and read

export type VerifyResult =
  | { ok: true; count: number; lastHash: string; headChecked: boolean }
  | { ok: false; count: number; line: number; problem: 'edited' | 'removed' | 'reordered' | 'truncated' | 'invalid' | 'missing'; message: string };

/** Recomputes the chain; names the first line that was changed, removed, reordered or truncated. */
export function verifyAuditLog(file: string): VerifyResult {
  // The head first: the log is written before the head, so a log read after it is never behind it.
  const head = readHead(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      if (head && head.seq > 0) return { ok: false, count: 0, line: 1, problem: 'missing', message: `line 1: the log is missing, but its head file records ${head.seq} entries` };
      return { ok: true, count: 0, lastHash: GENESIS, headChecked: false };
    }
    throw err;
  }
  return verifyAuditText(text, head);
}

export function readHead(file: string): { seq: number; hash: string } | undefined {
  try {
    const h = JSON.parse(readFileSync(headFileOf(file), 'utf8')) as { seq: unknown; hash: unknown };
    if (typeof h.seq === 'number' && typeof h.hash === 'string') return { seq: h.seq, hash: h.hash };
  } catch {
    /* no head: older log or removed; the chain alone is checked */
  }
  return undefined;
}

/** The pure part of verify: the log's text and, when known, its head record. */
export function verifyAuditText(text: string, head?: { seq: number; hash: string }): VerifyResult {
  const endsWithNewline = text.endsWith('\n');
  const lines = text === '' ? [] : (endsWithNewline ? text.slice(0, -1) : text).split('\n');
  const seqs = lines.map((l) => seqOf(l));
  let prevHash = GENESIS;
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const line = lines[i]!;
    const isLast = i === lines.length - 1;
    const fail = (problem: Extract<VerifyResult, { ok: false }>['problem'], message: string, at = n): VerifyResult => ({ ok: false, count: i, line: at, problem, message: `line ${at}: ${message}` });
    const m = HASH_SUFFIX.exec(line);
    let parsed: Partial<AuditRecord> | undefined;
    try {
      parsed = JSON.parse(line) as Partial<AuditRecord>;
    } catch {
      parsed = undefined;
    }
    if (!m || !parsed || typeof parsed !== 'object') {
      if (isLast && !endsWithNewline) return fail('truncated', 'the last line is cut short (truncated)');
      return fail('invalid', 'not a valid audit entry (edited or damaged)');
    }
    const body = `${line.slice(0, m.index)}}`;
    if (sha256(body) !== m[1]) return fail('edited', `entry ${parsed.seq ?? '?'} was edited (its hash does not match its content)`);
    const expected = n;
    if (parsed.seq !== expected) {
      const missingLater = seqs.indexOf(expected, i + 1);
      if (typeof parsed.seq === 'number' && parsed.seq > expected && missingLater < 0) {
        const gone = parsed.seq - expected;
        return fail('removed', `${gone === 1 ? `entry ${expected} was` : `entries ${expected}–${parsed.seq - 1} were`} removed before this line`);
      }
      return fail('reordered', `entry ${parsed.seq} is out of order (expected entry ${expected}${missingLater >= 0 ? ` at this line; it is at line ${missingLater + 1}` : ''})`);
    }
    if (parsed.prev !== prevHash)
      return n === 1 ? fail('edited', 'the first entry does not start the chain') : fail('edited', `changed (line ${n}'s prev hash no longer matches it)`, n - 1);
    prevHash = sha256(line);
    if (isLast && !endsWithNewline) return fail('truncated', 'the last line has no newline (truncated)');
  }
  if (head) {
    if (lines.length < head.seq) {
      const n = lines.length + 1;
      return { ok: false, count: lines.length, line: n, problem: 'removed', message: `line ${n}: entries ${lines.length + 1}–${head.seq} were removed from the end (the head file records ${head.seq})` };
    }
    const atHead = lines[head.seq - 1];
    if (head.seq > 0 && atHead !== undefined && sha256(atHead) !== head.hash)
      return { ok: false, count: lines.length, line: head.seq, problem: 'edited', message: `line ${head.seq}: does not match the head file's hash (the chain was rewritten)` };
  }
  return { ok: true, count: lines.length, lastHash: prevHash, headChecked: head !== undefined };
}

/** The last `n` records (unparseable lines are skipped; verify is the place to find them). */
export function readAuditLog(file: string, n = Infinity): AuditRecord[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: AuditRecord[] = [];
  const lines = text.split('\n').filter((l) => l.trim());
  for (const line of lines.slice(Math.max(0, lines.length - n))) {
    try {
      out.push(JSON.parse(line) as AuditRecord);
    } catch {
      /* skipped */
    }
  }
  return out;
}
