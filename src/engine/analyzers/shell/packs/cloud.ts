// Cloud CLIs of the big three: aws, gcloud and gsutil, az. Deletes of whole stacks, databases,
// clusters and resource groups are teardowns; other deletes are destructive; describe/list/get
// are reads. Dry runs (EC2's `--dry-run`, `aws s3 … --dryrun`, `gsutil -n`, `az … --dryrun` /
// `--what-if`) change nothing. Protections switched off (deletion protection, backups retained for
// 0 days, versioning suspended, a trail stopped) are their own finding. PaaS and smaller clouds
// are in cloud-paas.ts.
// Does not catch: what a resource holds (an empty bucket and a full one look alike).
import { rule } from '../../../rules/types';
import { parseOpts } from '../opts';
import { type Arg, argText } from '../types';
import { type Handler, type Pack, f, isDryRun } from './kit';
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
  const o = parseOpts(args, [
    '--profile',
    '--region',
    '--endpoint-url',
    '--output',
    '--query',
    '--cli-input-json',
    '--stack-name',
    '--change-set-name',
    '--db-instance-identifier',
    '--db-cluster-identifier',
    '--table-name',
    '--bucket',
    '--function-name',
    '--name',
    '--cluster',
    '--key-id',
    '--hosted-zone-id',
    '--id',
    '--instance-ids',
    '--user-name',
    '--role-name',
    '--policy-arn',
    '--color',
    '--cli-read-timeout',
    '--cli-connect-timeout',
    '--ca-bundle',
    '--queue-url',
    '--secret-id',
    '--repository-name',
    '--log-group-name',
  ]);
  const profile = o.get('--profile') ?? inv.env.get('AWS_PROFILE') ?? undefined;
  const region = o.get('--region') ?? inv.env.get('AWS_REGION') ?? inv.env.get('AWS_DEFAULT_REGION') ?? undefined;
  s.context({ system: 'aws', ...(profile ? { context: profile } : {}), ...(region ? { region } : {}) });
  const service = o.pos[0]?.value ?? '';
  const op = o.pos[1]?.value ?? '';
  const ident =
    o.get(
      '--stack-name',
      '--db-instance-identifier',
      '--db-cluster-identifier',
      '--table-name',
      '--bucket',
      '--function-name',
      '--name',
      '--cluster',
      '--key-id',
      '--hosted-zone-id',
      '--instance-ids',
      '--user-name',
      '--role-name',
      '--queue-url',
      '--secret-id',
      '--repository-name',
      '--log-group-name',
      '--id',
    ) ?? argText(o.pos[2]);
  const kindOf = (): Target['kind'] =>
    service === 'cloudformation'
      ? 'stack'
      : service === 'rds' || service === 'dynamodb' || service === 'docdb'
        ? 'database'
        : service === 'eks' || service === 'ecs' || service === 'redshift'
          ? 'cluster'
          : service === 's3' || service === 's3api'
            ? 'bucket'
            : 'resource';
  const target = ident ? [{ kind: kindOf(), name: ident, op: 'delete' as const }] : [];
  // `--dry-run` (EC2 and a few others) checks permissions and changes nothing; s3's is `--dryrun`.
  if (isDryRun(args) || op === 'help') return;
  if (service === 's3') {
    const recursive = o.has('--recursive');
    if (op === 'rb') {
      const b = argText(o.pos[2]);
      s.add(
        inv,
        f(
          'shell.aws-s3-rb',
          'high',
          `Deletes the S3 bucket ${b}${o.has('--force') ? ' and every object in it' : ''}`,
          o.has('--force') ? 'environment-teardown' : 'destructive',
          'irreversible',
          [{ kind: 'bucket', name: b, op: 'delete' }],
        ),
      );
    } else if (op === 'rm') {
      const b = argText(o.pos[2]);
      s.add(
        inv,
        f('shell.aws-s3-rm', recursive ? 'high' : 'medium', `Deletes ${recursive ? 'every object under ' : ''}${b}`, 'destructive', 'irreversible', [
          { kind: 'bucket', name: b, op: 'delete' },
        ]),
      );
    } else if (op === 'sync' && o.has('--delete')) {
      s.add(
        inv,
        f('shell.aws-s3-sync-delete', 'medium', `Syncs to ${argText(o.pos[3])} deleting files that are not in the source`, 'destructive', 'irreversible', [
          { kind: 'bucket', name: argText(o.pos[3]), op: 'overwrite' },
        ]),
      );
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
      s.add(
        inv,
        f(
          'shell.cfn-execute-change-set',
          'high',
          `Executes the change set ${key || '(unnamed)'}${o.get('--stack-name') ? ` on ${o.get('--stack-name')}` : ''}, whose changes could not be read`,
          'broad-change',
          'unknown',
          [{ kind: 'stack', name: o.get('--stack-name') ?? key, op: 'modify' }],
        ),
      );
    }
    return;
  }
  if (service === 'cloudformation' && op === 'delete-change-set') {
    // A change set is a proposal: deleting it changes no resource.
    s.add(
      inv,
      f(
        'cloud.change-set-delete',
        'low',
        `Deletes the change set ${o.get('--change-set-name') ?? ''} (a proposal; the stack and its resources are untouched)`.replace('  ', ' '),
        'targeted-patch',
        'recoverable',
      ),
    );
    return;
  }
  const off = protectionOff(service, op, args);
  if (off) {
    s.add(
      inv,
      f(
        'cloud.protection-off',
        'medium',
        `aws ${service} ${op}: ${off}`,
        'broad-change',
        'recoverable',
        target.map((t) => ({ ...t, op: 'modify' as const })),
      ),
    );
    return;
  }
  if (service === 'rds' && /^delete-db-(instance|cluster)$/.test(op)) {
    const skip = o.has('--skip-final-snapshot');
    s.add(
      inv,
      f(
        'shell.aws-delete',
        skip ? 'critical' : 'high',
        `Deletes the RDS ${op.slice(10)} ${ident}${skip ? ' without a final snapshot' : ''}`,
        'environment-teardown',
        skip ? 'irreversible' : 'recoverable',
        target,
      ),
    );
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
    s.add(
      inv,
      f(
        'shell.aws-delete',
        del ? 'medium' : 'low',
        `aws ${service} ${op} ${ident}`.trim(),
        del ? 'destructive' : 'broad-change',
        del ? 'irreversible' : 'recoverable',
        del ? target : [],
      ),
    );
    return;
  }
  if (
    !/^(describe|list|get|head|lookup|search|scan|query|batch-get|validate|estimate|simulate|test|filter|select|preview|download|wait|help)/.test(op) &&
    !(service === 'sts') &&
    !(service === 'configure' && (op === 'list' || op === 'get'))
  )
    s.mutates();
};

