// Decoding what a command spells out in escapes or encodings, when the encoded text itself is
// in the command: printf / `echo -e` escapes, base64, hex. Pure; undefined when the result is not
// text (binary is not a command).

/** C-style escapes as printf and `echo -e` read them: \xHH, \NNN (octal), \uHHHH, \n, \t… */
export function unescapeC(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{4}|0?[0-7]{1,3}|[abefnrtv\\'"])/g, (_m, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (e[0] === 'u') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ({ a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' } as Record<string, string>)[e] ?? e;
  });
}

/**
 * What `printf FORMAT ARGS…` prints: the format's escapes, `%s %b %d %i %c %q %u %x %o` with flags
 * and widths, `%%`, and the format used again while arguments remain (POSIX), so
 * `printf '%s ' rm -rf ~` is `rm -rf ~ `.
 */
export function printfText(fmt: string, args: string[]): string {
  const conv = /%(%|[-+ #0]*(\d*)(?:\.\d+)?([sbdiqcuxXo]))/g;
  let out = '';
  let k = 0;
  for (let round = 0; round < 1000; round++) {
    const before = k;
    let last = 0;
    for (const m of fmt.matchAll(conv)) {
      out += unescapeC(fmt.slice(last, m.index));
      last = m.index + m[0].length;
      if (m[1] === '%') {
        out += '%';
        continue;
      }
      const arg = args[k++];
      const kind = m[3]!;
      let v =
        kind === 'b'
          ? unescapeC(arg ?? '')
          : kind === 'c'
            ? (arg ?? '').slice(0, 1)
            : /[diuxXo]/.test(kind)
              ? String(Number.parseInt(arg ?? '0', 10) || 0)
              : (arg ?? '');
      const width = Number(m[2] || 0);
      if (v.length < width) v = m[0].includes('-') ? v.padEnd(width) : v.padStart(width);
      out += v;
    }
    out += unescapeC(fmt.slice(last));
    // The format is used again only while it takes arguments and some are left.
    if (k === before || k >= args.length) break;
  }
  return out;
}

/** Base64 (standard or URL alphabet) to UTF-8 text; undefined when it is not base64 of text. */
export function decodeBase64(b64: string): string | undefined {
  const clean = b64.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]+$/.test(clean) || clean.length > 400_000) return undefined;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const bytes: number[] = [];
  let buf = 0;
  let bits = 0;
  for (const ch of clean) {
    buf = ((buf << 6) | alphabet.indexOf(ch)) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buf >> bits) & 0xff);
    }
  }
  return textOf(bytes);
}

/** Hex (`xxd -r -p`) to UTF-8 text. */
export function decodeHex(hex: string): string | undefined {
  const clean = hex.replace(/\s+/g, '');
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(clean) || clean.length > 400_000) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < clean.length; i += 2) bytes.push(parseInt(clean.slice(i, i + 2), 16));
  return textOf(bytes);
}

function textOf(bytes: number[]): string | undefined {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(new Uint8Array(bytes));
  // Binary is not a command: only text that is mostly printable counts.
  const printable = [...text].filter((c) => c >= ' ' || c === '\n' || c === '\t').length;
  return text.length && printable / text.length > 0.9 ? text : undefined;
}
