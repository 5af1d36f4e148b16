// The engine's fast paths give exactly what the plain code gives: clip() without its regex for
// short plain lines and with only the head collapsed for long texts, and canonicalJson() written
// directly for flat objects. Differential over seeded random inputs built to hit the edges
// (whitespace runs at the cut, non-ASCII spaces, trailing whitespace, undefined and non-finite values).
import assert from 'node:assert/strict';
import { clip } from '../../../src/engine/analysis';
import { canonicalJson, carefulCanonicalJson } from '../../../src/engine/digest';
import { GUARDED_PATHS } from '../../../src/engine/effects/categories';
import { GUARD_ASSETS } from '../../../src/engine/effects/guard-assets';
import { necessaryText } from '../../../src/engine/memo';
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
  describe('necessaryText: the text every match of a path pattern contains', () => {
    it('is read from the top level of the pattern, outside groups, classes and what a quantifier may drop', () => {
      const cases: [RegExp, string | undefined][] = [
        [/(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i, '.github/workflows/'],
        [/(?:^|\/)Dockerfile$/i, 'dockerfile'],
        [/(?:^|\/)Dockerfile$/, 'Dockerfile'],
        [/ab+c/, 'ab'],
        [/x{0,2}yz/, 'yz'],
        [/xy{2}z/, 'xy'],
        [/a(?:b|c)*def/, 'def'],
        [/\.env\b/i, '.env'],
        [/a|bcd/, undefined],
        [/\u0041bcd/, undefined],
        [/(a)\1bcd/, undefined],
        [/abc/g, undefined],
        [/[abc]/, undefined],
        [/é+x/i, undefined],
      ];
      for (const [re, want] of cases) assert.equal(necessaryText(re), want, String(re));
    });

    const tables: [string, { pattern: RegExp; anchor?: string }[]][] = [
      ['file categories', [...GUARDED_PATHS]],
      ['guard assets', [...GUARD_ASSETS]],
    ];
    /** Paths built from the tables' own words, in random case, with separators and junk between. */
    function paths(seed: number, words: string[], n: number): string[] {
      const r = seededRandom(seed);
      const junk = ['/', '.', '-', '_', 'x', 'src', 'home/dev', '${HOME}', '~', 'C:', '\\', '..', 'İ', '\u212a', 'ß', 'é', '0', '9', '/etc', '/usr/'];
      const out: string[] = [];
      for (let i = 0; i < n; i++) {
        let p = r() < 0.5 ? '/' : '';
        const parts = 1 + Math.floor(r() * 5);
        for (let j = 0; j < parts; j++) {
          const w = r() < 0.7 ? words[Math.floor(r() * words.length)]! : junk[Math.floor(r() * junk.length)]!;
          p += [...w].map((c) => (r() < 0.3 ? c.toUpperCase() : c)).join('') + (r() < 0.6 ? '/' : '');
        }
        out.push(p.replace(/\/+$/, r() < 0.3 ? '/' : ''));
      }
      return out;
    }
    for (const [name, rows] of tables) {
      it(`${name}: every path a pattern matches holds its text (lowercased), on 60,000 seeded paths`, () => {
        const patterns = rows.map((g) => g.pattern);
        const needles = patterns.map((re) => necessaryText(re));
        assert.ok(needles.filter((n) => n && n.length >= 3).length >= patterns.length / 2, 'most patterns should have a useful text');
        const words = [...new Set(patterns.flatMap((p) => p.source.replace(/\\./g, (m) => (m === '\\.' ? '.' : ' ')).split(/[^A-Za-z0-9._-]+/)))].filter(
          (w) => w.length > 1,
        );
        let matched = 0;
        for (const p of paths(name.length * 7919, words, 60_000)) {
          const lower = p.toLowerCase();
          patterns.forEach((re, i) => {
            if (!re.test(p) && !re.test(lower)) return;
            matched++;
            const needle = needles[i];
            if (needle !== undefined) assert.ok(lower.includes(needle), `${String(re)} matches ${JSON.stringify(p)}, which lacks ${JSON.stringify(needle)}`);
          });
        }
        assert.ok(matched > 1000, `only ${matched} matches: the test says little`);
      });
    }
  });
});
