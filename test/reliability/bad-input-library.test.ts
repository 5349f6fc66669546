// The bad-input corpus through the library: resolveSpec and renderCluster refuse every case with a
// SpecValidationError naming the problem path, and no rendering of the error carries the secret marker.
import { renderCluster } from '../../src/render/cluster';
import { resolveSpec } from '../../src/render/resolve';
import { BASES, corpus, expectRefused, refusal } from './bad-input-corpus';

describe('the bad-input corpus through the library', () => {
  it.each(BASES.map((b) => [b.title, b.spec] as const))('accepts the base %s', (_title, spec) => {
    expect(() => renderCluster(spec)).not.toThrow();
  });

  describe.each(corpus().map((c) => [c.title, c] as const))('%s', (_title, c) => {
    it('is refused by resolveSpec', () =>
      expectRefused(
        refusal(() => resolveSpec(c.spec)),
        c.problemPath,
      ));
    it('is refused by renderCluster', () =>
      expectRefused(
        refusal(() => renderCluster(c.spec)),
        c.problemPath,
      ));
  });
});
