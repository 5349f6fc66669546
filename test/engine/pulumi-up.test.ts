// A real `pulumi up` / `preview` / `refresh` / `destroy`: the Pulumi engine (CLI v3.259.0, built here) and the
// Kubernetes provider plugin against a real kube-apiserver, with a TEST STAND-IN for Kamaji that starts a real tenant
// API server per control plane and writes its kubeconfigs. Inline Automation API programs; local file backend. The
// management cluster has the v1.5 CRD set: the examples run on platform release v1.5 (the default), and one cluster
// is moved from v0.37 to v1.5 (the upgrade path of the README).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { EngineEvent, Stack } from '@pulumi/pulumi/automation';
import { transformSync } from 'esbuild';
import { TenantKubernetesCluster } from '../../src/pulumi';
import type { TenantKubernetesClusterSpec } from '../../src/spec/types';
import { Applier } from '../support/apply';
import { stackMaker } from '../support/engine-stack';
import { crdDocuments } from '../support/crd-schema';
import { KamajiStandIn } from '../support/kamaji-standin';
import { KubeHarness } from '../support/kube-harness';
import { KubeletStandIn } from '../support/kubelet-standin';
import { pulumiBinDir } from '../support/pulumi-testbin';
import { testbinDir } from '../support/testbin';
import { tenantGet } from '../support/tenant-api';

jest.setTimeout(1_200_000);

let management: KubeHarness;
let kamaji: KamajiStandIn;
let kubelet: KubeletStandIn;
let work: string;
const PROJECT = 'tenant-kubernetes-platform';

beforeAll(async () => {
  const pulumiBin = pulumiBinDir();
  process.env.PATH = `${pulumiBin}:${process.env.PATH}`;
  // The Deployment and ReplicaSet controllers plus the kubelet stand-in let the provider's Deployment readiness
  // checks pass as on a real management cluster.
  management = new KubeHarness({ binDir: testbinDir(), controllers: ['namespace', 'garbagecollector', 'deployment', 'replicaset'] });
  await management.start();
  // The v1.5 set: the examples are on the default line, v1.5, and the set accepts v0.37's output too (measured in
  // docs/crd-sets.md), which the upgrade test below starts from.
  await management.installCrdDocuments(crdDocuments('v1.5').map(({ crd }) => crd));
  const applier = new Applier(management);
  for (const ns of ['tenant-alice', 'tenant-safe', 'tenant-bob']) await applier.ensureNamespace(ns);
  kamaji = new KamajiStandIn(management, testbinDir());
  kamaji.start();
  kubelet = new KubeletStandIn(management);
  kubelet.start();
  work = mkdtempSync(join(tmpdir(), 'tk-engine-'));
  mkdirSync(join(work, 'state'));
});

