// Platform line v0.37: the seed's platform, Cozystack 963277233 (2025-10-28). Everything as the project rendered it
// before platform lines existed; test/unit/golden.test.ts pins its output.
import type { KubernetesMinorVersion } from '../versions';
import { LEGACY_PRESET_NAMES } from '../presets';
import { INSTANCE_TYPE_GPUS, INSTANCE_TYPES } from './instance-types-v0-37.data';
import { SHARED_IMAGES } from './shared-images';
import type { AddonDependency, LineAddonCatalogue, LineChartSource, LineKubernetesVersion, PlatformLine } from './types';

const DISK_REPOSITORY = 'ghcr.io/cozystack/cozystack/ubuntu-container-disk';
/** The one disk the seed pins (`images/ubuntu-container-disk.tag`), built for v1.33. */
const PINNED_V1_33_DISK = `${DISK_REPOSITORY}:v1.33@sha256:a09724a7f95283f9130b3da2a89d81c4c6051c6edf0392a81b6fc90f404b76b6`;

/** `files/versions.yaml@963277233`. The seed pins only the v1.33 disk; other minors take the repository's minor tag. */
const PATCHES: readonly [KubernetesMinorVersion, string][] = [
  ['v1.28', 'v1.28.15'],
  ['v1.29', 'v1.29.15'],
  ['v1.30', 'v1.30.14'],
  ['v1.31', 'v1.31.10'],
  ['v1.32', 'v1.32.6'],
  ['v1.33', 'v1.33.0'],
];

const versions: readonly LineKubernetesVersion[] = PATCHES.map(([minor, patch]) =>
  Object.freeze({
    minor,
    patch,
    workerContainerDisk: minor === 'v1.33' ? PINNED_V1_33_DISK : `${DISK_REPOSITORY}:${minor}`,
    konnectivityVersion: undefined,
  }),
);

/** The seed's one HelmRepository of every system chart (`cozy-<addon>` charts). */
const SYSTEM_CHARTS: LineChartSource = Object.freeze({
  kind: 'HelmRepository',
  name: 'cozystack-system',
  namespace: 'cozy-system',
  version: '>= 0.0.0-0',
});

const addon = (...dependsOn: AddonDependency[]) => Object.freeze({ dependsOn: Object.freeze(dependsOn), source: SYSTEM_CHARTS });

/**
 * The seed's 16 addons and its graph minus its deadlocks: no edge to the parent HelmRelease (f6c737983), and the
 * VictoriaMetrics operator waits for cert-manager's CRDs only when cert-manager is on (2b1d3e904).
 */
const ADDONS: LineAddonCatalogue = Object.freeze({
  cilium: addon({ id: 'gatewayApiCrds', when: 'gatewayAPI' }),
  coredns: addon('cilium'),
  csi: addon('vsnapCrd'),
  vsnapCrd: addon('cilium'),
  certManagerCrds: addon('cilium'),
  certManager: addon('cilium', 'certManagerCrds'),
  gatewayApiCrds: addon(),
  ingressNginx: addon('cilium'),
  gpuOperator: addon('cilium'),
  fluxcdOperator: addon('cilium'),
  fluxcd: addon('cilium', 'fluxcdOperator'),
  monitoringAgents: addon('victoriaMetricsOperator', 'verticalPodAutoscalerCrds'),
  victoriaMetricsOperator: addon('cilium', { id: 'certManagerCrds', when: 'certManager' }),
  verticalPodAutoscaler: addon('monitoringAgents'),
  verticalPodAutoscalerCrds: addon('cilium'),
  velero: addon('cilium'),
});

export const V0_37: PlatformLine = Object.freeze({
  release: 'v0.37',
  cozystack: 'Cozystack 963277233',
  versions: Object.freeze(versions),
  defaultVersion: 'v1.33',
  images: Object.freeze({
    ...SHARED_IMAGES,
    clusterAutoscaler: 'ghcr.io/cozystack/cozystack/cluster-autoscaler:0.0.0@sha256:2d39989846c3579dd020b9f6c77e6e314cc81aa344eaac0f6d633e723c17196d',
    kubevirtCloudProvider:
      'ghcr.io/cozystack/cozystack/kubevirt-cloud-provider:0.0.0@sha256:5335c044313b69ee13b30ca4941687e509005e55f4ae25723861edbf2fbd6dd2',
    kubevirtCsiDriver:
      'ghcr.io/cozystack/cozystack/kubevirt-csi-driver:0.0.0@sha256:c8b08084a86251cdd18e237de89b695bca0e4f7eb1f1f6ddc2b903b4d74ea5ff',
    waitForKubeconfig: undefined,
  }),
  instanceTypes: INSTANCE_TYPES,
  instanceTypeGpus: INSTANCE_TYPE_GPUS,
  helmControllerVersion: '1.3.0',
  ignoreConntrackPreflightBelow: 32,
  applicationLabels: false,

  // Control plane, platform components, Proxied ingress, teardown.
  presets: LEGACY_PRESET_NAMES,
  defaultPresets: Object.freeze({ apiServer: 'medium', component: 'micro' }),
  csiControllerOnlyFlag: false,
  csiCiliumNetworkPolicies: false,
  cleanupHook: Object.freeze({ jobDeletePolicy: 'before-hook-creation,hook-succeeded', rbacDeletePolicy: 'before-hook-creation,hook-succeeded' }),
  // Node pools: the seed's emptyDisk, no reservations, the disk's kubelet.
  workerStorage: 'ephemeral',
  kubeletReservations: false,
  workerKubeletUpdate: false,
  keepKubeadmConfigTemplates: false,
  gpuNodeLabel: false,
  // Addons.
  addons: ADDONS,
  addonSourceKinds: Object.freeze(['HelmRepository', 'GitRepository', 'Bucket'] as const),
  customAddonSource: SYSTEM_CHARTS,
  addonShardingLabel: false,
  addonValues: Object.freeze({
    certManagerGatewayApi: false,
    gpuOperatorDefaults: false,
    logsInsert: Object.freeze({ service: 'vlogs-generic', port: 9428 }),
  }),
});
