// Turns an untrusted description (TypeScript props, or a values file) into a ResolvedCluster: every field
// checked, every problem collected with its path and value, every default applied.
import * as check from './checks';
import { child } from './checks';
import { DEFAULTS } from './defaults';
import { ProblemCollector } from './errors';
import { LIMITS } from './limits';
import { knownInstanceTypes } from './instance-types';
import { clusterNameProblem, dataStoreNameProblem } from './name-rules';
import { ClusterNames, MAX_LABEL_LENGTH, MAX_SUBDOMAIN_LENGTH, releaseName } from './names';
import type { ResolvedCluster } from './resolved';
import { DEFAULT_PLATFORM_RELEASE, PLATFORM_LINES, PLATFORM_RELEASES, type PlatformLine } from './platform-lines';
import { KubernetesVersion } from './versions';
import { TOP_KEYS, TENANT_KEYS, PLATFORM_KEYS, ETCD_KEYS, CONTROL_PLANE_KEYS, TEARDOWN_KEYS } from './field-keys';
import { HOSTNAME, LABEL, SUBDOMAIN } from './string-rules';
import { instanceTypeMap, resolvePlatform } from './resolve-platform';
import { addonNameLengthProblem } from './addon-graph';
import { resolveNodeGroups } from './resolve-node-groups';
import { resolveControlPlane, resolveEtcd } from './resolve-control-plane';
import { resolveAddons } from './resolve-addons';

export { chartSource } from './resolve-platform';
export { resolveNodeGroup } from './resolve-node-groups';

/**
 * The supported minor a version was meant to be: `1.33`, `V1.33` or `v1.33.4` mean `v1.33`. Only the form is corrected,
 * never a number (`v1.99` is not a typo of `v1.29`).
 */
function versionMeant(input: unknown, minors: readonly string[]): string {
  // YAML reads `version: 1.30` as the number 1.3.
  if (typeof input === 'number') {
    const meant = minors.find((v) => Number(v.slice(1)) === input);
    return meant === undefined ? '' : ` (did you mean "${meant}"? YAML reads an unquoted 1.30 as the number 1.3: quote it)`;
  }
  const m = typeof input === 'string' ? /^[vV]?(\d+)\.(\d+)(?:\.\d+)?$/.exec(input.trim()) : null;
  const meant = m === null ? undefined : `v${m[1]}.${m[2]}`;
  return meant !== undefined && meant !== input && minors.includes(meant) ? ` (did you mean "${meant}"?)` : '';
}

/** Options of {@link resolveSpecFields}. */
export interface ResolveOptions {
  /**
   * Top-level fields a front end adds to the description and checks itself (Pulumi's `readinessTimeoutSeconds`, …):
   * accepted here and listed among the expected fields of an unknown one.
   * @default []
   */
  readonly frontEndKeys?: readonly string[];
}

/** `v1.30–v1.35`. */
function versionRange(line: PlatformLine): string {
  return `${line.versions[0].minor}–${line.versions[line.versions.length - 1].minor}`;
}

/** The platform line of `platform.release`. */
function resolveRelease(c: ProblemCollector, raw: unknown): PlatformLine {
  const release = check.oneOf(c, 'platform.release', raw, PLATFORM_RELEASES) ?? DEFAULT_PLATFORM_RELEASE;
  return PLATFORM_LINES[release];
}

/**
 * The line's version a description names, or the line's default. A minor another line supports is a problem that
 * says which line that is.
 */
function resolveVersion(c: ProblemCollector, raw: unknown, line: PlatformLine): KubernetesVersion {
  const fallback = KubernetesVersion.find(line.defaultVersion)!;
  if (raw === undefined || raw === null || raw === '') return fallback;
  const minors = line.versions.map((v) => v.minor);
  const found = typeof raw === 'string' ? KubernetesVersion.find(raw) : undefined;
  if (found !== undefined && minors.includes(found.minor)) return found;
  if (found !== undefined) {
    const others = PLATFORM_RELEASES.filter((r) => PLATFORM_LINES[r].versions.some((v) => v.minor === found.minor));
    c.add(
      'version',
      raw,
      `is not supported by platform release ${line.release} (${versionRange(line)}); platform release ${others.join(', ')} supports it (platform.release)`,
    );
  } else {
    c.add('version', raw, `unsupported Kubernetes version; expected one of: ${minors.join(', ')}${versionMeant(raw, minors)}`);
  }
  return fallback;
}

/**
 * Checks a tenant cluster description against every rule that needs no rendering, and applies every default. The
 * public `resolveSpec` (render/resolve.ts) adds the one check that does.
 *
 * @param input a `TenantKubernetesClusterSpec` (or the same shape read from YAML)
 * @param options what a front end adds
 * @throws SpecValidationError listing every problem, each with its path and the value received
 */
