// ORM and migration frameworks: Rails / rake, Prisma, Drizzle, Django (manage.py, django-admin),
// Laravel (artisan), AdonisJS (ace), Alembic (and flask db), Knex, TypeORM, Sequelize, Ecto (mix), EF Core
// (dotnet ef), Supabase, Flyway, Liquibase, Hasura, dbt. Their commands that drop, reset, flush or
// roll back a database are listed as data; the environment they land in comes from their own
// variables and flags (RAILS_ENV, MIX_ENV, NODE_ENV, APP_ENV, DJANGO_SETTINGS_MODULE,
// ASPNETCORE_ENVIRONMENT, DATABASE_URL's host and name, --env, --target…), which the engine turns
// into a level (prod raises it); the test environment, which these frameworks recreate at will, is
// low. Code given to their consoles (`rails runner`, `manage.py shell -c`, `artisan tinker
// --execute`, `mix run -e`) is read for bulk deletes and SQL.
// Reached through runners too: npx/bunx/pnpm exec/yarn (wrappers, packages), bundle exec, poetry
// run, `python manage.py`, `php artisan`, `ruby bin/rails` (interpreters hand those scripts here).
// Does not catch: what a migration file or a seed does (`db:migrate` runs whatever is written),
// custom tasks beyond their names (left to the vocabulary of the unknown), ORM code built at run time.
import type { Level } from '../../../schema';
import { rule } from '../../../rules/types';
import { analyzeInterpreterCode } from '../interp';
import { parseOpts } from '../opts';
import { type Arg, type Invocation, type Sink, ev, staticArg } from '../types';
import { type Handler, type Pack, again, f, isDryRun } from './kit';
import { type CommandTable, type TableEntry, tableHandler } from './table';

/** The environments a framework recreates for its test runs. */
const DISPOSABLE = /^(test|testing|ci)$/i;

const DROP = { rule: 'orm.db-drop', level: 'high', cls: 'destructive', rev: 'irreversible' } as const;
const RESET = { rule: 'orm.db-reset', level: 'high', cls: 'destructive', rev: 'irreversible' } as const;
const FLUSH = { rule: 'orm.db-flush', level: 'high', cls: 'destructive', rev: 'irreversible' } as const;
const PUSH_LOSS = { rule: 'orm.schema-push-data-loss', level: 'high', cls: 'destructive', rev: 'irreversible' } as const;
const ROLLBACK_ALL = { rule: 'orm.rollback-all', level: 'high', cls: 'destructive', rev: 'irreversible' } as const;
const ROLLBACK = { rule: 'orm.rollback', level: 'medium', cls: 'destructive', rev: 'irreversible' } as const;
const READ = { read: true } as const;
const MUTATES = { mutates: true } as const;

// ---------------------------------------------------------------------------------------------
// Rails and rake: tasks can be listed several at once (`rake db:drop db:create`), so every entry
// matches anywhere; `RAILS_ENV=production` may be given as an argument to rake.

const railsEntries: TableEntry[] = [
  { sub: [/^db:drop(:all|:_unsafe)?$/], anywhere: true, ...DROP, message: '{cmd} {sub} drops the database with every table and row' },
  { sub: [/^db:purge(:all)?$/], anywhere: true, ...DROP, message: '{cmd} {sub} empties the database (drops and recreates it)' },
  { sub: [/^db:(reset|migrate:reset)$/], anywhere: true, ...RESET, message: '{cmd} {sub} drops the database and rebuilds it: every row is lost' },
  {
    sub: [/^db:(schema|structure):load$/],
    anywhere: true,
    ...RESET,
    message: '{cmd} {sub} recreates every table from the schema file: the rows in them are lost',
  },
  {
    sub: [/^db:setup$/],
    anywhere: true,
    ...RESET,
    level: 'medium',
    message: '{cmd} db:setup loads the schema into the database (an existing database loses its rows)',
  },
  { sub: [/^db:(truncate_all|seed:replant)$/], anywhere: true, ...FLUSH, message: '{cmd} {sub} deletes every row of every table' },
  {
    sub: [/^db:fixtures:load$/],
    anywhere: true,
    ...FLUSH,
    level: 'medium',
    message: '{cmd} db:fixtures:load deletes the rows of the fixture tables and loads the fixtures',
  },
  {
    sub: [/^db:(rollback|migrate:down|migrate:redo)$/],
    anywhere: true,
    ...ROLLBACK,
    message: '{cmd} {sub} undoes migrations: tables and columns they added go with their data',
  },
  { sub: [/^db:test:/], anywhere: true, ...MUTATES },
  {
    sub: [/^(db:migrate:status|db:version|db:abort_if_pending_migrations|routes|about|stats|notes|help|middleware|secret|initializers|time:zones.*)$/],
    ...READ,
  },
  {
    sub: [
      /^(db:migrate(:up)?|db:create(:all)?|db:seed|db:prepare|generate|g|destroy|d|new|server|s|test|t|console|c|credentials:.*|assets:precompile|runner|r|dbconsole|db|app:.*|zeitwerk:check|action_mailbox:.*|active_storage:.*|importmap:.*|test:.*|spec.*|yarn:install|javascript:install|css:install|cache:clear|restart|boot|encrypted:.*|dev:cache|sandbox|db:schema:dump|db:structure:dump|log:clear|tmp:clear|assets:clean|assets:clobber)$/,
    ],
    ...MUTATES,
  },
];

const RAILS: CommandTable = {
  valueFlags: ['-e', '--environment', '-b', '--binding', '-p', '--port'],
  envFlags: ['-e', '--environment'],
  envVars: ['RAILS_ENV', 'RACK_ENV', 'DATABASE_URL'],
  envArgs: true,
  disposable: DISPOSABLE,
  otherwise: 'vocabulary',
  entries: railsEntries,
};
const RAKE: CommandTable = {
  ...RAILS,
  valueFlags: ['-f', '--rakefile', '-I', '--libdir', '-R', '--rakelibdir', '-r', '--require', '-j', '--jobs', '-C', '--directory', '-e', '--execute'],
  envFlags: [],
  dryRunFlags: ['-n', '--dry-run', '-T', '--tasks', '-P', '--prereqs', '-W', '--where', '-D', '--describe'],
};

// ---------------------------------------------------------------------------------------------
// Code given to a framework's console: bulk deletes without a condition, SQL run through the
// connection, files removed (the interpreter reader does those).

interface CodeRule {
  re: RegExp;
  level: Level;
  message: string;
}

