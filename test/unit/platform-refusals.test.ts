// What the platform would refuse is refused here first, with the path, the value and what to write instead
// (issue 15, point 5): GPUs an instance type already brings, health-check thresholds past the group, label syntax,
// containerd registry files. Near-miss names: near-miss.test.ts.
import { clusterObjects, renderCluster } from '../../src/render/cluster';
import { resolveSpec } from '../../src/render/resolve';
import { instanceTypeGpus, sameSizeWithoutGpus } from '../../src/spec/instance-types';
import { PLATFORM_LINES } from '../../src/spec/platform-lines';

const V0_37 = PLATFORM_LINES['v0.37'];
const PLATFORM_INSTANCE_TYPES = V0_37.instanceTypes;
import { spec } from '../support/fixtures';
import { problemsOf } from '../support/render';

const only = (s: unknown) => {
  const problems = problemsOf(s);
  expect(problems).toHaveLength(1);
  return problems[0];
};

describe('GPUs an instance type already brings', () => {
  it('knows which platform types bring GPUs, from the instance type data', () => {
    expect(instanceTypeGpus(PLATFORM_INSTANCE_TYPES, 'gn1.xlarge', V0_37)).toEqual(['nvidia.com/A400']);
    expect(instanceTypeGpus(PLATFORM_INSTANCE_TYPES, 'u1.xlarge', V0_37)).toEqual([]);
    expect(instanceTypeGpus(PLATFORM_INSTANCE_TYPES, 'constructor', V0_37)).toEqual([]);
    expect(sameSizeWithoutGpus(PLATFORM_INSTANCE_TYPES, 'gn1.xlarge', V0_37)).toBe('u1.xlarge');
    expect(sameSizeWithoutGpus(PLATFORM_INSTANCE_TYPES, 'gn1.8xlarge', V0_37)).toBe('u1.8xlarge');
  });

  it('refuses gpus with a gn1 type and says what to write instead', () => {
    const p = only(spec({ nodeGroups: { gpu: { instanceType: 'gn1.xlarge', gpus: [{ name: 'nvidia.com/AD102GL_L40S' }] } } }));
    expect(p.path).toBe('nodeGroups.gpu.gpus');
    expect(p.value).toEqual(['nvidia.com/AD102GL_L40S']);
    expect(p.message).toBe(
      'cannot be combined with instanceType "gn1.xlarge", which brings its own GPUs (nvidia.com/A400); ' +
        "KubeVirt rejects a VM that sets GPUs its instance type sets: drop gpus to use the type's own, " +
        'or keep gpus with an instance type without GPUs (e.g. "u1.xlarge", the same size)',
    );
  });

  it('accepts a gn1 type alone, and gpus with a type without GPUs or with resources', () => {
    expect(() => resolveSpec(spec({ nodeGroups: { gpu: { instanceType: 'gn1.xlarge' } } }))).not.toThrow();
    expect(() => resolveSpec(spec({ nodeGroups: { gpu: { instanceType: 'gn1.xlarge', gpus: [] } } }))).not.toThrow();
    expect(() => resolveSpec(spec({ nodeGroups: { gpu: { instanceType: 'u1.xlarge', gpus: [{ name: 'nvidia.com/GA100' }] } } }))).not.toThrow();
    expect(() =>
      resolveSpec(spec({ nodeGroups: { gpu: { instanceType: '', resources: { cpu: '4', memory: '16Gi' }, gpus: [{ name: 'nvidia.com/GA100' }] } } })),
    ).not.toThrow();
  });

  it("refuses a retained template whose type brings GPUs while it inherits the group's", () => {
    const p = only(
      spec({
        nodeGroups: { gpu: { instanceType: 'u1.xlarge', gpus: [{ name: 'nvidia.com/GA100' }], retainedTemplates: [{ instanceType: 'gn1.xlarge' }] } },
      }),
    );
    expect(p.path).toBe('nodeGroups.gpu.retainedTemplates[0].gpus');
    expect(p.message).toContain('(this entry inherits the node group\'s gpus): give "gpus: []" in this entry to use the type\'s own');
    expect(() =>
      resolveSpec(
        spec({
          nodeGroups: {
            gpu: { instanceType: 'u1.xlarge', gpus: [{ name: 'nvidia.com/GA100' }], retainedTemplates: [{ instanceType: 'gn1.xlarge', gpus: [] }] },
          },
        }),
      ),
    ).not.toThrow();
  });

  it('reads the GPUs of a declared instance type, and a replacement describes the whole type', () => {
    const declared = { platform: { instanceTypes: { 'g2.large': { cpu: 8, memory: '64Gi', gpus: ['nvidia.com/H100'] } } } };
    const p = only(spec({ ...declared, nodeGroups: { gpu: { instanceType: 'g2.large', gpus: [{ name: 'nvidia.com/H100' }] } } }));
    expect(p.message).toContain('which brings its own GPUs (nvidia.com/H100)');
    expect(p.message).toContain('(e.g. "m1.2xlarge", the same size)');
    const replaced = { platform: { instanceTypes: { 'gn1.xlarge': { cpu: 4, memory: '16Gi' } } } };
    expect(() =>
      resolveSpec(spec({ ...replaced, nodeGroups: { gpu: { instanceType: 'gn1.xlarge', gpus: [{ name: 'nvidia.com/GA100' }] } } })),
    ).not.toThrow();
  });

  it('checks the GPU names of a declared instance type', () => {
    const p = only(spec({ platform: { instanceTypes: { 'g2.large': { cpu: 8, memory: '64Gi', gpus: ['nvidia.com/H 100'] } } } }));
    expect(p.path).toBe('platform.instanceTypes["g2.large"].gpus[0]');
    expect(p.message).toContain('a device name such as');
  });

  it('still refuses cpu or memory with an instance type (KubeVirt sets them from the type)', () => {
    const p = only(spec({ nodeGroups: { md0: { instanceType: 'gn1.xlarge', resources: { memory: '32Gi' } } } }));
    expect(p.path).toBe('nodeGroups.md0.resources');
    expect(p.message).toContain('set instanceType to "" to size VMs by resources');
  });
});

