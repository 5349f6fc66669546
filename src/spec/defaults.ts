import type { NodeGroupSpec } from './types';

/** The node group every cluster gets when it declares none (the chart's default `md0`). */
export const DEFAULT_NODE_GROUP_NAME = 'md0';

/**
 * The default `md0` group. Given only when `nodeGroups` is left out, so it can be dropped (fixed upstream in 7e3c5f99d).
 * It keeps the seed chart's `ephemeralStorage` (the v0.37 values.yaml document is made from it); the alias of
 * `diskSize` means the same on every platform line.
 */
// Frozen at run time; the spec's list types are mutable arrays (the multi-language schema has no read-only lists).
export const DEFAULT_NODE_GROUP: NodeGroupSpec = Object.freeze({
  minReplicas: 0,
  maxReplicas: 10,
  instanceType: 'u1.medium',
  ephemeralStorage: '20Gi',
  roles: Object.freeze(['ingress-nginx']) as string[],
  resources: Object.freeze({}),
  gpus: Object.freeze([]) as [],
});

export const DEFAULTS = Object.freeze({
  storageClass: 'replicated',
  minReplicas: 0,
  maxReplicas: 10,
  instanceType: 'u1.medium',
  /** A node group's data disk. */
  diskSize: '20Gi',
  /** The kubelet's memory eviction thresholds (platform lines with kubelet reservations). */
  evictionHardMemory: '7%',
  evictionSoftMemory: '10%',
  controlPlaneReplicas: 2,
  exposeMethod: 'Proxied',
  clusterDomain: 'cozy.local',
  // MachineHealthCheck thresholds: the seed's 30s / 300s / 10m replaced machines that were merely slow
  // (fixed upstream in 33701800d, ddb15ebc6, 371054127).
  unknownTimeout: '5m',
  notReadyTimeout: '10m',
  nodeStartupTimeout: '20m',
  // What CAPI's webhook would default, rendered so the output does not depend on it: remediation never pauses.
  maxUnhealthy: '100%',
  // Without it the autoscaler gives up on slow VM joins after its built-in 15 minutes (upstream 83f0eef64).
  maxNodeProvisionTime: '30m',
  etcdReplicas: 3,
  etcdSize: '4Gi',
  etcdCpu: '1000m',
  etcdMemory: '512Mi',
  /** The NVIDIA driver needs at least this much guest memory. */
  gpuMinimumMemory: '4Gi',
  etcdDefrag: true,
  platformIntegration: false,
  addonEnabled: false,
  teardownHelmHook: false,
  /** Every wait of the cleanup Job. */
  teardownWaitTimeout: '5m',
  /** A caller's addon (`addAddon`, `extraAddons`): after the CNI, into a namespace it creates, Helm timeout. */
  customAddonDependsOn: Object.freeze(['cilium']),
  customAddonCreateNamespace: true,
  customAddonTimeout: '10m',
} as const);
