// Which built-in addons a cluster gets and what each waits for, and the check of the whole graph once the caller's own
// addons join it. What each addon installs is render's (render/addons/catalog.ts); whether the graph holds is
// validation, so it is decided here, on the ids the user wrote.
// The graph is the seed's minus its deadlocks: no edge to the parent HelmRelease (f6c737983), and the VictoriaMetrics
// operator waits for cert-manager's CRDs only when cert-manager is on (2b1d3e904).
import { BUILT_IN_ADDON_IDS, type BuiltInAddonId } from './addon-ids';
import type { ResolvedCustomAddon } from './addon-options';
import { child } from './checks';
import { SpecValidationError, type SpecProblem } from './errors';
import { didYouMean } from './suggest';
import type { ResolvedAddons, ResolvedCluster } from './resolved';

/** The toggles of `addons`: each an `addons.<toggle>.enabled` the user sets. */
export type AddonToggle = {
  readonly [K in keyof ResolvedAddons]: ResolvedAddons[K] extends { readonly enabled: boolean } ? K : never;
}[keyof ResolvedAddons];

/** When a built-in addon is rendered and what it waits for. */
export interface BuiltInAddonEdges {
  /** The toggle that turns it on; `undefined`: every cluster has it. */
  readonly toggle: AddonToggle | undefined;
  readonly dependsOn: (c: ResolvedCluster) => readonly BuiltInAddonId[];
}

const none = () => [] as const;
const onCilium = () => ['cilium'] as const;

/** Every built-in addon's place in the graph. */
export const BUILT_IN_ADDON_GRAPH: { readonly [K in BuiltInAddonId]: BuiltInAddonEdges } = {
  cilium: { toggle: undefined, dependsOn: (c) => (c.addons.gatewayAPI.enabled ? ['gatewayApiCrds'] : []) },
  coredns: { toggle: undefined, dependsOn: onCilium },
  csi: { toggle: undefined, dependsOn: () => ['vsnapCrd'] },
  vsnapCrd: { toggle: undefined, dependsOn: onCilium },
  certManagerCrds: { toggle: 'certManager', dependsOn: onCilium },
  certManager: { toggle: 'certManager', dependsOn: () => ['cilium', 'certManagerCrds'] },
  gatewayApiCrds: { toggle: 'gatewayAPI', dependsOn: none },
  ingressNginx: { toggle: 'ingressNginx', dependsOn: onCilium },
  gpuOperator: { toggle: 'gpuOperator', dependsOn: onCilium },
  fluxcdOperator: { toggle: 'fluxcd', dependsOn: onCilium },
  fluxcd: { toggle: 'fluxcd', dependsOn: () => ['cilium', 'fluxcdOperator'] },
  monitoringAgents: { toggle: 'monitoringAgents', dependsOn: () => ['victoriaMetricsOperator', 'verticalPodAutoscalerCrds'] },
  victoriaMetricsOperator: {
    toggle: 'monitoringAgents',
    dependsOn: (c) => (c.addons.certManager.enabled ? ['cilium', 'certManagerCrds'] : ['cilium']),
  },
  verticalPodAutoscaler: { toggle: 'monitoringAgents', dependsOn: () => ['monitoringAgents'] },
  verticalPodAutoscalerCrds: { toggle: 'monitoringAgents', dependsOn: onCilium },
  velero: { toggle: 'velero', dependsOn: onCilium },
};

const isBuiltIn = (id: string): id is BuiltInAddonId => Object.hasOwn(BUILT_IN_ADDON_GRAPH, id);

/** Whether a cluster renders a built-in addon. */
export function builtInAddonEnabled(cluster: Pick<ResolvedCluster, 'addons'>, id: BuiltInAddonId): boolean {
  const { toggle } = BUILT_IN_ADDON_GRAPH[id];
  return toggle === undefined || cluster.addons[toggle].enabled;
}

/** The built-in addons a cluster renders, in output order. */
export function enabledBuiltInAddons(cluster: Pick<ResolvedCluster, 'addons'>): BuiltInAddonId[] {
  return BUILT_IN_ADDON_IDS.filter((id) => builtInAddonEnabled(cluster, id));
}

/**
 * Every problem of the graph the caller's addons make with the built-in ones, on the ids the user wrote: an id given
 * twice, a dependency on itself, on an addon that does not exist or on a built-in one the cluster does not render
 * (with the toggle that renders it), and cycles. The built-in graph holds by construction (test/unit/addons.test.ts).
 * Paths are under `<base>.<id>` (`addons`, or Pulumi's `extraAddons`).
 */
export function addonGraphProblems(cluster: ResolvedCluster, custom: readonly ResolvedCustomAddon[], base = 'addons'): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const byId = new Map<string, ResolvedCustomAddon>();
  for (const a of custom) {
    if (byId.has(a.id)) problems.push({ path: child(base, a.id), value: a.id, message: 'another addon already has this id' });
    else byId.set(a.id, a);
  }
  const others = (self: string) => [...enabledBuiltInAddons(cluster), ...byId.keys()].filter((id) => id !== self);
  for (const a of byId.values()) {
    a.dependsOn.forEach((d, i) => {
      const path = child(child(child(base, a.id), 'dependsOn'), i);
      if (d === a.id) problems.push({ path, value: d, message: 'an addon cannot depend on itself' });
      else if (isBuiltIn(d) && !builtInAddonEnabled(cluster, d)) {
        problems.push({
          path,
          value: d,
          message: `is a built-in addon this cluster does not install: set addons.${BUILT_IN_ADDON_GRAPH[d].toggle}.enabled`,
        });
      } else if (!isBuiltIn(d) && !byId.has(d)) {
        problems.push({
          path,
          value: d,
          message: `no addon of this cluster has this id${didYouMean(d, [...BUILT_IN_ADDON_IDS, ...byId.keys()])} (it has: ${others(a.id).join(', ')})`,
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
export function checkAddonGraph(cluster: ResolvedCluster, custom: readonly ResolvedCustomAddon[]): void {
  const problems = addonGraphProblems(cluster, custom);
  if (problems.length > 0) throw new SpecValidationError(problems);
}