/** A protection switched off by an aws call: deletion protection, backups, versioning, logging. */
function protectionOff(service: string, op: string, args: Arg[]): string | undefined {
  const text = args.map(argText).join(' ');
  if (/--no-deletion-protection\b|--deletion-protection(=|\s+)false\b|DeletionProtection(Enabled)?=false/i.test(text)) return 'turns deletion protection off';
  if (/--backup-retention-period(=|\s+)0\b/.test(text)) return 'sets backup retention to 0 days: automated backups are deleted';
  if (service === 'ec2' && /--no-disable-api-termination\b/.test(text)) return 'turns termination protection off';
  if (service === 's3api' && op === 'put-bucket-versioning' && /Status=Suspended|"Status"\s*:\s*"Suspended"/.test(text))
    return 'suspends versioning: overwritten and deleted objects can no longer be restored';
  if (service === 'dynamodb' && op === 'update-continuous-backups' && /PointInTimeRecoveryEnabled=false/i.test(text)) return 'turns point-in-time recovery off';
  if (service === 'cloudtrail' && /^(stop-logging|delete-trail)$/.test(op)) return 'stops the audit trail';
  if (service === 'guardduty' && op === 'delete-detector') return 'turns threat detection off';
  if (service === 'backup' && op === 'delete-backup-plan') return 'deletes a backup plan: no new backups are taken';
  return undefined;
}

