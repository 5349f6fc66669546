import { App, Chart, Testing } from 'cdk8s';
import { TenantKubernetesCluster } from '../../src/cdk8s';
import { clusterObjects, renderCluster } from '../../src/render/cluster';
import { sortKeys } from '../../src/render/manifest';
import { SpecValidationError } from '../../src/spec/errors';
import { apiObjectsUnder, synthProblems } from '../support/cdk8s-validation';
import { spec } from '../support/fixtures';

describe('TenantKubernetesCluster (cdk8s)', () => {
  it('synthesizes exactly the objects the renderer produces', () => {
    const chart = Testing.chart();
    new TenantKubernetesCluster(
      chart,
      'foo',
      spec({ nodeGroups: { md0: {}, gpu: { instanceType: 'u1.xlarge', gpus: [{ name: 'nvidia.com/AD102GL_L40S' }] } } }),
    );
    const synthesized = Testing.synth(chart);
    const rendered = clusterObjects(
      renderCluster(spec({ nodeGroups: { md0: {}, gpu: { instanceType: 'u1.xlarge', gpus: [{ name: 'nvidia.com/AD102GL_L40S' }] } } })),
    );
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
    const gpu = c.addNodePool('gpu', { maxReplicas: 2, instanceType: 'u1.xlarge', gpus: [{ name: 'nvidia.com/AD102GL_L40S' }] });
    expect(gpu.groupName).toBe('gpu');
    expect(gpu.machineDeployment.toJson().metadata.annotations['cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size']).toBe('2');
    expect(c.nodePools.map((p) => p.groupName)).toEqual(['md0', 'gpu']);
    const mds = Testing.synth(chart)
      .filter((o) => o.kind === 'MachineDeployment')
      .map((o) => o.metadata.name);
    expect(mds).toEqual(['kubernetes-foo-md0', 'kubernetes-foo-gpu']);
  });

  it('validates added pools at synth, with paths under nodeGroups', () => {
    const chart = Testing.chart();
    const c = new TenantKubernetesCluster(chart, 'foo', spec());
    const again = c.addNodePool('md0', {});
    const gpu = c.addNodePool('gpu', { instanceType: 'u1.small', gpus: [{ name: 'nvidia.com/GA100' }], maxReplicas: -1 });
    expect(c.nodePools.map((p) => p.groupName)).toEqual(['md0']);
    expect(c.isValid).toBe(false);
    expect(() => gpu.machineDeployment).toThrow(SpecValidationError);
    expect(() => again.machineTemplate).toThrow(/invalid tenant cluster construct test\/foo/);
    expect(synthProblems(chart).map((l) => l.replace(/ \(got .*\)$/, '').replace(/: .*/, ''))).toEqual([
      '[test/foo] nodeGroups.md0',
      '[test/foo] nodeGroups.gpu.maxReplicas',
      '[test/foo] nodeGroups.gpu.gpus',
    ]);
  });

  it('reports an invalid spec at synth, with every problem of every cluster of the App, and renders nothing for it', () => {
    const app = Testing.app();
    const one = new Chart(app, 'one');
    const bad = new TenantKubernetesCluster(one, 'bad', { ...spec(), version: 'v2.0' as never, nodeGroups: { gpu: { instanceType: 'u1.smal' } } });
    const good = new TenantKubernetesCluster(one, 'good', spec({ name: 'good' }));
    const worse = new TenantKubernetesCluster(new Chart(app, 'two'), 'worse', { ...spec({ name: 'worse' }), etcd: { replicas: 0 } });
    expect([bad.isValid, good.isValid, worse.isValid]).toEqual([false, true, false]);
    expect(apiObjectsUnder(bad)).toEqual([]);
    expect(apiObjectsUnder(good).length).toBeGreaterThan(0);
    expect(() => bad.controlPlane).toThrow(SpecValidationError);
    expect(() => bad.addAddon('x', { chart: 'x', targetNamespace: 'x' })).toThrow(/invalid tenant cluster construct one\/bad \(2 problems\)/);
    const lines = synthProblems(one);
    expect(lines.map((l) => l.split(':')[0])).toEqual(['[one/bad] version', '[one/bad] nodeGroups.gpu.instanceType', '[two/worse] etcd.replicas']);
    expect(lines[1]).toContain('(did you mean "u1.small"?)');
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
    const a = c.addAddon('external-dns', {
      chart: 'external-dns',
      targetNamespace: 'external-dns',
      values: { provider: 'cloudflare' },
      dependsOn: ['certManager'],
    });
    const b = c.addAddon('app', {
      chart: 'podinfo',
      source: { sourceName: 'podinfo', sourceNamespace: 'flux-system', version: '6.x' },
      targetNamespace: 'apps',
      dependsOn: ['external-dns', 'cilium'],
    });
    const hr = Testing.synth(chart).find((o) => o.kind === 'HelmRelease' && o.metadata.name === 'kubernetes-foo.app');
    expect(hr.spec.chart.spec).toEqual({
      chart: 'podinfo',
      reconcileStrategy: 'Revision',
      sourceRef: { kind: 'HelmRepository', name: 'podinfo', namespace: 'flux-system' },
      version: '6.x',
    });
    expect(hr.spec.dependsOn).toEqual([
      { name: 'kubernetes-foo.external-dns', namespace: 'tenant-foo' },
      { name: 'kubernetes-foo-cilium', namespace: 'tenant-foo' },
    ]);
    expect(hr.spec.kubeConfig).toEqual({ secretRef: { name: 'kubernetes-foo-admin-kubeconfig', key: 'super-admin.svc' } });
    expect(hr.metadata.labels['cozystack.io/target-cluster-name']).toBe('kubernetes-foo');
    expect(a.helmRelease.toJson().spec.values).toEqual({ provider: 'cloudflare' });
    expect(a.helmRelease.toJson().spec.dependsOn).toEqual([{ name: 'kubernetes-foo-cert-manager', namespace: 'tenant-foo' }]);
    expect(b.release.releaseName).toBe('app');
    expect(c.addons.map((x) => x.addonId).slice(-2)).toEqual(['external-dns', 'app']);
  });

  it('waits for Cilium by default and reports dependencies that are not rendered at synth, by the ids written', () => {
    const chart = Testing.chart();
    const c = new TenantKubernetesCluster(chart, 'foo', spec());
    expect(c.addAddon('x', { chart: 'x', targetNamespace: 'x' }).release.dependsOn).toEqual(['kubernetes-foo-cilium']);
    c.addAddon('y', { chart: 'y', targetNamespace: 'y', dependsOn: ['velero', 'nope'] });
    const again = c.addAddon('x', { chart: 'x', targetNamespace: 'x' });
    c.addAddon('cilium', { chart: 'x', targetNamespace: 'x' });
    c.addAddon('Bad', { chart: '', targetNamespace: '' });
    expect(() => again.helmRelease).toThrow(SpecValidationError);
    const lines = synthProblems(chart);
    expect(lines.map((l) => l.split(' (got')[0])).toEqual([
      '[test/foo] addons.x: another addon already has this id',
      '[test/foo] addons.cilium: is the id of a built-in addon (dependsOn could not tell them apart); choose another id',
      expect.stringMatching(/^\[test\/foo\] addons\.Bad: addon ids must be DNS-1123 labels/),
      '[test/foo] addons.Bad.chart: is required: the chart name',
      '[test/foo] addons.Bad.targetNamespace: is required: the namespace inside the tenant cluster',
      '[test/foo] addons.y.dependsOn[0]: is a built-in addon this cluster does not install: set addons.velero.enabled',
      '[test/foo] addons.y.dependsOn[1]: no addon of this cluster has this id (it has: cilium, coredns, csi, vsnapCrd, x)',
    ]);
  });

  it('resolves addon dependencies at synth, in any order of addAddon', () => {
    const chart = Testing.chart();
    const c = new TenantKubernetesCluster(chart, 'foo', spec());
    c.addAddon('app', { chart: 'podinfo', targetNamespace: 'apps', dependsOn: ['db'] });
    c.addAddon('db', { chart: 'postgres', targetNamespace: 'db' });
    const app = Testing.synth(chart).find((o) => o.kind === 'HelmRelease' && o.metadata.name === 'kubernetes-foo.app');
    expect(app.spec.dependsOn).toEqual([{ name: 'kubernetes-foo.db', namespace: 'tenant-foo' }]);
    expect(c.isValid).toBe(true);
  });

  it('reports a cycle of added addons once, with no follow-up problems', () => {
    const chart = Testing.chart();
    const c = new TenantKubernetesCluster(chart, 'foo', spec());
    c.addAddon('a', { chart: 'a', targetNamespace: 'a', dependsOn: ['b'] });
    c.addAddon('b', { chart: 'b', targetNamespace: 'b', dependsOn: ['a'] });
    expect(synthProblems(chart)).toEqual(['[test/foo] addons.a.dependsOn: the addons depend on each other in a cycle (got a list of 3 items)']);
  });

  it('keeps platform integration in step with node pools added later', () => {
    const chart = Testing.chart();
    const c = new TenantKubernetesCluster(chart, 'foo', spec({ platformIntegration: true }));
    c.addNodePool('late', { instanceType: 'u1.small' });
    const objs = Testing.synth(chart);
    expect(
      objs
        .filter((o) => o.kind === 'WorkloadMonitor')
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(['kubernetes-foo', 'kubernetes-foo-etcd', 'kubernetes-foo.late', 'kubernetes-foo.md0']);
    const role = objs.find((o) => o.kind === 'Role' && o.metadata.name === 'kubernetes-foo-dashboard-resources');
    expect(role.rules.find((r: any) => r.resources[0] === 'workloadmonitors').resourceNames).toEqual([
      'kubernetes-foo',
      'kubernetes-foo.late',
      'kubernetes-foo.md0',
      'kubernetes-foo-etcd',
    ]);
  });

  it('synthesizes what the renderer produces with every addon, integration and the teardown hook', () => {
    const s = spec({
      platformIntegration: true,
      teardown: { helmHook: true },
      tenant: { namespace: 'tenant-foo', host: 'example.org', ingressClassName: 'tenant-root', monitoringNamespace: 'tenant-root' },
      addons: {
        certManager: { enabled: true, valuesOverride: { a: 1 } },
        gatewayAPI: { enabled: true },
        ingressNginx: { enabled: true, hosts: ['a.example.org'] },
        gpuOperator: { enabled: true },
        fluxcd: { enabled: true },
        monitoringAgents: { enabled: true },
        velero: { enabled: true },
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
