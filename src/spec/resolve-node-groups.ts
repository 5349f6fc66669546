// Validation of node groups: the template shape, health checks, autoscaling bounds, kubelet reservations and
// retained templates.
import * as check from './checks';
import { child, type Fields } from './checks';
import { DEFAULT_NODE_GROUP, DEFAULT_NODE_GROUP_NAME, DEFAULTS } from './defaults';
import { ProblemCollector } from './errors';
import { LIMITS } from './limits';
import { instanceTypeGpus, sameSizeWithoutGpus } from './instance-types';
import { didYouMean } from './suggest';
import { nodeGroupNameProblem } from './name-rules';
import { ClusterNames, MAX_LABEL_LENGTH } from './names';
import { quantityString, quantityValue, type QuantityInput } from './quantity';
import type {
  ResolvedCluster,
  ResolvedGpu,
  ResolvedKubeletReservations,
  ResolvedNodeGroup,
  ResolvedPlatform,
  ResolvedRetainedTemplate,
  ResolvedTemplateShape,
} from './resolved';
import { NODE_GROUP_KEYS, SHAPE_KEYS, NODE_RESOURCE_KEYS, GPU_KEYS, HEALTH_CHECK_KEYS } from './field-keys';
import { resolveKubeletReservations } from './kubelet-reservations';
import { PLATFORM_LINES, PLATFORM_RELEASES, type PlatformLine } from './platform-lines';
import { GPU_NAME, INSTANCE_TYPE, MAX_UNHEALTHY, ROLE, SUBDOMAIN } from './string-rules';

/** What node groups need of the platform: the instance types known and the line's facts. */
type NodeGroupPlatform = Pick<ResolvedPlatform, 'instanceTypes' | 'line'>;

interface ShapeFields {
  readonly instanceType: string | undefined;
  readonly instanceTypeGiven: boolean;
  /** `diskSize`, or its deprecated alias `ephemeralStorage`. */
  readonly diskSize: QuantityInput | undefined;
  readonly storageClass: string | undefined;
  /** Whether `storageClass` was written at all (`""` then names none). */
  readonly storageClassGiven: boolean;
  readonly roles: readonly string[] | undefined;
  readonly cpu: QuantityInput | undefined;
  readonly memory: QuantityInput | undefined;
  readonly resourcesGiven: boolean;
  /** Whether cpu / memory were written at all (possibly invalid, then already reported). */
  readonly cpuWritten: boolean;
  readonly memoryWritten: boolean;
  readonly gpus: readonly ResolvedGpu[] | undefined;
  /** A retained template's gpus taken from its node group, not written in the entry. */
  readonly gpusInherited?: boolean;
}

/** Whether a field asks for anything: `undefined`, `null`, `""` and `{}` do not. */
function asksFor(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  return !(check.isPlainObject(value) && Object.keys(value).length === 0);
}

/** A field the selected platform line does not have: a problem naming the lines that do. */
function onlyOnLines(c: ProblemCollector, path: string, value: unknown, line: PlatformLine, has: (l: PlatformLine) => boolean): void {
  const lines = PLATFORM_RELEASES.filter((r) => has(PLATFORM_LINES[r]));
  c.add(path, value, `is not supported by platform release ${line.release}; platform release ${lines.join(', ')} supports it (platform.release)`);
}

