// Which built-in addons a cluster gets and what each waits for, and the check of the whole graph once the caller's own
// addons join it. Which addons a platform line has and its graph are the line's (spec/platform-lines/); what each
// addon installs is render's (render/addons/catalog.ts); whether the graph holds is validation, so it is decided here,
// on the ids the user wrote.
import { BUILT_IN_ADDON_IDS, type BuiltInAddonId } from './addon-ids';
import type { ResolvedCustomAddon } from './addon-options';
import { child } from './checks';
import { SpecValidationError, type SpecProblem } from './errors';
import { didYouMean } from './suggest';
import { PLATFORM_LINES, PLATFORM_RELEASES, type PlatformLine, type PlatformRelease } from './platform-lines';
import { MAX_LABEL_LENGTH, type ClusterNames } from './names';
import type { ResolvedAddons, ResolvedCluster } from './resolved';

/** The toggles of `addons`: each an `addons.<toggle>.enabled` the user sets. */
export type AddonToggle = {
  readonly [K in keyof ResolvedAddons]: ResolvedAddons[K] extends { readonly enabled: boolean } ? K : never;
}[keyof ResolvedAddons];

/** The toggle that renders each built-in addon (the same on every line that has it); `undefined`: every cluster has it. */
export const BUILT_IN_ADDON_TOGGLES: { readonly [K in BuiltInAddonId]: AddonToggle | undefined } = {
  cilium: undefined,
  coredns: undefined,
  csi: undefined,
  vsnapCrd: undefined,
  metricsServer: undefined,
  prometheusOperatorCrds: undefined,
  certManagerCrds: 'certManager',
  certManager: 'certManager',
  gatewayApiCrds: 'gatewayAPI',
  ingressNginx: 'ingressNginx',
  ouroboros: 'ouroboros',
  gpuOperator: 'gpuOperator',
  hami: 'hami',
  fluxcdOperator: 'fluxcd',
  fluxcd: 'fluxcd',
  monitoringAgents: 'monitoringAgents',
  victoriaMetricsOperator: 'monitoringAgents',
  verticalPodAutoscaler: 'monitoringAgents',
  verticalPodAutoscalerCrds: 'monitoringAgents',
  velero: 'velero',
};

/** What the graph functions read of a cluster. */
export type AddonGraphCluster = Pick<ResolvedCluster, 'addons'> & { readonly platform: { readonly line: PlatformLine } };

const isBuiltIn = (id: string): id is BuiltInAddonId => Object.hasOwn(BUILT_IN_ADDON_TOGGLES, id);

/** The built-in addons a line has, in output order. */
export function lineAddonIds(line: PlatformLine): BuiltInAddonId[] {
  return BUILT_IN_ADDON_IDS.filter((id) => line.addons[id] !== undefined);
}

/** The platform releases that have a built-in addon. */
export function releasesWithAddon(id: BuiltInAddonId): PlatformRelease[] {
  return PLATFORM_RELEASES.filter((r) => PLATFORM_LINES[r].addons[id] !== undefined);
}

/** The toggles a line has: a toggle exists where one of the line's addons has it (`gatewayAPI`, `hami`, …). */
export function lineAddonToggles(line: PlatformLine): AddonToggle[] {
  return [...new Set(lineAddonIds(line).flatMap((id) => BUILT_IN_ADDON_TOGGLES[id] ?? []))];
}

/** The keys of `addons` a line has: every key but the toggles of addons the line lacks. */
export function lineAddonKeys(line: PlatformLine, allKeys: readonly string[]): string[] {
  const own = lineAddonToggles(line) as string[];
  const foreign = new Set(Object.values(BUILT_IN_ADDON_TOGGLES).filter((t): t is AddonToggle => t !== undefined && !own.includes(t)));
  return allKeys.filter((k) => !foreign.has(k as AddonToggle));
}

/** Whether a cluster renders a built-in addon: the line has it and its toggle (if any) is on. */
export function builtInAddonEnabled(cluster: AddonGraphCluster, id: BuiltInAddonId): boolean {
  if (cluster.platform.line.addons[id] === undefined) return false;
  const toggle = BUILT_IN_ADDON_TOGGLES[id];
  return toggle === undefined || cluster.addons[toggle].enabled;
}

/** The built-in addons a cluster renders, in output order. */
export function enabledBuiltInAddons(cluster: AddonGraphCluster): BuiltInAddonId[] {
  return BUILT_IN_ADDON_IDS.filter((id) => builtInAddonEnabled(cluster, id));
}

