// Teardown of a tenant cluster (spec §1.12 and the later upstream redesign, d46cccda7): one Job that, in order,
// uninstalls the addons from the tenant while its API server is still up, deletes the control plane, then deletes
// what controllers made for the tenant in the management cluster (DataVolumes, LoadBalancer Services), and clears
// Kamaji's datastore Secret finalizer. Every wait is bounded; the Job fails (and is kept) when something is left.
import type { ResolvedCluster } from '../spec/resolved';
import { TARGET_CLUSTER_LABEL } from './addons/helm-release';
import type { KubeObject } from './manifest';
import { CLUSTER_NAME_LABEL } from './node-pool';
import { ALLOW_TO_APISERVER, PLATFORM_TOLERATIONS } from './platform-pods';
import { k8s } from './generated';

export interface RenderTeardownOptions {
  /** Annotate the objects as a Helm `pre-delete` hook. @default false */
  readonly helmHook?: boolean;
}

export function teardownName(cluster: ResolvedCluster): string {
  return cluster.names.cleanup;
}

function seconds(duration: string): number {
  const n = Number(duration.slice(0, -1));
  return duration.endsWith('h') ? n * 3600 : duration.endsWith('m') ? n * 60 : n;
}

/** The cleanup script; `kubectl` runs with the Job's ServiceAccount. */
export function teardownScript(cluster: ResolvedCluster): string {
  const { base, namespace } = cluster.names;
  return `set -u
NS=${namespace}
CLUSTER=${base}
WAIT=${cluster.teardown.waitTimeout}
ADDONS=${TARGET_CLUSTER_LABEL}=$CLUSTER
OWNED=${CLUSTER_NAME_LABEL}=$CLUSTER
status=0
say() { echo "[cleanup $CLUSTER] $*"; }

say "1/4 uninstalling the addons from the tenant cluster"
if ! kubectl -n "$NS" delete helmreleases.helm.toolkit.fluxcd.io -l "$ADDONS" --ignore-not-found --wait=true --timeout="$WAIT"; then
  say "addons not uninstalled within $WAIT: suspending them and releasing their finalizers"
  for hr in $(kubectl -n "$NS" get helmreleases.helm.toolkit.fluxcd.io -l "$ADDONS" -o name); do
    kubectl -n "$NS" patch "$hr" --type=merge -p '{"spec":{"suspend":true}}' || status=1
    kubectl -n "$NS" patch "$hr" --type=merge -p '{"metadata":{"finalizers":null}}' || status=1
  done
fi

say "2/4 deleting the control plane"
kubectl -n "$NS" delete kamajicontrolplanes.controlplane.cluster.x-k8s.io "$CLUSTER" --ignore-not-found --wait=true --timeout="$WAIT" || status=1
kubectl -n "$NS" delete tenantcontrolplanes.kamaji.clastix.io "$CLUSTER" --ignore-not-found --wait=true --timeout="$WAIT" || status=1

say "3/4 deleting the tenant's volumes and load balancers"
if kubectl api-resources --api-group=cdi.kubevirt.io -o name | grep -qx 'datavolumes.cdi.kubevirt.io'; then
  kubectl -n "$NS" delete datavolumes.cdi.kubevirt.io -l "$OWNED" --ignore-not-found --wait=true --timeout="$WAIT" || status=1
fi
for svc in $(kubectl -n "$NS" get services -l "$OWNED" -o jsonpath='{range .items[?(@.spec.type=="LoadBalancer")]}{.metadata.name}{" "}{end}'); do
  kubectl -n "$NS" delete service "$svc" --ignore-not-found --wait=true --timeout="$WAIT" || status=1
done

say "4/4 releasing Kamaji's datastore Secret"
if kubectl -n "$NS" get secret "$CLUSTER-datastore-config" >/dev/null 2>&1; then
  kubectl -n "$NS" patch secret "$CLUSTER-datastore-config" --type=merge -p '{"metadata":{"finalizers":null}}' || status=1
fi

left="$(kubectl -n "$NS" get helmreleases.helm.toolkit.fluxcd.io -l "$ADDONS" -o name 2>/dev/null)"
left="$left $(kubectl -n "$NS" get kamajicontrolplanes.controlplane.cluster.x-k8s.io "$CLUSTER" -o name --ignore-not-found 2>/dev/null)"
left="$left $(kubectl -n "$NS" get services -l "$OWNED" -o jsonpath='{range .items[?(@.spec.type=="LoadBalancer")]}service/{.metadata.name}{" "}{end}' 2>/dev/null)"
left="$(echo $left)"
if [ -n "$left" ]; then
  say "left behind: $left"
  status=1
fi
[ "$status" -eq 0 ] && say "done" || say "finished with problems"
exit "$status"
`;
}