/** Reads the template-shaping fields of a node group (or of a retained template), without defaults. */
function shapeFields(c: ProblemCollector, path: string, f: Fields, line: PlatformLine): ShapeFields {
  const instanceTypeGiven = f.instanceType !== undefined && f.instanceType !== null;
  const instanceType = check.string(c, child(path, 'instanceType'), f.instanceType, INSTANCE_TYPE);
  const diskSize = check.quantity(c, child(path, 'diskSize'), f.diskSize, LIMITS.storage);
  const ephemeralStorage = check.quantity(c, child(path, 'ephemeralStorage'), f.ephemeralStorage, LIMITS.storage);
  if (asksFor(f.diskSize) && asksFor(f.ephemeralStorage)) {
    c.add(child(path, 'ephemeralStorage'), f.ephemeralStorage, 'is the deprecated name of diskSize: give only diskSize');
  }
  const storageClassGiven = f.storageClass !== undefined && f.storageClass !== null;
  const storageClass = check.string(c, child(path, 'storageClass'), f.storageClass, SUBDOMAIN);
  if (storageClass !== undefined && line.workerStorage !== 'persistent') {
    onlyOnLines(c, child(path, 'storageClass'), storageClass, line, (l) => l.workerStorage === 'persistent');
  }
  const rolesRaw = check.list(c, child(path, 'roles'), f.roles);
  const roles = rolesRaw?.flatMap((r, i) => {
    const role = check.string(c, child(child(path, 'roles'), i), r, ROLE);
    if (role === undefined && (r === '' || r === null || r === undefined)) c.add(child(child(path, 'roles'), i), r, 'must be a non-empty role name');
    return role === undefined ? [] : [role];
  });
  const res = check.object(c, child(path, 'resources'), f.resources, NODE_RESOURCE_KEYS) ?? {};
  const cpuPath = child(child(path, 'resources'), 'cpu');
  let cpu = check.quantity(c, cpuPath, res.cpu, LIMITS.cpu);
  // KubeVirt takes `domain.cpu.cores` as a whole number: "500m" or "1.5" would give an invalid VM.
  if (cpu !== undefined && !Number.isInteger(quantityValue(cpu))) {
    c.add(cpuPath, cpu, "must be a whole number of vCPUs (it becomes the VM's cores)");
    cpu = undefined;
  }
  const memory = check.quantity(c, child(child(path, 'resources'), 'memory'), res.memory, LIMITS.memory);
  const gpusRaw = check.list(c, child(path, 'gpus'), f.gpus);
  const gpus = gpusRaw?.flatMap((g, i) => {
    const p = child(child(path, 'gpus'), i);
    const gf = check.object(c, p, g, GPU_KEYS);
    if (gf === undefined) {
      if (g === null || g === undefined) c.add(p, g, 'must be an object with a name');
      return [];
    }
    const gpuName = check.required(c, child(p, 'name'), gf.name, check.string(c, child(p, 'name'), gf.name, GPU_NAME), 'the GPU device name');
    return gpuName === undefined ? [] : [{ name: gpuName }];
  });
  const written = (v: unknown) => v !== undefined && v !== null && v !== '';
  return {
    instanceType,
    instanceTypeGiven,
    diskSize: diskSize ?? ephemeralStorage,
    storageClass,
    storageClassGiven,
    roles,
    cpu,
    memory,
    gpus,
    resourcesGiven: written(res.cpu) || written(res.memory),
    cpuWritten: written(res.cpu),
    memoryWritten: written(res.memory),
  };
}

