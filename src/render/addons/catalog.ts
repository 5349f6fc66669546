// The built-in addon HelmReleases (spec §1.11): what each installs and where. When each is rendered and what it waits
// for is validation's (spec/addon-graph.ts).
import type { BuiltInAddonId } from '../../spec/addon-ids';
import type { ResolvedCluster } from '../../spec/resolved';
import { isEmpty, mergeValues } from './merge';
import {
  certManagerValues,
  ciliumValues,
  corednsValues,
  fluxcdOperatorValues,
  gpuOperatorValues,
  ingressNginxValues,
  monitoringAgentsValues,
  ouroborosValues,
  verticalPodAutoscalerValues,
} from './values';

/** What a built-in addon installs. */
export interface BuiltInAddon {
  readonly releaseName: string;
  /** The chart in the reference platform's HelmRepository (`chart.spec` sources; v1.5 names its ExternalArtifact instead). */
  readonly chart: string;
  readonly targetNamespace: string;
  /** `undefined`: helm-controller's default (5m). */
  readonly timeout: string | undefined;
  readonly createNamespace: boolean;
  /** `capi`: the CAPI kubeconfig Secret (Flux reads key `value`); `admin`: `super-admin.svc` of the admin Secret. */
  readonly kubeconfig: 'admin' | 'capi';
  /** CNI and CSI: retried rather than remediated by uninstalling, where helm-controller supports it. */
  readonly retryOnFailure: boolean;
  /** `spec.values`, or `undefined` for none. */
  readonly values: (c: ResolvedCluster) => Record<string, unknown> | undefined;
}

const passThrough = (v: Readonly<Record<string, unknown>>) => (isEmpty(v) ? undefined : { ...v });

