// Bad input never throws: binary junk, NUL bytes, 1 MB strings, unterminated constructs, empty
// text. Each yields an assessment, and what cannot be read is never low.
import assert from 'node:assert/strict';
import { assess, type ShellDialect } from '../../../src/engine';

function junk(n: number, seed: number): string {
  let x = seed;
  let s = '';
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s += String.fromCharCode(x % 256);
  }
  return s;
}

const MB = 1 << 20;
const cases: { name: string; command: string; minLevel?: string }[] = [
  { name: 'empty', command: '' },
  { name: 'blanks', command: '   \t  ' },
  { name: 'NUL bytes', command: '\0'.repeat(1000) },
  { name: 'rm with NUL', command: 'rm -rf /\0', minLevel: 'critical' },
  { name: 'binary junk 64 KB', command: junk(64 * 1024, 1) },
  { name: 'binary junk 1 MB', command: junk(MB, 2) },
  { name: 'lone surrogates', command: '\ud800\udc00\ud800 rm' },
  { name: '1 MB single-quoted string', command: `echo '${'a'.repeat(MB)}'` },
  { name: '1 MB double-quoted string', command: `echo "${'a $x '.repeat(MB / 5)}"` },
  { name: '1 MB unterminated quote', command: `echo "${'a'.repeat(MB)}`, minLevel: 'medium' },
  { name: '1 MB of opening parens', command: '('.repeat(MB), minLevel: 'medium' },
  { name: '1 MB of $(', command: '$('.repeat(MB / 2), minLevel: 'medium' },
  { name: '1 MB of pipes', command: 'a | '.repeat(MB / 4) + 'b', minLevel: 'medium' },
  { name: '1 MB of backticks', command: '`'.repeat(MB) },
  { name: '1 MB heredoc', command: 'cat <<EOF\n' + 'rm -rf /\n'.repeat(MB / 9) + 'EOF\n' },
  { name: 'unterminated heredoc', command: 'bash <<EOF\nrm -rf /\n', minLevel: 'critical' },
  { name: 'unterminated $(', command: 'echo $(rm -rf /', minLevel: 'critical' },
  { name: 'unterminated backtick', command: 'echo `rm -rf /', minLevel: 'critical' },
  { name: 'eval nested past the depth bound', command: 'eval '.repeat(50) + 'rm -rf /', minLevel: 'high' },
  { name: 'many commands', command: 'rm -rf /tmp/x; '.repeat(20_000) },
];

const rank = ['low', 'medium', 'high', 'critical'];

describe('shell analyzer: bad input never throws', () => {
  for (const dialect of ['bash', 'pwsh', 'cmd'] as ShellDialect[]) {
    for (const c of cases) {
      it(`${dialect}: ${c.name}`, () => {
        const a = assess({ kind: 'shell', command: c.command, shell: dialect });
        assert.ok(rank.includes(a.level), `${c.name}: no level`);
        assert.ok(!a.findings.some((f) => f.rule === 'engine.analyzer-error'), `${c.name}: the analyzer threw: ${a.findings.map((f) => f.evidence).join('; ')}`);
        if (c.minLevel && dialect === 'bash') assert.ok(rank.indexOf(a.level) >= rank.indexOf(c.minLevel), `${c.name}: ${a.level} is below ${c.minLevel}`);
      });
    }
  }
});
