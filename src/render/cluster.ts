// Everything one tenant cluster needs in the management cluster, rendered from a resolved spec.
import type { ResolvedCustomAddon } from '../spec/addon-options';
import type { ResolvedCluster } from '../spec/resolved';
import { resolveSpec } from '../spec/validate';
import { addonObjects, renderAddons } from './addons';
import type { RenderedAddon } from './addons/helm-release';
import { autoscalerObjects, renderAutoscaler, type RenderedAutoscaler } from './autoscaler';
import { cloudControllerObjects, renderCloudController, type RenderedCloudController } from './cloud-controller';
import { renderControlPlane } from './control-plane';
import { csiObjects, renderCsi, type RenderedCsi } from './csi';
import { datastoreObjects, renderDatastore, type RenderedDatastore } from './datastore';
import { proxiedIngressObjects, renderProxiedIngress, type RenderedProxiedIngress } from './ingress';
import { kubeconfigSecrets, type KubeconfigSecrets } from './kubeconfig';
import type { KubeObject } from './manifest';
import { objectKey } from './manifest';
import { nodePoolObjects, renderNodePool, type RenderedNodePool } from './node-pool';
import { controlPlaneMonitor, dashboardRbac, etcdMonitor, nodeGroupMonitor } from './platform-integration';
import { renderTeardown } from './teardown';

/** The objects of one tenant cluster, grouped by concern. */
export interface RenderedCluster {
  readonly cluster: ResolvedCluster;
  /** Cluster, KamajiControlPlane, KubevirtCluster. */
  readonly controlPlane: readonly KubeObject[];
  /** The dedicated etcd, or `undefined` when the tenant gives a DataStore. */
  readonly datastore: RenderedDatastore | undefined;
  /** One entry per node group, sorted by name. */
  readonly nodePools: readonly RenderedNodePool[];
  readonly autoscaler: RenderedAutoscaler;
  readonly cloudController: RenderedCloudController;
  readonly csi: RenderedCsi;
  /** The Proxied ingress-nginx Service and Ingress, when that addon is on and Proxied. */
  readonly proxiedIngress: RenderedProxiedIngress | undefined;
  /** Addon HelmReleases (and their companions) in output order. */
  readonly addons: readonly RenderedAddon[];
  /** WorkloadMonitors and dashboard RBAC (`platformIntegration`), else empty. */
  readonly platformIntegration: readonly KubeObject[];
  /** The cleanup Job as a Helm pre-delete hook (`teardown.helmHook`), else empty. */
  readonly teardownHook: readonly KubeObject[];
  /** The Secrets Kamaji and its CAPI provider will write (not rendered: referenced). */
  readonly kubeconfigs: KubeconfigSecrets;
}

export function renderResolvedCluster(cluster: ResolvedCluster, customAddons: readonly ResolvedCustomAddon[] = []): RenderedCluster {
  const datastore = renderDatastore(cluster);
  const nodePools = cluster.nodeGroups.map((g) => renderNodePool(cluster, g));
  const monitors = cluster.platformIntegration
    ? [controlPlaneMonitor(cluster), ...cluster.nodeGroups.map((g) => nodeGroupMonitor(cluster, g)), ...(datastore ? [etcdMonitor(cluster)!] : []), ...dashboardRbac(cluster, cluster.nodeGroups)]
    : [];
  return {
    cluster,
    controlPlane: renderControlPlane(cluster),
    datastore,
    nodePools,
    autoscaler: renderAutoscaler(cluster),
    cloudController: renderCloudController(cluster),
    csi: renderCsi(cluster),
    proxiedIngress: renderProxiedIngress(cluster),
    addons: renderAddons(cluster, customAddons),
    platformIntegration: monitors,
    teardownHook: cluster.teardown.helmHook ? renderTeardown(cluster, { helmHook: true }) : [],
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

/**
 * Every object of a rendered cluster, in apply order: datastore, control plane, node pools, the platform
 * components (autoscaler, cloud controller, CSI), the Proxied ingress, the addons, the platform integration, and
 * the teardown hook.
 */
export function clusterObjects(rendered: RenderedCluster): KubeObject[] {
  const objects = [
    ...(rendered.datastore ? datastoreObjects(rendered.datastore) : []),
    ...rendered.controlPlane,
    ...rendered.nodePools.flatMap(nodePoolObjects),
    ...autoscalerObjects(rendered.autoscaler),
    ...cloudControllerObjects(rendered.cloudController),
    ...csiObjects(rendered.csi),
    ...proxiedIngressObjects(rendered.proxiedIngress),
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
