// Approval tokens: `br1.<payload>.<signature>`, both base64url. The payload is the canonical JSON
// {decision, digest, expiresAt, reason?, requestId, reviewer}; the signature is a raw SSHSIG blob
// (namespace blast-radius) over exactly those bytes, made by `ssh-keygen -Y sign` or the built-in
// ed25519 key. Checks, in order, each refusal naming the one that failed: malformed, signature,
// signer (listed in allowed_signers for that principal, namespace and time), unknown-request,
// self-approval, digest, rejected, expired, replayed.
//
// Single use: accepting writes `used/<approval id>` with O_EXCL (a replay, even a concurrent one,
// finds it) and a release record `released/<digest>.json` holding the token; the hook or extension
// takes that release once with consumeApproval, which re-verifies the token (a hand-written
// release file releases nothing) and marks `consumed/<approval id>` with O_EXCL.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { recordDecision } from '../audit';
import { canonicalJson } from '../engine/digest';
import { type AllowedSigner, findAllowedSigner, parseAllowedSigners } from './allowed-signers';
import { type ReviewRequest, type StoreOptions, ensureReviewsDir, isRequestId, loadReviewRequest, repoRoot, reviewsDir, writeAtomic } from './request';
import { NAMESPACE, fingerprint, signBuiltin, signWithSshKeygen, verifySshsig } from './sshsig';

export const TOKEN_PREFIX = 'br1.';
export const APPROVAL_TTL_MS = 60 * 60 * 1000;
export const DEFAULT_ALLOWED_SIGNERS = '.blast-radius/allowed_signers';

export type ApprovalDecision = 'approve' | 'reject';

export interface Approval {
  decision: ApprovalDecision;
  digest: string;
  /** ISO time after which the approval releases nothing. */
  expiresAt: string;
  reason?: string;
  requestId: string;
  /** The reviewer's principal (an email, as in allowed_signers). */
  reviewer: string;
}

export type SigningKey = { kind: 'ssh'; path: string } | { kind: 'builtin'; privateKeyPem: string };

export interface SignOptions {
  /** The request (or a stub of it: id, digest, expiresAt). */
  request: Pick<ReviewRequest, 'id' | 'digest' | 'expiresAt'>;
  reviewer: string;
  key: SigningKey;
  decision?: ApprovalDecision;
  reason?: string;
  now?: Date;
  /** Lifetime of the approval (default 1 h), never past the request's expiry. */
  ttlMs?: number;
}

export type SignResult = { ok: true; token: string; approval: Approval } | { ok: false; error: string };

