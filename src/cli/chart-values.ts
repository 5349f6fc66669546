// The reference chart's values.yaml (Cozystack packages/apps/kubernetes @ 963277233), the document `synth` and
// `teardown` coalesce the user's values over, as Helm coalesces them over a chart's values.yaml. Its keys and
// defaults are the chart's README parameter table and values.schema.json (spec §4): note that `nodeGroups` ships
// `md0`, so `md0` is there unless a values file removes it with `md0: null`.
import type { Values } from './values';

const DEFAULTS = {
  storageClass: 'replicated',
  nodeGroups: {
    md0: {
      minReplicas: 0,
      maxReplicas: 10,
      instanceType: 'u1.medium',
      ephemeralStorage: '20Gi',
      roles: ['ingress-nginx'],
      resources: {},
      gpus: [],
    },
  },
  version: 'v1.33',
  host: '',
  addons: {
    certManager: { enabled: false, valuesOverride: {} },
    cilium: { valuesOverride: {} },
    gatewayAPI: { enabled: false },
    ingressNginx: { enabled: false, exposeMethod: 'Proxied', hosts: [], valuesOverride: {} },
    gpuOperator: { enabled: false, valuesOverride: {} },
    fluxcd: { enabled: false, valuesOverride: {} },
    monitoringAgents: { enabled: false, valuesOverride: {} },
    verticalPodAutoscaler: { valuesOverride: {} },
    velero: { enabled: false, valuesOverride: {} },
    coredns: { valuesOverride: {} },
  },
  controlPlane: {
    replicas: 2,
    apiServer: { resources: {}, resourcesPreset: 'medium' },
    controllerManager: { resources: {}, resourcesPreset: 'micro' },
    scheduler: { resources: {}, resourcesPreset: 'micro' },
    konnectivity: { server: { resources: {}, resourcesPreset: 'micro' } },
  },
};

/** A fresh copy of the reference chart's values.yaml (callers may change it). */
export function referenceChartValues(): Values {
  return JSON.parse(JSON.stringify(DEFAULTS)) as Values;
}
