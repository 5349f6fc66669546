// The built-in addon HelmReleases (spec §1.11): what each installs, when, where, and after which others.
// The dependency graph is the seed's minus its deadlocks: no edge to the parent HelmRelease (f6c737983), and the
// VictoriaMetrics operator waits for cert-manager's CRDs only when cert-manager is on (2b1d3e904).
import type { ResolvedCluster } from '../../spec/resolved';
import type { BuiltInAddonId } from '../../spec/types';
import { isEmpty, mergeValues } from './merge';
import {
  ciliumValues, corednsValues, fluxcdOperatorValues, ingressNginxValues, monitoringAgentsValues, verticalPodAutoscalerValues,
} from './values';

/** What a built-in addon is. */
export interface BuiltInAddon {
  readonly id: BuiltInAddonId;
  readonly releaseName: string;
  /** The reference platform's chart. */
  readonly chart: string;
  readonly targetNamespace: string;
  /** `undefined`: helm-controller's default (5m). */
  readonly timeout: string | undefined;
  readonly createNamespace: boolean;
  /** `capi`: the CAPI kubeconfig Secret (Flux reads key `value`); `admin`: `super-admin.svc` of the admin Secret. */
  readonly kubeconfig: 'admin' | 'capi';
  /** CNI and CSI: retried rather than remediated by uninstalling, where helm-controller supports it. */
  readonly retryOnFailure: boolean;
  readonly enabled: (c: ResolvedCluster) => boolean;
  readonly dependsOn: (c: ResolvedCluster) => readonly BuiltInAddonId[];
  /** `spec.values`, or `undefined` for none. */
  readonly values: (c: ResolvedCluster) => Record<string, unknown> | undefined;
}

const always = () => true;
const passThrough = (v: Readonly<Record<string, unknown>>) => (isEmpty(v) ? undefined : { ...v });

