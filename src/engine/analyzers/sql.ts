// SQL statements (`statement`, `dialect?`), from files, `psql -c`, `mysql -e`, migrations, MCP
// query tools; and, as dialects `mongodb` and `redis`, mongosh / redis-cli text (see sql/nosql.ts).
// Sees: statements split by a tokenizer that knows strings, quoted identifiers, comments and
// dollar quoting; DROP DATABASE/SCHEMA/TABLE/VIEW/INDEX/…, TRUNCATE, DELETE and UPDATE without a
// WHERE (or with one that matches every row: 1=1, TRUE), ALTER TABLE … DROP COLUMN/CONSTRAINT/
// PARTITION, GRANT ALL / TO PUBLIC, SUPERUSER roles, CASCADE, EXPLAIN ANALYZE of a write, DO
// blocks and procedure calls (opaque), several statements at once. WHERE clauses are read with
// node-sql-parser (loaded lazily, per dialect) when it parses the statement, else by tokens.
// Does not catch: what a called procedure, trigger or rule does; dynamic SQL built in strings;
// how many rows a WHERE matches (`WHERE id > 0` is taken as targeted); foreign keys with ON DELETE
// CASCADE; data lost by a column type change.
import type { Finding, SqlAction, Target } from '../schema';
import { type Analysis, type AnalyzerContext, clip, emptyAnalysis } from '../analysis';
import { type SqlFamily, type Statement, type Token, familyOf, splitStatements } from './sql/tokenize';
import { isTautologyAst, parseOne } from './sql/parser';
import { analyzeMongo, analyzeRedis } from './sql/nosql';

