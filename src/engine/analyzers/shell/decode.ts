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
