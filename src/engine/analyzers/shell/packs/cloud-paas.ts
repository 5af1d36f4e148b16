// Platforms and smaller clouds: DigitalOcean (doctl), Fly.io (fly/flyctl), Heroku, Vercel, Netlify,
// Firebase, Railway, Cloudflare (wrangler), Linode (linode-cli), Vultr (vultr-cli), Hetzner
// (hcloud), Oracle Cloud (oci), IBM Cloud (ibmcloud). Data first: each tool's delete/destroy
// verbs, with what they take away (a whole app or database is a teardown, a server, volume or
// bucket is destructive, anything else that deletes is medium). The app, project, site, context
// and environment flags are hints, so a prod app raises the level. Commands they run elsewhere
// (`heroku run`, `fly ssh console -C`, `railway run`, `heroku pg:psql -c`, `wrangler d1 execute
// --command`) are analysed as what they run.
// Does not catch: what a resource holds, deletes done through the platforms' web APIs.
import { rule } from '../../../rules/types';
import { parseOpts } from '../opts';
import { type Arg, type Invocation, type Sink, argText } from '../types';
import { type Pack, again } from './kit';
import { type CommandTable, type SubWord, type TableEntry, tableHandler } from './table';

const DEL = /^(delete|destroy|rm|remove|del|d)$/;

const APP = { rule: 'cloud.app-destroy', level: 'high', cls: 'environment-teardown', rev: 'irreversible' } as const;
const RESOURCE = { rule: 'cloud.resource-delete', level: 'high', cls: 'destructive', rev: 'irreversible' } as const;
const OTHER = { rule: 'cloud.delete', level: 'medium', cls: 'destructive', rev: 'unknown' } as const;
const OUTAGE = { rule: 'cloud.outage', level: 'medium', cls: 'broad-change', rev: 'recoverable' } as const;

/** `[..nouns, verb]` entries for a noun-verb CLI; the word after is the target. */
function del(
  sub: SubWord[],
  kind: 'app' | 'resource' | 'other',
  message: string,
  target: TableEntry['target'] = { kind: 'resource', from: 'next' },
): TableEntry {
  const base = kind === 'app' ? APP : kind === 'resource' ? RESOURCE : OTHER;
  return { sub, ...base, message, target };
}

// ---------------------------------------------------------------------------------------------

const DOCTL: CommandTable = {
  valueFlags: ['--context', '-t', '--access-token', '-o', '--output', '--format', '--region', '--config', '-c'],
  envFlags: ['--context'],
  otherwise: 'vocabulary',
  entries: [
    del(['databases', DEL], 'app', 'doctl databases delete deletes the database cluster {target} with its data', { kind: 'database', from: 'next' }),
    del([/^(databases|database|db|d)$/, /^(db|pool|user)$/, DEL], 'resource', 'doctl databases {sub} deletes {target}'),
    del([/^(kubernetes|k8s|k)$/, /^(cluster|c)$/, DEL], 'app', 'doctl kubernetes cluster delete deletes the cluster {target} with every workload', {
      kind: 'cluster',
      from: 'next',
    }),
    del([/^(apps|app|a)$/, DEL], 'app', 'doctl apps delete deletes the app {target}'),
    del([/^(compute|c)$/, /^(droplet|d)$/, DEL], 'resource', 'doctl compute droplet delete destroys the droplet {target} and its disk'),
    del([/^(compute|c)$/, /^(volume|v)$/, DEL], 'resource', 'doctl compute volume delete deletes the volume {target} with its data'),
    del([/^(compute|c)$/, /^(snapshot|s)$/, DEL], 'other', 'doctl compute snapshot delete deletes the snapshot {target}'),
    del([/^(registry|r)$/, DEL], 'resource', 'doctl registry delete deletes the container registry with every image'),
    del(['*', DEL], 'other', 'doctl {sub} {target}'),
    del(['*', '*', DEL], 'other', 'doctl {sub} {target}'),
    del(['*', '*', '*', DEL], 'other', 'doctl {sub} {target}'),
    { sub: ['*', '*', /^(list|ls|get|g)$/], read: true },
    { sub: ['*', /^(list|ls|get|g)$/], read: true },
  ],
};