/** gsutil: rm -r / rm of a wildcard, rb, rsync -d; `-n` is rsync's dry run. */
const gsutil: Handler = (inv, s, args) => {
  const o = parseOpts(args, ['-o', '-h', '-u', '-i', '-p', '-c', '-l', '-s', '-x', '-j', '-z', '-I', '-L', '-a'], true);
  const w = o.pos;
  const sub = w[0]?.value ?? '';
  const so = parseOpts(w.slice(1), ['-x', '-c', '-j', '-z', '-L', '-p', '-s', '-y', '-I']);
  const urls = so.pos.map(argText);
  if (
    /^(ls|cat|du|stat|hash|version|help|signurl|iam|acl|defacl|label|notification|requesterpays|kms|logging|web|autoclass|ubla|pap|rpo|retention|lifecycle|versioning|cors|bucketpolicyonly|defstorageclass)$/.test(
      sub,
    ) &&
    !(sub === 'versioning' && w[1]?.value === 'set' && w[2]?.value === 'off') &&
    !(sub === 'retention' && w[1]?.value === 'clear')
  ) {
    if (!/^(ls|cat|du|stat|hash|version|help|signurl)$/.test(sub) && !/^(get|ls)$/.test(w[1]?.value ?? '')) s.mutates();
    return;
  }
  if (sub === 'versioning' || sub === 'retention') {
    s.add(
      inv,
      f(
        'cloud.protection-off',
        'medium',
        `gsutil ${sub} ${w.slice(1).map(argText).join(' ')}: ${sub === 'versioning' ? 'overwritten and deleted objects can no longer be restored' : 'objects can be deleted before their retention period'}`,
        'broad-change',
        'recoverable',
      ),
    );
    return;
  }
  if (sub === 'rsync' && so.has('-n')) return;
  s.mutates();
  if (sub === 'rm') {
    const recursive = so.has('-r', '-R', '-a') || urls.some((u) => /\*\*|\/\*$/.test(u)) || o.has('-r');
    const bucketOnly = urls.some((u) => /^gs:\/\/[^/]+\/?$/.test(u));
    s.add(
      inv,
      f(
        bucketOnly && recursive ? 'cloud.bucket-delete' : 'cloud.objects-delete',
        recursive ? 'high' : 'medium',
        bucketOnly && recursive
          ? `gsutil rm -r deletes every object in ${urls.join(', ')} and the bucket itself`
          : `gsutil rm deletes ${recursive ? 'every object under ' : ''}${urls.join(', ')}`,
        'destructive',
        'irreversible',
        urls.map((u) => ({ kind: 'bucket', name: u, op: 'delete' })),
      ),
    );
  } else if (sub === 'rb') {
    s.add(
      inv,
      f(
        'cloud.bucket-delete',
        'medium',
        `gsutil rb deletes the bucket ${urls.join(', ')} (it must be empty; its name becomes free for anyone)`,
        'destructive',
        'irreversible',
        urls.map((u) => ({ kind: 'bucket', name: u, op: 'delete' })),
      ),
    );
  } else if (sub === 'rsync' && so.has('-d') && !so.has('-n')) {
    const dest = urls[urls.length - 1] ?? '';
    s.add(
      inv,
      f('cloud.sync-delete', 'medium', `gsutil rsync -d deletes files in ${dest} that are not in the source`, 'destructive', 'irreversible', [
        { kind: 'bucket', name: dest, op: 'overwrite' },
      ]),
    );
  }
};

