// The engine's fast paths give exactly what the plain code gives: clip() without its regex for
// short plain lines and with only the head collapsed for long texts, and canonicalJson() written
// directly for flat objects. Differential over seeded random inputs built to hit the edges
// (whitespace runs at the cut, non-ASCII spaces, trailing whitespace, undefined and non-finite values).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { clip } from '../../../src/engine/analysis';
import { canonicalJson, carefulCanonicalJson } from '../../../src/engine/digest';
import { GUARDED_PATHS } from '../../../src/engine/effects/categories';
import { GUARD_ASSETS } from '../../../src/engine/effects/guard-assets';
import { PROTECTIONS, SECRET_PATTERNS, IAC_SIGNS } from '../../../src/engine/analyzers/file/content';
import { gateLower, mayMatch, necessaryTexts, textsKey } from '../../../src/engine/memo';
import { NECESSARY_TEXTS } from '../../../src/engine/necessary-texts.generated';
import { GENERATED_FILE, gatedPatterns, render } from '../../../scripts/necessary-texts';
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
  describe('necessaryTexts: texts one of which every match of a pattern contains', () => {
    it('are read from each top-level alternative, outside classes, lookarounds and what a quantifier may drop', () => {
      const cases: [RegExp, string[] | undefined][] = [
        [/(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i, ['.github/workflows/']],
        [/(?:^|\/)Dockerfile$/i, ['dockerfile']],
        [/(?:^|\/)Dockerfile$/, ['Dockerfile']],
        [/ab+c/, ['ab']],
        [/x{0,2}yz/, ['yz']],
        [/xy{2}z/, ['xy']],
        [/a(?:b|c)*def/, ['def']],
        [/\.env\b/i, ['.env']],
        [/a|bcd/, ['a', 'bcd']],
        [/Ab|ab/i, ['ab']],
        [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, ['AKIA', 'ASIA']],
        [/(?:^|\/)(?:package\.json|yarn\.lock)$/i, ['package.json', 'yarn.lock']],
        [/(?:a|b)(?:cc|dd)/, ['cc', 'dd']],
        [/(?:abc)?de/, ['de']],
        [/(?:abc)+d/, ['abc']],
        [/(?<name>abcd)e/, ['abcd']],
        [/x(?=abcd)y/, ['x']],
        [/(?!abcd)(?<!wxyz)q/, ['q']],
        [/(?:ab|)cd/, ['cd']],
        [/abc/g, ['abc']],
        [/^abc$/gmsy, ['abc']],
        [/a|/, undefined],
        [/(?:ab|)/, undefined],
        [/abc/u, undefined],
        [/\u0041bcd/, undefined],
        [/(a)\1bcd/, undefined],
        [/[abc]/, undefined],
        [/é+x/i, undefined],
        [/a[bc(]d/, ['a']],
      ];
      for (const [re, want] of cases) assert.deepEqual(necessaryTexts(re), want, String(re));
    });

    it('are read at build time for every gated pattern: src/engine/necessary-texts.generated.ts is current', () => {
      const patterns = gatedPatterns();
      assert.ok(patterns.length > 100, `${patterns.length} patterns`);
      assert.equal(readFileSync(GENERATED_FILE, 'utf8'), render(patterns), 'run node out/scripts/necessary-texts.js');
      for (const re of patterns) assert.deepEqual(NECESSARY_TEXTS[textsKey(re)], necessaryTexts(re) ?? null, String(re));
    });

    it('mayMatch() is false only for a text holding none of them, and leaves long texts to the pattern', () => {
      const re = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/;
      assert.equal(mayMatch(re, 'key = ASIA0000'), true);
      assert.equal(mayMatch(re, 'key = asia0000'), false);
      assert.equal(mayMatch(/\bsecret\b/i, 'A SECRET'), true);
      assert.equal(mayMatch(/\bsecret\b/i, 'A SECRET', 'a secret'), true);
      assert.equal(mayMatch(/\bsecret\b/i, 'nothing here'), false);
      assert.equal(mayMatch(/[abc]/, 'xyz'), true, 'no texts: always tested');
      assert.equal(mayMatch(/needle/, 'x'.repeat(70_000)), true, 'a long text is left to the pattern');
      assert.equal(gateLower('x'.repeat(70_000)), undefined);
      assert.equal(gateLower('AbC'), 'abc');
    });

    const pathWords = (patterns: RegExp[]): string[] =>
      [...new Set(patterns.flatMap((p) => p.source.replace(/\\./g, (m) => (m === '\\.' ? '.' : ' ')).split(/[^A-Za-z0-9._-]+/)))].filter((w) => w.length > 1);
    const PATH_JUNK = ['/', '.', '-', '_', 'x', 'src', 'home/dev', '${HOME}', '~', 'C:', '\\', '..', 'İ', '\u212a', 'ß', 'é', '0', '9', '/etc', '/usr/'];
    const TEXT_JUNK = [
      ' ',
      '  ',
      '=',
      ' = ',
      ':',
      ': ',
      '"',
      "'",
      '\n',
      '\t',
      'true',
      'false',
      'True',
      '.',
      '-',
      '_',
      '/',
      'A'.repeat(16),
      'a1B2'.repeat(10),
      'İ',
      '\u212a',
      'ſ',
      '0',
      'x',
    ];
    const contentWords = (patterns: RegExp[]): string[] =>
      [...new Set(patterns.flatMap((p) => p.source.replace(/\\./g, (m) => (/\\[.:=/-]/.test(m) ? m[1]! : ' ')).split(/[^A-Za-z0-9._:/=-]+/)))].filter(
        (w) => w.length > 1,
      );
    /** Matching lines of each content table, for texts that are near misses once mutated. */
    const CONTENT_SAMPLES = [
      'prevent_destroy = true',
      'prevent_destroy=false',
      'deletion_protection = true',
      '"deletionProtection": false',
      'DeletionPolicy: Retain',
      '"DeletionPolicy": "Delete"',
      'UpdateReplacePolicy: Snapshot',
      'force_destroy = true',
      'skip_final_snapshot = false',
      'RemovalPolicy.DESTROY',
      'RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE',
      'autoDeleteObjects: true',
      'auto_delete_objects = True',
      'protect: false',
      'retainOnDelete: true',
      '"helm.sh/resource-policy": keep',
      'persistentVolumeReclaimPolicy: Delete',
      'disable_api_termination = false',
      'EnableTerminationProtection: true',
      `-----BEGIN RSA PRIVATE KEY-----`,
      `AKIA${'Q'.repeat(16)}`,
      `aws_secret_access_key = ${'a/B+'.repeat(10)}`,
      `ghp_${'a1'.repeat(18)}`,
      `github_pat_${'x_'.repeat(20)}`,
      `glpat-${'a'.repeat(20)}`,
      'xoxb-1234567890',
      `sk_live_${'a'.repeat(20)}`,
      `AIza${'b'.repeat(35)}`,
      `npm_${'c'.repeat(36)}`,
      `sk-ant-${'d'.repeat(32)}`,
      '_authToken=abcdefgh12',
      'password = "hunter2hunter2"',
      "client_secret: 'a1b2c3d4e5f6g7'",
      'AWSTemplateFormatVersion',
      'Transform: AWS::Serverless-2016-10-31',
      '  Type: AWS::S3::Bucket::',
      'apiVersion: v1\nkind: Pod',
      'resource "aws_s3_bucket" "b" {',
      'module "vpc" {',
      "from 'aws-cdk-lib'",
      'import pulumi',
      'from aws_cdk import core',
    ];
    /** A sample with a few random edits: a case flip, a character dropped, doubled or replaced. */
    function mutate(r: () => number, text: string): string {
      let t = text;
      for (let k = Math.floor(r() * 3); k > 0; k--) {
        const at = Math.floor(r() * t.length);
        const c = t[at] ?? '';
        const edit = Math.floor(r() * 4);
        const by =
          edit === 0
            ? c === c.toUpperCase()
              ? c.toLowerCase()
              : c.toUpperCase()
            : edit === 1
              ? ''
              : edit === 2
                ? c + c
                : TEXT_JUNK[Math.floor(r() * TEXT_JUNK.length)]!;
        t = t.slice(0, at) + by + t.slice(at + 1);
      }
      return t;
    }
    /** Texts built from the patterns' own words (or, for content, mutated samples), in random case, with junk between. */
    function texts(seed: number, words: string[], junk: string[], n: number, joiner: () => string, samples: string[] = []): string[] {
      const r = seededRandom(seed);
      const out: string[] = [];
      for (let i = 0; i < n; i++) {
        if (samples.length && r() < 0.5) {
          out.push(`${junk[Math.floor(r() * junk.length)]}${mutate(r, samples[Math.floor(r() * samples.length)]!)}${joiner()}`);
          continue;
        }
        let p = r() < 0.5 ? '/' : '';
        const parts = 1 + Math.floor(r() * 5);
        for (let j = 0; j < parts; j++) {
          const w = r() < 0.7 ? words[Math.floor(r() * words.length)]! : junk[Math.floor(r() * junk.length)]!;
          p += [...w].map((c) => (r() < 0.3 ? c.toUpperCase() : c)).join('') + joiner();
        }
        out.push(p.replace(/\/+$/, r() < 0.3 ? '/' : ''));
      }
      return out;
    }
    const tables: [string, RegExp[], 'path' | 'content'][] = [
      ['file categories', GUARDED_PATHS.map((g) => g.pattern), 'path'],
      ['guard assets', GUARD_ASSETS.map((g) => g.pattern), 'path'],
      ['infrastructure protections', PROTECTIONS.flatMap((p) => [p.keep, p.danger].filter((re): re is RegExp => !!re)), 'content'],
      ['secrets', SECRET_PATTERNS.map((s) => s.re), 'content'],
      ['infrastructure as code', IAC_SIGNS.flat(), 'content'],
    ];
    for (const [name, patterns, kind] of tables) {
      it(`${name}: every text a pattern matches holds one of its texts, on 60,000 seeded texts`, () => {
        const sets = patterns.map((re) => necessaryTexts(re));
        assert.ok(sets.filter((n) => n && Math.min(...n.map((t) => t.length)) >= 3).length >= patterns.length / 2, 'most patterns should have useful texts');
        const r = seededRandom(name.length * 31);
        const joiner = kind === 'path' ? () => (r() < 0.6 ? '/' : '') : () => TEXT_JUNK[Math.floor(r() * TEXT_JUNK.length)]!;
        const words = kind === 'path' ? pathWords(patterns) : contentWords(patterns);
        let matched = 0;
        for (const t of texts(name.length * 7919, words, kind === 'path' ? PATH_JUNK : TEXT_JUNK, 60_000, joiner, kind === 'content' ? CONTENT_SAMPLES : [])) {
          const lower = t.toLowerCase();
          patterns.forEach((re, i) => {
            re.lastIndex = 0;
            const hit = re.test(t) || ((re.lastIndex = 0), re.test(lower));
            if (!hit) return;
            matched++;
            const set = sets[i];
            if (set !== undefined) {
              const hay = re.flags.includes('i') ? lower : null;
              const holds = (s: string): boolean => (hay ?? t).includes(s) || (hay === null && lower.includes(s));
              assert.ok(set.some(holds), `${String(re)} matches ${JSON.stringify(t)}, which holds none of ${JSON.stringify(set)}`);
            }
            assert.ok(
              mayMatch(re, t, lower) || !((re.lastIndex = 0), re.test(t)),
              `mayMatch() refuses ${String(re)} on ${JSON.stringify(t)}, which it matches`,
            );
          });
        }
        assert.ok(matched > 1000, `only ${matched} matches: the test says little`);
      });
    }
  });
});