const FLY: CommandTable = {
  valueFlags: ['-a', '--app', '-c', '--config', '-r', '--region', '-o', '--org', '-C', '--command', '-s', '--select', '--image', '-t', '--access-token'],
  envFlags: ['-a', '--app', '-c', '--config'],
  envVars: ['FLY_APP'],
  otherwise: 'vocabulary',
  entries: [
    del([/^(apps|app)$/, /^(destroy|delete|remove|rm)$/], 'app', 'fly apps destroy deletes the app {target} with its machines, volumes and IPs', {
      kind: 'stack',
      from: 'next',
    }),
    del([/^destroy$/], 'app', 'fly destroy deletes the app {target} with its machines, volumes and IPs', { kind: 'stack', from: 'next' }),
    del([/^(volumes|volume|vol)$/, /^(destroy|delete|rm)$/], 'resource', 'fly volumes destroy deletes the volume {target} with its data'),
    del(
      [/^(mpg|postgres|pg|redis|mysql|storage|tigris|consul|upstash|supabase|ext|extensions)$/, /^(destroy|delete|rm)$/],
      'app',
      'fly {sub} deletes the database or storage {target} with its data',
      { kind: 'database', from: 'next' },
    ),
    del([/^(machines|machine|m)$/, /^(destroy|remove|rm)$/], 'other', 'fly machine destroy removes the machine {target}'),
    del([/^(certs|ips|secrets)$/, /^(remove|delete|release|unset|rm)$/], 'other', 'fly {sub} {target}'),
    { sub: ['scale', 'count', /^0$/], ...OUTAGE, message: 'fly scale count 0 stops every machine of the app: an outage' },
    { sub: [/^(status|logs|info|version|doctor|platform|releases|dashboard|help|ping|auth|orgs|regions)$/], read: true },
    { sub: ['*', /^(list|ls|show|status|describe)$/], read: true },
    {
      sub: [
        /^(deploy|launch|ssh|console|proxy|scale|secrets|machine|machines|m|volumes|volume|vol|apps|postgres|pg|certs|ips|config|image|redis|storage|checks|wireguard|tokens|mpg|extensions|ext|agent|open|restart|resume|suspend|move|sftp)$/,
      ],
      mutates: true,
    },
  ],
};

/** `fly ssh console -C "cmd"` runs a command on the app's machine. */
const flyRemote = (e: TableEntry | undefined, inv: Invocation, s: Sink, rest: Arg[]): void => {
  const o = parseOpts(rest, FLY.valueFlags ?? []);
  if (o.pos[0]?.value === 'ssh' && o.pos[1]?.value === 'console') {
    const cmd = o.get('-C', '--command');
    if (cmd !== undefined) s.nestedShell(cmd, inv, `fly ssh console${o.get('-a', '--app') ? ` -a ${o.get('-a', '--app')}` : ''}`);
  }
  void e;
};