const MAX_FINDINGS = 200;
/** Statements per script whose WHERE is read by the parser; the rest by tokens. */
const MAX_PARSED = 200;
const READ_VERBS = new Set([
  'SELECT',
  'SHOW',
  'DESCRIBE',
  'DESC',
  'VALUES',
  'TABLE',
  'USE',
  'BEGIN',
  'COMMIT',
  'ROLLBACK',
  'START',
  'SAVEPOINT',
  'RELEASE',
  'END',
  'LISTEN',
  'UNLISTEN',
  'FETCH',
  'DECLARE',
  'CLOSE',
  'PREPARE',
  'DEALLOCATE',
  'SET',
  'RESET',
  'CHECKPOINT',
  'HELP',
  'ABORT',
  'LOCK',
  'UNLOCK',
  'PRINT',
  'DISCARD',
]);
const WRITE_LOW = new Set([
  'INSERT',
  'COPY',
  'LOAD',
  'ANALYZE',
  'VACUUM',
  'REINDEX',
  'CLUSTER',
  'COMMENT',
  'NOTIFY',
  'OPTIMIZE',
  'REFRESH',
  'IMPORT',
  'UPSERT',
  'HANDLER',
  'BACKUP',
  'CACHE',
  'SECURITY',
]);
const DANGEROUS_FUNCTIONS =
  /\b(pg_terminate_backend|pg_cancel_backend|pg_drop_replication_slot|pg_reload_conf|pg_rotate_logfile|pg_promote|dblink_exec|lo_unlink|pg_file_unlink|pg_file_write|xp_cmdshell|sys_exec|sys_eval)\s*\(/i;

/** A qualified name's parts, from tokens at `i` (word or quoted, joined by dots). */
function nameAt(toks: Token[], i: number): { name: string; parts: string[]; next: number } | undefined {
  const parts: string[] = [];
  let j = i;
  while (j < toks.length) {
    const t = toks[j]!;
    if (t.type !== 'word' && t.type !== 'quoted') break;
    parts.push(t.text);
    if (toks[j + 1]?.text === '.' && toks[j + 2] && (toks[j + 2]!.type === 'word' || toks[j + 2]!.type === 'quoted')) j += 2;
    else {
      j++;
      break;
    }
  }
  return parts.length ? { name: parts.join('.'), parts, next: j } : undefined;
}

/** Comma-separated names starting at `i`, skipping IF [NOT] EXISTS / ONLY; stops at other words. */
function namesAt(toks: Token[], i: number, stop: Set<string>): string[][] {
  const out: string[][] = [];
  let j = i;
  while (j < toks.length) {
    const u = toks[j]!.upper;
    if (toks[j]!.type === 'word' && (u === 'IF' || u === 'NOT' || u === 'EXISTS' || u === 'ONLY' || u === 'CONCURRENTLY')) {
      j++;
      continue;
    }
    if (toks[j]!.type === 'word' && stop.has(u)) break;
    const n = nameAt(toks, j);
    if (!n) break;
    out.push(n.parts);
    j = n.next;
    if (toks[j]?.text === '*') j++; // TRUNCATE t* (descendants)
    if (toks[j]?.text !== ',') break;
    j++;
  }
  return out;
}

const topWords = (toks: Token[]): Token[] => toks.filter((t) => t.depth === 0 && t.type === 'word');
const has = (toks: Token[], w: string): boolean => toks.some((t) => t.type === 'word' && t.depth === 0 && t.upper === w);

interface Ctx {
  a: Analysis;
  family: SqlFamily;
  tables: Set<string>;
  databases: Set<string>;
  verbs: Map<string, number>;
  writes: number;
  capped: boolean;
  parsed: number;
  targetKeys: Set<string>;
}

function add(c: Ctx, f: Finding): void {
  if (c.a.findings.length >= MAX_FINDINGS) {
    c.capped = true;
    return;
  }
  c.a.findings.push(f);
}

function tableTargets(c: Ctx, names: string[][], op: Target['op']): Target[] {
  const ts: Target[] = [];
  for (const parts of names) {
    const name = parts.join('.');
    c.tables.add(name.toLowerCase());
    ts.push({ kind: 'table', name, op });
    if (parts.length >= 2) hintDb(c, parts[0]!);
    const key = `${op ?? ''}\0${name}`;
    if (!c.targetKeys.has(key) && c.a.targets.length < 200) {
      c.targetKeys.add(key);
      c.a.targets.push({ kind: 'table', name, op });
    }
  }
  return ts;
}

function hintDb(c: Ctx, name: string): void {
  if (!c.databases.has(name)) {
    c.databases.add(name);
    c.a.envHints.push({ source: 'database', value: name });
  }
}

function dbTarget(c: Ctx, name: string, op: Target['op']): Target {
  hintDb(c, name);
  const t: Target = { kind: 'database', name, op };
  if (!c.a.targets.some((x) => x.kind === 'database' && x.name === name)) c.a.targets.push(t);
  return t;
}

/** Token fallback: the WHERE clause matches every row (1=1, TRUE, 1, 'a'='a', … OR 1=1). */
function tautologyByTokens(where: Token[]): boolean {
  const atoms: Token[][] = [[]];
  for (const t of where) {
    if (t.type === 'word' && t.upper === 'OR' && t.depth === where[0]!.depth) atoms.push([]);
    else atoms[atoms.length - 1]!.push(t);
  }
  return atoms.some((a) => {
    const x = a.filter((t) => t.text !== '(' && t.text !== ')');
    if (x.length === 1) return (x[0]!.type === 'word' && x[0]!.upper === 'TRUE') || (x[0]!.type === 'number' && Number(x[0]!.text) !== 0);
    if (x.length === 3 && (x[1]!.text === '=' || x[1]!.text === '>=' || x[1]!.text === '<=')) {
      return x[0]!.type === x[2]!.type && x[0]!.text === x[2]!.text && x[0]!.type !== 'param';
    }
    return false;
  });
}

/** How a DELETE/UPDATE is filtered: the parser first, tokens when it cannot parse. */
function whereOf(s: Statement, verbAt: number, c: Ctx): 'none' | 'all' | 'filtered' {
  // The parser is a PEG parser: bounded per statement and per script, tokens decide the rest.
  const ast = c.parsed++ < MAX_PARSED && s.text.length <= 20_000 ? parseOne(s.text, c.family) : undefined;
  if (ast && (ast.type === 'delete' || ast.type === 'update')) {
    if (ast.where === null || ast.where === undefined) {
      const from = Array.isArray(ast.from) ? ast.from : [];
      return from.some((f) => typeof f === 'object' && f !== null && 'join' in f && (f as Record<string, unknown>).on) ? 'filtered' : 'none';
    }
    return isTautologyAst(ast.where) ? 'all' : 'filtered';
  }
  const toks = s.tokens.slice(verbAt);
  const wi = toks.findIndex((t) => t.type === 'word' && t.depth === 0 && t.upper === 'WHERE');
  if (wi < 0) {
    if (toks.some((t) => t.type === 'word' && t.depth === 0 && t.upper === 'JOIN') && toks.some((t) => t.type === 'word' && t.depth === 0 && t.upper === 'ON'))
      return 'filtered';
    if (toks.some((t) => t.type === 'word' && t.depth === 0 && t.upper === 'CURRENT')) return 'filtered'; // WHERE CURRENT OF is caught above; a cursor delete
    return 'none';
  }
  const end = toks.findIndex((t, k) => k > wi && t.type === 'word' && t.depth === 0 && ['LIMIT', 'ORDER', 'RETURNING', 'OUTPUT', 'OPTION'].includes(t.upper));
  const clause = toks.slice(wi + 1, end < 0 ? undefined : end);
  if (clause.length === 0) return 'none';
  return tautologyByTokens(clause) ? 'all' : 'filtered';
}

/** Statement text as evidence, with passwords blanked. */
const evidenceOf = (text: string): string =>
  clip(text.replace(/\b(PASSWORD|IDENTIFIED\s+BY|SECRET)(\s*=?\s*)('(?:[^']|'')*'|"[^"]*"|\$\w*\$[\s\S]*?\$\w*\$)/gi, "$1$2'…'"));

function analyzeStatement(s: Statement, c: Ctx): void {
  const ev = evidenceOf(s.text);
  if (s.meta) {
    const m = /^\\(c|connect)\s+("?)([^\s"]+)\2/.exec(s.text);
    if (m) hintDb(c, m[3]!);
    if (/^(\\!|\.(shell|system)\b)/.test(s.text)) {
      c.writes++;
      add(c, {
        rule: 'sql.shell-escape',
        level: 'high',
        message: 'Runs a shell command from the database client',
        evidence: ev,
        class: 'broad-change',
        reversibility: 'unknown',
      });
    } else if (/^(\\(i|ir|include|include_relative)|\.(read|import|restore))\s/.test(s.text)) {
      c.writes++;
      add(c, {
        rule: 'sql.opaque',
        level: 'medium',
        message: 'Runs or loads a file whose statements are not shown',
        evidence: ev,
        class: 'broad-change',
        reversibility: 'unknown',
      });
    }
    return;
  }
  if (s.unterminated) {
    add(c, {
      rule: 'sql.unterminated',
      level: 'medium',
      message: `An unterminated ${s.unterminated} hides the rest of the text from analysis`,
      evidence: ev,
      class: 'broad-change',
      reversibility: 'unknown',
    });
    c.writes++;
  }
  const toks = s.tokens;
  let vi = toks.findIndex((t) => t.type === 'word');
  if (vi < 0) {
    if (!s.unterminated && toks.length) {
      add(c, {
        rule: 'sql.unknown-statement',
        level: 'medium',
        message: 'Text that is not a statement this reader knows',
        evidence: ev,
        class: 'broad-change',
        reversibility: 'unknown',
      });
      c.writes++;
    }
    return;
  }
  // WITH … (CTEs) and EXPLAIN [ANALYZE]: find the statement that actually runs.
  let explainAnalyze = false;
  if (toks[vi]!.upper === 'EXPLAIN') {
    const rest = toks.slice(vi + 1, vi + 12);
    explainAnalyze = rest.some((t) => t.type === 'word' && (t.upper === 'ANALYZE' || t.upper === 'ANALYSE'));
    const inner = toks.findIndex(
      (t, k) =>
        k > vi && t.type === 'word' && ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'WITH', 'VALUES', 'TABLE', 'CREATE', 'EXECUTE'].includes(t.upper),
    );
    if (!explainAnalyze || inner < 0) {
      c.verbs.set('EXPLAIN', (c.verbs.get('EXPLAIN') ?? 0) + 1);
      return;
    }
    vi = inner;
  }
  if (toks[vi]!.upper === 'WITH') {
    const inner = toks.findIndex(
      (t, k) =>
        k > vi && t.depth === toks[vi]!.depth && t.type === 'word' && ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'VALUES', 'TABLE'].includes(t.upper),
    );
    // Data-modifying CTEs (WITH d AS (DELETE …)) run too.
    for (let k = vi + 1; k < toks.length; k++) {
      const t = toks[k]!;
      if (t.type === 'word' && t.depth > toks[vi]!.depth && (t.upper === 'DELETE' || t.upper === 'UPDATE') && toks[k - 1]?.text === '(') {
        const sub = toks.slice(k).filter((x) => x.depth >= t.depth);
        const end = sub.findIndex((x, q) => q > 0 && x.depth === t.depth - 1);
        const body = sub.slice(0, end < 0 ? undefined : end);
        analyzeVerb(
          { text: body.map((x) => (x.type === 'string' ? `'${x.text}'` : x.text)).join(' '), tokens: body.map((x) => ({ ...x, depth: x.depth - t.depth })) },
          0,
          c,
          ev,
        );
      }
    }
    if (inner < 0) {
      add(c, {
        rule: 'sql.unknown-statement',
        level: 'medium',
        message: 'A WITH statement whose main verb could not be found',
        evidence: ev,
        class: 'broad-change',
        reversibility: 'unknown',
      });
      c.writes++;
      return;
    }
    vi = inner;
  }
  analyzeVerb(s, vi, c, ev, explainAnalyze);
}