/** Every built-in addon of every line, by id (output order is BUILT_IN_ADDON_IDS'; which a line has is the line's). */
export const BUILT_IN_ADDONS: { readonly [K in BuiltInAddonId]: BuiltInAddon } = {
  cilium: {
    releaseName: 'cilium',
    chart: 'cozy-cilium',
    targetNamespace: 'cozy-cilium',
    timeout: '10m',
    createNamespace: true,
    kubeconfig: 'admin',
    retryOnFailure: true,
    values: (c) => mergeValues(ciliumValues(c), c.addons.cilium.valuesOverride),
  },
  coredns: {
    releaseName: 'coredns',
    chart: 'cozy-coredns',
    targetNamespace: 'kube-system',
    timeout: '10m',
    createNamespace: false,
    kubeconfig: 'admin',
    retryOnFailure: false,
    values: (c) => mergeValues(corednsValues(), c.addons.coredns.valuesOverride),
  },
  csi: {
    // 10m like the others: helm-controller's 5m default made slow installs loop through uninstall (d8ba954e9).
    releaseName: 'csi',
    chart: 'cozy-kubevirt-csi-node',
    targetNamespace: 'cozy-csi',
    timeout: '10m',
    createNamespace: true,
    kubeconfig: 'admin',
    retryOnFailure: true,
    values: (c) => (c.storageClass !== undefined ? { storageClass: c.storageClass } : undefined),
  },
  vsnapCrd: {
    releaseName: 'vsnap-crd',
    chart: 'cozy-vsnap-crd',
    targetNamespace: 'cozy-vsnap-crd',
    timeout: '10m',
    createNamespace: true,
    kubeconfig: 'admin',
    retryOnFailure: false,
    values: () => undefined,
  },
  metricsServer: {
    releaseName: 'metrics-server',
    chart: 'cozy-metrics-server',
    targetNamespace: 'cozy-monitoring',
    timeout: '10m',
    createNamespace: true,
    kubeconfig: 'admin',
    retryOnFailure: false,
    values: () => undefined,
  },
  prometheusOperatorCrds: {
    releaseName: 'prometheus-operator-crds',
    chart: 'cozy-prometheus-operator-crds',
    targetNamespace: 'cozy-victoria-metrics-operator',
    timeout: undefined,
    createNamespace: true,
    kubeconfig: 'admin',
    retryOnFailure: false,
    values: () => undefined,
  },
  certManagerCrds: {
    releaseName: 'cert-manager-crds',
    chart: 'cozy-cert-manager-crds',
    targetNamespace: 'cozy-cert-manager-crds',
    timeout: '10m',
    createNamespace: true,
    kubeconfig: 'admin',
    retryOnFailure: false,
    values: () => undefined, // its override arrives through valuesFrom (see helm-release.ts)
  },
  certManager: {
    releaseName: 'cert-manager',
    chart: 'cozy-cert-manager',
    targetNamespace: 'cozy-cert-manager',
    timeout: '10m',
    createNamespace: true,
    kubeconfig: 'admin',
    retryOnFailure: false,
    values: (c) => certManagerValues(c),
  },
  gatewayApiCrds: {
    releaseName: 'gateway-api-crds',
    chart: 'cozy-gateway-api-crds',
    targetNamespace: 'kube-system',
    timeout: '10m',
    createNamespace: false,
    kubeconfig: 'admin',
    retryOnFailure: false,
    values: () => undefined,
  },
  ingressNginx: {
    releaseName: 'ingress-nginx',
    chart: 'cozy-ingress-nginx',
    targetNamespace: 'cozy-ingress-nginx',
    timeout: '10m',
    createNamespace: true,
    kubeconfig: 'admin',
    retryOnFailure: false,
    values: (c) => mergeValues(ingressNginxValues(c), c.addons.ingressNginx.valuesOverride),
  },
  ouroboros: {
    releaseName: 'ouroboros',
    chart: 'cozy-ouroboros',
    targetNamespace: 'cozy-ouroboros',
    timeout: '10m',
    createNamespace: true,
    kubeconfig: 'admin',
    retryOnFailure: false,
    values: (c) => mergeValues(ouroborosValues(c), c.addons.ouroboros.valuesOverride),
  },
  gpuOperator: {
    releaseName: 'gpu-operator',
    chart: 'cozy-gpu-operator',
    targetNamespace: 'cozy-gpu-operator',
    timeout: '10m',
    createNamespace: true,
    kubeconfig: 'admin',
    retryOnFailure: false,
    values: (c) => gpuOperatorValues(c),
  },
  hami: {
    releaseName: 'hami',
    chart: 'cozy-hami',
    targetNamespace: 'cozy-hami',
    timeout: '10m',
    createNamespace: true,
    kubeconfig: 'admin',
    retryOnFailure: false,
    values: (c) => passThrough(c.addons.hami.valuesOverride),
  },
  fluxcdOperator: {
    releaseName: 'fluxcd-operator',
    chart: 'cozy-fluxcd-operator',
    targetNamespace: 'cozy-fluxcd',
    timeout: '10m',
    createNamespace: true,
    kubeconfig: 'admin',
    retryOnFailure: false,
    values: () => fluxcdOperatorValues(),
  },
  fluxcd: {
    releaseName: 'fluxcd',
    chart: 'cozy-fluxcd',
    targetNamespace: 'cozy-fluxcd',
    timeout: undefined,
    createNamespace: true,
    kubeconfig: 'capi',
    retryOnFailure: false,
    values: (c) => passThrough(c.addons.fluxcd.valuesOverride),
  },
  monitoringAgents: {
    releaseName: 'cozy-monitoring-agents',
    chart: 'cozy-monitoring-agents',
    targetNamespace: 'cozy-monitoring',
    timeout: '10m',
    createNamespace: true,
    kubeconfig: 'admin',
    retryOnFailure: false,
    // The seed declared this override but never read it; here it is merged like the others.
    values: (c) => mergeValues(monitoringAgentsValues(c), c.addons.monitoringAgents.valuesOverride),
  },
  victoriaMetricsOperator: {
    releaseName: 'cozy-victoria-metrics-operator',
    chart: 'cozy-victoria-metrics-operator',
    targetNamespace: 'cozy-victoria-metrics-operator',
    timeout: '10m',
    createNamespace: true,
    kubeconfig: 'admin',
    retryOnFailure: false,
    values: () => undefined,
  },
  verticalPodAutoscaler: {
    releaseName: 'vertical-pod-autoscaler',
    chart: 'cozy-vertical-pod-autoscaler',
    targetNamespace: 'cozy-vertical-pod-autoscaler',
    timeout: '10m',
    createNamespace: true,
    kubeconfig: 'admin',
    retryOnFailure: false,
    values: (c) => mergeValues(verticalPodAutoscalerValues(c), c.addons.verticalPodAutoscaler.valuesOverride),
  },
  verticalPodAutoscalerCrds: {
    releaseName: 'vertical-pod-autoscaler-crds',
    chart: 'cozy-vertical-pod-autoscaler-crds',
    targetNamespace: 'cozy-vertical-pod-autoscaler-crds',
    timeout: undefined,
    createNamespace: true,
    kubeconfig: 'admin',
    retryOnFailure: false,
    values: () => undefined,
  },
  velero: {
    releaseName: 'velero',
    chart: 'cozy-velero',
    targetNamespace: 'cozy-velero',
    timeout: '10m',
    createNamespace: true,
    kubeconfig: 'admin',
    retryOnFailure: false,
    values: (c) => passThrough(c.addons.velero.valuesOverride),
  },
};
