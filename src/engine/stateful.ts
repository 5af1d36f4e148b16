// Resource types that hold data a re-apply cannot bring back: databases, buckets, volumes, file
// systems, keys, DNS zones, queues, caches, search domains, log groups. Deleting or replacing one
// of these loses what is in it; deleting anything else can be recreated from code.
// Matching is by exact type or by prefix (`aws_elasticache_` covers every ElastiCache type).

export type StatefulCategory =
  | 'database'
  | 'bucket'
  | 'volume'
  | 'file system'
  | 'key'
  | 'secret'
  | 'DNS zone'
  | 'queue'
  | 'stream'
  | 'cache'
  | 'search domain'
  | 'log group'
  | 'registry'
  | 'backup vault'
  | 'directory';

type Table = ReadonlyArray<readonly [string, StatefulCategory]>;

/** Terraform types (aws, google, azurerm, kubernetes, and a few common others). `*` ends a prefix. */
const TERRAFORM: Table = [
  ['aws_db_instance', 'database'],
  ['aws_rds_cluster', 'database'],
  ['aws_rds_cluster_instance', 'database'],
  ['aws_rds_global_cluster', 'database'],
  ['aws_docdb_cluster*', 'database'],
  ['aws_neptune_cluster*', 'database'],
  ['aws_dynamodb_table', 'database'],
  ['aws_dynamodb_global_table', 'database'],
  ['aws_redshift_cluster', 'database'],
  ['aws_redshiftserverless_namespace', 'database'],
  ['aws_timestreamwrite_table', 'database'],
  ['aws_timestreamwrite_database', 'database'],
  ['aws_keyspaces_table', 'database'],
  ['aws_keyspaces_keyspace', 'database'],
  ['aws_memorydb_cluster', 'database'],
  ['aws_qldb_ledger', 'database'],
  ['aws_s3_bucket', 'bucket'],
  ['aws_s3control_bucket', 'bucket'],
  ['aws_glacier_vault', 'bucket'],
  ['aws_ebs_volume', 'volume'],
  ['aws_ebs_snapshot', 'volume'],
  ['aws_efs_file_system', 'file system'],
  ['aws_fsx_*', 'file system'],
  ['aws_kms_key', 'key'],
  ['aws_kms_external_key', 'key'],
  ['aws_secretsmanager_secret', 'secret'],
  ['aws_route53_zone', 'DNS zone'],
  ['aws_sqs_queue', 'queue'],
  ['aws_kinesis_stream', 'stream'],
  ['aws_kinesis_firehose_delivery_stream', 'stream'],
  ['aws_msk_cluster', 'stream'],
  ['aws_elasticache_*', 'cache'],
  ['aws_elasticsearch_domain', 'search domain'],
  ['aws_opensearch_domain', 'search domain'],
  ['aws_opensearchserverless_collection', 'search domain'],
  ['aws_cloudwatch_log_group', 'log group'],
  ['aws_ecr_repository', 'registry'],
  ['aws_backup_vault', 'backup vault'],
  ['aws_cognito_user_pool', 'directory'],
  ['aws_directory_service_directory', 'directory'],
  ['google_sql_database_instance', 'database'],
  ['google_sql_database', 'database'],
  ['google_spanner_instance', 'database'],
  ['google_spanner_database', 'database'],
  ['google_bigtable_instance', 'database'],
  ['google_bigtable_table', 'database'],
  ['google_bigquery_dataset', 'database'],
  ['google_bigquery_table', 'database'],
  ['google_firestore_database', 'database'],
  ['google_alloydb_cluster', 'database'],
  ['google_alloydb_instance', 'database'],
  ['google_redis_instance', 'cache'],
  ['google_memcache_instance', 'cache'],
  ['google_storage_bucket', 'bucket'],
  ['google_compute_disk', 'volume'],
  ['google_compute_region_disk', 'volume'],
  ['google_filestore_instance', 'file system'],
  ['google_kms_crypto_key', 'key'],
  ['google_kms_key_ring', 'key'],
  ['google_secret_manager_secret', 'secret'],
  ['google_dns_managed_zone', 'DNS zone'],
  ['google_pubsub_topic', 'queue'],
  ['google_pubsub_subscription', 'queue'],
  ['google_artifact_registry_repository', 'registry'],
  ['azurerm_*_database', 'database'],
  ['azurerm_*_server', 'database'],
  ['azurerm_*_flexible_server', 'database'],
  ['azurerm_cosmosdb_*', 'database'],
  ['azurerm_mssql_*', 'database'],
  ['azurerm_storage_account', 'bucket'],
  ['azurerm_storage_container', 'bucket'],
  ['azurerm_storage_share', 'file system'],
  ['azurerm_managed_disk', 'volume'],
  ['azurerm_key_vault', 'key'],
  ['azurerm_key_vault_key', 'key'],
  ['azurerm_key_vault_secret', 'secret'],
  ['azurerm_dns_zone', 'DNS zone'],
  ['azurerm_private_dns_zone', 'DNS zone'],
  ['azurerm_servicebus_queue', 'queue'],
  ['azurerm_servicebus_namespace', 'queue'],
  ['azurerm_eventhub', 'stream'],
  ['azurerm_eventhub_namespace', 'stream'],
  ['azurerm_redis_cache', 'cache'],
  ['azurerm_search_service', 'search domain'],
  ['azurerm_log_analytics_workspace', 'log group'],
  ['azurerm_container_registry', 'registry'],
  ['azurerm_recovery_services_vault', 'backup vault'],
  ['kubernetes_persistent_volume', 'volume'],
  ['kubernetes_persistent_volume_v1', 'volume'],
  ['kubernetes_persistent_volume_claim', 'volume'],
  ['kubernetes_persistent_volume_claim_v1', 'volume'],
  ['kubernetes_stateful_set', 'volume'],
  ['kubernetes_stateful_set_v1', 'volume'],
  ['digitalocean_database_cluster', 'database'],
  ['digitalocean_volume', 'volume'],
  ['digitalocean_spaces_bucket', 'bucket'],
  ['mongodbatlas_cluster', 'database'],
  ['mongodbatlas_advanced_cluster', 'database'],
  ['postgresql_database', 'database'],
  ['mysql_database', 'database'],
  ['vault_mount', 'secret'],
];

