// Validation of the control plane and of the dedicated etcd: replicas, presets and resources.
import * as check from './checks';
import { child, type Fields } from './checks';
import { DEFAULTS } from './defaults';
import { ProblemCollector } from './errors';
import { LIMITS } from './limits';
import { PRESET_NAMES, type ResourcesPreset } from './presets';
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

function component(c: ProblemCollector, path: string, raw: unknown, defaultPreset: ResourcesPreset): ResolvedComponentResources {
  const f = check.object(c, path, raw, COMPONENT_KEYS) ?? {};
  const res = check.object(c, child(path, 'resources'), f.resources, RESOURCE_KEYS) ?? {};
  const preset = check.oneOf(c, child(path, 'resourcesPreset'), f.resourcesPreset, PRESET_NAMES) ?? defaultPreset;
  const cpu = check.quantity(c, child(child(path, 'resources'), 'cpu'), res.cpu, LIMITS.cpu);
  const memory = check.quantity(c, child(child(path, 'resources'), 'memory'), res.memory, LIMITS.memory);
  return { preset, cpu: cpu === undefined ? undefined : quantityString(cpu), memory: memory === undefined ? undefined : quantityString(memory) };
}

export function resolveControlPlane(c: ProblemCollector, f: Fields): ResolvedControlPlane {
  const konnectivity = check.object(c, 'controlPlane.konnectivity', f.konnectivity, KONNECTIVITY_KEYS) ?? {};
  return {
    replicas: check.integer(c, 'controlPlane.replicas', f.replicas, LIMITS.controlPlaneReplicas) ?? DEFAULTS.controlPlaneReplicas,
    apiServer: component(c, 'controlPlane.apiServer', f.apiServer, DEFAULTS.apiServerPreset),
    controllerManager: component(c, 'controlPlane.controllerManager', f.controllerManager, DEFAULTS.componentPreset),
    scheduler: component(c, 'controlPlane.scheduler', f.scheduler, DEFAULTS.componentPreset),
    konnectivityServer: component(c, 'controlPlane.konnectivity.server', konnectivity.server, DEFAULTS.componentPreset),
  };
}
