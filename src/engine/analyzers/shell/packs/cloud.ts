// Cloud CLIs: aws, gcloud, az. Deletes of whole stacks, databases, clusters and resource groups
// are teardowns; other deletes are destructive; describe/list/get are reads.
// Does not catch: what a resource holds (an empty bucket and a full one look alike).
import { parseOpts } from '../opts';
import { type Arg, type Invocation, type Sink, argText, ev, staticArg } from '../types';
import { type Handler, type Pack, again, f, names, runJoined } from './kit';
import type { Target } from '../../../schema';

const AWS_TEARDOWN: Record<string, RegExp> = {
  cloudformation: /^delete-stack(-set|-instances)?$/,
  rds: /^delete-db-(instance|cluster)$/,
  eks: /^delete-cluster$/,
  ecs: /^delete-cluster$/,
  route53: /^delete-hosted-zone$/,
  elasticache: /^delete-(cache-cluster|replication-group)$/,
  redshift: /^delete-cluster$/,
  opensearch: /^delete-domain$/,
  es: /^delete-elasticsearch-domain$/,
  organizations: /^(close-account|remove-account-from-organization|delete-organization)$/,
  docdb: /^delete-db-cluster$/,
  neptune: /^delete-db-cluster$/,
};
const AWS_HIGH: Record<string, RegExp> = {
  dynamodb: /^delete-table$/,
  s3api: /^delete-bucket$/,
  ec2: /^(terminate-instances|delete-vpc|delete-volume|delete-snapshot|delete-subnet|delete-security-group|delete-key-pair|delete-transit-gateway|delete-nat-gateway|deregister-image)$/,
  iam: /^delete-/,
  kms: /^(schedule-key-deletion|disable-key|delete-alias)$/,
  lambda: /^delete-function$/,
  secretsmanager: /^delete-secret$/,
  logs: /^delete-log-group$/,
  sqs: /^(delete-queue|purge-queue)$/,
  sns: /^delete-topic$/,
  ecr: /^(delete-repository|batch-delete-image)$/,
  efs: /^delete-file-system$/,
  backup: /^delete-(backup-vault|recovery-point)$/,
  cognito: /^delete-user-pool$/,
  'cognito-idp': /^delete-user-pool$/,
  kinesis: /^delete-stream$/,
  glacier: /^delete-(vault|archive)$/,
  elbv2: /^delete-load-balancer$/,
  apigateway: /^delete-rest-api$/,
  ssm: /^delete-parameters?$/,
};

