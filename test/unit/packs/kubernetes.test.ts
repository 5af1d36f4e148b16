// Kubernetes and its ecosystem: deletes, prunes and uninstalls next to their dry runs, diffs and
// reads; manifests from standard input; the context and names as environment hints.
import { packCases } from './helper';

packCases('kubernetes: kubectl', [
  { cmd: 'kubectl delete ns staging', level: 'critical', rule: 'shell.kubectl-delete-namespace' },
  { cmd: 'kubectl delete pod api-123', level: 'medium', rule: 'shell.kubectl-delete' },
  { cmd: 'kubectl delete ns prod --dry-run=none', level: 'critical', rule: 'shell.kubectl-delete-namespace', why: '--dry-run=none is the real thing' },
  { cmd: 'kubectl apply -f manifests/ --prune --all', level: 'high', rule: 'k8s.prune' },
  { cmd: 'kubectl apply -f manifests/ --prune -l app=shop', level: 'medium', rule: 'k8s.prune' },
  { cmd: 'kubectl --context prod apply -k overlays/prod --prune -l app=shop', level: 'high', rule: 'k8s.prune' },
  { cmd: 'kubectl delete -k overlays/staging', level: 'medium', rule: 'shell.kubectl-delete' },
  { cmd: 'kubectl delete -k overlays/prod', level: 'high', rule: 'shell.kubectl-delete', why: 'the folder names prod' },
  { cmd: 'kustomize build overlays/staging | kubectl delete -f -', level: 'medium', rule: 'shell.kubectl-delete', why: 'resources unknown here' },
  { cmd: 'kustomize build overlays/prod | kubectl delete -f -', level: 'high', rule: 'shell.kubectl-delete' },
  {
    cmd: 'kubectl delete -f - <<EOF\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\nEOF',
    level: 'critical',
    rule: 'kubernetes.delete-namespace',
    why: 'heredoc manifests are read',
  },
  { cmd: 'kubectl delete rdsinstances.database.aws.crossplane.io orders-db', level: 'high', rule: 'k8s.managed-delete' },
  { cmd: 'kubectl delete managed --all', level: 'high', rule: 'k8s.managed-delete' },
  // look-alikes
  { cmd: 'kubectl delete ns staging --dry-run=client', level: 'low' },
  { cmd: 'kubectl delete pod api-123 --dry-run=server', level: 'low' },
  { cmd: 'kubectl delete pvc data-0 --dry-run', level: 'low' },
  { cmd: 'kubectl apply -f manifests/ --prune --all --dry-run=server', level: 'low' },
  { cmd: 'kubectl apply -f manifests/', level: 'low' },
  { cmd: 'kubectl diff -f manifests/', level: 'low' },
  { cmd: 'kustomize build overlays/prod | kubectl diff -f -', level: 'low' },
  { cmd: 'kustomize build overlays/prod', level: 'low' },
  { cmd: 'kubectl get managed', level: 'low' },
  { cmd: 'kubectl drain node-1 --ignore-daemonsets --dry-run=client', level: 'low' },
]);

packCases('kubernetes: helm, argocd, velero, flux', [
  { cmd: 'helm upgrade api ./chart --force', level: 'medium', rule: 'k8s.helm-force' },
  { cmd: 'helm upgrade --install api ./chart --force --kube-context prod', level: 'high', rule: 'k8s.helm-force' },
  { cmd: 'helm uninstall api -n prod', level: 'critical', rule: 'shell.helm-uninstall' },
  { cmd: 'argocd app delete shop --yes', level: 'critical', rule: 'k8s.app-delete' },
  { cmd: 'argocd app delete shop --cascade', level: 'critical', rule: 'k8s.app-delete' },
  { cmd: 'argocd appset delete tenants', level: 'critical', rule: 'k8s.app-delete' },
  { cmd: 'argocd app sync shop --prune', level: 'medium', rule: 'k8s.prune' },
  { cmd: 'argocd cluster rm https://k8s.staging.example.com', level: 'high', rule: 'k8s.cluster-remove' },
  { cmd: 'velero backup delete --all --confirm', level: 'high', rule: 'k8s.backup-delete' },
  { cmd: 'velero backup delete nightly-1 --confirm', level: 'medium', rule: 'k8s.backup-delete' },
  { cmd: 'velero restore create --from-backup nightly-1 --existing-resource-policy=update', level: 'high', rule: 'k8s.restore' },
  { cmd: 'velero restore create --from-backup nightly-1', level: 'medium', rule: 'k8s.restore' },
  { cmd: 'flux delete kustomization apps --silent', level: 'high', rule: 'k8s.gitops-delete' },
  { cmd: 'flux uninstall --silent', level: 'medium', rule: 'k8s.gitops-delete' },
  // look-alikes
  { cmd: 'helm upgrade api ./chart', level: 'low' },
  { cmd: 'helm upgrade api ./chart --force --dry-run', level: 'low' },
  { cmd: 'helm uninstall api --dry-run', level: 'low' },
  { cmd: 'helm template api ./chart', level: 'low' },
  { cmd: 'helm diff upgrade api ./chart', level: 'low' },
  { cmd: 'helm status api', level: 'low' },
  { cmd: 'argocd app delete shop --cascade=false', level: 'low', why: 'only the Application object' },
  { cmd: 'argocd app get shop', level: 'low' },
  { cmd: 'argocd app diff shop', level: 'low' },
  { cmd: 'argocd app sync shop', level: 'low' },
  { cmd: 'argocd app sync shop --prune --dry-run', level: 'low' },
  { cmd: 'velero backup get', level: 'low' },
  { cmd: 'velero backup describe nightly-1', level: 'low' },
  { cmd: 'flux get kustomizations', level: 'low' },
  { cmd: 'flux diff kustomization apps --path ./clusters/prod', level: 'low' },
  { cmd: 'flux suspend kustomization apps', level: 'low' },
]);

packCases('kubernetes: local clusters, istioctl', [
  { cmd: 'kind delete cluster --name dev', level: 'medium', rule: 'k8s.local-cluster-delete' },
  { cmd: 'kind delete clusters --all', level: 'medium', rule: 'k8s.local-cluster-delete' },
  { cmd: 'k3d cluster delete dev', level: 'medium', rule: 'k8s.local-cluster-delete' },
  { cmd: 'minikube delete --all --purge', level: 'medium', rule: 'k8s.local-cluster-delete' },
  { cmd: 'istioctl uninstall --purge -y', level: 'high', rule: 'k8s.mesh-uninstall' },
  // look-alikes
  { cmd: 'kind get clusters', level: 'low' },
  { cmd: 'k3d cluster list', level: 'low' },
  { cmd: 'minikube status', level: 'low' },
  { cmd: 'minikube stop', level: 'low' },
  { cmd: 'istioctl proxy-status', level: 'low' },
  { cmd: 'istioctl analyze', level: 'low' },
]);
