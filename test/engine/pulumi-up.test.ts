// A real `pulumi up` / `preview` / `refresh` / `destroy`: the Pulumi engine (CLI v3.259.0, built here) and the
// Kubernetes provider plugin against a real kube-apiserver, with a TEST STAND-IN for Kamaji that starts a real tenant
// API server per control plane and writes its kubeconfigs. Inline Automation API programs; local file backend.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { EngineEvent, Stack } from '@pulumi/pulumi/automation';
import { transformSync } from 'esbuild';
import { parse } from 'yaml';
import { TenantKubernetesCluster } from '../../src/pulumi';
import type { TenantKubernetesClusterSpec } from '../../src/spec/types';
import { Applier } from '../support/apply';
import { stackMaker } from '../support/engine-stack';
import { CRDS_DIR } from '../support/crd-schema';
import { KamajiStandIn } from '../support/kamaji-standin';
import { KubeHarness } from '../support/kube-harness';
import { KubeletStandIn } from '../support/kubelet-standin';
import { pulumiBinDir } from '../support/pulumi-testbin';
import { testbinDir } from '../support/testbin';

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
  await management.installCrds(CRDS_DIR);
  const applier = new Applier(management);
  for (const ns of ['tenant-alice', 'tenant-safe']) await applier.ensureNamespace(ns);
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

const stack = (name: string, project: string, program: () => Promise<Record<string, unknown> | void>): Promise<Stack> =>
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

/** GET on the tenant API server with a kubeconfig's client certificate and CA. */
function tenantGet(kubeconfig: string, path: string): Promise<{ status: number; body: any }> {
  const cfg = parse(kubeconfig);
  const url = new URL(cfg.clusters[0].cluster.server);
  const user = cfg.users[0].user;
  const b = (s: string) => Buffer.from(s, 'base64');
  return new Promise((resolve, reject) => {
    request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: 'GET',
        ca: b(cfg.clusters[0].cluster['certificate-authority-data']),
        cert: b(user['client-certificate-data']),
        key: b(user['client-key-data']),
      },
      (res) => {
        let text = '';
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
      },
    )
      .on('error', reject)
      .end();
  });
}

describe('the example platform stack and a downstream stack', () => {
  let platform: Stack;
  let downstream: Stack;

  it('`pulumi up` of the platform stack creates two tenant clusters and waits for their control planes', async () => {
    platform = await stack('dev', PROJECT, async () => runExample('platform'));
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
    downstream = await stack('dev', 'tenant-kubernetes-downstream', async () => runExample('downstream'));
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
    nodeGroups: { md0: { instanceType: 'u1.medium', maxReplicas: 3 }, big: { resources: { cpu: 4, memory: '16Gi' } } },
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
    safety = await stack('safety', 'tenant-kubernetes-safety', program);
    expect((await safety.up({ onOutput: () => undefined })).summary.result).toBe('succeeded');
  });
  afterAll(async () => {
    current = base;
    await safety?.destroy({ onOutput: () => undefined });
  });

  const edits: Array<[string, TenantKubernetesClusterSpec]> = [
    ['version bump', { ...base, version: 'v1.33' }],
    ['instance type change', { ...base, nodeGroups: { ...base.nodeGroups, md0: { instanceType: 'u1.large', maxReplicas: 3 } } }],
    ['resources change', { ...base, nodeGroups: { ...base.nodeGroups, big: { resources: { cpu: 8, memory: '32Gi' } } } }],
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