const aws: Handler = (inv, s, args) => {
  const o = parseOpts(args, ['--profile', '--region', '--endpoint-url', '--output', '--query', '--cli-input-json', '--stack-name', '--change-set-name', '--db-instance-identifier', '--db-cluster-identifier', '--table-name', '--bucket', '--function-name', '--name', '--cluster', '--key-id', '--hosted-zone-id', '--id', '--instance-ids', '--user-name', '--role-name', '--policy-arn', '--color', '--cli-read-timeout', '--cli-connect-timeout', '--ca-bundle', '--queue-url', '--secret-id', '--repository-name', '--log-group-name']);
  const profile = o.get('--profile') ?? inv.env.get('AWS_PROFILE') ?? undefined;
  const region = o.get('--region') ?? inv.env.get('AWS_REGION') ?? inv.env.get('AWS_DEFAULT_REGION') ?? undefined;
  s.context({ system: 'aws', ...(profile ? { context: profile } : {}), ...(region ? { region } : {}) });
  const service = o.pos[0]?.value ?? '';
  const op = o.pos[1]?.value ?? '';
  const ident = o.get('--stack-name', '--db-instance-identifier', '--db-cluster-identifier', '--table-name', '--bucket', '--function-name', '--name', '--cluster', '--key-id', '--hosted-zone-id', '--instance-ids', '--user-name', '--role-name', '--queue-url', '--secret-id', '--repository-name', '--log-group-name', '--id') ?? argText(o.pos[2]);
  const kindOf = (): Target['kind'] => (service === 'cloudformation' ? 'stack' : service === 'rds' || service === 'dynamodb' || service === 'docdb' ? 'database' : service === 'eks' || service === 'ecs' || service === 'redshift' ? 'cluster' : service === 's3' || service === 's3api' ? 'bucket' : 'resource');
  const target = ident ? [{ kind: kindOf(), name: ident, op: 'delete' as const }] : [];
  if (service === 's3') {
    const recursive = o.has('--recursive');
    if (op === 'rb') {
      const b = argText(o.pos[2]);
      s.add(inv, f('shell.aws-s3-rb', 'high', `Deletes the S3 bucket ${b}${o.has('--force') ? ' and every object in it' : ''}`, o.has('--force') ? 'environment-teardown' : 'destructive', 'irreversible', [{ kind: 'bucket', name: b, op: 'delete' }]));
    } else if (op === 'rm') {
      const b = argText(o.pos[2]);
      s.add(inv, f('shell.aws-s3-rm', recursive ? 'high' : 'medium', `Deletes ${recursive ? 'every object under ' : ''}${b}`, 'destructive', 'irreversible', [{ kind: 'bucket', name: b, op: 'delete' }]));
    } else if (op === 'sync' && o.has('--delete')) {
      s.add(inv, f('shell.aws-s3-sync-delete', 'medium', `Syncs to ${argText(o.pos[3])} deleting files that are not in the source`, 'destructive', 'irreversible', [{ kind: 'bucket', name: argText(o.pos[3]), op: 'overwrite' }]));
    } else if (op !== 'ls' && op !== 'presign') s.mutates();
    return;
  }
  if (service === 'cloudformation' && op === 'execute-change-set') {
    const key = o.get('--change-set-name') ?? '';
    const cs = s.ctx.facts.plans?.[key];
    if (cs && cs.kind === 'cloudformationChangeSet') {
      s.nested({ kind: 'cloudformationChangeSet', changeSet: cs.json }, `aws cloudformation execute-change-set ${key}`);
      s.mutates();
    } else {
      s.add(inv, f('shell.cfn-execute-change-set', 'high', `Executes the change set ${key || '(unnamed)'}${o.get('--stack-name') ? ` on ${o.get('--stack-name')}` : ''}, whose changes could not be read`, 'broad-change', 'unknown', [{ kind: 'stack', name: o.get('--stack-name') ?? key, op: 'modify' }]));
    }
    return;
  }
  if (service === 'rds' && /^delete-db-(instance|cluster)$/.test(op)) {
    const skip = o.has('--skip-final-snapshot');
    s.add(inv, f('shell.aws-delete', skip ? 'critical' : 'high', `Deletes the RDS ${op.slice(10)} ${ident}${skip ? ' without a final snapshot' : ''}`, 'environment-teardown', skip ? 'irreversible' : 'recoverable', target));
    return;
  }
  if (AWS_TEARDOWN[service]?.test(op)) {
    s.add(inv, f('shell.aws-delete', 'high', `aws ${service} ${op} ${ident}: deletes a whole ${kindOf()}`, 'environment-teardown', 'irreversible', target));
    return;
  }
  if (AWS_HIGH[service]?.test(op)) {
    s.add(inv, f('shell.aws-delete', 'high', `aws ${service} ${op} ${ident}`.trim(), 'destructive', 'irreversible', target));
    return;
  }
  if (/^(delete|terminate|remove|deregister|purge|destroy|disable|revoke|detach|cancel|stop|reboot|reset)-/.test(op)) {
    const del = /^(delete|terminate|remove|deregister|purge|destroy)-/.test(op);
    s.add(inv, f('shell.aws-delete', del ? 'medium' : 'low', `aws ${service} ${op} ${ident}`.trim(), del ? 'destructive' : 'broad-change', del ? 'irreversible' : 'recoverable', del ? target : []));
    return;
  }
  if (!/^(describe|list|get|head|lookup|search|scan|query|batch-get|validate|estimate|simulate|test|filter|select|preview|download|wait|help)/.test(op) && !(service === 'sts') && !(service === 'configure' && (op === 'list' || op === 'get'))) s.mutates();
};

