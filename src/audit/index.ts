// Tamper-evident audit log: one JSON line per decision, hash-chained. Each line carries `seq`
// (1, 2, 3…), `prev` (sha256 of the previous line's exact text; GENESIS for the first) and, as its
// last field, `hash` (sha256 of the line's text without the hash field). A `.head` file next to the
// log remembers the last seq and hash; a witness (witness.ts), when there is one, anchors every line
// where a same-user agent cannot rewrite it.
//
// Lossless and never late: a writer waits for the lock (lock.ts) at most its budget — the hook
// passes what is left of its deadline — and otherwise keeps its entry in the spool
// (`<log>.spool/`, one file per entry, written atomically and synced); whoever holds the lock next
// merges the spool into the chain first, and a spooler that finds the lock free merges at once.
// When the log cannot be written at all (unwritable HOME, a full disk) the entry goes to a fallback
// folder under the temp directory, is merged back (marked `late`) at the next successful write, and
// the caller gets a note to tell the person. `recordDecision` runs on the hook's path:
// synchronous, no zod, no engine load, and it never throws.
//
// The chain is also the approvals' ledger (src/review/approval.ts): `approval-used` lines carry the
// token, `approval-consumed` lines its id, and appendRecord's `unless` checks for an earlier one
// under the same lock, so single use holds across processes and cannot be reset by deleting a file
// without breaking the chain.
//
// What it does not catch without a witness: someone who rewrites the whole chain *and* the head
// file consistently. With the system witness: an agent that adds a forged line and its witness line
// (nothing earlier can be changed or removed).
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  renameSync,
  rmdirSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sha256Hex } from '../engine/sha256';
import type { Level, Requirement } from '../engine';
import { acquireLock, describeHolder, lockHolder, releaseLock, sleepSync, stillHeld, type Lock, type LockHolder } from './lock';
import { type WitnessInfo, appendWitness, describeWitness, readWitness, witnessFileFor } from './witness';

export { LOCK_STALE_MS } from './lock';

export type AuditDecision = 'allow' | 'deny' | 'ask' | 'approval-used' | 'approval-refused' | 'approval-consumed';

export interface AuditEntry {
  /** ISO time, set by recordDecision. */
  time: string;
  agent: string;
  digest: string;
  summary: string;
  level: Level | 'unknown';
  /** What the action needed by the policy (the worst action's, for several), when it was assessed. */
  requires?: Requirement;
  decision: AuditDecision;
  /** Who decided: the person at the editor, the policy (no editor), a reviewer, or an error (fail closed). */
  decidedBy: { type: 'person' | 'policy' | 'reviewer' | 'error'; name?: string };
  kind?: string;
  reason?: string;
  cwd?: string;
  /** The review request an approval belongs to. */
  requestId?: string;
  /** sha256 of an approval's signed payload: its identity for single use. */
  approvalId?: string;
  /** The approval token itself (approval-used): re-verified before it releases anything. */
  token?: string;
  /** The first words of the person's request (task-scope.ts), when one was read: never more than a short excerpt. */
  task?: string;
}

/** A line as stored: the entry plus the chain fields. */
export interface AuditRecord extends AuditEntry {
  v: 1;
  seq: number;
  /** sha256 of the spool file this entry was merged from. */
  spool?: string;
  /** Why this entry was written late (the log could not be written when it was decided). */
  late?: string;
  prev: string;
  hash: string;
}

export interface RecordOptions {
  /** Log file; default: the user's audit log (see defaultAuditFile). */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Longest wait for the lock before the entry goes to the spool (default 2 s; 0: one try). */
  lockTimeoutMs?: number;
  /** Tests only: stay this long between reading the last line and appending, to widen any race. */
  holdMs?: number;
  /** The witness file; false for none; default: the system witness when it exists. */
  witness?: string | false;
  /**
   * Ledger appends: called under the lock with the whole log (spool merged); a returned reason
   * means "do not append". Such an entry is never spooled: without the lock it is not written.
   */
  unless?: (logText: string) => string | undefined;
}

export type RecordOutcome =
  { ok: true; where: 'log' | 'spool'; record?: AuditRecord; note?: string } | { ok: false; where: 'fallback' | 'nowhere' | 'skipped' | 'busy'; note: string };

