// Validation of the platform context (`platform`): instance types, ratios, images, chart sources, registries.
import { quantityString } from './quantity';
import { BUILT_IN_ADDON_IDS } from './addon-ids';
import * as check from './checks';
import { child, type Fields } from './checks';
import { DEFAULTS } from './defaults';
import { ProblemCollector } from './errors';
import { LIMITS } from './limits';
import { type InstanceTypeSize } from './instance-types';
import { DEFAULT_ALLOCATION_RATIOS, type AllocationRatios } from './presets';
import type { ResolvedChartSource, ResolvedImages, ResolvedPlatform } from './resolved';
import type { ContainerdRegistryConfig, TopologySpreadConstraintSpec } from './types';
import { MAX_SUBDOMAIN_LENGTH } from './names';
import { PLATFORM_LINES, PLATFORM_RELEASES, type ChartSourceKind, type LineChartSource, type PlatformLine } from './platform-lines';
import type { KubernetesVersion } from './versions';
import {
  INSTANCE_TYPE_KEYS,
  ALLOCATION_RATIO_KEYS,
  TOPOLOGY_SPREAD_KEYS,
  REGISTRY_CONFIG_KEYS,
  REGISTRY_KEYS,
  CHART_SOURCE_KEYS,
} from './field-keys';
import { GPU_NAME, IMAGE, INSTANCE_TYPE, SUBDOMAIN } from './string-rules';

export function instanceTypeMap(c: ProblemCollector, path: string, raw: unknown): Record<string, InstanceTypeSize> | undefined {
  const entries = check.map(c, path, raw);
  if (entries === undefined) return undefined;
  const result: Record<string, InstanceTypeSize> = {};
  for (const [key, value] of Object.entries(entries)) {
    const p = child(path, key);
    if (!INSTANCE_TYPE.pattern.test(key) || key.length > INSTANCE_TYPE.maxLength) {
      c.add(p, key, 'instance type names must be DNS-1123 subdomains');
      continue;
    }
    const fields = check.object(c, p, value, INSTANCE_TYPE_KEYS);
    if (fields === undefined) {
      if (value === undefined || value === null) c.add(p, value, 'must give cpu and memory');
      continue;
    }
    const cpu = check.required(c, child(p, 'cpu'), fields.cpu, check.integer(c, child(p, 'cpu'), fields.cpu, LIMITS.instanceTypeCpu), 'guest vCPUs');
    const memory = check.required(
      c,
      child(p, 'memory'),
      fields.memory,
      check.quantity(c, child(p, 'memory'), fields.memory, LIMITS.memory),
      'guest memory',
    );
    const gpus = check.list(c, child(p, 'gpus'), fields.gpus)?.flatMap((g, i) => {
      const name = check.string(c, child(child(p, 'gpus'), i), g, GPU_NAME);
      if (name === undefined && (g === '' || g === null || g === undefined))
        c.add(child(child(p, 'gpus'), i), g, 'must be a GPU device name such as "nvidia.com/A400"');
      return name === undefined ? [] : [name];
    });
    if (cpu !== undefined && memory !== undefined)
      result[key] = { cpu, memory: quantityString(memory), ...(gpus !== undefined && gpus.length > 0 ? { gpus } : {}) };
  }
  return result;
}