afterAll(async () => {
  await kubelet?.stop();
  await kamaji?.stop();
  await management?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const makeStack = (name: string, project: string, program: () => Promise<Record<string, unknown> | void>): Promise<Stack> =>
  stackMaker(work, () => management.kubeconfig())(name, project, program);

/**
 * Runs an example program (examples/pulumi/NAME/index.ts) afresh, as `pulumi up` runs it: every operation that
 * runs the program (up, preview) must register its resources again, which a cached `require` would not do. Its
 * imports resolve to the modules this test uses (one @pulumi/pulumi runtime).
 */
function runExample(name: string): Record<string, unknown> {
  const file = join(__dirname, '../../examples/pulumi', name, 'index.ts');
  const { code } = transformSync(readFileSync(file, 'utf8'), { loader: 'ts', format: 'cjs', sourcefile: file });
  const module = { exports: {} as Record<string, unknown> };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('require', 'module', 'exports', code)(require, module, module.exports);
  return { ...module.exports };
}

describe('the example platform stack and a downstream stack', () => {
  let platform: Stack;
  let downstream: Stack;

  it('`pulumi up` of the platform stack creates two tenant clusters and waits for their control planes', async () => {
    platform = await makeStack('dev', PROJECT, async () => runExample('platform'));
    const result = await platform.up({ onOutput: () => undefined });
    expect(result.summary.result).toBe('succeeded');
    expect(kamaji.errors).toEqual([]);
    expect(kubelet.errors).toEqual([]);
    // The autoscaler, cloud controller and CSI controller of both clusters ran (the provider waited for them).
    expect([...kubelet.started].filter((p) => p.startsWith('tenant-alice/')).length).toBeGreaterThanOrEqual(6);
    expect(kamaji.running).toEqual(['tenant-alice/kubernetes-prod', 'tenant-alice/kubernetes-staging']);
    expect(result.outputs.prodKubeconfig.secret).toBe(true);
    expect(result.outputs.stagingKubeconfig.secret).toBe(true);
    const version = await tenantGet(result.outputs.prodKubeconfig.value, '/version');
    expect(version.status).toBe(200);
    // The platform program's own namespace in the tenant cluster, through the component's provider.
    expect((await tenantGet(result.outputs.prodKubeconfig.value, '/api/v1/namespaces/platform-tools')).status).toBe(200);
  });

  it('a downstream stack builds a provider from the output and creates a namespace in the tenant cluster', async () => {
    downstream = await makeStack('dev', 'tenant-kubernetes-downstream', async () => runExample('downstream'));
    await downstream.setConfig('platformStack', { value: `organization/${PROJECT}/dev` });
    const result = await downstream.up({ onOutput: () => undefined });
    expect(result.summary.result).toBe('succeeded');
    const prod = (await platform.outputs()).prodKubeconfig.value;
    expect((await tenantGet(prod, '/api/v1/namespaces/apps')).status).toBe(200);
  });

  it('`refresh` finds no drift: a preview afterwards changes nothing', async () => {
    await platform.refresh({ onOutput: () => undefined });
    const steps: Array<[string, string]> = [];
    const onEvent = (e: EngineEvent) => {
      const m = e.resourcePreEvent?.metadata;
      // A `.get` (the kubeconfig Secret) is read on every run; that is not a change.
      if (m && m.op !== 'same' && m.op !== 'read') steps.push([m.op, m.urn]);
    };
    await platform.preview({ onEvent, onOutput: () => undefined });
    expect(steps).toEqual([]);
  });

  it('`destroy` of both stacks leaves nothing behind and does not hang', async () => {
    const prod = (await platform.outputs()).prodKubeconfig.value;
    expect((await downstream.destroy({ onOutput: () => undefined })).summary.result).toBe('succeeded');
    const apps = await tenantGet(prod, '/api/v1/namespaces/apps');
    expect(apps.status === 404 || apps.body?.status?.phase === 'Terminating').toBe(true);
    expect((await platform.destroy({ onOutput: () => undefined })).summary.result).toBe('succeeded');
    await management.waitFor('tenant API servers stopped', async () => kamaji.running.length === 0, 30_000);
    // What the platform program created inside the tenant (namespace platform-tools) was deleted before its control plane.
    expect(kamaji.leftovers).toEqual({ 'tenant-alice/kubernetes-prod': [], 'tenant-alice/kubernetes-staging': [] });
    // Every object of ours is gone from the management cluster, retained worker templates included (the Cluster owned them).
    await management.waitFor(
      'garbage collection of worker templates',
      async () => {
        const kmts = (await management.call('GET', '/apis/infrastructure.cluster.x-k8s.io/v1alpha1/namespaces/tenant-alice/kubevirtmachinetemplates'))
          .body.items;
        return kmts.length === 0;
      },
      60_000,
    );
    for (const path of [
      '/apis/helm.toolkit.fluxcd.io/v2/namespaces/tenant-alice/helmreleases',
      '/apis/controlplane.cluster.x-k8s.io/v1alpha1/namespaces/tenant-alice/kamajicontrolplanes',
      '/apis/cluster.x-k8s.io/v1beta1/namespaces/tenant-alice/clusters',
      '/apis/cluster.x-k8s.io/v1beta1/namespaces/tenant-alice/machinedeployments',
      '/apis/etcd.aenix.io/v1alpha1/namespaces/tenant-alice/etcdclusters',
      '/apis/cert-manager.io/v1/namespaces/tenant-alice/certificates',
      '/apis/kamaji.clastix.io/v1alpha1/datastores',
      '/apis/apps/v1/namespaces/tenant-alice/deployments',
    ]) {
      expect([path, ((await management.call('GET', path)).body.items ?? []).map((i: any) => i.metadata.name)]).toEqual([path, []]);
    }
  });
});

describe('change safety with the real engine', () => {
  const base: TenantKubernetesClusterSpec = {
    name: 'safe',
    tenant: { namespace: 'tenant-safe', host: 'safe.example.org', ingressClassName: 'tenant-root' },
    version: 'v1.32',
    nodeGroups: { md0: { instanceType: 'u1.medium', maxReplicas: 3 }, big: { resources: { cpu: '4', memory: '16Gi' } } },
    addons: { certManager: { enabled: true } },
  };
  let current: TenantKubernetesClusterSpec = base;
  let safety: Stack;
  const program = async () => {
    const config = new pulumi.Config();
    const provider = new k8s.Provider('management', { kubeconfig: config.requireSecret('managementKubeconfig') });
    const c = new TenantKubernetesCluster('safe', { ...current, readinessTimeoutSeconds: 300 }, { provider });
    return { kubeconfig: c.kubeconfig };
  };
  const GUARDED = /:(EtcdCluster|DataStore|Cluster|KamajiControlPlane)::/;

  beforeAll(async () => {
    safety = await makeStack('safety', 'tenant-kubernetes-safety', program);
    expect((await safety.up({ onOutput: () => undefined })).summary.result).toBe('succeeded');
  });
  afterAll(async () => {
    current = base;
    await safety?.destroy({ onOutput: () => undefined });
  });

  const edits: Array<[string, TenantKubernetesClusterSpec]> = [
    ['version bump', { ...base, version: 'v1.33' }],
    ['instance type change', { ...base, nodeGroups: { ...base.nodeGroups, md0: { instanceType: 'u1.large', maxReplicas: 3 } } }],
    ['resources change', { ...base, nodeGroups: { ...base.nodeGroups, big: { resources: { cpu: '8', memory: '32Gi' } } } }],
    ['node group added', { ...base, nodeGroups: { ...base.nodeGroups, extra: { instanceType: 'u1.small' } } }],
    ['node group removed', { ...base, nodeGroups: { md0: base.nodeGroups!.md0 } }],
    ['addons toggled', { ...base, addons: { certManager: { enabled: false }, velero: { enabled: true } } }],
  ];
  it.each(edits)(
    '%s: preview shows updates, creates and deletes only — never a replace of etcd, DataStore, Cluster or KamajiControlPlane',
    async (_title, edited) => {
      current = edited;
      const ops: Array<[string, string]> = [];
      const onEvent = (e: EngineEvent) => {
        const m = e.resourcePreEvent?.metadata;
        if (m) ops.push([m.urn, m.op]);
      };
      await safety.preview({ onEvent, onOutput: () => undefined });
      current = base;
      expect(ops.filter(([, op]) => /replace/.test(op))).toEqual([]);
      const guarded = ops.filter(([urn]) => GUARDED.test(urn));
      expect(guarded.length).toBeGreaterThanOrEqual(3);
      for (const [urn, op] of guarded) expect([urn, ['same', 'update'].includes(op)]).toEqual([urn, true]);
    },
  );
});

const upgradeBase: TenantKubernetesClusterSpec = {
  name: 'upgrade',
  tenant: { namespace: 'tenant-bob', host: 'bob.example.org', ingressClassName: 'tenant-root' },
  platform: { release: 'v0.37' },
  // A version both lines support: the line changes, the minor does not.
  version: 'v1.33',
  nodeGroups: { md0: { instanceType: 'u1.medium', maxReplicas: 3, ephemeralStorage: '30Gi' } },
  addons: { certManager: { enabled: true } },
};

describe('moving a cluster from platform release v0.37 to v1.5 with the real engine', () => {
  let current: TenantKubernetesClusterSpec = upgradeBase;
  let stack: Stack;
  const program = async () => {
    const config = new pulumi.Config();
    const provider = new k8s.Provider('management', { kubeconfig: config.requireSecret('managementKubeconfig') });
    const c = new TenantKubernetesCluster('upgrade', { ...current, readinessTimeoutSeconds: 300 }, { provider });
    return { kubeconfig: c.kubeconfig };
  };
  const onV15 = (): TenantKubernetesClusterSpec => ({ ...upgradeBase, platform: { release: 'v1.5' } });
  const get = async (path: string) => (await management.call('GET', path)).body;

  it('`pulumi up` on v0.37, on a management cluster with the v1.5 CRDs', async () => {
    stack = await makeStack('upgrade', 'tenant-kubernetes-upgrade', program);
    const result = await stack.up({ onOutput: () => undefined });
    expect(result.summary.result).toBe('succeeded');
    expect(kamaji.errors).toEqual([]);
    const kcp = await get('/apis/controlplane.cluster.x-k8s.io/v1alpha1/namespaces/tenant-bob/kamajicontrolplanes/kubernetes-upgrade');
    expect(kcp.spec.version).toBe('v1.33.0');
  });

  it('moving to v1.5 replaces nothing that holds state, and rolls the workers onto new templates', async () => {
    current = onV15();
    const ops: Array<[string, string]> = [];
    const onEvent = (e: EngineEvent) => {
      const m = e.resourcePreEvent?.metadata;
      if (m) ops.push([m.urn, m.op]);
    };
    const result = await stack.up({ onEvent, onOutput: () => undefined });
    expect(result.summary.result).toBe('succeeded');
    // The only replacement: the cloud controller's ConfigMap (its infraLabels), which the Kubernetes provider replaces
    // whenever its data changes; it holds no state.
    const replaced = [...new Set(ops.filter(([, op]) => /replace/.test(op)).map(([urn]) => urn.slice(urn.lastIndexOf('::') + 2)))];
    expect(replaced).toEqual(['upgrade-kccm:ConfigMap/tenant-bob/kubernetes-upgrade-cloud-config']);
    const guarded = ops.filter(([urn]) => /:(EtcdCluster|DataStore|Cluster|KamajiControlPlane)::/.test(urn));
    expect(guarded.length).toBeGreaterThanOrEqual(4);
    for (const [urn, op] of guarded) expect([urn, ['same', 'update'].includes(op)]).toEqual([urn, true]);
    // The new worker template is created and the MachineDeployment points at it; the old one is deleted.
    const created = ops.filter(([urn, op]) => op === 'create' && urn.includes('KubevirtMachineTemplate'));
    const deleted = ops.filter(([urn, op]) => op === 'delete' && urn.includes('KubevirtMachineTemplate'));
    expect([created.length, deleted.length]).toEqual([1, 1]);
    const kcp = await get('/apis/controlplane.cluster.x-k8s.io/v1alpha1/namespaces/tenant-bob/kamajicontrolplanes/kubernetes-upgrade');
    expect(kcp.spec.version).toBe('v1.33.8');
    const md = await get('/apis/cluster.x-k8s.io/v1beta1/namespaces/tenant-bob/machinedeployments/kubernetes-upgrade-md0');
    const kmt = await get(
      `/apis/infrastructure.cluster.x-k8s.io/v1alpha1/namespaces/tenant-bob/kubevirtmachinetemplates/${md.spec.template.spec.infrastructureRef.name}`,
    );
    const vm = kmt.spec.template.spec.virtualMachineTemplate.spec;
    expect(vm.dataVolumeTemplates[0].spec.storage.resources.requests.storage).toBe('30Gi');
    const releases = (await get('/apis/helm.toolkit.fluxcd.io/v2/namespaces/tenant-bob/helmreleases')).items;
    expect(releases.map((r: any) => r.spec.chartRef?.kind)).toEqual(releases.map(() => 'ExternalArtifact'));
    expect(releases.map((r: any) => r.metadata.name)).toEqual(expect.arrayContaining(['kubernetes-upgrade-metrics-server']));
  });

  it('`refresh` finds no drift on v1.5: a preview afterwards changes nothing', async () => {
    await stack.refresh({ onOutput: () => undefined });
    const steps: Array<[string, string]> = [];
    const onEvent = (e: EngineEvent) => {
      const m = e.resourcePreEvent?.metadata;
      if (m && m.op !== 'same' && m.op !== 'read') steps.push([m.op, m.urn]);
    };
    await stack.preview({ onEvent, onOutput: () => undefined });
    expect(steps).toEqual([]);
  });

  it('`destroy` leaves nothing of ours behind', async () => {
    expect((await stack.destroy({ onOutput: () => undefined })).summary.result).toBe('succeeded');
    await management.waitFor('tenant API server stopped', async () => kamaji.running.length === 0, 30_000);
    for (const path of [
      '/apis/helm.toolkit.fluxcd.io/v2/namespaces/tenant-bob/helmreleases',
      '/apis/controlplane.cluster.x-k8s.io/v1alpha1/namespaces/tenant-bob/kamajicontrolplanes',
      '/apis/cluster.x-k8s.io/v1beta1/namespaces/tenant-bob/machinedeployments',
      '/apis/etcd.aenix.io/v1alpha1/namespaces/tenant-bob/etcdclusters',
      '/apis/apps/v1/namespaces/tenant-bob/deployments',
    ]) {
      expect([path, ((await management.call('GET', path)).body.items ?? []).map((i: any) => i.metadata.name)]).toEqual([path, []]);
    }
  });
});