const gcloud: Handler = (inv, s, args) => {
  const o = parseOpts(args, [
    '--project',
    '--zone',
    '--region',
    '--format',
    '--filter',
    '--account',
    '--configuration',
    '--location',
    '--instance',
    '--cluster',
  ]);
  const project = o.get('--project') ?? inv.env.get('CLOUDSDK_CORE_PROJECT') ?? undefined;
  s.context({ system: 'gcp', ...(project ? { context: project } : {}), ...(o.get('--region', '--zone') ? { region: o.get('--region', '--zone')! } : {}) });
  const words = o.pos.map((p) => p.value ?? '');
  if (isDryRun(args)) return;
  if (words[0] === 'storage' && (words[1] === 'rm' || words[1] === 'rsync')) {
    s.mutates();
    const urls = o.pos.slice(2).map(argText);
    if (words[1] === 'rsync') {
      if (o.has('--delete-unmatched-destination-objects'))
        s.add(
          inv,
          f(
            'cloud.sync-delete',
            'medium',
            `gcloud storage rsync deletes objects in ${urls[urls.length - 1] ?? 'the destination'} that are not in the source`,
            'destructive',
            'irreversible',
            [{ kind: 'bucket', name: urls[urls.length - 1] ?? '', op: 'overwrite' }],
          ),
        );
      return;
    }
    const recursive = o.has('-r', '-R', '--recursive', '-a', '--all-versions') || urls.some((u) => /\*\*|\/\*$/.test(u));
    const bucketOnly = urls.some((u) => /^gs:\/\/[^/]+\/?$/.test(u));
    s.add(
      inv,
      f(
        bucketOnly && recursive ? 'cloud.bucket-delete' : 'cloud.objects-delete',
        recursive ? 'high' : 'medium',
        bucketOnly && recursive
          ? `gcloud storage rm -r deletes every object in ${urls.join(', ')} and the bucket itself`
          : `gcloud storage rm deletes ${recursive ? 'every object under ' : ''}${urls.join(', ')}`,
        'destructive',
        'irreversible',
        urls.map((u) => ({ kind: 'bucket', name: u, op: 'delete' })),
      ),
    );
    return;
  }
  if (
    /--no-deletion-protection|--deletion-protection=false|--no-backup\b|--retained-backups-count=0|--no-enable-point-in-time-recovery/.test(
      args.map(argText).join(' '),
    )
  ) {
    const name = words[words.length - 1];
    s.add(
      inv,
      f(
        'cloud.protection-off',
        'medium',
        `gcloud ${words.join(' ')}: turns a protection off (deletion protection, backups or point-in-time recovery)`,
        'broad-change',
        'recoverable',
        name ? [{ kind: 'resource', name, op: 'modify' }] : [],
      ),
    );
    return;
  }
  const di = words.indexOf('delete');
  if (di < 0) {
    if (!words.some((w) => /^(list|describe|get-.*|info|version|help|config|auth|read|tail|show.*)$/.test(w))) s.mutates();
    return;
  }
  const group = words.slice(0, di).join(' ');
  const name = words[di + 1] ?? project ?? '';
  const teardown =
    /^(projects|container clusters|sql instances|spanner instances|bigtable instances|redis instances|alloydb clusters|composer environments|run services|app services|filestore instances|dataproc clusters)$/.test(
      group,
    );
  const data =
    /^(sql databases|storage buckets|storage rm|firestore databases|bigquery datasets|pubsub topics|compute disks|compute snapshots|secrets|kms keys)$/.test(
      group,
    );
  s.add(
    inv,
    f(
      'shell.gcloud-delete',
      teardown || data ? 'high' : 'medium',
      `gcloud ${group} delete ${name}`.trim(),
      teardown ? 'environment-teardown' : 'destructive',
      'irreversible',
      name
        ? [
            {
              kind: group.startsWith('projects') ? 'stack' : group.includes('sql') ? 'database' : group.includes('cluster') ? 'cluster' : 'resource',
              name,
              op: 'delete',
            },
          ]
        : [],
    ),
  );
};

