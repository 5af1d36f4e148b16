// Data stores beyond the SQL clients: Cassandra (cqlsh), InfluxDB (influx), MongoDB restore tools,
// PostgreSQL restore (pg_restore --clean), etcd (etcdctl), Kafka (kafka-topics, kafka-consumer-groups,
// kafka-delete-records, kafka-configs, rpk), RabbitMQ (rabbitmqctl, rabbitmqadmin), BigQuery (bq),
// Snowflake (snowsql, snow sql), PlanetScale (pscale), Neon (neonctl), Turso, Elasticsearch
// Curator. Statements they carry (CQL, InfluxQL, SQL) go to the SQL analyzer; commands that delete
// a keyspace, bucket, topic, queue, dataset or every key are tables here. Hosts, databases,
// keyspaces, vhosts, projects and connections are environment hints.
// Does not catch: what a file given with -f holds (judged as SQL that cannot be read), what a
// backup being restored contains.
import { rule } from '../../../rules/types';
import { parseOpts } from '../opts';
import { type Arg, type Invocation, type Sink, argText } from '../types';
import { type Handler, type Pack, f, isDryRun, safeUrl } from './kit';
import { type CommandTable, type TableEntry, tableHandler } from './table';

/** Statements a client runs, by flag, file or standard input, sent to the SQL analyzer. */
function statements(inv: Invocation, s: Sink, name: string, inline: (string | undefined)[], file: string | undefined, dialect = 'generic'): void {
  const texts = inline.filter((t): t is string => t !== undefined);
  if (texts.length) {
    s.mutates();
    for (const t of texts) s.nested({ kind: 'sql', statement: t, dialect }, name);
    return;
  }
  if (file) {
    s.add(inv, f('shell.sql-unknown', 'medium', `${name} runs the statements in ${file}, which cannot be read here`, 'broad-change', 'unknown'));
    return;
  }
  if (inv.stdin.kind === 'text') {
    s.mutates();
    s.nested({ kind: 'sql', statement: inv.stdin.text, dialect }, `${name} reading standard input`);
  } else if (inv.stdin.kind !== 'none')
    s.add(inv, f('shell.sql-unknown', 'medium', `${name} runs statements from ${inv.stdin.from}, which cannot be read here`, 'broad-change', 'unknown'));
}

const cqlsh: Handler = (inv, s, rest, name) => {
  const o = parseOpts(rest, [
    '-e',
    '--execute',
    '-f',
    '--file',
    '-k',
    '--keyspace',
    '-u',
    '--username',
    '-p',
    '--password',
    '--cqlshrc',
    '--cqlversion',
    '--request-timeout',
    '--connect-timeout',
    '--encoding',
    '-b',
    '--secure-connect-bundle',
  ]);
  if (o.has('--help', '--version', '-h')) return;
  const host = o.pos[0];
  if (host) s.hint('cassandra host', argText(host));
  const ks = o.get('-k', '--keyspace');
  if (ks) s.hint('keyspace', ks);
  s.context({ system: 'database', ...(ks ? { context: ks } : {}) });
  statements(inv, s, name, o.all('-e', '--execute'), o.get('-f', '--file'));
};

/** `snowsql -q`, `snow sql -q`: Snowflake. */
/** snowsql flags that name where it runs (connection, database, schema, account, warehouse). */
const SNOWSQL_TARGET_FLAGS = [
  '-c',
  '--connection',
  '-d',
  '--dbname',
  '--database',
  '-s',
  '--schemaname',
  '--schema',
  '-a',
  '--accountname',
  '--account',
  '-w',
  '--warehousename',
  '--warehouse',
];
/** Every snowsql flag that takes a value. */
const SNOWSQL_VALUE_FLAGS = [
  ...SNOWSQL_TARGET_FLAGS,
  '-q',
  '--query',
  '-f',
  '--filename',
  '-r',
  '--rolename',
  '--role',
  '-u',
  '--username',
  '-o',
  '--option',
  '-D',
  '--variable',
];

const snowsql: Handler = (inv, s, rest, name) => {
  let args = rest;
  if (name === 'snow') {
    if (rest[0]?.value !== 'sql') {
      if (!isDryRun(rest)) s.mutates();
      return;
    }
    args = rest.slice(1);
  }
  const o = parseOpts(args, SNOWSQL_VALUE_FLAGS);
  for (const fl of SNOWSQL_TARGET_FLAGS) {
    const v = o.get(fl);
    if (v) s.hint(`${name} ${fl}`, v);
  }
  statements(inv, s, name === 'snow' ? 'snow sql' : name, o.all('-q', '--query'), o.get('-f', '--filename'));
};

