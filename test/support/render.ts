import { clusterObjects, renderCluster } from '../../src/render/cluster';
import { resolveSpec } from '../../src/render/resolve';
import type { ResolvedCluster } from '../../src/spec/resolved';
import type { PlatformRelease } from '../../src/spec/platform-lines';
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

/** A description (or a draft of one) whose `platform` the helpers below add `release` to. */
type Describes = { readonly platform?: object } & object;

/** The description with its `platform.release` set. */
function onRelease(release: PlatformRelease, spec: Describes): Describes {
  return { ...spec, platform: { ...spec.platform, release } };
}

/** Resolves a description on platform release v1.5. */
export function resolveV15(spec: Describes): ResolvedCluster {
  return resolveSpec(onRelease('v1.5', spec));
}

/** Renders a description on platform release v1.5 and returns every object. */
export function objectsOfV15(spec: Describes): KubeObject[] {
  return objectsOn('v1.5', spec);
}

/** The problems a description is rejected with on platform release v1.5. */
export function problemsOfV15(spec: Describes): SpecProblem[] {
  return problemsOf(onRelease('v1.5', spec));
}

/** Renders a description on a platform release and returns every object. */
export function objectsOn(release: PlatformRelease, spec: Describes): KubeObject[] {
  return objectsOf(onRelease(release, spec));
}
