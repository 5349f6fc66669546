// Renders addon HelmReleases: Flux installs each chart into the tenant cluster through its kubeconfig Secret.
import type { HelmReleaseSpecChartSpecSourceRefKind as SourceKind } from '../../../imports/helm.toolkit.fluxcd.io';
import { builtInAddonDependsOn, enabledBuiltInAddons } from '../../spec/addon-graph';
import type { BuiltInAddonId } from '../../spec/addon-ids';
import type { ResolvedChartSource, ResolvedCluster } from '../../spec/resolved';
import { CHART_REF_KINDS } from '../../spec/resolve-platform';
import type { KubeObject } from '../manifest';
import { proxiedIngressObjects, renderProxiedIngress } from '../ingress';
import { toYaml } from '../yaml';
import { BUILT_IN_ADDONS } from './catalog';
import { isEmpty } from './merge';
import { fluxHelm, k8s } from '../generated';

/** Label every addon HelmRelease carries, naming the tenant cluster it installs into (teardown selects by it). */
export const TARGET_CLUSTER_LABEL = 'cozystack.io/target-cluster-name';

/** Label that hands a HelmRelease to the platform's tenant helm-controller shards (v1.5, 22cd8f1dd). */
export const SHARDING_LABEL = Object.freeze({ key: 'sharding.fluxcd.io/key', value: 'tenants' });

/** Everything a HelmRelease is made from: a built-in addon resolved for a cluster, or one added by the caller. */
export interface AddonRelease {
  /** Addon id: a built-in id (`cilium`, `ingressNginx`, …) or the id given to `addAddon`. */
  readonly id: string;
  /** `metadata.name`. */
  readonly name: string;
  readonly releaseName: string;
  readonly chart: string;
  readonly source: ResolvedChartSource;
  readonly targetNamespace: string;
  readonly timeout: string | undefined;
  readonly createNamespace: boolean;
  readonly kubeconfig: 'admin' | 'capi';
  readonly retryOnFailure: boolean;
  /** `metadata.name`s of the HelmReleases (same namespace) installed first. */
  readonly dependsOn: readonly string[];
  readonly values: Readonly<Record<string, unknown>> | undefined;
  /** A Secret holding values, read through `valuesFrom` (key `values`). */
  readonly valuesFromSecret: string | undefined;
}

/**
 * A rendered addon: its HelmRelease and the companion objects applied before it (cert-manager CRDs' values Secret;
 * ingress-nginx's Proxied ingress Service and Ingress, which route to the ingress-nginx it installs).
 */
export interface RenderedAddon {
  readonly release: AddonRelease;
  readonly helmRelease: KubeObject;
  readonly companions: readonly KubeObject[];
}

function builtInRelease(cluster: ResolvedCluster, id: BuiltInAddonId): AddonRelease {
  const addon = BUILT_IN_ADDONS[id];
  const source = cluster.platform.addonCharts[id]!; // every addon the cluster renders is on its line
  const certManagerOverride = cluster.addons.certManager.valuesOverride;
  return {
    id,
    name: cluster.names.addon(id),
    releaseName: addon.releaseName,
    chart: source.chart ?? addon.chart,
    source,
    targetNamespace: addon.targetNamespace,
    timeout: addon.timeout,
    createNamespace: addon.createNamespace,
    kubeconfig: addon.kubeconfig,
    retryOnFailure: addon.retryOnFailure,
    dependsOn: builtInAddonDependsOn(cluster, id).map((d) => cluster.names.addon(d)),
    values: addon.values(cluster),
    // cert-manager's CRD chart gets the same override as cert-manager, from a Secret (as the reference chart does).
    valuesFromSecret: id === 'certManagerCrds' && !isEmpty(certManagerOverride) ? cluster.names.certManagerCrdsValues : undefined,
  };
}

/** The built-in addons a cluster gets, in output order. */
export function builtInReleases(cluster: ResolvedCluster): AddonRelease[] {
  return enabledBuiltInAddons(cluster).map((id) => builtInRelease(cluster, id));
}

/**
 * `spec.chartRef` of a one-chart source (ExternalArtifact, OCIRepository, HelmChart). Plain data: the generated class
 * comes from the v0.37 CRDs, whose `chartRef.kind` has no ExternalArtifact (test/unit/v1-5-addons.test.ts checks the
 * v1.5 CRD accepts it).
 */
