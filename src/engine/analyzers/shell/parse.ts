// A hand-written recursive-descent parser for the POSIX/bash/zsh grammar. The lexer is folded into
// the parser because shell tokens depend on where they are (a `)` ends a case pattern, a `}` is a
// word unless it stands where a command would, `<(` is a word, not a redirect).
// Invariants: every loop consumes input or stops, so time is linear in the input; recursion is
// bounded by MAX_NESTING (past it the rest is skipped and `tooDeep` is set); nothing throws:
// syntax errors are recorded and parsing resumes at the next character.
import type { AndOr, Assign, Command, Heredoc, ParseError, Pipeline, Redir, Script, Stmt, Word, WordPart } from './ast';

export const MAX_NESTING = 150;
/** Words, word parts and commands built before the parser stops building and only reports. */
export const MAX_UNITS = 20_000;

const META = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);
const DELIM = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')', '']);
// Characters that end a run of plain literal text inside an unquoted word.
const WORD_SPECIAL = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')', '\\', "'", '"', '$', '`', '*', '?', '[', '{', '~', '\r']);
const RESERVED = new Set([
  'if',
  'then',
  'elif',
  'else',
  'fi',
  'do',
  'done',
  'case',
  'esac',
  'for',
  'select',
  'while',
  'until',
  'function',
  '{',
  '}',
  '!',
  '[[',
  'time',
  'coproc',
]);
const DECL = new Set(['declare', 'local', 'export', 'readonly', 'typeset']);
const ASSIGN_RE = /[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]\s;&|<>()]*\])?\+?=/y;

interface PendingHeredoc {
  redir: Redir;
  delim: string;
  quoted: boolean;
  stripTabs: boolean;
}

export function parseShell(src: string, depth = 0): Script {
  const p = new Parser(src, depth);
  return p.parseScript();
}

class Parser {
  private pos = 0;
  private readonly errors: ParseError[] = [];
  private pending: PendingHeredoc[] = [];
  private tooDeep = false;
  private tooLarge = false;
  private units = 0;
  private cmdsubLevel = 0;

  constructor(
    private readonly src: string,
    private depth: number,
  ) {}

  parseScript(): Script {
    const stmts = this.parseList([]);
    while (!this.eof()) {
      // A stray `)`, `;;` or reserved word at top level: note it and carry on after it.
      this.error(`unexpected '${this.ch()}'`);
      this.pos++;
      while (this.ch() === ';' || this.ch() === ')') this.pos++;
      for (const st of this.parseList([])) stmts.push(st);
    }
    if (this.pending.length) {
      this.error(`here-document delimited by '${this.pending[0]!.delim}' has no body`);
      this.pending = [];
    }
    return { stmts, errors: this.errors, tooDeep: this.tooDeep && !this.tooLarge, tooLarge: this.tooLarge };
  }

  /** The body of an unquoted here-document: expansions, no quote removal. */
  parseHeredocBody(): Word {
    const start = this.pos;
    const parts: WordPart[] = [];
    let lit = '';
    while (!this.eof() && !this.tooDeep) {
      const c = this.ch();
      if (c === '\\' && '$`\\\n'.includes(this.ch(1)) && this.ch(1) !== '') {
        if (this.ch(1) !== '\n') lit += this.ch(1);
        this.pos += 2;
      } else if (c === '$' || c === '`') {
        if (lit) parts.push({ type: 'lit', value: lit });
        lit = '';
        parts.push(c === '$' ? this.parseDollar(true) : this.parseBacktick());
      } else {
        let j = this.pos + 1;
        while (j < this.src.length && !'\\$`'.includes(this.src.charAt(j))) j++;
        lit += this.src.slice(this.pos, j);
        this.pos = j;
      }
    }
    if (lit) parts.push({ type: 'lit', value: lit });
    return { parts, raw: this.src.slice(start, this.pos), pos: start };
  }

  // -------------------------------------------------------------------------------------------
  // Characters

  private eof(): boolean {
    return this.pos >= this.src.length;
  }
  private ch(o = 0): string {
    return this.src.charAt(this.pos + o);
  }
  private startsWith(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }
  private error(message: string, pos = this.pos): void {
    if (this.errors.length < 50) this.errors.push({ pos, message });
  }

  /** Counts AST nodes; past MAX_UNITS the rest of the input is skipped (linear, bounded memory). */
  private spend(n = 1): boolean {
    this.units += n;
    if (this.units <= MAX_UNITS) return true;
    if (!this.tooLarge) this.error(`more than ${MAX_UNITS} words and commands; the rest was not parsed`);
    this.tooLarge = true;
    this.tooDeep = true;
    this.pos = this.src.length;
    return false;
  }

  private enter(): boolean {
    if (this.depth >= MAX_NESTING) {
      if (!this.tooDeep) this.error(`nested more than ${MAX_NESTING} levels deep`);
      this.tooDeep = true;
      this.pos = this.src.length;
      return false;
    }
    this.depth++;
    return true;
  }
  private leave(): void {
    this.depth--;
  }