const influxTable: CommandTable = {
  valueFlags: [
    '--host',
    '--org',
    '-o',
    '--org-id',
    '--token',
    '-t',
    '--bucket',
    '-b',
    '--bucket-id',
    '--name',
    '-n',
    '--id',
    '-i',
    '--start',
    '--stop',
    '--predicate',
    '-p',
    '--configs-path',
    '--active-config',
    '-c',
    '-execute',
    '-database',
    '-host',
    '-port',
    '-username',
    '-password',
    '-format',
    '-precision',
    '-type',
  ],
  envFlags: ['--host', '-host', '--org', '-o', '--bucket', '-b', '-database', '--active-config', '-c'],
  envVars: ['INFLUX_HOST', 'INFLUX_ORG', 'INFLUX_ACTIVE_CONFIG'],
  entries: [
    {
      sub: ['bucket', 'delete'],
      rule: 'data.bucket-delete',
      level: 'high',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'influx bucket delete deletes the bucket {target} with every point in it',
      target: { kind: 'bucket', from: 'flag', flags: ['--name', '-n', '--id', '-i'] },
    },
    {
      sub: ['delete'],
      ifFlag: ['--predicate', '-p'],
      rule: 'data.points-delete',
      level: 'medium',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'influx delete removes the points of {target} that match the predicate in the time range',
      target: { kind: 'bucket', from: 'flag', flags: ['--bucket', '-b', '--bucket-id'] },
    },
    {
      sub: ['delete'],
      rule: 'data.points-delete',
      level: 'high',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'influx delete without a predicate removes every point of {target} in the time range',
      target: { kind: 'bucket', from: 'flag', flags: ['--bucket', '-b', '--bucket-id'] },
    },
    {
      sub: ['org', 'delete'],
      rule: 'data.bucket-delete',
      level: 'high',
      cls: 'environment-teardown',
      rev: 'irreversible',
      message: 'influx org delete deletes the organization with every bucket in it',
    },
    {
      sub: ['restore'],
      ifFlag: ['--full'],
      rule: 'data.restore-drop',
      level: 'high',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'influx restore --full replaces every bucket, dashboard and token with the backup',
    },
    {
      sub: [
        /^(query|backup|ping|version|config|export|apply|bucket|org|user|auth|task|dashboards|v1|secret|stacks|telegrafs|template|write|setup|server-config|scripts|remote|replication|completion)$/,
      ],
      mutates: true,
    },
  ],
};

/** InfluxDB 1.x's `influx -execute "DROP MEASUREMENT …"` (InfluxQL reads like SQL to the analyzer). */
const influxQl = (e: TableEntry | undefined, inv: Invocation, s: Sink, rest: Arg[]): void => {
  const o = parseOpts(rest, influxTable.valueFlags ?? []);
  const q = o.get('-execute');
  if (q !== undefined) s.nested({ kind: 'sql', statement: q, dialect: 'generic' }, 'influx -execute');
  else if (o.pos[0]?.value === 'query' && o.pos[1]?.value && /\b(drop|delete)\b/i.test(o.pos[1].value))
    s.nested({ kind: 'sql', statement: o.pos[1].value, dialect: 'generic' }, 'influx query');
  void e;
};

const mongorestore: Handler = (inv, s, rest, name) => {
  const o = parseOpts(rest, [
    '--uri',
    '--host',
    '-h',
    '--port',
    '--db',
    '-d',
    '--collection',
    '-c',
    '--nsInclude',
    '--nsExclude',
    '--nsFrom',
    '--nsTo',
    '-u',
    '--username',
    '-p',
    '--password',
    '--authenticationDatabase',
    '--archive',
    '--file',
    '--type',
    '--fields',
    '--fieldFile',
    '--mode',
    '--numParallelCollections',
    '-j',
  ]);
  if (isDryRun(rest)) return;
  const uri = o.get('--uri') ?? o.pos.find((p) => /^mongodb(\+srv)?:/.test(p.value ?? ''))?.value;
  if (uri) s.hint(`${name} --uri`, safeUrl(uri));
  const host = o.get('--host', '-h');
  if (host) s.hint(`${name} --host`, host);
  const db = o.get('--db', '-d') ?? o.get('--nsInclude');
  if (db) s.hint('database', db);
  s.mutates();
  if (o.has('--drop')) {
    const what =
      name === 'mongoimport'
        ? `the collection ${o.get('--collection', '-c') ?? '(from the file name)'}`
        : db
          ? `every restored collection of ${db}`
          : 'every collection it restores';
    s.add(
      inv,
      f(
        'data.restore-drop',
        'high',
        `${name} --drop drops ${what} before loading the dump: documents written since the dump are lost`,
        'destructive',
        'irreversible',
        db ? [{ kind: 'database', name: db, op: 'overwrite' }] : [],
      ),
    );
  }
};

