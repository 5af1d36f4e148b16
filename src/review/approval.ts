// Approval tokens: `br1.<payload>.<signature>`, both base64url. The payload is the canonical JSON
// {decision, digest, expiresAt, reason?, requestId, requester: {email, host, name?}, reviewer}; the
// signature is a raw SSHSIG blob (namespace blast-radius) over exactly those bytes, made by
// `ssh-keygen -Y sign` or the built-in ed25519 key. Checks, in order, each refusal naming the one
// that failed: malformed, signature, signer (listed in the allowed signers committed on the default
// branch — signers.ts — for that principal, namespace and time), unknown-request, requester (the
// request names an e-mail, the one the reviewer signed, and the person accepting here), self-approval,
// local-key (the signing key's private half is not on this machine: local-keys.ts), digest,
// rejected, expired, replayed.
//
// Single use lives in the audit chain, not in marker files: accepting appends an `approval-used`
// line carrying the token (refused when one for the same approval is already there, checked under
// the log's lock); the hook or the editor releases the action once by appending `approval-consumed`
// (the same way), after re-verifying the token and checking that the chain is intact (and anchored
// where an anchor exists). Nothing is read from a release file, so writing one releases nothing;
// deleting or moving files resets nothing without breaking the chain.
//
// What it does not catch: in user mode with no anchor, an agent that rolls the whole audit log and
// its head back to before the consumption can replay an approval until it expires (1 h by default).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { type AuditRecord, defaultAuditFile, parseRecords, recordDecisionDetailed, verifyAuditLog } from '../audit';
import { canonicalJson } from '../engine/digest';
import { type AllowedSigner, findAllowedSigner, parseAllowedSigners } from './allowed-signers';
import { type LocalKeys, privateHalfHere, scanLocalKeys } from './local-keys';
import { type ReviewRequest, type StoreOptions, isRequestId, loadReviewRequest, repoRoot, requesterIdentity } from './request';
import { resolveSigners } from './signers';
import { NAMESPACE, fingerprint, signBuiltin, signWithSshKeygen, verifySshsig } from './sshsig';

export const TOKEN_PREFIX = 'br1.';
export const APPROVAL_TTL_MS = 60 * 60 * 1000;

export type ApprovalDecision = 'approve' | 'reject';

export interface Approval {
  decision: ApprovalDecision;
  digest: string;
  /** ISO time after which the approval releases nothing. */
  expiresAt: string;
  reason?: string;
  requestId: string;
  /** Who asked, as the reviewer saw it: bound into the signature. */
  requester: { email: string; host: string; name?: string };
  /** The reviewer's principal (an email, as in allowed_signers). */
  reviewer: string;
}

export type SigningKey = { kind: 'ssh'; path: string } | { kind: 'builtin'; privateKeyPem: string };

export interface SignOptions {
  /** The request (or a stub of it: id, digest, expiresAt, requester). */
  request: Pick<ReviewRequest, 'id' | 'digest' | 'expiresAt' | 'requester'>;
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
  const rq = o.request.requester;
  // Without the requester's identity nobody can rule out self-approval: refuse rather than skip the check.
  if (!rq?.email || !rq.host)
    return {
      ok: false,
      error: 'the request names no requester e-mail, so self-approval cannot be ruled out (the requester sets git user.email and requests again)',
    };
  if (rq.email.toLowerCase() === reviewer.toLowerCase())
    return { ok: false, error: `self-approval: ${reviewer} made this request; a second person must approve it` };
  const requestEnd = Date.parse(o.request.expiresAt);
  if (!(requestEnd > now.getTime())) return { ok: false, error: `the review request expired at ${o.request.expiresAt}` };
  const expiresAt = new Date(Math.min(now.getTime() + (o.ttlMs ?? APPROVAL_TTL_MS), requestEnd)).toISOString();
  const approval: Approval = {
    decision: o.decision ?? 'approve',
    digest: o.request.digest,
    expiresAt,
    ...(o.reason ? { reason: o.reason.slice(0, 500) } : {}),
    requestId: o.request.id,
    requester: { email: rq.email, host: rq.host, ...(rq.name ? { name: rq.name } : {}) },
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
  if (parts.length !== 2 || !parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p)))
    return { ok: false, error: 'the token is damaged (expected br1.PAYLOAD.SIGNATURE)' };
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
  for (const k of ['digest', 'expiresAt', 'requestId', 'reviewer'] as const)
    if (typeof a[k] !== 'string' || !a[k]) return { ok: false, error: `the token has no ${k}` };
  if (a.reason !== undefined && typeof a.reason !== 'string') return { ok: false, error: 'the token reason is not text' };
  if (Number.isNaN(Date.parse(a.expiresAt!))) return { ok: false, error: 'the token expiry is not a time' };
  const rq = a.requester as Partial<Approval['requester']> | undefined;
  if (!rq || typeof rq !== 'object' || typeof rq.email !== 'string' || !rq.email || typeof rq.host !== 'string')
    return { ok: false, error: 'the token names no requester (signed by an older version, or not by Blast Radius): ask the reviewer for a new approval' };
  return { ok: true, token: { approval: a as Approval, payload, signature, id: createHash('sha256').update(payload).digest('hex') } };
}

