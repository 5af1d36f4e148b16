// A small SQL tokenizer: enough to split a script into statements and read each one's leading
// verbs and names without being fooled by strings, quoted identifiers, comments (`--`, `/* */`
// nested in PostgreSQL, `#` in MySQL) or PostgreSQL dollar quoting. It never throws; text it
// cannot close (an unterminated quote or comment) marks the statement `unterminated`.

export type SqlFamily = 'postgres' | 'mysql' | 'sqlite' | 'tsql' | 'generic';

export interface Token {
  type: 'word' | 'quoted' | 'string' | 'number' | 'punct' | 'param' | 'dollar';
  /** As written, quotes stripped for `quoted`, body for `dollar`. */
  text: string;
  /** Upper-cased text of a word. */
  upper: string;
  /** Parenthesis depth at the token. */
  depth: number;
}

export interface Statement {
  text: string;
  tokens: Token[];
  /** A quote, comment or dollar-quote ran to the end of the input. */
  unterminated?: string;
  /** A psql meta-command line (`\c db`) or a sqlite3 dot-command (`.tables`). */
  meta?: boolean;
}

export function familyOf(dialect: string | undefined): SqlFamily {
  const d = (dialect ?? '').toLowerCase().replace(/[^a-z]/g, '');
  if (/^(postgres|postgresql|pg|psql|redshift|cockroach|cockroachdb|timescale|supabase|neon)$/.test(d)) return 'postgres';
  if (/^(mysql|mariadb|tidb|planetscale|singlestore)$/.test(d)) return 'mysql';
  if (/^(sqlite|sqlite3|libsql|turso|d1)$/.test(d)) return 'sqlite';
  if (/^(tsql|mssql|sqlserver|transactsql|azuresql|sqlcmd)$/.test(d)) return 'tsql';
  return 'generic';
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;

/**
 * A block comment from `i` (at its opening slash-star): where it ends, and whether it was closed.
 * PostgreSQL nests them; the others end at the first star-slash.
 */
function blockComment(src: string, i: number, family: SqlFamily): { end: number; closed: boolean } {
  let level = 1;
  let j = i + 2;
  while (j < src.length && level > 0) {
    if (src[j] === '*' && src[j + 1] === '/') {
      level--;
      j += 2;
    } else if (family === 'postgres' && src[j] === '/' && src[j + 1] === '*') {
      level++;
      j += 2;
    } else j++;
  }
  return { end: j, closed: level === 0 };
}

/**
 * Text between the quote at `i` and `close`: a doubled `close` is one, a backslash escapes the
 * next character when `backslash` (MySQL strings, PostgreSQL E'…'). Returns the text, where it
 * ends and whether it was closed.
 */
function quotedText(src: string, i: number, close: string, backslash: boolean): { body: string; end: number; closed: boolean } {
  let j = i + 1;
  let body = '';
  while (j < src.length) {
    const ch = src[j]!;
    if (backslash && ch === '\\') {
      body += src[j + 1] ?? '';
      j += 2;
      continue;
    }
    if (ch === close) {
      if (src[j + 1] === close) {
        body += close;
        j += 2;
        continue;
      }
      return { body, end: j + 1, closed: true };
    }
    body += ch;
    j++;
  }
  return { body, end: j, closed: false };
}

/** Splits `src` into statements at top-level `;` (and `GO` lines in T-SQL). */
export function splitStatements(src: string, family: SqlFamily): Statement[] {
  const out: Statement[] = [];
  let tokens: Token[] = [];
  let start = 0;
  let depth = 0;
  let unterminated: string | undefined;
  const n = src.length;
  let i = 0;
  const flush = (end: number): void => {
    const text = src.slice(start, end).trim();
    if (tokens.length || unterminated) out.push({ text, tokens, ...(unterminated ? { unterminated } : {}) });
    tokens = [];
    depth = 0;
    unterminated = undefined;
  };
  const push = (type: Token['type'], text: string): void => {
    tokens.push({ type, text, upper: type === 'word' ? text.toUpperCase() : text, depth });
  };
  while (i < n) {
    const c = src[i]!;
    const d = src[i + 1];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    // psql meta-commands: a backslash starting a line, up to the end of that line.
    if (((c === '\\' && family !== 'mysql') || (c === '.' && family === 'sqlite')) && tokens.length === 0) {
      const eol = src.indexOf('\n', i);
      const end = eol < 0 ? n : eol;
      out.push({ text: src.slice(i, end).trim(), tokens: [], meta: true });
      i = end;
      start = i;
      continue;
    }
    if (c === '-' && d === '-') {
      const eol = src.indexOf('\n', i);
      i = eol < 0 ? n : eol + 1;
      if (tokens.length === 0) start = i;
      continue;
    }
    if (c === '#' && family === 'mysql') {
      const eol = src.indexOf('\n', i);
      i = eol < 0 ? n : eol + 1;
      if (tokens.length === 0) start = i;
      continue;
    }
    if (c === '/' && d === '*') {
      const r = blockComment(src, i, family);
      if (!r.closed) unterminated = 'comment';
      i = r.end;
      if (tokens.length === 0 && !unterminated) start = i;
      continue;
    }
    if (c === "'" || (c === '"' && family === 'mysql')) {
      const prev = tokens[tokens.length - 1];
      const backslash =
        family === 'mysql' ||
        (prev?.type === 'word' && prev.upper === 'E' && src[i - 1] === 'E') ||
        (prev?.type === 'word' && prev.text === 'e' && src[i - 1] === 'e');
      const r = quotedText(src, i, c, backslash);
      if (!r.closed) unterminated = 'string';
      push('string', r.body);
      i = r.end;
      continue;
    }
    if (c === '"' || c === '`' || (c === '[' && (family === 'tsql' || family === 'sqlite'))) {
      const r = quotedText(src, i, c === '[' ? ']' : c, false);
      if (!r.closed) unterminated = 'quoted identifier';
      push('quoted', r.body);
      i = r.end;
      continue;
    }
    if (c === '$') {
      // $tag$ … $tag$ (PostgreSQL, also seen in Snowflake), or a $1 parameter.
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(src.slice(i, i + 66));
      if (m && family !== 'mysql' && family !== 'tsql') {
        const tag = m[0];
        const close = src.indexOf(tag, i + tag.length);
        if (close < 0) {
          unterminated = 'dollar-quoted string';
          push('dollar', src.slice(i + tag.length));
          i = n;
        } else {
          push('dollar', src.slice(i + tag.length, close));
          i = close + tag.length;
        }
        continue;
      }
      let j = i + 1;
      while (j < n && /[0-9]/.test(src[j]!)) j++;
      push('param', src.slice(i, Math.max(j, i + 1)));
      i = Math.max(j, i + 1);
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && d !== undefined && /[0-9]/.test(d))) {
      let j = i + 1;
      while (j < n && /[0-9.eE_xXa-fA-F]/.test(src[j]!)) j++;
      push('number', src.slice(i, j));
      i = j;
      continue;
    }
    if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < n && WORD_CHAR.test(src[j]!)) j++;
      const word = src.slice(i, j);
      // T-SQL batch separator: GO alone on its line.
      if (
        family === 'tsql' &&
        word.toUpperCase() === 'GO' &&
        depth === 0 &&
        /^[ \t]*(\r?\n|$)/.test(src.slice(j, j + 80)) &&
        /(^|\n)[ \t]*$/.test(src.slice(Math.max(0, i - 80), i))
      ) {
        flush(i);
        i = j;
        start = i;
        continue;
      }
      push('word', word);
      i = j;
      continue;
    }
    if (c === ';') {
      if (depth === 0) {
        flush(i);
        i++;
        start = i;
        continue;
      }
      push('punct', c);
      i++;
      continue;
    }
    if (c === '(') {
      push('punct', c);
      depth++;
      i++;
      continue;
    }
    if (c === ')') {
      depth = Math.max(0, depth - 1);
      push('punct', c);
      i++;
      continue;
    }
    // Operators: keep two-character ones together.
    const two = src.slice(i, i + 2);
    if (['<>', '!=', '<=', '>=', '::', '||', ':='].includes(two)) {
      push('punct', two);
      i += 2;
      continue;
    }
    push('punct', c);
    i++;
  }
  flush(n);
  return out;
}
