// The bad-input corpus through the cdk8s construct: every case throws a SpecValidationError naming the problem path
// before any object exists in the chart, and no rendering of the error carries the secret marker.
import { Testing } from 'cdk8s';
import { TenantKubernetesCluster } from '../../src/cdk8s';
import { SpecValidationError } from '../../src/spec/errors';
import { BASES, SECRET, corpus, isAtOrUnder, renderings } from './bad-input-corpus';

describe('the bad-input corpus through the cdk8s construct', () => {
  it.each(BASES.map((b) => [b.title, b.spec] as const))('synthesizes the base %s', (_title, spec) => {
    const chart = Testing.chart();
    new TenantKubernetesCluster(chart, 'c', spec);
    expect(Testing.synth(chart).length).toBeGreaterThan(0);
  });

  it.each(corpus().map((c) => [c.title, c] as const))('%s', (_title, c) => {
    const chart = Testing.chart();
    let error: unknown;
    try {
      new TenantKubernetesCluster(chart, 'c', c.spec as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecValidationError);
    const paths = (error as SpecValidationError).problems.map((p) => p.path);
    expect(paths.some((p) => isAtOrUnder(p, c.problemPath)) ? c.problemPath : paths).toBe(c.problemPath);
    for (const text of renderings(error)) expect(text).not.toContain(SECRET);
    expect(Testing.synth(chart)).toEqual([]);
  });
});