export type ApprovalCheck =
  | 'malformed'
  | 'signature'
  | 'signer'
  | 'unknown-request'
  | 'requester'
  | 'self-approval'
  | 'local-key'
  | 'digest'
  | 'rejected'
  | 'expired'
  | 'replayed'
  | 'ledger';

export type VerifyApprovalResult =
  | { ok: true; approval: Approval; approvalId: string; signer: string; keyFingerprint: string }
  | { ok: false; check: ApprovalCheck; message: string; approval?: Approval };

export interface VerifyOptions {
  /** The pending request this token must belong to (found by the token's requestId when absent: see acceptApproval). */
  request?: ReviewRequest;
  /** allowed_signers text or parsed entries (the committed ones: see resolveSigners). */
  allowedSigners: string | AllowedSigner[];
  /** The digest of the action waiting now; must equal the token's (and the request's). */
  expectedDigest?: string;
  now?: Date;
  /** Who accepts here (git user.email and host name): must be the requester. Skipped when absent. */
  localIdentity?: { email?: string; host: string };
  /** Where a key's private half is on this machine (local-keys.ts). Skipped when absent. */
  localKey?: (publicKey: Buffer) => string | undefined;
  /** Single-use lookup; skipped when absent. */
  isUsed?: (approvalId: string) => boolean;
}

const refuse = (check: ApprovalCheck, message: string, approval?: Approval): VerifyApprovalResult => ({
  ok: false,
  check,
  message,
  ...(approval ? { approval } : {}),
});
const same = (a: string | undefined, b: string | undefined): boolean => !!a && !!b && a.toLowerCase() === b.toLowerCase();

/** Every check but the bookkeeping write. Pure apart from the lookups passed in. Never throws. */
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
  const rq = req.requester;
  if (!rq?.email)
    return refuse(
      'requester',
      `request ${req.id} names no requester e-mail, so self-approval cannot be ruled out: refused (set git user.email and request again)`,
      a,
    );
  if (!same(a.requester.email, rq.email) || a.requester.host !== rq.host)
    return refuse(
      'requester',
      `the approval was signed for a request by ${a.requester.email} on ${a.requester.host}, but request ${req.id} names ${rq.email} on ${rq.host} (the request was changed)`,
      a,
    );
  if (o.localIdentity) {
    if (!o.localIdentity.email)
      return refuse('requester', 'nobody is identified here (git user.email is not set), so self-approval cannot be ruled out: refused', a);
    if (!same(o.localIdentity.email, rq.email))
      return refuse('requester', `request ${req.id} names ${rq.email} as the requester, but the person accepting here is ${o.localIdentity.email}`, a);
    if (o.localIdentity.host !== rq.host)
      return refuse('requester', `request ${req.id} was made on ${rq.host}, not on this machine (${o.localIdentity.host})`, a);
  }
  const self = selfApproval(a.reviewer, sig.publicKey, req, signers);
  if (self) return refuse('self-approval', self, a);
  const here = o.localKey?.(sig.publicKey);
  if (here)
    return refuse(
      'local-key',
      `the signing key ${fingerprint(sig.publicKey)} can sign on this machine (${here}): a second person signs with a key that is not here`,
      a,
    );
  if (a.digest !== req.digest)
    return refuse('digest', `the approval is for action ${a.digest.slice(0, 12)}…, but request ${req.id} is for ${req.digest.slice(0, 12)}…`, a);
  if (o.expectedDigest && o.expectedDigest !== a.digest)
    return refuse('digest', `the approval is for action ${a.digest.slice(0, 12)}…, not the pending action ${o.expectedDigest.slice(0, 12)}…`, a);
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
// Accept and consume (the requester's side: the audit chain is the ledger)

export interface AcceptOptions extends StoreOptions {
  expectedDigest?: string;
  now?: Date;
  /** The audit log (the ledger) and the agent named in its lines. */
  audit?: { file?: string; agent?: string };
  /** Lock budget for the ledger write (default 10 s: a person is waiting, not a hook). */
  lockTimeoutMs?: number;
}

export type AcceptResult = (VerifyApprovalResult & { ok: true; request: ReviewRequest }) | (VerifyApprovalResult & { ok: false; request?: ReviewRequest });

