// Databases: the clients' statements (`psql -c`, `mysql -e`, stdin, heredocs) are analysed as SQL,
// MongoDB or Redis; dropdb and mysqladmin drop are database drops.
// A dump piped straight back into a client (`pg_dump --clean … | psql`, `mysqldump … | mysql`) drops
// and recreates what it holds in the target.
// Does not catch: SQL in files given with -f (reported as unreadable here).
import { parseOpts } from '../opts';
import { argText } from '../types';
import { type Handler, type Pack, f, safeUrl } from './kit';
import { rule } from '../../../rules/types';

const database: Handler = (inv, s, args, name) => {
  const dialect =
    name === 'psql' || name === 'cockroach'
      ? 'postgresql'
      : name === 'mysql' || name === 'mariadb'
        ? 'mysql'
        : name === 'sqlite3' || name === 'sqlite' || name === 'duckdb'
          ? 'sqlite'
          : name === 'sqlcmd'
            ? 'tsql'
            : name === 'mongosh' || name === 'mongo'
              ? 'mongodb'
              : name === 'redis-cli' || name === 'valkey-cli'
                ? 'redis'
                : 'generic';
  const sqlVia = (text: string, via: string): void => {
    s.mutates();
    s.nested({ kind: 'sql', statement: text, dialect }, via);
  };
  const redis = name === 'redis-cli' || name === 'valkey-cli';
  // redis-cli's own options with values (`--scan --pattern 'sess:*'` only reads).
  const redisOpts = redis
    ? [
        '--pattern',
        '--count',
        '--rdb',
        '--functions-rdb',
        '-r',
        '-i',
        '--user',
        '--pass',
        '-x',
        '--cacert',
        '--cert',
        '--key',
        '--sni',
        '--eval',
        '--memkeys-samples',
        '--quoted-pattern',
        '-t',
        '-s',
      ]
    : [];
  const o = parseOpts(args, [
    '-c',
    '--command',
    '-f',
    '--file',
    '-d',
    '--dbname',
    '-h',
    '--host',
    '-p',
    '--port',
    '-U',
    '--username',
    '-u',
    '--user',
    '-e',
    '--execute',
    '-D',
    '--database',
    '--eval',
    '-n',
    '-a',
    '--query',
    '-q',
    '-Q',
    '-i',
    '-S',
    '-P',
    '--url',
    '--tls',
    '--pass',
    '--user',
    '-o',
    '--output',
    '-v',
    '--set',
    '-P',
    ...redisOpts,
  ]);
  const db =
    o.get('-d', '--dbname', '-D', '--database', '-n') ??
    (name === 'sqlite3' || name === 'duckdb' || name === 'mongosh' || name === 'mongo' ? argText(o.pos[0]) : undefined) ??
    (name === 'psql' || name === 'mysql' ? argText(o.pos[0]) : undefined);
  const host = o.get('-h', '--host', '-S');
  s.context({ system: 'database', ...(db ? { context: db } : {}) });
  if (host) s.hint('database host', host);
  if (db) s.hint('database', db);
  const opaque = (what: string): void =>
    s.add(inv, f('shell.sql-unknown', 'medium', `${name} runs ${what}, which cannot be read here`, 'broad-change', 'unknown'));
  if (redis) {
    const uri = o.get('-u');
    if (uri) s.hint('redis url', safeUrl(uri));
    if (o.has('--scan', '--bigkeys', '--memkeys', '--hotkeys', '--stat', '--latency', '--latency-history', '--help', '--version') && !o.pos.length) return;
    const cmd = o.pos.filter((p) => p.value !== undefined).map((p) => p.value!);
    // `redis-cli --scan --pattern 'x*' | xargs redis-cli del`: keys known only at run time, in bulk.
    if (/^(del|unlink)$/i.test(cmd[0] ?? '') && o.pos.some((p) => p.value === undefined)) {
      s.add(
        inv,
        f(
          'data.keys-delete',
          'high',
          `${name} ${cmd[0]!.toUpperCase()} deletes keys produced by another command (a scan or KEYS listing: every key that matched)`,
          'destructive',
          'irreversible',
        ),
      );
      return;
    }
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
  if (name === 'sqlite3' || name === 'sqlite' || name === 'duckdb')
    inline.push(
      ...o.pos
        .slice(1)
        .filter((p) => p.value !== undefined)
        .map((p) => p.value!),
    );
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
  else if (inv.stdin.kind === 'unknown' && dumpWithDrops(inv.stdin.from)) {
    s.add(
      inv,
      f(
        'data.restore-drop',
        'high',
        `${name} loads a dump that drops what it holds before recreating it (${inv.stdin.from})${db ? ` into ${db}` : ''}: rows written since are lost`,
        'destructive',
        'irreversible',
        db ? [{ kind: 'database', name: safeUrl(db), op: 'overwrite' }] : [],
      ),
    );
  } else if (inv.stdin.kind !== 'none') opaque(`SQL from ${inv.stdin.from}`);
};

/** `pg_dump --clean`, `pg_dumpall -c`, and mysqldump (which writes DROP TABLE unless told not to). */
function dumpWithDrops(from: string): boolean {
  if (/^\s*(pg_dump|pg_dumpall)\b/.test(from)) return /(^|\s)(--clean|-[abCDoOsvwWxX]*c[a-zA-Z]*)(\s|$)/.test(from);
  if (/^\s*(mysqldump|mariadb-dump)\b/.test(from)) return !/--skip-add-drop-table|--no-create-info|-t\b/.test(from);
  return false;
}

const dropdb: Handler = (inv, s, rest, name) => {
  const vals = rest.map((a) => a.value);
  if (name === 'mysqladmin' && !vals.some((v) => v === 'drop')) {
    s.mutates();
    return;
  }
  const db = argText(rest.filter((a) => !(a.value ?? '').startsWith('-')).pop());
  s.context({ system: 'database', ...(db ? { context: db } : {}) });
  s.add(
    inv,
    f('shell.db-drop', 'high', `Drops the database ${db}`, 'environment-teardown', 'irreversible', db ? [{ kind: 'database', name: db, op: 'delete' }] : []),
  );
  return;
};

const CLIENTS = [
  'psql',
  'mysql',
  'mariadb',
  'sqlite3',
  'sqlite',
  'duckdb',
  'mongosh',
  'mongo',
  'redis-cli',
  'valkey-cli',
  'clickhouse-client',
  'cockroach',
  'sqlcmd',
];

export const DATABASES: Pack = {
  family: 'databases',
  covers:
    'Database clients (psql, mysql, sqlite3, duckdb, mongosh, redis-cli, clickhouse, cockroach, sqlcmd): their SQL goes to the SQL analyzer; dropdb, mysqladmin drop.',
  commands: { ...Object.fromEntries(CLIENTS.map((n) => [n, database])), dropdb, mysqladmin: dropdb },
  rules: [
    rule(
      'shell.db-drop',
      'high',
      'environment-teardown',
      'Drops a whole database',
      'Dump it first (`pg_dump -Fc db > db.dump`) and check which server the client points at',
      ['dropdb app_production', 'mysqladmin -u root drop app'],
      ['mysqladmin status', 'psql -l'],
    ),
    rule(
      'data.keys-delete',
      'high',
      'destructive',
      'Deletes Redis keys in bulk from a scan or KEYS listing',
      'Count them first (`redis-cli --scan --pattern P | wc -l`) and delete with a narrow pattern; snapshot first (`redis-cli BGSAVE`)',
      ['redis-cli --scan --pattern "sess:*" | xargs redis-cli del'],
      ['redis-cli --scan --pattern "sess:*"', 'redis-cli del sess:42'],
    ),
    rule(
      'shell.sql-unknown',
      'medium',
      'broad-change',
      "Runs SQL that cannot be read here (a file, or another command's output)",
      'Show the statements first (`cat file.sql`) or pass them inline so they can be judged',
      ['psql -f migrate.sql app', 'cat x.sql | mysql app'],
      ['psql -c "SELECT 1" app'],
    ),
  ],
};
