// The reference chart's values.yaml of each platform line, the document `synth` and `teardown` coalesce the user's
// values over, as Helm coalesces them over a chart's values.yaml: Cozystack packages/apps/kubernetes at 963277233
// (`v0.37`) and at v1.5.4 (`v1.5`). Its keys and defaults are the chart's README parameter table and
// values.schema.json (spec §4; the v1.5.4 chart's §2 delta): note that `nodeGroups` ships `md0` on both lines, so
// `md0` is there unless a values file removes it with `md0: null`.
import { DEFAULT_NODE_GROUP, DEFAULT_NODE_GROUP_NAME, DEFAULTS } from '../spec/defaults';
import { DEFAULT_PLATFORM_RELEASE, PLATFORM_LINES, type PlatformLine, type PlatformRelease } from '../spec/platform-lines';
import type { TenantKubernetesClusterSpec } from '../spec/types';
import type { Values } from './values';

/** The top-level `images` of the v1.5 chart's values. */
export interface ChartImagesValues {
  /**
   * Image with `sh` for the init container that waits for the admin kubeconfig; `""` is the platform's pinned busybox
   * (it becomes `platform.images.waitForKubeconfig`).
   * @default ''
   */
  readonly waitForKubeconfig?: string;
}

/**
 * A values file of the CLI (`synth -f`, `teardown -f`, `diff -f`): the reference chart's values, read and merged as
 * Helm v3 does and coalesced over the chart's values.yaml of the platform line (docs/values.md). It is the
 * description without the keys the command-line flags set (`name`, `tenant`, `platformIntegration`), plus the v1.5
 * chart's top-level `images`. A `null` deletes a key, the chart's default included.
 */
export interface ChartValuesFile extends Omit<TenantKubernetesClusterSpec, 'name' | 'tenant' | 'platformIntegration'> {
  /**
   * Images of the v1.5 chart's values; on v0.37 too, read as `platform.images.waitForKubeconfig`.
   * @default { waitForKubeconfig: '' }
   */
  readonly images?: ChartImagesValues;
}

const off = { enabled: DEFAULTS.addonEnabled, valuesOverride: {} };

/** The addons of the seed chart, every toggle off. */
const SEED_ADDONS = {
  certManager: off,
  cilium: { valuesOverride: {} },
  gatewayAPI: { enabled: DEFAULTS.addonEnabled },
  ingressNginx: { ...off, exposeMethod: DEFAULTS.exposeMethod, hosts: [] },
  gpuOperator: off,
  fluxcd: off,
  monitoringAgents: off,
  verticalPodAutoscaler: { valuesOverride: {} },
  velero: off,
  coredns: { valuesOverride: {} },
};

const controlPlane = ({ apiServer, component }: PlatformLine['defaultPresets']) => ({
  replicas: DEFAULTS.controlPlaneReplicas,
  apiServer: { resources: {}, resourcesPreset: apiServer },
  controllerManager: { resources: {}, resourcesPreset: component },
  scheduler: { resources: {}, resourcesPreset: component },
  konnectivity: { server: { resources: {}, resourcesPreset: component } },
});

// Every value comes from the spec's defaults and the platform lines (one table each), so the CLI and the library
// cannot drift apart; only the chart's shape is written here (test/unit/cli-chart-values.test.ts checks it against the
// spec's keys and toggles).
const DOCUMENTS: { readonly [R in PlatformRelease]: Values } = {
  'v0.37': {
    storageClass: DEFAULTS.storageClass,
    nodeGroups: { [DEFAULT_NODE_GROUP_NAME]: DEFAULT_NODE_GROUP },
    version: PLATFORM_LINES['v0.37'].defaultVersion,
    host: '',
    addons: SEED_ADDONS,
    controlPlane: controlPlane(PLATFORM_LINES['v0.37'].defaultPresets),
  },
  'v1.5': {
    storageClass: DEFAULTS.storageClass,
    // values.yaml@v1.5.4: the data disk is `diskSize`, and md0 ships an empty `kubelet` and `storageClass`.
    nodeGroups: {
      [DEFAULT_NODE_GROUP_NAME]: {
        minReplicas: DEFAULT_NODE_GROUP.minReplicas,
        maxReplicas: DEFAULT_NODE_GROUP.maxReplicas,
        instanceType: DEFAULT_NODE_GROUP.instanceType,
        diskSize: DEFAULTS.diskSize,
        roles: DEFAULT_NODE_GROUP.roles,
        resources: {},
        gpus: [],
        kubelet: {},
        storageClass: '',
      },
    },
    version: PLATFORM_LINES['v1.5'].defaultVersion,
    host: '',
    addons: { ...SEED_ADDONS, hami: off, ouroboros: off },
    controlPlane: controlPlane(PLATFORM_LINES['v1.5'].defaultPresets),
    // `images.waitForKubeconfig: ""` is the pinned busybox (src/cli/values.ts maps it to platform.images).
    images: { waitForKubeconfig: '' },
  },
};

/** A fresh copy of the reference chart's values.yaml of a platform line (callers may change it). */
export function referenceChartValues(release: PlatformRelease = DEFAULT_PLATFORM_RELEASE): Values {
  return JSON.parse(JSON.stringify(DOCUMENTS[release])) as Values;
}