  /** Blanks, line continuations and comments; not newlines. */
  private skipBlanks(): void {
    for (;;) {
      const c = this.ch();
      if (c === ' ' || c === '\t' || c === '\r') this.pos++;
      else if (c === '\\' && this.ch(1) === '\n') this.pos += 2;
      else if (c === '#') {
        const nl = this.src.indexOf('\n', this.pos);
        this.pos = nl < 0 ? this.src.length : nl;
      } else return;
    }
  }

  private skipNewlines(): void {
    for (;;) {
      this.skipBlanks();
      if (this.ch() === '\n') this.newline();
      else return;
    }
  }

  private newline(): void {
    this.pos++;
    if (this.pending.length) this.readHeredocs();
  }

  private readHeredocs(): void {
    const list = this.pending;
    this.pending = [];
    for (const h of list) {
      const lines: string[] = [];
      let done = false;
      while (!this.eof()) {
        const nl = this.src.indexOf('\n', this.pos);
        const lineEnd = nl < 0 ? this.src.length : nl;
        let line = this.src.slice(this.pos, lineEnd);
        if (h.stripTabs) line = line.replace(/^\t+/, '');
        const bare = line.endsWith('\r') ? line.slice(0, -1) : line;
        if (bare === h.delim) {
          this.pos = nl < 0 ? lineEnd : nl + 1;
          done = true;
          break;
        }
        if (this.cmdsubLevel > 0 && bare.startsWith(h.delim) && bare.slice(h.delim.length).trimStart().startsWith(')')) {
          // `$(cat <<EOF … EOF)`: bash accepts the delimiter right before the closing paren.
          this.pos += this.src.slice(this.pos, lineEnd).indexOf(h.delim) + h.delim.length;
          done = true;
          break;
        }
        lines.push(line);
        this.pos = nl < 0 ? lineEnd : nl + 1;
      }
      if (!done) this.error(`here-document delimited by '${h.delim}' is not terminated`);
      const body = lines.length ? lines.join('\n') + '\n' : '';
      let word: Word;
      if (h.quoted) word = { parts: [{ type: 'sq', value: body }], raw: body, pos: 0 };
      else {
        const sub = new Parser(body, this.depth + 1);
        word = sub.parseHeredocBody();
        this.errors.push(...sub.errors);
        if (sub.tooDeep) this.tooDeep = true;
      }
      const heredoc: Heredoc = { delim: h.delim, quoted: h.quoted, stripTabs: h.stripTabs, body, word };
      h.redir.heredoc = heredoc;
    }
  }

  /** The reserved word at the cursor, if the next token is one. */
  private reservedHere(): string | undefined {
    let end = this.pos;
    while (end < this.src.length && end - this.pos < 9 && /[a-z[\]{}!]/.test(this.src.charAt(end))) end++;
    if (end === this.pos) return undefined;
    const w = this.src.slice(this.pos, end);
    if (!RESERVED.has(w)) return undefined;
    const next = this.src.charAt(end);
    if (w === '{' || w === '[[' || w === '!') return next === ' ' || next === '\t' || next === '\n' || next === '' ? w : undefined;
    return DELIM.has(next) ? w : undefined;
  }

  private consumeReserved(w: string): boolean {
    this.skipNewlines();
    if (this.reservedHere() === w) {
      this.pos += w.length;
      return true;
    }
    this.error(`expected '${w}'`);
    return false;
  }

  // -------------------------------------------------------------------------------------------
  // Lists, and-or lists, pipelines

  private parseList(terms: string[]): Stmt[] {
    const stmts: Stmt[] = [];
    while (!this.tooDeep) {
      this.skipNewlines();
      if (this.eof()) break;
      const c = this.ch();
      if (c === ')') break;
      if (c === ';') {
        if (this.ch(1) === ';' || this.ch(1) === '&') break;
        this.error("unexpected ';'");
        this.pos++;
        continue;
      }
      if (terms.length) {
        const r = this.reservedHere();
        if (r && terms.includes(r)) break;
      }
      const start = this.pos;
      const list = this.parseAndOr();
      if (!list) {
        if (this.pos === start && !this.eof()) {
          this.error(`unexpected '${this.ch()}'`);
          this.pos++;
        }
        continue;
      }
      const stmt: Stmt = { list, background: false, pos: start, end: this.pos };
      this.skipBlanks();
      const s = this.ch();
      if (s === '&' && this.ch(1) !== '&') {
        this.pos++;
        stmt.background = true;
      } else if (s === ';' && this.ch(1) !== ';' && this.ch(1) !== '&') this.pos++;
      else if (s === '\n') this.newline();
      stmts.push(stmt);
    }
    return stmts;
  }

