// SHA-256 (FIPS 180-4) for the hook's start-up path. Node's own `node:crypto` is the library for
// it and stays the one for anything large, but loading it costs ~2 ms (it pulls in streams and the
// cipher classes), which is a fifth of a read-only hook call's whole overhead. A hook call hashes
// a few hundred bytes (the action's digest, one or two audit lines), which this plain version does
// in well under a tenth of that. So: the first JS_BUDGET bytes a process hashes go through the
// function below, everything after (a 1 MB file write's digest, verifying a 10,000-line audit log)
// through node:crypto. Both give the same hex digest for the same bytes
// (test/unit/engine/sha256.test.ts compares them on every length across the block boundaries).

/** Bytes hashed here before a process switches to node:crypto for good. */
const JS_BUDGET = 64 * 1024;

/** The first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74,
  0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d,
  0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e,
  0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
  0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
/** The first 32 bits of the fractional parts of the square roots of the first 8 primes. */
const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

let hashedInJs = 0;
let native: typeof import('node:crypto') | undefined;

/** sha256 of `input` (a string is hashed as UTF-8), as 64 lowercase hex digits. */
export function sha256Hex(input: string | Uint8Array): string {
  if (!native) {
    const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
    if (hashedInJs + bytes.length <= JS_BUDGET) {
      hashedInJs += bytes.length;
      return plainSha256Hex(bytes);
    }
    native = require('node:crypto') as typeof import('node:crypto');
  }
  // node:crypto encodes a string itself: no copy of it first.
  return typeof input === 'string' ? native.createHash('sha256').update(input, 'utf8').digest('hex') : native.createHash('sha256').update(input).digest('hex');
}

/** The plain implementation, exported for the test that compares it with node:crypto. */
export function plainSha256Hex(bytes: Uint8Array): string {
  const n = bytes.length;
  // The message, a 1 bit, zeros, and the length in bits as a 64-bit big-endian number, in whole blocks.
  const total = ((n + 9 + 63) >>> 6) << 6;
  const m = new Uint8Array(total);
  m.set(bytes);
  m[n] = 0x80;
  const view = new DataView(m.buffer);
  view.setUint32(total - 8, Math.floor(n / 0x20000000));
  view.setUint32(total - 4, (n * 8) >>> 0);
  const h = Uint32Array.from(H0);
  const w = new Uint32Array(64);
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      w[i] = (s0 + w[i - 7]! + s1 + w[i - 16]!) | 0;
    }
    let a = h[0]!;
    let b = h[1]!;
    let c = h[2]!;
    let d = h[3]!;
    let e = h[4]!;
    let f = h[5]!;
    let g = h[6]!;
    let hh = h[7]!;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (hh + S1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] = h[0]! + a;
    h[1] = h[1]! + b;
    h[2] = h[2]! + c;
    h[3] = h[3]! + d;
    h[4] = h[4]! + e;
    h[5] = h[5]! + f;
    h[6] = h[6]! + g;
    h[7] = h[7]! + hh;
  }
  let hex = '';
  for (let i = 0; i < 8; i++) hex += h[i]!.toString(16).padStart(8, '0');
  return hex;
}