/** `prev` of the first line. */
export const GENESIS = '0'.repeat(64);
const MAX_FIELD = 2000;
const MAX_TOKEN = 8000;
/** The head record's fixed size (seq up to 16 digits + hash fit). */
const HEAD_SIZE = 128;
const HASH_SUFFIX = /,"hash":"([0-9a-f]{64})"\}$/;
/** One holder keeping the lock this long while we wait is worth telling the person. */
const LOCK_NOTICE_MS = 1000;
/** Longer than any writer of ours holds the lock (they hold it for milliseconds): verify names the holder. */
const LOCK_SUSPECT_MS = 2000;
const DEFAULT_LOCK_BUDGET_MS = 2000;

/** `$BLAST_RADIUS_AUDIT_LOG`, else `$XDG_STATE_HOME/blast-radius/audit.jsonl`, else `~/.local/state/blast-radius/audit.jsonl`. */
export function defaultAuditFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BLAST_RADIUS_AUDIT_LOG) return env.BLAST_RADIUS_AUDIT_LOG;
  const state = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(state, 'blast-radius', 'audit.jsonl');
}

export const headFileOf = (file: string): string => `${file}.head`;
export const lockFileOf = (file: string): string => `${file}.lock`;
export const spoolDirOf = (file: string): string => `${file}.spool`;

/** The folder that holds every log's fallback folder (fallbackDirOf); a guard asset as a whole. */
export function fallbackRoot(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  return join(tmpdir(), `blast-radius-${uid}`, 'unrecorded');
}

/** Where entries go when the log itself cannot be written: a private folder under the temp directory. */
export function fallbackDirOf(file: string): string {
  // Asked several times per hook call for the same log (the spool merge, a failed write): the last
  // answer is kept, so the hash is taken once.
  if (lastFallback?.file === file) return lastFallback.dir;
  const dir = join(fallbackRoot(), sha256(file).slice(0, 16));
  lastFallback = { file, dir };
  return dir;
}

/**
 * fallbackDirOf(file) when any log has entries set aside at all: a hook call looks there on every
 * append, and when nothing was ever set aside (nearly always) one stat answers without the hash.
 */
function fallbackDirIfAny(file: string): string | undefined {
  return existsSync(fallbackRoot()) ? fallbackDirOf(file) : undefined;
}
let lastFallback: { file: string; dir: string } | undefined;

/**
 * `new Date(ms).toISOString()`, without it: V8 loads the time zone (reads /etc/localtime) the first
 * time a process formats a date, ~0.2 ms of a hook call that only needs UTC. Years 0-9999 (the
 * ones toISOString writes in four digits); any other time goes to toISOString.
 */
export function isoTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < -62167219200000 || ms > 253402300799999) return new Date(ms).toISOString();
  const days = Math.floor(ms / 86400000);
  const inDay = ms - days * 86400000;
  // Days since 1970-01-01 to a civil date (the proleptic Gregorian calendar, as Date uses).
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const h = Math.floor(inDay / 3600000);
  const mi = Math.floor((inDay % 3600000) / 60000);
  const sec = Math.floor((inDay % 60000) / 1000);
  return `${p(year, 4)}-${p(month)}-${p(day)}T${p(h)}:${p(mi)}:${p(sec)}.${p(inDay % 1000, 3)}Z`;
}

const sha256 = sha256Hex;

/** Random hex for spool names and nonces; node:crypto is loaded only on this (rare) path. */
const randomHex = (bytes: number): string => (require('node:crypto') as typeof import('node:crypto')).randomBytes(bytes).toString('hex');

/** Appends one decision. Never throws; false when it is neither in the log nor in the spool. */
export function recordDecision(entry: Omit<AuditEntry, 'time'>, opts: RecordOptions = {}): boolean {
  return recordDecisionDetailed(entry, opts).ok;
}

/**
 * Appends one decision and says where it went. `note` is set when the person should be told
 * (not recorded, kept aside, a lock held by someone else). Never throws.
 */