/** Applies the sizing rules to shape fields: instance type xor resources, and the GPU memory minimum. */
function finishShape(
  c: ProblemCollector,
  path: string,
  s: ShapeFields,
  platform: NodeGroupPlatform,
): { shape: ResolvedTemplateShape; capacity?: { cpu: string; memory: string } } {
  const resourcesPath = child(path, 'resources');
  let instanceType = s.instanceType;
  if (!s.instanceTypeGiven && !s.resourcesGiven) instanceType = DEFAULTS.instanceType;
  let capacity: { cpu: string; memory: string } | undefined;
  if (instanceType !== undefined && s.resourcesGiven) {
    c.add(
      resourcesPath,
      { cpu: s.cpu, memory: s.memory },
      `cannot be combined with instanceType "${instanceType}" (KubeVirt rejects a VM with both); set instanceType to "" to size VMs by resources`,
    );
  } else if (instanceType !== undefined) {
    const size = check.ownEntry(platform.instanceTypes, instanceType);
    if (size === undefined) {
      c.add(
        child(path, 'instanceType'),
        instanceType,
        `unknown instance type${didYouMean(instanceType, Object.keys(platform.instanceTypes))}; use one of the platform's (e.g. u1.medium) or declare it in platform.instanceTypes`,
      );
    } else {
      capacity = { cpu: String(size.cpu), memory: quantityString(size.memory) };
    }
  } else if (s.cpu === undefined || s.memory === undefined) {
    if (!s.cpuWritten) c.add(child(resourcesPath, 'cpu'), undefined, 'is required when no instanceType is given');
    if (!s.memoryWritten) c.add(child(resourcesPath, 'memory'), undefined, 'is required when no instanceType is given');
  } else {
    capacity = { cpu: quantityString(s.cpu), memory: quantityString(s.memory) };
  }
  const gpus = s.gpus ?? [];
  if (instanceType !== undefined && gpus.length > 0 && capacity !== undefined)
    gpuConflict(c, path, instanceType, gpus, s.gpusInherited === true, platform);
  if (gpus.length > 0 && capacity !== undefined && quantityValue(capacity.memory) < quantityValue(DEFAULTS.gpuMinimumMemory)) {
    c.add(
      child(path, 'gpus'),
      gpus.map((g) => g.name),
      `need at least ${DEFAULTS.gpuMinimumMemory} of memory per VM for the NVIDIA driver; this group has ${capacity.memory}`,
    );
  }
  return {
    shape: {
      instanceType,
      diskSize: quantityString(s.diskSize ?? DEFAULTS.diskSize),
      storageClass: s.storageClass,
      roles: s.roles ?? [],
      cpu: s.cpu === undefined ? undefined : quantityString(s.cpu),
      memory: s.memory === undefined ? undefined : quantityString(s.memory),
      gpus,
    },
    capacity,
  };
}

/**
 * KubeVirt rejects a VM that sets what its instance type sets: with a type that brings GPUs (the gn1 types), the
 * template's own `domain.devices.gpus` is a conflict. (Its cpu and memory are refused with `resources` above; the
 * launcher's ephemeral-storage resources are no conflict.)
 */
function gpuConflict(
  c: ProblemCollector,
  path: string,
  instanceType: string,
  gpus: readonly ResolvedGpu[],
  inherited: boolean,
  platform: NodeGroupPlatform,
): void {
  const own = instanceTypeGpus(platform.instanceTypes, instanceType, platform.line);
  if (own.length === 0) return;
  const alternative = sameSizeWithoutGpus(platform.instanceTypes, instanceType, platform.line);
  const instead = [
    inherited ? 'give "gpus: []" in this entry to use the type\'s own' : "drop gpus to use the type's own",
    `or keep gpus with an instance type without GPUs${alternative === undefined ? '' : ` (e.g. "${alternative}", the same size)`}`,
  ].join(', ');
  c.add(
    child(path, 'gpus'),
    gpus.map((g) => g.name),
    `cannot be combined with instanceType "${instanceType}", which brings its own GPUs (${own.join(', ')}); KubeVirt rejects a VM that sets GPUs its instance type sets${inherited ? " (this entry inherits the node group's gpus)" : ''}: ${instead}`,
  );
}

export function resolveNodeGroups(
  c: ProblemCollector,
  raw: unknown,
  names: ClusterNames,
  nameValid: boolean,
  platform: NodeGroupPlatform,
): ResolvedNodeGroup[] {
  const groups = raw === undefined || raw === null ? { [DEFAULT_NODE_GROUP_NAME]: DEFAULT_NODE_GROUP } : check.map(c, 'nodeGroups', raw);
  if (groups === undefined) return [];
  const result: ResolvedNodeGroup[] = [];
  for (const key of Object.keys(groups).sort()) {
    const group = resolveNodeGroupAt(c, child('nodeGroups', key), key, groups[key], names, nameValid, platform);
    if (group !== undefined) result.push(group);
  }
  return result;
}

