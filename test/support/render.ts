import { clusterObjects, renderCluster } from '../../src/render/cluster';
import type { KubeObject } from '../../src/render/manifest';
import type { SpecProblem } from '../../src/spec/errors';
import { SpecValidationError } from '../../src/spec/errors';

/** Renders a spec and returns every object. */
export function objectsOf(spec: unknown): KubeObject[] {
  return clusterObjects(renderCluster(spec));
}

/** The one object of a kind (and name, when several). */
export function find(objects: readonly KubeObject[], kind: string, name?: string): any {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1)
    throw new Error(
      `expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}: ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`,
    );
  return found[0];
}

/** The problems a spec is rejected with. */
export function problemsOf(spec: unknown): SpecProblem[] {
  try {
    renderCluster(spec);
  } catch (e) {
    if (e instanceof SpecValidationError) return [...e.problems];
    throw e;
  }
  throw new Error('expected the spec to be rejected');
}
