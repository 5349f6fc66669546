// Tenant isolation by construction: every object name is an injective function of (namespace, cluster, role).
// Every cluster of a generated fleet (adversarial words: the base word, role words, group names) is rendered with
// every feature on, the clusters alternating between the platform lines (which share namespaces: v1.5 adds the
// HelmReleases of metrics-server, prometheus-operator-crds, hami and ouroboros); no two clusters may share an object (kind, namespace, name), rendered or made by a controller
// from ours, and every rendered name must be one the role table (name-roles.ts) declares, so that the name rules
// derived from the table cover it.
import { resolveAddonOptions } from '../../src/spec/addon-options';
import { clusterObjects, renderResolvedCluster } from '../../src/render/cluster';
import { renderTeardown } from '../../src/render/teardown';
import type { KubeObject } from '../../src/render/manifest';
import { SpecValidationError } from '../../src/spec/errors';
import { GLOBAL_ROLES, NAMESPACED_ROLES } from '../../src/spec/name-roles';
import { RESERVED_CLUSTER_ENDINGS, clusterNameProblem, dataStoreNameProblem, nodeGroupNameProblem } from '../../src/spec/name-rules';
import { releaseName } from '../../src/spec/names';
import type { ResolvedCluster } from '../../src/spec/resolved';
import { resolveSpec } from '../../src/render/resolve';
import type { TenantKubernetesClusterSpec } from '../../src/spec/types';
import { DEFAULT_PLATFORM_RELEASE, PLATFORM_RELEASES, type PlatformRelease } from '../../src/spec/platform-lines';

const WORDS = ['a', 'b', 'kubernetes', 'etcd', 'admin', 'md0', 'gpu', 'kccm', 'cert', 'manager', 'ingress', 'nginx', 'headless', 'csi'];
const NAMESPACES = ['tenant-a', 'tenant-a-kubernetes-b', 'tenant-a-kubernetes', 'tenant-kubernetes'];
const GROUPS = ['md0', 'a', 'etcd', 'gpu'];
const ADDON_IDS = ['a', 'cert-manager', 'a-b', 'kccm'];

/** Every name of one or two words from WORDS. */
function names(): string[] {
  return [...WORDS, ...WORDS.flatMap((x) => WORDS.map((y) => `${x}-${y}`))];
}

function describe_(name: string, namespace: string, release: PlatformRelease = DEFAULT_PLATFORM_RELEASE): TenantKubernetesClusterSpec {
  return {
    name,
    platform: { release },
    tenant: { namespace, ingressClassName: 'tenant-root', host: 'example.org', monitoringNamespace: 'tenant-root' },
    platformIntegration: true,
    nodeGroups: Object.fromEntries(GROUPS.map((g) => [g, { minReplicas: 0, maxReplicas: 1, instanceType: 'u1.medium' }])),
    addons: {
      certManager: { enabled: true, valuesOverride: { a: 1 } },
      ingressNginx: { enabled: true, exposeMethod: 'Proxied', hosts: ['x.example.org'] },
      gatewayAPI: { enabled: true },
      gpuOperator: { enabled: true },
      fluxcd: { enabled: true },
      monitoringAgents: { enabled: true },
      velero: { enabled: true },
      ...(release === 'v1.5' ? { hami: { enabled: true }, ouroboros: { enabled: true } } : {}),
    },
  };
}

/** Every object of the cluster: rendered (teardown included) and what its controllers name after ours. */
function objectsOf(cluster: ResolvedCluster): KubeObject[] {
  // v1.5 has no repository for a caller's charts: the source is named.
  const source = { sourceName: 'charts' };
  const custom = ADDON_IDS.map((id) => resolveAddonOptions(cluster, id, { chart: 'c', targetNamespace: `ns-${id}`, source }));
  const rendered = [...clusterObjects(renderResolvedCluster(cluster, custom)), ...renderTeardown(cluster)];
  const made = NAMESPACED_ROLES.filter((r) => r.origin === 'controller').flatMap((r) =>
    r.suffixes.map((s) => ({
      apiVersion: 'made-by-controller',
      kind: r.kind,
      metadata: { name: s ? `${cluster.names.base}-${s}` : cluster.names.base, namespace: cluster.names.namespace },
    })),
  );
  return [...rendered, ...made];
}

