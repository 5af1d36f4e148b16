// Kubernetes and its ecosystem: kubectl / oc, helm, eksctl, kustomize, Argo CD, Velero, Flux,
// kind / k3d / minikube, istioctl. The context and namespace are hints for the environment; facts
// fill in the live context. Dry runs (`--dry-run=client|server`, `helm upgrade --dry-run`, `helm
// template`, `helm diff`) are reads. Manifests given on standard input as text (a heredoc) go to the
// kubernetes analyzer; from another command (`kustomize build … | kubectl delete -f -`) they are a
// delete of resources unknown here, named by where they come from.
// Does not catch: what a manifest file holds when given with -f (the kubernetes analyzer judges
// manifests given as YAML), what an Argo CD or Flux application manages.
import { rule } from '../../../rules/types';
import { parseOpts } from '../opts';
import { type Invocation, type Sink, argText } from '../types';
import { type Handler, type Pack, again, f, isDryRun } from './kit';
import { type CommandTable, tableHandler } from './table';

const KUBE_READ = new Set([
  'get',
  'describe',
  'logs',
  'top',
  'explain',
  'api-resources',
  'api-versions',
  'version',
  'cluster-info',
  'config',
  'auth',
  'diff',
  'events',
  'wait',
  'port-forward',
  'proxy',
  'completion',
  'plugin',
  'kustomize',
  'help',
  'options',
  'whoami',
]);

/** `kubectl delete -f -`: manifests from a heredoc are read; from another command they are unknown. */
function stdinManifests(inv: Invocation, s: Sink, op: 'delete', where: string): void {
  const st = inv.stdin;
  if (st.kind === 'text') {
    s.nested({ kind: 'kubernetes', manifests: st.text, operation: op }, `kubectl ${op} -f -`);
    return;
  }
  const from = st.kind === 'none' ? 'standard input' : st.from;
  // The source names what is deleted: `kustomize build overlays/prod` is prod.
  if (st.kind !== 'none') s.hint('manifests from', from);
  s.add(
    inv,
    f(
      'shell.kubectl-delete',
      'medium',
      `Deletes every resource in the manifests read from ${from}${where}: which ones cannot be known here`,
      'destructive',
      'unknown',
      [{ kind: 'resource', name: from, op: 'delete' }],
    ),
  );
}

