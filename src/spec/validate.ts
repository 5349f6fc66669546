// Turns an untrusted description (TypeScript props, or a values file) into a ResolvedCluster: every field
// checked, every problem collected with its path and value, every default applied.
import { BUILT_IN_ADDON_IDS } from './addon-ids';
import * as check from './checks';
import { child, type Fields } from './checks';
import { DEFAULT_CHART_SOURCE, DEFAULT_HELM_CONTROLLER_VERSION, DEFAULT_IMAGES, DEFAULT_NODE_GROUP, DEFAULT_NODE_GROUP_NAME, DEFAULTS } from './defaults';
import { ProblemCollector } from './errors';
import { LIMITS } from './limits';
import { knownInstanceTypes, type InstanceTypeSize } from './instance-types';
import { clusterNameProblem, dataStoreNameProblem, nodeGroupNameProblem } from './name-rules';
import {
  ClusterNames, DNS1123_LABEL, DNS1123_SUBDOMAIN, LABEL_NAME, MAX_LABEL_LENGTH, MAX_SUBDOMAIN_LENGTH, releaseName,
} from './names';
import { DEFAULT_ALLOCATION_RATIOS, PRESET_NAMES, type AllocationRatios, type ResourcesPreset } from './presets';
import { quantityString, quantityValue, type QuantityInput } from './quantity';
import type {
  ResolvedAddons, ResolvedCluster, ResolvedComponentResources, ResolvedControlPlane, ResolvedDedicatedEtcd, ResolvedGpu,
  ResolvedChartSource, ResolvedImages, ResolvedNodeGroup, ResolvedPlatform, ResolvedRetainedTemplate, ResolvedTemplateShape,
  ResolvedToggledAddon,
} from './resolved';
import type { BuiltInAddonId, ContainerdRegistryConfig, IngressNginxExposeMethod, TopologySpreadConstraintSpec } from './types';
import { KubernetesVersion } from './versions';

