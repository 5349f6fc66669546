import type { TenantKubernetesClusterSpec } from '../../src/spec/types';

/** The minimal valid description: defaults everywhere. */
export const BASE_SPEC: TenantKubernetesClusterSpec = {
  name: 'foo',
  tenant: { namespace: 'tenant-foo', ingressClassName: 'tenant-root', host: 'example.org' },
};

/**
 * {@link BASE_SPEC} with overrides, on platform release v0.37 unless the overrides' `platform.release` says otherwise:
 * the unit tests of each object group pin v0.37's output, and v1.5's have their own files (test/unit/v1-5-*.test.ts).
 */
export function spec(overrides: Partial<TenantKubernetesClusterSpec> = {}): TenantKubernetesClusterSpec {
  return {
    ...BASE_SPEC,
    ...overrides,
    tenant: { ...BASE_SPEC.tenant, ...overrides.tenant },
    platform: { release: 'v0.37', ...overrides.platform },
  };
}
