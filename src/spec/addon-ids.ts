// The built-in addon HelmReleases, by id: the one list every table keyed by addon (types, chart sources, names,
// the render catalog) is checked against.

/** Every built-in addon HelmRelease, by id, in output order. */
export const BUILT_IN_ADDON_IDS = [
  'cilium',
  'coredns',
  'csi',
  'vsnapCrd',
  'certManagerCrds',
  'certManager',
  'gatewayApiCrds',
  'ingressNginx',
  'gpuOperator',
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