const pgRestore: Handler = (inv, s, rest) => {
  const o = parseOpts(rest, [
    '-d',
    '--dbname',
    '-f',
    '--file',
    '-h',
    '--host',
    '-p',
    '--port',
    '-U',
    '--username',
    '-n',
    '--schema',
    '-N',
    '--exclude-schema',
    '-t',
    '--table',
    '-I',
    '--index',
    '-P',
    '--function',
    '-T',
    '--trigger',
    '-j',
    '--jobs',
    '-L',
    '--use-list',
    '-F',
    '--format',
    '-S',
    '--superuser',
    '--role',
  ]);
  if (o.has('-l', '--list', '--help', '-V', '--version')) return;
  const db = o.get('-d', '--dbname');
  const host = o.get('-h', '--host');
  if (host) s.hint('database host', host);
  // Without -d it writes a script (to stdout or -f) and touches no database.
  if (!db) {
    if (o.get('-f', '--file')) s.mutates();
    return;
  }
  s.hint('database', safeUrl(db));
  s.context({ system: 'database', context: safeUrl(db) });
  s.mutates();
  if (o.has('-c', '--clean')) {
    const only = o.get('-t', '--table', '-n', '--schema');
    s.add(
      inv,
      f(
        'data.restore-drop',
        'high',
        `pg_restore --clean drops ${only ? `${only}` : 'every object in the dump'} in ${safeUrl(db)} before recreating it: rows written since the dump are lost`,
        'destructive',
        'irreversible',
        [{ kind: 'database', name: safeUrl(db), op: 'overwrite' }],
      ),
    );
  }
};

const etcdctl: Handler = (inv, s, rest) => {
  const o = parseOpts(rest, [
    '--endpoints',
    '--cacert',
    '--cert',
    '--key',
    '--user',
    '--password',
    '--command-timeout',
    '--dial-timeout',
    '-w',
    '--write-out',
    '--range-end',
    '--rev',
    '--limit',
    '--data-dir',
    '--name',
    '--initial-cluster',
    '--initial-advertise-peer-urls',
    '--initial-cluster-token',
  ]);
  const ep = o.get('--endpoints') ?? inv.env.get('ETCDCTL_ENDPOINTS') ?? undefined;
  if (ep) s.hint('etcd endpoints', ep);
  const w = o.pos.map((p) => p.value ?? '');
  const sub = w[0] ?? '';
  if (
    /^(get|watch|version|endpoint|member|alarm|check|lease|help|--help)$/.test(sub) &&
    !(sub === 'member' && w[1] === 'remove') &&
    !(sub === 'lease' && w[1] === 'revoke')
  )
    return;
  s.mutates();
  if (sub === 'del') {
    const key = o.pos[1];
    const k = key?.value;
    const everything =
      (o.has('--prefix') && (k === '' || k === '/' || (k === undefined && !key))) || (o.has('--from-key') && (k === '' || k === '\0' || k === '\\0'));
    if (everything)
      s.add(
        inv,
        f(
          'data.etcd-delete',
          'high',
          'etcdctl del deletes every key in etcd (for a Kubernetes control plane: the whole cluster state)',
          'environment-teardown',
          'irreversible',
          [{ kind: 'database', name: 'etcd: every key', op: 'delete' }],
        ),
      );
    else if (o.has('--prefix', '--from-key') || o.get('--range-end'))
      s.add(
        inv,
        f('data.etcd-delete', 'high', `etcdctl del deletes every key under ${argText(key) || '(the range)'}`, 'destructive', 'irreversible', [
          { kind: 'database', name: `etcd ${argText(key)}*`, op: 'delete' },
        ]),
      );
    else
      s.add(
        inv,
        f(
          'data.etcd-delete',
          'medium',
          `etcdctl del deletes the key ${argText(key)}`,
          'destructive',
          'irreversible',
          key ? [{ kind: 'other', name: argText(key), op: 'delete' }] : [],
        ),
      );
  } else if (sub === 'member' && w[1] === 'remove')
    s.add(
      inv,
      f('data.etcd-delete', 'high', 'etcdctl member remove takes a member out of the etcd cluster (quorum may be lost)', 'broad-change', 'recoverable'),
    );
  else if (sub === 'auth' && w[1] === 'disable')
    s.add(
      inv,
      f('data.protection-off', 'medium', 'etcdctl auth disable turns authentication off: anyone who reaches etcd can change it', 'broad-change', 'reversible'),
    );
  else if (sub === 'snapshot' && w[1] === 'restore')
    s.add(
      inv,
      f(
        'data.restore-drop',
        'medium',
        'etcdctl snapshot restore builds a data directory from the snapshot: whatever changed since it is lost when the cluster moves to it',
        'destructive',
        'unknown',
      ),
    );
};

