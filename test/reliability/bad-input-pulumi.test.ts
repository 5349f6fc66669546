// The bad-input corpus through the Pulumi component (under mocks): every case reports a SpecValidationError naming the
// problem path (without ending the program) and registers nothing but the component shell and its provider, and no
// rendering of the error carries the secret marker.
import { TenantKubernetesCluster } from '../../src/pulumi';
import { componentRefusal, installMocks, registered } from '../support/pulumi-mocks';
import { BASES, corpus, expectRefused } from './bad-input-corpus';

installMocks();

/** Lets queued registrations reach the mocks. */
const settled = () => new Promise((r) => setTimeout(r, 100));
const CASES = corpus();

describe('the bad-input corpus through the Pulumi component', () => {
  it.each(BASES.map((b, i) => [b.title, b.spec, i] as const))('registers the base %s', async (_title, spec, i) => {
    // One program may describe a cluster once: each base gets a name of its own.
    new TenantKubernetesCluster(`base-${i}`, { ...spec, name: `base${i}` });
    await settled();
    expect(registered.some((r) => r.name.startsWith(`base-${i}-`) && r.type.startsWith('kubernetes:'))).toBe(true);
  });

  it.each(CASES.map((c, i) => [c.title, c, i] as const))('%s', (_title, c, i) => {
    expectRefused(
      componentRefusal(() => new TenantKubernetesCluster(`bad-${i}`, c.spec as never)),
      c.problemPath,
    );
  });

  it('registered no child of a refused component', async () => {
    await settled();
    const refused = registered.filter((r) => /^bad-\d+/.test(r.name));
    expect(refused.length).toBeGreaterThanOrEqual(CASES.length);
    // The component and its provider, whose kubeconfig is unknown: no object of the cluster, nothing in any cluster.
    const shell = (r: { type: string; name: string }) =>
      r.type.endsWith(':TenantKubernetesCluster') || (r.type === 'pulumi:providers:kubernetes' && r.name.endsWith('-tenant'));
    expect(refused.filter((r) => !shell(r)).map((r) => `${r.type} ${r.name}`)).toEqual([]);
  });
});
