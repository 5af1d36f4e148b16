// A review request: the exact action, its assessment and digest, who asks, and until when. Stored
// as canonical JSON under `.blast-radius/reviews/<id>.json` in the repo (a `.gitignore` there keeps
// it out of commits), or in a user directory when the repo must not be written
// (`BLAST_RADIUS_REVIEWS_DIR`, or `dir`). The approval bookkeeping lives next to it:
// `used/` (one file per used approval) and `released/` (one per action an approval released).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Action, Assessment, Facts } from '../engine';
import { canonicalJson, digestOf } from '../engine/digest';

export const REQUEST_TTL_MS = 24 * 60 * 60 * 1000;

export interface Requester {
  name?: string;
  email?: string;
  host: string;
}

export interface ReviewRequest {
  v: 1;
  id: string;
  createdAt: string;
  expiresAt: string;
  /** sha256 of the canonical action: what an approval is bound to. */
  digest: string;
  action: Action;
  assessment: Assessment;
  facts?: Facts;
  requester: Requester;
  /** `git remote get-url origin`, when there is one. */
  remote?: string;
}

export interface CreateOptions {
  action: Action;
  assessment: Assessment;
  facts?: Facts;
  /** Default: requesterIdentity(cwd). */
  requester?: Requester;
  remote?: string;
  cwd?: string;
  now?: Date;
  ttlMs?: number;
}

/** Builds a request (no I/O unless requester/remote must be read from git). */
export function createReviewRequest(o: CreateOptions): ReviewRequest {
  const now = o.now ?? new Date();
  const cwd = o.cwd ?? process.cwd();
  const digest = digestOf(o.action);
  const remote = o.remote ?? gitRemote(cwd);
  return {
    v: 1,
    id: `r-${randomBytes(6).toString('hex')}`,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + (o.ttlMs ?? REQUEST_TTL_MS)).toISOString(),
    digest,
    action: o.action,
    // The assessment is bound to the same digest even if the caller's copy was stale.
    assessment: { ...o.assessment, digest },
    ...(o.facts ? { facts: o.facts } : {}),
    requester: o.requester ?? requesterIdentity(cwd),
    ...(remote ? { remote } : {}),
  };
}

function git(cwd: string, args: string[]): string | undefined {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', timeout: 5000 });
  const out = r.status === 0 ? r.stdout.trim() : '';
  return out || undefined;
}

/** `git config user.name` / `user.email` and the machine's host name. */
export function requesterIdentity(cwd: string): Requester {
  const name = git(cwd, ['config', 'user.name']);
  const email = git(cwd, ['config', 'user.email']);
  return { ...(name ? { name } : {}), ...(email ? { email } : {}), host: hostname() };
}

export function gitRemote(cwd: string): string | undefined {
  return existsSync(cwd) ? git(cwd, ['remote', 'get-url', 'origin']) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Storage

export interface StoreOptions {
  cwd?: string;
  /** The reviews directory itself (overrides everything). */
  dir?: string;
  /** Use the user directory instead of the repo (the repo must not be written). */
  userDir?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** `dir`, else `$BLAST_RADIUS_REVIEWS_DIR`, else the user directory when asked, else `<repo root or cwd>/.blast-radius/reviews`. */
export function reviewsDir(o: StoreOptions = {}): string {
  const env = o.env ?? process.env;
  if (o.dir) return resolve(o.dir);
  if (env.BLAST_RADIUS_REVIEWS_DIR) return resolve(env.BLAST_RADIUS_REVIEWS_DIR);
  if (o.userDir) return join(env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state'), 'blast-radius', 'reviews');
  return join(repoRoot(o.cwd ?? process.cwd()), '.blast-radius', 'reviews');
}

/** The nearest folder up from cwd holding `.git` or `.blast-radius`, else cwd. */
export function repoRoot(cwd: string): string {
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, '.git')) || existsSync(join(dir, '.blast-radius'))) return dir;
    const up = dirname(dir);
    if (up === dir) return resolve(cwd);
    dir = up;
  }
}

/** Writes `text` to `file` atomically (temp file + rename). */
export function writeAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, file);
}

export function ensureReviewsDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const ignore = join(dir, '.gitignore');
  if (!existsSync(ignore)) writeFileSync(ignore, '# Review requests and approval records are local; never commit them.\n*\n');
}

/** Saves the request as canonical JSON; returns the file. */
export function saveReviewRequest(req: ReviewRequest, o: StoreOptions = {}): string {
  const dir = reviewsDir(o);
  ensureReviewsDir(dir);
  const file = join(dir, `${req.id}.json`);
  writeAtomic(file, `${canonicalJson(req)}\n`);
  return file;
}

export const isRequestId = (s: string): boolean => /^r-[0-9a-f]{12}$/.test(s);

export type LoadResult = { ok: true; request: ReviewRequest; file: string } | { ok: false; error: string };

/** Loads a request by id (from the reviews directory) or by file path, and checks it still matches its digest. */
export function loadReviewRequest(idOrFile: string, o: StoreOptions = {}): LoadResult {
  const file = isRequestId(idOrFile) ? join(reviewsDir(o), `${idOrFile}.json`) : resolve(o.cwd ?? process.cwd(), idOrFile);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, error: code === 'ENOENT' ? `no review request at ${file}` : `cannot read review request ${file}: ${code ?? (err as Error).message}` };
  }
  const checked = checkRequestShape(json);
  if (!checked.ok) return { ok: false, error: `${file}: ${checked.error}` };
  return { ok: true, request: checked.request, file };
}

/** Light shape check plus the one that matters: the action still hashes to the digest. */
export function checkRequestShape(json: unknown): { ok: true; request: ReviewRequest } | { ok: false; error: string } {
  const r = json as Partial<ReviewRequest> | null;
  if (!r || typeof r !== 'object' || r.v !== 1) return { ok: false, error: 'not a review request (v 1)' };
  for (const k of ['id', 'createdAt', 'expiresAt', 'digest'] as const) if (typeof r[k] !== 'string') return { ok: false, error: `review request has no ${k}` };
  if (!r.action || typeof r.action !== 'object' || !r.assessment || typeof r.assessment !== 'object')
    return { ok: false, error: 'review request has no action or assessment' };
  if (!r.requester || typeof r.requester.host !== 'string') return { ok: false, error: 'review request has no requester' };
  if (digestOf(r.action) !== r.digest) return { ok: false, error: 'the action does not match the request digest (the request was altered)' };
  return { ok: true, request: r as ReviewRequest };
}