function analyzeVerb(s: Statement, vi: number, c: Ctx, ev: string, explainAnalyze = false): void {
  const toks = s.tokens;
  const verb = toks[vi]!.upper;
  const next = (k: number): Token | undefined => toks[vi + k];
  const words = topWords(toks.slice(vi));
  const w1 = words[1]?.upper ?? '';
  const label = verb === 'DROP' || verb === 'ALTER' || verb === 'CREATE' ? `${verb} ${w1}` : verb;
  c.verbs.set(label, (c.verbs.get(label) ?? 0) + 1);
  // CASCADE as an option of the statement (DROP … CASCADE, TRUNCATE … CASCADE), not a foreign
  // key's referential action (`REFERENCES users ON DELETE CASCADE` drops nothing now).
  const cascade = toks
    .slice(vi)
    .some((t, k, all) => t.type === 'word' && t.depth === 0 && t.upper === 'CASCADE' && !(all[k - 1]?.upper === 'DELETE' || all[k - 1]?.upper === 'UPDATE'));

  if (verb === 'SELECT' || verb === 'VALUES' || verb === 'TABLE' || verb === 'SHOW' || verb === 'DESCRIBE' || verb === 'DESC') {
    const text = s.text;
    if (DANGEROUS_FUNCTIONS.test(text)) {
      c.writes++;
      add(c, {
        rule: 'sql.admin-function',
        level: 'medium',
        message: 'Calls an administrative function (terminate sessions, drop replication slots, run OS commands)',
        evidence: ev,
        class: 'broad-change',
        reversibility: 'unknown',
      });
    } else if (verb === 'SELECT' && has(toks.slice(vi), 'INTO') && c.family !== 'mysql') {
      // SELECT … INTO new_table creates a table (PostgreSQL, T-SQL); MySQL's INTO is variables/outfile.
      c.writes++;
    } else if (/\bINTO\s+(OUTFILE|DUMPFILE)\b/i.test(text)) {
      c.writes++;
      add(c, {
        rule: 'sql.write-file',
        level: 'medium',
        message: 'Writes query results to a file on the database server',
        evidence: ev,
        class: 'targeted-patch',
        reversibility: 'unknown',
      });
    }
    return;
  }
  if (verb === 'RESET' && ['MASTER', 'BINARY', 'REPLICA', 'SLAVE'].includes(w1)) {
    c.writes++;
    add(c, {
      rule: 'sql.admin',
      level: 'high',
      message: `RESET ${w1} deletes the server's binary logs or replication state`,
      evidence: ev,
      class: 'broad-change',
      reversibility: 'irreversible',
    });
    return;
  }
  if (READ_VERBS.has(verb)) {
    if (verb === 'USE' && next(1)) hintDb(c, next(1)!.text);
    if (verb === 'SET' && /\b(sql_safe_updates|foreign_key_checks)\s*=\s*(0|off|false)\b/i.test(s.text)) {
      c.writes++;
      add(c, {
        rule: 'sql.safety-off',
        level: 'medium',
        message: 'Switches off a database safety check',
        evidence: ev,
        class: 'broad-change',
        reversibility: 'reversible',
      });
    }
    return;
  }
  c.writes++;
  if (explainAnalyze) {
    add(c, {
      rule: 'sql.explain-analyze-write',
      level: 'low',
      message: 'EXPLAIN ANALYZE runs the statement it explains',
      evidence: ev,
      class: 'targeted-patch',
      reversibility: 'unknown',
    });
  }

  const handler = VERB_HANDLERS.get(verb) ?? otherStatement;
  handler({ s, toks, vi, verb, words, w1, c, ev, cascade, next });
}

