// git's allowed_signers file (ssh-keygen(1), ALLOWED SIGNERS): one signer per line,
//   principals [options] keytype base64-key [comment]
// principals: comma-separated patterns (`*`, `?`, `!` negation); options: `namespaces="a,b"`,
// `valid-after="YYYYMMDD[HHMM[SS]][Z]"`, `valid-before=…`, `cert-authority`. Parsed here so the
// requester's side needs no ssh-keygen. Certificate authorities are read but never match (we do
// not verify SSH certificates): a signer must be listed by its own key.
import { parseSshPublicKey } from './sshsig';

export interface AllowedSigner {
  line: number;
  principals: string[];
  namespaces?: string[];
  validAfter?: Date;
  validBefore?: Date;
  certAuthority: boolean;
  keyType: string;
  key: Buffer;
}

export interface ParsedAllowedSigners {
  signers: AllowedSigner[];
  errors: { line: number; message: string }[];
}

/** Splits on spaces outside double quotes. */
function tokens(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let started = false;
  for (const ch of line) {
    if (ch === '"') {
      quoted = !quoted;
      cur += ch;
      started = true;
    } else if (!quoted && (ch === ' ' || ch === '\t')) {
      if (started) out.push(cur);
      cur = '';
      started = false;
    } else {
      cur += ch;
      started = true;
    }
  }
  if (started) out.push(cur);
  return out;
}

/** Splits an options field on commas outside quotes. */
function options(field: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of field) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.filter(Boolean);
}

const unquote = (s: string): string => (s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s);
const isKeyType = (s: string): boolean => /^(ssh-|ecdsa-|sk-)/.test(s);

/** YYYYMMDD[HHMM[SS]][Z]: UTC with Z, local time without (as ssh-keygen reads it). */
export function parseSignerTime(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?(Z)?$/i.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1, 7).map((x): string => x ?? '0');
  const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  const date = m[7] ? new Date(Date.UTC(...parts)) : new Date(...parts);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function parseAllowedSigners(text: string): ParsedAllowedSigners {
  const signers: AllowedSigner[] = [];
  const errors: ParsedAllowedSigners['errors'] = [];
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    const t = tokens(trimmed);
    if (t.length < 3) return void errors.push({ line, message: 'expected: principals [options] keytype key' });
    const principals = unquote(t[0]!).split(',').filter(Boolean);
    let k = 1;
    const entry: Partial<AllowedSigner> = { line, principals, certAuthority: false };
    if (!isKeyType(t[1]!)) {
      for (const opt of options(t[1]!)) {
        const eq = opt.indexOf('=');
        const name = (eq < 0 ? opt : opt.slice(0, eq)).toLowerCase();
        const value = eq < 0 ? '' : unquote(opt.slice(eq + 1));
        if (name === 'cert-authority') entry.certAuthority = true;
        else if (name === 'namespaces') entry.namespaces = value.split(',').filter(Boolean);
        else if (name === 'valid-after' || name === 'valid-before') {
          const date = parseSignerTime(value);
          if (!date) return void errors.push({ line, message: `bad ${name} time "${value}"` });
          if (name === 'valid-after') entry.validAfter = date;
          else entry.validBefore = date;
        } else return void errors.push({ line, message: `unknown option "${name}"` });
      }
      k = 2;
    }
    const key = parseSshPublicKey(`${t[k] ?? ''} ${t[k + 1] ?? ''}`);
    if (!key) return void errors.push({ line, message: 'bad or missing public key' });
    signers.push({ ...(entry as AllowedSigner), keyType: key.type, key: key.blob });
  });
  return { signers, errors };
}

function globToRegExp(pattern: string): RegExp {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i');
}

/** OpenSSH's match_pattern_list: a negated match refuses, otherwise any positive match accepts. */
export function principalMatches(principal: string, patterns: string[]): boolean {
  let found = false;
  for (const p of patterns) {
    const negated = p.startsWith('!');
    if (globToRegExp(negated ? p.slice(1) : p).test(principal)) {
      if (negated) return false;
      found = true;
    }
  }
  return found;
}

export type SignerCheck = { ok: true; signer: AllowedSigner } | { ok: false; reason: string };

/** Is `key` listed for `principal` in `namespace` at `now`? The reason names the closest miss. */
export function findAllowedSigner(signers: AllowedSigner[], principal: string, key: Buffer, namespace: string, now: Date): SignerCheck {
  const byKey = signers.filter((s) => !s.certAuthority && s.key.equals(key));
  if (!byKey.length) return { ok: false, reason: 'the signing key is not in the allowed signers file' };
  const forPrincipal = byKey.filter((s) => principalMatches(principal, s.principals));
  if (!forPrincipal.length)
    return {
      ok: false,
      reason: `the signing key is listed, but not for "${principal}" (it is listed for ${byKey.map((s) => s.principals.join(',')).join('; ')})`,
    };
  let reason = '';
  for (const s of forPrincipal) {
    if (s.namespaces && !s.namespaces.some((n) => principalMatches(namespace, [n])))
      reason = `line ${s.line} limits the key to namespaces ${s.namespaces.join(',')}`;
    else if (s.validAfter && now < s.validAfter) reason = `line ${s.line}: the key is valid only after ${s.validAfter.toISOString()}`;
    else if (s.validBefore && now > s.validBefore) reason = `line ${s.line}: the key was valid only before ${s.validBefore.toISOString()}`;
    else return { ok: true, signer: s };
  }
  return { ok: false, reason };
}

/** The line to add to allowed_signers for a reviewer's key (`principal [namespaces="blast-radius"] type key comment`). */
export function allowedSignersLine(principal: string, publicKey: string, opts: { onlyBlastRadius?: boolean } = {}): string {
  return `${principal}${opts.onlyBlastRadius ? ' namespaces="blast-radius"' : ''} ${publicKey.trim()}`;
}