/** Every built-in addon, in output order. */
export const BUILT_IN_ADDONS: readonly BuiltInAddon[] = [
  {
    id: 'cilium', releaseName: 'cilium', chart: 'cozy-cilium', targetNamespace: 'cozy-cilium', timeout: '10m',
    createNamespace: true, kubeconfig: 'admin', retryOnFailure: true, enabled: always,
    dependsOn: (c) => (c.addons.gatewayAPI.enabled ? ['gatewayApiCrds'] : []),
    values: (c) => mergeValues(ciliumValues(c), c.addons.cilium.valuesOverride),
  },
  {
    id: 'coredns', releaseName: 'coredns', chart: 'cozy-coredns', targetNamespace: 'kube-system', timeout: '10m',
    createNamespace: false, kubeconfig: 'admin', retryOnFailure: false, enabled: always,
    dependsOn: () => ['cilium'],
    values: (c) => mergeValues(corednsValues(), c.addons.coredns.valuesOverride),
  },
  {
    // 10m like the others: helm-controller's 5m default made slow installs loop through uninstall (d8ba954e9).
    id: 'csi', releaseName: 'csi', chart: 'cozy-kubevirt-csi-node', targetNamespace: 'cozy-csi', timeout: '10m',
    createNamespace: true, kubeconfig: 'admin', retryOnFailure: true, enabled: always,
    dependsOn: () => ['vsnapCrd'],
    values: (c) => (c.storageClass !== undefined ? { storageClass: c.storageClass } : undefined),
  },
  {
    id: 'vsnapCrd', releaseName: 'vsnap-crd', chart: 'cozy-vsnap-crd', targetNamespace: 'cozy-vsnap-crd', timeout: '10m',
    createNamespace: true, kubeconfig: 'admin', retryOnFailure: false, enabled: always,
    dependsOn: () => ['cilium'], values: () => undefined,
  },
  {
    id: 'certManagerCrds', releaseName: 'cert-manager-crds', chart: 'cozy-cert-manager-crds',
    targetNamespace: 'cozy-cert-manager-crds', timeout: '10m', createNamespace: true, kubeconfig: 'admin', retryOnFailure: false,
    enabled: (c) => c.addons.certManager.enabled,
    dependsOn: () => ['cilium'], values: () => undefined, // its override arrives through valuesFrom (see helm-release.ts)
  },
  {
    id: 'certManager', releaseName: 'cert-manager', chart: 'cozy-cert-manager', targetNamespace: 'cozy-cert-manager',
    timeout: '10m', createNamespace: true, kubeconfig: 'admin', retryOnFailure: false,
    enabled: (c) => c.addons.certManager.enabled,
    dependsOn: () => ['cilium', 'certManagerCrds'],
    values: (c) => passThrough(c.addons.certManager.valuesOverride),
  },
  {
    id: 'gatewayApiCrds', releaseName: 'gateway-api-crds', chart: 'cozy-gateway-api-crds', targetNamespace: 'kube-system',
    timeout: '10m', createNamespace: false, kubeconfig: 'admin', retryOnFailure: false,
    enabled: (c) => c.addons.gatewayAPI.enabled,
    dependsOn: () => [], values: () => undefined,
  },
  {
    id: 'ingressNginx', releaseName: 'ingress-nginx', chart: 'cozy-ingress-nginx', targetNamespace: 'cozy-ingress-nginx',
    timeout: '10m', createNamespace: true, kubeconfig: 'admin', retryOnFailure: false,
    enabled: (c) => c.addons.ingressNginx.enabled,
    dependsOn: () => ['cilium'],
    values: (c) => mergeValues(ingressNginxValues(c), c.addons.ingressNginx.valuesOverride),
  },
  {
    id: 'gpuOperator', releaseName: 'gpu-operator', chart: 'cozy-gpu-operator', targetNamespace: 'cozy-gpu-operator',
    timeout: '10m', createNamespace: true, kubeconfig: 'admin', retryOnFailure: false,
    enabled: (c) => c.addons.gpuOperator.enabled,
    dependsOn: () => ['cilium'],
    values: (c) => passThrough(c.addons.gpuOperator.valuesOverride),
  },
  {
    id: 'fluxcdOperator', releaseName: 'fluxcd-operator', chart: 'cozy-fluxcd-operator', targetNamespace: 'cozy-fluxcd',
    timeout: '10m', createNamespace: true, kubeconfig: 'admin', retryOnFailure: false,
    enabled: (c) => c.addons.fluxcd.enabled,
    dependsOn: () => ['cilium'], values: () => fluxcdOperatorValues(),
  },
  {
    id: 'fluxcd', releaseName: 'fluxcd', chart: 'cozy-fluxcd', targetNamespace: 'cozy-fluxcd',
    timeout: undefined, createNamespace: true, kubeconfig: 'capi', retryOnFailure: false,
    enabled: (c) => c.addons.fluxcd.enabled,
    dependsOn: () => ['cilium', 'fluxcdOperator'],
    values: (c) => passThrough(c.addons.fluxcd.valuesOverride),
  },
  {
    id: 'monitoringAgents', releaseName: 'cozy-monitoring-agents', chart: 'cozy-monitoring-agents',
    targetNamespace: 'cozy-monitoring', timeout: '10m', createNamespace: true, kubeconfig: 'admin', retryOnFailure: false,
    enabled: (c) => c.addons.monitoringAgents.enabled,
    dependsOn: () => ['victoriaMetricsOperator', 'verticalPodAutoscalerCrds'],
    // The seed declared this override but never read it; here it is merged like the others.
    values: (c) => mergeValues(monitoringAgentsValues(c), c.addons.monitoringAgents.valuesOverride),
  },
  {
    id: 'victoriaMetricsOperator', releaseName: 'cozy-victoria-metrics-operator',
    chart: 'cozy-victoria-metrics-operator', targetNamespace: 'cozy-victoria-metrics-operator', timeout: '10m', createNamespace: true,
    kubeconfig: 'admin', retryOnFailure: false,
    enabled: (c) => c.addons.monitoringAgents.enabled,
    dependsOn: (c) => (c.addons.certManager.enabled ? ['cilium', 'certManagerCrds'] : ['cilium']),
    values: () => undefined,
  },
  {
    id: 'verticalPodAutoscaler', releaseName: 'vertical-pod-autoscaler', chart: 'cozy-vertical-pod-autoscaler',
    targetNamespace: 'cozy-vertical-pod-autoscaler', timeout: '10m', createNamespace: true, kubeconfig: 'admin', retryOnFailure: false,
    enabled: (c) => c.addons.monitoringAgents.enabled,
    dependsOn: () => ['monitoringAgents'],
    values: (c) => mergeValues(verticalPodAutoscalerValues(c), c.addons.verticalPodAutoscaler.valuesOverride),
  },
  {
    id: 'verticalPodAutoscalerCrds', releaseName: 'vertical-pod-autoscaler-crds',
    chart: 'cozy-vertical-pod-autoscaler-crds', targetNamespace: 'cozy-vertical-pod-autoscaler-crds', timeout: undefined, createNamespace: true,
    kubeconfig: 'admin', retryOnFailure: false,
    enabled: (c) => c.addons.monitoringAgents.enabled,
    dependsOn: () => ['cilium'], values: () => undefined,
  },
  {
    id: 'velero', releaseName: 'velero', chart: 'cozy-velero', targetNamespace: 'cozy-velero', timeout: '10m',
    createNamespace: true, kubeconfig: 'admin', retryOnFailure: false,
    enabled: (c) => c.addons.velero.enabled,
    dependsOn: () => ['cilium'],
    values: (c) => passThrough(c.addons.velero.valuesOverride),
  },
];

/** Looks up a built-in addon by id. */
export function builtInAddon(id: BuiltInAddonId): BuiltInAddon {
  const found = BUILT_IN_ADDONS.find((a) => a.id === id);
  if (found === undefined) throw new Error(`unknown addon ${id}`);
  return found;
}