const HEROKU: CommandTable = {
  valueFlags: ['-a', '--app', '-r', '--remote', '--confirm', '-c', '--command', '-s', '--size', '-e', '--env', '-x', '--exit-code', '--type', '-t', '--team'],
  envFlags: ['-a', '--app', '-r', '--remote'],
  envVars: ['HEROKU_APP'],
  otherwise: 'vocabulary',
  entries: [
    del([/^(apps:destroy|destroy|apps:delete)$/], 'app', 'heroku apps:destroy deletes the app {target} with its add-ons and data', {
      kind: 'stack',
      from: 'flag',
      flags: ['-a', '--app'],
    }),
    {
      sub: [/^pg:reset$/],
      rule: 'cloud.db-reset',
      level: 'high',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'heroku pg:reset deletes every table and row in the database',
      target: { kind: 'database', from: 'flag', flags: ['-a', '--app'] },
    },
    {
      sub: [/^pg:backups:restore$/],
      rule: 'cloud.db-reset',
      level: 'high',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'heroku pg:backups:restore replaces the database with the backup: what was written since is lost',
      target: { kind: 'database', from: 'flag', flags: ['-a', '--app'] },
    },
    {
      sub: [/^pg:copy$/],
      rule: 'cloud.db-reset',
      level: 'high',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'heroku pg:copy overwrites the target database with the source',
      target: { kind: 'database', from: 'flag', flags: ['-a', '--app'] },
    },
    del(
      [/^(addons:destroy|addons:remove|addons:delete)$/],
      'resource',
      'heroku addons:destroy deletes the add-on {target} with its data (a database add-on is the database)',
    ),
    del([/^pg:backups:(delete|destroy)$/], 'other', 'heroku pg:backups:delete deletes the backup {target}'),
    { sub: [/^pg:killall$/], ...OUTAGE, message: 'heroku pg:killall terminates every connection to the database' },
    { sub: [/^ps:scale$/, /=0(:|$)/], ...OUTAGE, message: 'heroku ps:scale {sub}: no dynos left to serve the process' },
    { sub: [/^maintenance:on$/], ...OUTAGE, message: 'heroku maintenance:on takes the app offline' },
    del(
      [/^(domains:clear|domains:remove|certs:remove|spaces:destroy|pipelines:destroy|keys:clear|access:remove|config:unset|releases:rollback|rollback)$/],
      'other',
      'heroku {sub}',
    ),
    { sub: [/^(run|run:detached|run:inside|pg:psql|local.*|git:.*|login|logout|create|apps:create|deploy.*|container:.*|ps:restart|restart)$/], mutates: true },
    {
      sub: [
        /^(apps|apps:info|info|logs|ps|config|config:get|pg|pg:info|pg:credentials|pg:diagnose|releases|releases:info|addons|addons:info|status|auth:.*|whoami|domains|certs|access|regions|stack|features|labs|pipelines|spaces|keys|help|version|--version|pg:backups|pg:outliers|pg:ps|pg:locks)$/,
      ],
      read: true,
    },
  ],
};

/** `heroku run CMD`, `heroku pg:psql -c SQL`: what runs on the platform. */
const herokuRemote = (e: TableEntry | undefined, inv: Invocation, s: Sink, rest: Arg[]): void => {
  const o = parseOpts(rest, HEROKU.valueFlags ?? [], true);
  const sub = o.pos[0]?.value ?? '';
  const app = parseOpts(rest, HEROKU.valueFlags ?? []).get('-a', '--app');
  if (sub === 'run' || sub === 'run:detached' || sub === 'run:inside') {
    const inner = parseOpts(o.pos.slice(1), HEROKU.valueFlags ?? [], true);
    if (inner.pos.length) again(inv, s, inner.pos, `heroku ${sub}${app ? ` -a ${app}` : ''}`);
  } else if (sub === 'pg:psql') {
    const c = parseOpts(rest, HEROKU.valueFlags ?? []).get('-c', '--command');
    if (c !== undefined) s.nested({ kind: 'sql', statement: c, dialect: 'postgresql' }, `heroku pg:psql${app ? ` -a ${app}` : ''}`);
    else if (inv.stdin.kind === 'text') s.nested({ kind: 'sql', statement: inv.stdin.text, dialect: 'postgresql' }, 'heroku pg:psql');
  }
  void e;
};