/** CloudFormation types. `*` ends a prefix. */
const CLOUDFORMATION: Table = [
  ['AWS::RDS::DBInstance', 'database'],
  ['AWS::RDS::DBCluster', 'database'],
  ['AWS::RDS::GlobalCluster', 'database'],
  ['AWS::DocDB::DBCluster', 'database'],
  ['AWS::DocDB::DBInstance', 'database'],
  ['AWS::Neptune::DBCluster', 'database'],
  ['AWS::Neptune::DBInstance', 'database'],
  ['AWS::DynamoDB::Table', 'database'],
  ['AWS::DynamoDB::GlobalTable', 'database'],
  ['AWS::Redshift::Cluster', 'database'],
  ['AWS::Timestream::*', 'database'],
  ['AWS::Cassandra::*', 'database'],
  ['AWS::MemoryDB::Cluster', 'database'],
  ['AWS::QLDB::Ledger', 'database'],
  ['AWS::S3::Bucket', 'bucket'],
  ['AWS::S3Express::DirectoryBucket', 'bucket'],
  ['AWS::EC2::Volume', 'volume'],
  ['AWS::EFS::FileSystem', 'file system'],
  ['AWS::FSx::*', 'file system'],
  ['AWS::KMS::Key', 'key'],
  ['AWS::SecretsManager::Secret', 'secret'],
  ['AWS::Route53::HostedZone', 'DNS zone'],
  ['AWS::SQS::Queue', 'queue'],
  ['AWS::Kinesis::Stream', 'stream'],
  ['AWS::KinesisFirehose::DeliveryStream', 'stream'],
  ['AWS::MSK::Cluster', 'stream'],
  ['AWS::ElastiCache::*', 'cache'],
  ['AWS::Elasticsearch::Domain', 'search domain'],
  ['AWS::OpenSearchService::Domain', 'search domain'],
  ['AWS::Logs::LogGroup', 'log group'],
  ['AWS::ECR::Repository', 'registry'],
  ['AWS::Backup::BackupVault', 'backup vault'],
  ['AWS::Cognito::UserPool', 'directory'],
];

function compile(table: Table): (type: string) => StatefulCategory | undefined {
  const exact = new Map<string, StatefulCategory>();
  const patterns: [RegExp, StatefulCategory][] = [];
  for (const [t, c] of table) {
    if (t.includes('*'))
      patterns.push([
        new RegExp(
          `^${t
            .split('*')
            .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
            .join('[A-Za-z0-9_:]*')}$`,
        ),
        c,
      ]);
    else exact.set(t, c);
  }
  const cache = new Map<string, StatefulCategory | undefined>();
  return (type) => {
    if (cache.has(type)) return cache.get(type);
    let c = exact.get(type);
    if (!c)
      for (const [re, cat] of patterns)
        if (re.test(type)) {
          c = cat;
          break;
        }
    if (cache.size < 10_000) cache.set(type, c);
    return c;
  };
}

/** The stateful category of a Terraform resource type, or undefined when re-applying recreates it. */
export const statefulTerraformType = compile(TERRAFORM);
/** The stateful category of a CloudFormation resource type. */
export const statefulCloudFormationType = compile(CLOUDFORMATION);

export const pluralCategory = (c: StatefulCategory, n: number): string =>
  n === 1 ? c : c === 'search domain' ? 'search domains' : c.endsWith('s') ? c : `${c}s`;

/**
 * Types whose delete removes everything inside them (a resource group, a project, a cluster, a
 * namespace): destroying one is a teardown whatever else the plan does.
 */
const TERRAFORM_CONTAINERS = new Set([
  'azurerm_resource_group',
  'google_project',
  'google_folder',
  'aws_organizations_account',
  'aws_organizations_organizational_unit',
  'kubernetes_namespace',
  'kubernetes_namespace_v1',
  'aws_eks_cluster',
  'google_container_cluster',
  'azurerm_kubernetes_cluster',
  'digitalocean_kubernetes_cluster',
  'aws_cloudformation_stack',
  'aws_cloudformation_stack_set',
  'helm_release',
]);
const CLOUDFORMATION_CONTAINERS = new Set([
  'AWS::CloudFormation::Stack',
  'AWS::EKS::Cluster',
  'AWS::Organizations::Account',
  'AWS::Organizations::OrganizationalUnit',
]);

export const containerTerraformType = (type: string): boolean => TERRAFORM_CONTAINERS.has(type);
export const containerCloudFormationType = (type: string): boolean => CLOUDFORMATION_CONTAINERS.has(type);
