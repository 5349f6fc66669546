// Server-side truth for platform release v0.37: every object the library emits is accepted by a real kube-apiserver
// with the v0.37 CRDs installed — server-side apply with fieldValidation=Strict, as a dry run and for real;
// re-applying is a no-op; the output of an edited spec applies as an update. (v1.5, and the examples, which are on
// it: crd-sets.test.ts.)
import { execFileSync } from 'node:child_process';
import { clusterObjects, renderCluster } from '../../src/render/cluster';
import type { KubeObject } from '../../src/render/manifest';
import { renderTeardown } from '../../src/render/teardown';
import { resolveSpec } from '../../src/render/resolve';
import type { TenantKubernetesClusterSpec } from '../../src/spec/types';
import { Applier } from '../support/apply';
import { CRDS_DIR } from '../support/crd-schema';
import { KubeHarness } from '../support/kube-harness';
import { addonCombinations, shapeMatrix } from '../support/matrix';
import { addonsFor, serverSpec } from './specs';
import { testbinDir } from '../support/testbin';

jest.setTimeout(600_000);

let kube: KubeHarness;
let applier: Applier;

beforeAll(async () => {
  kube = new KubeHarness({ binDir: testbinDir() });
  await kube.start();
  await kube.installCrds(CRDS_DIR);
  applier = new Applier(kube);
  for (const ns of ['tenant-alice', 'tenant-example', 'tenant-edit']) await applier.ensureNamespace(ns);
});

afterAll(async () => {
  await kube?.stop();
});

/** Dry run, apply, and re-applies that change nothing (Applier.roundTrip). */
async function acceptRoundTrip(objects: readonly KubeObject[]): Promise<void> {
  expect(await applier.roundTrip(objects)).toEqual({ dryRun: [], apply: [], reapply: [], changed: [] });
}

describe('versions × node-group shapes × datastores', () => {
  const matrix = shapeMatrix().map(([v, shape, ds]) => [v, shape, ds === 'shared'] as const);
  it.each(matrix)('%s, %s, shared etcd %s', async (version, shape, shared) => {
    await acceptRoundTrip(clusterObjects(renderCluster(serverSpec(version, shape, shared))));
  });
});

describe('every addon combination', () => {
  const combos = addonCombinations().map(({ name, on }) => [name, on] as const);
  it.each(combos)('%s', async (_name, on) => {
    const addons = addonsFor(on, on.length % 2 ? 'Proxied' : 'LoadBalancer');
    await acceptRoundTrip(clusterObjects(renderCluster(serverSpec('v1.33', 'default', on.length % 2 === 1, addons))));
  });
});

describe('the teardown', () => {
  it('the teardown Job', async () => {
    await acceptRoundTrip(renderTeardown(resolveSpec(serverSpec('v1.33', 'default', false))));
  });
});