export function resolvePlatform(
  c: ProblemCollector,
  input: Fields,
  line: PlatformLine,
  version: KubernetesVersion,
  instanceTypes: Readonly<Record<string, InstanceTypeSize>>,
): ResolvedPlatform {
  const ratiosIn = check.object(c, 'platform.allocationRatios', input.allocationRatios, ALLOCATION_RATIO_KEYS) ?? {};
  const ratio = (key: keyof AllocationRatios): number => {
    const p = child('platform.allocationRatios', key);
    return (
      check.number(
        c,
        p,
        ratiosIn[key],
        LIMITS.allocationRatio,
        'requests are limits divided by the ratio, and Kubernetes rejects a request above its limit',
      ) ?? DEFAULT_ALLOCATION_RATIOS[key]
    );
  };
  const allocationRatios = { cpu: ratio('cpu'), memory: ratio('memory'), ephemeralStorage: ratio('ephemeralStorage') };
  const clusterDomain = check.string(c, 'platform.clusterDomain', input.clusterDomain, { ...SUBDOMAIN }) ?? DEFAULTS.clusterDomain;
  const topologySpreadConstraints = spreadConstraints(c, 'platform.topologySpreadConstraints', input.topologySpreadConstraints);
  const containerdRegistries = registries(c, 'platform.containerdRegistries', input.containerdRegistries);
  const IMAGE_KEYS = Object.keys(line.images) as (keyof ResolvedImages)[];
  const images = check.object(c, 'platform.images', input.images, ['workerContainerDisks', ...IMAGE_KEYS]) ?? {};
  const disks =
    check.object(
      c,
      'platform.images.workerContainerDisks',
      images.workerContainerDisks,
      line.versions.map((v) => v.minor),
    ) ?? {};
  for (const key of Object.keys(disks)) check.string(c, child('platform.images.workerContainerDisks', key), disks[key], IMAGE);
  const chosenDisk = typeof disks[version.minor] === 'string' && disks[version.minor] !== '' ? (disks[version.minor] as string) : undefined;
  const workerContainerDisk = chosenDisk ?? line.versions.find((v) => v.minor === version.minor)!.workerContainerDisk;
  const resolvedImages = Object.fromEntries(
    IMAGE_KEYS.map((k) => [k, check.string(c, child('platform.images', k), images[k], IMAGE) ?? line.images[k]]),
  ) as unknown as ResolvedImages;
  const helmControllerVersion =
    check.string(c, 'platform.fluxHelmControllerVersion', input.fluxHelmControllerVersion, {
      pattern: /^v?\d+\.\d+(\.\d+)?$/,
      patternText: 'a version such as "1.3.0"',
    }) ?? line.helmControllerVersion;
  const [major, minor] = helmControllerVersion.replace(/^v/, '').split('.').map(Number);
  return {
    release: line.release,
    line,
    instanceTypes,
    allocationRatios,
    clusterDomain,
    topologySpreadConstraints,
    containerdRegistries,
    workerContainerDisk,
    images: resolvedImages,
    addonCharts: resolveAddonCharts(c, input.addonCharts, line),
    helmReleaseRetryStrategy: major > 1 || (major === 1 && minor >= 4),
  };
}

/** Every Flux source kind a HelmRelease chart may come from, on some line. */
const ALL_CHART_SOURCE_KINDS: readonly ChartSourceKind[] = [
  'HelmRepository',
  'GitRepository',
  'Bucket',
  'ExternalArtifact',
  'OCIRepository',
  'HelmChart',
];

/** The kinds that are one chart each: a HelmRelease names them in `spec.chartRef`, without chart or version. */
export const CHART_REF_KINDS: readonly string[] = ['ExternalArtifact', 'OCIRepository', 'HelmChart'];

/**
 * One chart source entry as the user wrote it (only the fields given). A kind of another line is a problem naming
 * that line; `chart` and `version` with a `chartRef` kind are a problem (the source is the chart and its version).
 */
export function chartSource(c: ProblemCollector, path: string, raw: unknown, line: PlatformLine): Partial<ResolvedChartSource> {
  const f = check.object(c, path, raw, CHART_SOURCE_KEYS) ?? {};
  const out: Record<string, string> = {};
  const kinds = line.addonSourceKinds;
  for (const key of CHART_SOURCE_KEYS) {
    const p = child(path, key);
    let v: string | undefined;
    if (key !== 'sourceKind') {
      v = check.string(c, p, f[key], key === 'sourceName' || key === 'sourceNamespace' ? SUBDOMAIN : {});
    } else if (
      typeof f[key] === 'string' &&
      !kinds.includes(f[key] as ChartSourceKind) &&
      ALL_CHART_SOURCE_KINDS.includes(f[key] as ChartSourceKind)
    ) {
      const others = PLATFORM_RELEASES.filter((r) => PLATFORM_LINES[r].addonSourceKinds.includes(f[key] as ChartSourceKind));
      c.add(
        p,
        f[key],
        `is not a chart source of platform release ${line.release} (expected one of: ${kinds.join(', ')}); platform release ${others.join(', ')} has it (platform.release)`,
      );
    } else {
      v = check.oneOf(c, p, f[key], kinds);
    }
    if (v !== undefined) out[key] = v;
  }
  if (out.sourceKind !== undefined && CHART_REF_KINDS.includes(out.sourceKind)) {
    for (const key of ['chart', 'version'] as const) {
      if (out[key] !== undefined)
        c.add(
          child(path, key),
          out[key],
          `does not apply to ${/^[AEIOU]/.test(out.sourceKind) ? 'an' : 'a'} ${out.sourceKind}: it is one chart, of its own version (the HelmRelease names it in spec.chartRef)`,
        );
    }
  }
  return out;
}