export function recordDecisionDetailed(entry: Omit<AuditEntry, 'time'>, opts: RecordOptions = {}): RecordOutcome {
  const file = opts.file ?? defaultAuditFile(opts.env);
  const timed: AuditEntry = { time: isoTime(Date.now()), ...entry };
  let failure: unknown;
  try {
    return appendOrSpool(file, timed, opts);
  } catch (err) {
    failure = err;
  }
  const why = errText(failure);
  if (opts.unless) return { ok: false, where: 'nowhere', note: `the audit log ${file} cannot be written (${why})` };
  try {
    const where = writeFallback(file, timed, why);
    return {
      ok: false,
      where: 'fallback',
      note: `this decision could not be written to the audit log ${file} (${why}); it was kept in ${where} and goes into the log once it can be written`,
    };
  } catch (err) {
    return {
      ok: false,
      where: 'nowhere',
      note: `this decision could not be recorded: the audit log ${file} cannot be written (${why}), nor the fallback folder (${errText(err)})`,
    };
  }
}

/** Like recordDecision but returns the stored record (undefined when it went to the spool). Throws on I/O errors. */
export function appendRecord(entry: Omit<AuditEntry, 'time'>, opts: RecordOptions = {}): AuditRecord | undefined {
  const r = appendOrSpool(opts.file ?? defaultAuditFile(opts.env), { time: isoTime(Date.now()), ...entry }, opts);
  if (!r.ok) throw new Error(r.note);
  return r.record;
}

const errText = (err: unknown): string => {
  const e = err as NodeJS.ErrnoException;
  return e?.code ? `${e.code}${e.path ? ` ${e.path}` : ''}` : e instanceof Error ? e.message : String(err);
};