describe('healthCheck.maxUnhealthy', () => {
  const hc = (maxUnhealthy: unknown, maxReplicas?: number) =>
    spec({ nodeGroups: { md0: { maxReplicas, healthCheck: { maxUnhealthy: maxUnhealthy as string } } } });

  it('refuses a percentage above 100%', () => {
    const p = only(hc('140%'));
    expect(p).toMatchObject({ path: 'nodeGroups.md0.healthCheck.maxUnhealthy', value: '140%' });
    expect(p.message).toBe('must be a percentage from 0% to 100% (or a machine count); write "100%" to never pause remediation');
  });

  it("refuses a count above the group's maxReplicas", () => {
    const p = only(hc(4, 3));
    expect(p).toMatchObject({ path: 'nodeGroups.md0.healthCheck.maxUnhealthy', value: 4 });
    expect(p.message).toBe('must be at most maxReplicas (3) machines; write "100%" to never pause remediation, or a count up to 3');
    expect(only(hc('11')).message).toContain('maxReplicas (10)');
  });

  it('reports only maxReplicas when that is what is wrong', () => {
    expect(problemsOf(hc(20, -1)).map((p) => p.path)).toEqual(['nodeGroups.md0.maxReplicas']);
  });

  it('accepts 0%, 100%, 0 and maxReplicas', () => {
    for (const v of ['0%', '100%', 0, 3, '3']) expect(() => resolveSpec(hc(v, 3))).not.toThrow();
  });
});

