// Two speed helpers for pure functions the engine asks again and again with the same inputs
// (effects/where.ts, effects/categories.ts, effects/guard-assets.ts): a bounded memo, and the
// texts a pattern's every match contains one of, to skip (and never compile) the patterns a text cannot match.

import { NECESSARY_TEXTS } from './necessary-texts.generated';

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

/** Flags under which a match still holds the pattern's plain characters as written (`u`/`v` read escapes otherwise). */
const GATED_FLAGS = /^[dgimsy]*$/;
/** Most texts in one set: a longer list of alternatives is cheaper to leave to the pattern. */
const MAX_TEXTS = 48;

/**
 * Texts of which every match of `re` contains at least one (lowercased when `re` is
 * case-insensitive), or undefined when none can be told for sure. Read from the pattern's source:
 * in each top-level alternative, the best of its plain runs and of the groups it cannot skip (a
 * group's own alternatives, read the same way); outside classes, lookarounds and anything a
 * quantifier may drop. Character codes, properties, back-references, the `u`/`v` flags or anything
 * unusual give undefined (the caller then always tests the pattern). Used to skip patterns without
 * compiling them: V8 compiles a pattern on its first test in every process, 25–250 µs each.
 */
export function necessaryTexts(re: RegExp): readonly string[] | undefined {
  if (!GATED_FLAGS.test(re.flags)) return undefined;
  const texts = alternativesIn(re.source, 0, re.source.length);
  if (!texts) return undefined;
  if (!re.flags.includes('i')) return texts;
  // Lowercase only where that is exact for /i: ASCII (non-ASCII case folding differs).
  if (!texts.every((t) => /^[\x20-\x7e]+$/.test(t))) return undefined;
  return [...new Set(texts.map((t) => t.toLowerCase()))];
}

/** Index just past the group or class opening at `i` in `src` (escapes and nested classes skipped), or -1. */
function closing(src: string, i: number): number {
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
}

/** A quantifier at `i`: its length, and whether it allows zero. */
function quantifierAt(src: string, i: number): { len: number; zero: boolean } | undefined {
  const c = src[i];
  let q: { len: number; zero: boolean };
  if (c === '?' || c === '*') q = { len: 1, zero: true };
  else if (c === '+') q = { len: 1, zero: false };
  else if (c === '{') {
    const m = /^\{(\d+)(?:,\d*)?\}/.exec(src.slice(i, i + 24));
    if (!m) return undefined;
    q = { len: m[0].length, zero: Number(m[1]) === 0 };
  } else return undefined;
  if (src[i + q.len] === '?') q.len++; // lazy
  return q;
}

/** The texts for src[from, to): one set per top-level alternative, joined. */
function alternativesIn(src: string, from: number, to: number): string[] | undefined {
  const out: string[] = [];
  let start = from;
  for (let i = from; i <= to; i++) {
    const c = src[i];
    if (i < to && (c === '(' || c === '[')) {
      const next = closing(src, i);
      if (next < 0 || next > to) return undefined;
      i = next - 1;
    } else if (i < to && c === '\\') i++;
    else if (i === to || c === '|') {
      const texts = sequenceIn(src, start, i);
      if (!texts) return undefined;
      out.push(...texts);
      if (out.length > MAX_TEXTS) return undefined;
      start = i + 1;
    }
  }
  return out;
}

/** The best set of texts for a sequence without top-level `|`: its longest shortest text, then the fewest texts. */
function sequenceIn(src: string, from: number, to: number): string[] | undefined {
  const sets: string[][] = [];
  let run = '';
  const end = (): void => {
    if (run) sets.push([run]);
    run = '';
  };
  for (let i = from; i < to;) {
    const c = src[i]!;
    if (c === '(' || c === '[') {
      const next = closing(src, i);
      if (next < 0 || next > to) return undefined;
      end();
      const q = quantifierAt(src, next);
      if (c === '(' && !q?.zero) {
        // What the group matches is in every match, unless it is a lookaround (which matches nothing).
        let body = i + 1;
        if (src.startsWith('?:', body)) body += 2;
        else if (src.startsWith('?<', body) && src[body + 2] !== '=' && src[body + 2] !== '!') {
          const name = src.indexOf('>', body);
          if (name < 0 || name >= next) return undefined;
          body = name + 1;
        } else if (src[body] === '?') body = -1; // (?= (?! (?<= (?<! or a form this does not read
        if (body >= 0) {
          const inner = alternativesIn(src, body, next - 1);
          if (inner) sets.push(inner);
        }
      }
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
    } else if (!'^$.)]{}*+?|'.includes(c)) lit = c;
    const q = quantifierAt(src, i + len);
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
  let best: string[] | undefined;
  let bestShortest = 0;
  for (const set of sets) {
    const shortest = Math.min(...set.map((t) => t.length));
    if (shortest > bestShortest || (shortest === bestShortest && best && set.length < best.length)) {
      best = set;
      bestShortest = shortest;
    }
  }
  return best;
}

/** A pattern's key in NECESSARY_TEXTS. */
export const textsKey = (re: RegExp): string => `${re.flags}/${re.source}`;

const TEXTS = new WeakMap<RegExp, readonly string[] | null>();
/** Longer texts are left to the pattern: scanning them for each text would cost more than a compile. */
const GATE_MAX_LENGTH = 64 * 1024;

/** `text` lowercased for mayMatch, when the gate will read it (undefined for a text too long to gate). */
export function gateLower(text: string): string | undefined {
  return text.length > GATE_MAX_LENGTH ? undefined : text.toLowerCase();
}

/**
 * False only when `re` cannot match `text`: the text holds none of the pattern's necessary texts
 * (necessaryTexts). `lower` is `text.toLowerCase()`, passed when the caller has it already.
 */
export function mayMatch(re: RegExp, text: string, lower?: string): boolean {
  if (text.length > GATE_MAX_LENGTH) return true;
  let texts = TEXTS.get(re);
  if (texts === undefined) {
    // Read at build time for the tables' patterns (scripts/necessary-texts.ts); derived otherwise.
    const known = NECESSARY_TEXTS[textsKey(re)];
    texts = known !== undefined ? known : (necessaryTexts(re) ?? null);
    TEXTS.set(re, texts);
  }
  if (texts === null) return true;
  const t = re.flags.includes('i') ? (lower ?? text.toLowerCase()) : text;
  for (const x of texts) if (t.includes(x)) return true;
  return false;
}