/** A write statement's verb and what its handler needs to read it. */
interface VerbAt {
  s: Statement;
  toks: Token[];
  /** Index of the verb in toks. */
  vi: number;
  verb: string;
  /** The statement's words at its own depth, from the verb on. */
  words: Token[];
  /** The word after the verb (DROP TABLE → TABLE). */
  w1: string;
  c: Ctx;
  ev: string;
  cascade: boolean;
  next: (k: number) => Token | undefined;
}

/** DROP DATABASE / SCHEMA / TABLE / VIEW / INDEX / …, and CASCADE. */
function dropStatement(v: VerbAt): void {
  const { toks, words, w1, c, ev, cascade } = v;
  let k = 1;
  let kind = w1;
  if (
    kind === 'MATERIALIZED' ||
    kind === 'FOREIGN' ||
    kind === 'TEMPORARY' ||
    kind === 'TEMP' ||
    kind === 'GLOBAL' ||
    kind === 'EXTERNAL' ||
    kind === 'UNIQUE'
  ) {
    kind = `${kind} ${words[2]?.upper ?? ''}`.trim();
    k = 2;
  }
  let nameStart = toks.indexOf(words[k]!) + 1;
  if (kind === 'OWNED' && toks[nameStart]?.upper === 'BY') nameStart++;
  const names = namesAt(toks, nameStart, new Set(['CASCADE', 'RESTRICT', 'PURGE', 'ON', 'FORCE', 'WITH']));
  if (kind === 'DATABASE' || kind === 'SCHEMA') {
    const ts = names.map((p) => dbTarget(c, p.join('.'), 'delete'));
    add(c, {
      rule: kind === 'DATABASE' ? 'sql.drop-database' : 'sql.drop-schema',
      level: 'critical',
      message: `Drops ${kind === 'DATABASE' ? 'the database' : 'the schema'} ${names.map((p) => p.join('.')).join(', ') || '(unnamed)'} and every table in it`,
      evidence: ev,
      class: 'environment-teardown',
      reversibility: 'irreversible',
      targets: ts,
    });
  } else if (kind === 'TABLE' || kind === 'TEMPORARY TABLE' || kind === 'TEMP TABLE' || kind === 'FOREIGN TABLE' || kind === 'EXTERNAL TABLE') {
    const ts = tableTargets(c, names, 'delete');
    const foreign = kind.startsWith('FOREIGN') || kind.startsWith('EXTERNAL') || kind.startsWith('TEMP');
    add(c, {
      rule: 'sql.drop-table',
      level: foreign ? 'medium' : 'high',
      message: `Drops ${names.length === 1 ? 'the table' : `${names.length} tables:`} ${names.map((p) => p.join('.')).join(', ')} with ${names.length === 1 ? 'its' : 'their'} rows`,
      evidence: ev,
      class: 'destructive',
      reversibility: foreign ? 'recoverable' : 'irreversible',
      targets: ts,
    });
  } else if (
    kind === 'TABLESPACE' ||
    kind === 'OWNED' ||
    kind === 'SERVER' ||
    kind === 'PUBLICATION' ||
    kind === 'SUBSCRIPTION' ||
    kind === 'DATABASE LINK' ||
    kind === 'KEYSPACE'
  ) {
    add(c, {
      rule: 'sql.drop-object',
      level: 'high',
      message: `Drops ${kind.toLowerCase()} ${names.map((p) => p.join('.')).join(', ')}${kind === 'OWNED' ? ' (every object a role owns)' : ''}`,
      evidence: ev,
      class: 'destructive',
      reversibility: kind === 'OWNED' ? 'irreversible' : 'unknown',
    });
  } else {
    const what = kind.toLowerCase() || 'object';
    const rule = kind.endsWith('VIEW') ? 'sql.drop-view' : kind.endsWith('INDEX') ? 'sql.drop-index' : 'sql.drop-object';
    const ts = kind.endsWith('VIEW') ? tableTargets(c, names, 'delete') : [];
    add(c, {
      rule,
      level: 'medium',
      message: `Drops ${what} ${names.map((p) => p.join('.')).join(', ')}`.trim(),
      evidence: ev,
      class: 'destructive',
      reversibility:
        kind === 'MATERIALIZED VIEW' || kind.endsWith('VIEW') || kind.endsWith('INDEX') || kind === 'FUNCTION' || kind === 'PROCEDURE' || kind === 'TRIGGER'
          ? 'recoverable'
          : 'unknown',
      ...(ts.length ? { targets: ts } : {}),
    });
  }
  if (cascade) {
    add(c, {
      rule: 'sql.cascade',
      level: 'high',
      message: 'CASCADE also drops everything that depends on it (views, foreign keys, other objects)',
      evidence: ev,
      class: 'broad-change',
      reversibility: 'irreversible',
    });
  }
}

