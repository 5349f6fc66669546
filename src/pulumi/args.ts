// The component's arguments as one description: the spec and the Pulumi-only settings, checked together, with the
// same paths, ranges and messages as every other front end, and refused as a Pulumi error tied to the component.
import * as pulumi from '@pulumi/pulumi';
import { resolveSpec } from '../render/resolve';
import { resolveCustomAddons, type ResolvedCustomAddon } from '../spec/addon-options';
import * as check from '../spec/checks';
import { ProblemCollector, SpecValidationError, type SpecProblem } from '../spec/errors';
import type { ResolvedCluster } from '../spec/resolved';
import type { TenantKubernetesClusterArgs } from './tenant-kubernetes-cluster';

/** The top-level arguments only the Pulumi component takes. */
export const PULUMI_ONLY_KEYS = ['readinessTimeoutSeconds', 'protectDatastore', 'extraAddons'] as const satisfies ReadonlyArray<
  keyof TenantKubernetesClusterArgs
>;

/** How long `pulumi up` may wait for a control plane: a second to a day. */
export const READINESS_TIMEOUT = { min: 1, max: 86_400 } as const;

/** The arguments, checked, defaults applied. */
export interface ResolvedArgs {
  readonly cluster: ResolvedCluster;
  readonly customAddons: readonly ResolvedCustomAddon[];
  readonly readinessTimeoutSeconds: number;
  readonly protectDatastore: boolean;
}

/**
 * `teardown.helmHook` asks for the cleanup Job as a Helm `pre-delete` hook. Pulumi runs no Helm hooks, and has no
 * equivalent that would run the Job, wait for it and only then delete the cluster's objects: a Job registered with
 * the component would run at once, on `pulumi up`, and take the cluster down. So the component rejects it, saying
 * what to do instead.
 */
const HELM_HOOK_PROBLEM =
  'is a Helm pre-delete hook, which Pulumi never runs (a Job created by `pulumi up` would run at once): leave it unset, ' +
  'and before `pulumi destroy` run the cleanup Job (`tenant-kubernetes teardown --name NAME --namespace NS`, or apply `renderTeardown(spec)`) ' +
  'and wait for it to complete';

const OUTPUT_PROBLEM =
  'is a pulumi.Output (or a Promise): the description must be plain data, because the objects, their names and their ' +
  'order are computed from it before any output resolves; pass a plain value (stack configuration, a constant), or create the component ' +
  'inside the apply() of that output';

/** Every place in the arguments that holds an Output or a Promise (depth-first, plain objects and arrays only). */
function unresolvedValues(value: unknown, path: string, out: SpecProblem[], seen = new Set<unknown>()): SpecProblem[] {
  if (typeof value !== 'object' || value === null || seen.has(value)) return out;
  seen.add(value);
  if (pulumi.Output.isInstance(value) || typeof (value as { then?: unknown }).then === 'function') {
    out.push({ path: path || '(arguments)', value, message: OUTPUT_PROBLEM, sensitive: true });
    return out;
  }
  if (Array.isArray(value)) value.forEach((v, i) => unresolvedValues(v, check.child(path, i), out, seen));
  else if (check.isPlainObject(value)) for (const [k, v] of Object.entries(value)) unresolvedValues(v, check.child(path, k), out, seen);
  return out;
}

/**
 * Checks the component's arguments: outputs first (nothing else can be checked on them), then the spec with the
 * Pulumi-only fields and `extraAddons` (paths `extraAddons.<id>`), every problem at once.
 *
 * @throws SpecValidationError listing every problem
 */
export function resolveArgs(args: TenantKubernetesClusterArgs): ResolvedArgs {
  const unresolved = unresolvedValues(args, '', []);
  if (unresolved.length > 0) throw new SpecValidationError(unresolved);
  const c = new ProblemCollector();
  const raw = args as unknown as Record<string, unknown>;
  const readinessTimeoutSeconds = check.integer(c, 'readinessTimeoutSeconds', raw.readinessTimeoutSeconds, READINESS_TIMEOUT) ?? 1200;
  const protectDatastore = check.boolean(c, 'protectDatastore', raw.protectDatastore) ?? false;
  const extraAddons = check.map(c, 'extraAddons', raw.extraAddons) ?? {};
  const teardown = raw.teardown;
  if (check.isPlainObject(teardown) && teardown.helmHook === true) c.add('teardown.helmHook', true, HELM_HOOK_PROBLEM);
  let cluster: ResolvedCluster | undefined;
  let problems: readonly SpecProblem[] = [];
  try {
    cluster = resolveSpec(args, { frontEndKeys: PULUMI_ONLY_KEYS });
  } catch (e) {
    if (!(e instanceof SpecValidationError)) throw e;
    problems = e.problems;
  }
  let customAddons: readonly ResolvedCustomAddon[] = [];
  if (cluster !== undefined) {
    try {
      customAddons = resolveCustomAddons(cluster, Object.entries(extraAddons), 'extraAddons');
    } catch (e) {
      if (!(e instanceof SpecValidationError)) throw e;
      problems = [...problems, ...e.problems];
    }
  }
  const all = [...problems, ...c.problems];
  if (all.length > 0 || cluster === undefined) throw new SpecValidationError(all);
  return { cluster, customAddons, readinessTimeoutSeconds, protectDatastore };
}

/**
 * A SpecValidationError that Pulumi's runtime reports as a `ResourceError` of the component (it recognises one by its
 * marker field): the problem lines under the component's name, without a stack trace. Still a SpecValidationError
 * for programs that catch it.
 */
export class ComponentSpecError extends SpecValidationError {
  /** Pulumi's `ResourceError` fields. */
  public readonly resource: pulumi.Resource;
  public readonly hideStack = true;
  // Pulumi's ResourceError.isInstance looks for this field (it works across copies of the SDK).
  public readonly __pulumResourceError = true;

  public constructor(problems: readonly SpecProblem[], resource: pulumi.Resource, name: string) {
    super(problems, `component ${name}`);
    this.resource = resource;
  }
}
