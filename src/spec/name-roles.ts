// Every name a tenant cluster gives an object, as a table: for each kind, the roles that share it and the suffix
// each role adds to the base name `kubernetes-<cluster>`. The names of `ClusterNames` are built from these suffixes,
// and validation derives its name rules from the same table (name-rules.ts), so that adding a role here is all it
// takes for the rules to keep every derived name an injective function of (namespace, cluster, role).
import type { BuiltInAddonId } from './types';

/** The suffix (`<base>-<suffix>`) of each fixed role. */
export const SUFFIX = {
  adminKubeconfig: 'admin-kubeconfig',
  capiKubeconfig: 'kubeconfig',
  kamajiCa: 'ca',
  datastoreConfig: 'datastore-config',
  etcd: 'etcd',
  etcdHeadless: 'etcd-headless',
  autoscaler: 'cluster-autoscaler',
  cloudController: 'kccm',
  cloudConfig: 'cloud-config',
  csi: 'kcsi',
  csiController: 'kcsi-controller',
  csiApp: 'kcsi-driver',
  proxiedIngress: 'ingress-nginx',
  dashboard: 'dashboard-resources',
  cleanup: 'cleanup',
  certManagerCrdsValues: 'cert-manager-crds-values-override',
} as const;

/** The etcd PKI objects (`<base>-etcd-<suffix>`) and the Secrets cert-manager writes for them (`…-tls`). */
export const ETCD_PKI = {
  certificates: ['ca', 'peer-ca', 'client', 'peer', 'server'],
  issuers: ['selfsigning-issuer', 'issuer', 'peer-issuer'],
  cronJobs: ['defrag'],
} as const;

/**
 * The HelmRelease of each built-in addon is `<base>-<suffix>`. The names of the addons only v1.5 has are reserved on
 * every line: a cluster keeps its names when it moves from v0.37 to v1.5, so a v0.37 cluster `foo-hami` would take
 * the name of cluster `foo`'s HAMi.
 */
export const ADDON_SUFFIXES: Readonly<Record<BuiltInAddonId, string>> = {
  cilium: 'cilium',
  coredns: 'coredns',
  csi: 'csi',
  vsnapCrd: 'vsnap-crd',
  metricsServer: 'metrics-server',
  prometheusOperatorCrds: 'prometheus-operator-crds',
  certManagerCrds: 'cert-manager-crds',
  certManager: 'cert-manager',
  gatewayApiCrds: 'gateway-api-crds',
  ingressNginx: 'ingress-nginx',
  ouroboros: 'ouroboros',
  gpuOperator: 'gpu-operator',
  hami: 'hami',
  fluxcdOperator: 'fluxcd-operator',
  fluxcd: 'fluxcd',
  monitoringAgents: 'monitoring-agents',
  victoriaMetricsOperator: 'cozy-victoria-metrics-operator',
  verticalPodAutoscaler: 'vertical-pod-autoscaler',
  verticalPodAutoscalerCrds: 'vertical-pod-autoscaler-crds',
  velero: 'velero',
};

/** Who makes objects of a role: this library, or a controller (or the platform) from what it renders. */
export type NameOrigin = 'rendered' | 'controller';

/** The fixed roles of one kind in the tenant namespace: `''` is the base name itself. */
export interface KindRoles {
  readonly kind: string;
  readonly suffixes: readonly string[];
  readonly origin: NameOrigin;
}

const etcdPki = (list: readonly string[], tail = '') => list.map((s) => `${SUFFIX.etcd}-${s}${tail}`);

/**
 * The fixed roles in the tenant namespace, by kind. Node groups (`<base>-<group>`, and `<base>-<group>-<hash>` for
 * KubevirtMachineTemplates), the node groups' WorkloadMonitors (`<base>.<group>`) and the caller's addons
 * (`<base>.<id>`) are variable and listed in name-rules.ts. Controller-made names are the ones derived from ours
 * that we know of: Kamaji's Service and Secrets, etcd-operator's Services and StatefulSet, CAPI's kubeconfig Secret,
 * cert-manager's Secrets, and the reference platform's parent HelmRelease `<base>`.
 */