/** The context every release check needs: committed signers, local keys, who is here. */
interface ReleaseContext {
  signers: AllowedSigner[] | string;
  keys: LocalKeys;
  identity: { email?: string; host: string };
}

function releaseContext(cwd: string, env: NodeJS.ProcessEnv): ReleaseContext {
  const resolved = resolveSigners(cwd);
  const email = requesterIdentity(cwd).email;
  return {
    signers: resolved.ok ? resolved.signers : resolved.error,
    keys: scanLocalKeys({ env, roots: [repoRoot(cwd)] }),
    identity: { ...(email ? { email } : {}), host: hostname() },
  };
}

function verifyInContext(
  token: string,
  ctx: ReleaseContext,
  request: ReviewRequest | undefined,
  o: { expectedDigest?: string; now?: Date },
): VerifyApprovalResult {
  const v = verifyApproval(token, {
    allowedSigners: typeof ctx.signers === 'string' ? [] : ctx.signers,
    ...(request ? { request } : {}),
    ...(o.expectedDigest ? { expectedDigest: o.expectedDigest } : {}),
    ...(o.now ? { now: o.now } : {}),
    localIdentity: ctx.identity,
    localKey: (blob) => privateHalfHere(blob, ctx.keys),
  });
  if (!v.ok && v.check === 'signer' && typeof ctx.signers === 'string') return { ...v, message: `signer not allowed: ${ctx.signers}` };
  return v;
}

/** Chain problems that mean the ledger cannot be trusted (a lock or a spool only delays). */
const TAMPERED = new Set(['edited', 'removed', 'reordered', 'truncated', 'invalid', 'missing', 'added', 'rewritten', 'lost']);

/** Why the audit chain cannot serve as the ledger now (broken, or not matching its anchor). */
function ledgerProblem(file: string, env: NodeJS.ProcessEnv): string | undefined {
  const v = verifyAuditLog(file, { env });
  return !v.ok && TAMPERED.has(v.problem)
    ? `the audit log is broken (${v.message}); approvals are neither accepted nor released until it is checked (blast-radius audit verify)`
    : undefined;
}

/** Lines of the ledger for one approval: the chain text, or spooled entries as JSON. */
function ledgerHas(text: string, approvalId: string, decision: 'approval-used' | 'approval-consumed'): boolean {
  const needle = `"approvalId":"${approvalId}"`;
  let at = text.indexOf(needle);
  while (at >= 0) {
    const start = text.lastIndexOf('\n', at) + 1;
    const end = text.indexOf('\n', at);
    if (text.slice(start, end < 0 ? undefined : end).includes(`"decision":"${decision}"`)) return true;
    at = text.indexOf(needle, at + needle.length);
  }
  return false;
}

/**
 * The requester pastes a token: check it against the stored request, the committed allowed
 * signers, the keys on this machine and who is here; record its use in the audit chain (once:
 * a second accept of the same approval is refused under the log's lock). Records every refusal
 * too. Never throws on a bad token; a ledger that cannot be written refuses.
 */
export function acceptApproval(token: string, o: AcceptOptions = {}): AcceptResult {
  const env = o.env ?? process.env;
  const cwd = o.cwd ?? process.cwd();
  const file = o.audit?.file ?? defaultAuditFile(env);
  const agent = o.audit?.agent ?? 'cli';
  const parsed = parseToken(token);
  const loaded = parsed.ok && isRequestId(parsed.token.approval.requestId) ? loadReviewRequest(parsed.token.approval.requestId, o) : undefined;
  const request = loaded?.ok ? loaded.request : undefined;
  let result: AcceptResult;
  const chain = parsed.ok ? ledgerProblem(file, env) : undefined;
  if (!parsed.ok) result = { ok: false, check: 'malformed', message: parsed.error };
  else if (chain) result = { ok: false, check: 'ledger', message: chain, approval: parsed.token.approval, ...(request ? { request } : {}) };
  else {
    const v = verifyInContext(token, releaseContext(cwd, env), request, o);
    result = v.ok ? { ...v, request: request! } : { ...v, ...(request ? { request } : {}) };
  }
  const base = {
    agent,
    digest: result.approval?.digest ?? 'unknown',
    summary: request ? String(request.assessment?.summary ?? '') : result.ok ? '' : result.message,
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- a string to tsc without it
    level: (request?.assessment?.level ?? 'unknown') as AuditRecord['level'],
    decidedBy: { type: 'reviewer' as const, ...(result.approval ? { name: result.approval.reviewer } : {}) },
    ...(result.approval ? { requestId: result.approval.requestId } : {}),
  };
  if (result.ok) {
    const id = result.approvalId;
    const rec = recordDecisionDetailed(
      { ...base, decision: 'approval-used', approvalId: id, token: token.trim(), reason: `accepted: approved by ${result.signer} (${result.keyFingerprint})` },
      { file, env, lockTimeoutMs: o.lockTimeoutMs ?? 10_000, unless: (text) => (ledgerHas(text, id, 'approval-used') ? 'replayed' : undefined) },
    );
    if (rec.ok) return result;
    result =
      rec.where === 'skipped'
        ? {
            ok: false,
            check: 'replayed',
            message: 'this approval was already used (approvals release one action once)',
            approval: result.approval,
            request: result.request,
          }
        : {
            ok: false,
            check: 'ledger',
            message: `cannot record the approval's use, so it releases nothing: ${rec.note}`,
            approval: result.approval,
            request: result.request,
          };
  }
  const refused = result;
  recordDecisionDetailed(
    {
      ...base,
      decision: refused.check === 'rejected' ? 'deny' : 'approval-refused',
      reason: `${refused.check}: ${refused.message}`,
      ...(parsed.ok ? { approvalId: parsed.token.id } : {}),
    },
    { file, env },
  );
  return refused;
}