/** TRUNCATE [TABLE] names, and CASCADE. */
function truncateStatement(v: VerbAt): void {
  const { toks, vi, c, ev, cascade, next } = v;
  const start = next(1)?.upper === 'TABLE' ? vi + 2 : vi + 1;
  const names = namesAt(toks, start, new Set(['RESTART', 'CONTINUE', 'CASCADE', 'RESTRICT', 'PARTITION']));
  const ts = tableTargets(c, names, 'delete');
  add(c, {
    rule: 'sql.truncate',
    level: 'high',
    message: `Empties ${names.length === 1 ? 'the table' : `${names.length} tables:`} ${names.map((p) => p.join('.')).join(', ')}`,
    evidence: ev,
    class: 'destructive',
    reversibility: 'irreversible',
    targets: ts,
  });
  if (cascade)
    add(c, {
      rule: 'sql.cascade',
      level: 'high',
      message: 'CASCADE also empties every table that references it',
      evidence: ev,
      class: 'broad-change',
      reversibility: 'irreversible',
    });
}

/** DELETE, targeted by a WHERE or every row. */
function deleteStatement(v: VerbAt): void {
  const { s, toks, vi, c, ev } = v;
  // DELETE FROM t …, DELETE t FROM … (MySQL/T-SQL), DELETE t WHERE … (T-SQL)
  const fromAt = toks.findIndex((t, k) => k > vi && t.depth === toks[vi]!.depth && t.type === 'word' && t.upper === 'FROM');
  const names = namesAt(toks, fromAt >= 0 ? fromAt + 1 : vi + 1, new Set(['WHERE', 'USING', 'AS', 'JOIN', 'LIMIT', 'RETURNING']));
  const scope = whereOf(s, vi, c);
  if (scope === 'filtered') {
    const ts = tableTargets(c, names.slice(0, 1), 'modify');
    add(c, {
      rule: 'sql.delete',
      level: 'medium',
      message: `Deletes the rows of ${names[0]?.join('.') ?? 'a table'} that match a condition`,
      evidence: ev,
      class: 'targeted-patch',
      reversibility: 'irreversible',
      targets: ts,
    });
  } else {
    const ts = tableTargets(c, names.slice(0, 1), 'delete');
    add(c, {
      rule: 'sql.delete-all',
      level: 'high',
      message: `Deletes every row of ${names[0]?.join('.') ?? 'a table'}${scope === 'all' ? ' (its WHERE matches every row)' : ' (no WHERE)'}`,
      evidence: ev,
      class: 'destructive',
      reversibility: 'irreversible',
      targets: ts,
    });
  }
}

/** UPDATE, targeted by a WHERE or every row. */
function updateStatement(v: VerbAt): void {
  const { s, toks, vi, c, ev } = v;
  let k = vi + 1;
  while (toks[k]?.type === 'word' && ['ONLY', 'LOW_PRIORITY', 'IGNORE', 'TOP'].includes(toks[k]!.upper)) k++;
  const names = namesAt(toks, k, new Set(['SET', 'AS']));
  const scope = whereOf(s, vi, c);
  if (scope === 'filtered') {
    tableTargets(c, names.slice(0, 1), 'modify');
    add(c, {
      rule: 'sql.update',
      level: 'low',
      message: `Updates the rows of ${names[0]?.join('.') ?? 'a table'} that match a condition`,
      evidence: ev,
      class: 'targeted-patch',
      reversibility: 'irreversible',
    });
  } else {
    const ts = tableTargets(c, names.slice(0, 1), 'overwrite');
    add(c, {
      rule: 'sql.update-all',
      level: 'high',
      message: `Overwrites every row of ${names[0]?.join('.') ?? 'a table'}${scope === 'all' ? ' (its WHERE matches every row)' : ' (no WHERE)'}`,
      evidence: ev,
      class: 'broad-change',
      reversibility: 'irreversible',
      targets: ts,
    });
  }
}

