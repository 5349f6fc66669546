// A cdk8s Chart's `namespace` fills in objects without one; a cluster-scoped object must never get it (the API
// server refuses or drops it, and the other front ends render none). Scope is what render/ decides: the test checks
// that decision against the pinned CRDs' `spec.scope` and the built-in kinds.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { App, Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { TenantKubernetesCluster } from '../../src/cdk8s';
import { clusterObjects, renderCluster } from '../../src/render/cluster';
import { spec } from '../support/fixtures';

const CRDS = join(__dirname, '../../crds/v0.37');
const BUILT_IN_CLUSTER_SCOPED = new Set([
  'ClusterRole',
  'ClusterRoleBinding',
  'Namespace',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'CustomResourceDefinition',
]);

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(f) ? [p] : [];
  });
}

/** `group/kind` → whether the pinned CRD is cluster-scoped. */
const crdScopes = new Map<string, boolean>();
for (const file of yamlFiles(CRDS)) {
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const d = doc.toJS();
    if (d?.kind === 'CustomResourceDefinition') crdScopes.set(`${d.spec.group}/${d.spec.names.kind}`, d.spec.scope === 'Cluster');
  }
}

function clusterScoped(apiVersion: string, kind: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return crdScopes.get(`${group}/${kind}`) ?? BUILT_IN_CLUSTER_SCOPED.has(kind);
}

const FULL = spec({ platformIntegration: true, nodeGroups: { md0: {}, gpu: { instanceType: 'gn1.xlarge' } } });

describe('namespaces of cluster-scoped objects', () => {
  it('render/ gives a namespace to every namespaced object and none to a cluster-scoped one', () => {
    const objects = clusterObjects(renderCluster(FULL));
    expect(objects.some((o) => clusterScoped(o.apiVersion, o.kind))).toBe(true);
    for (const o of objects)
      expect([`${o.kind}/${o.metadata.name}`, o.metadata.namespace === undefined]).toEqual([
        `${o.kind}/${o.metadata.name}`,
        clusterScoped(o.apiVersion, o.kind),
      ]);
  });

  it('a Chart with a namespace does not stamp it on cluster-scoped objects; namespaced ones keep theirs', () => {
    const chart = new Chart(Testing.app(), 'tenant', { namespace: 'x' });
    new TenantKubernetesCluster(chart, 'foo', FULL);
    const synthesized = chart.toJson();
    const rendered = new Map(clusterObjects(renderCluster(FULL)).map((o) => [`${o.kind}/${o.metadata.name}`, o.metadata.namespace]));
    const kinds = new Set<string>();
    for (const o of synthesized) {
      const key = `${o.kind}/${o.metadata.name}`;
      if (clusterScoped(o.apiVersion, o.kind)) {
        kinds.add(o.kind);
        expect([key, o.metadata.namespace]).toEqual([key, undefined]);
      } else {
        expect([key, o.metadata.namespace]).toEqual([key, rendered.get(key)]);
        expect(o.metadata.namespace).not.toBe('x');
      }
    }
    expect([...kinds].sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'DataStore']);
  });

  it('the ApiObject reports no namespace either', () => {
    const chart = new Chart(new App(), 'tenant', { namespace: 'x' });
    const c = new TenantKubernetesCluster(chart, 'foo', FULL);
    expect(c.datastore?.dataStore.metadata.namespace).toBeUndefined();
    expect(c.controlPlane.cluster.metadata.namespace).toBe('tenant-foo');
  });
});