const kubectl: Handler = (inv, s, args, name) => {
  const o = parseOpts(args, [
    '-n',
    '--namespace',
    '--context',
    '--cluster',
    '--kubeconfig',
    '-f',
    '--filename',
    '-l',
    '--selector',
    '-o',
    '--output',
    '--replicas',
    '--timeout',
    '--grace-period',
    '-c',
    '--container',
    '--field-selector',
    '-k',
    '--kustomize',
    '--user',
    '-s',
    '--server',
    '--as',
    '--type',
    '-p',
    '--patch',
  ]);
  const context = o.get('--context');
  const ns = o.get('-n', '--namespace');
  s.context({ system: 'kube', ...(context ? { context } : {}), ...(ns ? { namespace: ns } : {}) });
  const kubeconfig = o.get('--kubeconfig') ?? inv.env.get('KUBECONFIG') ?? undefined;
  if (kubeconfig) s.hint('kubeconfig', kubeconfig);
  const sub = o.pos[0]?.value ?? '';
  const where = `${ns ? ` in namespace ${ns}` : ''}${context ? ` (context ${context})` : ''}`;
  // --dry-run=client / --dry-run=server (and the old bare --dry-run) send nothing that changes.
  if (isDryRun(args)) return;
  if (KUBE_READ.has(sub)) {
    if (
      sub === 'config' &&
      ['use-context', 'set-context', 'delete-context', 'set', 'unset', 'delete-cluster', 'rename-context'].includes(o.pos[1]?.value ?? '')
    )
      s.mutates();
    return;
  }
  const all = o.has('--all', '-A', '--all-namespaces');
  switch (sub) {
    case 'delete': {
      const kind = (o.pos[1]?.value ?? '').toLowerCase();
      const objs = o.pos.slice(2).map(argText);
      const slash = kind.includes('/') ? [kind] : [];
      const kinds = kind.split(',');
      const file = o.get('-f', '--filename', '-k', '--kustomize');
      if (kinds.some((k) => /^(ns|namespace|namespaces)(\/|$)/.test(k))) {
        const nsNames = slash.length ? slash.map((x) => x.split('/')[1]!) : objs;
        s.add(
          inv,
          f(
            'shell.kubectl-delete-namespace',
            'high',
            `Deletes the namespace ${nsNames.join(', ') || '(all)'} and everything in it${where}`,
            'environment-teardown',
            'irreversible',
            nsNames.map((n) => ({ kind: 'namespace', name: n, op: 'delete' })),
          ),
        );
        for (const n of nsNames) s.hint('kube namespace', n);
        return;
      }
      if (file === '-') {
        stdinManifests(inv, s, 'delete', where);
        return;
      }
      if (kinds.some((k) => /\.(crossplane|upbound)\.io(\/|$)|^(managed|composite|claim)s?(\/|$)/.test(k))) {
        s.add(
          inv,
          f(
            'k8s.managed-delete',
            'high',
            `Deletes the Crossplane ${kind} ${all ? '(all)' : objs.join(', ')}${where}: the cloud resources they manage (databases, buckets, clusters) are deleted with them`,
            'destructive',
            'irreversible',
            (objs.length ? objs : [kind]).map((n) => ({ kind: 'resource', name: n, op: 'delete' })),
          ),
        );
        return;
      }
      if (kinds.some((k) => /^(crd|crds|customresourcedefinitions?)(\.|\/|$)/.test(k))) {
        s.add(
          inv,
          f(
            'shell.kubectl-delete-crd',
            'high',
            `Deletes custom resource definitions ${objs.join(', ')}: every resource of those kinds goes with them${where}`,
            'environment-teardown',
            'irreversible',
            objs.map((n) => ({ kind: 'resource', name: n, op: 'delete' })),
          ),
        );
        return;
      }
      if (kinds.some((k) => /^(pvc|pv|persistentvolumeclaims?|persistentvolumes?|statefulsets?|sts|secrets?)(\/|$)/.test(k))) {
        s.add(
          inv,
          f(
            'shell.kubectl-delete-data',
            'high',
            `Deletes ${kind} ${all ? '(all)' : objs.join(', ')}${where}: the data may go with it`,
            'destructive',
            'irreversible',
            (objs.length ? objs : [kind]).map((n) => ({ kind: 'resource', name: n, op: 'delete' })),
          ),
        );
        return;
      }
      if (all || kinds.includes('all') || (o.has('-l', '--selector') && !objs.length)) {
        s.add(
          inv,
          f('shell.kubectl-delete-all', 'high', `Deletes every ${kind || 'resource'}${all ? ' (--all)' : ''}${where}`, 'environment-teardown', 'irreversible', [
            { kind: 'namespace', name: ns ?? 'the current namespace', op: 'delete' },
          ]),
        );
        return;
      }
      if (
        kinds.some((k) =>
          /^(nodes?|no|clusterroles?|clusterrolebindings?|mutatingwebhookconfigurations?|validatingwebhookconfigurations?|storageclass(es)?|sc)(\/|$)/.test(k),
        )
      ) {
        s.add(
          inv,
          f(
            'shell.kubectl-delete',
            'high',
            `Deletes cluster-wide ${kind} ${objs.join(', ')}${where}`,
            'destructive',
            'irreversible',
            objs.map((n) => ({ kind: 'resource', name: n, op: 'delete' })),
          ),
        );
        return;
      }
      s.add(
        inv,
        f(
          'shell.kubectl-delete',
          'medium',
          `Deletes ${file ? `the resources in ${file}` : `${kind} ${objs.join(', ')}`}${where}`,
          'destructive',
          'unknown',
          file
            ? [{ kind: 'resource', name: file, op: 'delete' }]
            : (slash.length ? slash : objs).map((n) => ({ kind: 'resource', name: `${slash.length ? '' : kind + '/'}${n}`, op: 'delete' })),
        ),
      );
      return;
    }
    case 'scale': {
      const r = o.get('--replicas');
      if (r === '0')
        s.add(
          inv,
          f(
            'shell.kubectl-scale-zero',
            'medium',
            `Scales ${o.pos.slice(1).map(argText).join(' ')} to zero replicas: an outage${where}`,
            'broad-change',
            'recoverable',
            o.pos.slice(1).map((p) => ({ kind: 'resource', name: argText(p), op: 'modify' })),
          ),
        );
      else s.mutates();
      return;
    }
    case 'replace':
      if (o.has('--force')) s.add(inv, f('shell.kubectl-replace-force', 'medium', `Deletes and recreates the resources${where}`, 'destructive', 'unknown'));
      else s.mutates();
      return;
    case 'drain':
      s.add(
        inv,
        f('shell.kubectl-drain', 'medium', `Drains the node ${argText(o.pos[1])}, evicting its pods${where}`, 'broad-change', 'recoverable', [
          { kind: 'host', name: argText(o.pos[1]), op: 'modify' },
        ]),
      );
      return;
    case 'cordon':
    case 'taint':
      s.add(
        inv,
        f('shell.kubectl-cordon', 'medium', `${sub} ${argText(o.pos[1])}: stops scheduling on the node${where}`, 'broad-change', 'reversible', [
          { kind: 'host', name: argText(o.pos[1]), op: 'modify' },
        ]),
      );
      return;
    case 'exec':
    case 'debug': {
      const dd = args.findIndex((a) => a.value === '--');
      if (dd >= 0 && dd + 1 < args.length) again(inv, s, args.slice(dd + 1), `${name} exec ${argText(o.pos[1])}`);
      else s.mutates();
      return;
    }
    case 'apply': {
      const file = o.get('-f', '--filename');
      if (file === '-' && inv.stdin.kind === 'text') s.nested({ kind: 'kubernetes', manifests: inv.stdin.text, operation: 'apply' }, `${name} apply -f -`);
      if (o.has('--prune')) {
        const everything = o.has('--all') || (!o.get('-l', '--selector') && !o.has('--prune-allowlist', '--prune-whitelist'));
        s.add(
          inv,
          f(
            'k8s.prune',
            everything ? 'high' : 'medium',
            `${name} apply --prune deletes ${everything ? 'every resource' : `the resources matching ${o.get('-l', '--selector') ?? 'the allowlist'}`}${where} that ${file ? `${file} does` : 'the manifests do'} not list`,
            'destructive',
            'irreversible',
            [{ kind: 'namespace', name: ns ?? (all ? 'all namespaces' : 'the current namespace'), op: 'modify' }],
          ),
        );
        return;
      }
      s.mutates();
      return;
    }
    case 'rollout':
      if (o.pos[1]?.value === 'undo' || o.pos[1]?.value === 'restart') s.mutates();
      else if (o.pos[1]?.value !== 'status' && o.pos[1]?.value !== 'history') s.mutates();
      return;
    default:
      s.mutates();
  }
  void name;
};

