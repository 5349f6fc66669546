import { App, Chart, Testing } from 'cdk8s';
import { TenantKubernetesCluster } from '../../src/cdk8s';
import { clusterObjects, renderCluster } from '../../src/render/cluster';
import { sortKeys } from '../../src/render/manifest';
import { SpecValidationError } from '../../src/spec/errors';
import { spec } from '../support/fixtures';

describe('TenantKubernetesCluster (cdk8s)', () => {
  it('synthesizes exactly the objects the renderer produces', () => {
    const chart = Testing.chart();
    new TenantKubernetesCluster(chart, 'foo', spec({ nodeGroups: { md0: {}, gpu: { instanceType: 'gn1.xlarge', gpus: [{ name: 'nvidia.com/AD102GL_L40S' }] } } }));
    const synthesized = Testing.synth(chart);
    const rendered = clusterObjects(renderCluster(spec({ nodeGroups: { md0: {}, gpu: { instanceType: 'gn1.xlarge', gpus: [{ name: 'nvidia.com/AD102GL_L40S' }] } } })));
    const key = (o: any) => `${o.kind}/${o.metadata.name}`;
    expect(synthesized.map(key).sort()).toEqual(rendered.map(key).sort());
    for (const o of rendered) expect(synthesized.find((s) => key(s) === key(o))).toEqual(sortKeys(o));
  });

  it('exposes typed children and kubeconfig references', () => {
    const chart = Testing.chart();
    const c = new TenantKubernetesCluster(chart, 'foo', spec());
    expect(c.baseName).toBe('kubernetes-foo');
    expect(c.controlPlane.kamajiControlPlane.kind).toBe('KamajiControlPlane');
    expect(c.controlPlane.cluster.name).toBe('kubernetes-foo');
    expect(c.datastore?.dataStoreName).toBe('tenant-foo-kubernetes-foo');
    expect(c.datastore?.etcdCluster.name).toBe('kubernetes-foo-etcd');
    expect(c.nodePools.map((p) => p.groupName)).toEqual(['md0']);
    expect(c.nodePools[0].machineDeployment.name).toBe('kubernetes-foo-md0');
    expect(c.adminKubeconfig).toEqual({
      namespace: 'tenant-foo',
      name: 'kubernetes-foo-admin-kubeconfig',
      adminConf: { namespace: 'tenant-foo', name: 'kubernetes-foo-admin-kubeconfig', key: 'admin.conf' },
      adminSvc: { namespace: 'tenant-foo', name: 'kubernetes-foo-admin-kubeconfig', key: 'admin.svc' },
      superAdminConf: { namespace: 'tenant-foo', name: 'kubernetes-foo-admin-kubeconfig', key: 'super-admin.conf' },
      superAdminSvc: { namespace: 'tenant-foo', name: 'kubernetes-foo-admin-kubeconfig', key: 'super-admin.svc' },
    });
    expect(c.capiKubeconfig).toEqual({ namespace: 'tenant-foo', name: 'kubernetes-foo-kubeconfig', key: 'value' });
    // The library never creates the kubeconfig Secrets: Kamaji does.
    expect(Testing.synth(chart).some((o) => o.kind === 'Secret')).toBe(false);
  });

  it('has no datastore child when the tenant names a DataStore', () => {
    const c = new TenantKubernetesCluster(Testing.chart(), 'foo', spec({ tenant: { namespace: 'tenant-foo', dataStoreName: 'tenant-root' } }));
    expect(c.datastore).toBeUndefined();
    expect(c.controlPlane.kamajiControlPlane.toJson().spec.dataStoreName).toBe('tenant-root');
  });

  it('adds node pools with addNodePool', () => {
    const chart = Testing.chart();
    const c = new TenantKubernetesCluster(chart, 'foo', spec());
    const gpu = c.addNodePool('gpu', { maxReplicas: 2, instanceType: 'gn1.xlarge', gpus: [{ name: 'nvidia.com/AD102GL_L40S' }] });
    expect(gpu.groupName).toBe('gpu');
    expect(gpu.machineDeployment.toJson().metadata.annotations['cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size']).toBe('2');
    expect(c.nodePools.map((p) => p.groupName)).toEqual(['md0', 'gpu']);
    const mds = Testing.synth(chart).filter((o) => o.kind === 'MachineDeployment').map((o) => o.metadata.name);
    expect(mds).toEqual(['kubernetes-foo-md0', 'kubernetes-foo-gpu']);
  });

  it('validates added pools, with paths under nodeGroups', () => {
    const c = new TenantKubernetesCluster(Testing.chart(), 'foo', spec());
    expect(() => c.addNodePool('md0', {})).toThrow(SpecValidationError);
    try {
      c.addNodePool('gpu', { instanceType: 'u1.small', gpus: [{ name: 'nvidia.com/GA100' }], maxReplicas: -1 });
    } catch (e) {
      expect((e as SpecValidationError).problems.map((p) => p.path)).toEqual(['nodeGroups.gpu.maxReplicas', 'nodeGroups.gpu.gpus']);
      return;
    }
    throw new Error('not rejected');
  });

  it('rejects an invalid spec before creating anything', () => {
    const chart = Testing.chart();
    expect(() => new TenantKubernetesCluster(chart, 'bad', { ...spec(), version: 'v2.0' as never })).toThrow(SpecValidationError);
    expect(Testing.synth(chart)).toEqual([]);
  });

  it('synthesizes two clusters in one chart without collisions', () => {
    const app = new App({ outdir: '/tmp/unused' });
    const chart = new Chart(app, 'tenant-foo');
    new TenantKubernetesCluster(chart, 'a', spec({ name: 'a' }));
    new TenantKubernetesCluster(chart, 'b', spec({ name: 'b', tenant: { namespace: 'tenant-foo', dataStoreName: 'tenant-root' } }));
    const objs = Testing.synth(chart);
    const keys = objs.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('addons (cdk8s)', () => {
  it('exposes typed Addon children for the enabled addons, the Proxied ingress with ingress-nginx', () => {
    const c = new TenantKubernetesCluster(Testing.chart(), 'foo', spec({ addons: { ingressNginx: { enabled: true, hosts: ['a.example.org'] } } }));
    expect(c.addons.map((a) => a.addonId)).toEqual(['cilium', 'coredns', 'csi', 'vsnapCrd', 'ingressNginx']);
    const ing = c.addon('ingressNginx')!;
    expect(ing.name).toBe('kubernetes-foo-ingress-nginx');
    expect(ing.targetNamespace).toBe('cozy-ingress-nginx');
    expect(ing.helmRelease.kind).toBe('HelmRelease');
    expect(ing.companions.map((o) => o.kind)).toEqual(['Service', 'Ingress']);
    expect(c.autoscaler.deployment.name).toBe('kubernetes-foo-cluster-autoscaler');
    expect(c.cloudController.deployment.name).toBe('kubernetes-foo-kccm');
    expect(c.csiController.deployment.name).toBe('kubernetes-foo-kcsi-controller');
  });

  it('adds any further HelmRelease with addAddon', () => {
    const chart = Testing.chart();
    const c = new TenantKubernetesCluster(chart, 'foo', spec({ addons: { certManager: { enabled: true } } }));
    const a = c.addAddon('external-dns', { chart: 'external-dns', targetNamespace: 'external-dns', values: { provider: 'cloudflare' }, dependsOn: ['certManager'] });
    const b = c.addAddon('app', { chart: 'podinfo', source: { sourceName: 'podinfo', sourceNamespace: 'flux-system', version: '6.x' }, targetNamespace: 'apps', dependsOn: ['external-dns', 'cilium'] });
    const hr = Testing.synth(chart).find((o) => o.kind === 'HelmRelease' && o.metadata.name === 'kubernetes-foo.app');
    expect(hr.spec.chart.spec).toEqual({ chart: 'podinfo', reconcileStrategy: 'Revision', sourceRef: { kind: 'HelmRepository', name: 'podinfo', namespace: 'flux-system' }, version: '6.x' });
    expect(hr.spec.dependsOn).toEqual([{ name: 'kubernetes-foo.external-dns', namespace: 'tenant-foo' }, { name: 'kubernetes-foo-cilium', namespace: 'tenant-foo' }]);
    expect(hr.spec.kubeConfig).toEqual({ secretRef: { name: 'kubernetes-foo-admin-kubeconfig', key: 'super-admin.svc' } });
    expect(hr.metadata.labels['cozystack.io/target-cluster-name']).toBe('kubernetes-foo');
    expect(a.helmRelease.toJson().spec.values).toEqual({ provider: 'cloudflare' });
    expect(a.helmRelease.toJson().spec.dependsOn).toEqual([{ name: 'kubernetes-foo-cert-manager', namespace: 'tenant-foo' }]);
    expect(b.release.releaseName).toBe('app');
    expect(c.addons.map((x) => x.addonId).slice(-2)).toEqual(['external-dns', 'app']);
  });

  it('waits for Cilium by default and rejects dependencies that are not rendered', () => {
    const c = new TenantKubernetesCluster(Testing.chart(), 'foo', spec());
    expect(c.addAddon('x', { chart: 'x', targetNamespace: 'x' }).release.dependsOn).toEqual(['kubernetes-foo-cilium']);
    try {
      c.addAddon('y', { chart: 'y', targetNamespace: 'y', dependsOn: ['velero', 'nope'] });
      throw new Error('not rejected');
    } catch (e) {
      expect(e).toBeInstanceOf(SpecValidationError);
      expect((e as SpecValidationError).problems.map((p) => `${p.path}=${p.value}`)).toEqual([
        'addons.y.dependsOn[0]=velero', 'addons.y.dependsOn[1]=nope',
      ]);
      // The ids the user wrote, and what to do about each.
      expect((e as SpecValidationError).problems.map((p) => p.message)).toEqual([
        'is a built-in addon this cluster does not install: set addons.velero.enabled', 'no addon of this cluster has this id (it has: cilium, coredns, csi, vsnapCrd, x)',
      ]);
    }
    expect(() => c.addAddon('x', { chart: 'x', targetNamespace: 'x' })).toThrow(SpecValidationError);
    expect(() => c.addAddon('cilium', { chart: 'x', targetNamespace: 'x' })).toThrow(/is the id of a built-in addon/);
    expect(() => c.addAddon('Bad', { chart: '', targetNamespace: '' } as never)).toThrow(SpecValidationError);
  });

  it('keeps platform integration in step with node pools added later', () => {
    const chart = Testing.chart();
    const c = new TenantKubernetesCluster(chart, 'foo', spec({ platformIntegration: true }));
    c.addNodePool('late', { instanceType: 'u1.small' });
    const objs = Testing.synth(chart);
    expect(objs.filter((o) => o.kind === 'WorkloadMonitor').map((o) => o.metadata.name).sort()).toEqual(['kubernetes-foo', 'kubernetes-foo-etcd', 'kubernetes-foo.late', 'kubernetes-foo.md0']);
    const role = objs.find((o) => o.kind === 'Role' && o.metadata.name === 'kubernetes-foo-dashboard-resources');
    expect(role.rules.find((r: any) => r.resources[0] === 'workloadmonitors').resourceNames).toEqual(['kubernetes-foo', 'kubernetes-foo.late', 'kubernetes-foo.md0', 'kubernetes-foo-etcd']);
  });

  it('synthesizes what the renderer produces with every addon, integration and the teardown hook', () => {
    const s = spec({
      platformIntegration: true,
      teardown: { helmHook: true },
      tenant: { namespace: 'tenant-foo', host: 'example.org', ingressClassName: 'tenant-root', monitoringNamespace: 'tenant-root' },
      addons: {
        certManager: { enabled: true, valuesOverride: { a: 1 } }, gatewayAPI: { enabled: true }, ingressNginx: { enabled: true, hosts: ['a.example.org'] },
        gpuOperator: { enabled: true }, fluxcd: { enabled: true }, monitoringAgents: { enabled: true }, velero: { enabled: true },
      },
    });
    const chart = Testing.chart();
    new TenantKubernetesCluster(chart, 'foo', s);
    const synthesized = Testing.synth(chart);
    const rendered = clusterObjects(renderCluster(s));
    const key = (o: any) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
    expect(synthesized.map(key).sort()).toEqual(rendered.map(key).sort());
    for (const o of rendered) expect(synthesized.find((x) => key(x) === key(o))).toEqual(sortKeys(o));
  });
});
