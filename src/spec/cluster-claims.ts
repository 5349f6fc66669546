// One management cluster, one description per tenant cluster. Two front-end objects (cdk8s constructs, Pulumi
// components) describing the same tenant cluster would render the same objects and fight over them; distinct
// clusters never share an object (name-rules.ts), so the cluster's identity is all there is to check.
import { SpecValidationError } from './errors';
import type { ResolvedCluster } from './resolved';

/** Who describes each tenant cluster (`<namespace>/<base>`), per scope (a cdk8s App, a Pulumi provider). */
const claims = new WeakMap<object, Map<string, string>>();

/**
 * Records that `owner` describes `cluster` in `scope` (whatever stands for one management cluster: a cdk8s App, a
 * Pulumi provider). Scopes are held weakly.
 *
 * @throws SpecValidationError when another owner already describes the same tenant cluster in that scope
 */
export function claimCluster(scope: object, cluster: ResolvedCluster, owner: string): void {
  const id = `${cluster.names.namespace}/${cluster.names.base}`;
  let owners = claims.get(scope);
  if (owners === undefined) {
    owners = new Map();
    claims.set(scope, owners);
  }
  const first = owners.get(id);
  if (first !== undefined) {
    throw new SpecValidationError([
      {
        path: 'name',
        value: cluster.name,
        message: `tenant cluster ${id} is already described by ${first}; ${owner} would render the same objects (give it another name or namespace)`,
      },
    ]);
  }
  owners.set(id, owner);
}
