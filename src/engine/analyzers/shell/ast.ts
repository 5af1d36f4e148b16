// The typed AST of the POSIX/bash/zsh shell grammar that parse.ts produces. Positions are offsets
// into the text the parser was given (heredoc bodies and backtick bodies are parsed as their own
// text, so their inner positions are relative to that text).

export type WordPart =
  | { type: 'lit'; value: string }
  | { type: 'sq'; value: string }
  | { type: 'ansi'; value: string }
  | { type: 'dq'; parts: WordPart[] }
  | { type: 'param'; name: string; raw: string; inner?: WordPart[] }
  | { type: 'cmdsub'; body: Stmt[]; raw: string; backtick: boolean }
  | { type: 'arith'; raw: string; subs: Stmt[][] }
  | { type: 'procsub'; op: '<' | '>'; body: Stmt[]; raw: string }
  | { type: 'glob'; value: string }
  | { type: 'brace'; value: string }
  | { type: 'tilde'; value: string };

export interface Word {
  parts: WordPart[];
  raw: string;
  pos: number;
}

export interface Heredoc {
  delim: string;
  quoted: boolean;
  stripTabs: boolean;
  /** The body text as written (tabs stripped for `<<-`). */
  body: string;
  /** Parsed expansions of an unquoted body; a quoted body is one literal. */
  word: Word;
}

export interface Redir {
  fd?: string;
  op: string;
  target?: Word;
  heredoc?: Heredoc;
}

export interface Assign {
  name: string;
  append: boolean;
  value?: Word;
  array?: Word[];
  raw: string;
}

export type Command =
  | { type: 'simple'; assigns: Assign[]; words: Word[]; redirs: Redir[]; pos: number; end: number }
  | { type: 'subshell'; body: Stmt[]; redirs: Redir[] }
  | { type: 'group'; body: Stmt[]; redirs: Redir[] }
  | { type: 'if'; clauses: { cond: Stmt[]; body: Stmt[] }[]; elseBody?: Stmt[]; redirs: Redir[] }
  | { type: 'for'; name: string; items?: Word[]; arith?: string; body: Stmt[]; select: boolean; redirs: Redir[] }
  | { type: 'while'; until: boolean; cond: Stmt[]; body: Stmt[]; redirs: Redir[] }
  | { type: 'case'; word: Word; items: { patterns: Word[]; body: Stmt[] }[]; redirs: Redir[] }
  | { type: 'func'; name: string; body: Command }
  | { type: 'test'; words: Word[]; redirs: Redir[] }
  | { type: 'arithcmd'; raw: string; subs: Stmt[][]; redirs: Redir[] }
  | { type: 'coproc'; name?: string; body: Command };

export interface Pipeline {
  negated: boolean;
  time: boolean;
  /** `|&` between commands i and i+1 when pipeStderr[i] is true. */
  cmds: Command[];
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
}

export interface Stmt {
  list: AndOr;
  background: boolean;
  pos: number;
  end: number;
}

export interface ParseError {
  pos: number;
  message: string;
}

export interface Script {
  stmts: Stmt[];
  errors: ParseError[];
  /** The nesting bound was hit; the rest of the input was not parsed. */
  tooDeep: boolean;
  /** The size budget was hit; the rest of the input was not parsed. */
  tooLarge: boolean;
}