const TOPIC_ALL = /^(\.\*|\*|\.\+)$/;

const kafkaTopics: Handler = (inv, s, rest, name) => {
  const o = parseOpts(rest, [
    '--bootstrap-server',
    '--zookeeper',
    '--topic',
    '--partitions',
    '--replication-factor',
    '--config',
    '--command-config',
    '--delete-config',
    '--replica-assignment',
    '--group',
    '--to-offset',
    '--to-datetime',
    '--by-duration',
    '--shift-by',
    '--offset-json-file',
    '--entity-type',
    '--entity-name',
    '--add-config',
    '--alter',
    '-r',
    '--regex',
    '-p',
    '--partition',
    '-X',
    '--brokers',
    '--profile',
  ]);
  for (const fl of ['--bootstrap-server', '--zookeeper', '--brokers', '-X', '--profile']) {
    const v = o.get(fl);
    if (v) s.hint(`${name} ${fl}`, v);
  }
  if (o.has('--help', '--version')) return;
  const topic = o.get('--topic', '--entity-name') ?? '';
  const base = name.replace(/\.sh$/, '');
  if (base === 'rpk') {
    const w = o.pos.map((p) => p.value ?? '');
    if (w[0] === 'topic' && (w[1] === 'delete' || w[1] === 'trim-prefix')) {
      const topics = o.pos.slice(2).map(argText);
      const all = topics.some((t) => TOPIC_ALL.test(t)) && o.has('-r', '--regex');
      if (w[1] === 'trim-prefix')
        s.add(
          inv,
          f('data.topic-delete', 'high', `rpk topic trim-prefix deletes the records of ${topics.join(', ')} before an offset`, 'destructive', 'irreversible'),
        );
      else
        s.add(
          inv,
          f(
            'data.topic-delete',
            'high',
            all ? 'rpk topic delete -r deletes every topic with its records' : `rpk topic delete deletes ${topics.join(', ')} with every record in it`,
            all ? 'environment-teardown' : 'destructive',
            'irreversible',
            topics.map((t) => ({ kind: 'resource', name: `topic ${t}`, op: 'delete' })),
          ),
        );
    } else if (w[0] === 'group' && w[1] === 'delete')
      s.add(
        inv,
        f(
          'data.consumer-group-delete',
          'medium',
          `rpk group delete deletes the consumer groups ${o.pos.slice(2).map(argText).join(', ')} and their committed offsets`,
          'destructive',
          'irreversible',
        ),
      );
    else if (!/^(list|describe|consume|status|info|ls)$/.test(w[1] ?? '') && !/^(version|help)$/.test(w[0] ?? '')) s.mutates();
    return;
  }
  if (base === 'kafka-topics') {
    if (!o.has('--delete')) {
      if (o.has('--create', '--alter')) s.mutates();
      return;
    }
    const all = TOPIC_ALL.test(topic);
    s.add(
      inv,
      f(
        'data.topic-delete',
        'high',
        all
          ? 'kafka-topics --delete deletes every topic with its records'
          : `kafka-topics --delete deletes the topic ${topic || '(unnamed)'} with every record in it${/[*+|[\]]/.test(topic) ? ' (a pattern: every topic it matches)' : ''}`,
        all ? 'environment-teardown' : 'destructive',
        'irreversible',
        topic ? [{ kind: 'resource', name: `topic ${topic}`, op: 'delete' }] : [],
      ),
    );
    return;
  }
  if (base === 'kafka-consumer-groups') {
    if (o.has('--delete', '--delete-offsets'))
      s.add(
        inv,
        f(
          'data.consumer-group-delete',
          'medium',
          `kafka-consumer-groups --delete removes ${o.get('--group') ? `the group ${o.get('--group')}` : 'consumer groups'} and their committed offsets`,
          'destructive',
          'irreversible',
        ),
      );
    // --reset-offsets is a dry run unless --execute is given.
    else if (o.has('--reset-offsets') && o.has('--execute'))
      s.add(
        inv,
        f(
          'data.consumer-group-delete',
          'medium',
          `kafka-consumer-groups --reset-offsets --execute moves ${o.get('--group') ?? 'the group'}'s offsets: messages are skipped or read again`,
          'broad-change',
          'recoverable',
        ),
      );
    return;
  }
  if (base === 'kafka-delete-records') {
    s.add(
      inv,
      f(
        'data.topic-delete',
        'high',
        'kafka-delete-records deletes the records of the listed partitions before the given offsets',
        'destructive',
        'irreversible',
      ),
    );
    return;
  }
  if (base === 'kafka-configs') {
    if (!o.has('--alter')) return;
    s.mutates();
    // `retention.ms=1000` is how a topic is purged: every record older than a second goes.
    const cfg = o.all('--add-config').join(',');
    const m = /retention\.(ms|bytes)=(\d+)/.exec(cfg);
    if (m && Number(m[2]) < (m[1] === 'ms' ? 3_600_000 : 1_048_576))
      s.add(
        inv,
        f(
          'data.topic-delete',
          'high',
          `kafka-configs sets ${m[0]} on ${topic || 'the topic'}: its records are purged`,
          'destructive',
          'irreversible',
          topic ? [{ kind: 'resource', name: `topic ${topic}`, op: 'delete' }] : [],
        ),
      );
  }
};