const helm: Handler = (inv, s, args) => {
  const o = parseOpts(args, [
    '-n',
    '--namespace',
    '--kube-context',
    '--kubeconfig',
    '-f',
    '--values',
    '--set',
    '--set-string',
    '--set-file',
    '--version',
    '--timeout',
    '-o',
    '--output',
    '--repo',
    '--post-renderer',
    '--description',
    '--history-max',
  ]);
  const context = o.get('--kube-context');
  const ns = o.get('-n', '--namespace');
  s.context({ system: 'kube', ...(context ? { context } : {}), ...(ns ? { namespace: ns } : {}) });
  const sub = o.pos[0]?.value ?? '';
  if (isDryRun(args)) return;
  if ((sub === 'upgrade' || sub === 'install') && o.has('--force')) {
    const rel = argText(o.pos[1]);
    s.add(
      inv,
      f(
        'k8s.helm-force',
        'medium',
        `helm ${sub} --force deletes and recreates the resources of ${rel || 'the release'} that changed${ns ? ` in ${ns}` : ''}: pods restart, and what a recreated object held goes`,
        'destructive',
        'unknown',
        rel ? [{ kind: 'resource', name: rel, op: 'replace' }] : [],
      ),
    );
    if (rel) s.hint('helm release', rel);
    return;
  }
  if (sub === 'uninstall' || sub === 'delete' || sub === 'del' || sub === 'un') {
    const rels = o.pos.slice(1).map(argText);
    s.add(
      inv,
      f(
        'shell.helm-uninstall',
        'high',
        `Uninstalls the release ${rels.join(', ')} and deletes its resources${ns ? ` in ${ns}` : ''}`,
        'environment-teardown',
        'irreversible',
        rels.map((r) => ({ kind: 'resource', name: r, op: 'delete' })),
      ),
    );
    for (const r of rels) s.hint('helm release', r);
    return;
  }
  if (sub === 'rollback') {
    s.add(inv, f('shell.helm-rollback', 'medium', `Rolls back ${argText(o.pos[1])}`, 'broad-change', 'recoverable'));
    return;
  }
  if (!['list', 'ls', 'status', 'get', 'history', 'show', 'inspect', 'template', 'lint', 'search', 'version', 'env', 'help', 'diff', 'verify'].includes(sub))
    s.mutates();
  for (const r of o.pos.slice(1, 2)) s.hint('helm release', argText(r));
};

