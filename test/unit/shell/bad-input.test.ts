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
type Min = Partial<Record<ShellDialect, string>>;
// `nothing`: nothing runs, so the answer is exactly low in every dialect. Otherwise the least
// level per dialect: what cannot be read completely is never low, and a destructive command stays
// what it is however it is wrapped. A dialect not named has no floor (it would not run the text as
// a command: cmd has no `rm`, an unterminated pwsh string is a parse error there).
const cases: { name: string; command: string; nothing?: true; min?: Min }[] = [
  { name: 'empty', command: '', nothing: true },
  { name: 'blanks', command: '   \t  ', nothing: true },
  { name: 'NUL bytes', command: '\0'.repeat(1000), nothing: true },
  { name: 'rm with NUL', command: 'rm -rf /\0', min: { bash: 'critical', pwsh: 'critical' } },
  { name: 'binary junk 64 KB', command: junk(64 * 1024, 1), min: { bash: 'medium' } },
  { name: 'binary junk 1 MB', command: junk(MB, 2), min: { bash: 'medium' } },
  { name: 'lone surrogates', command: '\ud800\udc00\ud800 rm', min: { bash: 'medium', pwsh: 'medium', cmd: 'medium' } },
  { name: '1 MB single-quoted string', command: `echo '${'a'.repeat(MB)}'`, nothing: true },
  { name: '1 MB double-quoted string', command: `echo "${'a $x '.repeat(MB / 5)}"`, min: { bash: 'high' } },
  { name: '1 MB unterminated quote', command: `echo "${'a'.repeat(MB)}`, min: { bash: 'medium' } },
  { name: '1 MB of opening parens', command: '('.repeat(MB), min: { bash: 'medium', pwsh: 'medium' } },
  { name: '1 MB of $(', command: '$('.repeat(MB / 2), min: { bash: 'high', pwsh: 'medium' } },
  { name: '1 MB of pipes', command: 'a | '.repeat(MB / 4) + 'b', min: { bash: 'high', pwsh: 'high', cmd: 'high' } },
  { name: '1 MB of backticks', command: '`'.repeat(MB), min: { bash: 'high' } },
  { name: '1 MB heredoc', command: 'cat <<EOF\n' + 'rm -rf /\n'.repeat(MB / 9) + 'EOF\n', min: { pwsh: 'critical' } },
  { name: 'unterminated heredoc', command: 'bash <<EOF\nrm -rf /\n', min: { bash: 'critical', pwsh: 'critical' } },
  { name: 'unterminated $(', command: 'echo $(rm -rf /', min: { bash: 'critical', pwsh: 'critical' } },
  { name: 'unterminated backtick', command: 'echo `rm -rf /', min: { bash: 'critical' } },
  { name: 'eval nested past the depth bound', command: 'eval '.repeat(50) + 'rm -rf /', min: { bash: 'high', pwsh: 'high', cmd: 'high' } },
  { name: 'many commands', command: 'rm -rf /tmp/x; '.repeat(20_000), min: { bash: 'high', pwsh: 'high', cmd: 'medium' } },
];

// Past each dialect's statement bound the rest is not read: a teardown after 2,100 harmless
// statements must not come out low (pwsh and cmd once stopped reading there without a word).
const TAIL: Record<ShellDialect, [string, string]> = {
  bash: ['; ', 'rm -rf /'],
  sh: ['; ', 'rm -rf /'],
  zsh: ['; ', 'rm -rf /'],
  pwsh: ['; ', 'Remove-Item -Recurse -Force C:\\'],
  cmd: [' & ', 'rd /s /q C:\\'],
};

const rank = ['low', 'medium', 'high', 'critical'];

describe('shell analyzer: bad input never throws', () => {
  for (const dialect of ['bash', 'pwsh', 'cmd'] as ShellDialect[]) {
    for (const c of cases) {
      it(`${dialect}: ${c.name}`, () => {
        const a = assess({ kind: 'shell', command: c.command, shell: dialect });
        assert.ok(rank.includes(a.level), `${c.name}: no level`);
        assert.ok(
          !a.findings.some((f) => f.rule === 'engine.analyzer-error'),
          `${c.name}: the analyzer threw: ${a.findings.map((f) => f.evidence).join('; ')}`,
        );
        if (c.nothing) assert.equal(a.level, 'low', `${c.name}: nothing runs, yet ${a.summary}`);
        const min = c.min?.[dialect];
        if (min) assert.ok(rank.indexOf(a.level) >= rank.indexOf(min), `${c.name}: ${a.level} is below ${min} (${a.summary})`);
      });
    }
    it(`${dialect}: a teardown after 2,100 harmless statements is not low`, () => {
      const [sep, tail] = TAIL[dialect];
      const alone = assess({ kind: 'shell', command: tail, shell: dialect });
      assert.equal(alone.level, 'critical', alone.summary);
      const a = assess({ kind: 'shell', command: `${'echo x'.concat(sep).repeat(2100)}${tail}`, shell: dialect });
      assert.ok(rank.indexOf(a.level) >= rank.indexOf('high'), `${a.level}: ${a.summary}`);
      assert.ok(
        a.findings.some((f) => f.rule === 'shell.unanalysable'),
        a.findings.map((f) => f.rule).join(', '),
      );
    });
  }
});