const RABBITMQCTL: CommandTable = {
  valueFlags: ['-n', '--node', '-p', '--vhost', '-t', '--timeout', '-q', '--longnames'],
  envFlags: ['-n', '--node', '-p', '--vhost'],
  envVars: ['RABBITMQ_NODENAME'],
  entries: [
    {
      sub: [/^(delete_queue|purge_queue)$/],
      rule: 'data.queue-delete',
      level: 'high',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'rabbitmqctl {sub} deletes the messages in {target}',
      target: { kind: 'resource', from: 'next' },
    },
    {
      sub: [/^(reset|force_reset)$/],
      rule: 'data.broker-reset',
      level: 'high',
      cls: 'environment-teardown',
      rev: 'irreversible',
      message: 'rabbitmqctl {sub} wipes the node: every queue, message, exchange, user and vhost',
    },
    {
      sub: ['delete_vhost'],
      rule: 'data.broker-reset',
      level: 'high',
      cls: 'environment-teardown',
      rev: 'irreversible',
      message: 'rabbitmqctl delete_vhost deletes the vhost {target} with every queue and message in it',
      target: { kind: 'namespace', from: 'next' },
    },
    {
      sub: [/^(delete_user|clear_permissions|delete_policy|clear_policy|forget_cluster_node)$/],
      rule: 'data.queue-delete',
      level: 'medium',
      cls: 'broad-change',
      rev: 'recoverable',
      message: 'rabbitmqctl {sub} {target}',
      target: { kind: 'other', from: 'next' },
    },
    {
      sub: [/^(stop_app|stop|shutdown)$/],
      rule: 'data.broker-reset',
      level: 'medium',
      cls: 'broad-change',
      rev: 'recoverable',
      message: 'rabbitmqctl {sub} stops the broker: clients lose it until it is started again',
    },
    { sub: [/^(list_.*|status|cluster_status|environment|report|ping|help|version|node_health_check|await_startup|list)$/], read: true },
  ],
};

const RABBITMQADMIN: CommandTable = {
  valueFlags: ['-H', '--host', '-P', '--port', '-V', '--vhost', '-u', '--username', '-p', '--password', '-N', '--node', '-f', '--format', '-c', '--config'],
  envFlags: ['-H', '--host', '-V', '--vhost', '-N', '--node'],
  entries: [
    {
      sub: [/^(delete|purge)$/, /^queues?$/],
      rule: 'data.queue-delete',
      level: 'high',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'rabbitmqadmin {sub} deletes the messages in {target}',
      target: { kind: 'resource', from: 'next' },
    },
    {
      sub: ['delete', /^vhosts?$/],
      rule: 'data.broker-reset',
      level: 'high',
      cls: 'environment-teardown',
      rev: 'irreversible',
      message: 'rabbitmqadmin delete vhost deletes {target} with every queue and message in it',
      target: { kind: 'namespace', from: 'next' },
    },
    {
      sub: ['delete', '*'],
      rule: 'data.queue-delete',
      level: 'medium',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'rabbitmqadmin delete {sub}',
      target: { kind: 'resource', from: 'next' },
    },
    { sub: [/^(list|show|export|help|--help)$/], read: true },
  ],
};