/** The cleanup Job and its RBAC: as a Helm `pre-delete` hook, or to apply by hand before deleting the cluster. */
export function renderTeardown(cluster: ResolvedCluster, options: RenderTeardownOptions = {}): KubeObject[] {
  const { KubeJob, KubeRole, KubeRoleBinding, KubeServiceAccount } = k8s();
  const name = teardownName(cluster);
  const namespace = cluster.names.namespace;
  // The line decides the delete policies: the Job is kept when it fails, so its log says what was left (b1a7e9560);
  // on v1.5 a failed hook's RBAC goes (templates/delete.yaml@v1.5.4).
  const { jobDeletePolicy, rbacDeletePolicy } = cluster.platform.line.cleanupHook;
  const hook = (weight: number, deletePolicy: string = rbacDeletePolicy) =>
    options.helmHook
      ? {
          annotations: {
            'helm.sh/hook': 'pre-delete',
            'helm.sh/hook-weight': String(weight),
            'helm.sh/hook-delete-policy': deletePolicy,
          },
        }
      : {};
  const wait = seconds(cluster.teardown.waitTimeout);
  return [
    KubeServiceAccount.manifest({ metadata: { name, namespace, ...hook(0) } }) as KubeObject,
    KubeRole.manifest({
      metadata: { name, namespace, ...hook(5) },
      rules: [
        { apiGroups: ['helm.toolkit.fluxcd.io'], resources: ['helmreleases'], verbs: ['get', 'list', 'watch', 'patch', 'delete'] },
        { apiGroups: ['controlplane.cluster.x-k8s.io'], resources: ['kamajicontrolplanes'], verbs: ['get', 'list', 'watch', 'delete'] },
        { apiGroups: ['kamaji.clastix.io'], resources: ['tenantcontrolplanes'], verbs: ['get', 'list', 'watch', 'delete'] },
        { apiGroups: ['cdi.kubevirt.io'], resources: ['datavolumes'], verbs: ['get', 'list', 'watch', 'delete'] },
        { apiGroups: [''], resources: ['services'], verbs: ['get', 'list', 'watch', 'delete'] },
        { apiGroups: [''], resources: ['secrets'], resourceNames: [cluster.names.datastoreConfigSecret], verbs: ['get', 'patch'] },
      ],
    }) as KubeObject,
    KubeRoleBinding.manifest({
      metadata: { name, namespace, ...hook(5) },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    }) as KubeObject,
    KubeJob.manifest({
      metadata: { name, namespace, ...hook(10, jobDeletePolicy) },
      spec: {
        backoffLimit: 1,
        // Every step waits at most `waitTimeout`; the Job as a whole is bounded too.
        activeDeadlineSeconds: 6 * wait + 300,
        template: {
          metadata: { labels: { ...ALLOW_TO_APISERVER } },
          spec: {
            serviceAccountName: name,
            restartPolicy: 'Never',
            tolerations: PLATFORM_TOLERATIONS,
            containers: [{ name: 'cleanup', image: cluster.platform.images.kubectl, command: ['/bin/sh', '-c', teardownScript(cluster)] }],
          },
        },
      },
    }) as KubeObject,
  ];
}