/**
 * Checks one more node group for an already resolved cluster (e.g. `addNodePool`).
 *
 * @throws SpecValidationError listing every problem, with paths under `nodeGroups.<name>`
 */
export function resolveNodeGroup(cluster: ResolvedCluster, name: string, input: unknown): ResolvedNodeGroup {
  const c = new ProblemCollector();
  const path = child('nodeGroups', name);
  if (cluster.nodeGroups.some((g) => g.name === name)) c.add(path, name, 'a node group with this name already exists');
  const group = resolveNodeGroupAt(c, path, name, input ?? {}, cluster.names, true, cluster.platform);
  c.throwIfAny();
  return group!;
}

function resolveNodeGroupAt(
  c: ProblemCollector,
  path: string,
  key: string,
  value: unknown,
  names: ClusterNames,
  nameValid: boolean,
  platform: NodeGroupPlatform,
): ResolvedNodeGroup | undefined {
  let keyOk = true;
  const groupNameProblem = nodeGroupNameProblem(key);
  if (groupNameProblem !== undefined) {
    c.add(path, key, groupNameProblem);
    keyOk = false;
  } else if (nameValid && names.nodeGroup(key).length > MAX_LABEL_LENGTH) {
    c.add(path, key, `is too long: "${names.nodeGroup(key)}" is a label value and must fit ${MAX_LABEL_LENGTH} characters`);
    keyOk = false;
  }
  const f = check.object(c, path, value, NODE_GROUP_KEYS);
  if (f === undefined) {
    if (value === null || value === undefined) c.add(path, value, 'must be an object describing the node group');
    return undefined;
  }
  const minReplicas = check.integer(c, child(path, 'minReplicas'), f.minReplicas, LIMITS.nodeGroupReplicas) ?? DEFAULTS.minReplicas;
  const maxReplicasChecked = check.integer(c, child(path, 'maxReplicas'), f.maxReplicas, LIMITS.nodeGroupReplicas);
  const maxReplicas = maxReplicasChecked ?? DEFAULTS.maxReplicas;
  // A maxReplicas already reported bounds nothing else: no second problem against a default the user did not write.
  const maxReplicasKnown = maxReplicasChecked !== undefined || f.maxReplicas === undefined || f.maxReplicas === null;
  if (minReplicas > maxReplicas) {
    c.add(child(path, 'minReplicas'), minReplicas, `must not exceed maxReplicas (${maxReplicas})`);
  }
  const fields = shapeFields(c, path, f, platform.line);
  const { shape, capacity } = finishShape(c, path, fields, platform);
  let kubelet: ResolvedKubeletReservations | undefined;
  const kubeletPath = child(path, 'kubelet');
  if (!platform.line.kubeletReservations) {
    if (asksFor(f.kubelet)) onlyOnLines(c, kubeletPath, f.kubelet, platform.line, (l) => l.kubeletReservations);
  } else if (capacity !== undefined) {
    // Checked against the VM's size; without one (a problem already) the reservations could only be misjudged.
    kubelet = resolveKubeletReservations(c, kubeletPath, f.kubelet, capacity);
  }
  const hcPath = child(path, 'healthCheck');
  const hc = check.object(c, hcPath, f.healthCheck, HEALTH_CHECK_KEYS) ?? {};
  const healthCheck = {
    unknownTimeout: check.duration(c, child(hcPath, 'unknownTimeout'), hc.unknownTimeout, LIMITS.duration) ?? DEFAULTS.unknownTimeout,
    notReadyTimeout: check.duration(c, child(hcPath, 'notReadyTimeout'), hc.notReadyTimeout, LIMITS.duration) ?? DEFAULTS.notReadyTimeout,
    nodeStartupTimeout:
      check.duration(c, child(hcPath, 'nodeStartupTimeout'), hc.nodeStartupTimeout, LIMITS.nodeStartupTimeout) ?? DEFAULTS.nodeStartupTimeout,
    maxUnhealthy:
      maxUnhealthy(c, child(hcPath, 'maxUnhealthy'), hc.maxUnhealthy, maxReplicasKnown ? maxReplicas : LIMITS.nodeGroupReplicas.max) ??
      DEFAULTS.maxUnhealthy,
  };
  const maxNodeProvisionTime =
    check.duration(c, child(path, 'maxNodeProvisionTime'), f.maxNodeProvisionTime, LIMITS.duration) ?? DEFAULTS.maxNodeProvisionTime;
  const retainedTemplates = resolveRetained(
    c,
    child(path, 'retainedTemplates'),
    f.retainedTemplates,
    fields,
    platform,
    keyOk && nameValid ? names.nodeGroup(key) : undefined,
  );
  if (capacity === undefined || (platform.line.kubeletReservations && kubelet === undefined)) return undefined;
  return { name: key, minReplicas, maxReplicas, shape, capacity, kubelet, healthCheck, maxNodeProvisionTime, retainedTemplates };
}