const bq: Handler = (inv, s, rest) => {
  const o = parseOpts(rest, [
    '--project_id',
    '--dataset_id',
    '--location',
    '--format',
    '--max_rows',
    '-n',
    '--api',
    '--job_id',
    '--destination_table',
    '--parameter',
    '--source_format',
    '--schema',
    '--time_partitioning_field',
    '--expiration',
    '--default_table_expiration',
    '--description',
    '--label',
    '--flagfile',
  ]);
  const project = o.get('--project_id');
  if (project) s.hint('bigquery project', project);
  const w = o.pos.map((p) => p.value ?? '');
  const sub = w[0] ?? '';
  if (/^(ls|show|head|help|version|wait|info|get-iam-policy)$/.test(sub)) return;
  if (sub === 'query') {
    const q = o.pos
      .slice(1)
      .map((p) => p.value)
      .filter((v): v is string => v !== undefined)
      .join(' ');
    if (q) {
      s.mutates();
      s.nested({ kind: 'sql', statement: q, dialect: 'bigquery' }, 'bq query');
    } else statements(inv, s, 'bq query', [], undefined, 'bigquery');
    if (o.has('--replace') && o.get('--destination_table'))
      s.add(
        inv,
        f(
          'data.table-replace',
          'medium',
          `bq query --replace overwrites the table ${o.get('--destination_table')} with the query's result`,
          'destructive',
          'irreversible',
          [{ kind: 'table', name: o.get('--destination_table')!, op: 'overwrite' }],
        ),
      );
    return;
  }
  s.mutates();
  if (sub === 'rm') {
    const name = argText(o.pos[1]) || o.get('--dataset_id') || '(unnamed)';
    s.hint('bigquery dataset', name);
    if (o.has('-r', '--recursive') || o.has('-d', '--dataset'))
      s.add(
        inv,
        f(
          'data.dataset-delete',
          'high',
          `bq rm ${o.has('-r', '--recursive') ? '-r ' : ''}deletes the dataset ${name}${o.has('-r', '--recursive') ? ' with every table in it' : ''}`,
          'destructive',
          'irreversible',
          [{ kind: 'database', name, op: 'delete' }],
        ),
      );
    else if (o.has('-j', '--job')) return;
    else
      s.add(
        inv,
        f('data.dataset-delete', 'high', `bq rm deletes the table ${name} with its rows`, 'destructive', 'irreversible', [
          { kind: 'table', name, op: 'delete' },
        ]),
      );
    return;
  }
  if ((sub === 'load' && o.has('--replace')) || (sub === 'cp' && o.has('-f', '--force')))
    s.add(
      inv,
      f(
        'data.table-replace',
        'medium',
        `bq ${sub} ${sub === 'load' ? '--replace' : '-f'} overwrites the table ${argText(o.pos[sub === 'load' ? 1 : 2])}`,
        'destructive',
        'irreversible',
        [{ kind: 'table', name: argText(o.pos[sub === 'load' ? 1 : 2]), op: 'overwrite' }],
      ),
    );
};

/** PlanetScale, Neon, Turso: hosted databases by command line. */
const PSCALE: CommandTable = {
  valueFlags: ['--org', '--service-token', '--service-token-id', '-f', '--format'],
  envFlags: ['--org'],
  entries: [
    {
      sub: ['database', 'delete'],
      rule: 'data.hosted-db-delete',
      level: 'high',
      cls: 'environment-teardown',
      rev: 'irreversible',
      message: 'pscale database delete deletes the database {target} with every branch',
      target: { kind: 'database', from: 'next' },
    },
    {
      sub: ['branch', 'delete'],
      rule: 'data.hosted-db-delete',
      level: 'high',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'pscale branch delete deletes a database branch with its data',
      target: { kind: 'database', from: 'next' },
    },
    {
      sub: ['backup', 'delete'],
      rule: 'data.hosted-db-delete',
      level: 'medium',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'pscale backup delete deletes a backup',
      target: { kind: 'other', from: 'next' },
    },
    { sub: ['shell'], mutates: true },
    {
      sub: [
        /^(database|branch|backup|deploy-request|password|org|auth|region|service-token|connect|dump|restore-dump|ping|api|size|help|version|keyspace|workflow|audit-log|webhook|role)$/,
      ],
      mutates: true,
    },
  ],
};

const NEON: CommandTable = {
  valueFlags: ['--project-id', '--org-id', '--api-key', '-o', '--output', '--branch', '--name', '--parent', '--context-file'],
  envFlags: ['--project-id', '--branch'],
  entries: [
    {
      sub: [/^projects?$/, /^(delete|rm)$/],
      rule: 'data.hosted-db-delete',
      level: 'high',
      cls: 'environment-teardown',
      rev: 'irreversible',
      message: 'neonctl projects delete deletes the project {target} with every branch and database',
      target: { kind: 'database', from: 'next' },
    },
    {
      sub: [/^branch(es)?$/, /^(delete|rm)$/],
      rule: 'data.hosted-db-delete',
      level: 'high',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'neonctl branches delete deletes the branch {target} with its data',
      target: { kind: 'database', from: 'next' },
    },
    {
      sub: [/^branch(es)?$/, 'reset'],
      rule: 'data.hosted-db-delete',
      level: 'high',
      cls: 'destructive',
      rev: 'irreversible',
      message: "neonctl branches reset replaces the branch {target} with its parent's data",
      target: { kind: 'database', from: 'next' },
    },
    {
      sub: [/^(databases?|db)$/, /^(delete|rm)$/],
      rule: 'data.hosted-db-delete',
      level: 'high',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'neonctl databases delete drops the database {target}',
      target: { kind: 'database', from: 'next' },
    },
    { sub: ['*', /^(list|ls|get)$/], read: true },
  ],
};

