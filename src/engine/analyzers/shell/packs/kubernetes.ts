// Kubernetes: kubectl / oc, helm, eksctl. The context and namespace are hints for the
// environment; facts fill in the live context.
// Does not catch: what a manifest file holds when given with -f (the kubernetes analyzer judges
// manifests given as YAML).
import { parseOpts } from '../opts';
import { type Arg, type Invocation, type Sink, argText, ev, staticArg } from '../types';
import { type Handler, type Pack, again, f, names, runJoined } from './kit';

const KUBE_READ = new Set(['get', 'describe', 'logs', 'top', 'explain', 'api-resources', 'api-versions', 'version', 'cluster-info', 'config', 'auth', 'diff', 'events', 'wait', 'port-forward', 'proxy', 'completion', 'plugin', 'kustomize', 'help', 'options', 'whoami']);

const kubectl: Handler = (inv, s, args, name) => {
  const o = parseOpts(args, ['-n', '--namespace', '--context', '--cluster', '--kubeconfig', '-f', '--filename', '-l', '--selector', '-o', '--output', '--replicas', '--timeout', '--grace-period', '-c', '--container', '--field-selector', '-k', '--kustomize', '--user', '-s', '--server', '--as', '--type', '-p', '--patch']);
  const context = o.get('--context');
  const ns = o.get('-n', '--namespace');
  s.context({ system: 'kube', ...(context ? { context } : {}), ...(ns ? { namespace: ns } : {}) });
  const kubeconfig = o.get('--kubeconfig') ?? inv.env.get('KUBECONFIG') ?? undefined;
  if (kubeconfig) s.hint('kubeconfig', kubeconfig);
  const sub = o.pos[0]?.value ?? '';
  const where = `${ns ? ` in namespace ${ns}` : ''}${context ? ` (context ${context})` : ''}`;
  if (KUBE_READ.has(sub)) {
    if (sub === 'config' && ['use-context', 'set-context', 'delete-context', 'set', 'unset', 'delete-cluster', 'rename-context'].includes(o.pos[1]?.value ?? '')) s.mutates();
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
        s.add(inv, f('shell.kubectl-delete-namespace', 'high', `Deletes the namespace ${nsNames.join(', ') || '(all)'} and everything in it${where}`, 'environment-teardown', 'irreversible', nsNames.map((n) => ({ kind: 'namespace', name: n, op: 'delete' }))));
        for (const n of nsNames) s.hint('kube namespace', n);
        return;
      }
      if (kinds.some((k) => /^(crd|crds|customresourcedefinitions?)(\.|\/|$)/.test(k))) {
        s.add(inv, f('shell.kubectl-delete-crd', 'high', `Deletes custom resource definitions ${objs.join(', ')}: every resource of those kinds goes with them${where}`, 'environment-teardown', 'irreversible', objs.map((n) => ({ kind: 'resource', name: n, op: 'delete' }))));
        return;
      }
      if (kinds.some((k) => /^(pvc|pv|persistentvolumeclaims?|persistentvolumes?|statefulsets?|sts|secrets?)(\/|$)/.test(k))) {
        s.add(inv, f('shell.kubectl-delete-data', 'high', `Deletes ${kind} ${all ? '(all)' : objs.join(', ')}${where}: the data may go with it`, 'destructive', 'irreversible', (objs.length ? objs : [kind]).map((n) => ({ kind: 'resource', name: n, op: 'delete' }))));
        return;
      }
      if (all || kinds.includes('all') || o.has('-l', '--selector') && !objs.length) {
        s.add(inv, f('shell.kubectl-delete-all', 'high', `Deletes every ${kind || 'resource'}${all ? ' (--all)' : ''}${where}`, 'environment-teardown', 'irreversible', [{ kind: 'namespace', name: ns ?? 'the current namespace', op: 'delete' }]));
        return;
      }
      if (kinds.some((k) => /^(nodes?|no|clusterroles?|clusterrolebindings?|mutatingwebhookconfigurations?|validatingwebhookconfigurations?|storageclass(es)?|sc)(\/|$)/.test(k))) {
        s.add(inv, f('shell.kubectl-delete', 'high', `Deletes cluster-wide ${kind} ${objs.join(', ')}${where}`, 'destructive', 'irreversible', objs.map((n) => ({ kind: 'resource', name: n, op: 'delete' }))));
        return;
      }
      s.add(inv, f('shell.kubectl-delete', 'medium', `Deletes ${file ? `the resources in ${file}` : `${kind} ${objs.join(', ')}`}${where}`, 'destructive', 'unknown', file ? [{ kind: 'resource', name: file, op: 'delete' }] : (slash.length ? slash : objs).map((n) => ({ kind: 'resource', name: `${slash.length ? '' : kind + '/'}${n}`, op: 'delete' }))));
      return;
    }
    case 'scale': {
      const r = o.get('--replicas');
      if (r === '0') s.add(inv, f('shell.kubectl-scale-zero', 'medium', `Scales ${o.pos.slice(1).map(argText).join(' ')} to zero replicas: an outage${where}`, 'broad-change', 'recoverable', o.pos.slice(1).map((p) => ({ kind: 'resource', name: argText(p), op: 'modify' }))));
      else s.mutates();
      return;
    }
    case 'replace':
      if (o.has('--force')) s.add(inv, f('shell.kubectl-replace-force', 'medium', `Deletes and recreates the resources${where}`, 'destructive', 'unknown'));
      else s.mutates();
      return;
    case 'drain':
      s.add(inv, f('shell.kubectl-drain', 'medium', `Drains the node ${argText(o.pos[1])}, evicting its pods${where}`, 'broad-change', 'recoverable', [{ kind: 'host', name: argText(o.pos[1]), op: 'modify' }]));
      return;
    case 'cordon':
    case 'taint':
      s.add(inv, f('shell.kubectl-cordon', 'medium', `${sub} ${argText(o.pos[1])}: stops scheduling on the node${where}`, 'broad-change', 'reversible', [{ kind: 'host', name: argText(o.pos[1]), op: 'modify' }]));
      return;
    case 'exec':
    case 'debug': {
      const dd = args.findIndex((a) => a.value === '--');
      if (dd >= 0 && dd + 1 < args.length) again(inv, s, args.slice(dd + 1), `${name} exec ${argText(o.pos[1])}`);
      else s.mutates();
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
  const o = parseOpts(args, ['-n', '--namespace', '--kube-context', '--kubeconfig', '-f', '--values', '--set', '--version', '--timeout', '-o', '--output', '--repo']);
  const context = o.get('--kube-context');
  const ns = o.get('-n', '--namespace');
  s.context({ system: 'kube', ...(context ? { context } : {}), ...(ns ? { namespace: ns } : {}) });
  const sub = o.pos[0]?.value ?? '';
  if (sub === 'uninstall' || sub === 'delete' || sub === 'del' || sub === 'un') {
    const rels = o.pos.slice(1).map(argText);
    s.add(inv, f('shell.helm-uninstall', 'high', `Uninstalls the release ${rels.join(', ')} and deletes its resources${ns ? ` in ${ns}` : ''}`, 'environment-teardown', 'irreversible', rels.map((r) => ({ kind: 'resource', name: r, op: 'delete' }))));
    for (const r of rels) s.hint('helm release', r);
    return;
  }
  if (sub === 'rollback') {
    s.add(inv, f('shell.helm-rollback', 'medium', `Rolls back ${argText(o.pos[1])}`, 'broad-change', 'recoverable'));
    return;
  }
  if (!['list', 'ls', 'status', 'get', 'history', 'show', 'inspect', 'template', 'lint', 'search', 'version', 'env', 'help', 'diff', 'verify'].includes(sub)) s.mutates();
  for (const r of o.pos.slice(1, 2)) s.hint('helm release', argText(r));
};

