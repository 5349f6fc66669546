import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { checkAddonGraph, customRelease } from '../render/addons';
import { builtInReleases, renderAddon, type AddonRelease } from '../render/addons/helm-release';
import { proxiedIngressObjects, renderProxiedIngress } from '../render/ingress';
import { kubeconfigSecrets, type AdminKubeconfigSecret, type SecretKeyRef } from '../render/kubeconfig';
import { controlPlaneMonitor, dashboardRbac, etcdMonitor } from '../render/platform-integration';
import { renderTeardown } from '../render/teardown';
import { resolveAddonOptions } from '../spec/addon-options';
import { claimCluster } from '../spec/cluster-claims';
import { SpecValidationError } from '../spec/errors';
import type { ResolvedCluster } from '../spec/resolved';
import type { TenantKubernetesClusterSpec } from '../spec/types';
import { resolveSpec } from '../spec/validate';
import { Addon, type AddAddonOptions } from './addon';
import { toApiObject } from './api-objects';
import { ControlPlane } from './control-plane';
import { EtcdDatastore } from './etcd-datastore';
import { NodePool, type NodePoolOptions } from './node-pool';
import { ClusterAutoscaler, CloudControllerManager, CsiController } from './platform-components';

/** Props of {@link TenantKubernetesCluster}: the whole description of a tenant cluster. */
export interface TenantKubernetesClusterProps extends TenantKubernetesClusterSpec {}

/**
 * A tenant Kubernetes cluster on a Cozystack-style management cluster: a Kamaji control plane, a dedicated etcd
 * (unless the tenant names a DataStore), Cluster API + KubeVirt worker pools, the autoscaler, cloud controller and
 * CSI controller, and the addons installed into the tenant by Flux.
 *
 * The props are validated in the constructor; an invalid description throws {@link SpecValidationError} listing
 * every problem, before any object exists.
 */
export class TenantKubernetesCluster extends Construct {
  /** The validated description with every default applied. */
  public readonly spec: ResolvedCluster;
  /** Cluster, KamajiControlPlane, KubevirtCluster. */
  public readonly controlPlane: ControlPlane;
  /** The dedicated etcd, or `undefined` when `tenant.dataStoreName` is given. */
  public readonly datastore: EtcdDatastore | undefined;
  public readonly autoscaler: ClusterAutoscaler;
  public readonly cloudController: CloudControllerManager;
  public readonly csiController: CsiController;
  /** The Secret Kamaji writes once the control plane is up, with its four kubeconfig keys. */
  public readonly adminKubeconfig: AdminKubeconfigSecret;
  /** The CAPI kubeconfig Secret `kubernetes-<name>-kubeconfig`, key `value` (in-cluster endpoint, system:masters). */
  public readonly capiKubeconfig: SecretKeyRef;
  private readonly pools = new Map<string, NodePool>();
  private readonly addonsById = new Map<string, Addon>();

  public constructor(scope: Construct, id: string, props: TenantKubernetesClusterProps) {
    super(scope, id);
    const spec = resolveSpec(props);
    // One App is one management cluster: a second construct for the same tenant cluster would duplicate its objects.
    claimCluster(this.node.root, spec, `construct ${this.node.path}`);
    this.spec = spec;
    this.datastore = spec.dedicatedEtcd !== undefined ? new EtcdDatastore(this, 'Datastore', { spec }) : undefined;
    this.controlPlane = new ControlPlane(this, 'ControlPlane', { spec });
    const secrets = kubeconfigSecrets(spec);
    this.adminKubeconfig = secrets.admin;
    this.capiKubeconfig = secrets.capi;
    for (const group of spec.nodeGroups) NodePool.fromResolved(this, this, group);
    this.autoscaler = new ClusterAutoscaler(this, 'Autoscaler', { spec });
    this.cloudController = new CloudControllerManager(this, 'CloudController', { spec });
    this.csiController = new CsiController(this, 'CsiController', { spec });
    const addons = new Construct(this, 'Addons');
    for (const release of builtInReleases(spec)) {
      // The Proxied ingress belongs with the ingress-nginx addon it routes to.
      const extra = release.id === 'ingressNginx' ? proxiedIngressObjects(renderProxiedIngress(spec)) : [];
      this.addonsById.set(release.id, new Addon(addons, release.id, renderAddon(spec, release), extra));
    }
    if (spec.platformIntegration) this.renderPlatformIntegration();
    if (spec.teardown.helmHook) {
      const teardown = new Construct(this, 'TeardownHook');
      for (const o of renderTeardown(spec, { helmHook: true })) toApiObject(teardown, o.kind, o);
    }
  }

