// The bad-input corpus through the cdk8s construct: every case throws a SpecValidationError naming the problem path
// before any object exists in the chart, and no rendering of the error carries the secret marker.
import { Testing } from 'cdk8s';
import { TenantKubernetesCluster } from '../../src/cdk8s';
import { SpecValidationError } from '../../src/spec/errors';
import { BASES, corpus, expectRefused, refusal } from './bad-input-corpus';

describe('the bad-input corpus through the cdk8s construct', () => {
  it.each(BASES.map((b) => [b.title, b.spec] as const))('synthesizes the base %s', (_title, spec) => {
    const chart = Testing.chart();
    new TenantKubernetesCluster(chart, 'c', spec);
    expect(Testing.synth(chart).length).toBeGreaterThan(0);
  });

  it.each(corpus().map((c) => [c.title, c] as const))('%s', (_title, c) => {
    const chart = Testing.chart();
    expectRefused(refusal(() => new TenantKubernetesCluster(chart, 'c', c.spec as never)), c.problemPath);
    expect(Testing.synth(chart)).toEqual([]);
  });
});
