// Rules of the Kubernetes manifest analyzer (analyzers/kubernetes.ts): manifests applied, created,
// replaced or deleted (`kubectl apply -f`, a plan's YAML, a file of manifests). `kubectl` and
// `helm` commands are the kubernetes pack's (k8s.*, shell.kubectl-*).
import { type RuleDecl, type RuleExample, rule } from './types';

const manifests = (text: string, operation?: string): RuleExample => ({ action: { kind: 'kubernetes', manifests: text, ...(operation ? { operation } : {}) } });
const obj = (kind: string, name: string, extra = '', apiVersion = 'v1', namespace = 'shop'): string =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n${extra}`;
const many = (n: number): string => Array.from({ length: n }, (_, i) => obj('ConfigMap', `cfg-${i}`, 'data:\n  k: v\n')).join('---\n');

export const KUBERNETES_RULES: readonly RuleDecl[] = [
  rule(
    'kubernetes.delete-namespace',
    'high',
    'environment-teardown',
    'Deletes a namespace and everything in it',
    'Delete the objects the task names inside it (`kubectl delete deploy NAME -n NS`), after `kubectl get all -n NS`',
    [manifests('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n', 'delete')],
    [manifests('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n', 'apply')],
  ),
  rule(
    'kubernetes.delete-crd',
    'high',
    'environment-teardown',
    'Deletes a custom resource definition and every object of that type in every namespace',
    'Delete the custom objects you mean to by name; leave the definition to the operator that owns it',
    [manifests('apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: certificates.cert-manager.io\n', 'delete')],
    [manifests(obj('Certificate', 'web-tls', '', 'cert-manager.io/v1'), 'delete')],
  ),
  rule(
    'kubernetes.delete-volume',
    'high',
    'destructive',
    'Deletes a persistent volume or claim: with a Delete reclaim policy its data goes too',
    'Check the reclaim policy (`kubectl get pv`) and snapshot the volume first',
    [manifests(obj('PersistentVolumeClaim', 'postgres-data'), 'delete')],
    [manifests(obj('PersistentVolumeClaim', 'postgres-data'), 'apply')],
  ),
  rule(
    'kubernetes.delete-statefulset',
    'high',
    'destructive',
    'Deletes a StatefulSet (and, with whenDeleted: Delete, its volume claims and their data)',
    'Scale it to zero instead, or keep its claims (whenDeleted: Retain) and back them up',
    [
      manifests(obj('StatefulSet', 'kafka', 'spec:\n  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Delete\n', 'apps/v1'), 'delete'),
      manifests(obj('StatefulSet', 'kafka', '', 'apps/v1'), 'delete'),
    ],
    [manifests(obj('StatefulSet', 'kafka', '', 'apps/v1'), 'apply')],
  ),
  rule(
    'kubernetes.delete-cluster-scoped',
    'high',
    'broad-change',
    'Deletes a cluster-wide object (a storage class, a webhook, a cluster role…) everything in the cluster may rely on',
    'Check what uses it first (`kubectl get pvc -A`, the webhooks’ services) and let a person remove it',
    [manifests('apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast-ssd\nprovisioner: ebs.csi.aws.com\n', 'delete')],
    [manifests(obj('ConfigMap', 'app-config'), 'delete')],
  ),
  rule(
    'kubernetes.delete',
    'medium',
    'destructive',
    'Deletes objects (a Secret cannot be recreated unless it is kept elsewhere)',
    'Check what the objects are (`kubectl get -f file`) and delete the ones the task names',
    [manifests(obj('ConfigMap', 'app-config'), 'delete'), manifests(obj('Secret', 'db-password'), 'delete')],
    [manifests(obj('ConfigMap', 'app-config'), 'apply')],
  ),
  rule(
    'kubernetes.delete-many',
    'high',
    'environment-teardown',
    'Deletes many objects at once (ten or more)',
    'Delete the objects the task names, a few at a time, after `kubectl get -f file`',
    [manifests(many(12), 'delete')],
    [manifests(many(2), 'delete')],
  ),
  rule(
    'kubernetes.scale-to-zero',
    'medium',
    'broad-change',
    'Scales a workload to zero replicas: it stops serving',
    'Scale down by one, or check nothing serves from it (`kubectl get endpoints`)',
    [manifests('{"spec":{"replicas":0}}\n', 'patch')],
    [manifests('{"spec":{"replicas":2}}\n', 'patch')],
  ),
  rule(
    'kubernetes.privileged',
    'high',
    'broad-change',
    'A workload gets access to the node (privileged, host network or PID, a hostPath into the node’s system)',
    'Drop the privilege, or mount only the path the workload needs, read-only',
    [manifests('spec:\n  template:\n    spec:\n      hostNetwork: true\n', 'patch')],
    [manifests('spec:\n  template:\n    spec:\n      serviceAccountName: web\n', 'patch')],
  ),
  rule(
    'kubernetes.cluster-admin',
    'high',
    'broad-change',
    'Binds cluster-admin (or admin across the cluster), or grants a role to anonymous or every authenticated user',
    'Grant a narrow Role in one namespace with the verbs the workload needs',
    [
      manifests(
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ci-admin\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n  - kind: ServiceAccount\n    name: ci-bot\n    namespace: ci\n',
      ),
    ],
    [
      manifests(
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: ci-view\n  namespace: ci\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: view\nsubjects:\n  - kind: ServiceAccount\n    name: ci-bot\n    namespace: ci\n',
      ),
    ],
  ),
  rule(
    'kubernetes.wildcard-rbac',
    'high',
    'broad-change',
    'A role allows every verb on every resource',
    'List the resources and verbs the workload needs',
    [
      manifests(
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: everything\nrules:\n  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n',
      ),
    ],
    [
      manifests(
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\nrules:\n  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["get", "list"]\n',
      ),
    ],
  ),
  rule(
    'kubernetes.replace-stateful',
    'medium',
    'destructive',
    'Replaces stateful objects whole (volume claims, StatefulSets, namespaces); with --force that deletes and recreates them',
    'Apply the change instead (`kubectl apply`), which patches in place',
    [manifests(obj('PersistentVolumeClaim', 'postgres-data'), 'replace')],
    [manifests(obj('PersistentVolumeClaim', 'postgres-data'), 'apply')],
  ),
  rule(
    'kubernetes.many-objects',
    'low',
    'broad-change',
    'Creates or changes many objects at once',
    'None needed beyond reading the list: `kubectl diff -f file` shows it',
    [manifests(many(60), 'apply')],
    [manifests(many(3), 'apply')],
  ),
  rule(
    'kubernetes.unreadable-manifest',
    'high',
    'broad-change',
    'The manifests cannot be read (not YAML, empty, or no objects), so what they do is unknown',
    'Send the manifests as YAML documents (`kubectl kustomize` or `helm template` renders them)',
    [manifests('[[[['), manifests('')],
    [manifests(obj('ConfigMap', 'app-config'))],
  ),
];