  private parseAndOr(): AndOr | undefined {
    const first = this.parsePipeline();
    if (!first) return undefined;
    const node: AndOr = { first, rest: [] };
    for (;;) {
      this.skipBlanks();
      const op = this.startsWith('&&') ? '&&' : this.startsWith('||') ? '||' : undefined;
      if (!op) break;
      this.pos += 2;
      this.skipNewlines();
      const next = this.parsePipeline();
      if (!next) {
        this.error(`nothing after '${op}'`);
        break;
      }
      node.rest.push({ op, pipeline: next });
    }
    return node;
  }

  private parsePipeline(): Pipeline | undefined {
    this.skipBlanks();
    const pipe: Pipeline = { negated: false, time: false, cmds: [] };
    for (;;) {
      const r = this.reservedHere();
      if (r === 'time') {
        this.pos += 4;
        this.skipBlanks();
        if (this.startsWith('-p') && DELIM.has(this.ch(2))) this.pos += 2;
        pipe.time = true;
        this.skipBlanks();
      } else if (r === '!') {
        this.pos++;
        pipe.negated = true;
        this.skipBlanks();
      } else break;
    }
    const first = this.parseCommand();
    if (!first) return pipe.time || pipe.negated ? pipe : undefined;
    pipe.cmds.push(first);
    for (;;) {
      this.skipBlanks();
      if (this.ch() !== '|' || this.ch(1) === '|') break;
      this.pos += this.ch(1) === '&' ? 2 : 1;
      this.skipNewlines();
      const next = this.parseCommand();
      if (!next) {
        this.error("nothing after '|'");
        break;
      }
      pipe.cmds.push(next);
    }
    return pipe;
  }

  // -------------------------------------------------------------------------------------------
  // Commands

  private parseCommand(): Command | undefined {
    if (!this.spend() || !this.enter()) return undefined;
    try {
      this.skipBlanks();
      if (this.eof()) return undefined;
      const c = this.ch();
      if (c === '(') {
        if (this.ch(1) === '(') {
          const arith = this.parseArith(2);
          return { type: 'arithcmd', raw: arith.raw, subs: arith.subs, redirs: this.parseRedirs() };
        }
        this.pos++;
        const body = this.parseList([]);
        this.skipNewlines();
        if (this.ch() === ')') this.pos++;
        else this.error("expected ')'");
        return { type: 'subshell', body, redirs: this.parseRedirs() };
      }
      const r = this.reservedHere();
      switch (r) {
        case '{': {
          this.pos++;
          const body = this.parseList(['}']);
          this.consumeReserved('}');
          return { type: 'group', body, redirs: this.parseRedirs() };
        }
        case 'if':
          return this.parseIf();
        case 'while':
        case 'until': {
          this.pos += r.length;
          const cond = this.parseList(['do']);
          const body = this.parseDoDone();
          return { type: 'while', until: r === 'until', cond, body, redirs: this.parseRedirs() };
        }
        case 'for':
        case 'select':
          return this.parseFor(r === 'select');
        case 'case':
          return this.parseCase();
        case 'function': {
          this.pos += 8;
          this.skipBlanks();
          const nameWord = this.readWord();
          const name = nameWord ? nameWord.raw : '';
          this.skipBlanks();
          if (this.ch() === '(' && this.ch(1) === ')') this.pos += 2;
          else if (this.ch() === '(') {
            this.pos++;
            this.skipBlanks();
            if (this.ch() === ')') this.pos++;
          }
          this.skipNewlines();
          const body = this.parseCommand();
          if (!body) {
            this.error('function has no body');
            return undefined;
          }
          return { type: 'func', name, body };
        }
        case '[[':
          return this.parseTest();
        case 'coproc': {
          this.pos += 6;
          this.skipBlanks();
          const body = this.parseCommand();
          if (!body) return undefined;
          return { type: 'coproc', body };
        }
        default:
          return this.parseSimple();
      }
    } finally {
      this.leave();
    }
  }

  private parseDoDone(): Stmt[] {
    this.skipNewlines();
    if (this.reservedHere() === '{') {
      this.pos++;
      const body = this.parseList(['}']);
      this.consumeReserved('}');
      return body;
    }
    this.consumeReserved('do');
    const body = this.parseList(['done']);
    this.consumeReserved('done');
    return body;
  }

  private parseIf(): Command {
    this.pos += 2;
    const clauses: { cond: Stmt[]; body: Stmt[] }[] = [];
    let elseBody: Stmt[] | undefined;
    const cond = this.parseList(['then']);
    this.consumeReserved('then');
    clauses.push({ cond, body: this.parseList(['elif', 'else', 'fi']) });
    for (;;) {
      this.skipNewlines();
      const r = this.reservedHere();
      if (r === 'elif') {
        this.pos += 4;
        const c = this.parseList(['then']);
        this.consumeReserved('then');
        clauses.push({ cond: c, body: this.parseList(['elif', 'else', 'fi']) });
      } else if (r === 'else') {
        this.pos += 4;
        elseBody = this.parseList(['fi']);
      } else break;
    }
    this.consumeReserved('fi');
    const node: Command = { type: 'if', clauses, redirs: this.parseRedirs() };
    if (elseBody) node.elseBody = elseBody;
    return node;
  }

