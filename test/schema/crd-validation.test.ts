import { App, Chart, Testing } from 'cdk8s';
import { TenantKubernetesCluster } from '../../src/cdk8s';
import { exampleSpec } from '../support/cli';
import { clusterObjects, renderCluster } from '../../src/render/cluster';
import type { KubeObject } from '../../src/render/manifest';
import type { TenantKubernetesClusterSpec } from '../../src/spec/types';
import { CrdValidator } from '../support/crd-schema';
import { objectsOn } from '../support/render';
import { PLATFORM_LINES, PLATFORM_RELEASES } from '../../src/spec/platform-lines';
import { addonCombinations, DATASTORES, NODE_GROUP_SHAPES, shapeMatrix } from '../support/matrix';

const validator = new CrdValidator();
function expectValid(objects: readonly KubeObject[]): void {
  expect(objects.flatMap((o) => validator.validate(o))).toEqual([]);
}

const matrix = shapeMatrix();

/** A description of the matrix, on platform release v0.37 unless `objectsOn` renders it for another. */
function specFor(version: string, shape: string, ds: string): TenantKubernetesClusterSpec {
  return {
    name: `c-${shape.toLowerCase()}`,
    tenant: {
      namespace: 'tenant-alice',
      host: 'alice.example.org',
      ingressClassName: 'tenant-root',
      dataStoreName: DATASTORES[ds as keyof typeof DATASTORES],
    },
    version: version as never,
    nodeGroups: NODE_GROUP_SHAPES[shape],
    controlPlane: { replicas: 3, apiServer: { resourcesPreset: 'large', resources: { memory: '3Gi' } } },
    addons: { certManager: { enabled: true }, ingressNginx: { enabled: true, hosts: ['app.alice.example.org'] } },
    etcd: { replicas: 5, storageClass: 'local' },
    platform: {
      release: 'v0.37',
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }],
      containerdRegistries: { secretName: 'patch-containerd', registries: [{ registry: 'docker.io' }] },
    },
  };
}

describe('every emitted object is valid against its CRD (unknown fields rejected)', () => {
  it.each(matrix)('%s, node groups %s, %s etcd', (version, shape, ds) => {
    const objects = clusterObjects(renderCluster(specFor(version, shape, ds)));
    expect(objects.length).toBeGreaterThanOrEqual(3);
    expectValid(objects);
  });

  const v15 = new CrdValidator('v1.5');
  it.each(shapeMatrix('v1.5'))('platform release v1.5: %s, node groups %s, %s etcd, against the v1.5 CRDs', (version, shape, ds) => {
    const objects = objectsOn('v1.5', specFor(version, shape, ds));
    expect(objects.length).toBeGreaterThanOrEqual(3);
    expect(objects.flatMap((o) => v15.validate(o))).toEqual([]);
  });

  it('the cdk8s synthesis of two clusters of different shapes', () => {
    const chart = new Chart(new App({ outdir: '/tmp/unused' }), 'tenant-alice');
    new TenantKubernetesCluster(chart, 'a', specFor('v1.33', 'gpus', 'dedicated'));
    const b = new TenantKubernetesCluster(chart, 'b', specFor('v1.28', 'roles', 'shared'));
    b.addNodePool('extra', { resources: { cpu: '2', memory: '8Gi' } });
    expectValid(Testing.synth(chart) as KubeObject[]);
  });

  it('the example values file through the CLI path', () => {
    // The example renders on the default line, v1.5.
    const objects = clusterObjects(renderCluster(exampleSpec()));
    expect(objects.flatMap((o) => new CrdValidator('v1.5').validate(o))).toEqual([]);
  });
});