/**
 * One source from the line's, the user's `defaults` and the user's own entry, in that order. The line's name is kept
 * only while the kind stays the line's: an ExternalArtifact is one chart and names no repository of another kind.
 */
export function layeredChartSource(
  c: ProblemCollector,
  base: LineChartSource,
  layers: ReadonlyArray<readonly [path: string, entry: Partial<ResolvedChartSource>]>,
): Omit<ResolvedChartSource, 'sourceName'> & { sourceName: string | undefined } {
  const merged = { sourceKind: base.kind, sourceName: base.name, sourceNamespace: base.namespace, chart: undefined, version: base.version } as {
    sourceKind: string;
    sourceName: string | undefined;
    sourceNamespace: string;
    chart: string | undefined;
    version: string;
  };
  for (const [, entry] of layers) Object.assign(merged, entry);
  const named = layers.some(([, e]) => e.sourceName !== undefined);
  if (!named && merged.sourceKind !== base.kind && CHART_REF_KINDS.includes(base.kind)) {
    const [path] = [...layers].reverse().find(([, e]) => e.sourceKind !== undefined)!;
    const p = child(path, 'sourceKind');
    // Once per entry: platform.addonCharts.defaults would otherwise be reported for every addon.
    if (!c.problems.some((x) => x.path === p))
      c.add(
        p,
        merged.sourceKind,
        `needs a sourceName: the platform's charts are ${base.kind}s, one chart each, and their names name no ${merged.sourceKind}`,
      );
  }
  return merged;
}

function resolveAddonCharts(c: ProblemCollector, raw: unknown, line: PlatformLine): ResolvedPlatform['addonCharts'] {
  const ids = BUILT_IN_ADDON_IDS.filter((id) => line.addons[id] !== undefined);
  const foreign = BUILT_IN_ADDON_IDS.filter((id) => line.addons[id] === undefined);
  const given = check.isPlainObject(raw) ? raw : undefined;
  for (const id of foreign) {
    if (given?.[id] !== undefined && given[id] !== null) {
      const others = PLATFORM_RELEASES.filter((r) => PLATFORM_LINES[r].addons[id] !== undefined);
      c.add(
        child('platform.addonCharts', id),
        given[id],
        `is not an addon of platform release ${line.release}; platform release ${others.join(', ')} has it (platform.release)`,
      );
    }
  }
  const own = given === undefined ? raw : Object.fromEntries(Object.entries(given).filter(([k]) => !(foreign as string[]).includes(k)));
  const f = check.object(c, 'platform.addonCharts', own, ['defaults', ...ids]) ?? {};
  const defaults = chartSource(c, 'platform.addonCharts.defaults', f.defaults, line);
  const perAddon = ids.map((id) => {
    const path = child('platform.addonCharts', id);
    const layers = [
      ['platform.addonCharts.defaults', defaults],
      [path, chartSource(c, path, f[id], line)],
    ] as const;
    return [id, layeredChartSource(c, line.addons[id]!.source, layers)];
  });
  // A caller's addon starts from the line's source for it under the user's defaults (chart: its own, never a default's).
  const customDefaults = { ...layeredChartSource(c, line.customAddonSource, [['platform.addonCharts.defaults', defaults]]), chart: undefined };
  return Object.fromEntries([['defaults', customDefaults], ...perAddon]) as ResolvedPlatform['addonCharts'];
}

