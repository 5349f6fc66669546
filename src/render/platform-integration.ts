// The reference platform's integration objects (behind `platformIntegration`): WorkloadMonitors that feed the
// Cozystack dashboard's health view (spec §1.3, §1.5.6, §2.2) and the Role that lets tenant users see this cluster's
// resources in the dashboard (§1.13).
import type { Subject } from '../../imports/k8s';
import type { ResolvedCluster, ResolvedNodeGroup } from '../spec/resolved';
import { LIBRARY_VERSION } from '../version';
import type { KubeObject } from './manifest';
import { CLUSTER_NAME_LABEL, DEPLOYMENT_NAME_LABEL } from './node-pool';
import { cozystack, k8s } from './generated';

export function controlPlaneMonitor(cluster: ResolvedCluster): KubeObject {
  const { WorkloadMonitor } = cozystack();
  const { base, namespace } = cluster.names;
  return WorkloadMonitor.manifest({
    metadata: { name: base, namespace },
    spec: {
      replicas: cluster.controlPlane.replicas,
      minReplicas: 1,
      kind: 'kubernetes',
      type: 'control-plane',
      selector: { 'kamaji.clastix.io/component': 'deployment', 'kamaji.clastix.io/name': base },
      version: LIBRARY_VERSION,
    },
  });
}

export function nodeGroupMonitor(cluster: ResolvedCluster, group: ResolvedNodeGroup): KubeObject {
  const { WorkloadMonitor } = cozystack();
  const { names } = cluster;
  return WorkloadMonitor.manifest({
    metadata: { name: names.nodeGroupMonitor(group.name), namespace: names.namespace },
    spec: {
      minReplicas: group.minReplicas,
      kind: 'kubernetes',
      type: 'worker',
      selector: { [CLUSTER_NAME_LABEL]: names.base, [DEPLOYMENT_NAME_LABEL]: names.nodeGroup(group.name), 'cluster.x-k8s.io/role': 'worker' },
      version: LIBRARY_VERSION,
    },
  });
}

export function etcdMonitor(cluster: ResolvedCluster): KubeObject | undefined {
  const { WorkloadMonitor } = cozystack();
  const etcd = cluster.dedicatedEtcd;
  if (etcd === undefined) return undefined;
  const { names } = cluster;
  return WorkloadMonitor.manifest({
    metadata: { name: names.etcd, namespace: names.namespace },
    spec: {
      replicas: etcd.replicas,
      minReplicas: Math.floor(etcd.replicas / 2) + 1,
      kind: 'etcd',
      type: 'etcd',
      selector: { 'app.kubernetes.io/instance': names.etcd, 'app.kubernetes.io/managed-by': 'etcd-operator', 'app.kubernetes.io/name': 'etcd' },
      version: LIBRARY_VERSION,
    },
  });
}

/**
 * Who may use a tenant's resources (cozy-lib `subjectsForTenantAndAccessLevel` at level `use`): for the tenant
 * and each ancestor (`tenant-a`, `tenant-a-b`, …), then `tenant-root`, its ServiceAccount and its groups at or
 * above `use`.
 */
export function tenantSubjects(namespace: string): Subject[] {
  const parts = namespace.split('-').slice(1);
  const chain = parts.map((_, i) => `tenant-${parts.slice(0, i + 1).join('-')}`);
  if (namespace !== 'tenant-root') chain.push('tenant-root');
  return chain.flatMap((t) => [
    { kind: 'ServiceAccount', name: t, namespace: t },
    ...['admin', 'super-admin', 'use'].map((level) => ({ kind: 'Group', name: `${t}-${level}`, apiGroup: 'rbac.authorization.k8s.io' })),
  ]);
}

export function dashboardRbac(cluster: ResolvedCluster, nodeGroups: readonly ResolvedNodeGroup[]): KubeObject[] {
  const { KubeRole, KubeRoleBinding } = k8s();
  const { base, namespace } = cluster.names;
  const name = cluster.names.dashboard;
  const verbs = ['get', 'list', 'watch'];
  const monitors = [base, ...nodeGroups.map((g) => cluster.names.nodeGroupMonitor(g.name)).sort()];
  if (cluster.dedicatedEtcd !== undefined) monitors.push(cluster.names.etcd);
  return [
    KubeRole.manifest({
      metadata: { name, namespace },
      rules: [
        { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], resourceNames: [base], verbs },
        { apiGroups: [''], resources: ['secrets'], resourceNames: [cluster.names.adminKubeconfigSecret], verbs },
        { apiGroups: [''], resources: ['services'], resourceNames: cluster.dedicatedEtcd ? [base, cluster.names.etcd] : [base], verbs },
        { apiGroups: ['cozystack.io'], resources: ['workloadmonitors'], resourceNames: monitors, verbs },
      ],
    }) as KubeObject,
    KubeRoleBinding.manifest({
      metadata: { name, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: tenantSubjects(namespace),
    }) as KubeObject,
  ];
}

/** The cluster-wide integration objects; each node pool's WorkloadMonitor is that pool's (see `renderClusterNodePool`). */
export interface RenderedPlatformIntegration {
  readonly controlPlaneMonitor: KubeObject;
  /** With a dedicated etcd. */
  readonly etcdMonitor: KubeObject | undefined;
  /** Lists the monitors of `nodeGroups`: every pool of the cluster, including those added later. */
  readonly dashboardRole: KubeObject;
  readonly dashboardRoleBinding: KubeObject;
}

/** The integration objects for a cluster whose node pools are `nodeGroups`, or `undefined` without `platformIntegration`. */
export function renderPlatformIntegration(
  cluster: ResolvedCluster,
  nodeGroups: readonly ResolvedNodeGroup[],
): RenderedPlatformIntegration | undefined {
  if (!cluster.platformIntegration) return undefined;
  const [dashboardRole, dashboardRoleBinding] = dashboardRbac(cluster, nodeGroups);
  return { controlPlaneMonitor: controlPlaneMonitor(cluster), etcdMonitor: etcdMonitor(cluster), dashboardRole, dashboardRoleBinding };
}

/** The integration objects in output order. */
export function platformIntegrationObjects(p: RenderedPlatformIntegration | undefined): KubeObject[] {
  return p === undefined ? [] : [p.controlPlaneMonitor, ...(p.etcdMonitor ? [p.etcdMonitor] : []), p.dashboardRole, p.dashboardRoleBinding];
}
