// Databases: the clients' statements (`psql -c`, `mysql -e`, stdin, heredocs) are analysed as SQL,
// MongoDB or Redis; dropdb and mysqladmin drop are database drops.
// Does not catch: SQL in files given with -f (reported as unreadable here).
import { parseOpts } from '../opts';
import { type Arg, type Invocation, type Sink, argText, ev, staticArg } from '../types';
import { type Handler, type Pack, again, f, names, runJoined } from './kit';

const database: Handler = (inv, s, args, name) => {
  const dialect = name === 'psql' || name === 'cockroach' ? 'postgresql' : name === 'mysql' || name === 'mariadb' ? 'mysql' : name === 'sqlite3' || name === 'sqlite' || name === 'duckdb' ? 'sqlite' : name === 'sqlcmd' ? 'tsql' : name === 'mongosh' || name === 'mongo' ? 'mongodb' : name === 'redis-cli' || name === 'valkey-cli' ? 'redis' : 'generic';
  const sqlVia = (text: string, via: string): void => {
    s.mutates();
    s.nested({ kind: 'sql', statement: text, dialect }, via);
  };
  const o = parseOpts(args, ['-c', '--command', '-f', '--file', '-d', '--dbname', '-h', '--host', '-p', '--port', '-U', '--username', '-u', '--user', '-e', '--execute', '-D', '--database', '--eval', '-n', '-a', '--query', '-q', '-Q', '-i', '-S', '-P', '--url', '--tls', '--pass', '--user', '-o', '--output', '-v', '--set', '-P']);
  const db = o.get('-d', '--dbname', '-D', '--database', '-n') ?? (name === 'sqlite3' || name === 'duckdb' || name === 'mongosh' || name === 'mongo' ? argText(o.pos[0]) : undefined) ?? (name === 'psql' || name === 'mysql' ? argText(o.pos[0]) : undefined);
  const host = o.get('-h', '--host', '-S');
  s.context({ system: 'database', ...(db ? { context: db } : {}) });
  if (host) s.hint('database host', host);
  if (db) s.hint('database', db);
  const opaque = (what: string): void => s.add(inv, f('shell.sql-unknown', 'medium', `${name} runs ${what}, which cannot be read here`, 'broad-change', 'unknown'));
  if (name === 'redis-cli' || name === 'valkey-cli') {
    // Scans, stats and latency modes only read.
    if (args.some((a) => /^--(?:scan|bigkeys|memkeys|hotkeys|stat|latency(?:-history|-dist)?|intrinsic-latency|help|version)$/.test(a.value ?? ''))) return;
    const cmd = o.pos.filter((p) => p.value !== undefined).map((p) => p.value!).filter((v, i, all) => !(i > 0 && all[i - 1] === '--pattern'));
    if (cmd.length) sqlVia(cmd.join(' '), name);
    else if (inv.stdin.kind === 'text') sqlVia(inv.stdin.text, name);
    return;
  }
  if (name === 'mongosh' || name === 'mongo') {
    const js = o.get('--eval');
    if (js !== undefined) sqlVia(js, `${name} --eval`);
    else if (o.pos.some((p) => /\.js$/.test(p.value ?? ''))) opaque('a script file');
    else if (inv.stdin.kind === 'text') sqlVia(inv.stdin.text, name);
    return;
  }
  const inline = [...o.all('-c', '--command', '-e', '--execute', '--query', '-q', '-Q')];
  if (name === 'sqlite3' || name === 'sqlite' || name === 'duckdb') inline.push(...o.pos.slice(1).filter((p) => p.value !== undefined).map((p) => p.value!));
  if (inline.length) {
    for (const q of inline) sqlVia(q, `${name} ${name === 'sqlite3' ? '' : '-c'}`.trim());
    return;
  }
  const file = o.get('-f', '--file', '-i');
  if (file) {
    opaque(`the SQL file ${file}`);
    return;
  }
  if (inv.stdin.kind === 'text') sqlVia(inv.stdin.text, `${name} reading standard input`);
  else if (inv.stdin.kind !== 'none') opaque(`SQL from ${inv.stdin.from}`);
};

const dropdb: Handler = (inv, s, rest, name) => {
  const vals = rest.map((a) => a.value);
  if (name === 'mysqladmin' && !vals.some((v) => v === 'drop')) {
    s.mutates();
    return;
  }
  const db = argText(rest.filter((a) => !(a.value ?? '').startsWith('-')).pop());
  s.context({ system: 'database', ...(db ? { context: db } : {}) });
  s.add(inv, f('shell.db-drop', 'high', `Drops the database ${db}`, 'environment-teardown', 'irreversible', db ? [{ kind: 'database', name: db, op: 'delete' }] : []));
  return;
};

const CLIENTS = ['psql', 'mysql', 'mariadb', 'sqlite3', 'sqlite', 'duckdb', 'mongosh', 'mongo', 'redis-cli', 'valkey-cli', 'clickhouse-client', 'cockroach', 'sqlcmd'];

export const DATABASES: Pack = {
  family: 'databases',
  covers: 'Database clients (psql, mysql, sqlite3, duckdb, mongosh, redis-cli, clickhouse, cockroach, sqlcmd): their SQL goes to the SQL analyzer; dropdb, mysqladmin drop.',
  commands: { ...Object.fromEntries(CLIENTS.map((n) => [n, database])), dropdb, mysqladmin: dropdb },
  rules: [],
};