export const NAMESPACED_ROLES: readonly KindRoles[] = [
  { kind: 'Cluster', suffixes: [''], origin: 'rendered' },
  { kind: 'KamajiControlPlane', suffixes: [''], origin: 'rendered' },
  { kind: 'KubevirtCluster', suffixes: [''], origin: 'rendered' },
  { kind: 'WorkloadMonitor', suffixes: ['', SUFFIX.etcd], origin: 'rendered' },
  { kind: 'EtcdCluster', suffixes: [SUFFIX.etcd], origin: 'rendered' },
  { kind: 'Certificate', suffixes: etcdPki(ETCD_PKI.certificates), origin: 'rendered' },
  { kind: 'Issuer', suffixes: etcdPki(ETCD_PKI.issuers), origin: 'rendered' },
  { kind: 'CronJob', suffixes: etcdPki(ETCD_PKI.cronJobs), origin: 'rendered' },
  { kind: 'Deployment', suffixes: [SUFFIX.autoscaler, SUFFIX.cloudController, SUFFIX.csiController], origin: 'rendered' },
  { kind: 'ServiceAccount', suffixes: [SUFFIX.autoscaler, SUFFIX.cloudController, SUFFIX.csi, SUFFIX.cleanup], origin: 'rendered' },
  { kind: 'Role', suffixes: [SUFFIX.autoscaler, SUFFIX.cloudController, SUFFIX.csi, SUFFIX.dashboard, SUFFIX.cleanup], origin: 'rendered' },
  { kind: 'RoleBinding', suffixes: [SUFFIX.autoscaler, SUFFIX.cloudController, SUFFIX.csi, SUFFIX.dashboard, SUFFIX.cleanup], origin: 'rendered' },
  { kind: 'Job', suffixes: [SUFFIX.cleanup], origin: 'rendered' },
  { kind: 'ConfigMap', suffixes: [SUFFIX.cloudConfig], origin: 'rendered' },
  { kind: 'Service', suffixes: [SUFFIX.proxiedIngress], origin: 'rendered' },
  { kind: 'Ingress', suffixes: [SUFFIX.proxiedIngress], origin: 'rendered' },
  { kind: 'Secret', suffixes: [SUFFIX.certManagerCrdsValues], origin: 'rendered' },
  { kind: 'HelmRelease', suffixes: Object.values(ADDON_SUFFIXES), origin: 'rendered' },
  // Made from ours: Kamaji names its TenantControlPlane, Service and Secrets after the KamajiControlPlane,
  // etcd-operator its StatefulSet and Services after the EtcdCluster, CAPI the kubeconfig after the Cluster.
  { kind: 'TenantControlPlane', suffixes: [''], origin: 'controller' },
  { kind: 'Service', suffixes: ['', SUFFIX.etcd, SUFFIX.etcdHeadless], origin: 'controller' },
  { kind: 'StatefulSet', suffixes: [SUFFIX.etcd], origin: 'controller' },
  {
    kind: 'Secret',
    suffixes: [SUFFIX.adminKubeconfig, SUFFIX.capiKubeconfig, SUFFIX.kamajiCa, SUFFIX.datastoreConfig, ...etcdPki(ETCD_PKI.certificates, '-tls')],
    origin: 'controller',
  },
  // The reference platform installs each cluster as HelmRelease `<base>`, beside the addons' `<base>-<suffix>`.
  { kind: 'HelmRelease', suffixes: [''], origin: 'controller' },
];

/** The cluster-scoped (and kube-system) roles: `<namespace>-<base>[-<suffix>]`. */
export const GLOBAL_ROLES: readonly KindRoles[] = [
  { kind: 'DataStore', suffixes: [''], origin: 'rendered' },
  { kind: 'ClusterRole', suffixes: [SUFFIX.cloudController, SUFFIX.csi], origin: 'rendered' },
  { kind: 'ClusterRoleBinding', suffixes: [SUFFIX.cloudController, SUFFIX.csi], origin: 'rendered' },
  { kind: 'RoleBinding', suffixes: [SUFFIX.cloudController], origin: 'rendered' },
];
