// Kubernetes manifests (one or more YAML documents, `kind: List` flattened) with the operation
// that will act on them (apply by default; create, replace, delete, patch).
// Sees: deletes of namespaces, CRDs, PersistentVolumes and claims, StatefulSets (and whether
// their claims go with them), other cluster-scoped objects (ClusterRole/Binding, StorageClass,
// Node, webhooks, APIService), many objects at once; on apply: replicas 0, privileged containers,
// host namespaces (hostNetwork/hostPID/hostIPC), hostPath volumes, added capabilities, bindings to
// cluster-admin or to anonymous / all-authenticated groups, wildcard RBAC rules; namespace names
// and env labels as environment hints.
// Does not catch: what controllers and operators do after an apply (an operator that deletes on a
// spec change), Helm templates before rendering (they do not parse as YAML and fail closed),
// objects pruned by `kubectl apply --prune`, what a patch body means for the live object.
import type { Finding, KubernetesAction, Target } from '../schema';
import { type Analysis, type AnalyzerContext, clip, emptyAnalysis } from '../analysis';
import { shapeOf } from './terraform/shape';

type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;
/** `yaml` costs ~25 ms to load; the hook's start-up path must not pay it for a shell command. */
function yaml(): YamlModule {
  yamlModule ??= require('yaml') as YamlModule;
  return yamlModule;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'Node',
  'ClusterRole',
  'ClusterRoleBinding',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
  'PriorityClass',
  'CSIDriver',
  'RuntimeClass',
  'IngressClass',
  'PodSecurityPolicy',
  'ClusterIssuer',
  'VolumeSnapshotClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
]);
const WORKLOADS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob']);
const DANGEROUS_HOST_PATHS = /^\/(|etc|root|home|proc|sys|dev|boot|var\/run\/docker\.sock|run\/containerd|var\/lib\/kubelet|var\/lib\/docker|var\/run|run)\/?$/;
const DANGEROUS_CAPS = new Set(['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'DAC_READ_SEARCH', 'BPF']);
const ENV_LABEL = /^(env|environment|stage|tier|app\.kubernetes\.io\/environment)$/i;
/** Deleting this many objects at once is a teardown. */
const MANY_DELETES = 10;
const MANY_OBJECTS = 20;
/** Kind given to a patch body without one. */
const PATCH = '(patch)';

interface K8sObject {
  kind: string;
  name: string;
  namespace?: string;
  obj: Record<string, unknown>;
  doc: number;
}

const idOf = (o: K8sObject): string => `${o.kind}/${o.namespace ? `${o.namespace}/` : ''}${o.name}`;

/** The pod spec of a workload: Pod.spec, .spec.template.spec, CronJob .spec.jobTemplate.spec.template.spec. */
function podSpecOf(o: K8sObject): Record<string, unknown> | undefined {
  const spec = o.obj.spec;
  if (!isObj(spec)) return undefined;
  if (o.kind === 'Pod') return spec;
  if (o.kind === 'CronJob') {
    const jt = spec.jobTemplate;
    const t = isObj(jt) && isObj(jt.spec) ? jt.spec.template : undefined;
    return isObj(t) && isObj(t.spec) ? t.spec : undefined;
  }
  const t = spec.template;
  return isObj(t) && isObj(t.spec) ? t.spec : undefined;
}

function privilegeIssues(spec: Record<string, unknown>): { level: Finding['level']; what: string }[] {
  const out: { level: Finding['level']; what: string }[] = [];
  for (const k of ['hostNetwork', 'hostPID', 'hostIPC'] as const) if (spec[k] === true) out.push({ level: 'high', what: `${k}: true` });
  const containers = [spec.containers, spec.initContainers, spec.ephemeralContainers].flatMap((c): unknown[] => (Array.isArray(c) ? (c as unknown[]) : []));
  for (const c of containers) {
    if (!isObj(c)) continue;
    const sc = isObj(c.securityContext) ? c.securityContext : undefined;
    const cname = str(c.name) ?? 'container';
    if (sc?.privileged === true) out.push({ level: 'high', what: `${cname}: privileged` });
    const caps = isObj(sc?.capabilities) ? sc.capabilities.add : undefined;
    if (Array.isArray(caps)) {
      const bad = caps.filter((x) => typeof x === 'string' && DANGEROUS_CAPS.has(x.toUpperCase().replace(/^CAP_/, '')));
      if (bad.length) out.push({ level: 'high', what: `${cname}: adds ${bad.join(', ')}` });
    }
  }
  if (Array.isArray(spec.volumes)) {
    for (const v of spec.volumes) {
      const hp = isObj(v) && isObj(v.hostPath) ? str(v.hostPath.path) : undefined;
      if (hp) out.push({ level: DANGEROUS_HOST_PATHS.test(hp) ? 'high' : 'medium', what: `hostPath ${hp}` });
    }
  }
  return out;
}

/**
 * The objects of the manifests (List items unpacked, a patch body kept whole); what cannot be read
 * is reported through `unreadable`, and an unrendered template is high whether or not it parses.
 */
function readObjects(
  text: string,
  op: string,
  unreadable: (level: Finding['level'], message: string, evidence: string) => void,
  findings: Finding[],
): K8sObject[] {
  const objects: K8sObject[] = [];
  let docs: ReturnType<YamlModule['parseAllDocuments']>;
  try {
    // logLevel 'error': the library's warnings (a map used as a key) go to process warnings, i.e.
    // the hook's stderr; what they say is reported here as findings instead.
    const parsed = yaml().parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, logLevel: 'error' });
    docs = Array.isArray(parsed) ? parsed : [];
    if (!Array.isArray(parsed)) unreadable('high', 'The manifests are not YAML documents', text);
  } catch (e) {
    unreadable('high', 'The manifests could not be parsed', `${e instanceof Error ? e.message : String(e)}`);
    docs = [];
  }
  const push = (v: unknown, doc: number, depth = 0): void => {
    if (v === null || v === undefined) return;
    if (!isObj(v)) {
      unreadable('medium', `Document ${doc + 1} is not a Kubernetes object`, shapeOf(v));
      return;
    }
    if (str(v.kind)?.endsWith('List') && Array.isArray(v.items) && depth < 3) {
      for (const it of v.items) push(it, doc, depth + 1);
      return;
    }
    const meta = isObj(v.metadata) ? v.metadata : {};
    const kind = str(v.kind);
    const name = str(meta.name) ?? str(meta.generateName);
    if (!kind && op === 'patch') {
      // A `kubectl patch` body: partial, no kind or name; its fields are still read.
      objects.push({ kind: PATCH, name: '(patch target)', obj: v, doc });
      return;
    }
    if (!kind || (!name && op !== 'create')) {
      unreadable('medium', `Document ${doc + 1} has no ${kind ? 'metadata.name' : 'kind'}`, kind ? `kind ${kind}` : shapeOf(v));
      return;
    }
    const namespace = str(meta.namespace) ?? (kind === 'Namespace' ? undefined : undefined);
    objects.push({ kind, name: name ?? '(generated)', ...(namespace ? { namespace } : {}), obj: v, doc });
  };
  const templated = /\{\{.*\}\}/.test(text);
  docs.forEach((d, i) => {
    if (d.errors.length) {
      const why = templated ? 'looks like an unrendered Helm/Go template ({{ … }}; assess the output of `helm template`)' : 'is not valid YAML';
      unreadable('high', `Document ${i + 1} ${why}, so what it does is unknown`, `${d.errors[0]!.message}`);
      return;
    }
    try {
      push(d.toJS({ maxAliasCount: 100 }), i);
    } catch (e) {
      unreadable('high', `Document ${i + 1} could not be read`, e instanceof Error ? e.message : String(e));
    }
  });
  if (objects.length === 0 && findings.length === 0) unreadable('medium', 'No Kubernetes object in the manifests', text);
  // A template that happens to parse (`name: {{ .Values.ns }}` is a YAML flow mapping) is as
  // unknown as one that does not: what it renders to decides, so it is high either way.
  if (templated) {
    for (const f of findings) {
      if (f.rule !== 'kubernetes.unreadable-manifest' || f.level !== 'medium') continue;
      f.level = 'high';
      f.message = `${f.message}: it looks like an unrendered Helm/Go template ({{ … }}; assess the output of \`helm template\`), so what it does is unknown`;
    }
  }
  return objects;
}

