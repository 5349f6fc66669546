import { defaultingSanitize, sanitizeResources, type SanitizedResources } from '../spec/presets';
import type { ResolvedCluster, ResolvedComponentResources } from '../spec/resolved';

/** Container resources of a control-plane component: the preset, overridden by explicit values, sanitised. */
export function componentResources(cluster: ResolvedCluster, component: ResolvedComponentResources): SanitizedResources {
  return defaultingSanitize(component.preset, { cpu: component.cpu, memory: component.memory }, cluster.platform.allocationRatios);
}

/**
 * Ephemeral storage of each worker's virt-launcher pod: without it a namespace LimitRange's default applies and
 * pods get evicted (fixed upstream in 94d42749a / 90e4aba4e: 2Gi limit, request by the allocation ratio).
 */
export function workerLauncherResources(cluster: ResolvedCluster): SanitizedResources {
  return sanitizeResources({ 'ephemeral-storage': '2Gi' }, cluster.platform.allocationRatios);
}

/** Maps a string map through one of the generated quantity classes' `fromString`. */
export function quantities<T>(values: Readonly<Record<string, string>>, fromString: (value: string) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(values)) out[key] = fromString(values[key]);
  return out;
}