/** Signs an approval (or a rejection) of exactly this request's digest. Never throws. */
export function signApproval(o: SignOptions): SignResult {
  const now = o.now ?? new Date();
  const reviewer = o.reviewer.trim();
  if (!reviewer) return { ok: false, error: 'no reviewer principal (set git user.email or pass one)' };
  if (!/^[0-9a-f]{64}$/.test(o.request.digest)) return { ok: false, error: 'the request has no valid digest' };
  const requestEnd = Date.parse(o.request.expiresAt);
  if (!(requestEnd > now.getTime())) return { ok: false, error: `the review request expired at ${o.request.expiresAt}` };
  const expiresAt = new Date(Math.min(now.getTime() + (o.ttlMs ?? APPROVAL_TTL_MS), requestEnd)).toISOString();
  const approval: Approval = {
    decision: o.decision ?? 'approve',
    digest: o.request.digest,
    expiresAt,
    ...(o.reason ? { reason: o.reason.slice(0, 500) } : {}),
    requestId: o.request.id,
    reviewer,
  };
  const payload = Buffer.from(canonicalJson(approval), 'utf8');
  try {
    const sig = o.key.kind === 'ssh' ? signWithSshKeygen(payload, o.key.path) : signBuiltin(payload, o.key.privateKeyPem);
    return { ok: true, token: `${TOKEN_PREFIX}${payload.toString('base64url')}.${sig.toString('base64url')}`, approval };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

export interface ParsedToken {
  approval: Approval;
  payload: Buffer;
  signature: Buffer;
  /** sha256 of the signed payload: the approval's identity for single use. */
  id: string;
}

/** Reads a token's parts; no signature check. */
export function parseToken(token: string): { ok: true; token: ParsedToken } | { ok: false; error: string } {
  const t = token.trim();
  if (!t.startsWith(TOKEN_PREFIX)) return { ok: false, error: `not an approval token (it should start with ${TOKEN_PREFIX})` };
  const parts = t.slice(TOKEN_PREFIX.length).split('.');
  if (parts.length !== 2 || !parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p))) return { ok: false, error: 'the token is damaged (expected br1.PAYLOAD.SIGNATURE)' };
  const payload = Buffer.from(parts[0]!, 'base64url');
  const signature = Buffer.from(parts[1]!, 'base64url');
  let a: Partial<Approval>;
  try {
    a = JSON.parse(payload.toString('utf8')) as Partial<Approval>;
  } catch {
    return { ok: false, error: 'the token is damaged or cut short (its payload is not JSON)' };
  }
  if (!a || typeof a !== 'object') return { ok: false, error: 'the token payload is not an object' };
  if (a.decision !== 'approve' && a.decision !== 'reject') return { ok: false, error: 'the token has no decision' };
  for (const k of ['digest', 'expiresAt', 'requestId', 'reviewer'] as const) if (typeof a[k] !== 'string' || !a[k]) return { ok: false, error: `the token has no ${k}` };
  if (a.reason !== undefined && typeof a.reason !== 'string') return { ok: false, error: 'the token reason is not text' };
  if (Number.isNaN(Date.parse(a.expiresAt!))) return { ok: false, error: 'the token expiry is not a time' };
  return { ok: true, token: { approval: a as Approval, payload, signature, id: createHash('sha256').update(payload).digest('hex') } };
}

export type ApprovalCheck = 'malformed' | 'signature' | 'signer' | 'unknown-request' | 'self-approval' | 'digest' | 'rejected' | 'expired' | 'replayed';

export type VerifyApprovalResult =
  | { ok: true; approval: Approval; approvalId: string; signer: string; keyFingerprint: string }
  | { ok: false; check: ApprovalCheck; message: string; approval?: Approval };

export interface VerifyOptions {
  /** The pending request this token must belong to (found by the token's requestId when absent: see acceptApproval). */
  request?: ReviewRequest;
  /** allowed_signers text or parsed entries. */
  allowedSigners: string | AllowedSigner[];
  /** The digest of the action waiting now; must equal the token's (and the request's). */
  expectedDigest?: string;
  now?: Date;
  /** Single-use lookup; skipped when absent. */
  isUsed?: (approvalId: string) => boolean;
}

const refuse = (check: ApprovalCheck, message: string, approval?: Approval): VerifyApprovalResult => ({ ok: false, check, message, ...(approval ? { approval } : {}) });

/** Every check but the bookkeeping write. Pure apart from `isUsed`. Never throws. */
export function verifyApproval(token: string, o: VerifyOptions): VerifyApprovalResult {
  const parsed = parseToken(token);
  if (!parsed.ok) return refuse('malformed', parsed.error);
  const { approval: a, payload, signature, id } = parsed.token;
  const sig = verifySshsig(payload, signature, NAMESPACE);
  if (!sig.ok) return refuse('signature', `signature invalid: ${sig.error}`, a);
  const now = o.now ?? new Date();
  const signers = typeof o.allowedSigners === 'string' ? parseAllowedSigners(o.allowedSigners).signers : o.allowedSigners;
  const listed = findAllowedSigner(signers, a.reviewer, sig.publicKey, NAMESPACE, now);
  if (!listed.ok) return refuse('signer', `signer not allowed: ${listed.reason} (${fingerprint(sig.publicKey)} as ${a.reviewer})`, a);
  const req = o.request;
  if (!req || req.id !== a.requestId) return refuse('unknown-request', `no pending review request ${a.requestId} here`, a);
  const self = selfApproval(a.reviewer, sig.publicKey, req, signers);
  if (self) return refuse('self-approval', self, a);
  if (a.digest !== req.digest) return refuse('digest', `the approval is for action ${a.digest.slice(0, 12)}…, but request ${req.id} is for ${req.digest.slice(0, 12)}…`, a);
  if (o.expectedDigest && o.expectedDigest !== a.digest) return refuse('digest', `the approval is for action ${a.digest.slice(0, 12)}…, not the pending action ${o.expectedDigest.slice(0, 12)}…`, a);
  if (a.decision === 'reject') return refuse('rejected', `${a.reviewer} rejected this action${a.reason ? `: ${a.reason}` : ''}`, a);
  if (now.getTime() > Date.parse(a.expiresAt)) return refuse('expired', `the approval expired at ${a.expiresAt}`, a);
  if (o.isUsed?.(id)) return refuse('replayed', 'this approval was already used (approvals release one action once)', a);
  return { ok: true, approval: a, approvalId: id, signer: a.reviewer, keyFingerprint: fingerprint(sig.publicKey) };
}