/** `kubectl delete` of the objects: namespaces, CRDs, volumes, StatefulSets with their claims, cluster-wide objects, many at once. */
function judgeDeletes(objects: K8sObject[], add: (f: Finding) => void, tgt: (o: K8sObject) => Target[]): void {
  const plain: K8sObject[] = [];
  for (const o of objects) {
    const ev = idOf(o);
    switch (o.kind) {
      case 'Namespace':
        add({
          rule: 'kubernetes.delete-namespace',
          level: 'high',
          message: `Deletes the namespace ${o.name} and everything in it`,
          evidence: ev,
          class: 'environment-teardown',
          reversibility: 'irreversible',
          targets: tgt(o),
        });
        break;
      case 'CustomResourceDefinition':
        add({
          rule: 'kubernetes.delete-crd',
          level: 'high',
          message: `Deletes the definition ${o.name} and every object of that type in every namespace`,
          evidence: ev,
          class: 'environment-teardown',
          reversibility: 'irreversible',
          targets: tgt(o),
        });
        break;
      case 'PersistentVolume':
      case 'PersistentVolumeClaim':
        add({
          rule: 'kubernetes.delete-volume',
          level: 'high',
          message: `Deletes the ${o.kind === 'PersistentVolume' ? 'volume' : 'volume claim'} ${o.name}; with a Delete reclaim policy its data goes too`,
          evidence: ev,
          class: 'destructive',
          reversibility: 'irreversible',
          targets: tgt(o),
        });
        break;
      case 'StatefulSet': {
        const spec = isObj(o.obj.spec) ? o.obj.spec : {};
        const policy = isObj(spec.persistentVolumeClaimRetentionPolicy) ? spec.persistentVolumeClaimRetentionPolicy.whenDeleted : undefined;
        const dropsData = policy === 'Delete';
        add({
          rule: 'kubernetes.delete-statefulset',
          level: dropsData ? 'high' : 'medium',
          message: `Deletes the StatefulSet ${o.name}${dropsData ? ' and its volume claims (whenDeleted: Delete)' : '; its volume claims stay'}`,
          evidence: ev,
          class: 'destructive',
          reversibility: dropsData ? 'irreversible' : 'recoverable',
          targets: tgt(o),
        });
        break;
      }
      case 'Secret':
        add({
          rule: 'kubernetes.delete',
          level: 'medium',
          message: `Deletes the Secret ${o.name}; unless it is kept elsewhere it cannot be recreated`,
          evidence: ev,
          class: 'destructive',
          reversibility: 'unknown',
          targets: tgt(o),
        });
        break;
      default:
        if (CLUSTER_SCOPED.has(o.kind)) {
          add({
            rule: 'kubernetes.delete-cluster-scoped',
            level: 'high',
            message: `Deletes the cluster-wide ${o.kind} ${o.name}; everything in the cluster that relies on it is affected`,
            evidence: ev,
            class: 'broad-change',
            reversibility: 'recoverable',
            targets: tgt(o),
          });
        } else plain.push(o);
    }
  }
  if (plain.length) {
    add({
      rule: 'kubernetes.delete',
      level: 'medium',
      message: plain.length === 1 ? `Deletes ${plain[0]!.kind} ${plain[0]!.name}` : `Deletes ${plain.length} objects`,
      evidence: clip(plain.slice(0, 8).map(idOf).join(', ') + (plain.length > 8 ? ` (+${plain.length - 8} more)` : '')),
      class: 'destructive',
      reversibility: 'recoverable',
      targets: plain.slice(0, 50).flatMap(tgt),
    });
  }
  if (objects.length >= MANY_DELETES) {
    add({
      rule: 'kubernetes.delete-many',
      level: 'high',
      message: `Deletes ${objects.length} objects at once`,
      evidence: clip(objects.slice(0, 8).map(idOf).join(', ')),
      class: 'environment-teardown',
      reversibility: 'recoverable',
    });
  }
}