const eksctl: Handler = (inv, s, rest, name) => {
  const vals = rest.map((a) => a.value);
  const o = parseOpts(rest, ['--name', '-n', '--region', '-r', '--profile', '-p', '--cluster', '-f', '--config-file']);
  s.context({ system: 'kube' });
  s.context({ system: 'aws', ...(o.get('--profile', '-p') ? { context: o.get('--profile', '-p')! } : {}), ...(o.get('--region', '-r') ? { region: o.get('--region', '-r')! } : {}) });
  if (vals[0] === 'delete') {
    const what = vals[1] ?? '';
    const target = o.get('--name', '-n') ?? argText(o.pos[2]) ?? '';
    const teardown = what === 'cluster';
    s.add(inv, f('shell.eksctl-delete', teardown ? 'high' : 'medium', `Deletes the EKS ${what}${target ? ` ${target}` : ''}`, teardown ? 'environment-teardown' : 'destructive', 'irreversible', target ? [{ kind: teardown ? 'cluster' : 'resource', name: target, op: 'delete' }] : []));
  } else if (!['get', 'utils', 'version', 'info', 'help'].includes(vals[0] ?? '')) s.mutates();
  return;
};

export const KUBERNETES: Pack = {
  family: 'kubernetes',
  covers: 'kubectl / oc (delete of namespaces, CRDs, volumes, --all; scale to zero; drain; replace --force; exec), helm (uninstall, rollback), eksctl delete.',
  commands: { kubectl, oc: kubectl, k: kubectl, helm, eksctl },
  rules: [],
};