function chartRef(source: ResolvedChartSource): Record<string, string> | undefined {
  if (!CHART_REF_KINDS.includes(source.sourceKind)) return undefined;
  return { kind: source.sourceKind, name: source.sourceName, namespace: source.sourceNamespace };
}

export function renderHelmRelease(cluster: ResolvedCluster, release: AddonRelease): KubeObject {
  const { HelmRelease, HelmReleaseSpecChartSpecReconcileStrategy: ReconcileStrategy, HelmReleaseSpecValuesFromKind: ValuesFromKind } = fluxHelm();
  const { names } = cluster;
  const secretRef =
    release.kubeconfig === 'capi'
      ? { name: names.capiKubeconfigSecret } // helm-controller reads key `value` of the CAPI Secret
      : { name: names.adminKubeconfigSecret, key: 'super-admin.svc' };
  const remediation = { retries: -1 }; // keep retrying: the tenant API may still be starting
  const ref = chartRef(release.source);
  const manifest = HelmRelease.manifest({
    metadata: {
      name: release.name,
      namespace: names.namespace,
      labels: {
        'cozystack.io/repository': 'system',
        [TARGET_CLUSTER_LABEL]: names.base,
        ...(cluster.platform.line.addonShardingLabel ? { [SHARDING_LABEL.key]: SHARDING_LABEL.value } : {}),
      },
    },
    spec: {
      releaseName: release.releaseName,
      ...(ref === undefined
        ? {
            chart: {
              spec: {
                chart: release.chart,
                reconcileStrategy: ReconcileStrategy.REVISION,
                sourceRef: {
                  kind: release.source.sourceKind as SourceKind,
                  name: release.source.sourceName,
                  namespace: release.source.sourceNamespace,
                },
                version: release.source.version,
              },
            },
          }
        : {}),
      kubeConfig: { secretRef },
      targetNamespace: release.targetNamespace,
      storageNamespace: release.targetNamespace,
      interval: '5m',
      ...(release.timeout !== undefined ? { timeout: release.timeout } : {}),
      // No `upgrade.force`: Helm 4 (Flux 2.8) refuses it together with server-side apply (7f94182a8).
      install: { ...(release.createNamespace ? { createNamespace: true } : {}), remediation },
      upgrade: { remediation },
      ...(release.valuesFromSecret !== undefined
        ? { valuesFrom: [{ kind: ValuesFromKind.SECRET, name: release.valuesFromSecret, valuesKey: 'values' }] }
        : {}),
      ...(release.dependsOn.length > 0 ? { dependsOn: release.dependsOn.map((name) => ({ name, namespace: names.namespace })) } : {}),
    },
  }) as { spec: Record<string, unknown> } & KubeObject;
  if (ref !== undefined) manifest.spec.chartRef = ref;
  // `values` is free-form JSON in the CRD: set it after the typed part, unconverted.
  if (release.values !== undefined) manifest.spec.values = release.values;
  if (release.retryOnFailure && cluster.platform.helmReleaseRetryStrategy) {
    // helm-controller ≥ 1.4: retry a failed CNI/CSI install or upgrade instead of uninstalling it (80a209044).
    const strategy = { name: 'RetryOnFailure', retryInterval: '30s' };
    manifest.spec.install = { ...(release.createNamespace ? { createNamespace: true } : {}), strategy };
    manifest.spec.upgrade = { strategy };
  }
  return manifest;
}

function renderCompanions(cluster: ResolvedCluster, release: AddonRelease): KubeObject[] {
  const { KubeSecret } = k8s();
  const companions: KubeObject[] = [];
  if (release.valuesFromSecret !== undefined) {
    companions.push(
      KubeSecret.manifest({
        metadata: { name: release.valuesFromSecret, namespace: cluster.names.namespace },
        stringData: { values: toYaml([cluster.addons.certManager.valuesOverride]) },
      }) as KubeObject,
    );
  }
  // The Proxied ingress belongs with the ingress-nginx it routes to (custom addon ids cannot be `ingressNginx`).
  if (release.id === 'ingressNginx') companions.push(...proxiedIngressObjects(renderProxiedIngress(cluster)));
  return companions;
}

export function renderAddon(cluster: ResolvedCluster, release: AddonRelease): RenderedAddon {
  return { release, helmRelease: renderHelmRelease(cluster, release), companions: renderCompanions(cluster, release) };
}
