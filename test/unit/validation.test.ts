import { resolveSpec } from '../../src/render/resolve';
import { inspect } from 'node:util';
import { child } from '../../src/spec/checks';
import { MAX_QUOTED_LENGTH, SpecValidationError, describeValue, formatProblem } from '../../src/spec/errors';
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
    expect(r.nodeGroups[0]).toMatchObject({
      name: 'md0',
      minReplicas: 0,
      maxReplicas: 10,
      shape: { instanceType: 'u1.medium', diskSize: '20Gi', storageClass: undefined, roles: ['ingress-nginx'], gpus: [] },
    });
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
      'bogus',
      'name',
      'version',
      'tenant.host',
      'nodeGroups.md0.minReplicas',
      'nodeGroups.md0.instanceType',
    ]);
    for (const p of problems) expect(p.message.length).toBeGreaterThan(5);
    expect(problems.find((p) => p.path === 'version')).toEqual({
      path: 'version',
      value: 'v1.27',
      message: 'unsupported Kubernetes version; expected one of: v1.30, v1.31, v1.32, v1.33, v1.34, v1.35',
    });
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
    [
      'min > max',
      spec({ nodeGroups: { md0: { minReplicas: 4, maxReplicas: 3 } } }),
      'nodeGroups.md0.minReplicas',
      4,
      'must not exceed maxReplicas (3)',
    ],
    ['bad quantity', spec({ nodeGroups: { md0: { ephemeralStorage: '20 GB' } } }), 'nodeGroups.md0.ephemeralStorage', '20 GB', 'Kubernetes quantity'],
    [
      'negative quantity',
      spec({ nodeGroups: { md0: { ephemeralStorage: '-5Gi' } } }),
      'nodeGroups.md0.ephemeralStorage',
      '-5Gi',
      'positive quantity',
    ],
    [
      'fractional cores',
      spec({ nodeGroups: { md0: { instanceType: '', resources: { cpu: '500m', memory: '4Gi' } } } }),
      'nodeGroups.md0.resources.cpu',
      '500m',
      'whole number of vCPUs',
    ],
    ['unsupported version', spec({ version: 'v1.99' as never }), 'version', 'v1.99', 'unsupported Kubernetes version'],
    [
      'version of another platform line',
      spec({ version: 'v1.34' as never }),
      'version',
      'v1.34',
      'is not supported by platform release v0.37 (v1.28–v1.33); platform release v1.5 supports it',
    ],
    ['version as number', spec({ version: 1.33 as never }), 'version', 1.33, 'unsupported Kubernetes version'],
    [
      'unknown preset',
      spec({ controlPlane: { apiServer: { resourcesPreset: 'huge' as never } } }),
      'controlPlane.apiServer.resourcesPreset',
      'huge',
      'must be one of: nano, micro, small, medium, large, xlarge, 2xlarge',
    ],
    [
      'unknown instance type',
      spec({ nodeGroups: { md0: { instanceType: 'z9.large' } } }),
      'nodeGroups.md0.instanceType',
      'z9.large',
      'unknown instance type',
    ],
    [
      'instance type and resources',
      spec({ nodeGroups: { md0: { instanceType: 'u1.large', resources: { cpu: '2' } } } }),
      'nodeGroups.md0.resources',
      { cpu: '2', memory: undefined },
      'cannot be combined with instanceType "u1.large"',
    ],
    [
      'GPU with < 4Gi',
      spec({ nodeGroups: { md0: { instanceType: 'u1.small', gpus: [{ name: 'nvidia.com/GA100' }] } } }),
      'nodeGroups.md0.gpus',
      ['nvidia.com/GA100'],
      'at least 4Gi of memory per VM',
    ],
    [
      'GPU with small resources',
      spec({ nodeGroups: { md0: { resources: { cpu: '2', memory: '2Gi' }, gpus: [{ name: 'nvidia.com/GA100' }] } } }),
      'nodeGroups.md0.gpus',
      ['nvidia.com/GA100'],
      'this group has 2Gi',
    ],
    ['GPU without name', spec({ nodeGroups: { md0: { gpus: [{} as never] } } }), 'nodeGroups.md0.gpus[0].name', undefined, 'is required'],
    ['invalid cluster name', spec({ name: 'My_Cluster' }), 'name', 'My_Cluster', 'DNS-1123 label'],
    [
      'too-long cluster name',
      spec({ name: 'a'.repeat(34) }),
      'name',
      'a'.repeat(34),
      `"kubernetes-${'a'.repeat(34)}-cluster-autoscaler" (the cluster autoscaler's app label) must fit 63 characters; the cluster name can have at most 33`,
    ],
    ['invalid node group name', spec({ nodeGroups: { Md_0: {} } }), 'nodeGroups.Md_0', 'Md_0', 'node group names are one word'],
    [
      'too-long node group name',
      spec({ nodeGroups: { ['g'.repeat(50)]: {} } }),
      `nodeGroups.${'g'.repeat(50)}`,
      'g'.repeat(50),
      'must fit 63 characters',
    ],
    ['invalid role', spec({ nodeGroups: { md0: { roles: ['ingress nginx'] } } }), 'nodeGroups.md0.roles[0]', 'ingress nginx', 'label name'],
    ['empty namespace', spec({ tenant: { namespace: '' } }), 'tenant.namespace', '', 'is required'],
    ['missing tenant host', { name: 'foo', tenant: { namespace: 'tenant-foo' } }, 'tenant.host', undefined, 'is required when "host" is not given'],
    ['invalid host', spec({ host: 'API.example.org' }), 'host', 'API.example.org', 'DNS host name'],
    [
      'invalid ingress host',
      spec({ addons: { ingressNginx: { hosts: ['ok.example.org', 'bad host'] } } }),
      'addons.ingressNginx.hosts[1]',
      'bad host',
      'DNS host name',
    ],
    [
      'bad exposeMethod',
      spec({ addons: { ingressNginx: { exposeMethod: 'NodePort' as never } } }),
      'addons.ingressNginx.exposeMethod',
      'NodePort',
      'must be one of: Proxied, LoadBalancer',
    ],
    ['enabled not boolean', spec({ addons: { velero: { enabled: 'yes' as never } } }), 'addons.velero.enabled', 'yes', 'must be true or false'],
    [
      'valuesOverride not an object',
      spec({ addons: { cilium: { valuesOverride: [] as never } } }),
      'addons.cilium.valuesOverride',
      [],
      'must be an object',
    ],
    [
      'bad duration',
      spec({ nodeGroups: { md0: { healthCheck: { unknownTimeout: '5 minutes' } } } }),
      'nodeGroups.md0.healthCheck.unknownTimeout',
      '5 minutes',
      'duration',
    ],
    [
      'zero allocation ratio',
      spec({ platform: { allocationRatios: { cpu: 0 } } }),
      'platform.allocationRatios.cpu',
      0,
      'must be a number from 1 to 1000',
    ],
    [
      'allocation ratio below 1',
      spec({ platform: { allocationRatios: { memory: 1e-300 } } }),
      'platform.allocationRatios.memory',
      1e-300,
      'Kubernetes rejects a request above its limit',
    ],
    ['too many etcd replicas', spec({ etcd: { replicas: 100_000_000 } }), 'etcd.replicas', 100_000_000, 'must be at most 9'],
    ['2^64 replicas', spec({ controlPlane: { replicas: 2 ** 64 } }), 'controlPlane.replicas', 2 ** 64, 'must be at most 16'],
    ['infinite quantity', spec({ etcd: { size: '1e400' } }), 'etcd.size', '1e400', 'must be at most 1Pi'],
    [
      'endless teardown wait',
      spec({ teardown: { waitTimeout: '99999999999999999999h' } }),
      'teardown.waitTimeout',
      '99999999999999999999h',
      'must be at most 24h',
    ],
    [
      'instance type named like a prototype property',
      spec({ nodeGroups: { md0: { instanceType: 'constructor' } } }),
      'nodeGroups.md0.instanceType',
      'constructor',
      'unknown instance type',
    ],
    [
      'invalid topology key',
      spec({ platform: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone name', whenUnsatisfiable: 'DoNotSchedule' }] } }),
      'platform.topologySpreadConstraints[0].topologyKey',
      'zone name',
      'must be a label key',
    ],
    [
      'invalid selector label',
      spec({
        platform: {
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'a b' } } },
          ],
        },
      }),
      'platform.topologySpreadConstraints[0].labelSelector.matchLabels.app',
      'a b',
      'must be a label value',
    ],
    [
      'NaN in valuesOverride',
      spec({ addons: { cilium: { valuesOverride: { a: { b: NaN } } } } }),
      'addons.cilium.valuesOverride.a.b',
      NaN,
      'must be a finite number',
    ],
    [
      'bad declared instance type',
      spec({ platform: { instanceTypes: { 'x1.big': { cpu: 0, memory: '4Gi' } } } }),
      'platform.instanceTypes["x1.big"].cpu',
      0,
      'must be at least 1',
    ],
    [
      'bad patch version',
      spec({ platform: { kubernetesPatchVersions: { 'v1.33': 'v1.32.1' } } }),
      'platform.kubernetesPatchVersions["v1.33"]',
      'v1.32.1',
      'a patch release of v1.33',
    ],
    ['etcd replicas', spec({ etcd: { replicas: 0 } }), 'etcd.replicas', 0, 'must be at least 1'],
    [
      'nested requests/limits',
      spec({ controlPlane: { apiServer: { resources: { limits: { cpu: 1 } } as never } } }),
      'controlPlane.apiServer.resources.limits',
      { cpu: 1 },
      'unknown field',
    ],
    [
      'retained template of another group',
      spec({ nodeGroups: { md0: { retainedTemplates: [{ name: 'kubernetes-foo-md1-abcdef' }] } } }),
      'nodeGroups.md0.retainedTemplates[0].name',
      'kubernetes-foo-md1-abcdef',
      'not a template of this node group',
    ],
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

  it('accepts whole cores written in millicores', () => {
    const r = resolveSpec(spec({ nodeGroups: { md0: { instanceType: '', resources: { cpu: '2000m', memory: '4Gi' } } } }));
    expect(r.nodeGroups[0].capacity).toEqual({ cpu: '2000m', memory: '4Gi' });
  });

  it('refuses a __proto__ key in valuesOverride without changing any prototype', () => {
    const override = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(problemsOf(spec({ addons: { cilium: { valuesOverride: override } } })).map((p) => p.path)).toEqual([
      'addons.cilium.valuesOverride.__proto__',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts instance types declared by the caller', () => {
    expect(() =>
      resolveSpec(spec({ nodeGroups: { md0: { instanceType: 'x1.big' } }, platform: { instanceTypes: { 'x1.big': { cpu: 8, memory: '32Gi' } } } })),
    ).not.toThrow();
  });

  it('accepts the product page instance types', () => {
    for (const t of ['cx1.2xlarge', 'gn1.8xlarge', 'm1.large', 'n1.medium', 'o1.nano', 'rt1.micro', 'u1.2xmedium']) {
      expect(() => resolveSpec(spec({ nodeGroups: { md0: { instanceType: t } } }))).not.toThrow();
    }
  });
});