  private parseFor(select: boolean): Command {
    this.pos += select ? 6 : 3;
    this.skipBlanks();
    if (this.startsWith('((')) {
      const arith = this.parseArith(2);
      this.skipBlanks();
      if (this.ch() === ';') this.pos++;
      const body = this.parseDoDone();
      return { type: 'for', name: '', arith: arith.raw, body, select, redirs: this.parseRedirs() };
    }
    const nameWord = this.readWord();
    const name = nameWord ? nameWord.raw : '';
    if (!nameWord) this.error('for without a variable name');
    this.skipNewlines();
    let items: Word[] | undefined;
    if (this.startsWith('in') && DELIM.has(this.ch(2))) {
      this.pos += 2;
      items = [];
      for (;;) {
        this.skipBlanks();
        const c = this.ch();
        if (c === ';' || c === '\n' || c === '' || c === '&' || c === ')' || c === '|') break;
        const w = this.readWord();
        if (!w) {
          this.error(`unexpected '${c}' in for list`);
          this.pos++;
          continue;
        }
        items.push(w);
      }
      if (this.ch() === ';') this.pos++;
    } else if (this.ch() === ';') this.pos++;
    const body = this.parseDoDone();
    const node: Command = { type: 'for', name, body, select, redirs: this.parseRedirs() };
    if (items) node.items = items;
    return node;
  }

  private parseCase(): Command {
    this.pos += 4;
    this.skipBlanks();
    const word = this.readWord() ?? { parts: [], raw: '', pos: this.pos };
    this.skipNewlines();
    if (this.startsWith('in') && DELIM.has(this.ch(2))) this.pos += 2;
    else this.error("expected 'in'");
    const items: { patterns: Word[]; body: Stmt[] }[] = [];
    while (!this.tooDeep) {
      this.skipNewlines();
      if (this.eof()) {
        this.error("case without 'esac'");
        break;
      }
      if (this.reservedHere() === 'esac') {
        this.pos += 4;
        break;
      }
      const before = this.pos;
      if (this.ch() === '(') this.pos++;
      const patterns: Word[] = [];
      for (;;) {
        this.skipBlanks();
        const w = this.readWord();
        if (w) patterns.push(w);
        this.skipBlanks();
        if (this.ch() === '|') {
          this.pos++;
          continue;
        }
        break;
      }
      if (this.ch() === ')') this.pos++;
      else this.error("expected ')' after a case pattern");
      const body = this.parseList(['esac']);
      items.push({ patterns, body });
      this.skipNewlines();
      if (this.startsWith(';;&')) this.pos += 3;
      else if (this.startsWith(';;') || this.startsWith(';&')) this.pos += 2;
      if (this.pos === before) {
        this.error(`unexpected '${this.ch()}' in case`);
        this.pos++;
      }
    }
    return { type: 'case', word, items, redirs: this.parseRedirs() };
  }

  private parseTest(): Command {
    this.pos += 2;
    const words: Word[] = [];
    let regexNext = false;
    while (!this.tooDeep) {
      this.skipBlanks();
      if (this.ch() === '\n') {
        this.newline();
        continue;
      }
      if (this.eof()) {
        this.error("'[[' without ']]'");
        break;
      }
      if (this.startsWith(']]') && DELIM.has(this.ch(2))) {
        this.pos += 2;
        break;
      }
      const start = this.pos;
      if (regexNext) {
        // The right side of `=~` is a regex: parens and `|` are part of it.
        regexNext = false;
        let depth = 0;
        let lit = '';
        const parts: WordPart[] = [];
        while (!this.eof()) {
          const c = this.ch();
          if ((c === ' ' || c === '\t' || c === '\n') && depth === 0) break;
          if (c === '(') depth++;
          if (c === ')') depth = Math.max(0, depth - 1);
          if (c === '$' || c === '"' || c === "'" || c === '\\') {
            if (lit) parts.push({ type: 'lit', value: lit });
            lit = '';
            const w = this.readWordPart();
            if (w) parts.push(w);
            continue;
          }
          lit += c;
          this.pos++;
        }
        if (lit) parts.push({ type: 'lit', value: lit });
        words.push({ parts, raw: this.src.slice(start, this.pos), pos: start });
        continue;
      }
      const op = ['&&', '||', '(', ')', '!', '<', '>'].find((o) => this.startsWith(o) && (o !== '!' || DELIM.has(this.ch(1))));
      if (op) {
        this.pos += op.length;
        words.push({ parts: [{ type: 'lit', value: op }], raw: op, pos: start });
        continue;
      }
      const w = this.readWord();
      if (!w) {
        this.error(`unexpected '${this.ch()}' in [[ ]]`);
        this.pos++;
        continue;
      }
      if (w.raw === '=~') regexNext = true;
      words.push(w);
    }
    return { type: 'test', words, redirs: this.parseRedirs() };
  }