const VERCEL: CommandTable = {
  valueFlags: ['--scope', '--team', '-S', '-t', '--token', '-A', '--local-config', '-e', '--env', '--environment', '--target'],
  envFlags: ['--scope', '--team', '-S', '--environment', '--target'],
  otherwise: 'vocabulary',
  entries: [
    // A deployment URL is one deployment; a name is the project and every deployment of it.
    del([/^(remove|rm)$/, /\.vercel\.app|^https?:\/\/|^dpl_/], 'other', 'vercel {sub} deletes that deployment', undefined),
    del([/^(remove|rm)$/], 'app', 'vercel remove deletes the project {target} with every deployment of it', { kind: 'stack', from: 'next' }),
    del([/^(project|projects)$/, /^(rm|remove)$/], 'app', 'vercel project rm deletes the project {target} with every deployment', {
      kind: 'stack',
      from: 'next',
    }),
    del([/^(domains|domain|dns|certs|cert|alias|aliases)$/, /^(rm|remove)$/], 'other', 'vercel {sub} {target}'),
    { sub: ['rollback'], ...OUTAGE, level: 'medium', message: 'vercel rollback points production at an earlier deployment' },
    {
      sub: [
        /^(ls|list|inspect|logs|whoami|help|--version|-v|env|pull|dev|build|link|login|logout|switch|teams|domains|dns|certs|alias|project|projects|git|bisect|open|init|integration|telemetry|target|redeploy|promote|deploy)$/,
      ],
      mutates: true,
    },
  ],
};

const NETLIFY: CommandTable = {
  valueFlags: ['--site', '--auth', '--context', '--filter', '--dir', '-d', '--functions', '-f', '--alias', '--message', '-m'],
  envFlags: ['--site', '--context', '--alias'],
  otherwise: 'vocabulary',
  entries: [
    del([/^(sites:delete|sites:remove)$/], 'app', 'netlify sites:delete deletes the site {target} with every deploy', { kind: 'stack', from: 'next' }),
    del([/^(env:unset|env:clone|blobs:delete|functions:delete)$/], 'other', 'netlify {sub} {target}'),
    {
      sub: [
        /^(status|sites:list|env:list|env:get|logs.*|open.*|help|--version|watch|api|link|unlink|switch|login|logout|init|dev|build|deploy|functions:.*|serve|env:set|env:import|blobs:.*|recipes.*|completion|lm:.*)$/,
      ],
      mutates: true,
    },
  ],
};

const FIREBASE: CommandTable = {
  valueFlags: ['--project', '-P', '--token', '--only', '--except', '--message', '-m', '--database', '--instance', '--region', '--site', '--config', '-c'],
  envFlags: ['--project', '-P', '--database', '--instance', '--site'],
  envVars: ['FIREBASE_PROJECT', 'GCLOUD_PROJECT'],
  otherwise: 'vocabulary',
  entries: [
    {
      sub: ['firestore:delete'],
      ifFlag: ['--all-collections'],
      ...APP,
      message: 'firebase firestore:delete --all-collections deletes every document in the database',
    },
    {
      sub: ['firestore:delete'],
      ifFlag: ['-r', '--recursive'],
      ...RESOURCE,
      message: 'firebase firestore:delete -r deletes {target} and every document and subcollection under it',
      target: { kind: 'table', from: 'next' },
    },
    del(['firestore:delete'], 'other', 'firebase firestore:delete deletes the document {target}', { kind: 'table', from: 'next' }),
    del([/^firestore:databases:delete$/], 'app', 'firebase firestore:databases:delete deletes the database {target}', { kind: 'database', from: 'next' }),
    { sub: ['database:remove', /^\/?$/], ...APP, message: 'firebase database:remove / deletes the whole Realtime Database' },
    del(['database:remove'], 'resource', 'firebase database:remove deletes {target} and everything under it', { kind: 'table', from: 'next' }),
    { sub: ['database:set', /^\/?$/], ...RESOURCE, message: 'firebase database:set / replaces the whole Realtime Database with the given data' },
    { sub: ['database:set'], ...OTHER, message: 'firebase database:set replaces the data at {target}', target: { kind: 'table', from: 'next' } },
    { sub: ['hosting:disable'], ...OUTAGE, message: 'firebase hosting:disable takes the site offline' },
    del(
      [
        /^(functions:delete|hosting:channel:delete|apps:delete|ext:uninstall|remoteconfig:rollback|projects:delete|hosting:sites:delete|auth:delete|appdistribution:testers:remove)$/,
      ],
      'other',
      'firebase {sub} {target}',
    ),
    {
      sub: ['deploy'],
      ifFlag: ['--force', '-f'],
      ...OTHER,
      message: 'firebase deploy --force deletes the deployed functions that are no longer in the source, without asking',
    },
    {
      sub: [
        /^(use|login|logout|init|deploy|serve|emulators:.*|projects:list|apps:list|functions:list|functions:log|hosting:channel:list|firestore:indexes|database:get|auth:export|help|--version|open|target.*|setup:.*|experiments:.*|ext|ext:list|ext:info|database:instances:list|database:profile|remoteconfig:get|remoteconfig:versions:list|crashlytics:.*|hosting:channel:(create|deploy|open))$/,
      ],
      mutates: true,
    },
  ],
};

