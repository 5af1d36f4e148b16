// SSH signatures as git uses them (OpenSSH PROTOCOL.sshsig): sign with `ssh-keygen -Y sign` for a
// reviewer's own key file, or with Node's crypto for the built-in ed25519 key the extension keeps
// in its secret storage; verify natively (ed25519, ecdsa-sha2-nistp256/384/521, rsa-sha2-256/512),
// so the requester's side needs no ssh-keygen. `ssh-keygen -Y verify` accepts what we sign, and we
// accept what it signs (the tests check both ways). FIDO (sk-*) keys and certificates are refused.
import { spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign as cryptoSign, verify as cryptoVerify, type KeyObject } from 'node:crypto';

export const NAMESPACE = 'blast-radius';
const MAGIC = Buffer.from('SSHSIG');
const BEGIN = '-----BEGIN SSH SIGNATURE-----';
const END = '-----END SSH SIGNATURE-----';

// ---------------------------------------------------------------------------------------------
// SSH wire encoding

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
function sshString(data: Buffer | string): Buffer {
  const b = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return Buffer.concat([u32(b.length), b]);
}

class Reader {
  private off = 0;
  constructor(private readonly buf: Buffer) {}
  u32(): number {
    if (this.off + 4 > this.buf.length) throw new Error('truncated');
    const n = this.buf.readUInt32BE(this.off);
    this.off += 4;
    return n;
  }
  bytes(): Buffer {
    const n = this.u32();
    if (this.off + n > this.buf.length) throw new Error('truncated');
    const b = this.buf.subarray(this.off, this.off + n);
    this.off += n;
    return b;
  }
  text(): string {
    return this.bytes().toString('utf8');
  }
  raw(n: number): Buffer {
    if (this.off + n > this.buf.length) throw new Error('truncated');
    const b = this.buf.subarray(this.off, this.off + n);
    this.off += n;
    return b;
  }
  done(): boolean {
    return this.off === this.buf.length;
  }
}

// ---------------------------------------------------------------------------------------------
// Public keys

/** `ssh-ed25519 AAAA… comment` → its type and wire blob (the base64 part). */
export function parseSshPublicKey(line: string): { type: string; blob: Buffer } | undefined {
  const [type, b64] = line.trim().split(/\s+/);
  if (!type || !b64 || !/^[A-Za-z0-9+/]+=*$/.test(b64)) return undefined;
  const blob = Buffer.from(b64, 'base64');
  try {
    if (new Reader(blob).text() !== type) return undefined;
  } catch {
    return undefined;
  }
  return { type, blob };
}

/** The OpenSSH text form of a key blob: `type base64`. */
export function sshPublicKeyText(blob: Buffer): string {
  return `${new Reader(blob).text()} ${blob.toString('base64')}`;
}

/** `SHA256:…` as ssh-keygen prints it. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

const b64url = (b: Buffer): string => b.toString('base64url');
const CURVES: Record<string, { crv: string; hash: string; size: number }> = {
  nistp256: { crv: 'P-256', hash: 'sha256', size: 32 },
  nistp384: { crv: 'P-384', hash: 'sha384', size: 48 },
  nistp521: { crv: 'P-521', hash: 'sha512', size: 66 },
};

/** A wire blob as a Node key; throws on a type we do not verify. */
function keyObjectOf(blob: Buffer): { type: string; key: KeyObject; curve?: { hash: string; size: number } } {
  const r = new Reader(blob);
  const type = r.text();
  if (type === 'ssh-ed25519') {
    const pk = r.bytes();
    if (pk.length !== 32) throw new Error('bad ed25519 key');
    return { type, key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(pk) }, format: 'jwk' }) };
  }
  if (type === 'ssh-rsa') {
    const e = stripMpint(r.bytes());
    const n = stripMpint(r.bytes());
    return { type, key: createPublicKey({ key: { kty: 'RSA', n: b64url(n), e: b64url(e) }, format: 'jwk' }) };
  }
  const m = /^ecdsa-sha2-(nistp256|nistp384|nistp521)$/.exec(type);
  if (m) {
    const curve = CURVES[m[1]!]!;
    if (r.text() !== m[1]) throw new Error('curve mismatch');
    const q = r.bytes();
    if (q[0] !== 4 || q.length !== 1 + 2 * curve.size) throw new Error('bad ecdsa point');
    const x = q.subarray(1, 1 + curve.size);
    const y = q.subarray(1 + curve.size);
    return { type, key: createPublicKey({ key: { kty: 'EC', crv: curve.crv, x: b64url(x), y: b64url(y) }, format: 'jwk' }), curve };
  }
  throw new Error(`key type ${type} is not supported`);
}

