// node-sql-parser, loaded lazily and per dialect: each dialect build is ~200–300 KB and costs
// ~15–25 ms to load, and the engine sits on the agent hook's start-up path, so nothing is loaded
// until a statement needs a WHERE clause read. Only the dialects below are bundled; others fall
// back to the tokenizer. Requires are literal so the bundler sees them.
import type { SqlFamily } from './tokenize';

type ParserModule = typeof import('node-sql-parser');
interface AstParser {
  astify(sql: string, opt?: { database?: string }): unknown;
}

const loaded = new Map<SqlFamily, AstParser | null>();

function load(family: SqlFamily): AstParser | null {
  switch (family) {
    case 'postgres':
      return new (require('node-sql-parser/build/postgresql') as ParserModule).Parser();
    case 'mysql':
      return new (require('node-sql-parser/build/mysql') as ParserModule).Parser();
    case 'sqlite':
      return new (require('node-sql-parser/build/sqlite') as ParserModule).Parser();
    case 'tsql':
      return new (require('node-sql-parser/build/transactsql') as ParserModule).Parser();
    default:
      return null;
  }
}

const DATABASE: Record<SqlFamily, string> = { postgres: 'postgresql', mysql: 'mysql', sqlite: 'sqlite', tsql: 'transactsql', generic: '' };

/** The first AST of `sql`, or undefined when the dialect is not bundled or the parser gives up. */
export function parseOne(sql: string, family: SqlFamily): Record<string, unknown> | undefined {
  let parser = loaded.get(family);
  if (parser === undefined) {
    try {
      parser = load(family);
    } catch {
      parser = null;
    }
    loaded.set(family, parser);
  }
  if (!parser || sql.length > 100_000) return undefined;
  try {
    const ast: unknown = parser.astify(sql, { database: DATABASE[family] });
    const list: unknown[] | undefined = Array.isArray(ast) ? ast : undefined;
    const first = list ? (list.length === 1 ? list[0] : undefined) : ast;
    return typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Which dialect parsers are loaded (for the benchmark). */
export const loadedParsers = (): SqlFamily[] => [...loaded].filter(([, p]) => p).map(([f]) => f);

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function literal(e: unknown): string | undefined {
  if (!isObj(e)) return undefined;
  if (e.type === 'number' || e.type === 'bool' || e.type === 'single_quote_string' || e.type === 'string' || e.type === 'double_quote_string')
    return `${String(e.type)}:${String(e.value)}`;
  if (e.type === 'column_ref') return `col:${JSON.stringify(e.table)}.${JSON.stringify(e.column)}`;
  return undefined;
}

/** A WHERE that matches every row: TRUE, 1, 1=1, 'a'='a', x=x, … OR <any of those>. */
export function isTautologyAst(e: unknown, depth = 0): boolean {
  if (!isObj(e) || depth > 20) return false;
  if (e.type === 'bool') return e.value === true;
  if (e.type === 'number') return Number(e.value) !== 0;
  if (e.type === 'binary_expr') {
    const op = String(e.operator).toUpperCase();
    if (op === 'OR') return isTautologyAst(e.left, depth + 1) || isTautologyAst(e.right, depth + 1);
    if (op === 'AND') return isTautologyAst(e.left, depth + 1) && isTautologyAst(e.right, depth + 1);
    if (op === '=' || op === '>=' || op === '<=') {
      const l = literal(e.left);
      return l !== undefined && l === literal(e.right);
    }
  }
  return false;
}
