import type { NodeGroupSpec } from './types';

/** The node group every cluster gets when it declares none (the chart's default `md0`). */
export const DEFAULT_NODE_GROUP_NAME = 'md0';

/** The default `md0` group. Given only when `nodeGroups` is left out, so it can be dropped (fixed upstream in 7e3c5f99d). */
export const DEFAULT_NODE_GROUP: NodeGroupSpec = Object.freeze({
  minReplicas: 0,
  maxReplicas: 10,
  instanceType: 'u1.medium',
  ephemeralStorage: '20Gi',
  roles: Object.freeze(['ingress-nginx']),
  resources: Object.freeze({}),
  gpus: Object.freeze([]),
});

export const DEFAULTS = Object.freeze({
  storageClass: 'replicated',
  minReplicas: 0,
  maxReplicas: 10,
  instanceType: 'u1.medium',
  ephemeralStorage: '20Gi',
  controlPlaneReplicas: 2,
  apiServerPreset: 'medium',
  componentPreset: 'micro',
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

/** Images of the reference platform (`images/*.tag` of the chart and the images its templates name). */
export const DEFAULT_IMAGES = Object.freeze({
  workerContainerDiskRepository: 'ghcr.io/cozystack/cozystack/ubuntu-container-disk',
  /** The pinned v1.33 disk of the reference chart. */
  workerContainerDiskV133:
    'ghcr.io/cozystack/cozystack/ubuntu-container-disk:v1.33@sha256:a09724a7f95283f9130b3da2a89d81c4c6051c6edf0392a81b6fc90f404b76b6',
  etcdDefrag: 'ghcr.io/ahrtr/etcd-defrag:v0.13.0',
  clusterAutoscaler: 'ghcr.io/cozystack/cozystack/cluster-autoscaler:0.0.0@sha256:2d39989846c3579dd020b9f6c77e6e314cc81aa344eaac0f6d633e723c17196d',
  kubevirtCloudProvider:
    'ghcr.io/cozystack/cozystack/kubevirt-cloud-provider:0.0.0@sha256:5335c044313b69ee13b30ca4941687e509005e55f4ae25723861edbf2fbd6dd2',
  kubevirtCsiDriver: 'ghcr.io/cozystack/cozystack/kubevirt-csi-driver:0.0.0@sha256:c8b08084a86251cdd18e237de89b695bca0e4f7eb1f1f6ddc2b903b4d74ea5ff',
  csiProvisioner: 'quay.io/openshift/origin-csi-external-provisioner:latest',
  csiAttacher: 'quay.io/openshift/origin-csi-external-attacher:latest',
  csiLivenessProbe: 'quay.io/openshift/origin-csi-livenessprobe:latest',
  csiSnapshotter: 'registry.k8s.io/sig-storage/csi-snapshotter:v8.3.0',
  snapshotController: 'registry.k8s.io/sig-storage/snapshot-controller:v8.3.0',
  csiResizer: 'registry.k8s.io/sig-storage/csi-resizer:v1.13.1',
  kubectl: 'docker.io/clastix/kubectl:v1.32',
});

/** Where addon charts come from on the reference platform. */
export const DEFAULT_CHART_SOURCE = Object.freeze({
  sourceKind: 'HelmRepository',
  sourceName: 'cozystack-system',
  sourceNamespace: 'cozy-system',
  version: '>= 0.0.0-0',
});

/** The helm-controller whose CRD is pinned (Flux 2.6). */
export const DEFAULT_HELM_CONTROLLER_VERSION = '1.3.0';