/** What a built-in addon of the cluster's line waits for, in rendered order (its conditions applied). */
export function builtInAddonDependsOn(cluster: AddonGraphCluster, id: BuiltInAddonId): BuiltInAddonId[] {
  return (cluster.platform.line.addons[id]?.dependsOn ?? []).flatMap((d) =>
    typeof d === 'string' ? [d] : cluster.addons[d.when].enabled ? [d.id] : [],
  );
}

/**
 * Why a cluster name is too long for the HelmReleases of its addons, or `undefined`: Flux labels every object of a
 * release with its HelmRelease's name (`helm.toolkit.fluxcd.io/name`), a label value. When the longest is an addon
 * every cluster of the line has (v1.5's `prometheus-operator-crds`), the bound is the line's, not the toggles'.
 */
export function addonNameLengthProblem(cluster: AddonGraphCluster, names: ClusterNames, name: string): string | undefined {
  const [longest] = enabledBuiltInAddons(cluster)
    .map((id) => [id, names.addon(id)] as const)
    .sort((a, b) => b[1].length - a[1].length);
  if (longest === undefined || longest[1].length <= MAX_LABEL_LENGTH) return undefined;
  const max = name.length - (longest[1].length - MAX_LABEL_LENGTH);
  const what = `the HelmRelease "${longest[1]}" is a label value (helm.toolkit.fluxcd.io/name) and must fit ${MAX_LABEL_LENGTH} characters`;
  const { release } = cluster.platform.line;
  return BUILT_IN_ADDON_TOGGLES[longest[0]] === undefined
    ? `is too long for platform release ${release}: every cluster of it has ${what}; on platform release ${release} the cluster name can have at most ${max}`
    : `is too long for the addons it enables: ${what}; with these addons the cluster name can have at most ${max}`;
}

/**
 * Every problem of the graph the caller's addons make with the built-in ones, on the ids the user wrote: an id given
 * twice, a dependency on itself, on an addon that does not exist, on a built-in one of another platform line (naming
 * the line) or on a built-in one the cluster does not render (with the toggle that renders it), and cycles. The built-in graph holds by construction (test/unit/addons.test.ts).
 * Paths are under `<base>.<id>` (`addons`, or Pulumi's `extraAddons`).
 */
export function addonGraphProblems(cluster: AddonGraphCluster, custom: readonly ResolvedCustomAddon[], base = 'addons'): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const byId = new Map<string, ResolvedCustomAddon>();
  for (const a of custom) {
    if (byId.has(a.id)) problems.push({ path: child(base, a.id), value: a.id, message: 'another addon already has this id' });
    else byId.set(a.id, a);
  }
  const line = cluster.platform.line;
  const others = (self: string) => [...enabledBuiltInAddons(cluster), ...byId.keys()].filter((id) => id !== self);
  for (const a of byId.values()) {
    a.dependsOn.forEach((d, i) => {
      const path = child(child(child(base, a.id), 'dependsOn'), i);
      if (d === a.id) problems.push({ path, value: d, message: 'an addon cannot depend on itself' });
      else if (isBuiltIn(d) && line.addons[d] === undefined) {
        problems.push({
          path,
          value: d,
          message: `is not a built-in addon of platform release ${line.release}; platform release ${releasesWithAddon(d).join(', ')} has it (platform.release)`,
        });
      } else if (isBuiltIn(d) && !builtInAddonEnabled(cluster, d)) {
        problems.push({
          path,
          value: d,
          message: `is a built-in addon this cluster does not install: set addons.${BUILT_IN_ADDON_TOGGLES[d]}.enabled`,
        });
      } else if (!isBuiltIn(d) && !byId.has(d)) {
        problems.push({
          path,
          value: d,
          message: `no addon of this cluster has this id${didYouMean(d, [...lineAddonIds(line), ...byId.keys()])} (it has: ${others(a.id).join(', ')})`,
        });
      }
    });
  }
  // Built-in addons never wait for the caller's, so a cycle runs through the caller's addons only.
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: readonly string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      problems.push({
        path: child(child(base, id), 'dependsOn'),
        value: [...trail.slice(trail.indexOf(id)), id],
        message: 'the addons depend on each other in a cycle',
      });
      return;
    }
    state.set(id, 'visiting');
    for (const d of byId.get(id)!.dependsOn) if (d !== id && byId.has(d)) visit(d, [...trail, id]);
    state.set(id, 'done');
  };
  for (const id of byId.keys()) visit(id, []);
  return problems;
}

/**
 * Checks the graph of the caller's addons with the built-in ones.
 *
 * @throws SpecValidationError listing every problem
 */
export function checkAddonGraph(cluster: AddonGraphCluster, custom: readonly ResolvedCustomAddon[]): void {
  const problems = addonGraphProblems(cluster, custom);
  if (problems.length > 0) throw new SpecValidationError(problems);
}
