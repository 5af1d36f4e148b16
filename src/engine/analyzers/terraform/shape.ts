// Evidence for input that cannot be read: its shape (keys, lengths), never its values, so a
// plan's sensitive values or a Secret's data do not end up in a finding, a log or a review link.

export function shapeOf(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return `a string of ${v.length} characters`;
  if (Array.isArray(v)) return `a list of ${v.length} item${v.length === 1 ? '' : 's'}`;
  if (typeof v === 'object') {
    const keys = Object.keys(v);
    return keys.length ? `an object with ${keys.slice(0, 12).join(', ')}${keys.length > 12 ? `, … (${keys.length} keys)` : ''}` : 'an empty object';
  }
  return `a ${typeof v}`;
}

/** A JSON.parse failure: the parser's message and the text's length, not the text. */
export function jsonErrorOf(e: unknown, text: string): string {
  const msg = e instanceof Error ? e.message : String(e);
  return `${msg.replace(/"[^"]{20,}"/g, '"…"').slice(0, 160)} (${text.length} characters)`;
}