describe('edits apply as updates', () => {
  const base: TenantKubernetesClusterSpec = {
    ...serverSpec('v1.31', 'instanceTypes', false),
    name: 'edit',
    tenant: { namespace: 'tenant-edit', host: 'edit.example.org', ingressClassName: 'tenant-root', monitoringNamespace: 'tenant-root' },
  };
  const edits: Array<[string, TenantKubernetesClusterSpec]> = [
    ['version bump', { ...base, version: 'v1.32' }],
    ['instance type change', { ...base, nodeGroups: { ...base.nodeGroups, md0: { instanceType: 'u1.xlarge', minReplicas: 1, maxReplicas: 3 } } }],
    ['node group added', { ...base, nodeGroups: { ...base.nodeGroups, extra: { resources: { cpu: '2', memory: '8Gi' } } } }],
    ['node group removed', { ...base, nodeGroups: { md0: base.nodeGroups!.md0 } }],
    ['addons toggled', { ...base, addons: { velero: { enabled: true }, gatewayAPI: { enabled: true }, monitoringAgents: { enabled: true } } }],
    [
      'control plane and etcd resized',
      {
        ...base,
        controlPlane: { replicas: 1, apiServer: { resourcesPreset: 'xlarge' } },
        etcd: { replicas: 5, resources: { cpu: '2', memory: '1Gi' } },
      },
    ],
  ];
  it.each(edits)('%s', async (_title, edited) => {
    const before = clusterObjects(renderCluster(base));
    await acceptRoundTrip(before);
    const after = clusterObjects(renderCluster(edited));
    expect(await applier.applyAll(after, true)).toEqual([]);
    expect(await applier.applyAll(after, false)).toEqual([]);
    // What the edit dropped is pruned, as a GitOps tool would.
    const keep = new Set(after.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`));
    for (const o of before.filter((x) => !keep.has(`${x.kind}/${x.metadata.namespace}/${x.metadata.name}`))) {
      const r = await kube.call('DELETE', await applier.path(o));
      expect([200, 202]).toContain(r.status);
    }
  });
});

describe('strictness of the server', () => {
  it('rejects an unknown field, so acceptance above means something', async () => {
    const objects = clusterObjects(renderCluster(serverSpec('v1.33', 'default', true)));
    const kcp = objects.find((o) => o.kind === 'KamajiControlPlane')!;
    const r = await applier.apply({ ...kcp, spec: { ...(kcp.spec as object), bogusField: 1 } }, true);
    // Server-side apply refuses to build a typed patch with an undeclared field.
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.body.message).toContain('.spec.bogusField: field not declared in schema');
    const dep = objects.find((o) => o.kind === 'Deployment')! as any;
    const bad = JSON.parse(JSON.stringify(dep));
    bad.spec.template.spec.containers[0].bogus = true;
    const rd = await applier.apply(bad, true);
    expect(rd.status).toBeGreaterThanOrEqual(400);
    expect(rd.body.message).toContain('bogus');
  });
  it('applies CEL rules (HelmRelease: either chart or chartRef)', async () => {
    const objects = clusterObjects(renderCluster(serverSpec('v1.33', 'default', true)));
    const hr = JSON.parse(JSON.stringify(objects.find((o) => o.kind === 'HelmRelease')!));
    hr.spec.chartRef = { kind: 'OCIRepository', name: 'x' };
    const r = await applier.apply(hr, true);
    expect(r.status).toBe(422);
    expect(JSON.stringify(r.body)).toContain('either chart or chartRef must be set');
  });
});

describe('teardown against the real API server', () => {
  it('removes addons, control plane, load balancers and the datastore finalizer, with real kubectl', async () => {
    await applier.ensureNamespace('tenant-down');
    const s: TenantKubernetesClusterSpec = {
      ...serverSpec('v1.33', 'default', false),
      name: 'down',
      tenant: { namespace: 'tenant-down', host: 'down.example.org', ingressClassName: 'tenant-root', monitoringNamespace: 'tenant-root' },
      addons: { certManager: { enabled: true }, ingressNginx: { enabled: true, hosts: ['a.down.example.org'] } },
    };
    const objects = clusterObjects(renderCluster(s));
    expect(await applier.applyAll(objects, false)).toEqual([]);
    // What controllers would have made: a LoadBalancer Service of the tenant (kccm) and Kamaji's datastore Secret.
    const lb = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'tenant-lb', namespace: 'tenant-down', labels: { 'cluster.x-k8s.io/cluster-name': 'kubernetes-down' } },
      spec: { type: 'LoadBalancer', ports: [{ port: 80 }] },
    };
    const other = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'unrelated', namespace: 'tenant-down' },
      spec: { type: 'LoadBalancer', ports: [{ port: 80 }] },
    };
    const dsSecret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'kubernetes-down-datastore-config', namespace: 'tenant-down', finalizers: ['finalizer.kamaji.clastix.io/datastore-secret'] },
    };
    expect(await applier.applyAll([lb, other, dsSecret] as KubeObject[], false)).toEqual([]);

    const script = (renderTeardown(resolveSpec(s))[3] as any).spec.template.spec.containers[0].command[2] as string;
    const env = { ...process.env, KUBECONFIG: kube.kubeconfigPath(), PATH: `${testbinDir()}:${process.env.PATH}` };
    const output = execFileSync('/bin/sh', ['-c', script], { env, encoding: 'utf8', timeout: 120_000 });
    expect(output).toContain('[cleanup kubernetes-down] done');

    const list = async (path: string) => ((await kube.call('GET', path)).body.items ?? []).map((i: any) => i.metadata.name);
    expect(await list('/apis/helm.toolkit.fluxcd.io/v2/namespaces/tenant-down/helmreleases')).toEqual([]);
    expect(await list('/apis/controlplane.cluster.x-k8s.io/v1alpha1/namespaces/tenant-down/kamajicontrolplanes')).toEqual([]);
    expect(await list('/api/v1/namespaces/tenant-down/services')).toEqual(['kubernetes-down-ingress-nginx', 'unrelated']);
    expect(
      (await kube.call('GET', '/api/v1/namespaces/tenant-down/secrets/kubernetes-down-datastore-config')).body.metadata.finalizers,
    ).toBeUndefined();
    // The Cluster, node pools and the rest are left for the GitOps tool (or Helm) to delete afterwards.
    expect(await list('/apis/cluster.x-k8s.io/v1beta1/namespaces/tenant-down/clusters')).toEqual(['kubernetes-down']);
  });
});