describe('label syntax in platform.topologySpreadConstraints', () => {
  const constraint = (extra: Record<string, unknown>) =>
    spec({
      platform: {
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', ...extra }],
      },
    });
  const at = 'platform.topologySpreadConstraints[0]';

  it('refuses a topology key that is not a qualified name', () => {
    for (const key of ['-zone', 'zone-', 'a/b/c', 'Upper.Case/zone', `${'a'.repeat(64)}`, `${'a'.repeat(254)}/zone`, 'zone name']) {
      const p = only(constraint({ topologyKey: key }));
      expect(p.path).toBe(`${at}.topologyKey`);
      expect(p.message).toMatch(/must be a label key/);
    }
    for (const key of ['zone', 'kubernetes.io/hostname', 'A_b.c', `${'a'.repeat(253)}/${'b'.repeat(63)}`]) {
      expect(() => resolveSpec(constraint({ topologyKey: key }))).not.toThrow();
    }
  });

  it('refuses matchLabels keys and values that are not label syntax', () => {
    const key = only(constraint({ labelSelector: { matchLabels: { 'bad key': 'x' } } }));
    expect(key.path).toBe(`${at}.labelSelector.matchLabels["bad key"]`);
    const value = only(constraint({ labelSelector: { matchLabels: { app: 'x'.repeat(64) } } }));
    expect(value.message).toMatch(/must be a label value: empty, or at most 63/);
    expect(() => resolveSpec(constraint({ labelSelector: { matchLabels: { app: '' } } }))).not.toThrow();
  });

  it('takes matchExpressions with In, NotIn, Exists and DoesNotExist, and renders them', () => {
    const matchExpressions = [
      { key: 'tier', operator: 'In', values: ['a', 'b'] },
      { key: 'x.io/y', operator: 'NotIn', values: [''] },
      { key: 'gpu', operator: 'Exists' },
      { key: 'spot', operator: 'DoesNotExist', values: [] },
    ];
    const r = resolveSpec(constraint({ labelSelector: { matchExpressions } }));
    expect(r.platform.topologySpreadConstraints![0].labelSelector).toEqual({
      matchExpressions: [matchExpressions[0], matchExpressions[1], matchExpressions[2], { key: 'spot', operator: 'DoesNotExist' }],
    });
  });

  it('refuses an unknown operator, suggesting the one meant', () => {
    const p = only(constraint({ labelSelector: { matchExpressions: [{ key: 'tier', operator: 'in', values: ['a'] }] } }));
    expect(p).toMatchObject({ path: `${at}.labelSelector.matchExpressions[0].operator`, value: 'in' });
    expect(p.message).toBe('must be one of: In, NotIn, Exists, DoesNotExist (did you mean "In"?)');
    expect(only(constraint({ labelSelector: { matchExpressions: [{ key: 'tier', values: ['a'] }] } })).message).toBe(
      'is required: In, NotIn, Exists, DoesNotExist',
    );
  });

  it('refuses values where the operator takes none, and none where it needs some', () => {
    const exists = only(constraint({ labelSelector: { matchExpressions: [{ key: 'gpu', operator: 'Exists', values: ['yes'] }] } }));
    expect(exists.path).toBe(`${at}.labelSelector.matchExpressions[0].values`);
    expect(exists.message).toBe('must be empty with operator "Exists", which matches on the key alone: drop values, or use "In" / "NotIn"');
    const notIn = only(constraint({ labelSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn' }] } }));
    expect(notIn.message).toBe('must list at least one label value with operator "NotIn" (or use "Exists" to match on the key alone)');
  });

  it('refuses requirement keys and values that are not label syntax, and unknown fields', () => {
    const problems = problemsOf(
      constraint({ labelSelector: { matchExpressions: [{ key: 'bad key', operator: 'In', values: ['ok', 'not ok', 5] }], matchFields: {} } }),
    );
    expect(problems.map((p) => p.path)).toEqual([
      `${at}.labelSelector.matchFields`,
      `${at}.labelSelector.matchExpressions[0].key`,
      `${at}.labelSelector.matchExpressions[0].values[1]`,
      `${at}.labelSelector.matchExpressions[0].values[2]`,
    ]);
  });

  it('suggests the whenUnsatisfiable value meant', () => {
    expect(only(constraint({ whenUnsatisfiable: 'DoNotSchedul' })).message).toBe(
      'must be one of: DoNotSchedule, ScheduleAnyway (did you mean "DoNotSchedule"?)',
    );
  });
});

describe('platform.containerdRegistries: the Secret you create', () => {
  const registries = (value: unknown) => spec({ platform: { containerdRegistries: value as never } });
  const at = 'platform.containerdRegistries';

  it("requires the Secret's name and says that nothing here creates it", () => {
    const p = only(registries({ registries: [{ registry: 'docker.io' }] }));
    expect(p.path).toBe(`${at}.secretName`);
    expect(p.message).toBe(
      'is required: the name of the Secret you create in the tenant namespace, one hosts.toml per registry (nothing here creates it)',
    );
  });

  it('renders no Secret: the worker template only references it', () => {
    const objects = clusterObjects(renderCluster(registries({ secretName: 'mirrors', registries: [{ registry: 'docker.io' }] })));
    expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
    expect(JSON.stringify(objects.find((o) => o.kind === 'KubeadmConfigTemplate'))).toContain('"name":"mirrors"');
  });

  it('requires at least one registry', () => {
    expect(only(registries({ secretName: 'mirrors' }))).toMatchObject({ path: `${at}.registries` });
    expect(only(registries({ secretName: 'mirrors', registries: [] })).message).toBe(
      'must list at least one registry, e.g. [{ registry: "docker.io" }] (or leave containerdRegistries out)',
    );
  });

  it('refuses a registry listed twice (two files at one path)', () => {
    const p = only(registries({ secretName: 'mirrors', registries: [{ registry: 'docker.io' }, { registry: 'docker.io', key: 'other' }] }));
    expect(p).toMatchObject({ path: `${at}.registries[1].registry`, value: 'docker.io' });
    expect(p.message).toBe('is listed twice: each registry has one hosts.toml; merge the entries');
  });

  it('needs a key for a registry with a port, whose default key would hold ":"', () => {
    const p = only(registries({ secretName: 'mirrors', registries: [{ registry: 'registry.local:5000' }] }));
    expect(p.path).toBe(`${at}.registries[0].key`);
    expect(p.message).toBe(
      'is required for "registry.local:5000": the default key "registry.local:5000.toml" is not a valid Secret key (no ":"); give one such as "registry.local_5000.toml"',
    );
    const r = resolveSpec(
      registries({ secretName: 'mirrors', registries: [{ registry: 'registry.local:5000', key: 'local.toml' }, { registry: '_default' }] }),
    );
    expect(r.platform.containerdRegistries!.registries).toEqual([{ registry: 'registry.local:5000', key: 'local.toml' }, { registry: '_default' }]);
  });

  it('refuses registry hosts that would leave /etc/containerd/certs.d', () => {
    for (const registry of ['..', '.', 'a..b', '../etc', 'docker.io/library']) {
      const p = only(registries({ secretName: 'mirrors', registries: [{ registry }] }));
      expect([registry, p.path]).toEqual([registry, `${at}.registries[0].registry`]);
    }
  });
});
