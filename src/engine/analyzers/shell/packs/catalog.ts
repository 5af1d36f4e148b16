// Which command names the less common packs know, without loading them: their tables and handlers
// are loaded the first time one of their commands is judged. The hook is a fresh process for every
// agent tool call, so what the engine loads at start-up is paid on every call; a `git status`
// should not pay for the tables of forty cloud and database tools. The packs test checks that each
// list here is exactly the commands its pack declares.
import type { Handler, Pack } from './kit';

interface Entry {
  family: string;
  names: readonly string[];
  load: () => Pack;
}

const ENTRIES: Entry[] = [
  {
    family: 'iac',
    names: ['terraform', 'tofu', 'terragrunt', 'pulumi', 'cdk', 'cdktf', 'serverless', 'sls', 'sam'],
    load: () => (require('./iac') as typeof import('./iac')).IAC,
  },
  { family: 'cloud', names: ['aws', 'gcloud', 'gsutil', 'az'], load: () => (require('./cloud') as typeof import('./cloud')).CLOUD },
  {
    family: 'cloud',
    names: ['doctl', 'fly', 'flyctl', 'heroku', 'vercel', 'netlify', 'firebase', 'railway', 'wrangler', 'linode-cli', 'vultr-cli', 'hcloud', 'oci', 'ibmcloud'],
    load: () => (require('./cloud-paas') as typeof import('./cloud-paas')).CLOUD_PAAS,
  },
  {
    family: 'kubernetes',
    names: ['kubectl', 'oc', 'k', 'helm', 'eksctl', 'kustomize', 'argocd', 'velero', 'flux', 'kind', 'k3d', 'minikube', 'istioctl'],
    load: () => (require('./kubernetes') as typeof import('./kubernetes')).KUBERNETES,
  },
  {
    family: 'containers',
    names: ['docker', 'podman', 'nerdctl', 'docker-compose'],
    load: () => (require('./containers') as typeof import('./containers')).CONTAINERS,
  },
  {
    family: 'databases',
    names: [
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
      'dropdb',
      'mysqladmin',
    ],
    load: () => (require('./databases') as typeof import('./databases')).DATABASES,
  },
  {
    family: 'datastores',
    names: [
      'cqlsh',
      'snowsql',
      'snow',
      'influx',
      'mongorestore',
      'mongoimport',
      'pg_restore',
      'etcdctl',
      'kafka-topics',
      'kafka-topics.sh',
      'kafka-consumer-groups',
      'kafka-consumer-groups.sh',
      'kafka-delete-records',
      'kafka-delete-records.sh',
      'kafka-configs',
      'kafka-configs.sh',
      'rpk',
      'rabbitmqctl',
      'rabbitmqadmin',
      'bq',
      'pscale',
      'neonctl',
      'neon',
      'turso',
      'curator_cli',
      'curator-cli',
    ],
    load: () => (require('./datastores') as typeof import('./datastores')).DATASTORES,
  },
  {
    family: 'orm',
    names: [
      'rails',
      'rake',
      'prisma',
      'drizzle-kit',
      'typeorm',
      'typeorm-ts-node-commonjs',
      'typeorm-ts-node-esm',
      'sequelize',
      'sequelize-cli',
      'knex',
      'manage.py',
      'django-admin',
      'alembic',
      'flask',
      'artisan',
      'ace',
      'sail',
      'mix',
      'dotnet',
      'dotnet-ef',
      'supabase',
      'flyway',
      'liquibase',
      'hasura',
      'dbt',
    ],
    load: () => (require('./orm') as typeof import('./orm')).ORM,
  },
  {
    family: 'network',
    names: ['curl', 'wget', 'http', 'https', 'xh', 'xhs', 'curlie'],
    load: () => (require('./network') as typeof import('./network')).NETWORK,
  },
  {
    family: 'host',
    names: [
      'shutdown',
      'reboot',
      'halt',
      'poweroff',
      'stop-computer',
      'restart-computer',
      'init',
      'telinit',
      'kill',
      'pkill',
      'killall',
      'crontab',
      'at',
      'batch',
      'atrm',
      'atq',
      'iptables',
      'ip6tables',
      'iptables-legacy',
      'iptables-nft',
      'ip6tables-legacy',
      'ip6tables-nft',
      'iptables-restore',
      'ip6tables-restore',
      'nft',
      'ufw',
      'firewall-cmd',
      'systemctl',
      'service',
      'rc-service',
      'lvremove',
      'vgremove',
      'pvremove',
      'lvreduce',
      'lvresize',
      'zfs',
      'zpool',
      'btrfs',
      'userdel',
      'deluser',
      'passwd',
      'swapoff',
      'mount',
      'umount',
      'sysctl',
      'modprobe',
      'rmmod',
      'ip',
      'ifconfig',
      'ifdown',
      'nmcli',
      'setenforce',
      'aa-teardown',
      'aa-disable',
      'aa-complain',
      'auditctl',
    ],
    load: () => (require('./host') as typeof import('./host')).HOST,
  },
];

export type LazyPack = Pack & {
  load(): Pack;
  /** Loaded already: its rules can be read without loading it (a rule it raised is among them). */
  isLoaded(): boolean;
};

/** A pack that loads itself the first time one of its commands is judged (or its rules are read). */
function lazyPack(e: Entry): LazyPack {
  let loaded: Pack | undefined;
  const load = (): Pack => (loaded ??= e.load());
  const commands: Record<string, Handler> = {};
  for (const n of e.names) commands[n] = (inv, s, rest, name) => load().commands[n]!(inv, s, rest, name);
  return {
    family: e.family,
    commands,
    load,
    isLoaded: () => loaded !== undefined,
    get covers() {
      return load().covers;
    },
    get rules() {
      return load().rules;
    },
  };
}

export const LAZY_PACKS: readonly LazyPack[] = ENTRIES.map(lazyPack);
