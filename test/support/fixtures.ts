import type { TenantKubernetesClusterSpec } from '../../src/spec/types';

/** The minimal valid description: defaults everywhere. */
export const BASE_SPEC: TenantKubernetesClusterSpec = {
  name: 'foo',
  tenant: { namespace: 'tenant-foo', ingressClassName: 'tenant-root', host: 'example.org' },
};

export function spec(overrides: Partial<TenantKubernetesClusterSpec> = {}): TenantKubernetesClusterSpec {
  return { ...BASE_SPEC, ...overrides, tenant: { ...BASE_SPEC.tenant, ...overrides.tenant } };
}