export function resolveSpecFields(input: unknown, options: ResolveOptions = {}): ResolvedCluster {
  const c = new ProblemCollector();
  const top = check.object(c, '', input, [...TOP_KEYS, ...(options.frontEndKeys ?? [])]);
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
  const namespace = check.required(
    c,
    'tenant.namespace',
    tenant.namespace,
    check.string(c, 'tenant.namespace', tenant.namespace, LABEL),
    'the tenant namespace',
  );
  const dataStoreName = check.string(c, 'tenant.dataStoreName', tenant.dataStoreName, SUBDOMAIN);
  const foreignDataStore = dataStoreName === undefined || namespace === undefined ? undefined : dataStoreNameProblem(dataStoreName, namespace);
  if (foreignDataStore !== undefined) c.add('tenant.dataStoreName', dataStoreName, foreignDataStore);
  const ingressClassName = check.string(c, 'tenant.ingressClassName', tenant.ingressClassName, SUBDOMAIN);
  const tenantHost = check.string(c, 'tenant.host', tenant.host, HOSTNAME);
  const monitoringNamespace = check.string(c, 'tenant.monitoringNamespace', tenant.monitoringNamespace, LABEL);

  const platformInput = check.object(c, 'platform', top.platform, PLATFORM_KEYS) ?? {};
  const line = resolveRelease(c, platformInput.release);
  const extraInstanceTypes = instanceTypeMap(c, 'platform.instanceTypes', platformInput.instanceTypes);
  const instanceTypes = knownInstanceTypes(line, extraInstanceTypes);

  const version = resolveVersion(c, top.version, line);
  const lineVersion = line.versions.find((v) => v.minor === version.minor)!;
  const platform = resolvePlatform(c, platformInput, line, version, instanceTypes);
  const patchOverrides =
    check.object(
      c,
      'platform.kubernetesPatchVersions',
      platformInput.kubernetesPatchVersions,
      line.versions.map((v) => v.minor),
    ) ?? {};
  const patchVersion =
    check.string(c, child('platform.kubernetesPatchVersions', version.minor), patchOverrides[version.minor], {
      pattern: new RegExp(`^${version.minor.replace('.', '\\.')}\\.\\d+$`),
      patternText: `a patch release of ${version.minor} such as "${lineVersion.patch}"`,
    }) ?? lineVersion.patch;
  for (const key of Object.keys(patchOverrides)) {
    if (key !== version.minor) {
      check.string(c, child('platform.kubernetesPatchVersions', key), patchOverrides[key], {
        pattern: new RegExp(`^${key.replace('.', '\\.')}\\.\\d+$`),
        patternText: `a patch release of ${key}`,
      });
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
      c.add(
        'name',
        name,
        `is too long: "${longest}" (${what}) must fit ${MAX_LABEL_LENGTH} characters; the cluster name can have at most ${Math.max(max, 0)}`,
      );
      nameFits = false;
    }
  }

  const host = hostValue ?? (tenantHost !== undefined ? `${names.base}.${tenantHost}` : undefined);
  // An empty host is the chart's "not given" (values.yaml ships `host: ""`); a problem with either is reported already.
  if (host === undefined && !c.problems.some((p) => p.path === 'host' || p.path === 'tenant.host')) {
    c.add('tenant.host', tenant.host, 'is required when "host" is not given: the API server is published as kubernetes-<name>.<tenant host>');
  }
  if (host !== undefined && hostValue === undefined && host.length > MAX_SUBDOMAIN_LENGTH) {
    c.add('tenant.host', tenantHost, `is too long: the API host "${host}" must fit ${MAX_SUBDOMAIN_LENGTH} characters`);
  }

  if (dataStoreName === undefined && namespace !== undefined && name !== undefined && names.dedicatedDataStore.length > MAX_SUBDOMAIN_LENGTH) {
    c.add('name', name, `is too long: the DataStore "${names.dedicatedDataStore}" must fit ${MAX_SUBDOMAIN_LENGTH} characters`);
  }

  const nodeGroups = resolveNodeGroups(c, top.nodeGroups, names, nameFits, { instanceTypes, line });
  const controlPlane = resolveControlPlane(c, check.object(c, 'controlPlane', top.controlPlane, CONTROL_PLANE_KEYS) ?? {}, line);
  const addons = resolveAddons(c, top.addons, line);
  if (addons.monitoringAgents.enabled && monitoringNamespace === undefined) {
    c.add(
      'tenant.monitoringNamespace',
      tenant.monitoringNamespace,
      'is required when addons.monitoringAgents is enabled: the agents send metrics and logs there',
    );
  }
  const addonNameProblem = name !== undefined && nameFits ? addonNameLengthProblem({ addons, platform }, names, name) : undefined;
  if (addonNameProblem !== undefined) c.add('name', name, addonNameProblem);
  const platformIntegration = check.boolean(c, 'platformIntegration', top.platformIntegration) ?? DEFAULTS.platformIntegration;
  if (platformIntegration && namespace !== undefined && !/^tenant-[a-z0-9]+(-[a-z0-9]+)*$/.test(namespace)) {
    c.add(
      'tenant.namespace',
      namespace,
      'must be a tenant namespace ("tenant-<name>") when platformIntegration is on: the dashboard RBAC is granted along the tenant chain',
    );
  }
  const teardownIn = check.object(c, 'teardown', top.teardown, TEARDOWN_KEYS) ?? {};
  const teardown = {
    helmHook: check.boolean(c, 'teardown.helmHook', teardownIn.helmHook) ?? DEFAULTS.teardownHelmHook,
    waitTimeout:
      check.duration(c, 'teardown.waitTimeout', teardownIn.waitTimeout, LIMITS.duration, {
        pattern: /^\d+(s|m|h)$/,
        patternText: 'a duration in whole seconds, minutes or hours such as "5m"',
      }) ?? DEFAULTS.teardownWaitTimeout,
  };

  c.throwIfAny();
  return {
    name: name!,
    names,
    namespace: namespace!,
    version,
    patchVersion,
    konnectivityVersion: lineVersion.konnectivityVersion,
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