const azure: Handler = (inv, s, args) => {
  const o = parseOpts(args, [
    '--name',
    '-n',
    '--resource-group',
    '-g',
    '--subscription',
    '--output',
    '-o',
    '--query',
    '--ids',
    '-s',
    '--source',
    '--pattern',
    '--account-name',
    '--account-key',
    '--mode',
    '--template-file',
    '-f',
    '--parameters',
    '-p',
    '--location',
    '-l',
    '--connection-string',
    '--sas-token',
    '--auth-mode',
  ]);
  const sub = o.get('--subscription');
  s.context({ system: 'azure', ...(sub ? { context: sub } : {}) });
  const words = o.pos.map((p) => p.value ?? '');
  const rg = o.get('--resource-group', '-g');
  if (rg) s.hint('resource group', rg);
  if (isDryRun(args, ['--dryrun', '--what-if'])) return;
  if (words[0] === 'storage' && (words.includes('delete-batch') || words[1] === 'remove' || (words[1] === 'fs' && words.includes('rm')))) {
    const src = o.get('-s', '--source') ?? argText(o.pos[2]);
    const pattern = o.get('--pattern');
    s.add(
      inv,
      f(
        'cloud.objects-delete',
        'high',
        `az ${words.join(' ')} deletes every ${pattern ? `blob matching ${pattern}` : 'blob'} in ${src || 'the container'}`,
        'destructive',
        'irreversible',
        src ? [{ kind: 'bucket', name: src, op: 'delete' }] : [],
      ),
    );
    return;
  }
  if (words[0] === 'deployment' && /^complete$/i.test(o.get('--mode') ?? '')) {
    s.add(
      inv,
      f(
        'cloud.deploy-complete',
        'high',
        `az ${words.join(' ')} --mode Complete deletes every resource in ${rg ?? 'the resource group'} that the template does not list`,
        'destructive',
        'irreversible',
        rg ? [{ kind: 'stack', name: rg, op: 'overwrite' }] : [],
      ),
    );
    return;
  }
  if (
    /--enable-purge-protection(=|\s+)false|--enable-soft-delete(=|\s+)false|--enable-delete-retention(=|\s+)false|--enable-versioning(=|\s+)false|--backup-retention(=|\s+)0\b/.test(
      args.map(argText).join(' '),
    )
  ) {
    s.add(
      inv,
      f(
        'cloud.protection-off',
        'medium',
        `az ${words.join(' ')}: turns soft delete, purge protection, versioning or backups off`,
        'broad-change',
        'recoverable',
      ),
    );
    return;
  }
  const di = words.indexOf('delete');
  if (di < 0) {
    if (words.includes('purge'))
      s.add(inv, f('shell.az-delete', 'high', `az ${words.join(' ')} purges a deleted resource for good`, 'destructive', 'irreversible'));
    else if (!words.some((w) => /^(list|show|get-.*|version|login|account)$/.test(w))) s.mutates();
    return;
  }
  const group = words.slice(0, di).join(' ');
  const name = o.get('--name', '-n') ?? (group === 'group' ? rg : undefined) ?? '';
  const teardown =
    group === 'group' ||
    /^(aks|sql server|cosmosdb|postgres (flexible-)?server|mysql (flexible-)?server|webapp|functionapp|vm|storage account|keyvault)$/.test(group);
  s.add(
    inv,
    f(
      'shell.az-delete',
      'high',
      `az ${group} delete ${name}`.trim() + (group === 'group' ? ': deletes the resource group and everything in it' : ''),
      teardown ? 'environment-teardown' : 'destructive',
      'irreversible',
      name ? [{ kind: group === 'group' ? 'stack' : 'resource', name, op: 'delete' }] : [],
    ),
  );
};

