import * as pulumi from '@pulumi/pulumi';
import { Testing } from 'cdk8s';
import { TenantKubernetesCluster as Cdk8sCluster } from '../../src/cdk8s';
import { TenantKubernetesCluster } from '../../src/pulumi';
import { objectPolicy } from '../../src/pulumi/tenant-kubernetes-cluster';
import { SpecValidationError } from '../../src/spec/errors';
import { spec } from '../support/fixtures';
import {
  SECRET_SIG,
  componentRefusal,
  fakeKubeconfig,
  installMocks,
  registered,
  registeredKubeObjects,
  settle,
  valueOf,
} from '../support/pulumi-mocks';

installMocks();

/** Creates a cluster under mocks and returns what was registered for it. */
async function up(name: string, args: any): Promise<{ cluster: TenantKubernetesCluster; resources: typeof registered }> {
  const start = registered.length;
  const cluster = new TenantKubernetesCluster(name, args);
  await settle(cluster);
  await valueOf(cluster.kubeconfig);
  await settle(cluster.provider);
  return { cluster, resources: registered.slice(start) };
}

describe('TenantKubernetesCluster (Pulumi)', () => {
  it('builds a readable tree of components, every object under its child', async () => {
    const { cluster, resources } = await up('tree', spec({ name: 'tree', addons: { ingressNginx: { enabled: true, hosts: ['a.example.org'] } } }));
    const urns = await Promise.all(
      [cluster, cluster.controlPlane, cluster.datastore!, ...cluster.nodePools, ...cluster.addons].map((r) => valueOf(r.urn)),
    );
    expect(urns[0]).toMatch(/::tenant-kubernetes:index:TenantKubernetesCluster::tree$/);
    expect(urns[1]).toMatch(/tenant-kubernetes:index:TenantKubernetesCluster\$tenant-kubernetes:index:ControlPlane::tree-control-plane$/);
    expect(urns[2]).toMatch(/\$tenant-kubernetes:index:EtcdDatastore::tree-etcd$/);
    expect(urns[3]).toMatch(/\$tenant-kubernetes:index:NodePool::tree-md0$/);
    expect(urns.slice(4).map((u) => u.split('::').pop())).toEqual([
      'tree-cilium',
      'tree-coredns',
      'tree-csi',
      'tree-vsnap-crd',
      'tree-ingress-nginx',
    ]);
    const kcpUrn = await valueOf(cluster.controlPlane.kamajiControlPlane.urn);
    expect(kcpUrn).toMatch(
      /tenant-kubernetes:index:ControlPlane\$kubernetes:controlplane.cluster.x-k8s.io\/v1alpha1:KamajiControlPlane::tree-control-plane:KamajiControlPlane\/tenant-foo\/kubernetes-tree$/,
    );
    const types = resources.map((r) => r.type);
    expect(types).toContain('kubernetes:etcd.aenix.io/v1alpha1:EtcdCluster');
    expect(types).toContain('kubernetes:helm.toolkit.fluxcd.io/v2:HelmRelease');
    expect(types).toContain('kubernetes:apps/v1:Deployment');
    expect(types).toContain('pulumi:providers:kubernetes');
  });

  it('creates exactly the objects the cdk8s constructs synthesize, for a matrix of specs', async () => {
    const matrix = [
      spec({ name: 'm1' }),
      spec({
        name: 'm2',
        version: 'v1.28',
        tenant: { namespace: 'tenant-foo', dataStoreName: 'tenant-root' },
        nodeGroups: { a: { resources: { cpu: '2', memory: '4Gi' } }, b: { instanceType: 'u1.xlarge', gpus: [{ name: 'nvidia.com/GA100' }] } },
      }),
      spec({
        name: 'm3',
        platformIntegration: true,
        controlPlane: { replicas: 3 },
        tenant: { namespace: 'tenant-foo', host: 'example.org', ingressClassName: 'tenant-root', monitoringNamespace: 'tenant-root' },
        addons: {
          certManager: { enabled: true, valuesOverride: { a: 1 } },
          gatewayAPI: { enabled: true },
          ingressNginx: { enabled: true, hosts: ['x.example.org'] },
          monitoringAgents: { enabled: true },
          fluxcd: { enabled: true },
          velero: { enabled: true },
          gpuOperator: { enabled: true },
        },
      }),
    ];
    for (const s of matrix) {
      const { resources } = await up(s.name, s);
      const chart = Testing.chart();
      new Cdk8sCluster(chart, s.name, s);
      const key = (o: any) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
      const fromPulumi = registeredKubeObjects(resources).sort((a, b) => key(a).localeCompare(key(b)));
      const fromCdk8s = Testing.synth(chart).sort((a, b) => key(a).localeCompare(key(b)));
      expect(fromPulumi.map(key)).toEqual(fromCdk8s.map(key));
      expect(fromPulumi).toEqual(fromCdk8s);
    }
  });

  it('registers core kinds with their typed classes (kubernetes:core/v1:*, which the provider requires) and keeps Secret data secret', async () => {
    const { resources } = await up(
      'core',
      spec({
        name: 'core',
        addons: { certManager: { enabled: true, valuesOverride: { a: 1 } }, ingressNginx: { enabled: true, hosts: ['a.example.org'] } },
      }),
    );
    const core = resources.filter((r) => !r.id && /^kubernetes:(core\/)?v1:/.test(r.type));
    expect([...new Set(core.map((r) => r.type))].sort()).toEqual([
      'kubernetes:core/v1:ConfigMap',
      'kubernetes:core/v1:Secret',
      'kubernetes:core/v1:Service',
      'kubernetes:core/v1:ServiceAccount',
    ]);
    const values = core.find((r) => r.type === 'kubernetes:core/v1:Secret')!;
    expect(values.inputs.stringData[pulumi.runtime.specialSigKey]).toBe(SECRET_SIG);
    expect(
      resources
        .filter(
          (r) => !r.id && r.type.startsWith('kubernetes:') && !r.type.startsWith('kubernetes:core/v1:') && r.type !== 'pulumi:providers:kubernetes',
        )
        .every((r) => /^kubernetes:[a-z0-9.-]+\/v[0-9a-z]+:[A-Z]/.test(r.type)),
    ).toBe(true);
  });

  it('does not wait for the Proxied ingress Service and Ingress (their readiness depends on worker scaling and the tenant ingress)', async () => {
    const { resources } = await up('proxied', spec({ name: 'proxied', addons: { ingressNginx: { enabled: true, hosts: ['a.example.org'] } } }));
    const proxied = resources.filter((r) => !r.id && /:(Service|Ingress)$/.test(r.type));
    expect(proxied.map((r) => [r.type, r.inputs.metadata.annotations?.['pulumi.com/skipAwait']])).toEqual([
      ['kubernetes:core/v1:Service', 'true'],
      ['kubernetes:networking.k8s.io/v1:Ingress', 'true'],
    ]);
    const deployments = resources.filter((r) => r.type === 'kubernetes:apps/v1:Deployment');
    expect(deployments.map((r) => r.inputs.metadata.annotations?.['pulumi.com/skipAwait'])).toEqual([undefined, undefined, undefined]);
  });

  it('waits for the control plane with pulumi.com/waitFor on the status the Kamaji provider CRD exposes', async () => {
    const { resources } = await up('ready', { ...spec({ name: 'ready' }), readinessTimeoutSeconds: 600 });
    const kcp = resources.find((r) => r.type.endsWith(':KamajiControlPlane'))!;
    expect(kcp.inputs.metadata.annotations).toEqual({
      'kamaji.clastix.io/kubeconfig-secret-key': 'super-admin.svc',
      'pulumi.com/waitFor': 'jsonpath={.status.ready}=true',
      'pulumi.com/timeoutSeconds': '600',
    });
    expect(resources.find((r) => r.type.endsWith(':KamajiControlPlane') && r.name.includes('ready'))).toBeDefined();
  });

  it('reads the kubeconfigs Kamaji writes, as secrets, and gives a provider with a stable identifier', async () => {
    const { cluster, resources } = await up('kc', spec({ name: 'kc' }));
    const read = resources.find((r) => r.type === 'kubernetes:core/v1:Secret' && r.id);
    expect(read?.id).toBe('tenant-foo/kubernetes-kc-admin-kubeconfig');
    expect(await valueOf(cluster.kubeconfig)).toBe(fakeKubeconfig('https://api.example:443'));
    expect(await valueOf(cluster.kubeconfigs.superAdminSvc)).toBe(fakeKubeconfig('https://svc:6443/super'));
    for (const o of [
      cluster.kubeconfig,
      cluster.kubeconfigs.adminConf,
      cluster.kubeconfigs.adminSvc,
      cluster.kubeconfigs.superAdminConf,
      cluster.kubeconfigs.superAdminSvc,
    ]) {
      expect(await pulumi.isSecret(o)).toBe(true);
    }
    expect(await valueOf(cluster.adminKubeconfigSecretName)).toBe('kubernetes-kc-admin-kubeconfig');
    expect(await valueOf(cluster.capiKubeconfigSecretName)).toBe('kubernetes-kc-kubeconfig');
    expect(await valueOf(cluster.apiEndpoint)).toBe('https://kubernetes-kc.example.org:443');
    expect(await valueOf(cluster.internalApiEndpoint)).toBe('https://kubernetes-kc.tenant-foo.svc:6443');
    const provider = resources.find((r) => r.type === 'pulumi:providers:kubernetes')!;
    expect(provider.inputs.clusterIdentifier).toBe('tenant-foo/kubernetes-kc');
  });

  it('fails at preview with the same problems as the CLI', () => {
    const e = componentRefusal(
      () =>
        new TenantKubernetesCluster('bad', {
          ...spec({ name: 'bad' }),
          version: 'v1.99' as never,
          nodeGroups: { md0: { minReplicas: 3, maxReplicas: 1 } },
        }),
    );
    expect(e).toBeInstanceOf(SpecValidationError);
    expect(e.problems.map((p) => p.path)).toEqual(['version', 'nodeGroups.md0.minReplicas']);
    expect(e.message).toContain('nodeGroups.md0.minReplicas: must not exceed maxReplicas (1) (got 3)');
  });

  it('adds extra addons, in dependency order', async () => {
    const { cluster, resources } = await up('ex', {
      ...spec({ name: 'ex' }),
      extraAddons: { podinfo: { chart: 'podinfo', targetNamespace: 'apps', dependsOn: ['coredns'] } },
    });
    const hr = resources.find((r) => r.type.endsWith(':HelmRelease') && r.inputs.metadata.name === 'kubernetes-ex.podinfo')!;
    expect(hr.inputs.spec.dependsOn).toEqual([{ name: 'kubernetes-ex-coredns', namespace: 'tenant-foo' }]);
    expect(cluster.addons.map((a) => a.helmRelease !== undefined)).toEqual([true, true, true, true, true]);
    expect(
      componentRefusal(
        () =>
          new TenantKubernetesCluster('ex2', {
            ...spec({ name: 'ex2' }),
            extraAddons: { x: { chart: 'x', targetNamespace: 'x', dependsOn: ['velero'] } },
          }),
      ),
    ).toBeInstanceOf(SpecValidationError);
  });

  it('keeps old worker templates and can protect the datastore', () => {
    const obj = (kind: string) => ({ apiVersion: 'x/v1', kind, metadata: { name: 'n' } });
    expect(objectPolicy(obj('KubevirtMachineTemplate'), {})).toEqual({ retainOnDelete: true });
    expect(objectPolicy(obj('EtcdCluster'), {})).toEqual({});
    expect(objectPolicy(obj('EtcdCluster'), { protectDatastore: true })).toEqual({ protect: true });
    expect(objectPolicy(obj('DataStore'), { protectDatastore: true })).toEqual({ protect: true });
    expect(objectPolicy(obj('Certificate'), { protectDatastore: true })).toEqual({});
  });

  it('protects the datastore resources when asked', async () => {
    const { cluster } = await up('prot', { ...spec({ name: 'prot' }), protectDatastore: true });
    expect((cluster.datastore!.dataStore as any).__protect).toBe(true);
    expect((cluster.datastore!.etcdCluster as any).__protect).toBe(true);
    expect((cluster.controlPlane.kamajiControlPlane as any).__protect).toBeFalsy();
  });
});
