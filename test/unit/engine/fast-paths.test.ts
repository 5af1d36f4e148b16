// The engine's fast paths give exactly what the plain code gives: clip() without its regex for
// short plain lines and with only the head collapsed for long texts, and canonicalJson() written
// directly for flat objects. Differential over seeded random inputs built to hit the edges
// (whitespace runs at the cut, non-ASCII spaces, trailing whitespace, undefined and non-finite values).
import assert from 'node:assert/strict';
import { clip } from '../../../src/engine/analysis';
import { canonicalJson, carefulCanonicalJson } from '../../../src/engine/digest';
import { seededRandom } from '../../helpers';

/** clip() as it was written before its fast paths: the reference. */
function clipReference(text: string, max = 200): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

const PIECES = ['a', 'rm', '-rf', ' ', '  ', '\t', '\n', '\u00a0', '\u2028', '\ufeff', 'é', '\u0001', 'x'.repeat(50), ' '.repeat(300), '/tmp/x'];

describe('engine fast paths', () => {
  it('clip() equals the plain regex version on 20,000 seeded texts, for several widths', () => {
    const r = seededRandom(7);
    for (let i = 0; i < 20_000; i++) {
      let t = '';
      const n = Math.floor(r() * 60);
      for (let j = 0; j < n; j++) t += PIECES[Math.floor(r() * PIECES.length)];
      for (const max of [1, 2, 10, 40, 200]) assert.equal(clip(t, max), clipReference(t, max), `max ${max}: ${JSON.stringify(t)}`);
    }
  });

  it('clip() on a 1 MB text reads only its head, with the same result', () => {
    const long = `echo  ${'a b\n'.repeat(300_000)}`;
    assert.equal(clip(long), clipReference(long));
    const spaces = `x${' '.repeat(2000)}y`;
    assert.equal(clip(spaces, 5), clipReference(spaces, 5));
    const tail = `${'word '.repeat(41)}${' '.repeat(5000)}`;
    for (const max of [200, 204, 205, 206]) assert.equal(clip(tail, max), clipReference(tail, max), `max ${max}`);
  });

  it('canonicalJson() equals the careful serialiser (the fallback for deep or cyclic values) on 5,000 seeded objects, flat or not', () => {
    const r = seededRandom(11);
    const values: unknown[] = ['', 'rm -rf ~', 'é\u2028"\\', 0, -1.5, 1e21, NaN, Infinity, true, false, null, undefined, [1], { a: 1 }];
    for (let i = 0; i < 5_000; i++) {
      const o: Record<string, unknown> = {};
      const n = Math.floor(r() * 6);
      for (let j = 0; j < n; j++)
        o[['kind', 'command', 'cwd', 'shell', 'z', 'A', '10', '2', '__proto__x'][Math.floor(r() * 9)]!] = values[Math.floor(r() * values.length)];
      assert.equal(canonicalJson(o), carefulCanonicalJson(o), JSON.stringify(o));
    }
    assert.equal(canonicalJson({ b: 'x', a: undefined, c: 1 }), '{"b":"x","c":1}');
    assert.equal(canonicalJson(Object.assign(Object.create(null) as object, { b: 1, a: 2 })), '{"a":2,"b":1}');
    // Array-index keys come first, in numeric order, on every path (as JSON.stringify writes an object).
    assert.equal(canonicalJson({ b: 1, 10: 'x', 2: 'y' }), '{"2":"y","10":"x","b":1}');
    assert.equal(carefulCanonicalJson({ b: 1, 10: 'x', 2: 'y', n: { 10: 1, 9: 2 } }), canonicalJson({ b: 1, 10: 'x', 2: 'y', n: { 10: 1, 9: 2 } }));
  });
});