export type ConsumeResult = { released: true; approval: Approval; approvalId: string } | { released: false; reason?: string };

export interface ConsumeOptions extends StoreOptions {
  now?: Date;
  /** The audit log (the ledger); the agent named in the consumption line. */
  audit?: { file?: string; agent?: string };
  lockTimeoutMs?: number;
}

/**
 * The action with `digest` is about to run: if an accepted approval in the audit chain released it
 * and it was not consumed yet, re-verify its token and record its consumption (once, under the
 * log's lock). Returns released:false with no reason when nothing was accepted for this digest.
 * Never throws.
 */
export function consumeApproval(digest: string, o: ConsumeOptions = {}): ConsumeResult {
  if (!/^[0-9a-f]{64}$/.test(digest)) return { released: false };
  const env = o.env ?? process.env;
  const cwd = o.cwd ?? process.cwd();
  const file = o.audit?.file ?? defaultAuditFile(env);
  try {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return { released: false };
    }
    const needle = `"digest":"${digest}"`;
    if (!text.includes(needle)) return { released: false };
    const accepted = parseRecords(text).filter(
      (r) => r.decision === 'approval-used' && r.digest === digest && typeof r.token === 'string' && typeof r.approvalId === 'string',
    );
    const open = accepted.filter((r) => !ledgerHas(text, r.approvalId!, 'approval-consumed'));
    if (!accepted.length) return { released: false };
    if (!open.length) return { released: false, reason: 'replayed: every approval accepted for this action has released it already' };
    // The ledger must be whole (and match its anchor) before it releases anything.
    const chain = ledgerProblem(file, env);
    if (chain) return { released: false, reason: `ledger: ${chain}` };
    const ctx = releaseContext(cwd, env);
    let reason: string | undefined;
    for (const r of open) {
      const loaded = isRequestId(r.requestId ?? '') ? loadReviewRequest(r.requestId!, o) : undefined;
      const v = verifyInContext(r.token!, ctx, loaded?.ok ? loaded.request : undefined, { expectedDigest: digest, ...(o.now ? { now: o.now } : {}) });
      if (!v.ok) {
        reason = `${v.check}: ${v.message}`;
        continue;
      }
      if (v.approvalId !== r.approvalId) {
        reason = 'ledger: the accepted line does not match its token';
        continue;
      }
      const rec = recordDecisionDetailed(
        {
          agent: o.audit?.agent ?? 'hook',
          digest,
          summary: loaded?.ok ? String(loaded.request.assessment?.summary ?? '') : '',
          level: (loaded?.ok ? loaded.request.assessment?.level : 'unknown') ?? 'unknown',
          decision: 'approval-consumed',
          decidedBy: { type: 'reviewer', name: v.approval.reviewer },
          requestId: v.approval.requestId,
          approvalId: v.approvalId,
          reason: `released once by ${v.approval.reviewer}'s approval`,
        },
        { file, env, lockTimeoutMs: o.lockTimeoutMs ?? 2000, unless: (t) => (ledgerHas(t, v.approvalId, 'approval-consumed') ? 'replayed' : undefined) },
      );
      if (rec.ok) return { released: true, approval: v.approval, approvalId: v.approvalId };
      reason = rec.where === 'skipped' ? 'replayed: this approval already released its action' : `ledger: ${rec.note}`;
    }
    return { released: false, ...(reason ? { reason } : {}) };
  } catch (err) {
    return { released: false, reason: `cannot read the ledger: ${(err as Error).message}` };
  }
}