function spreadConstraints(c: ProblemCollector, path: string, raw: unknown): TopologySpreadConstraintSpec[] | undefined {
  const items = check.list(c, path, raw);
  if (items === undefined || items.length === 0) return undefined;
  return items.flatMap((item, i) => {
    const p = child(path, i);
    const f = check.object(c, p, item, TOPOLOGY_SPREAD_KEYS);
    if (f === undefined) {
      if (item === null || item === undefined) c.add(p, item, 'must be an object');
      return [];
    }
    const maxSkew = check.required(c, child(p, 'maxSkew'), f.maxSkew, check.integer(c, child(p, 'maxSkew'), f.maxSkew, LIMITS.maxSkew), 'maxSkew');
    const topologyKey = check.required(
      c,
      child(p, 'topologyKey'),
      f.topologyKey,
      check.labelKey(c, child(p, 'topologyKey'), f.topologyKey),
      'topologyKey',
    );
    const whenUnsatisfiable = check.required(
      c,
      child(p, 'whenUnsatisfiable'),
      f.whenUnsatisfiable,
      check.oneOf(c, child(p, 'whenUnsatisfiable'), f.whenUnsatisfiable, ['DoNotSchedule', 'ScheduleAnyway']),
      'DoNotSchedule or ScheduleAnyway',
    );
    const labelSelector = check.labelSelector(c, child(p, 'labelSelector'), f.labelSelector);
    if (maxSkew === undefined || topologyKey === undefined || whenUnsatisfiable === undefined) return [];
    return [
      { maxSkew, topologyKey, whenUnsatisfiable, ...(labelSelector !== undefined && Object.keys(labelSelector).length > 0 ? { labelSelector } : {}) },
    ];
  });
}

/** A registry host as containerd's certs.d names its directories: a host, an optional port, or `_default`. */
const REGISTRY_HOST = {
  pattern: /^(_default|[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*(:\d{1,5})?)$/,
  patternText: 'a registry host such as "docker.io" or "registry.local:5000", or "_default"',
  maxLength: MAX_SUBDOMAIN_LENGTH,
};
/** A Secret data key (apimachinery `IsConfigMapKey`). */
const SECRET_KEY = { pattern: /^[-._a-zA-Z0-9]+$/, patternText: 'a Secret key (letters, digits, "-", "_" and ".")', maxLength: MAX_SUBDOMAIN_LENGTH };

/**
 * `platform.containerdRegistries`: the worker template reads one `hosts.toml` per registry from a Secret in the
 * tenant namespace. This library does not render that Secret (its content is the platform's, and may hold registry
 * credentials): whoever runs the platform creates it, under the name given here, before workers boot.
 */
function registries(c: ProblemCollector, path: string, raw: unknown): ContainerdRegistryConfig | undefined {
  const f = check.object(c, path, raw, REGISTRY_CONFIG_KEYS);
  if (f === undefined) return undefined;
  const secretName = check.required(
    c,
    child(path, 'secretName'),
    f.secretName,
    check.string(c, child(path, 'secretName'), f.secretName, SUBDOMAIN),
    'the name of the Secret you create in the tenant namespace, one hosts.toml per registry (nothing here creates it)',
  );
  const registriesPath = child(path, 'registries');
  const items = check.list(c, registriesPath, f.registries) ?? [];
  if (items.length === 0 && (f.registries === undefined || f.registries === null || Array.isArray(f.registries))) {
    c.add(registriesPath, f.registries, 'must list at least one registry, e.g. [{ registry: "docker.io" }] (or leave containerdRegistries out)');
  }
  const seen = new Set<string>();
  const list = items.flatMap((item, i) => {
    const p = child(registriesPath, i);
    const r = check.object(c, p, item, REGISTRY_KEYS);
    if (r === undefined) {
      if (item === null || item === undefined) c.add(p, item, 'must be an object with a registry');
      return [];
    }
    const registry = check.required(
      c,
      child(p, 'registry'),
      r.registry,
      check.string(c, child(p, 'registry'), r.registry, REGISTRY_HOST),
      'the registry host',
    );
    const key = check.string(c, child(p, 'key'), r.key, SECRET_KEY);
    if (registry === undefined) return [];
    if (seen.has(registry)) {
      c.add(child(p, 'registry'), registry, 'is listed twice: each registry has one hosts.toml; merge the entries');
      return [];
    }
    seen.add(registry);
    if (key === undefined && (r.key === undefined || r.key === null || r.key === '') && !SECRET_KEY.pattern.test(`${registry}.toml`)) {
      c.add(
        child(p, 'key'),
        undefined,
        `is required for "${registry}": the default key "${registry}.toml" is not a valid Secret key (no ":"); give one such as "${registry.replace(/:/g, '_')}.toml"`,
      );
      return [];
    }
    return [{ registry, ...(key !== undefined ? { key } : {}) }];
  });
  return secretName === undefined ? undefined : { secretName, registries: list };
}
