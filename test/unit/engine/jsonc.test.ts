// The hook's light JSONC reader (engine/jsonc.ts) against jsonc-parser as the full policy reader
// calls it (parseTree with trailing commas and comments allowed, any error a failure): the same
// accept or reject and the same value on a table of hand-written texts, and on ~4,000 texts made by
// corrupting valid ones one edit at a time (a fixed seed, so a failure names a text that repeats).
// Plus what the old regex-based stripper got wrong: text inside strings is never rewritten.
import assert from 'node:assert/strict';
import { getNodeValue, parseTree, type ParseError } from 'jsonc-parser';
import { lineColumn, parseJsonc } from '../../../src/engine/jsonc';

function reference(text: string): { ok: true; value: unknown } | { ok: false } {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  return errors.length || !tree ? { ok: false } : { ok: true, value: getNodeValue(tree) };
}

function agree(text: string): void {
  const mine = parseJsonc(text);
  const ref = reference(text);
  assert.equal(
    mine.ok,
    ref.ok,
    `${JSON.stringify(text)}: light ${mine.ok ? 'accepts' : `rejects (${(mine as { message: string }).message})`}, jsonc-parser ${ref.ok ? 'accepts' : 'rejects'}`,
  );
  // jsonc-parser builds objects without a prototype: compare as JSON.
  if (mine.ok && ref.ok) assert.deepEqual(JSON.parse(JSON.stringify(mine.value)), JSON.parse(JSON.stringify(ref.value)), JSON.stringify(text));
}

const VALID = [
  '{}',
  '[]',
  '{"a": 1}',
  '{"a": [1, 2, 3], "b": {"c": null, "d": true, "e": false}}',
  '{\n  // a comment\n  "version": 1, /* block */\n  "rules": [ { "when": { "command": "^rm" }, "then": "deny", }, ],\n}\n',
  '{"s": "a,}"}',
  '{"s": "a,]", "t": "// not a comment", "u": "/* nor this */"}',
  '{"esc": "q\\"uote \\\\ back \\/ slash \\b\\f\\n\\r\\t \\u00e9 \\uD83D\\uDE00"}',
  '{"n": [0, -0, 1.5, -2.25e10, 3E-2, 1e+3, 12345678901234567890]}',
  '{"dup": 1, "dup": 2}',
  '{"__proto__": {"polluted": true}}',
  '  \r\n\t{"crlf": 1}\r\n',
  '"just a string"',
  '42',
  'null',
  '[1,]',
  '{"a":1,}',
  '[[[[[[]]]]]]',
  '{"a": 1} // trailing comment',
  '/* lead */ {"a": 1}',
  '{"a"/*x*/:/*y*/1/*z*/}',
  '{"line": 1 //c\r\n}',
];

const INVALID = [
  '',
  '   ',
  '// only a comment',
  '{',
  '}',
  '[,]',
  '{,}',
  '[1,,]',
  '{"a":1,,}',
  '{"a" 1}',
  '{a: 1}',
  "{'a': 1}",
  '{"a": 01}',
  '{"a": 1.}',
  '{"a": .5}',
  '{"a": 1e}',
  '{"a": -}',
  '{"a": +1}',
  '{"a": truex}',
  '{"a": nul}',
  '{"a": 1a}',
  '{"a": "unterminated}',
  '{"a": "new\nline"}',
  '{"a": "tab\tinside"}',
  '{"a": "\\x41"}',
  '{"a": "\\u12"}',
  '{"a": 1} {"b": 2}',
  '{"a": 1} /* unterminated',
  '{"a": 1 /}',
  '\ufeff{"bom": 1}',
  '{"a":\u00a01}',
  '[1 2]',
  '{"a": [1, 2}',
  '{"a": 1]',
];

