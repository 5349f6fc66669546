// All addon HelmReleases of a cluster: the built-in ones its toggles select, plus the caller's own.
import type { ResolvedCustomAddon } from '../../spec/addon-options';
import { SpecValidationError, type SpecProblem } from '../../spec/errors';
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
  const builtIn = BUILT_IN_ADDONS.find((a) => a.id === id);
  return builtIn ? cluster.names.addon(builtIn.id) : cluster.names.customAddon(id);
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
 * Checks a set of releases: unique names, every dependency rendered, no cycle.
 *
 * @throws SpecValidationError naming the offending addons
 */
export function checkAddonGraph(releases: readonly AddonRelease[]): void {
  const problems: SpecProblem[] = [];
  const byName = new Map<string, AddonRelease>();
  for (const r of releases) {
    if (byName.has(r.name)) problems.push({ path: `addons.${r.id}`, value: r.name, message: 'renders a HelmRelease whose name another addon already has' });
    byName.set(r.name, r);
  }
  for (const r of releases) {
    r.dependsOn.forEach((d, i) => {
      if (!byName.has(d)) problems.push({ path: `addons.${r.id}.dependsOn[${i}]`, value: d, message: 'depends on a HelmRelease that is not rendered (a disabled or unknown addon)' });
    });
  }
  // Depth-first search for a cycle.
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(name)), name];
      problems.push({ path: `addons.${byName.get(name)!.id}.dependsOn`, value: cycle, message: 'the addons depend on each other in a cycle' });
      return;
    }
    state.set(name, 'visiting');
    for (const d of byName.get(name)?.dependsOn ?? []) if (byName.has(d)) visit(d, [...trail, name]);
    state.set(name, 'done');
  };
  for (const r of releases) visit(r.name, []);
  if (problems.length > 0) throw new SpecValidationError(problems);
}

/**
 * The releases of a cluster: the built-in ones its toggles select, then the caller's in the order given. The one
 * place the addon graph is checked, for every front end (cdk8s `addAddon` passes every addon added so far).
 *
 * @throws SpecValidationError naming the offending addons
 */
export function addonReleases(cluster: ResolvedCluster, custom: readonly ResolvedCustomAddon[] = []): AddonRelease[] {
  const releases = [...builtInReleases(cluster), ...custom.map((a) => customRelease(cluster, a))];
  checkAddonGraph(releases);
  return releases;
}

/** Renders the built-in addons and the caller's, after checking the dependency graph. */
export function renderAddons(cluster: ResolvedCluster, custom: readonly ResolvedCustomAddon[] = []): RenderedAddon[] {
  return addonReleases(cluster, custom).map((r) => renderAddon(cluster, r));
}

/** The objects of rendered addons in output order (a values Secret before its HelmRelease). */
export function addonObjects(addons: readonly RenderedAddon[]): KubeObject[] {
  return addons.flatMap((a) => [...a.companions, a.helmRelease]);
}