/** apply / create / replace / patch of the objects: scale to zero, node access, cluster-admin and wildcard roles, stateful replacements. */
function judgeChanges(objects: K8sObject[], op: string, add: (f: Finding) => void, tgt: (o: K8sObject) => Target[]): void {
  for (const o of objects) {
    const ev = idOf(o);
    const spec = isObj(o.obj.spec) ? o.obj.spec : undefined;
    if (
      spec &&
      spec.replicas === 0 &&
      (o.kind === 'Deployment' || o.kind === 'StatefulSet' || o.kind === 'ReplicaSet' || o.kind === 'ReplicationController' || o.kind === PATCH)
    ) {
      add({
        rule: 'kubernetes.scale-to-zero',
        level: 'medium',
        message: `Scales ${o.kind} ${o.name} to zero replicas: it stops serving`,
        evidence: `${ev} replicas: 0`,
        class: 'broad-change',
        reversibility: 'reversible',
        targets: tgt(o),
      });
    }
    if (WORKLOADS.has(o.kind) || o.kind === PATCH) {
      const ps = podSpecOf(o) ?? (o.kind === PATCH && isObj(o.obj.spec) ? o.obj.spec : undefined);
      const issues = ps ? privilegeIssues(ps) : [];
      if (issues.length) {
        const level = issues.some((i) => i.level === 'high') ? 'high' : 'medium';
        add({
          rule: 'kubernetes.privileged',
          level,
          message: `${o.kind} ${o.name} gets access to the node (${issues
            .map((i) => i.what)
            .slice(0, 3)
            .join('; ')})`,
          evidence: clip(`${ev}: ${issues.map((i) => i.what).join('; ')}`),
          class: 'broad-change',
          reversibility: 'reversible',
          targets: tgt(o),
        });
      }
    }
    if (o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding') {
      const ref = isObj(o.obj.roleRef) ? str(o.obj.roleRef.name) : undefined;
      const subjects = Array.isArray(o.obj.subjects) ? o.obj.subjects.filter(isObj) : [];
      const open = subjects
        .map((s) => str(s.name))
        .filter((n): n is string => n === 'system:anonymous' || n === 'system:unauthenticated' || n === 'system:authenticated');
      if (ref === 'cluster-admin' || (ref === 'admin' && o.kind === 'ClusterRoleBinding') || open.length) {
        add({
          rule: 'kubernetes.cluster-admin',
          level: 'high',
          message: open.length
            ? `${o.kind} ${o.name} grants ${ref ?? 'a role'} to ${open.join(', ')}`
            : `${o.kind} ${o.name} grants ${ref} ${o.kind === 'ClusterRoleBinding' ? 'across the cluster' : `in ${o.namespace ?? 'a namespace'}`}`,
          evidence: clip(`${ev} → ${ref}: ${subjects.map((s) => `${str(s.kind) ?? ''}/${str(s.name) ?? ''}`).join(', ')}`),
          class: 'broad-change',
          reversibility: 'reversible',
          targets: tgt(o),
        });
      }
    }
    if ((o.kind === 'ClusterRole' || o.kind === 'Role') && Array.isArray(o.obj.rules)) {
      const wild = o.obj.rules.some(
        (r) => isObj(r) && Array.isArray(r.verbs) && r.verbs.includes('*') && Array.isArray(r.resources) && r.resources.includes('*'),
      );
      if (wild)
        add({
          rule: 'kubernetes.wildcard-rbac',
          level: 'high',
          message: `${o.kind} ${o.name} allows every verb on every resource`,
          evidence: ev,
          class: 'broad-change',
          reversibility: 'reversible',
          targets: tgt(o),
        });
    }
  }
  if (op === 'replace') {
    const stateful = objects.filter(
      (o) => o.kind === 'PersistentVolumeClaim' || o.kind === 'PersistentVolume' || o.kind === 'StatefulSet' || o.kind === 'Namespace',
    );
    if (stateful.length)
      add({
        rule: 'kubernetes.replace-stateful',
        level: 'medium',
        message: `Replaces ${stateful.length === 1 ? idOf(stateful[0]!) : `${stateful.length} stateful objects`} whole; with --force that deletes and recreates ${stateful.length === 1 ? 'it' : 'them'}`,
        evidence: clip(stateful.map(idOf).join(', ')),
        class: 'destructive',
        reversibility: 'unknown',
        targets: stateful.slice(0, 50).flatMap(tgt),
      });
  }
  if (objects.length >= MANY_OBJECTS) {
    add({
      rule: 'kubernetes.many-objects',
      level: 'low',
      message: `${op === 'create' ? 'Creates' : 'Changes'} ${objects.length} objects at once`,
      evidence: clip(objects.slice(0, 8).map(idOf).join(', ')),
      class: 'broad-change',
      reversibility: 'reversible',
    });
  }
}

