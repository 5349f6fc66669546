// Everything one tenant cluster needs in the management cluster, rendered from a resolved spec.
import { resolveSpec } from '../spec/validate';
import type { ResolvedCluster } from '../spec/resolved';
import { renderControlPlane } from './control-plane';
import { datastoreObjects, renderDatastore, type RenderedDatastore } from './datastore';
import { kubeconfigSecrets, type KubeconfigSecrets } from './kubeconfig';
import type { KubeObject } from './manifest';
import { objectKey } from './manifest';
import { nodePoolObjects, renderNodePool, type RenderedNodePool } from './node-pool';

/** The objects of one tenant cluster, grouped by concern. */
export interface RenderedCluster {
  readonly cluster: ResolvedCluster;
  /** Cluster, KamajiControlPlane, KubevirtCluster. */
  readonly controlPlane: readonly KubeObject[];
  /** The dedicated etcd, or `undefined` when the tenant gives a DataStore. */
  readonly datastore: RenderedDatastore | undefined;
  /** One entry per node group, sorted by name. */
  readonly nodePools: readonly RenderedNodePool[];
  /** The Secrets Kamaji and its CAPI provider will write (not rendered: referenced). */
  readonly kubeconfigs: KubeconfigSecrets;
}

export function renderResolvedCluster(cluster: ResolvedCluster): RenderedCluster {
  return {
    cluster,
    controlPlane: renderControlPlane(cluster),
    datastore: renderDatastore(cluster),
    nodePools: cluster.nodeGroups.map((g) => renderNodePool(cluster, g)),
    kubeconfigs: kubeconfigSecrets(cluster),
  };
}

/**
 * Validates a tenant cluster description and renders it.
 *
 * @throws SpecValidationError when the description is invalid (nothing is rendered)
 */
export function renderCluster(spec: unknown): RenderedCluster {
  return renderResolvedCluster(resolveSpec(spec));
}

/** Every object of a rendered cluster, in apply order: datastore, control plane, node pools. */
export function clusterObjects(rendered: RenderedCluster): KubeObject[] {
  const objects = [
    ...(rendered.datastore ? datastoreObjects(rendered.datastore) : []),
    ...rendered.controlPlane,
    ...rendered.nodePools.flatMap(nodePoolObjects),
  ];
  assertUnique(objects);
  return objects;
}

/** Two objects with the same kind, namespace and name would silently overwrite each other: fail instead. */
export function assertUnique(objects: readonly KubeObject[]): void {
  const seen = new Set<string>();
  for (const o of objects) {
    const key = objectKey(o);
    if (seen.has(key)) throw new Error(`two objects render as ${key}`);
    seen.add(key);
  }
}