/** ALTER TABLE (drop column / constraint / partition, rename), roles given superuser powers, other ALTERs. */
function alterStatement(v: VerbAt): void {
  const { s, toks, words, w1, c, ev, cascade } = v;
  if (w1 === 'TABLE') {
    const start = toks.indexOf(words[1]!) + 1;
    const names = namesAt(
      toks,
      start,
      new Set(['ADD', 'DROP', 'ALTER', 'RENAME', 'SET', 'OWNER', 'MODIFY', 'CHANGE', 'TRUNCATE', 'REPLICA', 'ENABLE', 'DISABLE', 'ATTACH', 'DETACH']),
    );
    const top = topWords(toks.slice(start));
    const drops = top.filter((t, q) => t.upper === 'DROP' && top[q + 1]).map((t) => top[top.indexOf(t) + 1]!.upper);
    const truncPart = top.some((t, q) => t.upper === 'TRUNCATE' && top[q + 1]?.upper === 'PARTITION');
    if (drops.includes('PARTITION') || truncPart) {
      const ts = tableTargets(c, names.slice(0, 1), 'delete');
      add(c, {
        rule: 'sql.drop-partition',
        level: 'high',
        message: `Drops or empties partitions of ${names[0]?.join('.') ?? 'a table'} with their rows`,
        evidence: ev,
        class: 'destructive',
        reversibility: 'irreversible',
        targets: ts,
      });
    } else if (
      drops.some(
        (d) =>
          d !== 'CONSTRAINT' &&
          d !== 'INDEX' &&
          d !== 'KEY' &&
          d !== 'FOREIGN' &&
          d !== 'PRIMARY' &&
          d !== 'DEFAULT' &&
          d !== 'NOT' &&
          d !== 'CHECK' &&
          d !== 'IDENTITY' &&
          d !== 'EXPRESSION',
      )
    ) {
      const ts = tableTargets(c, names.slice(0, 1), 'modify');
      add(c, {
        rule: 'sql.drop-column',
        level: 'high',
        message: `Drops a column of ${names[0]?.join('.') ?? 'a table'} and the data in it`,
        evidence: ev,
        class: 'destructive',
        reversibility: 'irreversible',
        targets: ts,
      });
    } else if (drops.length) {
      const ts = tableTargets(c, names.slice(0, 1), 'modify');
      add(c, {
        rule: 'sql.drop-constraint',
        level: 'medium',
        message: `Drops a constraint or index of ${names[0]?.join('.') ?? 'a table'}`,
        evidence: ev,
        class: 'broad-change',
        reversibility: 'recoverable',
        targets: ts,
      });
    } else {
      tableTargets(c, names.slice(0, 1), 'modify');
      const rename = top.some((t) => t.upper === 'RENAME');
      add(c, {
        rule: 'sql.alter-table',
        level: rename ? 'medium' : 'low',
        message: rename
          ? `Renames in ${names[0]?.join('.') ?? 'a table'}; code that uses the old name breaks`
          : `Changes the structure of ${names[0]?.join('.') ?? 'a table'}`,
        evidence: ev,
        class: 'targeted-patch',
        reversibility: 'recoverable',
      });
    }
    if (cascade)
      add(c, {
        rule: 'sql.cascade',
        level: 'high',
        message: 'CASCADE also drops what depends on it',
        evidence: ev,
        class: 'broad-change',
        reversibility: 'irreversible',
      });
    return;
  }
  if (
    (w1 === 'ROLE' || w1 === 'USER' || w1 === 'LOGIN') &&
    /\b(SUPERUSER|BYPASSRLS|CREATEROLE|REPLICATION)\b/i.test(s.text) &&
    !/\bNO(SUPERUSER|BYPASSRLS|CREATEROLE|REPLICATION)\b/i.test(s.text)
  ) {
    add(c, {
      rule: 'sql.superuser',
      level: 'high',
      message: 'Gives a role superuser-level powers',
      evidence: ev,
      class: 'broad-change',
      reversibility: 'reversible',
    });
    return;
  }
  if (w1 === 'DATABASE' || w1 === 'SCHEMA') {
    const n = nameAt(toks, toks.indexOf(words[1]!) + 1);
    if (n) dbTarget(c, n.name, 'modify');
  }
  add(c, {
    rule: 'sql.alter',
    level: 'medium',
    message: `Alters ${w1.toLowerCase() || 'an object'}`,
    evidence: ev,
    class: 'targeted-patch',
    reversibility: 'recoverable',
  });
}