const TURSO: CommandTable = {
  valueFlags: ['--group', '--location', '--from-db', '--from-dump', '--timestamp', '-t'],
  entries: [
    {
      sub: ['db', /^(destroy|delete)$/],
      rule: 'data.hosted-db-delete',
      level: 'high',
      cls: 'environment-teardown',
      rev: 'irreversible',
      message: 'turso db destroy deletes the database {target}',
      target: { kind: 'database', from: 'next' },
    },
    {
      sub: ['group', /^(destroy|delete)$/],
      rule: 'data.hosted-db-delete',
      level: 'high',
      cls: 'environment-teardown',
      rev: 'irreversible',
      message: 'turso group destroy deletes the group {target} with every database in it',
      target: { kind: 'database', from: 'next' },
    },
    { sub: ['db', /^(list|show|inspect|locations)$/], read: true },
  ],
};

/** `turso db shell DB "SQL"`. */
const tursoShell = (e: TableEntry | undefined, inv: Invocation, s: Sink, rest: Arg[]): void => {
  const o = parseOpts(rest, TURSO.valueFlags ?? []);
  if (o.pos[0]?.value === 'db' && o.pos[1]?.value === 'shell') {
    if (o.pos[2]) s.hint('database', argText(o.pos[2]));
    statements(inv, s, 'turso db shell', o.pos[3]?.value !== undefined ? [o.pos[3].value] : [], undefined, 'sqlite');
  }
  void e;
};

const CURATOR: CommandTable = {
  valueFlags: ['--config', '--host', '--port', '--filter_list', '--loglevel'],
  envFlags: ['--host'],
  entries: [
    {
      sub: [/^delete[-_](indices|snapshots)$/],
      rule: 'data.index-delete',
      level: 'high',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'curator {sub} deletes the Elasticsearch indices or snapshots the filter selects',
    },
    { sub: [/^show[-_]/], read: true },
  ],
  dryRunFlags: ['--dry-run'],
};

