// The bad-input corpus through the library: resolveSpec and renderCluster refuse every case with a
// SpecValidationError naming the problem path, and no rendering of the error carries the secret marker.
import { renderCluster } from '../../src/render/cluster';
import { SpecValidationError, formatProblem } from '../../src/spec/errors';
import { resolveSpec } from '../../src/spec/validate';
import { BASES, SECRET, corpus, isAtOrUnder, renderings } from './bad-input-corpus';

function refusal(f: () => unknown): SpecValidationError {
  try {
    f();
  } catch (e) {
    if (e instanceof SpecValidationError) return e;
    throw new Error(`expected a SpecValidationError, got ${String(e)}`);
  }
  throw new Error('expected the spec to be refused');
}

function expectRefused(e: SpecValidationError, problemPath: string): void {
  const paths = e.problems.map((p) => p.path);
  expect(paths.some((p) => isAtOrUnder(p, problemPath)) ? problemPath : paths).toBe(problemPath);
  for (const text of [...renderings(e), ...e.problems.map(formatProblem)]) expect(text).not.toContain(SECRET);
}

describe('the bad-input corpus through the library', () => {
  it.each(BASES.map((b) => [b.title, b.spec] as const))('accepts the base %s', (_title, spec) => {
    expect(() => renderCluster(spec)).not.toThrow();
  });

  describe.each(corpus().map((c) => [c.title, c] as const))('%s', (_title, c) => {
    it('is refused by resolveSpec', () => expectRefused(refusal(() => resolveSpec(c.spec)), c.problemPath));
    it('is refused by renderCluster', () => expectRefused(refusal(() => renderCluster(c.spec)), c.problemPath));
  });
});