const LABEL = { pattern: DNS1123_LABEL, patternText: 'a DNS-1123 label (lower-case letters, digits and "-", starting and ending alphanumeric)', maxLength: MAX_LABEL_LENGTH };
const SUBDOMAIN = { pattern: DNS1123_SUBDOMAIN, patternText: 'a DNS-1123 subdomain (lower-case letters, digits, "-" and ".")', maxLength: MAX_SUBDOMAIN_LENGTH };
const HOSTNAME = { pattern: DNS1123_SUBDOMAIN, patternText: 'a lower-case DNS host name', maxLength: MAX_SUBDOMAIN_LENGTH };
const INGRESS_HOST = { pattern: /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, patternText: 'a lower-case DNS host name, optionally starting with "*."', maxLength: MAX_SUBDOMAIN_LENGTH };
const ROLE = { pattern: LABEL_NAME, patternText: 'a label name (letters, digits, "-", "_", "."; alphanumeric at both ends)', maxLength: MAX_LABEL_LENGTH };
const GPU_NAME = { pattern: /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?(\/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/, patternText: 'a device name such as "nvidia.com/AD102GL_L40S"', maxLength: LIMITS.keyLength };
const IMAGE = { pattern: /^\S+$/, patternText: 'an image reference' };
const MAX_UNHEALTHY = { pattern: /^(?:\d+|\d+%)$/, patternText: 'a count or a percentage such as "40%"', maxLength: LIMITS.scalarTextLength };
const INSTANCE_TYPE = { pattern: /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, patternText: 'an instance type name such as "u1.medium"', maxLength: MAX_SUBDOMAIN_LENGTH };

const TOP_KEYS = ['name', 'tenant', 'platform', 'storageClass', 'nodeGroups', 'version', 'host', 'addons', 'controlPlane', 'etcd', 'platformIntegration', 'teardown'];
const TENANT_KEYS = ['namespace', 'dataStoreName', 'ingressClassName', 'host', 'monitoringNamespace'];
const PLATFORM_KEYS = ['allocationRatios', 'clusterDomain', 'instanceTypes', 'topologySpreadConstraints', 'containerdRegistries', 'kubernetesPatchVersions', 'images', 'addonCharts', 'fluxHelmControllerVersion'];
const NODE_GROUP_KEYS = ['minReplicas', 'maxReplicas', 'instanceType', 'ephemeralStorage', 'roles', 'resources', 'gpus', 'healthCheck', 'maxNodeProvisionTime', 'retainedTemplates'];
const SHAPE_KEYS = ['name', 'instanceType', 'ephemeralStorage', 'roles', 'resources', 'gpus'];
const COMPONENT_KEYS = ['resources', 'resourcesPreset'];
const RESOURCE_KEYS = ['cpu', 'memory'];
const ETCD_KEYS = ['replicas', 'size', 'storageClass', 'resources', 'defrag'];
const TOGGLED_KEYS = ['enabled', 'valuesOverride'];
const ALWAYS_ON_KEYS = ['valuesOverride'];
const ADDON_KEYS = ['certManager', 'cilium', 'gatewayAPI', 'ingressNginx', 'gpuOperator', 'fluxcd', 'monitoringAgents', 'verticalPodAutoscaler', 'velero', 'coredns'];
const EXPOSE_METHODS: readonly IngressNginxExposeMethod[] = ['Proxied', 'LoadBalancer'];

/**
 * Checks a tenant cluster description and applies every default.
 *
 * @param input a `TenantKubernetesClusterSpec` (or the same shape read from YAML)
 * @returns the resolved cluster
 * @throws SpecValidationError listing every problem, each with its path and the value received
 */
export function resolveSpec(input: unknown): ResolvedCluster {
  const c = new ProblemCollector();
  const top = check.object(c, '', input, TOP_KEYS);
  if (top === undefined) {
    if (c.count === 0) c.add('', input, 'must be an object describing the cluster');
    c.throwIfAny();
    throw new Error('unreachable');
  }

  const name = check.required(c, 'name', top.name, check.string(c, 'name', top.name, LABEL), 'the cluster name');
  const nameClash = name === undefined ? undefined : clusterNameProblem(name);
  if (nameClash !== undefined) c.add('name', name, nameClash);
  const tenantRaw = top.tenant;
  const tenant = check.object(c, 'tenant', tenantRaw, TENANT_KEYS) ?? {};
  if (tenantRaw === undefined || tenantRaw === null) c.add('tenant', tenantRaw, 'is required: the tenant context (at least the namespace)');
  const namespace = check.required(c, 'tenant.namespace', tenant.namespace, check.string(c, 'tenant.namespace', tenant.namespace, LABEL), 'the tenant namespace');
  const dataStoreName = check.string(c, 'tenant.dataStoreName', tenant.dataStoreName, SUBDOMAIN);
  const foreignDataStore = dataStoreName === undefined || namespace === undefined ? undefined : dataStoreNameProblem(dataStoreName, namespace);
  if (foreignDataStore !== undefined) c.add('tenant.dataStoreName', dataStoreName, foreignDataStore);
  const ingressClassName = check.string(c, 'tenant.ingressClassName', tenant.ingressClassName, SUBDOMAIN);
  const tenantHost = check.string(c, 'tenant.host', tenant.host, HOSTNAME);
  const monitoringNamespace = check.string(c, 'tenant.monitoringNamespace', tenant.monitoringNamespace, LABEL);

  const platformInput = check.object(c, 'platform', top.platform, PLATFORM_KEYS) ?? {};
  const extraInstanceTypes = instanceTypeMap(c, 'platform.instanceTypes', platformInput.instanceTypes);
  const instanceTypes = knownInstanceTypes(extraInstanceTypes);

  const versionRaw = top.version;
  let version = KubernetesVersion.DEFAULT;
  if (versionRaw !== undefined && versionRaw !== null && versionRaw !== '') {
    const found = typeof versionRaw === 'string' ? KubernetesVersion.find(versionRaw) : undefined;
    if (found === undefined) c.add('version', versionRaw, `unsupported Kubernetes version; expected one of: ${KubernetesVersion.ALL.map((v) => v.minor).join(', ')}`);
    else version = found;
  }
  const platform = resolvePlatform(c, platformInput, version, instanceTypes);
  const patchOverrides = check.object(c, 'platform.kubernetesPatchVersions', platformInput.kubernetesPatchVersions, KubernetesVersion.ALL.map((v) => v.minor)) ?? {};
  const patchVersion = check.string(c, child('platform.kubernetesPatchVersions', version.minor), patchOverrides[version.minor], {
    pattern: new RegExp(`^${version.minor.replace('.', '\\.')}\\.\\d+$`), patternText: `a patch release of ${version.minor} such as "${version.patch}"`,
  }) ?? version.patch;
  for (const key of Object.keys(patchOverrides)) {
    if (key !== version.minor) {
      check.string(c, child('platform.kubernetesPatchVersions', key), patchOverrides[key], { pattern: new RegExp(`^${key.replace('.', '\\.')}\\.\\d+$`), patternText: `a patch release of ${key}` });
    }
  }

  const storageClass = check.string(c, 'storageClass', top.storageClass ?? DEFAULTS.storageClass, SUBDOMAIN);
  const hostValue = check.string(c, 'host', top.host, HOSTNAME);

  const names = new ClusterNames(releaseName(name ?? 'invalid'), namespace ?? 'invalid');
  const etcdInput = check.object(c, 'etcd', top.etcd, ETCD_KEYS) ?? {};
  const dedicatedEtcd = dataStoreName === undefined ? resolveEtcd(c, etcdInput) : undefined;
  let nameFits = name !== undefined;
  if (name !== undefined) {
    const [longest, what] = names.labelLimitedNames(dedicatedEtcd !== undefined)[0];
    if (longest.length > MAX_LABEL_LENGTH) {
      const max = name.length - (longest.length - MAX_LABEL_LENGTH);
      c.add('name', name, `is too long: "${longest}" (${what}) must fit ${MAX_LABEL_LENGTH} characters; the cluster name can have at most ${Math.max(max, 0)}`);
      nameFits = false;
    }
  }

  const host = hostValue ?? (tenantHost !== undefined ? `${names.base}.${tenantHost}` : undefined);
  if (host === undefined && hostValue === undefined && top.host === undefined && tenant.host === undefined) {
    c.add('tenant.host', tenant.host, 'is required when "host" is not given: the API server is published as kubernetes-<name>.<tenant host>');
  }
  if (host !== undefined && hostValue === undefined && host.length > MAX_SUBDOMAIN_LENGTH) {
    c.add('tenant.host', tenantHost, `is too long: the API host "${host}" must fit ${MAX_SUBDOMAIN_LENGTH} characters`);
  }

  if (dataStoreName === undefined && namespace !== undefined && name !== undefined && names.dedicatedDataStore.length > MAX_SUBDOMAIN_LENGTH) {
    c.add('name', name, `is too long: the DataStore "${names.dedicatedDataStore}" must fit ${MAX_SUBDOMAIN_LENGTH} characters`);
  }

  const nodeGroups = resolveNodeGroups(c, top.nodeGroups, names, nameFits, instanceTypes);
  const controlPlane = resolveControlPlane(c, check.object(c, 'controlPlane', top.controlPlane, ['replicas', 'apiServer', 'controllerManager', 'scheduler', 'konnectivity']) ?? {});
  const addons = resolveAddons(c, check.object(c, 'addons', top.addons, ADDON_KEYS) ?? {});
  if (addons.monitoringAgents.enabled && monitoringNamespace === undefined) {
    c.add('tenant.monitoringNamespace', tenant.monitoringNamespace, 'is required when addons.monitoringAgents is enabled: the agents send metrics and logs there');
  }
  const platformIntegration = check.boolean(c, 'platformIntegration', top.platformIntegration) ?? DEFAULTS.platformIntegration;
  if (platformIntegration && namespace !== undefined && !/^tenant-[a-z0-9]+(-[a-z0-9]+)*$/.test(namespace)) {
    c.add('tenant.namespace', namespace, 'must be a tenant namespace ("tenant-<name>") when platformIntegration is on: the dashboard RBAC is granted along the tenant chain');
  }
  const teardownIn = check.object(c, 'teardown', top.teardown, ['helmHook', 'waitTimeout']) ?? {};
  const teardown = {
    helmHook: check.boolean(c, 'teardown.helmHook', teardownIn.helmHook) ?? DEFAULTS.teardownHelmHook,
    waitTimeout: check.duration(c, 'teardown.waitTimeout', teardownIn.waitTimeout, LIMITS.duration, { pattern: /^\d+(s|m|h)$/, patternText: 'a duration in whole seconds, minutes or hours such as "5m"' }) ?? DEFAULTS.teardownWaitTimeout,
  };

  c.throwIfAny();
  return {
    name: name!,
    names,
    namespace: namespace!,
    version,
    patchVersion,
    host: host!,
    ingressClassName,
    dataStoreName: dataStoreName ?? names.dedicatedDataStore,
    dedicatedEtcd,
    monitoringNamespace,
    storageClass,
    nodeGroups,
    controlPlane,
    addons,
    platform,
    platformIntegration,
    teardown,
  };
}

function instanceTypeMap(c: ProblemCollector, path: string, raw: unknown): Record<string, InstanceTypeSize> | undefined {
  const entries = check.map(c, path, raw);
  if (entries === undefined) return undefined;
  const result: Record<string, InstanceTypeSize> = {};
  for (const [key, value] of Object.entries(entries)) {
    const p = child(path, key);
    if (!INSTANCE_TYPE.pattern.test(key) || key.length > INSTANCE_TYPE.maxLength) {
      c.add(p, key, 'instance type names must be DNS-1123 subdomains');
      continue;
    }
    const fields = check.object(c, p, value, ['cpu', 'memory']);
    if (fields === undefined) {
      if (value === undefined || value === null) c.add(p, value, 'must give cpu and memory');
      continue;
    }
    const cpu = check.required(c, child(p, 'cpu'), fields.cpu, check.integer(c, child(p, 'cpu'), fields.cpu, LIMITS.instanceTypeCpu), 'guest vCPUs');
    const memory = check.required(c, child(p, 'memory'), fields.memory, check.quantity(c, child(p, 'memory'), fields.memory, LIMITS.memory), 'guest memory');
    if (cpu !== undefined && memory !== undefined) result[key] = { cpu, memory };
  }
  return result;
}

function resolvePlatform(c: ProblemCollector, input: Fields, version: KubernetesVersion,
  instanceTypes: Readonly<Record<string, InstanceTypeSize>>): ResolvedPlatform {
  const ratiosIn = check.object(c, 'platform.allocationRatios', input.allocationRatios, ['cpu', 'memory', 'ephemeralStorage']) ?? {};
  const ratio = (key: keyof AllocationRatios): number => {
    const p = child('platform.allocationRatios', key);
    return check.number(c, p, ratiosIn[key], LIMITS.allocationRatio, 'requests are limits divided by the ratio, and Kubernetes rejects a request above its limit')
      ?? DEFAULT_ALLOCATION_RATIOS[key];
  };
  const allocationRatios = { cpu: ratio('cpu'), memory: ratio('memory'), ephemeralStorage: ratio('ephemeralStorage') };
  const clusterDomain = check.string(c, 'platform.clusterDomain', input.clusterDomain, { ...SUBDOMAIN }) ?? DEFAULTS.clusterDomain;
  const topologySpreadConstraints = spreadConstraints(c, 'platform.topologySpreadConstraints', input.topologySpreadConstraints);
  const containerdRegistries = registries(c, 'platform.containerdRegistries', input.containerdRegistries);
  const IMAGE_KEYS = Object.keys(IMAGE_DEFAULTS) as (keyof ResolvedImages)[];
  const images = check.object(c, 'platform.images', input.images, ['workerContainerDisks', ...IMAGE_KEYS]) ?? {};
  const disks = check.object(c, 'platform.images.workerContainerDisks', images.workerContainerDisks, KubernetesVersion.ALL.map((v) => v.minor)) ?? {};
  for (const key of Object.keys(disks)) check.string(c, child('platform.images.workerContainerDisks', key), disks[key], IMAGE);
  const chosenDisk = typeof disks[version.minor] === 'string' && disks[version.minor] !== '' ? (disks[version.minor] as string) : undefined;
  const workerContainerDisk = chosenDisk ?? (version === KubernetesVersion.V1_33
    ? DEFAULT_IMAGES.workerContainerDiskV133
    : `${DEFAULT_IMAGES.workerContainerDiskRepository}:${version.minor}`);
  const resolvedImages = Object.fromEntries(IMAGE_KEYS.map((k) => [k, check.string(c, child('platform.images', k), images[k], IMAGE) ?? IMAGE_DEFAULTS[k]])) as unknown as ResolvedImages;
  const helmControllerVersion = check.string(c, 'platform.fluxHelmControllerVersion', input.fluxHelmControllerVersion, {
    pattern: /^v?\d+\.\d+(\.\d+)?$/, patternText: 'a version such as "1.3.0"',
  }) ?? DEFAULT_HELM_CONTROLLER_VERSION;
  const [major, minor] = helmControllerVersion.replace(/^v/, '').split('.').map(Number);
  return {
    instanceTypes, allocationRatios, clusterDomain, topologySpreadConstraints, containerdRegistries, workerContainerDisk,
    images: resolvedImages,
    addonCharts: resolveAddonCharts(c, input.addonCharts),
    helmReleaseRetryStrategy: major > 1 || (major === 1 && minor >= 4),
  };
}

const IMAGE_DEFAULTS: ResolvedImages = {
  etcdDefrag: DEFAULT_IMAGES.etcdDefrag,
  clusterAutoscaler: DEFAULT_IMAGES.clusterAutoscaler,
  kubevirtCloudProvider: DEFAULT_IMAGES.kubevirtCloudProvider,
  kubevirtCsiDriver: DEFAULT_IMAGES.kubevirtCsiDriver,
  csiProvisioner: DEFAULT_IMAGES.csiProvisioner,
  csiAttacher: DEFAULT_IMAGES.csiAttacher,
  csiLivenessProbe: DEFAULT_IMAGES.csiLivenessProbe,
  csiSnapshotter: DEFAULT_IMAGES.csiSnapshotter,
  snapshotController: DEFAULT_IMAGES.snapshotController,
  csiResizer: DEFAULT_IMAGES.csiResizer,
  kubectl: DEFAULT_IMAGES.kubectl,
};

const CHART_SOURCE_KEYS = ['sourceKind', 'sourceName', 'sourceNamespace', 'chart', 'version'];

export function chartSource(c: ProblemCollector, path: string, raw: unknown): Partial<ResolvedChartSource> {
  const f = check.object(c, path, raw, CHART_SOURCE_KEYS) ?? {};
  const out: Record<string, string> = {};
  for (const key of CHART_SOURCE_KEYS) {
    const rule = key === 'sourceName' || key === 'sourceNamespace' ? SUBDOMAIN : key === 'sourceKind' ? { pattern: /^(HelmRepository|GitRepository|Bucket)$/, patternText: 'a chart source kind: HelmRepository, GitRepository or Bucket' } : {};
    const v = check.string(c, child(path, key), f[key], rule);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function resolveAddonCharts(c: ProblemCollector, raw: unknown): Record<BuiltInAddonId | 'defaults', ResolvedChartSource> {
  const f = check.object(c, 'platform.addonCharts', raw, ['defaults', ...BUILT_IN_ADDON_IDS]) ?? {};
  const defaults = { ...DEFAULT_CHART_SOURCE, chart: undefined, ...chartSource(c, 'platform.addonCharts.defaults', f.defaults) };
  const perAddon = BUILT_IN_ADDON_IDS.map((id) => [id, { ...defaults, ...chartSource(c, child('platform.addonCharts', id), f[id]) }]);
  return Object.fromEntries([['defaults', defaults], ...perAddon]) as Record<BuiltInAddonId | 'defaults', ResolvedChartSource>;
}


function spreadConstraints(c: ProblemCollector, path: string, raw: unknown): TopologySpreadConstraintSpec[] | undefined {
  const items = check.list(c, path, raw);
  if (items === undefined || items.length === 0) return undefined;
  return items.flatMap((item, i) => {
    const p = child(path, i);
    const f = check.object(c, p, item, ['maxSkew', 'topologyKey', 'whenUnsatisfiable', 'labelSelector']);
    if (f === undefined) {
      if (item === null || item === undefined) c.add(p, item, 'must be an object');
      return [];
    }
    const maxSkew = check.required(c, child(p, 'maxSkew'), f.maxSkew, check.integer(c, child(p, 'maxSkew'), f.maxSkew, LIMITS.maxSkew), 'maxSkew');
    const topologyKey = check.required(c, child(p, 'topologyKey'), f.topologyKey, check.labelKey(c, child(p, 'topologyKey'), f.topologyKey), 'topologyKey');
    const whenUnsatisfiable = check.required(c, child(p, 'whenUnsatisfiable'), f.whenUnsatisfiable,
      check.oneOf(c, child(p, 'whenUnsatisfiable'), f.whenUnsatisfiable, ['DoNotSchedule', 'ScheduleAnyway']), 'DoNotSchedule or ScheduleAnyway');
    const selector = check.object(c, child(p, 'labelSelector'), f.labelSelector, ['matchLabels']);
    const matchLabels = selector ? check.labelMap(c, child(child(p, 'labelSelector'), 'matchLabels'), selector.matchLabels) : undefined;
    if (maxSkew === undefined || topologyKey === undefined || whenUnsatisfiable === undefined) return [];
    return [{ maxSkew, topologyKey, whenUnsatisfiable, ...(matchLabels ? { labelSelector: { matchLabels } } : {}) }];
  });
}

function registries(c: ProblemCollector, path: string, raw: unknown): ContainerdRegistryConfig | undefined {
  const f = check.object(c, path, raw, ['secretName', 'registries']);
  if (f === undefined) return undefined;
  const secretName = check.required(c, child(path, 'secretName'), f.secretName, check.string(c, child(path, 'secretName'), f.secretName, SUBDOMAIN), 'the Secret holding hosts.toml files');
  const items = check.list(c, child(path, 'registries'), f.registries) ?? [];
  const list = items.flatMap((item, i) => {
    const p = child(child(path, 'registries'), i);
    const r = check.object(c, p, item, ['registry', 'key']);
    if (r === undefined) return [];
    const registry = check.required(c, child(p, 'registry'), r.registry, check.string(c, child(p, 'registry'), r.registry, { pattern: /^[A-Za-z0-9.-]+(:\d+)?$/, patternText: 'a registry host such as "docker.io" or "registry.local:5000"' }), 'the registry host');
    const key = check.string(c, child(p, 'key'), r.key, { pattern: /^[-._a-zA-Z0-9]+$/, patternText: 'a Secret key' });
    return registry === undefined ? [] : [{ registry, ...(key !== undefined ? { key } : {}) }];
  });
  return secretName === undefined ? undefined : { secretName, registries: list };
}

function resolveEtcd(c: ProblemCollector, f: Fields): ResolvedDedicatedEtcd {
  const replicas = check.integer(c, 'etcd.replicas', f.replicas, LIMITS.etcdReplicas) ?? DEFAULTS.etcdReplicas;
  const size = check.quantity(c, 'etcd.size', f.size, LIMITS.storage) ?? DEFAULTS.etcdSize;
  const storageClass = check.string(c, 'etcd.storageClass', f.storageClass, SUBDOMAIN);
  const res = check.object(c, 'etcd.resources', f.resources, RESOURCE_KEYS) ?? {};
  const cpu = check.quantity(c, 'etcd.resources.cpu', res.cpu, LIMITS.cpu) ?? DEFAULTS.etcdCpu;
  const memory = check.quantity(c, 'etcd.resources.memory', res.memory, LIMITS.memory) ?? DEFAULTS.etcdMemory;
  const defrag = check.boolean(c, 'etcd.defrag', f.defrag) ?? DEFAULTS.etcdDefrag;
  return { replicas, size: quantityString(size), storageClass, cpu: quantityString(cpu), memory: quantityString(memory), defrag };
}

interface ShapeFields {
  readonly instanceType: string | undefined;
  readonly instanceTypeGiven: boolean;
  readonly ephemeralStorage: QuantityInput | undefined;
  readonly roles: readonly string[] | undefined;
  readonly cpu: QuantityInput | undefined;
  readonly memory: QuantityInput | undefined;
  readonly resourcesGiven: boolean;
  /** Whether cpu / memory were written at all (possibly invalid, then already reported). */
  readonly cpuWritten: boolean;
  readonly memoryWritten: boolean;
  readonly gpus: readonly ResolvedGpu[] | undefined;
}

/** Reads the template-shaping fields of a node group (or of a retained template), without defaults. */
function shapeFields(c: ProblemCollector, path: string, f: Fields): ShapeFields {
  const instanceTypeGiven = f.instanceType !== undefined && f.instanceType !== null;
  const instanceType = check.string(c, child(path, 'instanceType'), f.instanceType, INSTANCE_TYPE);
  const ephemeralStorage = check.quantity(c, child(path, 'ephemeralStorage'), f.ephemeralStorage, LIMITS.storage);
  const rolesRaw = check.list(c, child(path, 'roles'), f.roles);
  const roles = rolesRaw?.flatMap((r, i) => {
    const role = check.string(c, child(child(path, 'roles'), i), r, ROLE);
    if (role === undefined && (r === '' || r === null || r === undefined)) c.add(child(child(path, 'roles'), i), r, 'must be a non-empty role name');
    return role === undefined ? [] : [role];
  });
  const res = check.object(c, child(path, 'resources'), f.resources, RESOURCE_KEYS) ?? {};
  const cpuPath = child(child(path, 'resources'), 'cpu');
  let cpu = check.quantity(c, cpuPath, res.cpu, LIMITS.cpu);
  // KubeVirt takes `domain.cpu.cores` as a whole number: "500m" or "1.5" would give an invalid VM.
  if (cpu !== undefined && !Number.isInteger(quantityValue(cpu))) {
    c.add(cpuPath, cpu, 'must be a whole number of vCPUs (it becomes the VM\'s cores)');
    cpu = undefined;
  }
  const memory = check.quantity(c, child(child(path, 'resources'), 'memory'), res.memory, LIMITS.memory);
  const gpusRaw = check.list(c, child(path, 'gpus'), f.gpus);
  const gpus = gpusRaw?.flatMap((g, i) => {
    const p = child(child(path, 'gpus'), i);
    const gf = check.object(c, p, g, ['name']);
    if (gf === undefined) {
      if (g === null || g === undefined) c.add(p, g, 'must be an object with a name');
      return [];
    }
    const gpuName = check.required(c, child(p, 'name'), gf.name, check.string(c, child(p, 'name'), gf.name, GPU_NAME), 'the GPU device name');
    return gpuName === undefined ? [] : [{ name: gpuName }];
  });
  const written = (v: unknown) => v !== undefined && v !== null && v !== '';
  return {
    instanceType, instanceTypeGiven, ephemeralStorage, roles, cpu, memory, gpus,
    resourcesGiven: written(res.cpu) || written(res.memory), cpuWritten: written(res.cpu), memoryWritten: written(res.memory),
  };
}

/** Applies the sizing rules to shape fields: instance type xor resources, and the GPU memory minimum. */
function finishShape(c: ProblemCollector, path: string, s: ShapeFields, instanceTypes: Readonly<Record<string, InstanceTypeSize>>):
  { shape: ResolvedTemplateShape; capacity?: { cpu: string; memory: string } } {
  const resourcesPath = child(path, 'resources');
  let instanceType = s.instanceType;
  if (!s.instanceTypeGiven && !s.resourcesGiven) instanceType = DEFAULTS.instanceType;
  let capacity: { cpu: string; memory: string } | undefined;
  if (instanceType !== undefined && s.resourcesGiven) {
    c.add(resourcesPath, { cpu: s.cpu, memory: s.memory }, `cannot be combined with instanceType "${instanceType}" (KubeVirt rejects a VM with both); set instanceType to "" to size VMs by resources`);
  } else if (instanceType !== undefined) {
    const size = check.ownEntry(instanceTypes, instanceType);
    if (size === undefined) {
      c.add(child(path, 'instanceType'), instanceType, 'unknown instance type; use one of the platform\'s (e.g. u1.medium) or declare it in platform.instanceTypes');
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
  if (gpus.length > 0 && capacity !== undefined && quantityValue(capacity.memory) < quantityValue(DEFAULTS.gpuMinimumMemory)) {
    c.add(child(path, 'gpus'), gpus.map((g) => g.name), `need at least ${DEFAULTS.gpuMinimumMemory} of memory per VM for the NVIDIA driver; this group has ${capacity.memory}`);
  }
  return {
    shape: {
      instanceType,
      ephemeralStorage: quantityString(s.ephemeralStorage ?? DEFAULTS.ephemeralStorage),
      roles: s.roles ?? [],
      cpu: s.cpu === undefined ? undefined : quantityString(s.cpu),
      memory: s.memory === undefined ? undefined : quantityString(s.memory),
      gpus,
    },
    capacity,
  };
}

function resolveNodeGroups(c: ProblemCollector, raw: unknown, names: ClusterNames, nameValid: boolean,
  instanceTypes: Readonly<Record<string, InstanceTypeSize>>): ResolvedNodeGroup[] {
  const groups = raw === undefined || raw === null ? { [DEFAULT_NODE_GROUP_NAME]: DEFAULT_NODE_GROUP } : check.map(c, 'nodeGroups', raw);
  if (groups === undefined) return [];
  const result: ResolvedNodeGroup[] = [];
  for (const key of Object.keys(groups).sort()) {
    const group = resolveNodeGroupAt(c, child('nodeGroups', key), key, groups[key], names, nameValid, instanceTypes);
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
  const group = resolveNodeGroupAt(c, path, name, input ?? {}, cluster.names, true, cluster.platform.instanceTypes);
  c.throwIfAny();
  return group!;
}

function resolveNodeGroupAt(c: ProblemCollector, path: string, key: string, value: unknown, names: ClusterNames, nameValid: boolean,
  instanceTypes: Readonly<Record<string, InstanceTypeSize>>): ResolvedNodeGroup | undefined {
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
  const maxReplicas = check.integer(c, child(path, 'maxReplicas'), f.maxReplicas, LIMITS.nodeGroupReplicas) ?? DEFAULTS.maxReplicas;
  if (minReplicas > maxReplicas) {
    c.add(child(path, 'minReplicas'), minReplicas, `must not exceed maxReplicas (${maxReplicas})`);
  }
  const fields = shapeFields(c, path, f);
  const { shape, capacity } = finishShape(c, path, fields, instanceTypes);
  const hcPath = child(path, 'healthCheck');
  const hc = check.object(c, hcPath, f.healthCheck, ['unknownTimeout', 'notReadyTimeout', 'nodeStartupTimeout', 'maxUnhealthy']) ?? {};
  const healthCheck = {
    unknownTimeout: check.duration(c, child(hcPath, 'unknownTimeout'), hc.unknownTimeout, LIMITS.duration) ?? DEFAULTS.unknownTimeout,
    notReadyTimeout: check.duration(c, child(hcPath, 'notReadyTimeout'), hc.notReadyTimeout, LIMITS.duration) ?? DEFAULTS.notReadyTimeout,
    nodeStartupTimeout: check.duration(c, child(hcPath, 'nodeStartupTimeout'), hc.nodeStartupTimeout, LIMITS.nodeStartupTimeout) ?? DEFAULTS.nodeStartupTimeout,
    maxUnhealthy: maxUnhealthy(c, child(hcPath, 'maxUnhealthy'), hc.maxUnhealthy) ?? DEFAULTS.maxUnhealthy,
  };
  const maxNodeProvisionTime = check.duration(c, child(path, 'maxNodeProvisionTime'), f.maxNodeProvisionTime, LIMITS.duration) ?? DEFAULTS.maxNodeProvisionTime;
  const retainedTemplates = resolveRetained(c, child(path, 'retainedTemplates'), f.retainedTemplates, fields, instanceTypes, keyOk && nameValid ? names.nodeGroup(key) : undefined);
  if (capacity === undefined) return undefined;
  return { name: key, minReplicas, maxReplicas, shape, capacity, healthCheck, maxNodeProvisionTime, retainedTemplates };
}

/** A MachineHealthCheck's `maxUnhealthy`: a machine count (bounded like a node group) or a percentage up to 100%. */
function maxUnhealthy(c: ProblemCollector, path: string, raw: unknown): string | undefined {
  const text = check.string(c, path, typeof raw === 'number' ? String(raw) : raw, MAX_UNHEALTHY);
  if (text === undefined) return undefined;
  const percent = text.endsWith('%');
  const amount = Number(percent ? text.slice(0, -1) : text);
  const max = percent ? 100 : LIMITS.nodeGroupReplicas.max;
  if (amount > max) {
    c.add(path, raw, `must be at most ${max}${percent ? '%' : ' machines'}`);
    return undefined;
  }
  return text;
}

function resolveRetained(c: ProblemCollector, path: string, raw: unknown, current: ShapeFields,
  instanceTypes: Readonly<Record<string, InstanceTypeSize>>, groupBase: string | undefined): ResolvedRetainedTemplate[] {
  const items = check.list(c, path, raw) ?? [];
  return items.flatMap((item, i) => {
    const p = child(path, i);
    const f = check.object(c, p, item, SHAPE_KEYS);
    if (f === undefined) {
      if (item === null || item === undefined) c.add(p, item, 'must be an object');
      return [];
    }
    const own = shapeFields(c, p, f);
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
      ephemeralStorage: own.ephemeralStorage ?? current.ephemeralStorage,
      roles: own.roles ?? current.roles,
      gpus: own.gpus ?? current.gpus,
    };
    const expectedName = check.string(c, child(p, 'name'), f.name, SUBDOMAIN);
    if (expectedName !== undefined && groupBase !== undefined && !expectedName.startsWith(`${groupBase}-`)) {
      c.add(child(p, 'name'), expectedName, `is not a template of this node group (names start with "${groupBase}-")`);
    }
    const { shape, capacity } = finishShape(c, p, merged, instanceTypes);
    return capacity === undefined ? [] : [{ shape, expectedName, path: p }];
  });
}

function component(c: ProblemCollector, path: string, raw: unknown, defaultPreset: ResourcesPreset): ResolvedComponentResources {
  const f = check.object(c, path, raw, COMPONENT_KEYS) ?? {};
  const res = check.object(c, child(path, 'resources'), f.resources, RESOURCE_KEYS) ?? {};
  const preset = check.oneOf(c, child(path, 'resourcesPreset'), f.resourcesPreset, PRESET_NAMES) ?? defaultPreset;
  const cpu = check.quantity(c, child(child(path, 'resources'), 'cpu'), res.cpu, LIMITS.cpu);
  const memory = check.quantity(c, child(child(path, 'resources'), 'memory'), res.memory, LIMITS.memory);
  return { preset, cpu: cpu === undefined ? undefined : quantityString(cpu), memory: memory === undefined ? undefined : quantityString(memory) };
}

function resolveControlPlane(c: ProblemCollector, f: Fields): ResolvedControlPlane {
  const konnectivity = check.object(c, 'controlPlane.konnectivity', f.konnectivity, ['server']) ?? {};
  return {
    replicas: check.integer(c, 'controlPlane.replicas', f.replicas, LIMITS.controlPlaneReplicas) ?? DEFAULTS.controlPlaneReplicas,
    apiServer: component(c, 'controlPlane.apiServer', f.apiServer, DEFAULTS.apiServerPreset),
    controllerManager: component(c, 'controlPlane.controllerManager', f.controllerManager, DEFAULTS.componentPreset),
    scheduler: component(c, 'controlPlane.scheduler', f.scheduler, DEFAULTS.componentPreset),
    konnectivityServer: component(c, 'controlPlane.konnectivity.server', konnectivity.server, DEFAULTS.componentPreset),
  };
}

function toggled(c: ProblemCollector, path: string, raw: unknown): ResolvedToggledAddon {
  const f = check.object(c, path, raw, TOGGLED_KEYS) ?? {};
  return { enabled: check.boolean(c, child(path, 'enabled'), f.enabled) ?? DEFAULTS.addonEnabled, valuesOverride: check.values(c, child(path, 'valuesOverride'), f.valuesOverride) };
}

function alwaysOn(c: ProblemCollector, path: string, raw: unknown): { valuesOverride: Readonly<Record<string, unknown>> } {
  const f = check.object(c, path, raw, ALWAYS_ON_KEYS) ?? {};
  return { valuesOverride: check.values(c, child(path, 'valuesOverride'), f.valuesOverride) };
}

function resolveAddons(c: ProblemCollector, f: Fields): ResolvedAddons {
  const gw = check.object(c, 'addons.gatewayAPI', f.gatewayAPI, ['enabled']) ?? {};
  const ing = check.object(c, 'addons.ingressNginx', f.ingressNginx, ['enabled', 'exposeMethod', 'hosts', 'valuesOverride']) ?? {};
  const hosts = (check.list(c, 'addons.ingressNginx.hosts', ing.hosts) ?? []).flatMap((h, i) => {
    const host = check.string(c, child('addons.ingressNginx.hosts', i), h, INGRESS_HOST);
    if (host === undefined && (h === '' || h === null || h === undefined)) c.add(child('addons.ingressNginx.hosts', i), h, 'must be a non-empty host name');
    return host === undefined ? [] : [host];
  });
  return {
    certManager: toggled(c, 'addons.certManager', f.certManager),
    cilium: alwaysOn(c, 'addons.cilium', f.cilium),
    gatewayAPI: { enabled: check.boolean(c, 'addons.gatewayAPI.enabled', gw.enabled) ?? DEFAULTS.addonEnabled },
    ingressNginx: {
      enabled: check.boolean(c, 'addons.ingressNginx.enabled', ing.enabled) ?? DEFAULTS.addonEnabled,
      exposeMethod: check.oneOf(c, 'addons.ingressNginx.exposeMethod', ing.exposeMethod, EXPOSE_METHODS) ?? DEFAULTS.exposeMethod,
      hosts,
      valuesOverride: check.values(c, 'addons.ingressNginx.valuesOverride', ing.valuesOverride),
    },
    gpuOperator: toggled(c, 'addons.gpuOperator', f.gpuOperator),
    fluxcd: toggled(c, 'addons.fluxcd', f.fluxcd),
    monitoringAgents: toggled(c, 'addons.monitoringAgents', f.monitoringAgents),
    verticalPodAutoscaler: alwaysOn(c, 'addons.verticalPodAutoscaler', f.verticalPodAutoscaler),
    velero: toggled(c, 'addons.velero', f.velero),
    coredns: alwaysOn(c, 'addons.coredns', f.coredns),
  };
}