function stripMpint(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}
function padTo(b: Buffer, size: number): Buffer {
  const s = stripMpint(b);
  if (s.length > size) throw new Error('bad signature integer');
  return Buffer.concat([Buffer.alloc(size - s.length), s]);
}

// ---------------------------------------------------------------------------------------------
// The built-in key (ed25519, PKCS#8 PEM, kept by the extension in its secret storage)

export interface BuiltinKey {
  /** PKCS#8 PEM: keep it secret. */
  privateKeyPem: string;
  /** `ssh-ed25519 AAAA… comment`: the line to put in allowed_signers after the principal. */
  publicKey: string;
}

export function generateBuiltinKey(comment = 'blast-radius'): BuiltinKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { privateKeyPem, publicKey: `${builtinPublicKey(privateKeyPem)} ${comment}` };
}

/** The SSH public key (`ssh-ed25519 AAAA…`) of a built-in key. */
export function builtinPublicKey(privateKeyPem: string): string {
  return sshPublicKeyText(ed25519Blob(createPrivateKey(privateKeyPem)));
}

function ed25519Blob(key: KeyObject): Buffer {
  const jwk = createPublicKey(key).export({ format: 'jwk' }) as { crv?: string; x?: string };
  if (jwk.crv !== 'Ed25519' || !jwk.x) throw new Error('the built-in key must be ed25519');
  return Buffer.concat([sshString('ssh-ed25519'), sshString(Buffer.from(jwk.x, 'base64url'))]);
}

/** The SSH wire blob of a public (or private) Node key: ed25519, RSA, ECDSA P-256/384/521. */
export function sshBlobOfKeyObject(key: KeyObject): Buffer | undefined {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  const jwk = pub.export({ format: 'jwk' }) as { kty?: string; crv?: string; x?: string; y?: string; n?: string; e?: string };
  const raw = (s: string | undefined) => Buffer.from(s ?? '', 'base64url');
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return Buffer.concat([sshString('ssh-ed25519'), sshString(raw(jwk.x))]);
  if (jwk.kty === 'RSA') return Buffer.concat([sshString('ssh-rsa'), sshString(mpint(raw(jwk.e))), sshString(mpint(raw(jwk.n)))]);
  const curve = { 'P-256': 'nistp256', 'P-384': 'nistp384', 'P-521': 'nistp521' }[jwk.crv ?? ''];
  if (jwk.kty === 'EC' && curve)
    return Buffer.concat([sshString(`ecdsa-sha2-${curve}`), sshString(curve), sshString(Buffer.concat([Buffer.from([4]), raw(jwk.x), raw(jwk.y)]))]);
  return undefined;
}

function mpint(b: Buffer): Buffer {
  const s = stripMpint(b);
  return s.length && s[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), s]) : s;
}

const OPENSSH_MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');

/**
 * The public key blob of a private key file's text: OpenSSH format (its public half is stored in
 * clear even when the key is encrypted) or unencrypted PEM (PKCS#8, PKCS#1, SEC1). Undefined when
 * it cannot be read without a passphrase.
 */