/**
 * A MachineHealthCheck's `maxUnhealthy`: a percentage from 0% to 100%, or a machine count no larger than the group
 * can ever have (`maxReplicas`): a larger one never pauses remediation, which is what "100%" says plainly.
 */
function maxUnhealthy(c: ProblemCollector, path: string, raw: unknown, maxReplicas: number): string | undefined {
  const text = check.string(c, path, typeof raw === 'number' ? String(raw) : raw, MAX_UNHEALTHY);
  if (text === undefined) return undefined;
  const percent = text.endsWith('%');
  const amount = Number(percent ? text.slice(0, -1) : text);
  if (percent && amount > 100) {
    c.add(path, raw, 'must be a percentage from 0% to 100% (or a machine count); write "100%" to never pause remediation');
    return undefined;
  }
  if (!percent && amount > maxReplicas) {
    c.add(
      path,
      raw,
      `must be at most maxReplicas (${maxReplicas}) machines; write "100%" to never pause remediation, or a count up to ${maxReplicas}`,
    );
    return undefined;
  }
  return text;
}

function resolveRetained(
  c: ProblemCollector,
  path: string,
  raw: unknown,
  current: ShapeFields,
  platform: NodeGroupPlatform,
  groupBase: string | undefined,
): ResolvedRetainedTemplate[] {
  const items = check.list(c, path, raw) ?? [];
  return items.flatMap((item, i) => {
    const p = child(path, i);
    const f = check.object(c, p, item, SHAPE_KEYS);
    if (f === undefined) {
      if (item === null || item === undefined) c.add(p, item, 'must be an object');
      return [];
    }
    const own = shapeFields(c, p, f, platform.line);
    // Sizing (instance type or resources) is taken whole from the entry when it gives either, else from the group.
    const sizing = own.instanceTypeGiven || own.resourcesGiven ? own : current;
    const merged: ShapeFields = {
      instanceType: sizing.instanceType,
      instanceTypeGiven: sizing.instanceTypeGiven,
      cpu: sizing.cpu,
      memory: sizing.memory,
      resourcesGiven: sizing.resourcesGiven,
      cpuWritten: sizing.cpuWritten,
      memoryWritten: sizing.memoryWritten,
      diskSize: own.diskSize ?? current.diskSize,
      storageClass: own.storageClassGiven ? own.storageClass : current.storageClass,
      storageClassGiven: own.storageClassGiven || current.storageClassGiven,
      roles: own.roles ?? current.roles,
      gpus: own.gpus ?? current.gpus,
      gpusInherited: own.gpus === undefined && current.gpus !== undefined,
    };
    const expectedName = check.string(c, child(p, 'name'), f.name, SUBDOMAIN);
    if (expectedName !== undefined && groupBase !== undefined && !expectedName.startsWith(`${groupBase}-`)) {
      c.add(child(p, 'name'), expectedName, `is not a template of this node group (names start with "${groupBase}-")`);
    }
    const { shape, capacity } = finishShape(c, p, merged, platform);
    return capacity === undefined ? [] : [{ shape, expectedName, path: p }];
  });
}