const eksctl: Handler = (inv, s, rest, _name) => {
  const vals = rest.map((a) => a.value);
  const o = parseOpts(rest, ['--name', '-n', '--region', '-r', '--profile', '-p', '--cluster', '-f', '--config-file']);
  s.context({ system: 'kube' });
  s.context({
    system: 'aws',
    ...(o.get('--profile', '-p') ? { context: o.get('--profile', '-p')! } : {}),
    ...(o.get('--region', '-r') ? { region: o.get('--region', '-r')! } : {}),
  });
  if (vals[0] === 'delete') {
    const what = vals[1] ?? '';
    const target = o.get('--name', '-n') ?? argText(o.pos[2]) ?? '';
    const teardown = what === 'cluster';
    s.add(
      inv,
      f(
        'shell.eksctl-delete',
        teardown ? 'high' : 'medium',
        `Deletes the EKS ${what}${target ? ` ${target}` : ''}`,
        teardown ? 'environment-teardown' : 'destructive',
        'irreversible',
        target ? [{ kind: teardown ? 'cluster' : 'resource', name: target, op: 'delete' }] : [],
      ),
    );
  } else if (!['get', 'utils', 'version', 'info', 'help'].includes(vals[0] ?? '')) s.mutates();
  return;
};

const ARGOCD: CommandTable = {
  valueFlags: [
    '--server',
    '--grpc-web-root-path',
    '--auth-token',
    '--argocd-context',
    '--propagation-policy',
    '-p',
    '--parameter',
    '--revision',
    '--selector',
    '-l',
    '--project',
    '--app-namespace',
    '-N',
    '--resource',
    '--timeout',
    '-o',
    '--output',
    '--name',
    '--kube-context',
  ],
  envFlags: ['--server', '--argocd-context', '--app-namespace', '-N', '--kube-context'],
  envVars: ['ARGOCD_SERVER'],
  otherwise: 'vocabulary',
  entries: [
    { sub: ['app', 'delete'], ifFlag: ['--cascade=false'], mutates: true },
    {
      sub: ['app', 'delete'],
      rule: 'k8s.app-delete',
      level: 'high',
      cls: 'environment-teardown',
      rev: 'irreversible',
      message: 'argocd app delete deletes the application {target} and every Kubernetes resource it manages',
      target: { kind: 'resource', from: 'next' },
    },
    {
      sub: [/^(appset|applicationset)$/, 'delete'],
      rule: 'k8s.app-delete',
      level: 'high',
      cls: 'environment-teardown',
      rev: 'irreversible',
      message: 'argocd appset delete deletes the application set {target}, the applications it generated and their resources',
      target: { kind: 'resource', from: 'next' },
    },
    {
      sub: ['app', 'sync'],
      ifFlag: ['--prune'],
      rule: 'k8s.prune',
      level: 'medium',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'argocd app sync --prune deletes the live resources of {target} that git no longer has',
      target: { kind: 'resource', from: 'next' },
    },
    {
      sub: ['app', 'rollback'],
      rule: 'k8s.rollback',
      level: 'medium',
      cls: 'broad-change',
      rev: 'recoverable',
      message: 'argocd app rollback deploys an earlier revision of {target}',
      target: { kind: 'resource', from: 'next' },
    },
    {
      sub: ['cluster', /^(rm|remove|delete)$/],
      rule: 'k8s.cluster-remove',
      level: 'high',
      cls: 'broad-change',
      rev: 'recoverable',
      message: 'argocd cluster rm removes the cluster {target} from Argo CD: its applications lose their destination',
      target: { kind: 'cluster', from: 'next' },
    },
    {
      sub: [/^(proj|repo|repocreds|cert|gpg|account)$/, /^(delete|rm|remove)$/],
      rule: 'k8s.app-delete',
      level: 'medium',
      cls: 'destructive',
      rev: 'recoverable',
      message: 'argocd {sub} {target}',
      target: { kind: 'resource', from: 'next' },
    },
    { sub: ['*', /^(get|list|diff|history|manifests|logs|resources|wait|ls)$/], read: true },
    { sub: [/^(version|context|login|logout|help|completion)$/], read: true },
    { sub: [/^(app|appset|proj|repo|cluster|account|admin|cert|gpg|repocreds)$/], mutates: true },
  ],
};

