// The bad-input corpus through the cdk8s construct: every case renders no object, fails synthesis with lines naming the
// construct and the problem path, throws a SpecValidationError naming that path when the cluster's children are read,
// and no rendering of either carries the secret marker.
import { Testing } from 'cdk8s';
import { TenantKubernetesCluster } from '../../src/cdk8s';
import { apiObjectsUnder, synthProblems } from '../support/cdk8s-validation';
import { BASES, corpus, expectRefused, isAtOrUnder, refusal, SECRET } from './bad-input-corpus';

describe('the bad-input corpus through the cdk8s construct', () => {
  it.each(BASES.map((b) => [b.title, b.spec] as const))('synthesizes the base %s', (_title, spec) => {
    const chart = Testing.chart();
    new TenantKubernetesCluster(chart, 'c', spec);
    expect(Testing.synth(chart).length).toBeGreaterThan(0);
  });

  it.each(corpus().map((c) => [c.title, c] as const))('%s', (_title, c) => {
    const chart = Testing.chart();
    const cluster = new TenantKubernetesCluster(chart, 'c', c.spec as never);
    expect(cluster.isValid).toBe(false);
    expect(apiObjectsUnder(chart)).toEqual([]);
    expectRefused(
      refusal(() => cluster.controlPlane),
      c.problemPath,
    );
    const lines = synthProblems(chart);
    const paths = lines.map((l) => /^\[([^\]]+)\] ([^:]+):/.exec(l));
    expect(paths.every((m) => m?.[1] === cluster.node.path)).toBe(true);
    expect(paths.some((m) => m !== null && isAtOrUnder(m[2], c.problemPath)) ? c.problemPath : lines).toBe(c.problemPath);
    for (const line of lines) expect(line).not.toContain(SECRET);
  });
});