const RAILWAY: CommandTable = {
  valueFlags: ['-e', '--environment', '-s', '--service', '-p', '--project'],
  envFlags: ['-e', '--environment', '-s', '--service'],
  envVars: ['RAILWAY_ENVIRONMENT'],
  otherwise: 'vocabulary',
  entries: [
    { sub: ['down'], ...OUTAGE, message: 'railway down removes the latest deployment of the service' },
    del([/^delete$/], 'app', 'railway delete deletes the project with every service and database', { kind: 'stack', from: 'flag', flags: ['-p', '--project'] }),
    del([/^(environment|env)$/, DEL], 'app', 'railway environment delete deletes the environment {target} with its services', {
      kind: 'namespace',
      from: 'next',
    }),
    del([/^(volume|volumes)$/, DEL], 'resource', 'railway volume delete deletes the volume {target} with its data'),
    del([/^(service|services)$/, DEL], 'resource', 'railway service delete deletes the service {target}'),
    {
      sub: [
        /^(status|logs|whoami|list|help|--version|open|docs|variables|vars|domain|link|unlink|login|logout|init|up|deploy|redeploy|connect|shell|run|environment|service|volume|add|ssh|completion)$/,
      ],
      mutates: true,
    },
  ],
};

const railwayRun = (e: TableEntry | undefined, inv: Invocation, s: Sink, rest: Arg[]): void => {
  const o = parseOpts(rest, RAILWAY.valueFlags ?? [], true);
  if (o.pos[0]?.value === 'run') {
    const inner = parseOpts(o.pos.slice(1), RAILWAY.valueFlags ?? [], true);
    if (inner.pos.length) again(inv, s, inner.pos, 'railway run');
  }
  void e;
};

const WRANGLER: CommandTable = {
  valueFlags: [
    '--env',
    '-e',
    '-c',
    '--config',
    '--name',
    '--command',
    '--file',
    '--binding',
    '--namespace-id',
    '--preview',
    '--account-id',
    '--jurisdiction',
    '--persist-to',
  ],
  envFlags: ['--env', '-e', '--name'],
  envVars: ['CLOUDFLARE_ENV', 'WRANGLER_ENV'],
  otherwise: 'vocabulary',
  entries: [
    del([/^delete$/], 'app', 'wrangler delete deletes the Worker {target} and its routes', { kind: 'stack', from: 'flag', flags: ['--name'] }),
    del(['d1', DEL], 'app', 'wrangler d1 delete deletes the D1 database {target}', { kind: 'database', from: 'next' }),
    del(['r2', 'bucket', DEL], 'resource', 'wrangler r2 bucket delete deletes the bucket {target}', { kind: 'bucket', from: 'next' }),
    del(['r2', 'object', DEL], 'other', 'wrangler r2 object delete deletes {target}', { kind: 'bucket', from: 'next' }),
    del([/^kv(:namespace)?$/, /^(namespace)$/, DEL], 'resource', 'wrangler kv namespace delete deletes the namespace with every key'),
    del([/^kv:namespace$/, DEL], 'resource', 'wrangler kv:namespace delete deletes the namespace with every key'),
    del([/^kv(:bulk)?$/, /^(bulk)$/, DEL], 'other', 'wrangler kv bulk delete deletes the listed keys'),
    del([/^(queues|vectorize|hyperdrive|pipelines|workflows)$/, DEL], 'resource', 'wrangler {sub} {target}'),
    del(['pages', 'project', DEL], 'app', 'wrangler pages project delete deletes the Pages project {target} with every deployment', {
      kind: 'stack',
      from: 'next',
    }),
    del(['pages', 'deployment', DEL], 'other', 'wrangler pages deployment delete deletes the deployment {target}'),
    { sub: ['rollback'], ...OUTAGE, message: 'wrangler rollback deploys an earlier version of the Worker' },
    {
      sub: [
        /^(dev|deploy|publish|tail|whoami|login|logout|init|generate|types|versions|deployments|secret|kv|kv:key|kv:namespace|kv:bulk|r2|d1|pages|queues|vectorize|hyperdrive|docs|--version|-v|help|check|build|dispatch-namespace|mtls-certificate|ai|workflows|pipelines|containers|cert|telemetry)$/,
      ],
      mutates: true,
    },
  ],
};

