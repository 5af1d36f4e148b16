// JSON with comments and trailing commas, read the way jsonc-parser reads it with
// { allowTrailingComma: true, disallowComments: false } (the full policy reader, engine/policy.ts):
// `//` and `/* */` comments, a comma before `]` or `}`, whitespace of space, tab, CR and LF only.
// A small recursive-descent parser so the hook's start-up path can read the policy without loading
// jsonc-parser (54 KB, ~2.5 ms); a differential test (test/unit/engine/jsonc.test.ts) holds the two
// to the same answers. Text inside strings is never rewritten, and every error names its offset.
// What it does not do: recover from an error (the first one ends the parse), or keep positions of
// values (the full reader points zod's errors at their line).
/* eslint-disable @typescript-eslint/only-throw-error -- Fail, below */

export type JsoncResult = { ok: true; value: unknown } | { ok: false; offset: number; message: string };

/** Line and column (both 1-based) of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Thrown to leave the reader at the first error and caught below. Not an Error on purpose: no
 * stack is captured on the hook's start-up path. (Hence the lint exception in this file.)
 */
class Fail {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

const ESCAPES = new Map([
  ['"', '"'],
  ['\\', '\\'],
  ['/', '/'],
  ['b', '\b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
]);
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

/** Parses JSONC text; never throws. An empty text (only whitespace and comments) is an error. */
export function parseJsonc(text: string): JsoncResult {
  let pos = 0;

  /** Skips whitespace and comments; an unterminated block comment is an error. */
  const skip = (): void => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) pos++;
      else if (c === 47 && text.charCodeAt(pos + 1) === 47) {
        pos += 2;
        while (pos < text.length && text.charCodeAt(pos) !== 10 && text.charCodeAt(pos) !== 13) pos++;
      } else if (c === 47 && text.charCodeAt(pos + 1) === 42) {
        const end = text.indexOf('*/', pos + 2);
        if (end === -1) throw new Fail(pos, 'unterminated comment');
        pos = end + 2;
      } else return;
    }
  };

  const string = (): string => {
    const start = pos;
    pos++; // the opening quote
    let out = '';
    let from = pos;
    for (;;) {
      // Escapes never step past the end (each is checked whole), so the end is met exactly.
      if (pos === text.length) throw new Fail(start, 'unterminated string');
      const c = text.charCodeAt(pos);
      if (c === 34) {
        out += text.slice(from, pos);
        pos++;
        return out;
      }
      if (c < 0x20) throw new Fail(pos, c === 10 || c === 13 ? 'unterminated string' : 'control character in a string');
      if (c === 92) {
        out += text.slice(from, pos);
        const e = text.charAt(pos + 1);
        if (e === 'u') {
          HEX4.lastIndex = pos + 2;
          if (!HEX4.test(text)) throw new Fail(pos, 'invalid \\u escape');
          out += String.fromCharCode(parseInt(text.slice(pos + 2, pos + 6), 16));
          pos += 6;
        } else {
          const escaped = ESCAPES.get(e);
          if (escaped === undefined) throw new Fail(pos, 'invalid escape in a string');
          out += escaped;
          pos += 2;
        }
        from = pos;
        continue;
      }
      pos++;
    }
  };

  const value = (depth: number): unknown => {
    if (depth > 512) throw new Fail(pos, 'nested too deeply');
    skip();
    const c = text[pos];
    if (c === '{') return object(depth);
    if (c === '[') return array(depth);
    if (c === '"') return string();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, pos) && !wordGoesOn(pos + word.length)) {
        pos += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    // A number runs to a delimiter: `01`, `1.`, `1e`, `-` are errors, as in jsonc-parser.
    if (m && !/[0-9.eE+-]/.test(text[pos + m[0].length] ?? '') && !wordGoesOn(pos + m[0].length)) {
      pos += m[0].length;
      return Number(m[0]);
    }
    throw new Fail(pos, pos >= text.length ? 'a value was expected, the text ended' : 'a value was expected');
  };

  /** A literal or number followed by more word characters (`truex`, `1a`) is one unknown token. */
  const wordGoesOn = (at: number): boolean => at < text.length && !/[ \t\r\n{}[\]":,/]/.test(text[at]!);

  const object = (depth: number): Record<string, unknown> => {
    // Entries, then Object.fromEntries: a key named __proto__ is data, as JSON.parse makes it, and
    // a repeated key keeps its first place with the last value.
    const out: [string, unknown][] = [];
    const done = (): Record<string, unknown> => Object.fromEntries(out);
    pos++;
    skip();
    if (text[pos] === '}') {
      pos++;
      return done();
    }
    for (;;) {
      skip();
      if (text[pos] !== '"') throw new Fail(pos, 'a property name in double quotes was expected');
      const key = string();
      skip();
      if (text[pos] !== ':') throw new Fail(pos, 'a colon was expected');
      pos++;
      out.push([key, value(depth + 1)]);
      skip();
      if (text[pos] === '}') {
        pos++;
        return done();
      }
      if (text[pos] !== ',') throw new Fail(pos, 'a comma or a closing brace was expected');
      pos++;
      skip();
      if (text[pos] === '}') {
        pos++; // a trailing comma
        return done();
      }
    }
  };

  const array = (depth: number): unknown[] => {
    const out: unknown[] = [];
    pos++;
    skip();
    if (text[pos] === ']') {
      pos++;
      return out;
    }
    for (;;) {
      out.push(value(depth + 1));
      skip();
      if (text[pos] === ']') {
        pos++;
        return out;
      }
      if (text[pos] !== ',') throw new Fail(pos, 'a comma or a closing bracket was expected');
      pos++;
      skip();
      if (text[pos] === ']') {
        pos++; // a trailing comma
        return out;
      }
    }
  };

  try {
    skip();
    if (pos >= text.length) return { ok: false, offset: 0, message: 'empty file' };
    const v = value(0);
    skip();
    if (pos < text.length) throw new Fail(pos, 'unexpected text after the end');
    return { ok: true, value: v };
  } catch (err) {
    // Only Fail is thrown: the depth bound keeps the recursion far from a stack overflow.
    const { offset, message } = err as Fail;
    return { ok: false, offset, message };
  }
}