function appendOrSpool(file: string, entry: AuditEntry, opts: RecordOptions): RecordOutcome {
  mkdirSync(dirname(file), { recursive: true });
  const witness = witnessFileFor(opts.env ?? process.env, opts.witness);
  const budget = Math.max(0, opts.lockTimeoutMs ?? DEFAULT_LOCK_BUDGET_MS);
  const got = acquireLock(lockFileOf(file), budget);
  if (got.lock) {
    let outcome: RecordOutcome;
    try {
      outcome = appendUnderLock(file, [entry], opts, witness, got.lock);
    } finally {
      releaseLock(got.lock);
    }
    drainSpool(file, opts, witness);
    return outcome;
  }
  const holder = describeHolder(got.holder);
  if (opts.unless) return { ok: false, where: 'busy', note: `the audit log is locked by ${holder}; nothing was written (try again)` };
  const spooled = writeSpool(file, entry, witness);
  // The holder may have finished meanwhile: whoever holds the lock merges the spool when it lets go.
  drainSpool(file, opts, witness);
  const notable = got.sameHolderThroughout && (got.holder?.ageMs ?? 0) >= LOCK_NOTICE_MS;
  return {
    ok: true,
    where: 'spool',
    ...(notable ? { note: `the audit log's lock is held by ${holder}; this decision was kept in the spool (${spooled}) until it is released` } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Appending under the lock

interface Pending {
  entry: AuditEntry;
  /** sha256 of the file text: the merged line's `spool` field. */
  spool?: string;
  late?: string;
  files: string[];
}

function appendUnderLock(file: string, own: AuditEntry[], opts: RecordOptions, witness: string | undefined, lock: Lock): RecordOutcome {
  const fd = openSync(file, 'a+', 0o600);
  try {
    const tail = readTail(fd);
    const pending = [...readSpool(file), ...readFallback(file)].sort((a, b) => a.entry.time.localeCompare(b.entry.time));
    // A merger that crashed after appending but before removing the spool files: skip what is in already.
    const recent = pending.length ? readRecentText(fd, 256 * 1024) : '';
    const merged = (p: Pending) => !!p.spool && recent.includes(`"spool":"${p.spool}"`);
    const fresh = pending.filter((p) => !merged(p));
    for (const p of pending) if (merged(p)) for (const f of p.files) tryUnlink(f);
    let skipped: string | undefined;
    if (opts.unless) {
      const text = readWhole(fd);
      skipped = opts.unless(text + fresh.map((p) => `${JSON.stringify(p.entry)}\n`).join(''));
    }
    if (opts.holdMs) sleepSync(opts.holdMs);
    const items: Pending[] = [...fresh, ...(skipped ? [] : own.map((entry) => ({ entry, files: [] })))];
    let seq = tail.seq;
    let prev = tail.hashOfLast;
    const lines: string[] = [];
    const records: AuditRecord[] = [];
    for (const p of items) {
      const { line, record } = lineFor(p, ++seq, prev);
      prev = sha256(line);
      lines.push(line);
      records.push(record);
    }
    if (lines.length) {
      // Taken over meanwhile (we were stopped longer than LOCK_STALE_MS): write nothing, the new holder owns the tail.
      if (!stillHeld(lock)) throw new Error('the audit lock was taken over while this writer held it');
      writeSync(fd, `${tail.needsNewline ? '\n' : ''}${lines.join('\n')}\n`);
      fsyncSync(fd);
      if (witness) {
        try {
          let s = tail.seq;
          appendWitness(
            witness,
            lines.map((l) => ({ log: file, seq: ++s, hash: sha256(l) })),
          );
        } catch {
          /* verify reports the unanchored lines */
        }
      }
      writeHead(file, seq, prev);
    }
    for (const p of fresh) for (const f of p.files) tryUnlink(f);
    if (skipped) return { ok: false, where: 'skipped', note: skipped };
    return { ok: true, where: 'log', ...(records.length && own.length ? { record: records[records.length - 1] } : {}) };
  } finally {
    closeSync(fd);
  }
}

function lineFor(p: Pending, seq: number, prev: string): { line: string; record: AuditRecord } {
  const e = p.entry;
  // Field order is fixed here; verify recomputes the hash from the text, not from a re-serialisation.
  const body: Omit<AuditRecord, 'hash'> = {
    v: 1,
    seq,
    time: clip(String(e.time)),
    agent: clip(String(e.agent)),
    digest: clip(String(e.digest)),
    summary: clip(String(e.summary)),
    level: e.level,
    ...(e.requires !== undefined ? { requires: e.requires } : {}),
    decision: e.decision,
    decidedBy: e.decidedBy?.name === undefined ? { type: e.decidedBy?.type ?? 'error' } : { type: e.decidedBy.type, name: clip(String(e.decidedBy.name)) },
    ...(e.kind !== undefined ? { kind: clip(String(e.kind)) } : {}),
    ...(e.reason !== undefined ? { reason: clip(String(e.reason)) } : {}),
    ...(e.cwd !== undefined ? { cwd: clip(String(e.cwd)) } : {}),
    ...(e.requestId !== undefined ? { requestId: clip(String(e.requestId)) } : {}),
    ...(e.approvalId !== undefined ? { approvalId: clip(String(e.approvalId)) } : {}),
    ...(e.token !== undefined ? { token: String(e.token).slice(0, MAX_TOKEN) } : {}),
    ...(e.task !== undefined ? { task: taskExcerptOf(String(e.task)) } : {}),
    ...(p.spool ? { spool: p.spool } : {}),
    ...(p.late ? { late: clip(p.late) } : {}),
    prev,
  };
  const text = JSON.stringify(body);
  const hash = sha256(text);
  return { line: `${text.slice(0, -1)},"hash":"${hash}"}`, record: { ...body, hash } };
}

/** The audit keeps at most the first 100 characters of a request, whatever a caller passes. */
function taskExcerptOf(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 100 ? `${t.slice(0, 99)}…` : t;
}

function clip(s: string): string {
  return s.length > MAX_FIELD ? `${s.slice(0, MAX_FIELD - 1)}…` : s;
}

function tryUnlink(f: string): void {
  try {
    unlinkSync(f);
  } catch {
    /* gone */
  }
}

// ---------------------------------------------------------------------------------------------
// The spool and the fallback folder

let entrySeq = 0;
/** Sorts by time, then by this process's order: two entries of one millisecond keep their order. */
const entryName = (): string => `${String(Date.now()).padStart(15, '0')}-${process.pid}-${String(++entrySeq).padStart(6, '0')}-${randomHex(3)}`;

function writeSpool(file: string, entry: AuditEntry, witness: string | undefined): string {
  const dir = spoolDirOf(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const name = entryName();
  // The nonce makes every spool file's hash unique: two identical decisions in one millisecond are two entries.
  const text = `${JSON.stringify({ ...entry, nonce: randomHex(8) })}\n`;
  const tmp = join(dir, `${name}.tmp`);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // The rename makes it visible whole: a merger never reads half an entry.
  renameSync(tmp, join(dir, `${name}.json`));
  if (witness) {
    try {
      appendWitness(witness, [{ log: file, spool: sha256(text) }]);
    } catch {
      /* verify reports it */
    }
  }
  return join(dir, `${name}.json`);
}

function readSpool(file: string): Pending[] {
  return readEntries(spoolDirOf(file), (text, entry) => ({ entry, spool: sha256(text) }));
}

function readFallback(file: string): Pending[] {
  const dir = fallbackDirIfAny(file);
  if (!dir) return [];
  return readEntries(dir, (_text, raw) => {
    const r = raw as unknown as { entry?: AuditEntry; error?: string; log?: string };
    if (r.log !== file || !r.entry) return undefined;
    return { entry: r.entry, late: `not written when decided: ${r.error ?? 'unknown error'}` };
  });
}

function readEntries(dir: string, make: (text: string, entry: AuditEntry) => Omit<Pending, 'files'> | undefined): Pending[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const out: Pending[] = [];
  for (const n of names.sort()) {
    const f = join(dir, n);
    try {
      const text = readFileSync(f, 'utf8');
      const parsed = JSON.parse(text) as AuditEntry;
      if (!parsed || typeof parsed !== 'object') continue;
      const p = make(text, parsed);
      if (p && typeof p.entry.time === 'string' && typeof p.entry.decision === 'string') out.push({ ...p, files: [f] });
    } catch {
      /* unreadable: left for verify to report */
    }
  }
  return out;
}

function writeFallback(file: string, entry: AuditEntry, error: string): string {
  const dir = fallbackDirOf(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Only a folder of our own: another user could have made it first.
  const st = lstatSync(join(dir, '..', '..'));
  if (typeof process.getuid === 'function' && (st.uid !== process.getuid() || st.isSymbolicLink()))
    throw new Error(`${dirname(dirname(dir))} is not this user's`);
  const f = join(dir, `${entryName()}.json`);
  writeFileSync(f, `${JSON.stringify({ log: file, error, entry })}\n`, { mode: 0o600, flag: 'wx' });
  return dir;
}

/** Merges spooled entries while there are any and the lock can be had quickly. */
function drainSpool(file: string, opts: RecordOptions, witness: string | undefined): void {
  for (let round = 0; round < 4; round++) {
    const fallback = fallbackDirIfAny(file);
    if (!hasEntries(spoolDirOf(file)) && !(fallback && hasEntries(fallback))) return;
    let got;
    try {
      got = acquireLock(lockFileOf(file), round === 0 ? 0 : 20);
    } catch {
      return;
    }
    if (!got.lock) return; // its holder merges when it lets go
    try {
      appendUnderLock(file, [], { ...opts, unless: undefined }, witness, got.lock);
    } catch {
      return;
    } finally {
      releaseLock(got.lock);
    }
  }
}

function hasEntries(dir: string): boolean {
  try {
    return readdirSync(dir).some((n) => n.endsWith('.json'));
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the tail and writing the head

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

function readRecentText(fd: number, max: number): string {
  const size = fstatSync(fd).size;
  const len = Math.min(size, max);
  const buf = Buffer.alloc(len);
  readSync(fd, buf, 0, len, size - len);
  return buf.toString('utf8');
}

function readWhole(fd: number): string {
  return readRecentText(fd, Number.MAX_SAFE_INTEGER);
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
// Verify and read

export type VerifyProblem =
  'edited' | 'removed' | 'reordered' | 'truncated' | 'invalid' | 'missing' | 'added' | 'rewritten' | 'lost' | 'unrecorded' | 'locked' | 'unreadable';

interface VerifyExtras {
  /** The anchor the chain was checked against. */
  anchor: WitnessInfo;
  /** Decisions in the spool, waiting to be merged (recorded, not yet chained). */
  pending: number;
  /** Things to say that are not breakage. */
  notes: string[];
  lock?: LockHolder;
}

export type VerifyResult =
  | ({ ok: true; count: number; lastHash: string; headChecked: boolean } & Partial<VerifyExtras>)
  | ({ ok: false; count: number; line: number; problem: VerifyProblem; message: string } & Partial<VerifyExtras>);

export interface VerifyOptions {
  /** Witness file, false for none; default: the system witness when it exists. */
  witness?: string | false;
  /** Witness checkpoints from elsewhere (the editor keeps one in its secret storage). */
  checkpoints?: { seq: number; hash: string }[];
  env?: NodeJS.ProcessEnv;
}

/**
 * Recomputes the chain and checks it against the head and the anchor; names the first line that
 * was changed, removed, reordered, added or truncated, a decision that vanished from the spool or
 * could not be written, and a lock held too long.
 */
export function verifyAuditLog(file: string, opts: VerifyOptions = {}): VerifyResult & VerifyExtras {
  const env = opts.env ?? process.env;
  const witnessFile = witnessFileFor(env, opts.witness);
  const anchor = describeWitness(witnessFile);
  const w = witnessFile ? readWitness(witnessFile, file) : { checkpoints: [], spools: new Set<string>(), damaged: 0 };
  const checkpoints = [...w.checkpoints, ...(opts.checkpoints ?? []).map((c) => ({ ...c, line: 0 }))];
  const extras: VerifyExtras = { anchor, pending: 0, notes: [] };
  if (w.damaged) extras.notes.push(`${w.damaged} line${w.damaged === 1 ? '' : 's'} of the witness could not be read`);
  if (anchor.weakness) extras.notes.push(`the anchor ${anchor.file} is weak: ${anchor.weakness}`);
  const pendingSpool = readSpool(file);
  extras.pending = pendingSpool.length;
  // The head first: the log is written before the head, so a log read after it is never behind it.
  const head = readHead(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT')
      return { ok: false, count: 0, line: 1, problem: 'unreadable', message: `line 1: the log cannot be read (${code ?? String(err)})`, ...extras };
    const claimed = Math.max(head?.seq ?? 0, ...checkpoints.map((c) => c.seq));
    if (claimed > 0)
      return {
        ok: false,
        count: 0,
        line: 1,
        problem: 'missing',
        message: `line 1: the log is missing, but ${head && head.seq === claimed ? 'its head file' : 'the anchor'} records ${claimed} entries`,
        ...extras,
      };
    text = '';
  }
  const chain = verifyAuditText(text, head);
  if (!chain.ok) return { ...chain, ...extras };
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');

  // The anchor: every witnessed line must still be there, unchanged; every line must be witnessed.
  if (witnessFile || opts.checkpoints) {
    const bySeq = new Map<number, string>();
    for (const c of checkpoints) {
      const seen = bySeq.get(c.seq);
      if (seen !== undefined && seen !== c.hash)
        return {
          ok: false,
          count: lines.length,
          line: c.seq,
          problem: 'rewritten',
          message: `line ${c.seq}: the anchor holds two different hashes for entry ${c.seq} (the log was rewritten and re-anchored)`,
          ...extras,
        };
      bySeq.set(c.seq, c.hash);
    }
    for (const [seq, hash] of [...bySeq].sort((a, b) => a[0] - b[0])) {
      const line = lines[seq - 1];
      if (line === undefined)
        return {
          ok: false,
          count: lines.length,
          line: lines.length + 1,
          problem: 'removed',
          message: `line ${lines.length + 1}: entries ${lines.length + 1}–${Math.max(...bySeq.keys())} were removed (the anchor records them)`,
          ...extras,
        };
      if (sha256(line) !== hash)
        return {
          ok: false,
          count: seq - 1,
          line: seq,
          problem: 'rewritten',
          message: `line ${seq}: does not match the anchor (the log was rewritten from here, or replaced)`,
          ...extras,
        };
    }
    const lastAnchored = Math.max(0, ...bySeq.keys());
    if (witnessFile && lines.length > lastAnchored) {
      const n = lastAnchored + 1;
      return {
        ok: false,
        count: lastAnchored,
        line: n,
        problem: 'added',
        message: `line ${n}: not in the anchor (${lines.length - lastAnchored} line${lines.length - lastAnchored === 1 ? '' : 's'} added outside Blast Radius, or its anchor could not be written)`,
        ...extras,
      };
    }
    // Every spooled decision the anchor saw is either still in the spool or merged into the chain.
    const merged = new Set<string>();
    for (const m of text.matchAll(/"spool":"([0-9a-f]{64})"/g)) merged.add(m[1]!);
    const waiting = new Set(pendingSpool.map((p) => p.spool!));
    const lost = [...w.spools].filter((h) => !merged.has(h) && !waiting.has(h));
    if (lost.length)
      return {
        ok: false,
        count: lines.length,
        line: lines.length + 1,
        problem: 'lost',
        message: `line ${lines.length + 1}: ${lost.length} spooled decision${lost.length === 1 ? ' was' : 's were'} removed before reaching the log (the anchor saw ${lost.length === 1 ? 'it' : 'them'})`,
        ...extras,
      };
  }

  const unrecorded = readFallback(file);
  if (unrecorded.length) {
    return {
      ok: false,
      count: lines.length,
      line: lines.length + 1,
      problem: 'unrecorded',
      message: `line ${lines.length + 1}: ${unrecorded.length} decision${unrecorded.length === 1 ? '' : 's'} could not be written to this log (${unrecorded[0]!.late?.replace(/^not written when decided: /, '')}); kept in ${fallbackDirOf(file)} until the log can be written`,
      ...extras,
    };
  }
  const holder = lockHolder(lockFileOf(file));
  if (holder) {
    extras.lock = holder;
    if (holder.ageMs > LOCK_SUSPECT_MS || holder.state !== 'running') {
      return {
        ok: false,
        count: lines.length,
        line: lines.length + 1,
        problem: 'locked',
        message: `line ${lines.length + 1}: the log's lock is held by ${describeHolder(holder)}${extras.pending ? `; ${extras.pending} decision${extras.pending === 1 ? '' : 's'} wait in the spool` : ''} (writers take over a stale lock; a foreign one keeps them spooling)`,
        ...extras,
      };
    }
  }
  if (extras.pending)
    extras.notes.push(`${extras.pending} decision${extras.pending === 1 ? '' : 's'} wait in the spool (${spoolDirOf(file)}); the next write merges them`);
  return { ...chain, ...extras };
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
    const fail = (problem: VerifyProblem, message: string, at = n): VerifyResult => ({
      ok: false,
      count: i,
      line: at,
      problem,
      message: `line ${at}: ${message}`,
    });
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
      return fail(
        'reordered',
        `entry ${parsed.seq} is out of order (expected entry ${expected}${missingLater >= 0 ? ` at this line; it is at line ${missingLater + 1}` : ''})`,
      );
    }
    if (parsed.prev !== prevHash)
      return n === 1
        ? fail('edited', 'the first entry does not start the chain')
        : fail('edited', `changed (line ${n}'s prev hash no longer matches it)`, n - 1);
    prevHash = sha256(line);
    if (isLast && !endsWithNewline) return fail('truncated', 'the last line has no newline (truncated)');
  }
  if (head) {
    if (lines.length < head.seq) {
      const n = lines.length + 1;
      return {
        ok: false,
        count: lines.length,
        line: n,
        problem: 'removed',
        message: `line ${n}: entries ${lines.length + 1}–${head.seq} were removed from the end (the head file records ${head.seq})`,
      };
    }
    const atHead = lines[head.seq - 1];
    if (head.seq > 0 && atHead !== undefined && sha256(atHead) !== head.hash)
      return {
        ok: false,
        count: lines.length,
        line: head.seq,
        problem: 'edited',
        message: `line ${head.seq}: does not match the head file's hash (the chain was rewritten)`,
      };
    // Every writer updates the head right after its append: lines past it were added by something else.
    if (lines.length > head.seq) {
      const n = head.seq + 1;
      return {
        ok: false,
        count: head.seq,
        line: n,
        problem: 'added',
        message: `line ${n}: added after the head file was last written (outside Blast Radius, or a writer stopped between the two)`,
      };
    }
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
  return parseRecords(text, n);
}

export function parseRecords(text: string, n = Infinity): AuditRecord[] {
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

/** Removes an empty spool folder (tests, tidy-up). */
export function removeEmptySpool(file: string): void {
  try {
    rmdirSync(spoolDirOf(file));
  } catch {
    /* not empty or gone */
  }
}