export function publicBlobOfPrivateKey(text: string): Buffer | undefined {
  const m = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(text);
  if (m) {
    try {
      const buf = Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
      if (!buf.subarray(0, OPENSSH_MAGIC.length).equals(OPENSSH_MAGIC)) return undefined;
      const r = new Reader(buf.subarray(OPENSSH_MAGIC.length));
      r.bytes(); // cipher
      r.bytes(); // kdf
      r.bytes(); // kdf options
      if (r.u32() < 1) return undefined;
      return Buffer.from(r.bytes());
    } catch {
      return undefined;
    }
  }
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text) || /ENCRYPTED/.test(text)) return undefined;
  try {
    return sshBlobOfKeyObject(createPrivateKey(text));
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Signing

function signedData(message: Buffer, namespace: string, hashAlg: 'sha256' | 'sha512'): Buffer {
  const h = createHash(hashAlg).update(message).digest();
  return Buffer.concat([MAGIC, sshString(namespace), sshString(''), sshString(hashAlg), sshString(h)]);
}

/** Signs with an ed25519 private key (PEM or KeyObject); returns the raw SSHSIG blob. */
export function signBuiltin(message: Buffer | string, privateKey: string | KeyObject, namespace = NAMESPACE): Buffer {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  const msg = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
  const pub = ed25519Blob(key);
  const sig = cryptoSign(null, signedData(msg, namespace, 'sha512'), key);
  const sigBlob = Buffer.concat([sshString('ssh-ed25519'), sshString(sig)]);
  return Buffer.concat([MAGIC, u32(1), sshString(pub), sshString(namespace), sshString(''), sshString('sha512'), sshString(sigBlob)]);
}

/** Signs with `ssh-keygen -Y sign -n NAMESPACE -f KEY` (a key file, or a .pub with the agent); returns the raw blob. */
export function signWithSshKeygen(message: Buffer | string, keyPath: string, namespace = NAMESPACE): Buffer {
  const r = spawnSync('ssh-keygen', ['-Y', 'sign', '-n', namespace, '-f', keyPath], { input: message, timeout: 60_000 });
  // ssh-keygen that fails early (a mistyped key path) exits before reading its input: writing the
  // message then fails with EPIPE, which says nothing. Its exit status and its own message do.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- spawnSync's error is an Error to tsc
  const code = (r.error as NodeJS.ErrnoException | undefined)?.code;
  if (r.error && !(code === 'EPIPE' && r.status !== null))
    throw new Error(code === 'ENOENT' ? 'ssh-keygen not found (install openssh-client)' : r.error.message);
  if (r.status !== 0) {
    const why = r.stderr
      .toString('utf8')
      .split(/\r?\n|\r/)
      .map((l) => l.trim())
      .filter((l) => l && !/^Signing data/.test(l))
      .join('; ');
    throw new Error(`ssh-keygen -Y sign failed: ${why || `exit ${r.status}`}`);
  }
  return dearmor(r.stdout.toString('utf8'));
}

export function armor(blob: Buffer): string {
  const b64 = blob.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 70) lines.push(b64.slice(i, i + 70));
  return `${BEGIN}\n${lines.join('\n')}\n${END}\n`;
}

export function dearmor(text: string): Buffer {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error('not an SSH signature (no BEGIN/END SSH SIGNATURE lines)');
  return Buffer.from(text.slice(start + BEGIN.length, end).replace(/\s+/g, ''), 'base64');
}

// ---------------------------------------------------------------------------------------------
// Verifying

export type SshsigResult = { ok: true; publicKey: Buffer; keyType: string } | { ok: false; error: string };

/** Checks an SSHSIG blob over `message` in `namespace`; on success returns the signer's key blob. Never throws. */
export function verifySshsig(message: Buffer | string, sig: Buffer, namespace = NAMESPACE): SshsigResult {
  const msg = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
  try {
    const r = new Reader(sig);
    if (!r.raw(6).equals(MAGIC)) return { ok: false, error: 'not an SSHSIG signature' };
    const version = r.u32();
    if (version !== 1) return { ok: false, error: `unsupported SSHSIG version ${version}` };
    const publicKey = Buffer.from(r.bytes());
    const ns = r.text();
    r.bytes(); // reserved
    const hashAlg = r.text();
    const sigBlob = r.bytes();
    if (!r.done()) return { ok: false, error: 'trailing data after the signature' };
    if (ns !== namespace) return { ok: false, error: `signature is for namespace "${ns}", not "${namespace}"` };
    if (hashAlg !== 'sha512' && hashAlg !== 'sha256') return { ok: false, error: `unsupported hash ${hashAlg}` };
    const { type, key, curve } = keyObjectOf(publicKey);
    const sr = new Reader(sigBlob);
    const sigType = sr.text();
    const raw = sr.bytes();
    const data = signedData(msg, ns, hashAlg);
    let good: boolean;
    if (type === 'ssh-ed25519') {
      good = sigType === 'ssh-ed25519' && cryptoVerify(null, data, key, raw);
    } else if (type === 'ssh-rsa') {
      // SHA-1 (`ssh-rsa`) signatures are refused, as OpenSSH does for SSHSIG.
      const alg = sigType === 'rsa-sha2-512' ? 'sha512' : sigType === 'rsa-sha2-256' ? 'sha256' : undefined;
      if (!alg) return { ok: false, error: `RSA signature algorithm ${sigType} is not accepted` };
      good = cryptoVerify(alg, data, key, raw);
    } else {
      if (sigType !== type || !curve) return { ok: false, error: 'signature type does not match the key' };
      const er = new Reader(raw);
      const rs = Buffer.concat([padTo(er.bytes(), curve.size), padTo(er.bytes(), curve.size)]);
      good = cryptoVerify(curve.hash, data, { key, dsaEncoding: 'ieee-p1363' }, rs);
    }
    return good ? { ok: true, publicKey, keyType: type } : { ok: false, error: 'the signature does not match the signed text' };
  } catch (err) {
    return { ok: false, error: `unreadable signature (${err instanceof Error ? err.message : String(err)})` };
  }
}
