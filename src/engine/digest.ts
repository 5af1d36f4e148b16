// The digest an approval is bound to: sha256 over the canonical JSON of the action (keys sorted,
// undefined dropped, strings as given). Same action, same digest, on every machine.
// Serialised with an explicit stack, not recursion: a hostile plan nested 100,000 deep must not
// overflow the call stack (JSON.parse accepts such input).
import { createHash } from 'node:crypto';

type Frame =
  | { kind: 'value'; value: unknown }
  | { kind: 'text'; text: string };

export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  const stack: Frame[] = [{ kind: 'value', value }];
  while (stack.length) {
    const frame = stack.pop()!;
    if (frame.kind === 'text') {
      out.push(frame.text);
      continue;
    }
    const v = frame.value;
    if (v === null || typeof v !== 'object') {
      // Numbers, strings, booleans as JSON writes them; functions, symbols and undefined as null
      // (only reachable inside arrays: undefined object members are dropped below).
      out.push(JSON.stringify(v) ?? 'null');
      continue;
    }
    const toJson = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJson === 'function') {
      stack.push({ kind: 'value', value: (toJson as () => unknown).call(v) });
      continue;
    }
    // Push in reverse so the output comes out in order.
    if (Array.isArray(v)) {
      stack.push({ kind: 'text', text: ']' });
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push({ kind: 'value', value: v[i] });
        if (i > 0) stack.push({ kind: 'text', text: ',' });
      }
      stack.push({ kind: 'text', text: '[' });
      continue;
    }
    const record = v as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined && typeof record[k] !== 'function' && typeof record[k] !== 'symbol')
      .sort();
    stack.push({ kind: 'text', text: '}' });
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      stack.push({ kind: 'value', value: record[k] });
      stack.push({ kind: 'text', text: `${i > 0 ? ',' : ''}${JSON.stringify(k)}:` });
    }
    stack.push({ kind: 'text', text: '{' });
  }
  return out.join('');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function digestOf(action: unknown): string {
  return sha256Hex(canonicalJson(action));
}