/** GRANT and REVOKE: all privileges, PUBLIC and superuser roles are high. */
function grantStatement(v: VerbAt): void {
  const { s, verb, c, ev } = v;
  // ALL as the privilege list (`GRANT ALL [PRIVILEGES] ON …`), not `GRANT SELECT ON ALL TABLES`.
  const all = /\bGRANT\s+ALL(\s+PRIVILEGES)?\b/i.test(s.text) && verb === 'GRANT';
  const pub = /\bTO\s+PUBLIC\b/i.test(s.text);
  const su =
    /\b(SUPER|rds_superuser|cloudsqlsuperuser|azure_pg_admin|pg_write_all_data|pg_execute_server_program|db_owner|sysadmin)\b/i.test(s.text) &&
    verb === 'GRANT';
  if (all || pub || su) {
    add(c, {
      rule: 'sql.grant-all',
      level: 'high',
      message: su ? 'Grants superuser-level powers' : pub ? 'Grants to every role (PUBLIC)' : 'Grants all privileges',
      evidence: ev,
      class: 'broad-change',
      reversibility: 'reversible',
    });
  } else {
    add(c, {
      rule: verb === 'GRANT' ? 'sql.grant' : 'sql.revoke',
      level: 'medium',
      message: verb === 'GRANT' ? 'Grants privileges' : 'Revokes privileges; what used them stops working',
      evidence: ev,
      class: 'targeted-patch',
      reversibility: 'reversible',
    });
  }
}

/** CREATE: superuser roles, CREATE OR REPLACE, the databases and tables it makes. */
function createStatement(v: VerbAt): void {
  const { s, toks, words, w1, c, ev } = v;
  if ((w1 === 'ROLE' || w1 === 'USER') && /\b(SUPERUSER|BYPASSRLS)\b/i.test(s.text) && !/\bNOSUPERUSER\b/i.test(s.text)) {
    add(c, { rule: 'sql.superuser', level: 'high', message: 'Creates a superuser role', evidence: ev, class: 'broad-change', reversibility: 'reversible' });
    return;
  }
  if (w1 === 'OR' && words[2]?.upper === 'REPLACE') {
    add(c, {
      rule: 'sql.create-or-replace',
      level: 'low',
      message: `Replaces the definition of ${words[3]?.upper.toLowerCase() ?? 'an object'}`,
      evidence: ev,
      class: 'targeted-patch',
      reversibility: 'recoverable',
    });
    return;
  }
  if (w1 === 'DATABASE' || w1 === 'SCHEMA') {
    const n = nameAt(toks, toks.indexOf(words[1]!) + 1);
    if (n && n.parts[0]?.toUpperCase() !== 'IF') dbTarget(c, n.name, 'create');
  }
  if (w1 === 'TABLE') tableTargets(c, namesAt(toks, toks.indexOf(words[1]!) + 1, new Set(['AS', 'LIKE', 'PARTITION'])).slice(0, 1), 'create');
}

/** REPLACE and MERGE (a MERGE that deletes is medium). */
function mergeStatement(v: VerbAt): void {
  const { s, verb, c, ev } = v;
  const deletes = verb === 'MERGE' && /\bTHEN\s+DELETE\b/i.test(s.text);
  add(c, {
    rule: 'sql.merge',
    level: deletes ? 'medium' : 'low',
    message: deletes ? 'Merges rows, deleting those that match' : 'Inserts or replaces rows',
    evidence: ev,
    class: 'targeted-patch',
    reversibility: 'irreversible',
  });
}

/** RENAME TABLE. */
function renameStatement(v: VerbAt): void {
  const { c, ev } = v;
  add(c, {
    rule: 'sql.rename',
    level: 'medium',
    message: 'Renames a table; code that uses the old name breaks',
    evidence: ev,
    class: 'targeted-patch',
    reversibility: 'recoverable',
  });
}

/** DO blocks and procedure calls: their body is read only for obvious drops and deletes. */
function opaqueStatement(v: VerbAt): void {
  const { toks, c, ev } = v;
  const body = toks
    .filter((t) => t.type === 'dollar' || t.type === 'string')
    .map((t) => t.text)
    .join('\n');
  const risky = /\b(DROP\s+(TABLE|DATABASE|SCHEMA)|TRUNCATE|DELETE\s+FROM)\b/i.test(body);
  add(c, {
    rule: 'sql.opaque',
    level: risky ? 'high' : 'medium',
    message: risky ? 'Runs procedural code that drops, truncates or deletes' : 'Runs procedural code whose effect cannot be read',
    evidence: ev,
    class: 'broad-change',
    reversibility: 'unknown',
  });
}

/** FLUSH, KILL, SHUTDOWN, PURGE: acts on the whole server. */
function adminStatement(v: VerbAt): void {
  const { verb, c, ev } = v;
  add(c, {
    rule: 'sql.admin',
    level: verb === 'SHUTDOWN' || verb === 'PURGE' ? 'high' : 'medium',
    message: `${verb} acts on the whole server`,
    evidence: ev,
    class: 'broad-change',
    reversibility: 'unknown',
  });
}

/** Low writes (INSERT, COPY, VACUUM …) and statements this reader does not know. */
function otherStatement(v: VerbAt): void {
  const { toks, vi, verb, c, ev } = v;
  if (WRITE_LOW.has(verb)) {
    if (verb === 'INSERT') {
      const into = toks.findIndex((t, k) => k > vi && t.type === 'word' && t.upper === 'INTO');
      tableTargets(c, namesAt(toks, into >= 0 ? into + 1 : vi + 1, new Set(['VALUES', 'SELECT', 'DEFAULT', 'SET', 'OVERRIDING'])).slice(0, 1), 'modify');
    }
    if (verb === 'VACUUM' && has(toks, 'FULL'))
      add(c, {
        rule: 'sql.vacuum-full',
        level: 'low',
        message: 'VACUUM FULL locks tables while it rewrites them',
        evidence: ev,
        class: 'targeted-patch',
        reversibility: 'reversible',
      });
    return;
  }
  add(c, {
    rule: 'sql.unknown-statement',
    level: 'medium',
    message: `A statement this reader does not know (${verb.slice(0, 30)})`,
    evidence: ev,
    class: 'broad-change',
    reversibility: 'unknown',
  });
}

