// Which cluster a SpecValidationError is about: its message says, whichever front end threw it.
import { Testing } from 'cdk8s';
import { TenantKubernetesCluster } from '../../src/cdk8s';
import { resolveSpec } from '../../src/render/resolve';
import { SpecValidationError } from '../../src/spec/errors';
import { spec } from '../support/fixtures';

const thrown = (f: () => unknown): SpecValidationError => {
  try {
    f();
  } catch (e) {
    return e as SpecValidationError;
  }
  throw new Error('accepted');
};

describe('the subject of a SpecValidationError', () => {
  it('is the cluster a description names, in the library', () => {
    const e = thrown(() => resolveSpec({ ...spec({ name: 'prod' }), etcd: { replicas: 0 } }));
    expect(e.subject).toBe('tenant-foo/prod');
    expect(e.message).toMatch(/^invalid tenant cluster tenant-foo\/prod \(1 problem\):\n {2}etcd\.replicas: /);
  });

  it('is left out when the name is not a plain name (nothing else is quoted)', () => {
    expect(thrown(() => resolveSpec({ ...spec(), name: 'S3CR3T with spaces' })).subject).toBeUndefined();
    expect(thrown(() => resolveSpec(42)).message).toMatch(/^invalid tenant cluster spec \(1 problem\)/);
  });

  it('is the construct path in cdk8s', () => {
    const c = new TenantKubernetesCluster(Testing.chart(), 'prod', { ...spec({ name: 'prod' }), etcd: { replicas: 0 } });
    expect(thrown(() => c.controlPlane).subject).toBe('construct test/prod');
  });
});

describe('an empty host', () => {
  it('is "not given", so the tenant host is required (it rendered hostname undefined:443)', () => {
    for (const s of [
      { ...spec(), host: '' },
      { ...spec(), host: '', tenant: { namespace: 'tenant-foo', host: '' } },
    ]) {
      const e = thrown(() => resolveSpec({ ...s, tenant: { namespace: 'tenant-foo' } }));
      expect(e.problems.map((p) => p.path)).toEqual(['tenant.host']);
    }
    expect(resolveSpec({ ...spec(), host: '' }).host).toBe('kubernetes-foo.example.org');
  });
});