export function analyzeKubernetes(action: KubernetesAction, _ctx: AnalyzerContext): Analysis {
  const a = emptyAnalysis();
  const op = action.operation ?? 'apply';
  const text = typeof action.manifests === 'string' ? action.manifests : '';
  const unreadable = (level: Finding['level'], message: string, evidence: string): void => {
    a.findings.push({
      rule: 'kubernetes.unreadable-manifest',
      level,
      message,
      evidence: clip(evidence) || '(empty)',
      class: 'broad-change',
      reversibility: 'unknown',
    });
  };

  const objects = readObjects(text, op, unreadable, a.findings);
  const namespaces = new Set<string>();
  for (const o of objects) {
    if (o.namespace) namespaces.add(o.namespace);
    if (o.kind === 'Namespace') namespaces.add(o.name);
    const labels = isObj(o.obj.metadata) && isObj(o.obj.metadata.labels) ? o.obj.metadata.labels : {};
    for (const [k, v] of Object.entries(labels)) if (ENV_LABEL.test(k) && typeof v === 'string') a.envHints.push({ source: 'label', value: v });
  }
  for (const ns of namespaces) a.envHints.push({ source: 'namespace', value: ns });
  a.contexts.push({ system: 'kube', ...(namespaces.size === 1 ? { namespace: [...namespaces][0]! } : {}) });
  a.counts = { resources: objects.length, ...(namespaces.size ? { namespaces: namespaces.size } : {}) };

  const targetOp: Target['op'] = op === 'delete' ? 'delete' : op === 'create' ? 'create' : 'modify';
  for (const o of objects.slice(0, 200)) {
    a.targets.push(o.kind === 'Namespace' ? { kind: 'namespace', name: o.name, op: targetOp } : { kind: 'resource', name: idOf(o), op: targetOp });
  }
  const tgt = (o: K8sObject): Target[] => [
    o.kind === 'Namespace' ? { kind: 'namespace', name: o.name, op: targetOp } : { kind: 'resource', name: idOf(o), op: targetOp },
  ];
  const add = (f: Finding): void => {
    if (a.findings.length < 200) a.findings.push(f);
  };

  if (op === 'delete') judgeDeletes(objects, add, tgt);
  else judgeChanges(objects, op, add, tgt);
  a.summary = summaryOf(op, objects, namespaces, a.findings);
  return a;
}