/** `wrangler d1 execute DB --command "…"`: the SQL it runs (SQLite). */
const wranglerSql = (e: TableEntry | undefined, inv: Invocation, s: Sink, rest: Arg[]): void => {
  const o = parseOpts(rest, WRANGLER.valueFlags ?? []);
  if (o.pos[0]?.value === 'd1' && o.pos[1]?.value === 'execute') {
    if (o.pos[2]) s.hint('d1 database', argText(o.pos[2]));
    const cmd = o.get('--command');
    if (cmd !== undefined) s.nested({ kind: 'sql', statement: cmd, dialect: 'sqlite' }, 'wrangler d1 execute');
  }
  void e;
};

const GENERIC_VERB = /^(delete|destroy|rm|rb|remove|terminate|.+-delete|delete-.+|.+-rm|bulk-delete|purge)$/;

const LINODE: CommandTable = {
  valueFlags: ['--as-user', '--profile', '--format', '--page', '--page-size'],
  envFlags: ['--as-user'],
  otherwise: 'vocabulary',
  entries: [
    del([/^(databases|database)$/, /^(mysql|postgresql)-delete$/], 'app', 'linode-cli databases {sub} deletes the managed database {target}', {
      kind: 'database',
      from: 'next',
    }),
    del(['lke', /^cluster-delete$/], 'app', 'linode-cli lke cluster-delete deletes the Kubernetes cluster {target}', { kind: 'cluster', from: 'next' }),
    del([/^(linodes|volumes|images)$/, 'delete'], 'resource', 'linode-cli {sub} deletes {target}'),
    del(['obj', /^(rb|rm|del)$/], 'resource', 'linode-cli obj {sub} deletes {target}', { kind: 'bucket', from: 'next' }),
    del(['*', GENERIC_VERB], 'other', 'linode-cli {sub} {target}'),
    { sub: ['*', /^(list|ls|view|get)$/], read: true },
  ],
};

const VULTR: CommandTable = {
  valueFlags: ['--config', '-o', '--output'],
  otherwise: 'vocabulary',
  entries: [
    del([/^(kubernetes|k)$/, DEL], 'app', 'vultr-cli kubernetes delete deletes the cluster {target}', { kind: 'cluster', from: 'next' }),
    del([/^(database|db)$/, DEL], 'app', 'vultr-cli database delete deletes the managed database {target}', { kind: 'database', from: 'next' }),
    del([/^(instance|instances|bare-metal|bm|block-storage|bs|object-storage|obj)$/, DEL], 'resource', 'vultr-cli {sub} deletes {target}'),
    del(['*', DEL], 'other', 'vultr-cli {sub} {target}'),
    { sub: ['*', /^(list|ls|get|l|g)$/], read: true },
  ],
};

