// Near misses say what was meant: an unknown instance type, a value outside a fixed set, a misspelled field, each
// with `(did you mean "…"?)` when exactly one known word is close, and nothing otherwise.
import { formatProblem } from '../../src/spec/errors';
import { spec } from '../support/fixtures';
import { problemsOf } from '../support/render';

const only = (s: unknown) => {
  const problems = problemsOf(s);
  expect(problems).toHaveLength(1);
  return problems[0];
};

describe('near-miss instance types', () => {
  it('suggests the platform type a typo was meant to be', () => {
    const p = only(spec({ nodeGroups: { md0: { instanceType: 'u1.meduim' } } }));
    expect(p.path).toBe('nodeGroups.md0.instanceType');
    expect(p.message).toBe(
      'unknown instance type (did you mean "u1.medium"?); use one of the platform\'s (e.g. u1.medium) or declare it in platform.instanceTypes',
    );
  });

  it('suggests a declared type too, and nothing for a name close to none', () => {
    const declared = { platform: { instanceTypes: { 'big.box': { cpu: 64, memory: '256Gi' } } } };
    expect(only(spec({ ...declared, nodeGroups: { md0: { instanceType: 'big.bx' } } })).message).toContain('(did you mean "big.box"?)');
    expect(only(spec({ nodeGroups: { md0: { instanceType: 'zz9.enormous' } } })).message).not.toContain('did you mean');
  });

  it('prints the problem line with the suggestion', () => {
    expect(formatProblem(only(spec({ nodeGroups: { md0: { instanceType: 'u1.larg' } } })))).toContain('did you mean "u1.large"?');
  });
});

describe('near-miss values and fields', () => {
  it('suggests the preset meant', () => {
    const p = only(spec({ controlPlane: { apiServer: { resourcesPreset: 'meduim' as never } } }));
    expect(p.path).toBe('controlPlane.apiServer.resourcesPreset');
    expect(p.message).toMatch(/^must be one of: .*medium.* \(did you mean "medium"\?\)$/);
  });

  it('suggests the expose method meant, whatever its case', () => {
    const p = only(spec({ addons: { ingressNginx: { enabled: true, exposeMethod: 'loadbalancer' as never } } }));
    expect(p.message).toBe('must be one of: Proxied, LoadBalancer (did you mean "LoadBalancer"?)');
  });

  it('suggests the chart source kind meant', () => {
    const p = only(spec({ platform: { addonCharts: { defaults: { sourceKind: 'HelmRepo' } } } }));
    expect(p.path).toBe('platform.addonCharts.defaults.sourceKind');
    expect(p.message).toBe('must be one of: HelmRepository, GitRepository, Bucket');
    expect(only(spec({ platform: { addonCharts: { defaults: { sourceKind: 'GitRepositry' } } } })).message).toBe(
      'must be one of: HelmRepository, GitRepository, Bucket (did you mean "GitRepository"?)',
    );
  });

  it('suggests the field a misspelled key meant, without quoting what it holds', () => {
    const secret = 'hunter2-token-value';
    const p = only({ ...spec(), nodeGroups: { md0: { maxReplica: 3 } } });
    expect(p.path).toBe('nodeGroups.md0.maxReplica');
    expect(p.message).toMatch(/^unknown field \(did you mean "maxReplicas"\?\); expected one of: minReplicas, maxReplicas, /);
    const q = only(spec({ platform: { containerdRegistries: { secretName: 'm', registries: [{ registry: 'docker.io', kee: secret }] } } as never }));
    expect(q.path).toBe('platform.containerdRegistries.registries[0].kee');
    expect(formatProblem(q)).toBe(
      'platform.containerdRegistries.registries[0].kee: unknown field (did you mean "key"?); expected one of: registry, key (got a string of 19 characters)',
    );
  });

  it('suggests nothing when no known word is close', () => {
    expect(only(spec({ addons: { ingressNginx: { enabled: true, exposeMethod: 'NodePort' as never } } })).message).toBe(
      'must be one of: Proxied, LoadBalancer',
    );
  });
});