const VELERO: CommandTable = {
  valueFlags: [
    '-n',
    '--namespace',
    '--kubecontext',
    '--kubeconfig',
    '--from-backup',
    '--from-schedule',
    '--selector',
    '-l',
    '--include-namespaces',
    '--exclude-namespaces',
    '--existing-resource-policy',
    '--namespace-mappings',
    '-o',
    '--output',
  ],
  envFlags: ['--kubecontext', '-n', '--namespace'],
  otherwise: 'vocabulary',
  entries: [
    {
      sub: ['backup', 'delete'],
      ifFlag: ['--all'],
      rule: 'k8s.backup-delete',
      level: 'high',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'velero backup delete --all deletes every backup: nothing is left to restore',
    },
    {
      sub: ['backup', 'delete'],
      rule: 'k8s.backup-delete',
      level: 'medium',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'velero backup delete deletes the backup {target} and its data in object storage',
      target: { kind: 'other', from: 'next' },
    },
    {
      sub: [/^(schedule|backup-location|snapshot-location)$/, 'delete'],
      rule: 'k8s.backup-delete',
      level: 'medium',
      cls: 'destructive',
      rev: 'recoverable',
      message: 'velero {sub} {target}: backups stop being taken or found',
      target: { kind: 'other', from: 'next' },
    },
    {
      sub: ['uninstall'],
      rule: 'k8s.backup-delete',
      level: 'high',
      cls: 'broad-change',
      rev: 'recoverable',
      message: 'velero uninstall removes Velero, its schedules and backup records from the cluster',
    },
    {
      sub: ['restore', 'create'],
      ifValue: { flags: ['--existing-resource-policy'], re: /^update$/i },
      rule: 'k8s.restore',
      level: 'high',
      cls: 'destructive',
      rev: 'irreversible',
      message: "velero restore create --existing-resource-policy=update overwrites live resources with the backup's copies",
    },
    {
      sub: ['restore', 'create'],
      rule: 'k8s.restore',
      level: 'medium',
      cls: 'broad-change',
      rev: 'recoverable',
      message: "velero restore create recreates the backup's resources in the cluster",
    },
    { sub: ['*', /^(get|describe|logs)$/], read: true },
    { sub: [/^(version|get|describe|help|completion|client)$/], read: true },
    { sub: [/^(backup|schedule|restore|install|plugin|backup-location|snapshot-location|create|repo|debug)$/], mutates: true },
  ],
};