/** One handler per write verb; anything else is otherStatement. */
const VERB_HANDLERS = new Map<string, (v: VerbAt) => void>([
  ['DROP', dropStatement],
  ['TRUNCATE', truncateStatement],
  ['DELETE', deleteStatement],
  ['UPDATE', updateStatement],
  ['ALTER', alterStatement],
  ['GRANT', grantStatement],
  ['REVOKE', grantStatement],
  ['CREATE', createStatement],
  ['REPLACE', mergeStatement],
  ['MERGE', mergeStatement],
  ['RENAME', renameStatement],
  ['DO', opaqueStatement],
  ['CALL', opaqueStatement],
  ['EXEC', opaqueStatement],
  ['EXECUTE', opaqueStatement],
  ['FLUSH', adminStatement],
  ['KILL', adminStatement],
  ['SHUTDOWN', adminStatement],
  ['PURGE', adminStatement],
]);

function summaryOf(c: Ctx, statements: number): string {
  if (statements === 0) return 'No statement (only comments or whitespace)';
  const top = c.a.findings
    .filter((f) => f.level !== 'low')
    .sort((x, y) => ['low', 'medium', 'high', 'critical'].indexOf(y.level) - ['low', 'medium', 'high', 'critical'].indexOf(x.level));
  if (statements === 1) {
    if (top[0]) return top[0].message;
    if (c.writes === 0) return 'Reads only; changes nothing';
    return c.a.findings[0]?.message ?? `Runs ${[...c.verbs.keys()][0] ?? 'a statement'}`;
  }
  const verbs = [...c.verbs]
    .sort((x, y) => y[1] - x[1])
    .slice(0, 4)
    .map(([v, n]) => `${n} ${v}`)
    .join(', ');
  if (c.writes === 0) return `Reads only (${statements} statements: ${verbs})`;
  return `Runs ${statements} statements (${verbs})${top[0] ? `; worst: ${top[0].message}` : ''}`;
}

export function analyzeSql(action: SqlAction, _ctx: AnalyzerContext): Analysis {
  const dialect = (action.dialect ?? '').toLowerCase();
  if (/^(mongo|mongodb|mongosh)$/.test(dialect)) return analyzeMongo(action.statement);
  if (/^(redis|redis-cli|valkey|keydb)$/.test(dialect)) return analyzeRedis(action.statement);
  const family = familyOf(action.dialect);
  const a = emptyAnalysis(true);
  a.contexts.push({ system: 'database' });
  const c: Ctx = { a, family, tables: new Set(), databases: new Set(), verbs: new Map(), writes: 0, capped: false, parsed: 0, targetKeys: new Set() };
  const text = typeof action.statement === 'string' ? action.statement : '';
  const statements = splitStatements(text, family);
  let real = 0;
  for (const s of statements) {
    if (s.tokens.length || s.unterminated) real++;
    try {
      analyzeStatement(s, c);
    } catch (e) {
      // A reader bug must not hide the statement: fail closed on this one.
      c.writes++;
      add(c, {
        rule: 'sql.unreadable',
        level: 'high',
        message: 'A statement could not be analysed',
        evidence: clip(`${s.text} (${e instanceof Error ? e.message : String(e)})`),
        class: 'broad-change',
        reversibility: 'unknown',
      });
    }
  }
  if (real === 0 && !statements.some((s) => s.meta)) {
    a.findings.push({
      rule: 'sql.no-statement',
      level: 'low',
      message: text.trim() ? 'Only comments; no statement runs' : 'Empty: no statement runs',
      evidence: clip(text) || '(empty)',
      class: 'read-only',
      reversibility: 'reversible',
    });
  }
  const writing = c.writes;
  if (real > 1 && writing > 0) {
    a.findings.push({
      rule: 'sql.multiple-statements',
      level: 'low',
      message: `Runs ${real} statements in one go`,
      evidence: clip(statements.map((s) => s.text.split(/\s+/).slice(0, 3).join(' ')).join('; ')),
      class: writing >= 10 ? 'broad-change' : 'targeted-patch',
      reversibility: 'unknown',
    });
  }
  if (c.capped) {
    a.counts.atLeast = true;
    a.findings.push({
      rule: 'sql.many-findings',
      level: 'medium',
      message: `More than ${MAX_FINDINGS} findings; the rest are not listed`,
      evidence: `${real} statements`,
      class: 'broad-change',
      reversibility: 'unknown',
    });
  }
  a.readOnly = writing === 0 && !a.findings.some((f) => f.level !== 'low' || f.rule !== 'sql.no-statement');
  if (c.tables.size) a.counts.tables = c.tables.size;
  a.summary = summaryOf(c, real);
  return a;
}
