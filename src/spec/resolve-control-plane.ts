// Validation of the control plane and of the dedicated etcd: replicas, presets and resources.
import * as check from './checks';
import { child, type Fields } from './checks';
import { DEFAULTS } from './defaults';
import { ProblemCollector } from './errors';
import { LIMITS } from './limits';
import { LEGACY_PRESET_EQUIVALENTS, LEGACY_PRESET_NAMES, PRESET_NAMES, type ResourcesPreset } from './presets';
import { PLATFORM_LINES, PLATFORM_RELEASES, type PlatformLine } from './platform-lines';
import { didYouMean } from './suggest';
import { quantityString } from './quantity';
import type { ResolvedComponentResources, ResolvedControlPlane, ResolvedDedicatedEtcd } from './resolved';
import { RESOURCE_KEYS, COMPONENT_KEYS, KONNECTIVITY_KEYS } from './field-keys';
import { SUBDOMAIN } from './string-rules';

export function resolveEtcd(c: ProblemCollector, f: Fields): ResolvedDedicatedEtcd {
  const replicas = check.integer(c, 'etcd.replicas', f.replicas, LIMITS.etcdReplicas) ?? DEFAULTS.etcdReplicas;
  const size = check.quantity(c, 'etcd.size', f.size, LIMITS.storage) ?? DEFAULTS.etcdSize;
  const storageClass = check.string(c, 'etcd.storageClass', f.storageClass, SUBDOMAIN);
  const res = check.object(c, 'etcd.resources', f.resources, RESOURCE_KEYS) ?? {};
  const cpu = check.quantity(c, 'etcd.resources.cpu', res.cpu, LIMITS.cpu) ?? DEFAULTS.etcdCpu;
  const memory = check.quantity(c, 'etcd.resources.memory', res.memory, LIMITS.memory) ?? DEFAULTS.etcdMemory;
  const defrag = check.boolean(c, 'etcd.defrag', f.defrag) ?? DEFAULTS.etcdDefrag;
  return { replicas, size: quantityString(size), storageClass, cpu: quantityString(cpu), memory: quantityString(memory), defrag };
}

/** The legacy name with the same numbers as an instance-type preset, if there is one (platform migration 39). */
function legacyEquivalent(name: string): string | undefined {
  return LEGACY_PRESET_NAMES.find((legacy) => LEGACY_PRESET_EQUIVALENTS[legacy] === name);
}

/**
 * A `resourcesPreset`: one of the line's names. A name another line has is a problem that says which line has it
 * (and, for an instance-type name, the legacy name with the same numbers); any other value lists the line's names.
 */
function preset(c: ProblemCollector, path: string, raw: unknown, line: PlatformLine): ResourcesPreset | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw === 'string' && (line.presets as readonly string[]).includes(raw)) return raw as ResourcesPreset;
  if (typeof raw === 'string' && (PRESET_NAMES as readonly string[]).includes(raw)) {
    const others = PLATFORM_RELEASES.filter((r) => (PLATFORM_LINES[r].presets as readonly string[]).includes(raw));
    const legacy = legacyEquivalent(raw);
    const same = legacy !== undefined && (line.presets as readonly string[]).includes(legacy) ? `; "${legacy}" has the same numbers` : '';
    c.add(
      path,
      raw,
      `is not a preset of platform release ${line.release} (${line.presets.join(', ')}); platform release ${others.join(', ')} has it (platform.release)${same}`,
    );
    return undefined;
  }
  c.add(path, raw, `must be one of: ${line.presets.join(', ')}${didYouMean(raw, line.presets)}`);
  return undefined;
}

function component(c: ProblemCollector, path: string, raw: unknown, line: PlatformLine, defaultPreset: ResourcesPreset): ResolvedComponentResources {
  const f = check.object(c, path, raw, COMPONENT_KEYS) ?? {};
  const res = check.object(c, child(path, 'resources'), f.resources, RESOURCE_KEYS) ?? {};
  const chosen = preset(c, child(path, 'resourcesPreset'), f.resourcesPreset, line) ?? defaultPreset;
  const cpu = check.quantity(c, child(child(path, 'resources'), 'cpu'), res.cpu, LIMITS.cpu);
  const memory = check.quantity(c, child(child(path, 'resources'), 'memory'), res.memory, LIMITS.memory);
  return {
    preset: chosen,
    cpu: cpu === undefined ? undefined : quantityString(cpu),
    memory: memory === undefined ? undefined : quantityString(memory),
  };
}

/** The control plane: replicas, and each component's preset (the line's default unless named) and resources. */
export function resolveControlPlane(c: ProblemCollector, f: Fields, line: PlatformLine): ResolvedControlPlane {
  const konnectivity = check.object(c, 'controlPlane.konnectivity', f.konnectivity, KONNECTIVITY_KEYS) ?? {};
  const { apiServer, component: others } = line.defaultPresets;
  return {
    replicas: check.integer(c, 'controlPlane.replicas', f.replicas, LIMITS.controlPlaneReplicas) ?? DEFAULTS.controlPlaneReplicas,
    apiServer: component(c, 'controlPlane.apiServer', f.apiServer, line, apiServer),
    controllerManager: component(c, 'controlPlane.controllerManager', f.controllerManager, line, others),
    scheduler: component(c, 'controlPlane.scheduler', f.scheduler, line, others),
    konnectivityServer: component(c, 'controlPlane.konnectivity.server', konnectivity.server, line, others),
  };
}