const key = (o: KubeObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** The name forms the table and the variable roles allow for an object of this cluster. */
function declared(o: KubeObject, cluster: ResolvedCluster): boolean {
  const { base, namespace } = cluster.names;
  const global = o.metadata.namespace === undefined || o.metadata.namespace !== namespace;
  const roles = (global ? GLOBAL_ROLES : NAMESPACED_ROLES).filter((r) => r.kind === o.kind).flatMap((r) => r.suffixes);
  const prefix = global ? `${namespace}-${base}` : base;
  if (roles.some((s) => o.metadata.name === (s ? `${prefix}-${s}` : prefix))) return true;
  if (global) return false;
  const groupKinds = ['MachineDeployment', 'KubeadmConfigTemplate', 'MachineHealthCheck'];
  if (groupKinds.includes(o.kind)) return GROUPS.some((g) => o.metadata.name === `${base}-${g}`);
  if (o.kind === 'KubevirtMachineTemplate') return GROUPS.some((g) => new RegExp(`^${base}-${g}-[0-9a-f]{6}$`).test(o.metadata.name));
  if (o.kind === 'WorkloadMonitor') return GROUPS.some((g) => o.metadata.name === `${base}.${g}`);
  if (o.kind === 'HelmRelease') return ADDON_IDS.some((id) => o.metadata.name === `${base}.${id}`);
  return false;
}

/** Renders every generated cluster; collects who owns each object, what was shared or undeclared, what was refused. */
function renderAll() {
  const owner = new Map<string, string>();
  const refused: Array<[string, string, string]> = [];
  const faults: string[] = [];
  let clusters = 0;
  for (const namespace of NAMESPACES) {
    for (const [i, name] of names().entries()) {
      let cluster: ResolvedCluster;
      try {
        cluster = resolveSpec(describe_(name, namespace, PLATFORM_RELEASES[i % PLATFORM_RELEASES.length]));
      } catch (e) {
        if (!(e instanceof SpecValidationError)) throw e;
        refused.push([namespace, name, e.problems.map((p) => `${p.path}: ${p.message}`).join('; ')]);
        continue;
      }
      clusters += 1;
      const id = `${namespace}/${name}`;
      for (const o of objectsOf(cluster)) {
        const k = key(o);
        const first = owner.get(k);
        if (first !== undefined) faults.push(`${k} belongs to ${first} and ${id}`);
        if (o.apiVersion !== 'made-by-controller' && !declared(o, cluster)) faults.push(`${k} of ${id} is not in the role table`);
        owner.set(k, id);
      }
    }
  }
  return { owner, refused, faults, clusters };
}

describe('object names', () => {
  const { owner, refused, faults, clusters } = renderAll();

  it('gives no two clusters of a generated adversarial fleet the same object', () => {
    expect(faults.slice(0, 5)).toEqual([]);
    expect(clusters).toBeGreaterThan(500);
    expect(owner.size).toBeGreaterThan(clusters * 60);
  });

  it('refuses exactly the names the rules name, and for that reason only', () => {
    for (const [, name, why] of refused) {
      const expected = clusterNameProblem(name);
      expect(expected).toBeDefined();
      expect(why).toBe(`name: ${expected}`);
    }
    // Every name the rules accept was rendered in every namespace.
    const accepted = names().filter((n) => clusterNameProblem(n) === undefined);
    expect(clusters).toBe(accepted.length * NAMESPACES.length);
  });

  it('refuses the shapes that collided in the reference scheme', () => {
    expect(clusterNameProblem('b-kubernetes-c')).toMatch(/the word "kubernetes"/);
    expect(clusterNameProblem('kubernetes-c')).toMatch(/the word "kubernetes"/);
    expect(clusterNameProblem('a-etcd')).toMatch(/may not end in "-etcd"/);
    expect(clusterNameProblem('a-admin')).toMatch(/may not end in "-admin"/);
    expect(clusterNameProblem('prod-cilium')).toMatch(/may not end in "-cilium"/);
    expect(nodeGroupNameProblem('x-y')).toMatch(/one word/);
    expect(nodeGroupNameProblem('etcd')).toBeUndefined();
    const cluster = resolveSpec(describe_('prod', 'tenant-a'));
    expect(() => resolveAddonOptions(cluster, 'cilium', { chart: 'c', targetNamespace: 'x' })).toThrow(/built-in addon/);
    // Ordinary names pass.
    for (const ok of ['a', 'prod', 'prod-eu-1', 'my-cluster', 'team-kube', 'etcd', 'admin-portal']) expect(clusterNameProblem(ok)).toBeUndefined();
  });

  it("refuses another tenant's dedicated DataStore, and keeps shared ones", () => {
    const other = resolveSpec(describe_('db', 'tenant-b')).dataStoreName;
    expect(other).toBe('tenant-b-kubernetes-db');
    expect(dataStoreNameProblem(other, 'tenant-a')).toMatch(/dedicated etcd of a cluster in namespace "tenant-b"/);
    expect(() =>
      resolveSpec({ ...describe_('web', 'tenant-a'), tenant: { namespace: 'tenant-a', dataStoreName: other, host: 'example.org' } }),
    ).toThrow(/tenant.dataStoreName/);
    expect(dataStoreNameProblem(other, 'tenant-b')).toBeUndefined();
    for (const shared of ['tenant-root', 'default', 'kubernetes', 'kubernetes-shared', 'etcd-kubernetes'])
      expect(dataStoreNameProblem(shared, 'tenant-a')).toBeUndefined();
  });

  it('derives the reserved endings from the role table', () => {
    expect(RESERVED_CLUSTER_ENDINGS).toEqual(expect.arrayContaining(['admin', 'etcd', 'etcd-headless', 'ingress-nginx', 'cert-manager', 'cilium']));
    expect(RESERVED_CLUSTER_ENDINGS).not.toContain('');
  });

  it('keeps the reference chart names of an ordinary cluster', () => {
    const cluster = resolveSpec(describe_('prod', 'tenant-a'));
    const byKind = (kind: string) =>
      objectsOf(cluster)
        .filter((o) => o.kind === kind && o.apiVersion !== 'made-by-controller')
        .map((o) => o.metadata.name)
        .sort();
    expect(byKind('MachineDeployment')).toEqual(GROUPS.map((g) => `${releaseName('prod')}-${g}`).sort());
    expect(byKind('DataStore')).toEqual(['tenant-a-kubernetes-prod']);
    expect(byKind('WorkloadMonitor')).toEqual(['kubernetes-prod', 'kubernetes-prod-etcd', ...GROUPS.map((g) => `kubernetes-prod.${g}`).sort()]);
  });
});