const FLUX: CommandTable = {
  valueFlags: ['-n', '--namespace', '--context', '--kubeconfig', '--timeout'],
  envFlags: ['--context', '-n', '--namespace'],
  otherwise: 'vocabulary',
  entries: [
    {
      sub: ['delete', /^(kustomization|ks|helmrelease|hr)$/],
      rule: 'k8s.gitops-delete',
      level: 'high',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'flux {sub} removes it; with pruning on, every resource it applied is deleted too',
      target: { kind: 'resource', from: 'next' },
    },
    {
      sub: ['delete', '*'],
      rule: 'k8s.gitops-delete',
      level: 'medium',
      cls: 'destructive',
      rev: 'recoverable',
      message: 'flux delete {sub}',
      target: { kind: 'resource', from: 'next' },
    },
    {
      sub: ['uninstall'],
      rule: 'k8s.gitops-delete',
      level: 'medium',
      cls: 'broad-change',
      rev: 'recoverable',
      message: 'flux uninstall removes Flux and its custom resources from the cluster: nothing is reconciled any more',
    },
    { sub: [/^(get|logs|check|diff|tree|trace|events|stats|version|export|build|help|completion)$/], read: true },
    { sub: [/^(bootstrap|install|create|reconcile|suspend|resume|push|pull|tag|envsubst|migrate|debug)$/], mutates: true },
  ],
};

/** Local clusters: losing one loses its workloads and volumes, nothing shared. */
const LOCAL_CLUSTER: CommandTable = {
  valueFlags: ['--name', '-n', '-p', '--profile', '--kubeconfig'],
  entries: [
    {
      sub: ['delete', /^clusters?$/],
      rule: 'k8s.local-cluster-delete',
      level: 'medium',
      cls: 'destructive',
      rev: 'irreversible',
      message: '{cmd} {sub} deletes a local cluster with its workloads and volumes',
    },
    {
      sub: [/^(cluster|clusters)$/, /^(delete|rm)$/],
      rule: 'k8s.local-cluster-delete',
      level: 'medium',
      cls: 'destructive',
      rev: 'irreversible',
      message: '{cmd} {sub} deletes a local cluster with its workloads and volumes',
      target: { kind: 'cluster', from: 'next' },
    },
    {
      sub: ['delete'],
      rule: 'k8s.local-cluster-delete',
      level: 'medium',
      cls: 'destructive',
      rev: 'irreversible',
      message: '{cmd} delete deletes the local cluster with its workloads and volumes',
    },
    { sub: [/^(get|status|version|profile|ip|logs|help|ssh-key|kubectl)$/], read: true },
    { sub: ['*', /^(list|get|ls)$/], read: true },
  ],
};

const ISTIOCTL: CommandTable = {
  valueFlags: ['--context', '-c', '--kubeconfig', '-n', '--namespace', '-i', '--istioNamespace', '-f', '--filename', '-r', '--revision', '--set', '-s'],
  envFlags: ['--context'],
  otherwise: 'vocabulary',
  entries: [
    {
      sub: ['uninstall'],
      rule: 'k8s.mesh-uninstall',
      level: 'high',
      cls: 'broad-change',
      rev: 'recoverable',
      message: 'istioctl uninstall removes the Istio control plane: traffic between meshed workloads stops being routed and secured',
    },
    {
      sub: ['x', 'uninstall'],
      rule: 'k8s.mesh-uninstall',
      level: 'high',
      cls: 'broad-change',
      rev: 'recoverable',
      message: 'istioctl x uninstall removes the Istio control plane',
    },
    {
      sub: [
        /^(analyze|proxy-status|ps|proxy-config|pc|version|dashboard|verify-install|validate|describe|help|completion|admin|bug-report|precheck|manifest)$/,
      ],
      read: true,
    },
    { sub: [/^(install|upgrade|operator|kube-inject|tag|waypoint|experimental|x)$/], mutates: true },
  ],
};

/** kustomize builds manifests; only `edit` changes files. */
const kustomize: Handler = (inv, s, rest) => {
  const sub = rest.find((a) => !(a.value ?? '').startsWith('-'))?.value;
  if (sub === 'edit' || sub === 'create' || sub === 'init' || sub === 'localize') s.mutates();
  void inv;
};

