import { resolveSpec } from '../../src/spec/validate';
import { SpecValidationError } from '../../src/spec/errors';
import { spec } from '../support/fixtures';
import { problemsOf } from '../support/render';

const one = (s: unknown) => {
  const problems = problemsOf(s);
  expect(problems).toHaveLength(1);
  return problems[0];
};

describe('validation', () => {
  it('accepts the minimal spec and applies the product page defaults', () => {
    const r = resolveSpec(spec());
    expect(r.version.minor).toBe('v1.33');
    expect(r.storageClass).toBe('replicated');
    expect(r.host).toBe('kubernetes-foo.example.org');
    expect(r.controlPlane).toEqual({
      replicas: 2,
      apiServer: { preset: 'medium', cpu: undefined, memory: undefined },
      controllerManager: { preset: 'micro', cpu: undefined, memory: undefined },
      scheduler: { preset: 'micro', cpu: undefined, memory: undefined },
      konnectivityServer: { preset: 'micro', cpu: undefined, memory: undefined },
    });
    expect(r.nodeGroups).toHaveLength(1);
    expect(r.nodeGroups[0]).toMatchObject({ name: 'md0', minReplicas: 0, maxReplicas: 10, shape: { instanceType: 'u1.medium', ephemeralStorage: '20Gi', roles: ['ingress-nginx'], gpus: [] } });
    expect(r.addons.ingressNginx).toEqual({ enabled: false, exposeMethod: 'Proxied', hosts: [], valuesOverride: {} });
    expect(r.addons.certManager).toEqual({ enabled: false, valuesOverride: {} });
    expect(r.dedicatedEtcd).toEqual({ replicas: 3, size: '4Gi', storageClass: undefined, cpu: '1000m', memory: '512Mi', defrag: true });
  });

  it('collects every problem at once, each with path, value and message', () => {
    const problems = problemsOf({
      name: 'Foo',
      tenant: { namespace: 'tenant-foo' },
      version: 'v1.27',
      nodeGroups: { md0: { minReplicas: 5, maxReplicas: 2, instanceType: 'nope.large' } },
      bogus: true,
    });
    expect(problems.map((p) => p.path)).toEqual([
      'bogus', 'name', 'version', 'tenant.host', 'nodeGroups.md0.minReplicas', 'nodeGroups.md0.instanceType',
    ]);
    for (const p of problems) expect(p.message.length).toBeGreaterThan(5);
    expect(problems.find((p) => p.path === 'version')).toEqual({ path: 'version', value: 'v1.27', message: 'unsupported Kubernetes version; expected one of: v1.28, v1.29, v1.30, v1.31, v1.32, v1.33' });
  });

  it('shows every problem in the error message', () => {
    try {
      resolveSpec({ name: 'foo', tenant: { namespace: 'tenant-foo', host: 'x.org' }, storageClass: 5, controlPlane: { replicas: -1 } });
      throw new Error('not rejected');
    } catch (e) {
      expect(e).toBeInstanceOf(SpecValidationError);
      expect((e as Error).message).toContain('storageClass: must be a string (got 5)');
      expect((e as Error).message).toContain('controlPlane.replicas: must be at least 1 (got -1)');
    }
  });

  const cases: Array<[string, unknown, string, unknown, string]> = [
    ['unknown top-level key', { ...spec(), extra: 1 }, 'extra', 1, 'unknown field'],
    ['unknown nested key', spec({ nodeGroups: { md0: { replica: 1 } as never } }), 'nodeGroups.md0.replica', 1, 'unknown field'],
    ['unknown addon', spec({ addons: { istio: {} } as never }), 'addons.istio', {}, 'unknown field'],
    ['unknown addon key', spec({ addons: { certManager: { enable: true } } as never }), 'addons.certManager.enable', true, 'unknown field'],
    ['wrong type', spec({ nodeGroups: { md0: { maxReplicas: '3' as never } } }), 'nodeGroups.md0.maxReplicas', '3', 'must be an integer'],
    ['non-integer', spec({ nodeGroups: { md0: { maxReplicas: 2.5 } } }), 'nodeGroups.md0.maxReplicas', 2.5, 'must be an integer'],
    ['negative', spec({ nodeGroups: { md0: { minReplicas: -1 } } }), 'nodeGroups.md0.minReplicas', -1, 'must not be negative'],
    ['min > max', spec({ nodeGroups: { md0: { minReplicas: 4, maxReplicas: 3 } } }), 'nodeGroups.md0.minReplicas', 4, 'must not exceed maxReplicas (3)'],
    ['bad quantity', spec({ nodeGroups: { md0: { ephemeralStorage: '20 GB' } } }), 'nodeGroups.md0.ephemeralStorage', '20 GB', 'Kubernetes quantity'],
    ['negative quantity', spec({ nodeGroups: { md0: { ephemeralStorage: '-5Gi' } } }), 'nodeGroups.md0.ephemeralStorage', '-5Gi', 'positive quantity'],
    ['fractional cores', spec({ nodeGroups: { md0: { instanceType: '', resources: { cpu: '500m', memory: '4Gi' } } } }), 'nodeGroups.md0.resources.cpu', '500m', 'whole number of vCPUs'],
    ['unsupported version', spec({ version: 'v1.34' as never }), 'version', 'v1.34', 'unsupported Kubernetes version'],
    ['version as number', spec({ version: 1.33 as never }), 'version', 1.33, 'unsupported Kubernetes version'],
    ['unknown preset', spec({ controlPlane: { apiServer: { resourcesPreset: 'huge' as never } } }), 'controlPlane.apiServer.resourcesPreset', 'huge', 'must be one of: nano, micro, small, medium, large, xlarge, 2xlarge'],
    ['unknown instance type', spec({ nodeGroups: { md0: { instanceType: 'z9.large' } } }), 'nodeGroups.md0.instanceType', 'z9.large', 'unknown instance type'],
    ['instance type and resources', spec({ nodeGroups: { md0: { instanceType: 'u1.large', resources: { cpu: 2 } } } }), 'nodeGroups.md0.resources', { cpu: 2, memory: undefined }, 'cannot be combined with instanceType "u1.large"'],
    ['GPU with < 4Gi', spec({ nodeGroups: { md0: { instanceType: 'u1.small', gpus: [{ name: 'nvidia.com/GA100' }] } } }), 'nodeGroups.md0.gpus', ['nvidia.com/GA100'], 'at least 4Gi of memory per VM'],
    ['GPU with small resources', spec({ nodeGroups: { md0: { resources: { cpu: 2, memory: '2Gi' }, gpus: [{ name: 'nvidia.com/GA100' }] } } }), 'nodeGroups.md0.gpus', ['nvidia.com/GA100'], 'this group has 2Gi'],
    ['GPU without name', spec({ nodeGroups: { md0: { gpus: [{} as never] } } }), 'nodeGroups.md0.gpus[0].name', undefined, 'is required'],
    ['invalid cluster name', spec({ name: 'My_Cluster' }), 'name', 'My_Cluster', 'DNS-1123 label'],
    ['too-long cluster name', spec({ name: 'a'.repeat(34) }), 'name', 'a'.repeat(34), `"kubernetes-${'a'.repeat(34)}-cluster-autoscaler" (the cluster autoscaler's app label) must fit 63 characters; the cluster name can have at most 33`],
    ['invalid node group name', spec({ nodeGroups: { Md_0: {} } }), 'nodeGroups.Md_0', 'Md_0', 'node group names are one word'],
    ['too-long node group name', spec({ nodeGroups: { ['g'.repeat(50)]: {} } }), `nodeGroups.${'g'.repeat(50)}`, 'g'.repeat(50), 'must fit 63 characters'],
    ['invalid role', spec({ nodeGroups: { md0: { roles: ['ingress nginx'] } } }), 'nodeGroups.md0.roles[0]', 'ingress nginx', 'label name'],
    ['empty namespace', spec({ tenant: { namespace: '' } }), 'tenant.namespace', '', 'is required'],
    ['missing tenant host', { name: 'foo', tenant: { namespace: 'tenant-foo' } }, 'tenant.host', undefined, 'is required when "host" is not given'],
    ['invalid host', spec({ host: 'API.example.org' }), 'host', 'API.example.org', 'DNS host name'],
    ['invalid ingress host', spec({ addons: { ingressNginx: { hosts: ['ok.example.org', 'bad host'] } } }), 'addons.ingressNginx.hosts[1]', 'bad host', 'DNS host name'],
    ['bad exposeMethod', spec({ addons: { ingressNginx: { exposeMethod: 'NodePort' as never } } }), 'addons.ingressNginx.exposeMethod', 'NodePort', 'must be one of: Proxied, LoadBalancer'],
    ['enabled not boolean', spec({ addons: { velero: { enabled: 'yes' as never } } }), 'addons.velero.enabled', 'yes', 'must be true or false'],
    ['valuesOverride not an object', spec({ addons: { cilium: { valuesOverride: [] as never } } }), 'addons.cilium.valuesOverride', [], 'must be an object'],
    ['bad duration', spec({ nodeGroups: { md0: { healthCheck: { unknownTimeout: '5 minutes' } } } }), 'nodeGroups.md0.healthCheck.unknownTimeout', '5 minutes', 'duration'],
    ['zero allocation ratio', spec({ platform: { allocationRatios: { cpu: 0 } } }), 'platform.allocationRatios.cpu', 0, 'positive number'],
    ['bad declared instance type', spec({ platform: { instanceTypes: { 'x1.big': { cpu: 0, memory: '4Gi' } } } }), 'platform.instanceTypes["x1.big"].cpu', 0, 'must be at least 1'],
    ['bad patch version', spec({ platform: { kubernetesPatchVersions: { 'v1.33': 'v1.32.1' } } }), 'platform.kubernetesPatchVersions["v1.33"]', 'v1.32.1', 'a patch release of v1.33'],
    ['etcd replicas', spec({ etcd: { replicas: 0 } }), 'etcd.replicas', 0, 'must be at least 1'],
    ['nested requests/limits', spec({ controlPlane: { apiServer: { resources: { limits: { cpu: 1 } } as never } } }), 'controlPlane.apiServer.resources.limits', { cpu: 1 }, 'unknown field'],
    ['retained template of another group', spec({ nodeGroups: { md0: { retainedTemplates: [{ name: 'kubernetes-foo-md1-abcdef' }] } } }), 'nodeGroups.md0.retainedTemplates[0].name', 'kubernetes-foo-md1-abcdef', 'not a template of this node group'],
  ];
  it.each(cases)('%s', (_title, input, path, value, message) => {
    const p = one(input);
    expect(p.path).toBe(path);
    expect(p.value).toEqual(value);
    expect(p.message).toContain(message);
  });

  it('requires resources.cpu and memory without an instance type', () => {
    const problems = problemsOf(spec({ nodeGroups: { md0: { instanceType: '' } } }));
    expect(problems.map((p) => p.path)).toEqual(['nodeGroups.md0.resources.cpu', 'nodeGroups.md0.resources.memory']);
  });

  it('rejects a non-object spec', () => {
    expect(problemsOf('nope')).toEqual([{ path: '', value: 'nope', message: 'must be an object' }]);
    expect(problemsOf(null)).toEqual([{ path: '', value: null, message: 'must be an object describing the cluster' }]);
  });

  it('requires the tenant context', () => {
    expect(problemsOf({ name: 'foo' }).map((p) => p.path)).toEqual(['tenant', 'tenant.namespace', 'tenant.host']);
  });

  it('accepts instance types declared by the caller', () => {
    expect(() => resolveSpec(spec({ nodeGroups: { md0: { instanceType: 'x1.big' } }, platform: { instanceTypes: { 'x1.big': { cpu: 8, memory: '32Gi' } } } }))).not.toThrow();
  });

  it('accepts the product page instance types', () => {
    for (const t of ['cx1.2xlarge', 'gn1.8xlarge', 'm1.large', 'n1.medium', 'o1.nano', 'rt1.micro', 'u1.2xmedium']) {
      expect(() => resolveSpec(spec({ nodeGroups: { md0: { instanceType: t } } }))).not.toThrow();
    }
  });
});