  private parseRedirs(): Redir[] {
    const out: Redir[] = [];
    for (;;) {
      this.skipBlanks();
      const r = this.tryRedir();
      if (!r) return out;
      out.push(r);
    }
  }

  private parseSimple(): Command | undefined {
    const start = this.pos;
    const assigns: Assign[] = [];
    const words: Word[] = [];
    const redirs: Redir[] = [];
    while (!this.tooDeep) {
      this.skipBlanks();
      if (this.eof()) break;
      const c = this.ch();
      if (c === '\n' || c === ';' || c === ')' || (c === '|' && this.ch(1) !== '')) break;
      if (c === '&' && this.ch(1) !== '>') break;
      const redir = this.tryRedir();
      if (redir) {
        redirs.push(redir);
        continue;
      }
      if (c === '(') {
        if (words.length === 1 && assigns.length === 0 && redirs.length === 0) {
          // name() compound-command
          this.pos++;
          this.skipBlanks();
          if (this.ch() === ')') this.pos++;
          else this.error("expected ')' in function definition");
          this.skipNewlines();
          const body = this.parseCommand();
          if (!body) {
            this.error('function has no body');
            return undefined;
          }
          return { type: 'func', name: words[0]!.raw, body };
        }
        this.error("unexpected '('");
        break;
      }
      if (c === '|') break;
      // Assignments lead a command; after declare/local/export/readonly/typeset they may
      // follow, and `name=(…)` there is an array, not a syntax error.
      if (words.length === 0 || (DECL.has(words[0]!.raw) && this.src.charAt(this.pos) !== '-')) {
        ASSIGN_RE.lastIndex = this.pos;
        const m = ASSIGN_RE.exec(this.src);
        if (m && (words.length === 0 || this.src.charAt(this.pos + m[0].length) === '(')) {
          assigns.push(this.readAssign(m[0]));
          continue;
        }
      }
      const w = this.readWord();
      if (!w) {
        this.error(`unexpected '${c}'`);
        this.pos++;
        continue;
      }
      words.push(w);
    }
    if (!assigns.length && !words.length && !redirs.length) return undefined;
    return { type: 'simple', assigns, words, redirs, pos: start, end: this.pos };
  }

