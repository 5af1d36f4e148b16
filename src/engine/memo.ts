// Two speed helpers for pure functions the engine asks again and again with the same inputs
// (effects/where.ts, effects/categories.ts, effects/guard-assets.ts): a bounded memo, and the
// text a pattern's every match contains, to skip (and never compile) the patterns a path cannot match.

/**
 * Answers of a pure function, kept by key. Bounded: emptied when full (no eviction bookkeeping on
 * the hot path). Callers keep only frozen answers, so no caller can change what another gets.
 */
export class BoundedMemo<V> {
  private readonly answers = new Map<string, V>();
  constructor(private readonly max = 2000) {}

  /** The kept answer for `key`, else `compute()`'s, kept. */
  get(key: string, compute: () => V): V {
    // One lookup for a kept answer; a second only to tell a kept `undefined` from none.
    const known = this.answers.get(key);
    if (known !== undefined || this.answers.has(key)) return known as V;
    const v = compute();
    if (this.answers.size >= this.max) this.answers.clear();
    this.answers.set(key, v);
    return v;
  }

  /** Start from nothing known, as a fresh hook process does (for benchmarks). */
  clear(): void {
    this.answers.clear();
  }
}

/**
 * A text every match of `re` contains (lowercased when `re` is case-insensitive), or undefined
 * when none can be told for sure. Read from the pattern's source: the longest run of plain
 * characters at its top level, outside groups, classes and anything a quantifier may drop. A
 * pattern with a top-level `|`, a flag other than `i`, or anything unusual gives undefined (the
 * caller then always tests it). Used to skip patterns without compiling them: V8 compiles a
 * pattern on its first test in every process, ~25 µs each and ~2 ms for a large union.
 */
export function necessaryText(re: RegExp): string | undefined {
  if (re.flags !== '' && re.flags !== 'i') return undefined;
  const src = re.source;
  const runs: string[] = [];
  let run = '';
  const end = (): void => {
    if (run) runs.push(run);
    run = '';
  };
  /** Index just past the group or class opening at `i` (escapes and nested classes skipped). */
  const skip = (i: number): number => {
    let depth = 0;
    let inClass = false;
    for (let j = i; j < src.length; j++) {
      const c = src[j]!;
      if (c === '\\') j++;
      else if (inClass) {
        if (c === ']') {
          inClass = false;
          if (depth === 0) return j + 1;
        }
      } else if (c === '[') inClass = true;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return j + 1;
    }
    return -1;
  };
  /** A quantifier at `i`: its length, and whether it allows zero. */
  const quantifier = (i: number): { len: number; zero: boolean } | undefined => {
    const c = src[i];
    let q: { len: number; zero: boolean };
    if (c === '?' || c === '*') q = { len: 1, zero: true };
    else if (c === '+') q = { len: 1, zero: false };
    else if (c === '{') {
      const m = /^\{(\d+)(?:,\d*)?\}/.exec(src.slice(i));
      if (!m) return undefined;
      q = { len: m[0].length, zero: Number(m[1]) === 0 };
    } else return undefined;
    if (src[i + q.len] === '?') q.len++; // lazy
    return q;
  };
  for (let i = 0; i < src.length;) {
    const c = src[i]!;
    if (c === '|') return undefined; // alternatives at the top: no one text is in every match
    if (c === '(' || c === '[') {
      const next = skip(i);
      if (next < 0) return undefined;
      end();
      const q = quantifier(next);
      i = next + (q?.len ?? 0);
      continue;
    }
    let lit: string | undefined;
    let len = 1;
    if (c === '\\') {
      const e = src[i + 1];
      if (e === undefined) return undefined;
      len = 2;
      // Character codes, properties and references name what this does not read: give up.
      if (/[0-9uxckpP]/.test(e)) return undefined;
      // Escaped punctuation is itself; the other letters are classes or anchors.
      if (/[^A-Za-z]/.test(e)) lit = e;
    } else if (!'^$.)]{}*+?'.includes(c)) lit = c;
    const q = quantifier(i + len);
    if (lit === undefined) {
      end();
      i += len + (q?.len ?? 0);
      continue;
    }
    if (q?.zero) {
      end();
    } else if (q) {
      run += lit;
      end();
    } else run += lit;
    i += len + (q?.len ?? 0);
  }
  end();
  const best = runs.reduce<string | undefined>((a, r) => (a === undefined || r.length > a.length ? r : a), undefined);
  if (!best) return undefined;
  if (re.flags !== 'i') return best;
  // Lowercase only where that is exact for /i: ASCII (non-ASCII case folding differs).
  return /^[\x20-\x7e]+$/.test(best) ? best.toLowerCase() : undefined;
}
