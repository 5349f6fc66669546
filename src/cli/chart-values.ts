// The reference chart's values.yaml (Cozystack packages/apps/kubernetes @ 963277233), the document `synth` and
// `teardown` coalesce the user's values over, as Helm coalesces them over a chart's values.yaml. Its keys and
// defaults are the chart's README parameter table and values.schema.json (spec §4): note that `nodeGroups` ships
// `md0`, so `md0` is there unless a values file removes it with `md0: null`.
import { DEFAULT_NODE_GROUP, DEFAULT_NODE_GROUP_NAME, DEFAULTS } from '../spec/defaults';
import { PLATFORM_LINES } from '../spec/platform-lines';
import type { Values } from './values';

const off = { enabled: DEFAULTS.addonEnabled, valuesOverride: {} };

// Every value comes from the spec's defaults (one table), so the CLI and the library cannot drift apart; only the
// chart's shape is written here (test/unit/cli-chart-values.test.ts checks it against the spec's keys and toggles).
const DEFAULTS_DOCUMENT = {
  storageClass: DEFAULTS.storageClass,
  nodeGroups: { [DEFAULT_NODE_GROUP_NAME]: DEFAULT_NODE_GROUP },
  version: PLATFORM_LINES['v0.37'].defaultVersion,
  host: '',
  addons: {
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
  },
  controlPlane: {
    replicas: DEFAULTS.controlPlaneReplicas,
    apiServer: { resources: {}, resourcesPreset: DEFAULTS.apiServerPreset },
    controllerManager: { resources: {}, resourcesPreset: DEFAULTS.componentPreset },
    scheduler: { resources: {}, resourcesPreset: DEFAULTS.componentPreset },
    konnectivity: { server: { resources: {}, resourcesPreset: DEFAULTS.componentPreset } },
  },
};

/** A fresh copy of the reference chart's values.yaml (callers may change it). */
export function referenceChartValues(): Values {
  return JSON.parse(JSON.stringify(DEFAULTS_DOCUMENT)) as Values;
}