  private readAssign(head: string): Assign {
    const start = this.pos;
    this.pos += head.length;
    const append = head.endsWith('+=');
    const name = head.slice(0, head.length - (append ? 2 : 1)).replace(/\[.*$/, '');
    if (this.ch() === '(') {
      this.pos++;
      const array: Word[] = [];
      while (!this.tooDeep) {
        this.skipNewlines();
        if (this.eof()) {
          this.error('unterminated array');
          break;
        }
        if (this.ch() === ')') {
          this.pos++;
          break;
        }
        const w = this.readWord();
        if (!w) {
          this.error(`unexpected '${this.ch()}' in array`);
          this.pos++;
          continue;
        }
        array.push(w);
      }
      return { name, append, array, raw: this.src.slice(start, this.pos) };
    }
    const value = META.has(this.ch()) || this.eof() ? undefined : this.readWord(true);
    const a: Assign = { name, append, raw: this.src.slice(start, this.pos) };
    if (value) a.value = value;
    return a;
  }

  private tryRedir(): Redir | undefined {
    const c0 = this.src.charCodeAt(this.pos);
    // Fast path: only a digit, '<', '>' or '&' can start a redirection.
    if (!((c0 >= 48 && c0 <= 57) || c0 === 60 || c0 === 62 || c0 === 38)) return undefined;
    const start = this.pos;
    let i = this.pos;
    while (i < this.src.length && i - start < 10 && this.src.charCodeAt(i) >= 48 && this.src.charCodeAt(i) <= 57) i++;
    const fd = i > start ? this.src.slice(start, i) : undefined;
    const rest = this.src.slice(i, i + 3);
    let op: string | undefined;
    if (!fd && (rest.startsWith('&>>') || rest.startsWith('&>'))) op = rest.startsWith('&>>') ? '&>>' : '&>';
    else {
      for (const o of ['<<<', '<<-', '<<', '<>', '<&', '>&', '>>', '>|', '<', '>']) {
        if (rest.startsWith(o)) {
          op = o;
          break;
        }
      }
    }
    if (!op) return undefined;
    // `<(` and `>(` are process substitutions (words), not redirections.
    if ((op === '<' || op === '>') && this.src.charAt(i + 1) === '(') return undefined;
    this.pos = i + op.length;
    this.skipBlanks();
    const target = this.readWord();
    const redir: Redir = { op };
    if (fd) redir.fd = fd;
    if (!target) {
      this.error(`redirection '${op}' without a target`);
      return redir;
    }
    redir.target = target;
    if (op === '<<' || op === '<<-') {
      const quoted = target.parts.some((p) => p.type !== 'lit');
      const delim = target.parts
        .map((p) =>
          p.type === 'lit' || p.type === 'sq' || p.type === 'ansi'
            ? p.value
            : p.type === 'dq'
              ? p.parts.map((q) => (q.type === 'lit' ? q.value : '')).join('')
              : '',
        )
        .join('');
      this.pending.push({ redir, delim, quoted, stripTabs: op === '<<-' });
    }
    return redir;
  }

  // -------------------------------------------------------------------------------------------
  // Words

  /** One quoted or expanded part at the cursor (used inside `[[ =~ ]]`). */
  private readWordPart(): WordPart | undefined {
    const c = this.ch();
    if (c === '$') return this.parseDollar(false);
    if (c === '"') return this.parseDq();
    if (c === "'") return this.parseSq();
    if (c === '\\') {
      const v = this.ch(1);
      this.pos += v ? 2 : 1;
      return { type: 'lit', value: v };
    }
    return undefined;
  }

  private readWord(inAssign = false): Word | undefined {
    const start = this.pos;
    const parts: WordPart[] = [];
    let lit = '';
    const flush = (): void => {
      if (lit) parts.push({ type: 'lit', value: lit });
      lit = '';
    };
    if (!this.spend()) return undefined;
    while (!this.eof() && !this.tooDeep) {
      const c = this.ch();
      if (!WORD_SPECIAL.has(c)) {
        let j = this.pos + 1;
        while (j < this.src.length && !WORD_SPECIAL.has(this.src.charAt(j))) j++;
        lit += this.src.slice(this.pos, j);
        this.pos = j;
        continue;
      }
      if (c === '\r') {
        // CRLF line ends: the CR is noise.
        if (this.ch(1) === '\n') break;
        lit += c;
        this.pos++;
        continue;
      }
      if (META.has(c)) {
        if ((c === '<' || c === '>') && this.ch(1) === '(') {
          flush();
          parts.push(this.parseProcSub());
          continue;
        }
        if (c === '(' && /[@!+*?]$/.test(lit)) {
          // extglob @(a|b)
          const g = this.scanParens();
          lit += g;
          continue;
        }
        break;
      }
      switch (c) {
        case '\\': {
          if (this.ch(1) === '\n') {
            this.pos += 2;
            continue;
          }
          const v = this.ch(1);
          lit += v;
          this.pos += v ? 2 : 1;
          continue;
        }
        case "'":
          flush();
          if (!this.spend()) break;
          parts.push(this.parseSq());
          continue;
        case '"':
          flush();
          parts.push(this.parseDq());
          continue;
        case '$':
          flush();
          if (!this.spend()) break;
          parts.push(this.parseDollar(false));
          continue;
        case '`':
          flush();
          if (!this.spend()) break;
          parts.push(this.parseBacktick());
          continue;
        case '~':
          if (parts.length === 0 && lit === '') {
            let j = this.pos + 1;
            while (j < this.src.length && /[A-Za-z0-9_.+-]/.test(this.src.charAt(j))) j++;
            parts.push({ type: 'tilde', value: this.src.slice(this.pos, j) });
            this.pos = j;
          } else {
            lit += c;
            this.pos++;
          }
          continue;
        case '{': {
          const b = this.scanBrace();
          if (b.expands) {
            flush();
            parts.push({ type: 'brace', value: b.text });
          } else lit += b.text;
          continue;
        }
        case '*':
        case '?':
        case '[':
          if (inAssign) {
            lit += c;
            this.pos++;
            continue;
          }
          flush();
          if (!this.spend()) break;
          parts.push({ type: 'glob', value: c });
          this.pos++;
          continue;
        default:
          lit += c;
          this.pos++;
      }
    }
    flush();
    if (this.pos === start) return undefined;
    return { parts, raw: this.src.slice(start, this.pos), pos: start };
  }

  /** `{a,b}` / `{1..3}`: brace expansion when it closes inside the word with `,` or `..`. */
  private scanBrace(): { text: string; expands: boolean } {
    const start = this.pos;
    let depth = 0;
    let j = this.pos;
    let sep = false;
    for (; j < this.src.length; j++) {
      const c = this.src.charAt(j);
      if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0) {
          j++;
          break;
        }
      } else if (c === ',' || (c === '.' && this.src.charAt(j + 1) === '.')) sep = true;
      else if (META.has(c) || '\\\'"$`'.includes(c)) break;
    }
    const closed = depth === 0 && j > start + 1;
    // Without a closing brace the scanned run is plain text; taking it whole keeps this linear.
    const end = closed ? j : Math.max(start + 1, j);
    this.pos = end;
    return { text: this.src.slice(start, end), expands: closed && sep };
  }

  private scanParens(): string {
    const start = this.pos;
    let depth = 0;
    while (!this.eof()) {
      const c = this.ch();
      this.pos++;
      if (c === '(') depth++;
      else if (c === ')') {
        depth--;
        if (depth === 0) break;
      } else if (c === '\n') break;
    }
    return this.src.slice(start, this.pos);
  }

  private parseSq(): WordPart {
    const end = this.src.indexOf("'", this.pos + 1);
    if (end < 0) {
      this.error('unterminated single quote');
      const value = this.src.slice(this.pos + 1);
      this.pos = this.src.length;
      return { type: 'sq', value };
    }
    const value = this.src.slice(this.pos + 1, end);
    this.pos = end + 1;
    return { type: 'sq', value };
  }

  private parseDq(): WordPart {
    const open = this.pos;
    this.pos++;
    const parts: WordPart[] = [];
    let lit = '';
    for (;;) {
      if (this.eof() || this.tooDeep) {
        this.error('unterminated double quote', open);
        break;
      }
      const c = this.ch();
      if (c === '"') {
        this.pos++;
        break;
      }
      if (c === '\\') {
        const n = this.ch(1);
        if (n !== '' && '$`"\\\n'.includes(n)) {
          if (n !== '\n') lit += n;
          this.pos += 2;
        } else {
          lit += c;
          this.pos++;
        }
        continue;
      }
      if (c === '$' || c === '`') {
        if (lit) parts.push({ type: 'lit', value: lit });
        lit = '';
        if (!this.spend()) break;
        parts.push(c === '$' ? this.parseDollar(true) : this.parseBacktick());
        continue;
      }
      let j = this.pos + 1;
      while (j < this.src.length && !'"\\$`'.includes(this.src.charAt(j))) j++;
      lit += this.src.slice(this.pos, j);
      this.pos = j;
    }
    if (lit) parts.push({ type: 'lit', value: lit });
    return { type: 'dq', parts };
  }

  private parseDollar(inDq: boolean): WordPart {
    const start = this.pos;
    const n = this.ch(1);
    if (n === "'" && !inDq) {
      this.pos += 2;
      let value = '';
      for (;;) {
        if (this.eof()) {
          this.error("unterminated $'…'", start);
          break;
        }
        const c = this.ch();
        if (c === "'") {
          this.pos++;
          break;
        }
        if (c === '\\') {
          const e = decodeAnsiEscape(this.src, this.pos);
          value += e.text;
          this.pos = e.next;
          continue;
        }
        value += c;
        this.pos++;
      }
      return { type: 'ansi', value };
    }
    if (n === '"' && !inDq) {
      this.pos++;
      return this.parseDq();
    }
    if (n === '(') {
      if (this.ch(2) === '(') {
        this.pos++;
        const a = this.parseArith(2);
        return { type: 'arith', raw: '$' + a.raw, subs: a.subs };
      }
      this.pos += 2;
      if (!this.enter()) return { type: 'cmdsub', body: [], raw: this.src.slice(start), backtick: false };
      this.cmdsubLevel++;
      const body = this.parseList([]);
      this.cmdsubLevel--;
      this.leave();
      this.skipNewlines();
      if (this.ch() === ')') this.pos++;
      else this.error("unterminated '$('", start);
      return { type: 'cmdsub', body, raw: this.src.slice(start, this.pos), backtick: false };
    }
    if (n === '{') {
      this.pos += 2;
      if (!this.enter()) return { type: 'param', name: '', raw: this.src.slice(start) };
      let j = this.pos;
      while (j < this.src.length && /[#!]/.test(this.src.charAt(j)) && j - this.pos < 2) j++;
      while (j < this.src.length && /[A-Za-z0-9_@*?$#!-]/.test(this.src.charAt(j))) {
        j++;
        if (/[@*?$#!-]/.test(this.src.charAt(j - 1)) && !/[A-Za-z0-9_]/.test(this.src.charAt(j - 2) || '')) break;
      }
      const name = this.src.slice(this.pos, j).replace(/^[#!]/, '');
      this.pos = j;
      const inner: WordPart[] = [];
      let lit = '';
      let closed = false;
      while (!this.eof() && !this.tooDeep) {
        const c = this.ch();
        if (c === '}') {
          this.pos++;
          closed = true;
          break;
        }
        if (c === '\\') {
          lit += this.ch(1);
          this.pos += 2;
        } else if (c === '$' || c === '`' || c === '"' || (c === "'" && !inDq)) {
          if (lit) inner.push({ type: 'lit', value: lit });
          lit = '';
          inner.push(c === '$' ? this.parseDollar(inDq) : c === '`' ? this.parseBacktick() : c === '"' ? this.parseDq() : this.parseSq());
        } else {
          lit += c;
          this.pos++;
        }
      }
      if (lit) inner.push({ type: 'lit', value: lit });
      this.leave();
      if (!closed) this.error("unterminated '${'", start);
      const part: WordPart = { type: 'param', name, raw: this.src.slice(start, this.pos) };
      if (inner.length) part.inner = inner;
      return part;
    }
    if (/[A-Za-z_]/.test(n)) {
      let j = this.pos + 2;
      while (j < this.src.length && /[A-Za-z0-9_]/.test(this.src.charAt(j))) j++;
      this.pos = j;
      return { type: 'param', name: this.src.slice(start + 1, j), raw: this.src.slice(start, j) };
    }
    if (n !== '' && '0123456789@*#?-$!'.includes(n)) {
      this.pos += 2;
      return { type: 'param', name: n, raw: '$' + n };
    }
    this.pos++;
    return { type: 'lit', value: '$' };
  }

  /** From `((` (skip = 2 chars already at the cursor) to the matching `))`. */
  private parseArith(skip: number): { raw: string; subs: Stmt[][] } {
    const start = this.pos;
    this.pos += skip;
    const subs: Stmt[][] = [];
    let depth = 0;
    for (;;) {
      if (this.eof() || this.tooDeep) {
        this.error("unterminated '(('", start);
        break;
      }
      const c = this.ch();
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) {
          if (this.ch(1) === ')') {
            this.pos += 2;
            break;
          }
          this.error("expected '))'", this.pos);
          this.pos++;
          break;
        }
        depth--;
      } else if (c === '$' || c === '`') {
        const part = c === '$' ? this.parseDollar(true) : this.parseBacktick();
        if (part.type === 'cmdsub') subs.push(part.body);
        if (part.type === 'arith') subs.push(...part.subs);
        if (part.type === 'param' && part.inner) for (const q of part.inner) if (q.type === 'cmdsub') subs.push(q.body);
        continue;
      } else if (c === '\n') {
        this.newline();
        continue;
      }
      this.pos++;
    }
    return { raw: this.src.slice(start, this.pos), subs };
  }

  private parseBacktick(): WordPart {
    const start = this.pos;
    this.pos++;
    let content = '';
    let closed = false;
    while (!this.eof()) {
      const c = this.ch();
      if (c === '\\' && '`\\$'.includes(this.ch(1)) && this.ch(1) !== '') {
        content += this.ch(1);
        this.pos += 2;
        continue;
      }
      if (c === '`') {
        this.pos++;
        closed = true;
        break;
      }
      content += c;
      this.pos++;
    }
    if (!closed) this.error('unterminated backquote', start);
    const sub = new Parser(content, this.depth + 1);
    const script = sub.parseScript();
    for (const e of script.errors) this.error(e.message, start);
    if (script.tooDeep) this.tooDeep = true;
    return { type: 'cmdsub', body: script.stmts, raw: this.src.slice(start, this.pos), backtick: true };
  }

  private parseProcSub(): WordPart {
    const start = this.pos;
    const op = this.ch() as '<' | '>';
    this.pos += 2;
    if (!this.enter()) return { type: 'procsub', op, body: [], raw: this.src.slice(start) };
    this.cmdsubLevel++;
    const body = this.parseList([]);
    this.cmdsubLevel--;
    this.leave();
    this.skipNewlines();
    if (this.ch() === ')') this.pos++;
    else this.error(`unterminated '${op}('`, start);
    return { type: 'procsub', op, body, raw: this.src.slice(start, this.pos) };
  }
}

const ANSI_SIMPLE: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

function decodeAnsiEscape(src: string, at: number): { text: string; next: number } {
  const e = src.charAt(at + 1);
  const simple = ANSI_SIMPLE[e];
  if (simple !== undefined) return { text: simple, next: at + 2 };
  const hex = (re: RegExp, from: number): { text: string; next: number } | undefined => {
    const m = re.exec(src.slice(from, from + 8));
    if (!m || !m[0]) return undefined;
    const code = parseInt(m[0], 16);
    return { text: code <= 0x10ffff ? String.fromCodePoint(code) : '', next: from + m[0].length };
  };
  if (e === 'x') return hex(/^[0-9a-fA-F]{1,2}/, at + 2) ?? { text: '\\x', next: at + 2 };
  if (e === 'u') return hex(/^[0-9a-fA-F]{1,4}/, at + 2) ?? { text: '\\u', next: at + 2 };
  if (e === 'U') return hex(/^[0-9a-fA-F]{1,8}/, at + 2) ?? { text: '\\U', next: at + 2 };
  if (/[0-7]/.test(e)) {
    const m = /^[0-7]{1,3}/.exec(src.slice(at + 1, at + 4))!;
    return { text: String.fromCharCode(parseInt(m[0], 8) & 0xff), next: at + 1 + m[0].length };
  }
  if (e === 'c') return { text: '', next: at + 3 };
  if (e === '') return { text: '\\', next: at + 1 };
  return { text: '\\' + e, next: at + 2 };
}
