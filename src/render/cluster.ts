// Everything one tenant cluster needs in the management cluster, rendered from a resolved spec: the one composition
// every front end maps (CLI `synth` and `fleet` print `clusterObjects`; the cdk8s constructs and the Pulumi
// components are made group by group from a `RenderedCluster`).
//
// The canonical order is the order of the groups, which is the order of the cdk8s construct tree (cdk8s emits
// objects in tree order, so the tree and the order must be one decision): datastore, control plane, node pools
// (each followed by its own extras), platform components (autoscaler, cloud controller, CSI), addons (each: its
// companions, then its HelmRelease), platform integration, teardown hook. A group is contiguous, so that what a
// construct or component holds is one run of the output, and a pool or addon added later (`addNodePool`,
// `addAddon`) extends its group instead of landing after the teardown hook. It is also an apply order: the
// DataStore before the control plane that names it, the control plane before what its Cluster owns, a values Secret
// or Service before the HelmRelease that uses it.
import type { ResolvedCustomAddon } from '../spec/addon-options';
import type { ResolvedCluster, ResolvedNodeGroup } from '../spec/resolved';
import { resolveSpec } from './resolve';
import { addonObjects, renderAddons } from './addons';
import type { RenderedAddon } from './addons/helm-release';
import { autoscalerObjects, renderAutoscaler, type RenderedAutoscaler } from './autoscaler';
import { cloudControllerObjects, renderCloudController, type RenderedCloudController } from './cloud-controller';
import { renderControlPlane } from './control-plane';
import { csiObjects, renderCsi, type RenderedCsi } from './csi';
import { datastoreObjects, renderDatastore, type RenderedDatastore } from './datastore';
import { renderProxiedIngress, type RenderedProxiedIngress } from './ingress';
import { kubeconfigSecrets, type KubeconfigSecrets } from './kubeconfig';
import type { KubeObject } from './manifest';
import { objectKey } from './manifest';
import { nodePoolObjects, renderNodePool, type RenderedNodePool } from './node-pool';
import { nodeGroupMonitor, platformIntegrationObjects, renderPlatformIntegration } from './platform-integration';
import { renderTeardown } from './teardown';

/** A node pool with the objects that belong to it outside Cluster API. */
export interface RenderedClusterNodePool extends RenderedNodePool {
  /** The pool's worker WorkloadMonitor with `platformIntegration`, else empty. */
  readonly extras: readonly KubeObject[];
}

/** The objects of one tenant cluster, grouped as the construct and component trees are (see the order above). */
export interface RenderedCluster {
  readonly cluster: ResolvedCluster;
  /** The dedicated etcd, or `undefined` when the tenant gives a DataStore. */
  readonly datastore: RenderedDatastore | undefined;
  /** Cluster, KamajiControlPlane, KubevirtCluster. */
  readonly controlPlane: readonly KubeObject[];
  /** One entry per node group, sorted by name, each with its extras. */
  readonly nodePools: readonly RenderedClusterNodePool[];
  readonly autoscaler: RenderedAutoscaler;
  readonly cloudController: RenderedCloudController;
  readonly csi: RenderedCsi;
  /** Addon HelmReleases and their companions in output order (the built-in ones, then the caller's). */
  readonly addons: readonly RenderedAddon[];
  /**
   * The Proxied ingress-nginx Service and Ingress, when that addon is on and Proxied: the same objects are among the
   * ingress-nginx addon's companions, where they are emitted (this is a typed view, not a further group).
   */
  readonly proxiedIngress: RenderedProxiedIngress | undefined;
  /** The control-plane and etcd WorkloadMonitors and the dashboard RBAC (`platformIntegration`), else empty. */
  readonly platformIntegration: readonly KubeObject[];
  /** The cleanup Job as a Helm pre-delete hook (`teardown.helmHook`), else empty. */
  readonly teardownHook: readonly KubeObject[];
  /** The Secrets Kamaji and its CAPI provider will write (not rendered: referenced). */
  readonly kubeconfigs: KubeconfigSecrets;
}

/** One node pool of the cluster and its extras (also for pools added after the cluster, as cdk8s `addNodePool`). */
export function renderClusterNodePool(cluster: ResolvedCluster, group: ResolvedNodeGroup): RenderedClusterNodePool {
  return { ...renderNodePool(cluster, group), extras: cluster.platformIntegration ? [nodeGroupMonitor(cluster, group)] : [] };
}

/** A node pool's objects in output order. */
export function clusterNodePoolObjects(pool: RenderedClusterNodePool): KubeObject[] {
  return [...nodePoolObjects(pool), ...pool.extras];
}

/** The teardown group: the cleanup Job as a Helm pre-delete hook with `teardown.helmHook`, else empty. */
export function renderTeardownHook(cluster: ResolvedCluster): KubeObject[] {
  return cluster.teardown.helmHook ? renderTeardown(cluster, { helmHook: true }) : [];
}

export function renderResolvedCluster(cluster: ResolvedCluster, customAddons: readonly ResolvedCustomAddon[] = []): RenderedCluster {
  return {
    cluster,
    datastore: renderDatastore(cluster),
    controlPlane: renderControlPlane(cluster),
    nodePools: cluster.nodeGroups.map((g) => renderClusterNodePool(cluster, g)),
    autoscaler: renderAutoscaler(cluster),
    cloudController: renderCloudController(cluster),
    csi: renderCsi(cluster),
    addons: renderAddons(cluster, customAddons),
    proxiedIngress: renderProxiedIngress(cluster),
    platformIntegration: platformIntegrationObjects(renderPlatformIntegration(cluster, cluster.nodeGroups)),
    teardownHook: renderTeardownHook(cluster),
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

/** The platform components' objects in output order: autoscaler, cloud controller, CSI controller. */
export function platformComponentObjects(rendered: Pick<RenderedCluster, 'autoscaler' | 'cloudController' | 'csi'>): KubeObject[] {
  return [...autoscalerObjects(rendered.autoscaler), ...cloudControllerObjects(rendered.cloudController), ...csiObjects(rendered.csi)];
}

/**
 * Every object of a rendered cluster, in the canonical apply order (the order of the groups, above): datastore,
 * control plane, node pools (each with its WorkloadMonitor), platform components, addons (each with its companions,
 * the Proxied ingress with ingress-nginx), platform integration, teardown hook. CLI `synth`, `fleet` and
 * `cdk8s synth` emit exactly this.
 */
export function clusterObjects(rendered: RenderedCluster): KubeObject[] {
  const objects = [
    ...(rendered.datastore ? datastoreObjects(rendered.datastore) : []),
    ...rendered.controlPlane,
    ...rendered.nodePools.flatMap(clusterNodePoolObjects),
    ...platformComponentObjects(rendered),
    ...addonObjects(rendered.addons),
    ...rendered.platformIntegration,
    ...rendered.teardownHook,
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
