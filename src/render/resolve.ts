// The complete validation of a description: spec's rules, then the one check that needs rendered output. What the
// front ends call: once it succeeds, rendering succeeds.
import { SpecValidationError } from '../spec/errors';
import type { ResolvedCluster, ResolvedNodeGroup } from '../spec/resolved';
import { DNS1123_LABEL, MAX_LABEL_LENGTH } from '../spec/names';
import { resolveNodeGroup } from '../spec/resolve-node-groups';
import { resolveSpecFields, type ResolveOptions } from '../spec/validate';
import { retainedTemplateProblems } from './node-pool';

/**
 * Checks a tenant cluster description and applies every default.
 *
 * @param input a `TenantKubernetesClusterSpec` (or the same shape read from YAML)
 * @param options what a front end adds to the description (internal)
 * @returns the resolved cluster, which renders without error
 * @throws SpecValidationError listing every problem, each with its path and the value received
 */
export function resolveSpec(input: unknown, options?: ResolveOptions): ResolvedCluster {
  let cluster: ResolvedCluster;
  try {
    cluster = resolveSpecFields(input, options);
  } catch (e) {
    if (e instanceof SpecValidationError) throw new SpecValidationError(e.problems, subjectOf(input));
    throw e;
  }
  const problems = cluster.nodeGroups.flatMap((g) => retainedTemplateProblems(cluster, g));
  if (problems.length > 0) throw new SpecValidationError(problems, subjectOf(input));
  return cluster;
}

/** `NAMESPACE/NAME` for the message, when the input gives them as DNS-1123 labels (never anything else). */
function subjectOf(input: unknown): string | undefined {
  const plain = (v: unknown) => (typeof v === 'string' && v.length <= MAX_LABEL_LENGTH && DNS1123_LABEL.test(v) ? v : undefined);
  const spec = input as { name?: unknown; tenant?: { namespace?: unknown } } | null;
  const name = plain(spec?.name);
  const namespace = plain(typeof spec?.tenant === 'object' ? spec.tenant?.namespace : undefined);
  return name === undefined ? undefined : `${namespace === undefined ? '' : `${namespace}/`}${name}`;
}

/**
 * Checks one more node group for a resolved cluster (cdk8s `addNodePool`).
 *
 * @throws SpecValidationError listing every problem, with paths under `nodeGroups.<name>`
 */
export function resolveNodePool(cluster: ResolvedCluster, name: string, input: unknown): ResolvedNodeGroup {
  const group = resolveNodeGroup(cluster, name, input);
  const problems = retainedTemplateProblems(cluster, group);
  if (problems.length > 0) throw new SpecValidationError(problems);
  return group;
}