describe('every addon combination is valid against the CRDs', () => {
  const combos = PLATFORM_RELEASES.flatMap((release) =>
    addonCombinations(release).flatMap(({ name, on }) => ['Proxied', 'LoadBalancer'].map((expose) => [release, name, expose, on] as const)),
  );
  const validators = { 'v0.37': validator, 'v1.5': new CrdValidator('v1.5') };
  it.each(combos)('%s: %s (%s)', (release, _name, expose, on) => {
    const addons: Record<string, unknown> = Object.fromEntries(
      on.map((t) => [t, { enabled: true, ...(t === 'gatewayAPI' ? {} : { valuesOverride: { x: { y: 1 } } }) }]),
    );
    if (on.includes('ingressNginx'))
      addons.ingressNginx = { enabled: true, exposeMethod: expose, hosts: ['app.alice.example.org', '*.apps.alice.example.org'] };
    const s = {
      ...specFor(PLATFORM_LINES[release].defaultVersion, 'instanceTypes', on.length % 2 === 0 ? 'dedicated' : 'shared'),
      addons,
      platformIntegration: true,
      teardown: { helmHook: true },
      tenant: {
        namespace: 'tenant-alice',
        host: 'alice.example.org',
        ingressClassName: 'tenant-root',
        monitoringNamespace: 'tenant-root',
        dataStoreName: on.length % 2 === 0 ? undefined : 'tenant-root',
      },
    };
    const objects = objectsOn(release, s);
    expect(objects.flatMap((o) => validators[release].validate(o))).toEqual([]);
  });

  it('the helm-controller 1.4 retry strategy is not valid for the pinned 1.3 CRD (why it is an opt-in)', () => {
    const objects = clusterObjects(
      renderCluster({ ...specFor('v1.33', 'default', 'dedicated'), platform: { release: 'v0.37', fluxHelmControllerVersion: '1.4.0' } }),
    );
    const cilium = objects.find((o) => o.kind === 'HelmRelease' && o.metadata.name.endsWith('-cilium'))!;
    expect(validator.validate(cilium).join()).toContain('(strategy)');
  });
});

describe('the validator itself', () => {
  const objects = clusterObjects(renderCluster(specFor('v1.33', 'gpus', 'dedicated')));
  const kcp = objects.find((o) => o.kind === 'KamajiControlPlane')!;
  it('rejects unknown fields', () => {
    expect(validator.validate({ ...kcp, spec: { ...(kcp.spec as object), bogus: 1 } }).join()).toContain('(bogus)');
    const kmt = objects.find((o) => o.kind === 'KubevirtMachineTemplate') as any;
    const bad = JSON.parse(JSON.stringify(kmt));
    bad.spec.template.spec.virtualMachineTemplate.spec.template.spec.domain.devices.interfaces[0].bridge = { nope: true };
    expect(validator.validate(bad).join()).toContain('(nope)');
  });
  it('rejects wrong types, unserved versions and wrong scope', () => {
    expect(validator.validate({ ...kcp, spec: { ...(kcp.spec as object), replicas: 'two' } }).join()).toContain('must be integer');
    expect(validator.validate({ ...kcp, apiVersion: 'cluster.x-k8s.io/v1alpha3', kind: 'Cluster' }).join()).toContain('not served');
    const ds = objects.find((o) => o.kind === 'DataStore')!;
    expect(validator.validate({ ...ds, metadata: { ...ds.metadata, namespace: 'x' } }).join()).toContain('cluster-scoped');
  });
  it('covers every kind the library emits', () => {
    const kinds = new Set(objects.map((o) => `${o.apiVersion}/${o.kind}`));
    const builtIn = [
      'batch/v1/CronJob',
      'v1/ServiceAccount',
      'v1/ConfigMap',
      'v1/Service',
      'v1/Secret',
      'apps/v1/Deployment',
      'networking.k8s.io/v1/Ingress',
      'rbac.authorization.k8s.io/v1/Role',
      'rbac.authorization.k8s.io/v1/RoleBinding',
      'rbac.authorization.k8s.io/v1/ClusterRole',
      'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
    ];
    for (const k of kinds) if (!builtIn.includes(k)) expect(validator.knows(objects.find((o) => `${o.apiVersion}/${o.kind}` === k)!)).toBe(true);
  });
  it('checks built-in kinds too', () => {
    const dep = objects.find((o) => o.kind === 'Deployment') as any;
    const bad = JSON.parse(JSON.stringify(dep));
    bad.spec.template.spec.containers[0].image = 5;
    expect(validator.validate(bad).join()).toContain('must be string');
  });
});