const HCLOUD: CommandTable = {
  valueFlags: ['--context', '--config', '-o', '--output', '--selector', '-l'],
  envFlags: ['--context'],
  envVars: ['HCLOUD_CONTEXT'],
  otherwise: 'vocabulary',
  entries: [
    del([/^(server|volume)$/, 'delete'], 'resource', 'hcloud {sub} deletes {target} with its data'),
    del(['*', 'delete'], 'other', 'hcloud {sub} {target}'),
    { sub: ['*', /^(list|describe)$/], read: true },
  ],
};

const OCI: CommandTable = {
  valueFlags: [
    '--profile',
    '--region',
    '--config-file',
    '--compartment-id',
    '-c',
    '--bucket-name',
    '--name',
    '--object-name',
    '--namespace',
    '-ns',
    '--instance-id',
    '--autonomous-database-id',
    '--db-system-id',
    '--cluster-id',
    '--prefix',
    '--output',
  ],
  envFlags: ['--profile', '--bucket-name', '--compartment-id'],
  otherwise: 'vocabulary',
  entries: [
    del(['db', /^(autonomous-database|system|database)$/, /^(delete|terminate)$/], 'app', 'oci db {sub} deletes the database', {
      kind: 'database',
      from: 'flag',
      flags: ['--autonomous-database-id', '--db-system-id'],
    }),
    del(['ce', 'cluster', 'delete'], 'app', 'oci ce cluster delete deletes the Kubernetes cluster', { kind: 'cluster', from: 'flag', flags: ['--cluster-id'] }),
    del(['os', 'bucket', 'delete'], 'resource', 'oci os bucket delete deletes the bucket {target}', {
      kind: 'bucket',
      from: 'flag',
      flags: ['--bucket-name', '--name'],
    }),
    del(['os', 'object', 'bulk-delete'], 'resource', 'oci os object bulk-delete deletes every object in {target} (or under the prefix)', {
      kind: 'bucket',
      from: 'flag',
      flags: ['--bucket-name'],
    }),
    del(['compute', 'instance', 'terminate'], 'resource', 'oci compute instance terminate destroys the instance', {
      kind: 'resource',
      from: 'flag',
      flags: ['--instance-id'],
    }),
    del(['*', '*', GENERIC_VERB], 'other', 'oci {sub}'),
    del(['*', '*', '*', GENERIC_VERB], 'other', 'oci {sub}'),
    { sub: ['*', '*', /^(list|get)$/], read: true },
  ],
};

const IBMCLOUD: CommandTable = {
  valueFlags: ['-r', '-g', '-c', '--cluster', '--output'],
  envFlags: ['-g', '-r'],
  otherwise: 'vocabulary',
  entries: [
    del([/^(ks|oc)$/, 'cluster', /^(rm|delete|remove)$/], 'app', 'ibmcloud {sub} deletes the Kubernetes cluster', {
      kind: 'cluster',
      from: 'flag',
      flags: ['-c', '--cluster'],
    }),
    del([/^(ks|oc)$/, /^cluster-(rm|delete)$/], 'app', 'ibmcloud {sub} deletes the Kubernetes cluster', { kind: 'cluster', from: 'next' }),
    del(
      ['resource', /^service-instance-delete$/],
      'resource',
      'ibmcloud resource service-instance-delete deletes the service instance {target} (a database instance with its data)',
    ),
    del(['cos', /^bucket-delete$/], 'resource', 'ibmcloud cos bucket-delete deletes the bucket'),
    del(['is', /^(instance|volume|vpc)-delete$/], 'resource', 'ibmcloud is {sub} deletes {target}'),
    del(['*', GENERIC_VERB], 'other', 'ibmcloud {sub} {target}'),
    del(['*', '*', GENERIC_VERB], 'other', 'ibmcloud {sub} {target}'),
  ],
};