/** Compares by principal (email or name) and by key: the requester's own listed keys do not count. */
function selfApproval(reviewer: string, key: Buffer, req: ReviewRequest, signers: AllowedSigner[]): string | undefined {
  const who = [req.requester.email, req.requester.name].filter((x): x is string => !!x).map((x) => x.toLowerCase());
  if (who.includes(reviewer.toLowerCase())) return `self-approval: ${reviewer} made the request; a second person must approve`;
  const email = req.requester.email?.toLowerCase();
  if (email && signers.some((s) => s.key.equals(key) && s.principals.some((p) => !p.startsWith('!') && p.toLowerCase() === email)))
    return `self-approval: the signing key belongs to the requester ${req.requester.email}`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Accept and consume (the requester's side, with files)

export interface AcceptOptions extends StoreOptions {
  /** allowed_signers path; default: the policy's `allowedSignersFile` (or .blast-radius/allowed_signers) under the repo root. */
  allowedSignersFile?: string;
  expectedDigest?: string;
  now?: Date;
  /** Audit log (default: the user's); false to skip. */
  audit?: { file?: string; agent?: string } | false;
}

export type AcceptResult = (VerifyApprovalResult & { ok: true; request: ReviewRequest }) | (VerifyApprovalResult & { ok: false; request?: ReviewRequest });

export function allowedSignersPath(o: { cwd?: string; allowedSignersFile?: string }): string {
  return resolve(repoRoot(o.cwd ?? process.cwd()), o.allowedSignersFile ?? DEFAULT_ALLOWED_SIGNERS);
}

function readSigners(file: string): AllowedSigner[] | string {
  try {
    return parseAllowedSigners(readFileSync(file, 'utf8')).signers;
  } catch (err) {
    return `no allowed signers file at ${file} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`;
  }
}

/** Claims a marker file with O_EXCL: true once, false ever after. */
function claim(file: string, content: string): boolean {
  mkdirSync(join(file, '..'), { recursive: true });
  try {
    const fd = openSync(file, 'wx', 0o600);
    writeSync(fd, content);
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/**
 * The requester pastes a token: check it against the stored request and the allowed signers,
 * mark it used, and release exactly that action once (see consumeApproval). Records the
 * decision in the audit log. Never throws on a bad token; I/O failures refuse.
 */
export function acceptApproval(token: string, o: AcceptOptions = {}): AcceptResult {
  const result = acceptInner(token, o);
  if (o.audit !== false) {
    const a = result.approval;
    const req = result.request;
    const decision = result.ok ? 'approval-used' : result.check === 'rejected' ? 'deny' : 'approval-refused';
    recordDecision(
      {
        agent: o.audit?.agent ?? 'cli',
        digest: a?.digest ?? 'unknown',
        summary: req ? req.assessment.summary : result.ok ? '' : result.message,
        level: req ? req.assessment.level : 'unknown',
        decision,
        decidedBy: { type: 'reviewer', ...(a ? { name: a.reviewer } : {}) },
        ...(result.ok ? {} : { reason: `${result.check}: ${result.message}` }),
        ...(a ? { requestId: a.requestId } : {}),
      },
      o.audit?.file ? { file: o.audit.file } : {},
    );
  }
  return result;
}

function acceptInner(token: string, o: AcceptOptions): AcceptResult {
  const parsed = parseToken(token);
  if (!parsed.ok) return { ok: false, check: 'malformed', message: parsed.error };
  const signers = readSigners(allowedSignersPath(o));
  const loaded = isRequestId(parsed.token.approval.requestId) ? loadReviewRequest(parsed.token.approval.requestId, o) : undefined;
  const dir = reviewsDir(o);
  const usedFile = (id: string) => join(dir, 'used', id);
  const verified = verifyApproval(token, {
    allowedSigners: typeof signers === 'string' ? [] : signers,
    ...(loaded?.ok ? { request: loaded.request } : {}),
    ...(o.expectedDigest ? { expectedDigest: o.expectedDigest } : {}),
    ...(o.now ? { now: o.now } : {}),
    isUsed: (id) => {
      try {
        readFileSync(usedFile(id));
        return true;
      } catch {
        return false;
      }
    },
  });
  if (!verified.ok) {
    const withRequest = loaded?.ok ? { ...verified, request: loaded.request } : verified;
    if (verified.check === 'signer' && typeof signers === 'string') return { ...withRequest, message: `signer not allowed: ${signers}` };
    return withRequest;
  }
  const request = loaded!.ok ? loaded!.request : undefined;
  if (!request) return { ok: false, check: 'unknown-request', message: 'request vanished' };
  try {
    ensureReviewsDir(dir);
    const record = { acceptedAt: (o.now ?? new Date()).toISOString(), approval: verified.approval, digest: verified.approval.digest };
    if (!claim(usedFile(verified.approvalId), `${canonicalJson(record)}\n`)) return { ok: false, check: 'replayed', message: 'this approval was already used (approvals release one action once)', approval: verified.approval, request };
    writeAtomic(join(dir, 'released', `${verified.approval.digest}.json`), `${canonicalJson({ ...record, token: token.trim() })}\n`);
  } catch (err) {
    return { ok: false, check: 'replayed', message: `cannot record the approval's use: ${(err as Error).message}`, approval: verified.approval, request };
  }
  return { ...verified, request };
}

export type ConsumeResult = { released: true; approval: Approval; approvalId: string } | { released: false; reason?: string };

export interface ConsumeOptions extends StoreOptions {
  allowedSignersFile?: string;
  now?: Date;
}

/**
 * The action with `digest` is about to run: if an accepted approval released it, take that
 * release (once: a rename claims it) and re-check the token. Returns released:false with no
 * reason when there is nothing for this digest. Never throws.
 */
export function consumeApproval(digest: string, o: ConsumeOptions = {}): ConsumeResult {
  if (!/^[0-9a-f]{64}$/.test(digest)) return { released: false };
  const dir = reviewsDir(o);
  const file = join(dir, 'released', `${digest}.json`);
  const taken = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.taken`;
  try {
    renameSync(file, taken);
  } catch {
    return { released: false };
  }
  try {
    const rec = JSON.parse(readFileSync(taken, 'utf8')) as { token?: unknown };
    if (typeof rec.token !== 'string') return { released: false, reason: 'the release record holds no token' };
    const id = parseToken(rec.token);
    const loaded = id.ok && isRequestId(id.token.approval.requestId) ? loadReviewRequest(id.token.approval.requestId, o) : undefined;
    const signers = readSigners(allowedSignersPath(o));
    const v = verifyApproval(rec.token, {
      allowedSigners: typeof signers === 'string' ? [] : signers,
      ...(loaded?.ok ? { request: loaded.request } : {}),
      expectedDigest: digest,
      ...(o.now ? { now: o.now } : {}),
    });
    if (!v.ok) return { released: false, reason: `${v.check}: ${v.message}` };
    if (!claim(join(dir, 'consumed', v.approvalId), `${(o.now ?? new Date()).toISOString()}\n`)) return { released: false, reason: 'replayed: this approval already released its action' };
    return { released: true, approval: v.approval, approvalId: v.approvalId };
  } catch (err) {
    return { released: false, reason: `cannot read the release: ${(err as Error).message}` };
  } finally {
    try {
      unlinkSync(taken);
    } catch {
      /* gone */
    }
  }
}
