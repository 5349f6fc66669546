import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { customRelease } from '../render/addons';
import { renderAddon } from '../render/addons/helm-release';
import { renderResolvedCluster, type RenderedCluster } from '../render/cluster';
import type { AdminKubeconfigSecret, SecretKeyRef } from '../render/kubeconfig';
import { renderPlatformIntegration } from '../render/platform-integration';
import { checkAddonGraph } from '../spec/addon-graph';
import { resolveAddonOptions, type ResolvedCustomAddon } from '../spec/addon-options';
import { claimCluster } from '../spec/cluster-claims';
import { SpecValidationError } from '../spec/errors';
import type { ResolvedCluster } from '../spec/resolved';
import type { TenantKubernetesClusterSpec } from '../spec/types';
import { resolveSpec } from '../render/resolve';
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
 *
 * The children map the groups of the rendered cluster (`renderResolvedCluster`), in its canonical order, so that
 * `cdk8s synth` emits what CLI `synth` prints: Datastore, ControlPlane, NodePools (pools added with
 * {@link addNodePool} join them, after the `nodeGroups`), Autoscaler, CloudController, CsiController, Addons (those
 * added with {@link addAddon} last), PlatformIntegration, TeardownHook. A `NodePool` created in another scope is
 * emitted where that scope is.
 */
export class TenantKubernetesCluster extends Construct {
  /** The validated description with every default applied. */
  public readonly resolved: ResolvedCluster;
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
  private readonly customAddons: ResolvedCustomAddon[] = [];
  private readonly nodePoolScope: Construct;
  private readonly addonScope: Construct;

  public constructor(scope: Construct, id: string, props: TenantKubernetesClusterProps) {
    super(scope, id);
    const resolved = resolveSpec(props);
    // One App is one management cluster: a second construct for the same tenant cluster would duplicate its objects.
    claimCluster(this.node.root, resolved, `construct ${this.node.path}`);
    this.resolved = resolved;
    const rendered = renderResolvedCluster(resolved);
    this.datastore = rendered.datastore !== undefined ? new EtcdDatastore(this, 'Datastore', { resolved }, rendered.datastore) : undefined;
    this.controlPlane = new ControlPlane(this, 'ControlPlane', { resolved }, rendered.controlPlane);
    this.adminKubeconfig = rendered.kubeconfigs.admin;
    this.capiKubeconfig = rendered.kubeconfigs.capi;
    // A scope of their own, so that pools added later are emitted with the others, before the platform components.
    this.nodePoolScope = new Construct(this, 'NodePools');
    for (const pool of rendered.nodePools) NodePool.fromRendered(this.nodePoolScope, this, pool);
    this.autoscaler = new ClusterAutoscaler(this, 'Autoscaler', { resolved }, rendered.autoscaler);
    this.cloudController = new CloudControllerManager(this, 'CloudController', { resolved }, rendered.cloudController);
    this.csiController = new CsiController(this, 'CsiController', { resolved }, rendered.csi);
    this.addonScope = new Construct(this, 'Addons');
    for (const addon of rendered.addons) this.addonsById.set(addon.release.id, new Addon(this.addonScope, addon.release.id, addon));
    if (resolved.platformIntegration) this.renderPlatformIntegration();
    this.renderTeardownHook(rendered);
  }

  /** Objects are named from this: `kubernetes-<name>`. */
  public get baseName(): string {
    return this.resolved.names.base;
  }

  /** The tenant namespace. */
  public get namespace(): string {
    return this.resolved.namespace;
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
    return new NodePool(this.nodePoolScope, id, { ...options, cluster: this });
  }

  /**
   * Installs any further Helm chart into the tenant cluster as a Flux HelmRelease `kubernetes-<name>-<id>`, through
   * the same kubeconfig Secret as the built-in addons. It waits for Cilium unless `dependsOn` says otherwise.
   *
   * @throws SpecValidationError when the options are invalid, the id is taken, or a dependency is not rendered
   */
  public addAddon(id: string, options: AddAddonOptions): Addon {
    const resolved = resolveAddonOptions(this.resolved, id, options);
    checkAddonGraph(this.resolved, [...this.customAddons, resolved]);
    const addon = new Addon(this.addonScope, id, renderAddon(this.resolved, customRelease(this.resolved, resolved)));
    this.customAddons.push(resolved);
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
    const integration = renderPlatformIntegration(this.resolved, this.resolved.nodeGroups)!;
    toApiObject(scope, 'ControlPlaneMonitor', integration.controlPlaneMonitor);
    if (integration.etcdMonitor !== undefined) toApiObject(scope, 'EtcdMonitor', integration.etcdMonitor);
    // The dashboard Role lists every node group's monitor, including pools added later: resolved at synth time.
    toApiObject(scope, 'DashboardRole', {
      ...integration.dashboardRole,
      rules: Lazy.any({ produce: () => this.dashboardRules() }),
    });
    toApiObject(scope, 'DashboardRoleBinding', integration.dashboardRoleBinding);
  }

  private dashboardRules(): unknown {
    const { dashboardRole } = renderPlatformIntegration(this.resolved, this.nodePools.map((p) => p.group))!;
    return (dashboardRole as { rules?: unknown }).rules;
  }

  private renderTeardownHook(rendered: RenderedCluster): void {
    if (rendered.teardownHook.length === 0) return;
    const teardown = new Construct(this, 'TeardownHook');
    for (const o of rendered.teardownHook) toApiObject(teardown, o.kind, o);
  }
}