const STR = String.raw`(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')`;
/** A condition before the bulk call makes it a targeted delete (`where(...)`, `filter(...)`). */
const NARROWED =
  /\.(where|filter|find_by|find|exclude|limit|take|first|last|get|whereIn|whereNotIn|rewhere|not)\b|::(where\w*|find)\b|->where\w*\(|\bwhere:|_by\(/;

const CODE: Record<string, CodeRule[]> = {
  ruby: [
    { re: /[\w:]+(?:\.\w+(?:\([^)]*\))?)*?\.(destroy_all|delete_all|delete_by|destroy_by)\b/g, level: 'high', message: 'deletes records in bulk ({match})' },
    {
      re: /\b(drop_table|drop_database|purge|truncate(?:_tables)?|recreate_database|drop_schema)\b/g,
      level: 'high',
      message: 'drops or empties tables ({match})',
    },
    { re: /Rake::Task\[['"](db:(?:drop|reset|purge|schema:load|truncate_all)[^'"]*)['"]\]/g, level: 'high', message: 'runs the rake task {match}' },
  ],
  python: [
    { re: /\w+\.objects(?:\.\w+\([^)]*\))*\.delete\(\s*\)/g, level: 'high', message: 'deletes records in bulk ({match})' },
    { re: /\bcall_command\(\s*['"](flush|reset_db|reset_schema)['"]/g, level: 'high', message: 'runs the management command {match}' },
    { re: /\b(drop_all|truncate|drop_table)\s*\(/g, level: 'high', message: 'drops or empties tables ({match})' },
  ],
  php: [
    { re: /([\w\\:]*?)::(truncate)\(\s*\)/g, level: 'high', message: 'empties the table ({match})' },
    {
      re: /\b(?:DB::table\([^)]*\)|\w+::(?:query|all|where\w*)\([^)]*\))(?:->\w+\([^)]*\))*?->(?:delete|forceDelete|truncate)\(\s*\)/g,
      level: 'high',
      message: 'deletes records in bulk ({match})',
    },
    { re: /\bSchema::(drop|dropIfExists|dropAllTables|dropAllViews)\b/g, level: 'high', message: 'drops tables ({match})' },
    { re: /\bArtisan::call\(\s*['"](migrate:(?:fresh|reset|refresh)|db:wipe)['"]/g, level: 'high', message: 'runs artisan {match}' },
  ],
  elixir: [
    { re: /\bRepo\.(delete_all)\(\s*([\w.]+)\s*\)/g, level: 'high', message: 'deletes every row ({match})' },
    { re: /\b(Ecto\.Migrator\.run\([^)]*:down[^)]*all:\s*true)/g, level: 'high', message: 'rolls back every migration ({match})' },
  ],
};

/** SQL run through the ORM's connection: its string literal goes to the SQL analyzer. */
const SQL_CALLS: Record<string, RegExp> = {
  ruby: new RegExp(
    String.raw`\b(?:connection\.(?:execute|exec_query|exec_update|exec_delete|delete|update)|find_by_sql|ActiveRecord::Base\.connection\.execute)\s*\(?\s*${STR}`,
    'g',
  ),
  python: new RegExp(String.raw`\b(?:cursor\(\)\.execute|cursor\.execute|\.execute|raw)\s*\(\s*${STR}`, 'g'),
  php: new RegExp(String.raw`\bDB::(?:statement|unprepared|delete|update|select|insert)\s*\(\s*${STR}`, 'g'),
  elixir: new RegExp(String.raw`\b(?:Repo\.query!?|Ecto\.Adapters\.SQL\.query!?)\s*\(\s*(?:[\w.]+\s*,\s*)?${STR}`, 'g'),
};

/** Reads console code for bulk deletes and SQL; file deletes and shell calls go to the interpreter reader. */
export function ormCode(inv: Invocation, s: Sink, lang: 'ruby' | 'python' | 'php' | 'elixir', via: string, code: string): void {
  s.mutates();
  const text = code.length > 200_000 ? code.slice(0, 200_000) : code;
  const sub: Invocation = { ...inv, via: [...inv.via, via], stdin: { kind: 'none' } };
  for (const r of CODE[lang] ?? []) {
    r.re.lastIndex = 0;
    for (let m = r.re.exec(text); m; m = r.re.exec(text)) {
      const match = m[0].trim();
      // `User.where(stale: true).delete_all` deletes what matches, not the table.
      const start = Math.max(text.lastIndexOf(';', m.index), text.lastIndexOf('\n', m.index)) + 1;
      const narrowed = NARROWED.test(text.slice(start, m.index + m[0].length));
      const level: Level = narrowed ? 'medium' : r.level;
      s.add(
        sub,
        f(
          'orm.code-bulk-delete',
          level,
          `${via} ${r.message.replace('{match}', ev(match, 80))}${narrowed ? ', narrowed by a condition' : ''}`,
          'destructive',
          'irreversible',
        ),
      );
    }
  }
  const sqlRe = SQL_CALLS[lang];
  if (sqlRe) {
    sqlRe.lastIndex = 0;
    for (let m = sqlRe.exec(text); m; m = sqlRe.exec(text)) {
      const sql = (m[1] ?? m[2] ?? '').replace(/\\(["'\\])/g, '$1');
      if (sql.trim()) s.nested({ kind: 'sql', statement: sql, dialect: 'generic' }, via);
    }
  }
  if (lang !== 'elixir') analyzeInterpreterCode(sub, s, lang, via, text);
}

/** `rails runner CODE`, `rails console` fed a heredoc. */
const railsCode = (e: TableEntry | undefined, inv: Invocation, s: Sink, rest: Arg[], name: string): void => {
  const o = parseOpts(rest, RAILS.valueFlags ?? []);
  const w = o.pos.filter((p) => !/^[A-Z_][A-Z0-9_]*=/.test(p.value ?? '')).map((p) => p.value ?? '');
  const i = w.findIndex((x) => x === 'runner' || x === 'r');
  if (i >= 0 && name === 'rails') {
    const code = o.pos.filter((p) => !/^[A-Z_][A-Z0-9_]*=/.test(p.value ?? ''))[i + 1];
    if (!code) return;
    if (code.value === undefined) s.add(inv, f('shell.unanalysable', 'medium', `${name} runner runs code built at run time`, 'broad-change', 'unknown'));
    else if (!/\.rb$/.test(code.value)) ormCode(inv, s, 'ruby', `${name} runner`, code.value);
    return;
  }
  if ((w[0] === 'console' || w[0] === 'c') && inv.stdin.kind === 'text') ormCode(inv, s, 'ruby', `${name} console`, inv.stdin.text);
  if ((w[0] === 'dbconsole' || w[0] === 'db') && inv.stdin.kind === 'text')
    s.nested({ kind: 'sql', statement: inv.stdin.text, dialect: 'generic' }, `${name} dbconsole`);
  void e;
};

// ---------------------------------------------------------------------------------------------
// Prisma, Drizzle, TypeORM, Sequelize, Knex (Node tools, usually through npx / pnpm / yarn).

const NODE_ENV_VARS = ['DATABASE_URL', 'NODE_ENV', 'APP_ENV', 'DIRECT_URL'];

const PRISMA: CommandTable = {
  valueFlags: [
    '--schema',
    '--name',
    '-n',
    '--url',
    '--from-url',
    '--to-url',
    '--from-schema-datamodel',
    '--to-schema-datamodel',
    '--from-schema-datasource',
    '--to-schema-datasource',
    '--from-migrations',
    '--to-migrations',
    '--shadow-database-url',
    '--file',
    '--script',
  ],
  envFlags: ['--url'],
  envVars: NODE_ENV_VARS,
  disposable: DISPOSABLE,
  entries: [
    {
      sub: ['migrate', 'reset'],
      ...RESET,
      message: 'prisma migrate reset drops the database and re-applies every migration: every row is lost',
      target: { kind: 'database', from: 'env', env: ['DATABASE_URL'] },
    },
    {
      sub: ['db', 'push'],
      ifFlag: ['--force-reset'],
      ...RESET,
      message: 'prisma db push --force-reset drops the database and recreates it from the schema: every row is lost',
      target: { kind: 'database', from: 'env', env: ['DATABASE_URL'] },
    },
    {
      sub: ['db', 'push'],
      ifFlag: ['--accept-data-loss'],
      ...PUSH_LOSS,
      message: 'prisma db push --accept-data-loss applies schema changes that drop columns or tables with their data',
      target: { kind: 'database', from: 'env', env: ['DATABASE_URL'] },
    },
    { sub: ['db', 'push'], ...MUTATES },
    { sub: ['migrate', 'dev'], ...MUTATES },
    { sub: ['migrate', 'deploy'], ...MUTATES },
    { sub: ['migrate', 'resolve'], ...MUTATES },
    { sub: ['migrate', 'status'], ...READ },
    { sub: ['migrate', 'diff'], ...READ },
    { sub: ['db', 'pull'], ...MUTATES },
    { sub: ['db', 'seed'], ...MUTATES },
    { sub: ['db', 'execute'], ...MUTATES },
    { sub: [/^(validate|format|version|-v|--version|studio|debug|help)$/], ...READ },
    { sub: [/^(generate|init)$/], ...MUTATES },
  ],
};

/** `prisma db execute --stdin` / `--file`: the SQL it runs. */
const prismaExecute = (e: TableEntry | undefined, inv: Invocation, s: Sink, rest: Arg[]): void => {
  const o = parseOpts(rest, PRISMA.valueFlags ?? []);
  if (o.pos[0]?.value !== 'db' || o.pos[1]?.value !== 'execute') return;
  if (o.has('--stdin')) {
    if (inv.stdin.kind === 'text') s.nested({ kind: 'sql', statement: inv.stdin.text, dialect: 'generic' }, 'prisma db execute');
    else if (inv.stdin.kind !== 'none')
      s.add(inv, f('shell.sql-unknown', 'medium', `prisma db execute runs SQL from ${inv.stdin.from}, which cannot be read here`, 'broad-change', 'unknown'));
  } else if (o.get('--file'))
    s.add(
      inv,
      f('shell.sql-unknown', 'medium', `prisma db execute runs the SQL file ${o.get('--file')}, which cannot be read here`, 'broad-change', 'unknown'),
    );
  void e;
};

const DRIZZLE: CommandTable = {
  valueFlags: [
    '--config',
    '--dialect',
    '--schema',
    '--out',
    '--url',
    '--driver',
    '--table-filters',
    '--schema-filters',
    '--extensions-filters',
    '--name',
    '--prefix',
  ],
  envFlags: ['--url'],
  envVars: NODE_ENV_VARS,
  disposable: DISPOSABLE,
  entries: [
    {
      sub: [/^push(:\w+)?$/],
      ifFlag: ['--force'],
      ...PUSH_LOSS,
      message: 'drizzle-kit push --force applies schema changes without asking, dropping columns or tables with their data',
    },
    { sub: [/^push(:\w+)?$/], ...MUTATES },
    {
      sub: [/^drop$/],
      rule: 'orm.migration-drop',
      level: 'low',
      cls: 'targeted-patch',
      rev: 'recoverable',
      message: 'drizzle-kit drop deletes a migration file from the migrations folder',
    },
    { sub: [/^(check|studio|introspect|pull|export|--help|-h|--version)(:\w+)?$/], ...READ },
    { sub: [/^(generate|migrate|up)(:\w+)?$/], ...MUTATES },
  ],
};

const TYPEORM: CommandTable = {
  valueFlags: ['-d', '--dataSource', '-c', '--connection', '-f', '--config', '-n', '--name', '-o', '--outputJs'],
  envVars: [...NODE_ENV_VARS, 'TYPEORM_URL', 'TYPEORM_CONNECTION'],
  disposable: DISPOSABLE,
  entries: [
    { sub: ['schema:drop'], ...DROP, message: 'typeorm schema:drop drops every table, view and type in the database' },
    {
      sub: ['schema:sync'],
      ...PUSH_LOSS,
      level: 'medium',
      message: 'typeorm schema:sync changes the schema to match the entities, dropping columns and tables they no longer have',
    },
    { sub: ['migration:revert'], ...ROLLBACK, message: 'typeorm migration:revert undoes the last migration: what it added goes with its data' },
    { sub: [/^(schema:log|migration:show|version|-h|--help|entity:create|subscriber:create|init)$/], ...READ },
    { sub: [/^(migration:(run|generate|create)|cache:clear|query)$/], ...MUTATES },
  ],
};

const typeormQuery = (e: TableEntry | undefined, inv: Invocation, s: Sink, rest: Arg[]): void => {
  const o = parseOpts(rest, TYPEORM.valueFlags ?? []);
  if (o.pos[0]?.value === 'query' && o.pos[1]?.value) s.nested({ kind: 'sql', statement: o.pos[1].value, dialect: 'generic' }, 'typeorm query');
  void e;
};

const SEQUELIZE: CommandTable = {
  valueFlags: [
    '--env',
    '--url',
    '--to',
    '--from',
    '--name',
    '--seed',
    '--config',
    '--options-path',
    '--migrations-path',
    '--seeders-path',
    '--models-path',
    '--attributes',
  ],
  envFlags: ['--env', '--url'],
  envVars: NODE_ENV_VARS,
  disposable: DISPOSABLE,
  entries: [
    { sub: ['db:drop'], ...DROP, message: 'sequelize db:drop drops the database' },
    { sub: ['db:migrate:undo:all'], ifFlag: ['--to'], ...ROLLBACK, message: 'sequelize db:migrate:undo:all --to undoes every migration after the one given' },
    { sub: ['db:migrate:undo:all'], ...ROLLBACK_ALL, message: 'sequelize db:migrate:undo:all undoes every migration: their tables go with their data' },
    { sub: ['db:migrate:undo'], ...ROLLBACK, message: 'sequelize db:migrate:undo undoes the last migration' },
    { sub: ['db:seed:undo:all'], ...ROLLBACK, message: 'sequelize db:seed:undo:all deletes every seeded row' },
    { sub: [/^(db:migrate:status|help|version|--help|--version)$/], ...READ },
    {
      sub: [/^(db:migrate|db:seed(:all)?|db:seed:undo|db:create|init.*|migration:(generate|create)|model:(generate|create)|seed:(generate|create))$/],
      ...MUTATES,
    },
  ],
};

const KNEX: CommandTable = {
  valueFlags: [
    '--env',
    '--knexfile',
    '--cwd',
    '--specific',
    '--name',
    '--migrations-directory',
    '--migrations-table-name',
    '--client',
    '--connection',
    '--esm',
    '--timestamp-filename-prefix',
    '-x',
  ],
  envFlags: ['--env', '--connection'],
  envVars: [...NODE_ENV_VARS, 'KNEX_ENV'],
  disposable: DISPOSABLE,
  entries: [
    {
      sub: ['migrate:rollback'],
      ifFlag: ['--all'],
      ...ROLLBACK_ALL,
      message: 'knex migrate:rollback --all undoes every migration: their tables go with their data',
    },
    { sub: ['migrate:rollback'], ...ROLLBACK, message: 'knex migrate:rollback undoes the last batch of migrations' },
    { sub: ['migrate:down'], ...ROLLBACK, message: 'knex migrate:down undoes a migration' },
    { sub: [/^(migrate:(list|status|currentVersion)|--help|-h|--version|-V)$/], ...READ },
    { sub: [/^(migrate:(latest|up|make|unlock)|seed:(make|run)|init)$/], ...MUTATES },
  ],
};

// ---------------------------------------------------------------------------------------------
// Django (manage.py, django-admin), Alembic and flask db.

const DJANGO_ENTRIES: TableEntry[] = [
  { sub: ['flush'], ...FLUSH, message: '{cmd} flush deletes every row of every table' },
  { sub: [/^(reset_db|reset_schema|drop_test_database)$/], ...DROP, message: '{cmd} {sub} drops the database' },
  { sub: ['migrate', '*', 'zero'], ...ROLLBACK_ALL, message: '{cmd} {sub} unapplies every migration of the app: its tables go with their data' },
  { sub: ['migrate', '*', '*'], ...ROLLBACK, message: '{cmd} {sub} moves the app to that migration, unapplying the later ones and what they added' },
  {
    sub: [
      /^(migrate|makemigrations|squashmigrations|loaddata|createsuperuser|collectstatic|runserver|test|startapp|startproject|compilemessages|makemessages|changepassword|createcachetable|optimizemigration)$/,
    ],
    ...MUTATES,
  },
  {
    sub: [
      /^(sqlflush|sqlmigrate|sqlsequencereset|showmigrations|check|diffsettings|inspectdb|dumpdata|help|version|--help|--version|show_urls|validate_templates|sendtestemail|ping_google)$/,
    ],
    ...READ,
  },
  { sub: [/^(shell|shell_plus|dbshell)$/], ...MUTATES },
];

const DJANGO: CommandTable = {
  valueFlags: [
    '--settings',
    '--database',
    '--pythonpath',
    '-c',
    '--command',
    '-v',
    '--verbosity',
    '-i',
    '--interface',
    '-e',
    '--exclude',
    '-o',
    '--output',
    '--format',
    '--indent',
  ],
  envFlags: ['--settings', '--database'],
  envVars: ['DJANGO_SETTINGS_MODULE', 'DATABASE_URL', 'DJANGO_ENV', 'DJANGO_CONFIGURATION', 'APP_ENV', 'ENVIRONMENT'],
  disposable: /(^|[._-])(test|tests|testing|ci)$/i,
  otherwise: 'vocabulary',
  entries: DJANGO_ENTRIES,
};

/** `manage.py shell -c CODE`, shell or dbshell reading a heredoc, `dbshell -- -c SQL`. */
const djangoCode = (e: TableEntry | undefined, inv: Invocation, s: Sink, rest: Arg[], name: string): void => {
  const o = parseOpts(rest, DJANGO.valueFlags ?? []);
  const sub = o.pos[0]?.value;
  if (sub === 'shell' || sub === 'shell_plus') {
    const c = o.get('-c', '--command');
    if (c !== undefined) ormCode(inv, s, 'python', `${name} shell -c`, c);
    else if (inv.stdin.kind === 'text') ormCode(inv, s, 'python', `${name} shell`, inv.stdin.text);
    else if (inv.stdin.kind !== 'none')
      s.add(inv, f('shell.unanalysable', 'medium', `${name} shell runs code from ${inv.stdin.from}, which cannot be read here`, 'broad-change', 'unknown'));
  } else if (sub === 'dbshell') {
    const dd = rest.findIndex((a) => a.value === '--');
    const inner = dd >= 0 ? parseOpts(rest.slice(dd + 1), ['-c', '--command', '-e', '--execute']).get('-c', '--command', '-e', '--execute') : undefined;
    if (inner !== undefined) s.nested({ kind: 'sql', statement: inner, dialect: 'generic' }, `${name} dbshell`);
    else if (inv.stdin.kind === 'text') s.nested({ kind: 'sql', statement: inv.stdin.text, dialect: 'generic' }, `${name} dbshell`);
    else if (inv.stdin.kind === 'unknown' && /\bsqlflush\b/.test(inv.stdin.from))
      s.add(inv, f('orm.db-flush', 'high', `${name} dbshell runs the output of sqlflush: every row of every table is deleted`, 'destructive', 'irreversible'));
    else if (inv.stdin.kind !== 'none')
      s.add(inv, f('shell.sql-unknown', 'medium', `${name} dbshell runs SQL from ${inv.stdin.from}, which cannot be read here`, 'broad-change', 'unknown'));
  }
  void e;
};

const ALEMBIC_ENTRIES: TableEntry[] = [
  { sub: ['downgrade', 'base'], ...ROLLBACK_ALL, message: '{cmd} downgrade base undoes every migration: their tables go with their data' },
  { sub: ['downgrade'], ...ROLLBACK, message: '{cmd} downgrade undoes migrations: what they added goes with its data' },
  { sub: [/^(history|current|heads|branches|show|check|list_templates|--help|-h|--version)$/], ...READ },
  { sub: [/^(upgrade|stamp|revision|merge|init|edit|ensure_version)$/], ...MUTATES },
];

const ALEMBIC: CommandTable = {
  valueFlags: [
    '-c',
    '--config',
    '-n',
    '--name',
    '-x',
    '--raiseerr',
    '-m',
    '--message',
    '--rev-id',
    '--head',
    '--version-path',
    '--branch-label',
    '--depends-on',
    '-r',
    '--rev-range',
  ],
  envFlags: ['-n', '--name', '-x'],
  envVars: ['DATABASE_URL', 'SQLALCHEMY_DATABASE_URI', 'APP_ENV', 'FLASK_ENV', 'ENV', 'ENVIRONMENT'],
  disposable: DISPOSABLE,
  // --sql: offline mode, prints the SQL instead of running it.
  dryRunFlags: ['--sql'],
  entries: ALEMBIC_ENTRIES,
};

const FLASK: CommandTable = {
  ...ALEMBIC,
  valueFlags: [...(ALEMBIC.valueFlags ?? []), '--app', '-A', '-e', '--env-file', '-d', '--directory'],
  envFlags: ['--env-file', '-x'],
  envVars: [...(ALEMBIC.envVars ?? []), 'FLASK_APP', 'FLASK_CONFIG'],
  otherwise: 'vocabulary',
  entries: [
    ...ALEMBIC_ENTRIES.map((e) => ({ ...e, sub: ['db', ...e.sub], message: e.message?.replace('{cmd} ', '{cmd} db ') })),
    { sub: [/^(run|shell|routes|--help|--version)$/], ...MUTATES },
  ],
};

// ---------------------------------------------------------------------------------------------
// Laravel artisan: `--force` is how it runs in production without asking.

const ARTISAN: CommandTable = {
  valueFlags: ['--env', '--database', '--path', '--step', '--seeder', '--class', '--execute', '--schema-path', '--batch', '--pretend'],
  envFlags: ['--env', '--database'],
  envVars: ['APP_ENV', 'DB_CONNECTION', 'DB_HOST', 'DB_DATABASE', 'DATABASE_URL', 'DB_URL'],
  disposable: DISPOSABLE,
  // --pretend prints the SQL migrations would run.
  dryRunFlags: ['--pretend'],
  otherwise: 'vocabulary',
  entries: [
    { sub: ['migrate:fresh'], ...RESET, message: 'artisan migrate:fresh drops every table and re-runs every migration: every row is lost' },
    { sub: ['migrate:refresh'], ...RESET, message: 'artisan migrate:refresh rolls back every migration and re-runs them: every row is lost' },
    { sub: ['migrate:reset'], ...ROLLBACK_ALL, message: 'artisan migrate:reset rolls back every migration: their tables go with their data' },
    { sub: ['db:wipe'], ...DROP, message: 'artisan db:wipe drops every table, view and type' },
    { sub: ['migrate:rollback'], ...ROLLBACK, message: 'artisan migrate:rollback undoes the last batch of migrations' },
    {
      sub: [/^(migrate:status|db:show|db:table|db:monitor|route:list|about|list|help|--version|-V|env|schedule:list|queue:monitor|model:show|config:show)$/],
      ...READ,
    },
    {
      sub: [
        /^(migrate|migrate:install|db:seed|tinker|serve|test|make:.*|schema:dump|key:generate|storage:link|optimize|down|up|queue:.*|schedule:.*|vendor:publish|package:discover|event:.*|view:.*|route:.*|config:.*|cache:.*|optimize:.*|model:prune|.*:prune.*|.*:clear|horizon.*|telescope:.*|sail:.*|breeze:.*|jetstream:.*)$/,
      ],
      ...MUTATES,
    },
  ],
};

const tinker = (e: TableEntry | undefined, inv: Invocation, s: Sink, rest: Arg[], name: string): void => {
  const o = parseOpts(rest, ARTISAN.valueFlags ?? []);
  if (o.pos[0]?.value !== 'tinker') return;
  const code = o.get('--execute');
  if (code !== undefined) ormCode(inv, s, 'php', `${name} tinker`, code);
  else if (inv.stdin.kind === 'text') ormCode(inv, s, 'php', `${name} tinker`, inv.stdin.text);
  void e;
};

/** AdonisJS `node ace …` (Lucid). */
const ACE: CommandTable = {
  valueFlags: ['--connection', '-c', '--batch', '--step'],
  envFlags: ['--connection', '-c'],
  envVars: ['NODE_ENV', 'DB_CONNECTION', 'DB_HOST', 'DB_DATABASE'],
  disposable: DISPOSABLE,
  dryRunFlags: ['--dry-run'],
  otherwise: 'vocabulary',
  entries: [
    {
      sub: [/^migration:(fresh|refresh)$/],
      ...RESET,
      message: 'ace {sub} drops every table (or rolls back every migration) and re-runs the migrations: every row is lost',
    },
    { sub: ['migration:reset'], ...ROLLBACK_ALL, message: 'ace migration:reset rolls back every migration: their tables go with their data' },
    { sub: ['migration:rollback'], ...ROLLBACK, message: 'ace migration:rollback undoes the last batch of migrations' },
    { sub: ['db:wipe'], ...DROP, message: 'ace db:wipe drops every table, view and type' },
    { sub: ['db:truncate'], ...FLUSH, message: 'ace db:truncate deletes every row of every table' },
    { sub: [/^(migration:status|list|--help|-h|--version)$/], ...READ },
    { sub: [/^(migration:run|db:seed|serve|build|test|make:.*|configure|add|repl|generate:key|list:routes|inspect:rcfile|env:add)$/], ...MUTATES },
  ],
};

// ---------------------------------------------------------------------------------------------
// Elixir mix (Ecto), .NET EF Core.

const MIX: CommandTable = {
  valueFlags: ['-r', '--repo', '-n', '--step', '--to', '--to-exclusive', '-e', '--eval', '--migrations-path', '--prefix', '--log-level'],
  envVars: ['MIX_ENV', 'DATABASE_URL'],
  disposable: DISPOSABLE,
  otherwise: 'vocabulary',
  entries: [
    { sub: [/^ecto\.drop,?$/], anywhere: true, ...DROP, message: 'mix ecto.drop drops the database' },
    { sub: [/^ecto\.reset,?$/], anywhere: true, ...RESET, message: 'mix ecto.reset drops the database and recreates it: every row is lost' },
    {
      sub: [/^ecto\.rollback,?$/],
      anywhere: true,
      ifFlag: ['--all'],
      ...ROLLBACK_ALL,
      message: 'mix ecto.rollback --all undoes every migration: their tables go with their data',
    },
    { sub: [/^ecto\.rollback,?$/], anywhere: true, ...ROLLBACK, message: 'mix ecto.rollback undoes migrations: what they added goes with its data' },
    { sub: [/^ecto\.load,?$/], anywhere: true, ...RESET, level: 'medium', message: 'mix ecto.load loads a structure dump into the database' },
    { sub: [/^(ecto\.migrations|help|ecto\.dump|hex\.info|deps\.tree|format|compile|--version|-v)$/], ...READ },
    {
      sub: [
        /^(ecto\.(migrate|create|setup|gen\..*)|phx\..*|deps\..*|test|run|do|release|assets\..*|archive\..*|local\..*|hex\..*|escript\..*|new|credo|dialyzer|clean)$/,
      ],
      ...MUTATES,
    },
  ],
};

const mixRun = (e: TableEntry | undefined, inv: Invocation, s: Sink, rest: Arg[]): void => {
  const o = parseOpts(rest, MIX.valueFlags ?? []);
  if (o.pos[0]?.value === 'run') {
    const code = o.get('-e', '--eval');
    if (code !== undefined) ormCode(inv, s, 'elixir', 'mix run -e', code);
  }
  void e;
};

const DOTNET: CommandTable = {
  valueFlags: [
    '-p',
    '--project',
    '-s',
    '--startup-project',
    '-c',
    '--context',
    '--connection',
    '--configuration',
    '--framework',
    '-r',
    '--runtime',
    '-o',
    '--output-dir',
    '--msbuildprojectextensionspath',
    '--namespace',
    '--json',
  ],
  envFlags: ['--connection'],
  envVars: ['ASPNETCORE_ENVIRONMENT', 'DOTNET_ENVIRONMENT', 'ConnectionStrings__DefaultConnection'],
  disposable: /^(test|testing|ci)$/i,
  otherwise: 'vocabulary',
  entries: [
    { sub: ['ef', 'database', 'drop'], ...DROP, message: 'dotnet ef database drop drops the database' },
    {
      sub: ['ef', 'database', 'update', '0'],
      ...ROLLBACK_ALL,
      message: 'dotnet ef database update 0 reverts every migration: their tables go with their data',
    },
    {
      sub: ['ef', 'database', 'update', '*'],
      ...ROLLBACK,
      message: 'dotnet ef database update {target} moves the database to that migration, reverting the later ones',
      target: { kind: 'other', from: 'next' },
    },
    {
      sub: ['ef', 'migrations', 'remove'],
      ifFlag: ['--force', '-f'],
      ...ROLLBACK,
      message: 'dotnet ef migrations remove --force reverts the last migration from the database and deletes it',
    },
    { sub: ['ef'], ...MUTATES },
    {
      sub: [
        /^(build|test|run|restore|publish|pack|new|add|watch|format|tool|clean|sln|workload|dev-certs|user-secrets|msbuild|fsi|store|migrate|remove|list|nuget|help|--info|--version|--list-sdks|--list-runtimes)$/,
      ],
      ...MUTATES,
    },
  ],
};

/** `dotnet ef … -- --environment Production`: the app's own arguments name the environment. */
const dotnetAppArgs = (e: TableEntry | undefined, inv: Invocation, s: Sink, rest: Arg[]): void => {
  const dd = rest.findIndex((a) => a.value === '--');
  if (dd < 0) return;
  const o = parseOpts(rest.slice(dd + 1), ['--environment', '-e']);
  const env = o.get('--environment', '-e');
  if (env) s.hint('dotnet application --environment', env);
  void e;
  void inv;
};

// ---------------------------------------------------------------------------------------------
// Supabase, Flyway, Liquibase, Hasura, dbt.

const SUPABASE: CommandTable = {
  valueFlags: [
    '--db-url',
    '--project-ref',
    '--workdir',
    '-o',
    '--output',
    '--schema',
    '-s',
    '--password',
    '-p',
    '--version',
    '--experimental',
    '--org-id',
    '--region',
  ],
  envFlags: ['--db-url', '--project-ref'],
  envVars: ['SUPABASE_DB_URL', 'SUPABASE_PROJECT_ID', 'DATABASE_URL'],
  entries: [
    {
      sub: ['db', 'reset'],
      ifFlag: ['--linked', '--db-url'],
      ...RESET,
      message: "supabase db reset --linked resets the remote project's database: every row is lost",
    },
    { sub: ['db', 'reset'], ...RESET, level: 'medium', message: 'supabase db reset recreates the local database from the migrations: its rows are lost' },
    {
      sub: ['projects', 'delete'],
      rule: 'orm.project-delete',
      level: 'high',
      cls: 'environment-teardown',
      rev: 'irreversible',
      message: 'supabase projects delete deletes the project {target} with its database',
      target: { kind: 'database', from: 'next' },
    },
    {
      sub: ['branches', 'delete'],
      ...DROP,
      level: 'medium',
      message: 'supabase branches delete deletes a preview branch with its database',
      target: { kind: 'database', from: 'next' },
    },
    {
      sub: ['functions', 'delete'],
      rule: 'orm.project-delete',
      level: 'medium',
      cls: 'destructive',
      rev: 'recoverable',
      message: 'supabase functions delete removes the deployed function {target}',
      target: { kind: 'resource', from: 'next' },
    },
    {
      sub: ['storage', 'rm'],
      ifFlag: ['-r', '--recursive'],
      ...FLUSH,
      message: 'supabase storage rm -r deletes every object under {target}',
      target: { kind: 'bucket', from: 'next' },
    },
    { sub: ['storage', 'rm'], ...FLUSH, level: 'medium', message: 'supabase storage rm deletes {target}', target: { kind: 'bucket', from: 'next' } },
    { sub: ['stop'], ifFlag: ['--no-backup'], ...DROP, level: 'medium', message: "supabase stop --no-backup deletes the local database's data volumes" },
    {
      sub: [
        /^(status|projects|orgs|migration|db|functions|secrets|link|unlink|start|stop|init|login|logout|gen|inspect|test|help|--help|--version|services|storage|branches|snippets|domains|sso|network-bans|network-restrictions|ssl-enforcement|postgres-config|seed|bootstrap|completion|encryption|vanity-subdomains)$/,
      ],
      ...MUTATES,
    },
  ],
};

const FLYWAY: CommandTable = {
  valueFlags: ['-url', '-user', '-password', '-schemas', '-locations', '-configFiles', '-environment', '-target', '-workingDirectory'],
  envFlags: ['-url', '-environment', '-schemas'],
  envVars: ['FLYWAY_URL', 'FLYWAY_ENVIRONMENT', 'FLYWAY_SCHEMAS'],
  entries: [
    { sub: ['clean'], ...DROP, message: 'flyway clean drops every object in the configured schemas' },
    { sub: ['undo'], ...ROLLBACK, message: 'flyway undo undoes the last migration' },
    { sub: [/^(info|validate|check|help|version|-v|-\?)$/], ...READ },
    { sub: [/^(migrate|repair|baseline|snapshot|auth)$/], ...MUTATES },
  ],
};

const LIQUIBASE: CommandTable = {
  valueFlags: [
    '--url',
    '--username',
    '--password',
    '--changelog-file',
    '--contexts',
    '--context-filter',
    '--labels',
    '--label-filter',
    '--tag',
    '--count',
    '--date',
    '--defaults-file',
    '--search-path',
    '--output-file',
    '--schemas',
  ],
  envFlags: ['--url', '--contexts', '--context-filter', '--label-filter', '--defaults-file'],
  envVars: ['LIQUIBASE_COMMAND_URL', 'LIQUIBASE_COMMAND_CONTEXT_FILTER'],
  entries: [
    { sub: [/^(drop-?all|dropAll)$/i], ...DROP, message: 'liquibase {sub} drops every object in the database schema' },
    // The -sql variants print the SQL instead of running it.
    { sub: [/-?sql$/i], ...READ },
    {
      sub: [/^(rollback|rollback-?count|rollback-?to-?date|rollback-one-changeset|rollback-one-update|rollbackCount|rollbackToDate)$/i],
      ...ROLLBACK,
      message: 'liquibase {sub} rolls back changesets: what they added goes with its data',
    },
    {
      sub: [
        /^(status|history|diff|diff-?changelog|validate|snapshot|db-doc|dbDoc|help|--help|--version|calculate-checksum|list-locks|tag-exists|connect|checks)$/i,
      ],
      ...READ,
    },
  ],
};

const HASURA: CommandTable = {
  valueFlags: [
    '--down',
    '--up',
    '--goto',
    '--version',
    '--endpoint',
    '--admin-secret',
    '--database-name',
    '--envfile',
    '--project',
    '--type',
    '--from',
    '--name',
    '--file',
  ],
  envFlags: ['--endpoint', '--envfile', '--database-name'],
  envVars: ['HASURA_GRAPHQL_ENDPOINT'],
  entries: [
    {
      sub: ['migrate', 'apply'],
      ifValue: { flags: ['--down'], re: /^all$/i },
      ...ROLLBACK_ALL,
      message: 'hasura migrate apply --down all undoes every migration: their tables go with their data',
    },
    { sub: ['migrate', 'apply'], ifFlag: ['--down', '--goto'], ...ROLLBACK, message: 'hasura migrate apply --down undoes migrations' },
    {
      sub: ['metadata', /^(clear|reset)$/],
      rule: 'orm.metadata-clear',
      level: 'medium',
      cls: 'broad-change',
      rev: 'recoverable',
      message: 'hasura metadata {sub} removes every tracked table, relationship and permission from the GraphQL engine',
    },
    { sub: [/^(migrate|metadata|seed|console|init|deploy|version|help|actions|plugins|scripts|update-cli|completion)$/], ...MUTATES },
  ],
};

const DBT: CommandTable = {
  valueFlags: [
    '--target',
    '-t',
    '--profile',
    '--select',
    '-s',
    '--exclude',
    '--vars',
    '--models',
    '-m',
    '--project-dir',
    '--profiles-dir',
    '--threads',
    '--selector',
    '--state',
    '--defer-state',
    '--target-path',
    '--log-path',
    '--args',
    '--resource-type',
    '--output',
    '-o',
    '--log-level',
    '--warn-error-options',
  ],
  envFlags: ['--target', '-t', '--profile', '--vars'],
  envVars: ['DBT_TARGET', 'DBT_PROFILE', 'DBT_ENV', 'DBT_TARGET_PATH'],
  entries: [
    {
      sub: [/^(run|build|seed)$/],
      ifFlag: ['--full-refresh', '-f'],
      rule: 'orm.full-refresh',
      level: 'medium',
      cls: 'destructive',
      rev: 'unknown',
      message: 'dbt {sub} --full-refresh drops and rebuilds incremental models and seeds: history they accumulated may not come back',
    },
    {
      sub: ['run-operation', /(drop|delete|purge|truncate|wipe|destroy|clean|clear)/i],
      rule: 'orm.dbt-operation',
      level: 'medium',
      cls: 'destructive',
      rev: 'unknown',
      message: 'dbt run-operation {sub}: a macro whose name says it deletes',
    },
    { sub: [/^(debug|ls|list|compile|docs|parse|show|source|deps|init|clean|--version|--help|help)$/], ...READ },
    { sub: [/^(run|build|seed|snapshot|test|run-operation|retry|clone)$/], ...MUTATES },
  ],
};

// ---------------------------------------------------------------------------------------------
// Handlers and runners

/** `sail artisan …` (Laravel Sail) runs artisan in its container. */
const sail: Handler = (inv, s, rest) => {
  const w = rest[0]?.value ?? '';
  if (w === 'artisan' || w === 'art' || w === 'a') again(inv, s, [staticArg('artisan'), ...rest.slice(1)], 'sail');
  else if (w === 'php' && /artisan$/.test(rest[1]?.value ?? '')) again(inv, s, rest.slice(1), 'sail');
  else if (w === 'down' && rest.some((a) => a.value === '-v' || a.value === '--volumes'))
    again(inv, s, [staticArg('docker'), staticArg('compose'), ...rest], 'sail');
  else if (!isDryRun(rest)) s.mutates();
};

export const ORM: Pack = {
  family: 'orm',
  covers:
    'Rails/rake, Prisma, Drizzle, Django, Laravel artisan, AdonisJS ace, Alembic/flask db, Knex, TypeORM, Sequelize, Ecto (mix), EF Core (dotnet ef), Supabase, Flyway, Liquibase, Hasura, dbt: database drops, resets, flushes, rollbacks, data-losing schema pushes, console code deleting in bulk; the environment from their own variables and flags.',
  commands: {
    rails: tableHandler(RAILS, railsCode),
    rake: tableHandler(RAKE, railsCode),
    prisma: tableHandler(PRISMA, prismaExecute),
    'drizzle-kit': tableHandler(DRIZZLE),
    typeorm: tableHandler(TYPEORM, typeormQuery),
    'typeorm-ts-node-commonjs': tableHandler(TYPEORM, typeormQuery),
    'typeorm-ts-node-esm': tableHandler(TYPEORM, typeormQuery),
    sequelize: tableHandler(SEQUELIZE),
    'sequelize-cli': tableHandler(SEQUELIZE),
    knex: tableHandler(KNEX),
    'manage.py': tableHandler(DJANGO, djangoCode),
    'django-admin': tableHandler(DJANGO, djangoCode),
    alembic: tableHandler(ALEMBIC),
    flask: tableHandler(FLASK),
    artisan: tableHandler(ARTISAN, tinker),
    ace: tableHandler(ACE),
    sail,
    mix: tableHandler(MIX, mixRun),
    dotnet: tableHandler(DOTNET, dotnetAppArgs),
    'dotnet-ef': (inv, s, rest, name) => tableHandler(DOTNET, dotnetAppArgs)(inv, s, [staticArg('ef'), ...rest], name),
    supabase: tableHandler(SUPABASE),
    flyway: tableHandler(FLYWAY),
    liquibase: tableHandler(LIQUIBASE),
    hasura: tableHandler(HASURA),
    dbt: tableHandler(DBT),
  },
  rules: [
    rule(
      'orm.db-drop',
      'high',
      'destructive',
      'A framework command drops the database (or every object in it)',
      'Dump it first (`pg_dump`, `mysqldump`), check which database the environment points at (`rails db:version`, `echo $DATABASE_URL`), and drop only a disposable one',
      [
        'rails db:drop',
        'mix ecto.drop',
        'npx typeorm schema:drop -d src/data-source.ts',
        'dotnet ef database drop --force',
        'flyway clean',
        'php artisan db:wipe --force',
      ],
      ['rails db:migrate:status', 'rails db:create', 'dotnet ef database drop --dry-run', 'rake -n db:drop'],
    ),
    rule(
      'orm.db-reset',
      'high',
      'destructive',
      'A framework command drops and rebuilds the database: every row is lost',
      'Back up first, or create a new migration instead; `prisma migrate diff` / `rails db:migrate:status` show where the schema stands',
      [
        'npx prisma migrate reset --force',
        'rails db:reset',
        'bin/rails db:schema:load',
        'php artisan migrate:fresh --seed',
        'mix ecto.reset',
        'supabase db reset --linked',
        'npx prisma db push --force-reset',
      ],
      ['npx prisma migrate dev --create-only', 'npx prisma migrate status', 'bin/rails db:schema:dump', 'php artisan migrate:status'],
    ),
    rule(
      'orm.db-flush',
      'high',
      'destructive',
      'Deletes every row of every table (the schema stays)',
      'Delete only the rows you mean to, in a transaction you can inspect first (`SELECT count(*) …`), after a backup',
      ['python manage.py flush --noinput', 'rails db:truncate_all', 'bin/rails db:seed:replant'],
      ['python manage.py sqlflush', 'python manage.py showmigrations'],
    ),
    rule(
      'orm.schema-push-data-loss',
      'high',
      'destructive',
      'Pushes the schema accepting that columns or tables are dropped with their data',
      'Generate a migration and read it (`prisma migrate dev --create-only`, `drizzle-kit generate`) before applying it',
      ['npx prisma db push --accept-data-loss', 'npx drizzle-kit push --force'],
      ['npx prisma db push', 'npx drizzle-kit generate'],
    ),
    rule(
      'orm.rollback-all',
      'high',
      'destructive',
      'Undoes every migration: the tables they created go with their data',
      'Roll back one step at a time (`--step 1`, `downgrade -1`) after a backup, or write a forward migration',
      [
        'alembic downgrade base',
        'npx knex migrate:rollback --all',
        'python manage.py migrate shop zero',
        'npx sequelize-cli db:migrate:undo:all',
        'mix ecto.rollback --all',
        'php artisan migrate:reset',
        'hasura migrate apply --down all',
        'dotnet ef database update 0',
      ],
      ['alembic upgrade head', 'alembic downgrade base --sql', 'npx knex migrate:status', 'python manage.py migrate'],
    ),
    rule(
      'orm.rollback',
      'medium',
      'destructive',
      'Undoes migrations: what they added goes with its data',
      'Read the down migration first; `alembic downgrade -1 --sql` / `php artisan migrate:rollback --pretend` print what it will run',
      [
        'rails db:rollback STEP=2',
        'alembic downgrade -1',
        'npx knex migrate:rollback',
        'npx typeorm migration:revert -d ds.ts',
        'php artisan migrate:rollback',
        'mix ecto.rollback',
        'liquibase rollback-count 1',
      ],
      ['php artisan migrate:rollback --pretend', 'liquibase rollback-count-sql 1', 'rails db:migrate'],
    ),
    rule(
      'orm.code-bulk-delete',
      'high',
      'destructive',
      'Code run in a framework console deletes records in bulk (no condition)',
      'Count first (`User.count`, `Model.objects.count()`), add a condition, and run it in a transaction you can roll back',
      [
        'rails runner "User.destroy_all"',
        'python manage.py shell -c "from shop.models import Order; Order.objects.all().delete()"',
        'php artisan tinker --execute="App\\Models\\User::truncate()"',
        'mix run -e "MyApp.Repo.delete_all(MyApp.User)"',
      ],
      ['rails runner "puts User.count"', 'python manage.py shell -c "print(Order.objects.count())"'],
    ),
    rule(
      'orm.migration-drop',
      'low',
      'targeted-patch',
      'Deletes a generated migration file',
      'None needed if the file is in git',
      ['npx drizzle-kit drop'],
      ['npx drizzle-kit check'],
    ),
    rule(
      'orm.project-delete',
      'high',
      'environment-teardown',
      'Deletes a hosted database project or a deployed function',
      'List first (`supabase projects list`) and let a person delete it from the dashboard',
      ['supabase projects delete abcd1234'],
      ['supabase projects list'],
    ),
    rule(
      'orm.metadata-clear',
      'medium',
      'broad-change',
      "Clears the GraphQL engine's metadata (tracked tables, permissions)",
      'Export it first: `hasura metadata export`',
      ['hasura metadata clear'],
      ['hasura metadata export'],
    ),
    rule(
      'orm.full-refresh',
      'medium',
      'destructive',
      'Drops and rebuilds incremental models: accumulated history may not come back',
      'Refresh one model (`--select model`) against a dev target first',
      ['dbt run --full-refresh'],
      ['dbt run', 'dbt compile --full-refresh'],
    ),
    rule(
      'orm.dbt-operation',
      'medium',
      'destructive',
      'Runs a dbt macro whose name says it deletes',
      'Read the macro and run it against a dev target first',
      ['dbt run-operation drop_old_schemas'],
      ['dbt run-operation generate_docs'],
    ),
  ],
};
