// All addon HelmReleases of a cluster: the built-in ones its toggles select, plus the caller's own.
import type { ResolvedCustomAddon } from '../../spec/addon-options';
import type { BuiltInAddonId } from '../../spec/addon-ids';
import type { ResolvedCluster } from '../../spec/resolved';
import type { KubeObject } from '../manifest';
import { BUILT_IN_ADDONS } from './catalog';
import { builtInReleases, renderAddon, type AddonRelease, type RenderedAddon } from './helm-release';

export * from './catalog';
export * from './helm-release';
export { mergeValues } from './merge';
export { CILIUM_MTU, PROXIED_NODE_PORTS } from './values';

/** The `metadata.name` an addon id renders to, for the built-in ids and the caller's. */
function releaseNameOf(cluster: ResolvedCluster, id: string): string {
  return Object.hasOwn(BUILT_IN_ADDONS, id) ? cluster.names.addon(id as BuiltInAddonId) : cluster.names.customAddon(id);
}

export function customRelease(cluster: ResolvedCluster, addon: ResolvedCustomAddon): AddonRelease {
  return {
    id: addon.id,
    name: releaseNameOf(cluster, addon.id),
    releaseName: addon.releaseName,
    chart: addon.chart,
    source: addon.source,
    targetNamespace: addon.targetNamespace,
    timeout: addon.timeout,
    createNamespace: addon.createNamespace,
    kubeconfig: 'admin',
    retryOnFailure: false,
    dependsOn: addon.dependsOn.map((id) => releaseNameOf(cluster, id)),
    values: addon.values,
    valuesFromSecret: undefined,
  };
}

/**
 * The releases of a cluster: the built-in ones its toggles select, then the caller's in the order given. The caller's
 * addons come from spec's `resolveCustomAddons` (or `checkAddonGraph`), which checked their graph.
 */
export function addonReleases(cluster: ResolvedCluster, custom: readonly ResolvedCustomAddon[] = []): AddonRelease[] {
  return [...builtInReleases(cluster), ...custom.map((a) => customRelease(cluster, a))];
}

/** Renders the built-in addons and the caller's (checked by spec). */
export function renderAddons(cluster: ResolvedCluster, custom: readonly ResolvedCustomAddon[] = []): RenderedAddon[] {
  return addonReleases(cluster, custom).map((r) => renderAddon(cluster, r));
}

/** The objects of rendered addons in output order (a values Secret before its HelmRelease). */
export function addonObjects(addons: readonly RenderedAddon[]): KubeObject[] {
  return addons.flatMap((a) => [...a.companions, a.helmRelease]);
}
