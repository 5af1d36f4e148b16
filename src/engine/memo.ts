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

/**
 * unionOf for case-insensitive patterns, to test on lowercased text: compiled without case folding,
 * which makes a large union's first test (V8 compiles a pattern when it first runs, in every new
 * process) about a third cheaper, and its next ones three times. Exact only where lowering the
 * text keeps its length (the caller checks: `İ` becomes two characters), and only for plain
 * patterns: all `i`, no escapes of capital letters or Unicode classes, no negated class naming a
 * letter, no range from a capital; otherwise undefined and the caller uses unionOf.
 */
export function lowerUnionOf(patterns: readonly RegExp[]): RegExp | undefined {
  if (!patterns.length) return /(?!)/;
  // A range from a capital to anything else (`[A-z]`) would shrink when lowered: refused too.
  if (patterns.some((p) => p.flags !== 'i' || /\\[A-Zpcux]|\[\^[^\]]*[A-Za-z]|\(\?<|\\[1-9]|[A-Z]-[^A-Z]/.test(p.source))) return undefined;
  // Capital letters to small ones, escapes (`\d`, `\.`) left as they are.
  const lowered = (src: string): string => src.replace(/\\.|[A-Z]/g, (m) => (m.length === 2 ? m : m.toLowerCase()));
  return new RegExp(patterns.map((p) => `(?:${lowered(p.source)})`).join('|'));
}
