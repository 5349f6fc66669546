// Flux labels every object a HelmRelease installs with the release's name (helm.toolkit.fluxcd.io/name), a label value
// of at most 63 characters: a cluster name that makes an enabled built-in addon's HelmRelease longer is refused up
// front, with the length that fits, instead of failing inside the tenant cluster.
import { resolveSpec } from '../../src/render/resolve';
import { SpecValidationError } from '../../src/spec/errors';
import { spec } from '../support/fixtures';

const monitoring = { monitoringAgents: { enabled: true } };
const tenant = { namespace: 'tenant-foo', host: 'example.org', monitoringNamespace: 'tenant-root' };
const problems = (name: string, addons = {}) => {
  try {
    resolveSpec(spec({ name, addons, tenant }));
    return [];
  } catch (e) {
    return (e as SpecValidationError).problems.map((p) => `${p.path}: ${p.message}`);
  }
};

describe('built-in addon HelmRelease names', () => {
  it('refuse a cluster name that makes an enabled one longer than a label value, saying how long it may be', () => {
    // kubernetes-NAME-cozy-victoria-metrics-operator: 11 + NAME + 31 characters, the longest with the monitoring agents.
    expect(problems('a'.repeat(21), monitoring)).toEqual([]);
    expect(problems('a'.repeat(22), monitoring)).toEqual([
      `name: is too long for the addons it enables: the HelmRelease "kubernetes-${'a'.repeat(22)}-cozy-victoria-metrics-operator" is a label value (helm.toolkit.fluxcd.io/name) and must fit 63 characters; with these addons the cluster name can have at most 21`,
    ]);
  });

  it('only count the addons the cluster renders', () => {
    expect(problems('a'.repeat(24))).toEqual([]);
  });
});
