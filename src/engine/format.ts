// Numbers in the words people read: one spelling for sizes across the CLI report, the facts notes,
// the engine's own messages and the editor's dialogs.
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/**
 * `n.toLocaleString('en-US')` (3,412): the same text for every integer, written here because the
 * first toLocaleString in a process loads ICU's number formats, ~9 ms of a hook call that counts
 * lines. Anything else (fractions, -0, infinities) goes to toLocaleString.
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}