describe('problem lines', () => {
  it.each<[unknown, string]>([
    [5, '5'],
    [true, 'true'],
    [null, 'null'],
    [undefined, '<missing>'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [2 ** 64, '18446744073709552000'],
    ['2000x', '"2000x"'],
    ['', '""'],
    ['a'.repeat(MAX_QUOTED_LENGTH), JSON.stringify('a'.repeat(MAX_QUOTED_LENGTH))],
    ['a'.repeat(MAX_QUOTED_LENGTH + 1), `a string of ${MAX_QUOTED_LENGTH + 1} characters`],
    ['line\nbreak', 'a multi-line string of 10 characters'],
    ['tab\there', 'a string of 8 characters'],
    [{ a: 1, b: 2, c: 3 }, 'a mapping with 3 keys'],
    [{ a: 1 }, 'a mapping with 1 key'],
    [{}, 'an empty mapping'],
    [['x'], 'a list of 1 item'],
    [[], 'an empty list'],
    [new Date(0), 'a Date instance'],
    [() => 1, 'a function'],
  ])('describes %p as %s', (value, text) => {
    expect(describeValue(value)).toBe(text);
  });

  it('never quotes a string of a sensitive problem, however short', () => {
    expect(formatProblem({ path: 'addons.cilium.valueOverride', value: 'hunter2', message: 'unknown field', sensitive: true })).toBe(
      'addons.cilium.valueOverride: unknown field (got a string of 7 characters)',
    );
    expect(describeValue(3, true)).toBe('3');
  });

  it('names a misspelled key holding credentials without printing them', () => {
    const secret = 'token-5f0e2b7a';
    try {
      resolveSpec(spec({ addons: { certManager: { valueOverride: { password: secret } } } as never }));
      throw new Error('not rejected');
    } catch (e) {
      expect((e as Error).message).toContain(
        'addons.certManager.valueOverride: unknown field (did you mean "valuesOverride"?); expected one of: enabled, valuesOverride (got a mapping with 1 key)',
      );
      for (const text of [(e as Error).message, inspect(e), JSON.stringify(e), String((e as Error).stack)]) expect(text).not.toContain(secret);
      // Programs still get the value itself.
      expect((e as SpecValidationError).problems[0].value).toEqual({ password: secret });
    }
  });

  it('shortens long keys in paths', () => {
    expect(child('values', 'k'.repeat(1100))).toBe(`values["${'k'.repeat(32)}…" (1100 characters)]`);
    expect(child('values', 'k'.repeat(64))).toBe(`values.${'k'.repeat(64)}`);
  });
});