describe('light JSONC reader (engine/jsonc.ts) agrees with jsonc-parser', () => {
  for (const text of VALID)
    it(`accepts ${JSON.stringify(text).slice(0, 70)}`, () => {
      assert.equal(parseJsonc(text).ok, true, JSON.stringify(parseJsonc(text)));
      agree(text);
    });
  for (const text of INVALID)
    it(`rejects ${JSON.stringify(text).slice(0, 70)}`, () => {
      assert.equal(parseJsonc(text).ok, false);
      agree(text);
    });

  it('never rewrites text inside strings (the old stripper turned "a,}" into "a}")', () => {
    const r = parseJsonc('{"command": "^echo a,} b,] // c /* d */", "x": [1,],}');
    assert.deepEqual(r, { ok: true, value: { command: '^echo a,} b,] // c /* d */', x: [1] } });
  });

  it('keeps a "__proto__" key as data, as JSON.parse does', () => {
    const r = parseJsonc('{"__proto__": {"x": 1}}');
    assert.ok(r.ok);
    assert.equal(Object.getPrototypeOf(r.value), Object.prototype);
    assert.deepEqual(Object.keys(r.value as object), ['__proto__']);
  });

  it('names where the first error is', () => {
    const cases: [string, number, number, RegExp][] = [
      ['{\n  "a": 1,\n  "b" 2\n}', 3, 7, /colon/],
      ['{"a": "x\ny"}', 1, 9, /unterminated string/],
      ['{\n  "a": [1, 2\n}', 3, 1, /comma or a closing bracket/],
      ['{"a": 1}\n/* never closed', 2, 1, /unterminated comment/],
      ['', 1, 1, /empty/],
      ['{"a": tru}', 1, 7, /value was expected/],
      ['{"a": "\\q"}', 1, 8, /invalid escape/],
      ['{"a": "\\u00g0"}', 1, 8, /invalid \\u escape/],
      ['{"a": 1 "b": 2}', 1, 9, /comma or a closing brace/],
      ['{1: 2}', 1, 2, /property name/],
      ['{"a": 1} x', 1, 10, /after the end/],
      ['{"a": "\u0001"}', 1, 8, /control character/],
      ['[', 1, 2, /text ended/],
      ['{"a": 1 // c', 1, 13, /comma or a closing brace/],
      ['{"a": "abc', 1, 7, /^unterminated string$/],
      ['{"a": "x\ry"}', 1, 9, /^unterminated string$/],
      ['{"a": truex}', 1, 7, /value was expected/],
      ['{"a": 12x}', 1, 7, /value was expected/],
      ['{"a": "x\\', 1, 9, /^invalid escape in a string$/],
      ['{"a": "\\', 1, 8, /^invalid escape in a string$/],
    ];
    for (const [text, line, column, message] of cases) {
      const r = parseJsonc(text);
      assert.equal(r.ok, false, JSON.stringify(text));
      if (r.ok) continue;
      assert.deepEqual(lineColumn(text, r.offset), { line, column }, `${JSON.stringify(text)}: ${r.message}`);
      assert.match(r.message, message, JSON.stringify(text));
    }
  });

  it('gives up on absurd nesting with an error, not a stack overflow: 513 levels are read, 514 are not', () => {
    const arrays = (n: number) => parseJsonc(`${'['.repeat(n)}${']'.repeat(n)}`);
    const objects = (n: number) => parseJsonc(`${'{"a":'.repeat(n)}1${'}'.repeat(n)}`);
    assert.equal(arrays(513).ok, true);
    assert.deepEqual(arrays(514), { ok: false, offset: 513, message: 'nested too deeply' });
    assert.equal(objects(512).ok, true);
    assert.deepEqual(objects(600).ok ? 'ok' : objects(600).ok === false && (objects(600) as { message: string }).message, 'nested too deeply');
    assert.deepEqual(arrays(100000).ok ? 'ok' : (arrays(100000) as { message: string }).message, 'nested too deeply');
  });

  it('lineColumn counts LF lines and 1-based columns', () => {
    assert.deepEqual(lineColumn('ab\ncd\n', 0), { line: 1, column: 1 });
    assert.deepEqual(lineColumn('ab\ncd\n', 2), { line: 1, column: 3 });
    assert.deepEqual(lineColumn('ab\ncd\n', 3), { line: 2, column: 1 });
    assert.deepEqual(lineColumn('ab\ncd\n', 6), { line: 3, column: 1 });
    assert.deepEqual(lineColumn('ab', 2), { line: 1, column: 3 });
  });

  it('agrees on ~4,000 corrupted policies (seeded single edits of valid texts)', () => {
    let seed = 0x2f6e2b1;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const PIECES = ['{', '}', '[', ']', ',', ':', '"', '\\', '/', '*', '//', '/*', '*/', '\n', ' ', '0', '1', '-', '.', 'e', 'true', 'null', 'x', '\t', '\r'];
    const seeds = VALID.filter((t) => t.length > 2);
    let checked = 0;
    for (let i = 0; i < 4000; i++) {
      const base = seeds[rand(seeds.length)]!;
      const at = rand(base.length + 1);
      const op = rand(3);
      const piece = PIECES[rand(PIECES.length)]!;
      const text =
        op === 0
          ? base.slice(0, at) + base.slice(at + 1)
          : op === 1
            ? base.slice(0, at) + piece + base.slice(at)
            : base.slice(0, at) + piece + base.slice(at + 1);
      agree(text);
      checked++;
    }
    assert.equal(checked, 4000);
  });
});
