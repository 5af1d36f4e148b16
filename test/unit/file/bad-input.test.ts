// Bad input never throws and never crashes an analyzer: binary junk, huge files, empty strings,
// and text shaped to make regular expressions backtrack. Deterministic junk, so a failure repeats.
import assert from 'node:assert/strict';
import { Assessment, assess, type Action } from '../../../src/engine';

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

const cases: [string, Action][] = [
  ['empty write', { kind: 'fileWrite', path: '', content: '' }],
  ['empty edit', { kind: 'fileEdit', path: '', diff: '', edits: [] }],
  ['empty edits entries', { kind: 'fileEdit', path: 'a', edits: [{ oldText: '', newText: '' }] }],
  ['empty delete path', { kind: 'fileDelete', paths: [''] }],
  ['empty plan', { kind: 'plan', text: '' }],
  ['whitespace plan', { kind: 'plan', text: ' \n\t\n ' }],
  ['binary junk write', { kind: 'fileWrite', path: 'blob.bin', content: `\u0000${junk(1, 20000)}`, previous: junk(2, 20000) }],
  ['binary junk settings write', { kind: 'fileWrite', path: '.vscode/settings.json', content: junk(3, 5000) }],
  ['binary junk diff', { kind: 'fileEdit', path: 'x', diff: junk(4, 50000) }],
  ['binary junk plan', { kind: 'plan', text: junk(5, 50000) }],
  ['junk delete paths', { kind: 'fileDelete', paths: [junk(6, 300), junk(7, 300), '\u0000'] }],
  ['1 MB write, new file', { kind: 'fileWrite', path: 'src/big.ts', content: big('export const x = 1;\n', MB) }],
  ['1 MB write with previous, one line changed', { kind: 'fileWrite', path: 'src/big.ts', content: `${big('export const x = 1;\n', MB)}export const y = 2;\n`, previous: big('export const x = 1;\n', MB) }],
  ['1 MB rewrite of a 1 MB file', { kind: 'fileWrite', path: 'infra/main.tf', content: big('a = 1\n', MB), previous: big('b = 2\n', MB) }],
  ['5 MB diff', { kind: 'fileEdit', path: 'x', diff: `--- a/x\n+++ b/x\n@@ -1,100000 +1,100000 @@\n${big('-old line here\n+new line here\n', 5 * MB)}` }],
  ['1 MB settings JSON', { kind: 'fileWrite', path: '.vscode/settings.json', content: `{${big('"a": 1,', MB)}"chat.tools.autoApprove": true}` }],
  ['1 MB single-line plan', { kind: 'plan', text: big('delete ', MB) }],
  ['1 MB of backticks', { kind: 'plan', text: big('`', MB) }],
  ['1 MB of unclosed fences', { kind: 'plan', text: big('```\n', MB) }],
  ['long run of words without punctuation', { kind: 'plan', text: big('remove the the the the ', 200_000) }],
  ['many sentences', { kind: 'plan', text: big('Do not drop the table. ', MB) }],
  ['many inline commands', { kind: 'plan', text: big('Run `rm -rf build` now. ', 300_000) }],
  ['many code blocks', { kind: 'plan', text: big('```bash\nls\n```\n', 300_000) }],
  ['secret-like run', { kind: 'fileWrite', path: 'src/a.ts', content: big('password = "', 500_000) }],
  ['curl without pipe, long', { kind: 'fileWrite', path: '/home/u/.bashrc', content: big('curl ', 500_000) }],
];

describe('bad input never throws (file and plan analyzers)', () => {
  for (const [name, action] of cases) {
    it(`${name}: returns a valid assessment without an analyzer error`, () => {
      const a = assess(action);
      const parsed = Assessment.safeParse(a);
      assert.ok(parsed.success, `${name}: ${parsed.success ? '' : parsed.error.message}`);
      const crash = a.findings.find((f) => f.rule === 'engine.analyzer-error');
      assert.equal(crash, undefined, `${name}: analyzer crashed: ${crash?.evidence}`);
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
