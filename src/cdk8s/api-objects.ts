import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { KubeObject } from '../render/manifest';

/**
 * Wraps a rendered object in a cdk8s ApiObject, unchanged.
 *
 * render/ gives every namespaced object its namespace and none to a cluster-scoped one (DataStore, ClusterRole,
 * ClusterRoleBinding): that is the one place scope is decided. cdk8s, though, gives an object without a namespace
 * its Chart's `namespace` (`props.metadata.namespace ?? chart.namespace`, with no way to opt out), which the API
 * server would refuse or ignore on a cluster-scoped kind and which would differ from every other front end. So the
 * namespace cdk8s filled in is taken back off an object that render/ left without one.
 */
export function toApiObject(scope: Construct, id: string, object: KubeObject): ApiObject {
  const { apiVersion, kind, metadata, ...rest } = object;
  const apiObject = new ApiObject(scope, id, { apiVersion, kind, metadata: { ...metadata }, ...rest });
  if (metadata.namespace === undefined && apiObject.metadata.namespace !== undefined) {
    // `namespace` is a plain (TypeScript-readonly) field that the metadata's toJson reads at synthesis.
    (apiObject.metadata as { namespace?: string }).namespace = undefined;
  }
  return apiObject;
}
