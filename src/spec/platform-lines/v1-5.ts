// Platform line v1.5: Cozystack v1.5.4 (fe2fbd0d2, 2026-08-19), read from its packages/apps/kubernetes chart
// (files/versions.yaml, files/konnectivity-versions.yaml, images/*.tag) and the platform packages it pins.
import type { KubernetesMinorVersion } from '../versions';
import { PRESET_NAMES } from '../presets';
import { INSTANCE_TYPE_GPUS, INSTANCE_TYPES } from './instance-types-v1-5.data';
import { SHARED_IMAGES } from './shared-images';
import type { AddonDependency, LineAddonCatalogue, LineChartSource, LineKubernetesVersion, PlatformLine } from './types';

const DISK = 'ghcr.io/cozystack/cozystack/ubuntu-container-disk';

/** `files/versions.yaml@v1.5.4` and one pinned disk per minor, `images/ubuntu-container-disk-<minor>.tag`. */
const VERSIONS: readonly [KubernetesMinorVersion, string, string][] = [
  ['v1.30', 'v1.30.14', 'c4a4fb57a7fc921eea1941f825b9494791c6c73e5bec596b1a296cfae538e17f'],
  ['v1.31', 'v1.31.14', '0b9349137056e05bd99ede79fc650e293aa296b65126fa7a916a299096606340'],
  ['v1.32', 'v1.32.12', '7042a8ad12a73c5a18002eae195a888cbda5b21251043c27faf8d11bec9cb3d2'],
  ['v1.33', 'v1.33.8', '7cb962b00258485ae576d0ce41209fb6209a41ac617cb1e89a1116210e9bb791'],
  ['v1.34', 'v1.34.4', '3a084dfad0171d9779b56ac36331521088f3506b2bf00da9c115848df4e37272'],
  ['v1.35', 'v1.35.1', 'cac4d5ed8a4178761309bb308f961c990f5c0521d7bf943a601deee498a07112'],
];

/** `files/konnectivity-versions.yaml@v1.5.4` (3d89d3732): Kamaji's inferred konnectivity does not work with v1.35. */
const KONNECTIVITY: Readonly<Partial<Record<KubernetesMinorVersion, string>>> = { 'v1.35': 'v0.34.0' };

const versions: readonly LineKubernetesVersion[] = VERSIONS.map(([minor, patch, digest]) =>
  Object.freeze({
    minor,
    patch,
    workerContainerDisk: `${DISK}:${minor}-v1.5.4@sha256:${digest}`,
    konnectivityVersion: KONNECTIVITY[minor],
  }),
);

/**
 * Every addon chart is an ExternalArtifact of the PackageSource `cozystack.kubernetes-application` (variant
 * `kubevirt`), named `cozystack-kubernetes-application-kubevirt-` + the component (`kubernetes-<component>`), 22cd8f1dd.
 */
const artifact = (component: string): LineChartSource =>
  Object.freeze({
    kind: 'ExternalArtifact',
    name: `cozystack-kubernetes-application-kubevirt-kubernetes-${component}`,
    namespace: 'cozy-system',
    version: '>= 0.0.0-0',
  });

const addon = (component: string, ...dependsOn: AddonDependency[]) =>
  Object.freeze({ dependsOn: Object.freeze(dependsOn), source: artifact(component) });

/**
 * The v1.5.4 chart's 20 addons and its graph (b1a55f5a3 "Granular kubernetes application extensions dependencies":
 * the CRD charts wait for nothing, csi waits for Cilium too; metrics-server and the Prometheus operator CRDs moved out
 * of the monitoring agents; 5378a5315 for the VictoriaMetrics operator; a3e2fbd74 HAMi; 7ab940f30 ouroboros).
 */
const ADDONS: LineAddonCatalogue = Object.freeze({
  cilium: addon('cilium', { id: 'gatewayApiCrds', when: 'gatewayAPI' }),
  coredns: addon('coredns', 'cilium'),
  csi: addon('kubevirt-csi-node', 'vsnapCrd', 'cilium'),
  vsnapCrd: addon('volumesnapshot-crd'),
  metricsServer: addon('metrics-server', 'cilium', 'prometheusOperatorCrds'),
  prometheusOperatorCrds: addon('prometheus-operator-crds'),
  certManagerCrds: addon('cert-manager-crds'),
  certManager: addon('cert-manager', 'cilium', 'certManagerCrds'),
  gatewayApiCrds: addon('gateway-api-crds'),
  ingressNginx: addon('ingress-nginx', 'cilium'),
  ouroboros: addon('ouroboros', 'cilium', 'coredns', 'ingressNginx', { id: 'gatewayApiCrds', when: 'gatewayAPI' }),
  gpuOperator: addon('gpu-operator', 'cilium'),
  hami: addon('hami', 'cilium', 'gpuOperator'),
  fluxcdOperator: addon('fluxcd-operator', 'cilium'),
  fluxcd: addon('fluxcd', 'cilium', 'fluxcdOperator'),
  monitoringAgents: addon('monitoring-agents', 'victoriaMetricsOperator', 'verticalPodAutoscalerCrds', 'prometheusOperatorCrds', 'metricsServer'),
  victoriaMetricsOperator: addon('victoria-metrics-operator', 'cilium', { id: 'certManagerCrds', when: 'certManager' }),
  verticalPodAutoscaler: addon('vertical-pod-autoscaler', 'monitoringAgents'),
  verticalPodAutoscalerCrds: addon('vertical-pod-autoscaler-crds'),
  velero: addon('velero', 'cilium'),
});

