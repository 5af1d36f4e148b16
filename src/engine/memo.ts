// Two speed helpers for pure functions the engine asks again and again with the same inputs
// (effects/where.ts, effects/categories.ts, effects/guard-assets.ts): a bounded memo, and one
// pattern that says in a single test whether any of a list of patterns can match.

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
 * One pattern that matches wherever one of `patterns` does, to test first: most inputs match none.
 * Joined only when that is exact (one set of flags, no backreferences or named groups, whose
 * numbering a join would change); otherwise a pattern that matches everything, so the caller's own
 * loop decides. An empty list matches nothing.
 */
export function unionOf(patterns: readonly RegExp[]): RegExp {
  if (!patterns.length) return /(?!)/;
  const flags = new Set(patterns.map((p) => p.flags));
  if (flags.size > 1 || patterns.some((p) => /\\[1-9]|\(\?<[A-Za-z]/.test(p.source))) return /(?:)/;
  return new RegExp(patterns.map((p) => `(?:${p.source})`).join('|'), [...flags][0]);
}
