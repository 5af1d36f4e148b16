// Bad input never throws and never crashes an analyzer: binary junk, huge files, empty strings,
// and text shaped to make regular expressions backtrack; what cannot be read is not low, and empty
// input is not a false alarm. Deterministic junk, so a failure repeats.
import assert from 'node:assert/strict';
import { Assessment, LEVELS, assess, type Action, type Level } from '../../../src/engine';

function junk(seed: number, length: number): string {
  let x = seed >>> 0 || 1;
  let s = '';
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    s += String.fromCharCode((x >>> 0) % 0x3000);
  }
  return s;
}

const big = (line: string, bytes: number): string => line.repeat(Math.ceil(bytes / line.length));
const MB = 1 << 20;

// The third column: '=low' when nothing risky happens (exactly low), a level when the input is
// unreadable, too long or aimed at something sensitive (at least that), undefined where only the
// absence of a crash is the point.
const cases: [string, Action, `=low` | Level | undefined][] = [
  ['empty write', { kind: 'fileWrite', path: '', content: '' }, '=low'],
  ['empty edit', { kind: 'fileEdit', path: '', diff: '', edits: [] }, '=low'],
  ['empty edits entries', { kind: 'fileEdit', path: 'a', edits: [{ oldText: '', newText: '' }] }, '=low'],
  ['empty delete path', { kind: 'fileDelete', paths: [''] }, 'medium'],
  ['empty plan', { kind: 'plan', text: '' }, '=low'],
  ['whitespace plan', { kind: 'plan', text: ' \n\t\n ' }, '=low'],
  ['binary junk write', { kind: 'fileWrite', path: 'blob.bin', content: `\u0000${junk(1, 20000)}`, previous: junk(2, 20000) }, undefined],
  ['binary junk settings write', { kind: 'fileWrite', path: '.vscode/settings.json', content: junk(3, 5000) }, 'critical'],
  ['binary junk diff', { kind: 'fileEdit', path: 'x', diff: junk(4, 50000) }, 'medium'],
  ['binary junk plan', { kind: 'plan', text: junk(5, 50000) }, 'high'],
  ['junk delete paths', { kind: 'fileDelete', paths: [junk(6, 300), junk(7, 300), '\u0000'] }, 'medium'],
  ['1 MB write, new file', { kind: 'fileWrite', path: 'src/big.ts', content: big('export const x = 1;\n', MB) }, '=low'],
  [
    '1 MB write with previous, one line changed',
    { kind: 'fileWrite', path: 'src/big.ts', content: `${big('export const x = 1;\n', MB)}export const y = 2;\n`, previous: big('export const x = 1;\n', MB) },
    undefined,
  ],
  ['1 MB rewrite of a 1 MB file', { kind: 'fileWrite', path: 'infra/main.tf', content: big('a = 1\n', MB), previous: big('b = 2\n', MB) }, 'medium'],
  [
    '5 MB diff',
    { kind: 'fileEdit', path: 'x', diff: `--- a/x\n+++ b/x\n@@ -1,100000 +1,100000 @@\n${big('-old line here\n+new line here\n', 5 * MB)}` },
    'medium',
  ],
  ['1 MB settings JSON', { kind: 'fileWrite', path: '.vscode/settings.json', content: `{${big('"a": 1,', MB)}"chat.tools.autoApprove": true}` }, 'critical'],
  ['1 MB single-line plan', { kind: 'plan', text: big('delete ', MB) }, undefined],
  ['1 MB of backticks', { kind: 'plan', text: big('`', MB) }, undefined],
  ['1 MB of unclosed fences', { kind: 'plan', text: big('```\n', MB) }, 'medium'],
  ['long run of words without punctuation', { kind: 'plan', text: big('remove the the the the ', 200_000) }, undefined],
  ['many sentences', { kind: 'plan', text: big('Do not drop the table. ', MB) }, 'medium'],
  ['many inline commands', { kind: 'plan', text: big('Run `rm -rf build` now. ', 300_000) }, undefined],
  ['many code blocks', { kind: 'plan', text: big('```bash\nls\n```\n', 300_000) }, 'medium'],
  ['secret-like run', { kind: 'fileWrite', path: 'src/a.ts', content: big('password = "', 500_000) }, undefined],
  ['curl without pipe, long', { kind: 'fileWrite', path: '/home/u/.bashrc', content: big('curl ', 500_000) }, 'medium'],
];

describe('bad input never throws (file and plan analyzers)', () => {
  for (const [name, action, expected] of cases) {
    it(`${name}: a valid assessment without an analyzer error${expected ? `, ${expected === '=low' ? 'low' : `at least ${expected}`}` : ''}`, () => {
      const a = assess(action);
      const parsed = Assessment.safeParse(a);
      assert.ok(parsed.success, `${name}: ${parsed.success ? '' : parsed.error.message}`);
      const crash = a.findings.find((f) => f.rule === 'engine.analyzer-error');
      assert.equal(crash, undefined, `${name}: analyzer crashed: ${crash?.evidence}`);
      if (expected === '=low') assert.equal(a.level, 'low', a.summary);
      else if (expected) assert.ok(LEVELS.indexOf(a.level) >= LEVELS.indexOf(expected), `${a.level} is below ${expected}: ${a.summary}`);
    });
  }
  it('the 1 MB write with one changed line is still a one-line change', () => {
    const prev = big('export const x = 1;\n', MB);
    const a = assess({ kind: 'fileWrite', path: 'src/big.ts', content: `${prev}export const y = 2;\n`, previous: prev });
    assert.equal(a.scope.lines, 1, a.summary);
    assert.equal(a.level, 'low', a.summary);
  });
  it('a setting buried in 1 MB of JSON is still found', () => {
    const a = assess({ kind: 'fileWrite', path: '.vscode/settings.json', content: `{${big('"a": 1,', MB)}"chat.tools.autoApprove": true}` });
    assert.equal(a.level, 'critical', a.summary);
  });
});