export const CLOUD_PAAS: Pack = {
  family: 'cloud',
  covers:
    'doctl, fly/flyctl, heroku, vercel, netlify, firebase, railway, wrangler, linode-cli, vultr-cli, hcloud, oci, ibmcloud: their delete/destroy verbs (apps and databases are teardowns), outages (scale to 0, hosting disabled), database resets; commands run on the platform.',
  commands: {
    doctl: tableHandler(DOCTL),
    fly: tableHandler(FLY, flyRemote),
    flyctl: tableHandler(FLY, flyRemote),
    heroku: tableHandler(HEROKU, herokuRemote),
    vercel: tableHandler(VERCEL),
    netlify: tableHandler(NETLIFY),
    firebase: tableHandler(FIREBASE),
    railway: tableHandler(RAILWAY, railwayRun),
    wrangler: tableHandler(WRANGLER, wranglerSql),
    'linode-cli': tableHandler(LINODE),
    'vultr-cli': tableHandler(VULTR),
    hcloud: tableHandler(HCLOUD),
    oci: tableHandler(OCI),
    ibmcloud: tableHandler(IBMCLOUD),
  },
  rules: [
    rule(
      'cloud.app-destroy',
      'high',
      'environment-teardown',
      'Deletes a whole deployed app, project, site or managed database',
      'Show it first (`fly status -a APP`, `heroku apps:info -a APP`, `vercel inspect`) and let a person delete it from the console',
      [
        'fly apps destroy my-app -y',
        'heroku apps:destroy -a my-app --confirm my-app',
        'vercel remove my-project --yes',
        'netlify sites:delete 1234',
        'doctl databases delete 9cc10173 --force',
        'firebase firestore:delete --all-collections --project my-app',
        'wrangler d1 delete prod-db',
      ],
      ['fly status -a my-app', 'heroku apps:info -a my-app', 'vercel ls', 'doctl databases list'],
    ),
    rule(
      'cloud.resource-delete',
      'high',
      'destructive',
      'Deletes a server, volume, bucket, namespace or add-on with its data',
      'List it first and take a snapshot or backup (`doctl compute volume-action snapshot`, `fly volumes snapshots create`)',
      [
        'doctl compute droplet delete web-1 --force',
        'fly volumes destroy vol_123 -y',
        'heroku addons:destroy heroku-postgresql -a my-app',
        'wrangler r2 bucket delete assets',
        'hcloud server delete web-1',
        'oci os bucket delete --bucket-name backups --force',
      ],
      ['doctl compute droplet list', 'fly volumes list', 'hcloud server list'],
    ),
    rule(
      'cloud.delete',
      'medium',
      'destructive',
      'Deletes a platform object (a machine, a domain, a document, a backup, a function)',
      'List it first and make sure it is the one you mean',
      [
        'fly machine destroy 148ed --force',
        'heroku pg:backups:delete b101 -a my-app',
        'firebase functions:delete oldFn',
        'doctl compute domain delete example.com',
      ],
      ['fly machine list', 'heroku pg:backups -a my-app'],
    ),
    rule(
      'cloud.db-reset',
      'high',
      'destructive',
      'Resets, restores over or copies over a platform database: what it holds is replaced',
      'Capture a backup first (`heroku pg:backups:capture`) and try it against a staging app',
      ['heroku pg:reset DATABASE_URL -a my-app --confirm my-app', 'heroku pg:backups:restore b101 DATABASE_URL -a my-app'],
      ['heroku pg:info -a my-app', 'heroku pg:backups:capture -a my-app'],
    ),
    rule(
      'cloud.outage',
      'medium',
      'broad-change',
      'Takes an app offline or stops serving it (scale to 0, maintenance on, hosting disabled, deployment removed)',
      'Scale down rather than to zero, or schedule it; check who uses it first',
      ['heroku ps:scale web=0 -a my-app', 'fly scale count 0 -a my-app', 'firebase hosting:disable', 'railway down'],
      ['heroku ps:scale web=2 -a my-app', 'fly scale count 2 -a my-app'],
    ),
  ],
};