function summaryOf(op: string, objects: K8sObject[], namespaces: Set<string>, findings: Finding[]): string {
  if (objects.length === 0) return 'Kubernetes manifests that cannot be read';
  const nsDelete = objects.filter((o) => o.kind === 'Namespace');
  if (op === 'delete' && nsDelete.length) {
    return nsDelete.length === 1
      ? `Deletes the namespace ${nsDelete[0]!.name} and everything in it`
      : `Deletes ${nsDelete.length} namespaces and everything in them`;
  }
  const kinds = new Map<string, number>();
  for (const o of objects) kinds.set(o.kind, (kinds.get(o.kind) ?? 0) + 1);
  const what =
    objects.length === 1
      ? `${objects[0]!.kind} ${objects[0]!.name}`
      : `${objects.length} objects (${[...kinds]
          .sort((x, y) => y[1] - x[1])
          .slice(0, 3)
          .map(([k, n]) => `${n} ${k}`)
          .join(', ')})`;
  const verb = op === 'delete' ? 'Deletes' : op === 'create' ? 'Creates' : op === 'replace' ? 'Replaces' : op === 'patch' ? 'Patches' : 'Applies';
  const where =
    namespaces.size === 1 && !objects.every((o) => o.kind === 'Namespace')
      ? ` in ${[...namespaces][0]}`
      : namespaces.size > 1
        ? ` across ${namespaces.size} namespaces`
        : '';
  const worst = op === 'delete' ? undefined : findings.find((f) => f.level !== 'low');
  if (worst) return objects.length === 1 ? worst.message : `${worst.message} (${verb.toLowerCase()} ${objects.length} objects${where})`;
  return `${verb} ${what}${where}`;
}