export const DATASTORES: Pack = {
  family: 'datastores',
  covers:
    'cqlsh, influx, mongorestore/mongoimport --drop, pg_restore --clean, etcdctl del, kafka-topics/consumer-groups/delete-records/configs and rpk, rabbitmqctl/rabbitmqadmin, bq, snowsql/snow sql, pscale, neonctl, turso, curator: statements go to the SQL analyzer; deletes of keyspaces, buckets, topics, queues, datasets and every key are judged here.',
  commands: {
    cqlsh,
    snowsql,
    snow: snowsql,
    influx: tableHandler(influxTable, influxQl),
    mongorestore,
    mongoimport: mongorestore,
    pg_restore: pgRestore,
    etcdctl,
    'kafka-topics': kafkaTopics,
    'kafka-topics.sh': kafkaTopics,
    'kafka-consumer-groups': kafkaTopics,
    'kafka-consumer-groups.sh': kafkaTopics,
    'kafka-delete-records': kafkaTopics,
    'kafka-delete-records.sh': kafkaTopics,
    'kafka-configs': kafkaTopics,
    'kafka-configs.sh': kafkaTopics,
    rpk: kafkaTopics,
    rabbitmqctl: tableHandler(RABBITMQCTL),
    rabbitmqadmin: tableHandler(RABBITMQADMIN),
    bq,
    pscale: tableHandler(PSCALE),
    neonctl: tableHandler(NEON),
    neon: tableHandler(NEON),
    turso: tableHandler(TURSO, tursoShell),
    curator_cli: tableHandler(CURATOR),
    'curator-cli': tableHandler(CURATOR),
  },
  rules: [
    rule(
      'data.bucket-delete',
      'high',
      'destructive',
      'Deletes a time-series bucket (or an organization) with every point in it',
      'Back it up first (`influx backup --bucket …`) and list what it holds (`influx bucket list`)',
      ['influx bucket delete --name metrics'],
      ['influx bucket list', 'influx bucket delete --help'],
    ),
    rule(
      'data.points-delete',
      'high',
      'destructive',
      'Deletes the points of a bucket in a time range',
      'Narrow it with --predicate and a short range; query the same range first',
      ['influx delete --bucket metrics --start 1970-01-01T00:00:00Z --stop 2030-01-01T00:00:00Z'],
      ['influx query \'from(bucket:"metrics") |> range(start:-1h)\''],
    ),
    rule(
      'data.restore-drop',
      'high',
      'destructive',
      'A restore that drops what is there before loading the backup',
      'Restore into a new database or collection first and compare; keep a dump of the current data',
      ['mongorestore --drop --uri mongodb://db.internal/app dump/', 'pg_restore --clean -d app backup.dump'],
      ['mongorestore --dryRun --drop dump/', 'pg_restore --clean -f out.sql backup.dump', 'pg_restore -l backup.dump'],
    ),
    rule(
      'data.etcd-delete',
      'high',
      'destructive',
      'Deletes keys from etcd (a prefix, or every key)',
      'Read them first (`etcdctl get --prefix KEY --keys-only`) and take a snapshot (`etcdctl snapshot save`)',
      ['etcdctl del --prefix /registry/deployments'],
      ['etcdctl get --prefix /registry --keys-only'],
    ),
    rule(
      'data.protection-off',
      'medium',
      'broad-change',
      "Turns a data store's authentication or protection off",
      'Leave it on; grant the access you need instead',
      ['etcdctl auth disable'],
      ['etcdctl auth status'],
    ),
    rule(
      'data.topic-delete',
      'high',
      'destructive',
      'Deletes Kafka topics or their records',
      'Describe the topic first (`kafka-topics --describe --topic …`) and check its consumers',
      ['kafka-topics --bootstrap-server kafka:9092 --delete --topic orders', 'rpk topic delete orders'],
      ['kafka-topics --bootstrap-server kafka:9092 --describe --topic orders', 'kafka-topics --list --bootstrap-server kafka:9092'],
    ),
    rule(
      'data.consumer-group-delete',
      'medium',
      'destructive',
      'Deletes a consumer group or moves its offsets',
      'Run --reset-offsets without --execute first (it is a dry run) and read the new offsets',
      ['kafka-consumer-groups --bootstrap-server kafka:9092 --delete --group billing'],
      ['kafka-consumer-groups --bootstrap-server kafka:9092 --reset-offsets --to-earliest --group billing --topic orders'],
    ),
    rule(
      'data.queue-delete',
      'high',
      'destructive',
      'Deletes or purges a message queue: its messages are lost',
      'List it first (`rabbitmqctl list_queues name messages`) and move the messages (shovel) if they matter',
      ['rabbitmqctl delete_queue orders', 'rabbitmqadmin purge queue name=orders'],
      ['rabbitmqctl list_queues', 'rabbitmqadmin list queues'],
    ),
    rule(
      'data.broker-reset',
      'high',
      'environment-teardown',
      'Wipes a message broker node or a vhost',
      'Export the definitions first (`rabbitmqctl export_definitions`) and let a person do it',
      ['rabbitmqctl reset', 'rabbitmqctl delete_vhost /prod'],
      ['rabbitmqctl status'],
    ),
    rule(
      'data.dataset-delete',
      'high',
      'destructive',
      'Deletes a BigQuery dataset or table',
      'Look first (`bq ls DATASET`, `bq show TABLE`) and copy what matters (`bq cp`)',
      ['bq rm -r -f analytics', 'bq rm -f -t analytics.events'],
      ['bq ls analytics', 'bq show analytics.events'],
    ),
    rule(
      'data.table-replace',
      'medium',
      'destructive',
      'Overwrites a table with a load or a query result',
      'Write to a new table and swap it in once checked',
      ['bq load --replace analytics.events gs://b/events.csv'],
      ['bq load analytics.events gs://b/events.csv'],
    ),
    rule(
      'data.hosted-db-delete',
      'high',
      'environment-teardown',
      'Deletes a hosted database, project or branch',
      'List it first and take a backup or dump; let a person delete it from the console',
      ['pscale database delete app --force', 'neonctl projects delete wild-moon-123', 'turso db destroy app-db --yes'],
      ['pscale database list', 'neonctl projects list', 'turso db list'],
    ),
    rule(
      'data.index-delete',
      'high',
      'destructive',
      'Deletes search indices (Elasticsearch / OpenSearch) with their documents',
      'List them first (`GET _cat/indices/NAME?v`), snapshot them, and delete one named index at a time',
      ['curl -X DELETE http://localhost:9200/logs-2024', 'curator_cli delete-indices --filter_list \'[{"filtertype":"age"}]\''],
      ['curl http://localhost:9200/_cat/indices?v', 'curator_cli --dry-run delete-indices --filter_list \'[{"filtertype":"age"}]\''],
    ),
  ],
};