  /** Objects are named from this: `kubernetes-<name>`. */
  public get baseName(): string {
    return this.spec.names.base;
  }

  /** The tenant namespace. */
  public get namespace(): string {
    return this.spec.namespace;
  }

  /** Every node pool, in the order they were added (`nodeGroups` sorted by name first). */
  public get nodePools(): readonly NodePool[] {
    return [...this.pools.values()];
  }

  /** Every addon: the built-in ones the spec enables, then those added with {@link addAddon}. */
  public get addons(): readonly Addon[] {
    return [...this.addonsById.values()];
  }

  /** The addon with this id (`cilium`, `certManager`, … or an id given to `addAddon`), if rendered. */
  public addon(id: string): Addon | undefined {
    return this.addonsById.get(id);
  }

  /**
   * Adds a node pool named `id`.
   *
   * @throws SpecValidationError when the options are invalid or the name is taken
   */
  public addNodePool(id: string, options: NodePoolOptions = {}): NodePool {
    if (this.pools.has(id)) {
      throw new SpecValidationError([{ path: `nodeGroups.${id}`, value: id, message: 'a node group with this name already exists' }]);
    }
    return new NodePool(this, id, { ...options, cluster: this });
  }

  /**
   * Installs any further Helm chart into the tenant cluster as a Flux HelmRelease `kubernetes-<name>-<id>`, through
   * the same kubeconfig Secret as the built-in addons. It waits for Cilium unless `dependsOn` says otherwise.
   *
   * @throws SpecValidationError when the options are invalid, the id is taken, or a dependency is not rendered
   */
  public addAddon(id: string, options: AddAddonOptions): Addon {
    const resolved = resolveAddonOptions(this.spec, id, options);
    const release = customRelease(this.spec, resolved);
    const all: AddonRelease[] = [...this.addons.map((a) => a.release), release];
    checkAddonGraph(all);
    const addon = new Addon(this.node.findChild('Addons'), id, renderAddon(this.spec, release));
    this.addonsById.set(id, addon);
    return addon;
  }

  /** Called by NodePool's constructor. @internal */
  public registerNodePool(pool: NodePool): void {
    if (this.pools.has(pool.groupName)) {
      throw new SpecValidationError([{ path: `nodeGroups.${pool.groupName}`, value: pool.groupName, message: 'a node group with this name already exists' }]);
    }
    this.pools.set(pool.groupName, pool);
  }

  private renderPlatformIntegration(): void {
    const scope = new Construct(this, 'PlatformIntegration');
    toApiObject(scope, 'ControlPlaneMonitor', controlPlaneMonitor(this.spec));
    const etcd = etcdMonitor(this.spec);
    if (etcd !== undefined) toApiObject(scope, 'EtcdMonitor', etcd);
    // The dashboard Role lists every node group's monitor, including pools added later: resolved at synth time.
    const [role, binding] = dashboardRbac(this.spec, this.spec.nodeGroups);
    toApiObject(scope, 'DashboardRole', {
      ...role,
      rules: Lazy.any({ produce: () => dashboardRbac(this.spec, this.nodePools.map((p) => p.group))[0].rules }),
    });
    toApiObject(scope, 'DashboardRoleBinding', binding);
  }
}
