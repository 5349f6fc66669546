// The built-in addon HelmReleases, by id: the one list every table keyed by addon (types, chart sources, names,
// the render catalog) is checked against. Which of them a platform line has is the line's (its `addonGraph`).

/**
 * Every built-in addon HelmRelease of every platform line, by id, in output order. The ids only v1.5 has sit beside
 * their kin: metrics-server and the Prometheus operator CRDs with the other always-on addons (where the v1.5.4 chart
 * renders them), HAMi after the GPU operator it runs on, ouroboros after the ingress-nginx it fixes hairpin NAT for
 * (the chart renders it last). A line's output is this list filtered by the line, so v0.37's order is unchanged.
 */
export const BUILT_IN_ADDON_IDS = [
  'cilium',
  'coredns',
  'csi',
  'vsnapCrd',
  'metricsServer',
  'prometheusOperatorCrds',
  'certManagerCrds',
  'certManager',
  'gatewayApiCrds',
  'ingressNginx',
  'ouroboros',
  'gpuOperator',
  'hami',
  'fluxcdOperator',
  'fluxcd',
  'monitoringAgents',
  'victoriaMetricsOperator',
  'verticalPodAutoscaler',
  'verticalPodAutoscalerCrds',
  'velero',
] as const;

/** The addon HelmReleases a tenant cluster can get, by id. */
export type BuiltInAddonId = (typeof BUILT_IN_ADDON_IDS)[number];