export const CLOUD: Pack = {
  family: 'cloud',
  covers:
    'aws (whole stacks, databases, clusters, buckets; every delete-/terminate- operation; protections switched off), gcloud and gsutil (deletes, storage rm -r, rb, rsync -d), az (deletes, purges, blob delete-batch, complete-mode deployments).',
  commands: { aws, gcloud, gsutil, az: azure },
  rules: [
    rule(
      'shell.aws-delete',
      'high',
      'environment-teardown',
      'An aws delete, terminate or remove operation (a whole stack, database or cluster is a teardown)',
      'Describe it first (`aws … describe-…`), keep a snapshot (`--final-db-snapshot-identifier`), and check the profile (`aws sts get-caller-identity`)',
      ['aws cloudformation delete-stack --stack-name app', 'aws ec2 terminate-instances --instance-ids i-123'],
      [
        'aws cloudformation describe-stacks --stack-name app',
        'aws ec2 terminate-instances --instance-ids i-123 --dry-run',
        'aws cloudformation delete-change-set --change-set-name cs1 --stack-name app',
      ],
    ),
    rule(
      'shell.aws-s3-rb',
      'high',
      'destructive',
      'Deletes an S3 bucket (with --force, every object in it first)',
      'List it first (`aws s3 ls s3://bucket --recursive --summarize`) and copy what matters',
      ['aws s3 rb s3://bucket --force'],
      ['aws s3 ls s3://bucket'],
    ),
    rule(
      'shell.aws-s3-rm',
      'high',
      'destructive',
      'Deletes S3 objects (with --recursive, every object under a prefix)',
      'Run it with --dryrun first and read the list',
      ['aws s3 rm s3://bucket --recursive'],
      ['aws s3 rm s3://bucket --recursive --dryrun', 'aws s3 ls s3://bucket --recursive'],
    ),
    rule(
      'shell.aws-s3-sync-delete',
      'medium',
      'destructive',
      'aws s3 sync --delete removes objects the source lacks',
      'Run it with --dryrun first and read the deletions',
      ['aws s3 sync ./dist s3://site --delete'],
      ['aws s3 sync ./dist s3://site --delete --dryrun', 'aws s3 sync ./dist s3://site'],
    ),
    rule(
      'shell.cfn-execute-change-set',
      'high',
      'broad-change',
      'Executes a CloudFormation change set whose changes could not be read',
      'Describe it first: `aws cloudformation describe-change-set --change-set-name …`',
      ['aws cloudformation execute-change-set --change-set-name cs1 --stack-name app'],
      ['aws cloudformation describe-change-set --change-set-name cs1 --stack-name app'],
    ),
    rule(
      'cloud.change-set-delete',
      'low',
      'targeted-patch',
      'Deletes a CloudFormation change set (a proposal; no resource changes)',
      'None needed',
      ['aws cloudformation delete-change-set --change-set-name cs1 --stack-name app'],
      ['aws cloudformation list-change-sets --stack-name app'],
    ),
    rule(
      'cloud.protection-off',
      'medium',
      'broad-change',
      'Turns off a protection: deletion protection, backups, versioning, soft delete, an audit trail',
      'Leave the protection on and change only what you need; if it must go, let a person do it',
      [
        'aws rds modify-db-instance --db-instance-identifier db1 --no-deletion-protection',
        'aws s3api put-bucket-versioning --bucket b --versioning-configuration Status=Suspended',
        'gsutil versioning set off gs://b',
        'aws cloudtrail stop-logging --name main',
      ],
      ['aws rds modify-db-instance --db-instance-identifier db1 --deletion-protection', 'gsutil versioning get gs://b'],
    ),
    rule(
      'shell.gcloud-delete',
      'high',
      'environment-teardown',
      'A gcloud delete (a project, cluster or SQL instance is a teardown)',
      'Describe it first (`gcloud … describe`) and check the project (`gcloud config get-value project`)',
      ['gcloud projects delete my-project', 'gcloud sql instances delete db1'],
      ['gcloud projects describe my-project', 'gcloud sql instances list'],
    ),
    rule(
      'cloud.bucket-delete',
      'high',
      'destructive',
      'Deletes a storage bucket (with -r, every object in it first)',
      'List it first (`gsutil ls -r gs://b | head`, `gsutil du -s gs://b`) and copy what matters',
      ['gsutil -m rm -r gs://prod-backups', 'gcloud storage rm -r gs://prod-backups', 'gsutil rb gs://old-bucket'],
      ['gsutil ls gs://prod-backups', 'gsutil du -s gs://prod-backups'],
    ),
    rule(
      'cloud.objects-delete',
      'high',
      'destructive',
      'Deletes objects or blobs in bulk (recursive, a wildcard, a whole container)',
      "List them first (`gsutil ls gs://b/prefix/**`, `az storage blob list`) or use the tool's dry run (`az storage blob delete-batch --dryrun`)",
      ['gsutil rm gs://b/logs/**', 'az storage blob delete-batch -s assets --account-name acct'],
      ['az storage blob delete-batch -s assets --account-name acct --dryrun', 'gsutil ls gs://b/logs/**'],
    ),
    rule(
      'cloud.sync-delete',
      'medium',
      'destructive',
      'A bucket sync that deletes what the source lacks',
      'Run it as a dry run first (`gsutil rsync -n -d …`) and read the deletions',
      ['gsutil rsync -r -d ./site gs://www'],
      ['gsutil rsync -n -r -d ./site gs://www', 'gsutil rsync -r ./site gs://www'],
    ),
    rule(
      'shell.az-delete',
      'high',
      'environment-teardown',
      'An az delete or purge (a resource group is a teardown of everything in it)',
      'Show it first (`az group show`, `az resource list -g …`) and check the subscription (`az account show`)',
      ['az group delete --name rg1 --yes', 'az storage account delete -n acct'],
      ['az group show --name rg1', 'az resource list -g rg1'],
    ),
    rule(
      'cloud.deploy-complete',
      'high',
      'destructive',
      'An ARM deployment in Complete mode deletes every resource the template does not list',
      'Run it with --what-if first, or use the default Incremental mode',
      ['az deployment group create -g rg1 --template-file main.json --mode Complete'],
      ['az deployment group create -g rg1 --template-file main.json --mode Complete --what-if', 'az deployment group create -g rg1 --template-file main.json'],
    ),
  ],
};