export const KUBERNETES: Pack = {
  family: 'kubernetes',
  covers:
    'kubectl / oc (delete of namespaces, CRDs, volumes, Crossplane managed resources, --all, -f - from stdin; apply --prune; scale to zero; drain; replace --force; exec; dry runs are reads), helm (uninstall, rollback, upgrade --force), eksctl delete, kustomize, argocd, velero, flux, kind / k3d / minikube, istioctl.',
  commands: {
    kubectl,
    oc: kubectl,
    k: kubectl,
    helm,
    eksctl,
    kustomize,
    argocd: tableHandler(ARGOCD),
    velero: tableHandler(VELERO),
    flux: tableHandler(FLUX),
    kind: tableHandler(LOCAL_CLUSTER),
    k3d: tableHandler(LOCAL_CLUSTER),
    minikube: tableHandler(LOCAL_CLUSTER),
    istioctl: tableHandler(ISTIOCTL),
  },
  rules: [
    rule(
      'shell.kubectl-delete-namespace',
      'high',
      'environment-teardown',
      'Deletes a namespace and everything in it',
      'List what it holds first (`kubectl get all,pvc,secrets -n NS`) and delete the workloads you mean',
      ['kubectl delete ns staging'],
      ['kubectl get ns staging', 'kubectl delete ns staging --dry-run=client'],
    ),
    rule(
      'shell.kubectl-delete-crd',
      'high',
      'environment-teardown',
      'Deletes a custom resource definition and every resource of that kind',
      'List the resources of that kind first (`kubectl get KIND -A`)',
      ['kubectl delete crd certificates.cert-manager.io'],
      ['kubectl get crd certificates.cert-manager.io'],
    ),
    rule(
      'shell.kubectl-delete-data',
      'high',
      'destructive',
      'Deletes volumes, stateful sets or secrets: the data may go with them',
      'Check the reclaim policy (`kubectl get pv`) and snapshot the volume first',
      ['kubectl delete pvc data-0'],
      ['kubectl get pvc data-0', 'kubectl delete pvc data-0 --dry-run=server'],
    ),
    rule(
      'shell.kubectl-delete-all',
      'high',
      'environment-teardown',
      'Deletes every resource of a kind (--all, all, a bare selector)',
      'Delete by name, or list with the same selector first (`kubectl get … -l …`)',
      ['kubectl delete pods --all -n app'],
      ['kubectl get pods -n app'],
    ),
    rule(
      'shell.kubectl-delete',
      'medium',
      'destructive',
      'Deletes Kubernetes resources by name, file or standard input',
      'Run it with --dry-run=server first and read the list',
      ['kubectl delete pod api-123', 'kustomize build overlays/staging | kubectl delete -f -'],
      ['kubectl delete pod api-123 --dry-run=client', 'kustomize build overlays/staging | kubectl diff -f -'],
    ),
    rule(
      'k8s.managed-delete',
      'high',
      'destructive',
      'Deletes Crossplane managed resources: the cloud resources behind them go too',
      'Check their deletionPolicy (`kubectl get managed -o yaml`) and set it to Orphan before deleting',
      ['kubectl delete rdsinstance.database.aws.crossplane.io prod-db'],
      ['kubectl get managed'],
    ),
    rule(
      'k8s.prune',
      'high',
      'destructive',
      'Applies with pruning: every resource the manifests no longer list is deleted',
      'Run `kubectl diff -f …` (or `argocd app diff`) first, and prune with a narrow label selector',
      ['kubectl apply -f manifests/ --prune --all', 'argocd app sync shop --prune'],
      ['kubectl apply -f manifests/', 'kubectl apply -f manifests/ --prune --all --dry-run=server', 'argocd app diff shop'],
    ),
    rule(
      'shell.kubectl-scale-zero',
      'medium',
      'broad-change',
      'Scales a workload to zero replicas: an outage',
      'Scale down rather than to zero, or check who depends on it first',
      ['kubectl scale deploy api --replicas=0'],
      ['kubectl scale deploy api --replicas=2'],
    ),
    rule(
      'shell.kubectl-replace-force',
      'medium',
      'destructive',
      'Deletes and recreates resources',
      'Use `kubectl apply` (it patches in place)',
      ['kubectl replace --force -f x.yaml'],
      ['kubectl replace -f x.yaml'],
    ),
    rule(
      'shell.kubectl-drain',
      'medium',
      'broad-change',
      'Evicts every pod from a node',
      'Cordon first and check the pod disruption budgets',
      ['kubectl drain node-1 --ignore-daemonsets'],
      ['kubectl drain node-1 --ignore-daemonsets --dry-run=client'],
    ),
    rule(
      'shell.kubectl-cordon',
      'medium',
      'broad-change',
      'Stops scheduling on a node',
      'Uncordon when done: `kubectl uncordon NODE`',
      ['kubectl cordon node-1'],
      ['kubectl get node node-1'],
    ),
    rule(
      'shell.helm-uninstall',
      'high',
      'environment-teardown',
      'Uninstalls a Helm release and deletes its resources',
      'Look first (`helm status REL`, `helm get manifest REL`), or `helm uninstall --dry-run`',
      ['helm uninstall api -n prod'],
      ['helm status api -n prod', 'helm uninstall api --dry-run'],
    ),
    rule(
      'shell.helm-rollback',
      'medium',
      'broad-change',
      'Rolls a Helm release back to an earlier revision',
      'Read `helm history REL` and `helm diff rollback` first',
      ['helm rollback api 3'],
      ['helm history api'],
    ),
    rule(
      'k8s.helm-force',
      'medium',
      'destructive',
      'helm upgrade --force deletes and recreates changed resources',
      'Drop --force; `helm diff upgrade` or `helm upgrade --dry-run` shows the change',
      ['helm upgrade api ./chart --force'],
      ['helm upgrade api ./chart', 'helm upgrade api ./chart --force --dry-run', 'helm template api ./chart'],
    ),
    rule(
      'shell.eksctl-delete',
      'high',
      'environment-teardown',
      'eksctl deletes an EKS cluster or node group',
      'Look first: `eksctl get cluster`, `eksctl get nodegroup --cluster …`',
      ['eksctl delete cluster --name prod'],
      ['eksctl get cluster'],
    ),
    rule(
      'k8s.app-delete',
      'high',
      'environment-teardown',
      'Deletes an Argo CD application and (cascading) every resource it manages',
      'Delete with --cascade=false to keep the resources, or look first (`argocd app resources APP`)',
      ['argocd app delete shop --yes'],
      ['argocd app delete shop --cascade=false', 'argocd app get shop'],
    ),
    rule(
      'k8s.rollback',
      'medium',
      'broad-change',
      'Rolls an application back to an earlier revision',
      'Read the history first (`argocd app history APP`)',
      ['argocd app rollback shop 4'],
      ['argocd app history shop'],
    ),
    rule(
      'k8s.cluster-remove',
      'high',
      'broad-change',
      'Removes a cluster from Argo CD',
      'List the applications that target it first (`argocd app list --dest-server …`)',
      ['argocd cluster rm https://prod.k8s.example.com'],
      ['argocd cluster list'],
    ),
    rule(
      'k8s.backup-delete',
      'high',
      'destructive',
      'Deletes Velero backups, schedules or Velero itself',
      'Delete one named backup after checking it is not the last good one (`velero backup get`)',
      ['velero backup delete --all --confirm'],
      ['velero backup get', 'velero backup describe nightly-1'],
    ),
    rule(
      'k8s.restore',
      'medium',
      'broad-change',
      'Restores resources from a Velero backup into the cluster',
      'Restore into a new namespace first (`--namespace-mappings old:new`)',
      ['velero restore create --from-backup nightly-1'],
      ['velero backup describe nightly-1'],
    ),
    rule(
      'k8s.gitops-delete',
      'high',
      'destructive',
      'Deletes a Flux Kustomization or HelmRelease (its resources are pruned)',
      'Suspend it instead (`flux suspend ks NAME`), or set prune: false first',
      ['flux delete kustomization apps --silent'],
      ['flux get kustomizations', 'flux suspend kustomization apps'],
    ),
    rule(
      'k8s.local-cluster-delete',
      'medium',
      'destructive',
      'Deletes a local development cluster (kind, k3d, minikube) with its workloads and volumes',
      'Stop it instead (`minikube stop`, `k3d cluster stop`)',
      ['kind delete cluster --name dev', 'minikube delete --all --purge', 'k3d cluster delete dev'],
      ['kind get clusters', 'minikube status', 'k3d cluster list'],
    ),
    rule(
      'k8s.mesh-uninstall',
      'high',
      'broad-change',
      'Removes the service mesh control plane',
      'Check which namespaces are meshed (`istioctl proxy-status`) and plan the removal',
      ['istioctl uninstall --purge -y'],
      ['istioctl proxy-status', 'istioctl verify-install'],
    ),
  ],
};
