// The shell parser on its own: AST shapes, quoting, heredocs, nesting, errors and bounds.
import assert from 'node:assert/strict';
import { parseShell, MAX_NESTING, MAX_UNITS } from '../../../src/engine/analyzers/shell/parse';
import { simpleCommands, staticValue } from '../../../src/engine/analyzers/shell/words';
import type { Command, Stmt } from '../../../src/engine/analyzers/shell/ast';

const words = (src: string): (string | undefined)[][] => simpleCommands(parseShell(src).stmts).map((c) => c.words.map(staticValue));
const first = (src: string): Command => parseShell(src).stmts[0]!.list.first.cmds[0]!;

describe('shell parser', () => {
  it('splits lists, and-or lists and pipelines', () => {
    const s = parseShell('a | b; c && d || e & f');
    assert.equal(s.stmts.length, 3);
    assert.equal(s.stmts[0]!.list.first.cmds.length, 2);
    assert.deepEqual(
      s.stmts[1]!.list.rest.map((r) => r.op),
      ['&&', '||'],
    );
    assert.equal(s.stmts[1]!.background, true);
    assert.deepEqual(s.errors, []);
  });

  it('reads quote splicing, escapes and ANSI-C strings as static values', () => {
    assert.deepEqual(words(`r''m \\rm "rm" 'r'"m" $'r\\x6d' r\\m`), [['rm', 'rm', 'rm', 'rm', 'rm', 'rm']]);
  });

  it('keeps expansions dynamic', () => {
    assert.deepEqual(words('echo $x ${y:-z} $(ls) `pwd` $((1+2)) "$HOME/x" ~/x'), [
      ['echo', undefined, undefined, undefined, undefined, undefined, undefined, '~/x'],
    ]);
  });

  it('parses assignments, arrays and redirections with fds', () => {
    const c = first('A=1 B=(x y) cmd arg 2>&1 >out &>all <<<here');
    assert.equal(c.type, 'simple');
    if (c.type !== 'simple') return;
    assert.deepEqual(
      c.assigns.map((a) => a.name),
      ['A', 'B'],
    );
    assert.equal(c.assigns[1]!.array?.length, 2);
    assert.deepEqual(c.words.map(staticValue), ['cmd', 'arg']);
    assert.deepEqual(
      c.redirs.map((r) => `${r.fd ?? ''}${r.op}`),
      ['2>&', '>', '&>', '<<<'],
    );
  });

  it('reads heredoc bodies, quoted and unquoted, with <<- tab stripping', () => {
    const c = first('cat <<EOF >out\nline $(rm -rf /)\nEOF\n');
    assert.ok(c.type === 'simple');
    const h = c.type === 'simple' ? c.redirs[0]!.heredoc! : undefined;
    assert.equal(h?.body, 'line $(rm -rf /)\n');
    assert.equal(h?.quoted, false);
    assert.ok(
      h?.word.parts.some((p) => p.type === 'cmdsub'),
      'unquoted heredoc expansions are parsed',
    );
    const q = first("cat <<'EOF'\n$(x)\nEOF");
    assert.equal(q.type === 'simple' ? q.redirs[0]!.heredoc!.quoted : false, true);
    const t = first('cat <<-EOF\n\t\tindented\n\tEOF\necho after');
    assert.equal(t.type === 'simple' ? t.redirs[0]!.heredoc!.body : '', 'indented\n');
    assert.deepEqual(words('cat <<A <<B\na\nA\nb\nB\necho done'), [['cat'], ['echo', 'done']]);
  });

  it('parses compound commands', () => {
    const types = (src: string): string => first(src).type;
    assert.equal(types('if a; then b; elif c; then d; else e; fi'), 'if');
    assert.equal(types('for i in 1 2; do x; done'), 'for');
    assert.equal(types('for ((i=0;i<3;i++)); do x; done'), 'for');
    assert.equal(types('select x in a b; do y; done'), 'for');
    assert.equal(types('while a; do b; done'), 'while');
    assert.equal(types('until a; do b; done'), 'while');
    assert.equal(types('case $x in a|b) y;; *) z;; esac'), 'case');
    assert.equal(types('f() { x; }'), 'func');
    assert.equal(types('function f { x; }'), 'func');
    assert.equal(types('[[ $a =~ ^(x|y)$ && -f b ]]'), 'test');
    assert.equal(types('(( i++ ))'), 'arithcmd');
    assert.equal(types('(a; b)'), 'subshell');
    assert.equal(types('{ a; b; }'), 'group');
    assert.equal(types('coproc x'), 'coproc');
    assert.deepEqual(parseShell('if a; then b; elif c; then d; else e; fi').errors, []);
  });

  it('finds commands inside command substitutions, backticks and process substitutions', () => {
    const s = parseShell('echo "$(a `b`)" <(c) >(d) $(( $(e) ))');
    const all: string[] = [];
    const visit = (stmts: Stmt[]): void => {
      for (const c of simpleCommands(stmts)) {
        all.push(staticValue(c.words[0]!) ?? '?');
        for (const w of c.words)
          for (const p of w.parts) {
            if (p.type === 'cmdsub' || p.type === 'procsub') visit(p.body);
            if (p.type === 'dq') for (const q of p.parts) if (q.type === 'cmdsub') visit(q.body);
            if (p.type === 'arith') for (const b of p.subs) visit(b);
          }
      }
    };
    visit(s.stmts);
    assert.deepEqual(all.sort(), ['a', 'b', 'c', 'd', 'e', 'echo']);
  });

  it('treats a } as a word unless it closes a group', () => {
    assert.deepEqual(words('echo }'), [['echo', '}']]);
    assert.deepEqual(words('{ echo a; }'), [['echo', 'a']]);
  });

  it('records syntax errors and still returns the commands it could read', () => {
    for (const src of ["echo 'unterminated", 'echo "x', 'echo $(ls', 'if true; then x', 'case x in', 'a &&', 'a |', ')', 'cat <<EOF\nno end']) {
      const s = parseShell(src);
      assert.ok(s.errors.length > 0, `no error for ${JSON.stringify(src)}`);
    }
    assert.deepEqual(words("rm -rf / 'x"), [['rm', '-rf', '/', 'x']]);
  });

  it('bounds nesting with a flag instead of a stack overflow', () => {
    for (const src of ['('.repeat(100_000), '$('.repeat(100_000), '{ '.repeat(100_000), 'if '.repeat(100_000), '${'.repeat(100_000)]) {
      const s = parseShell(src);
      assert.ok(s.errors.length > 0 || s.tooDeep, `no error for ${src.slice(0, 6)}…`);
    }
    assert.equal(parseShell('( '.repeat(MAX_NESTING + 5) + 'x' + ' )'.repeat(MAX_NESTING + 5)).tooDeep, true);
    const ok = parseShell('( '.repeat(20) + 'x' + ' )'.repeat(20));
    assert.equal(ok.tooDeep, false);
    assert.deepEqual(ok.errors, []);
  });

  it('bounds size: past the unit budget the rest is skipped and flagged', () => {
    const s = parseShell('x '.repeat(MAX_UNITS + 10));
    assert.equal(s.tooLarge, true);
  });
});