export const V1_5: PlatformLine = Object.freeze({
  release: 'v1.5',
  cozystack: 'Cozystack v1.5.4',
  versions: Object.freeze(versions),
  defaultVersion: 'v1.35',
  // The three Cozystack builds are rebuilt at v1.5.4; the hard-coded images are unchanged.
  images: Object.freeze({
    ...SHARED_IMAGES,
    clusterAutoscaler:
      'ghcr.io/cozystack/cozystack/cluster-autoscaler:v1.5.4@sha256:b4ac67d2f1ba9557a5e7d0d53ab4daf5efd2e78e441cf7cb5d99e8d54cd2f176',
    kubevirtCloudProvider:
      'ghcr.io/cozystack/cozystack/kubevirt-cloud-provider:v1.5.4@sha256:88f04b08cda502fdcdd90f2bdc429a8300eb8580a202ad26bbeca51bb9bd6431',
    kubevirtCsiDriver:
      'ghcr.io/cozystack/cozystack/kubevirt-csi-driver:v1.5.4@sha256:51b9a6c0b59dcb6dbffcbdeec613f1106a0f4bf8e5009ee41e64fea6dab21f8d',
    waitForKubeconfig: 'docker.io/library/busybox:1.37.0@sha256:1487d0af5f52b4ba31c7e465126ee2123fe3f2305d638e7827681e7cf6c83d5e',
  }),
  instanceTypes: INSTANCE_TYPES,
  instanceTypeGpus: INSTANCE_TYPE_GPUS,
  // Flux v2.8.0, embedded in the cozystack-operator.
  helmControllerVersion: '1.5.0',
  ignoreConntrackPreflightBelow: Infinity,
  // befbdf096, 99360dab2: the platform finds a cluster's VMs, load balancers and ingress by these labels.
  applicationLabels: true,

  // Control plane, platform components, Proxied ingress, teardown.
  // cozy-lib af86c9d5b: 40 instance-type presets, the 7 legacy names kept with their old numbers; defaults fdffedbd4.
  presets: PRESET_NAMES,
  defaultPresets: Object.freeze({ apiServer: 'c1.medium', component: 't1.micro' }),
  // The kubevirt-csi-driver wrapper (RWX filesystem volumes behind per-volume CiliumNetworkPolicies), 1af999a50.
  csiControllerOnlyFlag: true,
  csiCiliumNetworkPolicies: true,
  // templates/delete.yaml@v1.5.4: the Job is kept when it fails, its RBAC is not.
  cleanupHook: Object.freeze({
    jobDeletePolicy: 'hook-succeeded,before-hook-creation',
    rbacDeletePolicy: 'hook-succeeded,before-hook-creation,hook-failed',
  }),
  // Node pools: 0ac228036 persistent disks, 5786afe8b reservations, d65d293fb kubelet update, 509a756ec keep,
  // 9c0e76dc0 GPU label.
  workerStorage: 'persistent',
  kubeletReservations: true,
  workerKubeletUpdate: true,
  keepKubeadmConfigTemplates: true,
  gpuNodeLabel: true,
  // Addons.
  addons: ADDONS,
  addonSourceKinds: Object.freeze(['HelmRepository', 'GitRepository', 'Bucket', 'ExternalArtifact', 'OCIRepository', 'HelmChart'] as const),
  // The platform has no repository for a caller's charts: the caller names the source (sourceName is required).
  customAddonSource: Object.freeze({ kind: 'HelmRepository', name: undefined, namespace: 'cozy-system', version: '>= 0.0.0-0' }),
  addonShardingLabel: true, // 22cd8f1dd: tenant HelmReleases go to the helm-controller shards
  addonValues: Object.freeze({
    certManagerGatewayApi: true, // 90ac6de47
    gpuOperatorDefaults: true, // 238a3b665
    logsInsert: Object.freeze({ service: 'vlinsert-generic', port: 9481 }), // d8bb3527d
  }),
});