const gcloud: Handler = (inv, s, args) => {
  const o = parseOpts(args, ['--project', '--zone', '--region', '--format', '--filter', '--account', '--configuration', '--location', '--instance', '--cluster']);
  const project = o.get('--project') ?? inv.env.get('CLOUDSDK_CORE_PROJECT') ?? undefined;
  s.context({ system: 'gcp', ...(project ? { context: project } : {}), ...(o.get('--region', '--zone') ? { region: o.get('--region', '--zone')! } : {}) });
  const words = o.pos.map((p) => p.value ?? '');
  const di = words.indexOf('delete');
  if (di < 0) {
    if (!words.some((w) => /^(list|describe|get-.*|info|version|help|config|auth|read|tail|show.*)$/.test(w))) s.mutates();
    return;
  }
  const group = words.slice(0, di).join(' ');
  const name = words[di + 1] ?? project ?? '';
  const teardown = /^(projects|container clusters|sql instances|spanner instances|bigtable instances|redis instances|alloydb clusters|composer environments|run services|app services|filestore instances|dataproc clusters)$/.test(group);
  const data = /^(sql databases|storage buckets|storage rm|firestore databases|bigquery datasets|pubsub topics|compute disks|compute snapshots|secrets|kms keys)$/.test(group);
  s.add(inv, f('shell.gcloud-delete', teardown || data ? 'high' : 'medium', `gcloud ${group} delete ${name}`.trim(), teardown ? 'environment-teardown' : 'destructive', 'irreversible', name ? [{ kind: group.startsWith('projects') ? 'stack' : group.includes('sql') ? 'database' : group.includes('cluster') ? 'cluster' : 'resource', name, op: 'delete' }] : []));
};

const azure: Handler = (inv, s, args) => {
  const o = parseOpts(args, ['--name', '-n', '--resource-group', '-g', '--subscription', '--output', '-o', '--query', '--ids']);
  const sub = o.get('--subscription');
  s.context({ system: 'azure', ...(sub ? { context: sub } : {}) });
  const words = o.pos.map((p) => p.value ?? '');
  const rg = o.get('--resource-group', '-g');
  if (rg) s.hint('resource group', rg);
  const di = words.indexOf('delete');
  if (di < 0) {
    if (words.includes('purge')) s.add(inv, f('shell.az-delete', 'high', `az ${words.join(' ')} purges a deleted resource for good`, 'destructive', 'irreversible'));
    else if (!words.some((w) => /^(list|show|get-.*|version|login|account)$/.test(w))) s.mutates();
    return;
  }
  const group = words.slice(0, di).join(' ');
  const name = o.get('--name', '-n') ?? (group === 'group' ? rg : undefined) ?? '';
  const teardown = group === 'group' || /^(aks|sql server|cosmosdb|postgres (flexible-)?server|mysql (flexible-)?server|webapp|functionapp|vm|storage account|keyvault)$/.test(group);
  s.add(inv, f('shell.az-delete', 'high', `az ${group} delete ${name}`.trim() + (group === 'group' ? ': deletes the resource group and everything in it' : ''), teardown ? 'environment-teardown' : 'destructive', 'irreversible', name ? [{ kind: group === 'group' ? 'stack' : 'resource', name, op: 'delete' }] : []));
};

export const CLOUD: Pack = {
  family: 'cloud',
  covers: 'aws (whole stacks, databases, clusters, buckets; every delete-/terminate- operation), gcloud, az.',
  commands: { aws, gcloud, az: azure },
  rules: [],
};
