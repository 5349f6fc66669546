import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { customRelease } from '../render/addons';
import { renderAddon } from '../render/addons/helm-release';
import { renderClusterNodePool, renderResolvedCluster, type RenderedCluster, type RenderedClusterNodePool } from '../render/cluster';
import type { AdminKubeconfigSecret, SecretKeyRef } from '../render/kubeconfig';
import { renderPlatformIntegration } from '../render/platform-integration';
import { addonGraphProblems } from '../spec/addon-graph';
import { resolveAddonOptions, type ResolvedCustomAddon } from '../spec/addon-options';
import { claimCluster } from '../spec/cluster-claims';
import { formatProblem, SpecValidationError, type SpecProblem } from '../spec/errors';
import type { ResolvedCluster } from '../spec/resolved';
import type { TenantKubernetesClusterSpec } from '../spec/types';
import { resolveNodePool, resolveSpec } from '../render/resolve';
import { Addon, type AddAddonOptions } from './addon';
import { toApiObject } from './api-objects';
import { ControlPlane } from './control-plane';
import { EtcdDatastore } from './etcd-datastore';
import { NodePool, type NodePoolOptions } from './node-pool';
import { ClusterAutoscaler, CloudControllerManager, CsiController } from './platform-components';

/** Props of {@link TenantKubernetesCluster}: the whole description of a tenant cluster. */
export interface TenantKubernetesClusterProps extends TenantKubernetesClusterSpec {}

/** What a valid cluster has once rendered. */
interface Built {
  readonly resolved: ResolvedCluster;
  readonly controlPlane: ControlPlane;
  readonly datastore: EtcdDatastore | undefined;
  readonly autoscaler: ClusterAutoscaler;
  readonly cloudController: CloudControllerManager;
  readonly csiController: CsiController;
  readonly adminKubeconfig: AdminKubeconfigSecret;
  readonly capiKubeconfig: SecretKeyRef;
  readonly nodePoolScope: Construct;
  readonly addonScope: Construct;
}

/**
 * A tenant Kubernetes cluster on a Cozystack-style management cluster: a Kamaji control plane, a dedicated etcd
 * (unless the tenant names a DataStore), Cluster API + KubeVirt worker pools, the autoscaler, cloud controller and
 * CSI controller, and the addons installed into the tenant by Flux.
 *
 * The props are validated in the constructor, and so are the options of {@link addNodePool} and {@link addAddon},
 * but problems are reported when the App is synthesized (cdk8s construct validation), for every cluster of the App
 * at once, each line naming its construct path: `[App/chart/prod] nodeGroups.gpu.instanceType: …`. An invalid
 * cluster renders no objects; reading one of its children throws {@link SpecValidationError} with its problems.
 * Addon dependencies resolve at synth too, so addons may be added in any order.
 *
 * The children map the groups of the rendered cluster (`renderResolvedCluster`), in its canonical order, so that
 * `cdk8s synth` emits what CLI `synth` prints: Datastore, ControlPlane, NodePools (pools added with
 * {@link addNodePool} join them, after the `nodeGroups`), Autoscaler, CloudController, CsiController, Addons (those
 * added with {@link addAddon} last), PlatformIntegration, TeardownHook. A `NodePool` created in another scope is
 * emitted where that scope is.
 */
export class TenantKubernetesCluster extends Construct {
  private readonly built: Built | undefined;
  /** Problems found so far, reported at synth. */
  private readonly problems: SpecProblem[] = [];
  private readonly pools = new Map<string, NodePool>();
  private readonly addonsById = new Map<string, Addon>();
  private readonly customAddons: ResolvedCustomAddon[] = [];

  public constructor(scope: Construct, id: string, props: TenantKubernetesClusterProps) {
    super(scope, id);
    this.node.addValidation({ validate: () => this.validationErrors() });
    const resolved = this.collect(() => {
      const r = resolveSpec(props);
      // One App is one management cluster: a second construct for the same tenant cluster would duplicate its objects.
      claimCluster(this.node.root, r, `construct ${this.node.path}`);
      return r;
    });
    if (resolved === undefined) return;
    const rendered = renderResolvedCluster(resolved);
    const datastore = rendered.datastore !== undefined ? new EtcdDatastore(this, 'Datastore', { resolved }, rendered.datastore) : undefined;
    const controlPlane = new ControlPlane(this, 'ControlPlane', { resolved }, rendered.controlPlane);
    // A scope of their own, so that pools added later are emitted with the others, before the platform components.
    const nodePoolScope = new Construct(this, 'NodePools');
    for (const pool of rendered.nodePools) NodePool.fromRendered(nodePoolScope, this, pool);
    this.built = {
      resolved,
      datastore,
      controlPlane,
      nodePoolScope,
      autoscaler: new ClusterAutoscaler(this, 'Autoscaler', { resolved }, rendered.autoscaler),
      cloudController: new CloudControllerManager(this, 'CloudController', { resolved }, rendered.cloudController),
      csiController: new CsiController(this, 'CsiController', { resolved }, rendered.csi),
      addonScope: new Construct(this, 'Addons'),
      adminKubeconfig: rendered.kubeconfigs.admin,
      capiKubeconfig: rendered.kubeconfigs.capi,
    };
    for (const addon of rendered.addons) this.addonsById.set(addon.release.id, new Addon(this.built.addonScope, addon.release.id, addon));
    if (resolved.platformIntegration) this.renderPlatformIntegration();
    this.renderTeardownHook(rendered);
  }

  /** The validated description with every default applied. */
  public get resolved(): ResolvedCluster {
    return this.valid().resolved;
  }

  /** Cluster, KamajiControlPlane, KubevirtCluster. */
  public get controlPlane(): ControlPlane {
    return this.valid().controlPlane;
  }

  /** The dedicated etcd, or `undefined` when `tenant.dataStoreName` is given. */
  public get datastore(): EtcdDatastore | undefined {
    return this.valid().datastore;
  }

  public get autoscaler(): ClusterAutoscaler {
    return this.valid().autoscaler;
  }

  public get cloudController(): CloudControllerManager {
    return this.valid().cloudController;
  }

  public get csiController(): CsiController {
    return this.valid().csiController;
  }

  /** The Secret Kamaji writes once the control plane is up, with its four kubeconfig keys. */
  public get adminKubeconfig(): AdminKubeconfigSecret {
    return this.valid().adminKubeconfig;
  }

  /** The CAPI kubeconfig Secret `kubernetes-<name>-kubeconfig`, key `value` (in-cluster endpoint, system:masters). */
  public get capiKubeconfig(): SecretKeyRef {
    return this.valid().capiKubeconfig;
  }

  /** Whether the description (and every pool and addon added so far) is valid; the problems are reported at synth. */
  public get isValid(): boolean {
    return this.built !== undefined && this.validationProblems().length === 0;
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
   * Adds a node pool named `id`. Problems with the options are reported at synth, with the cluster's.
   */
  public addNodePool(id: string, options: NodePoolOptions = {}): NodePool {
    // A second pool of one name is refused (at synth): it lives apart, as construct ids must be unique.
    const [scope, constructId] = this.pools.has(id) ? this.rejectedSlot(id) : [this.valid().nodePoolScope, id];
    return new NodePool(scope, constructId, { ...options, cluster: this }, undefined, id);
  }

  /**
   * Installs any further Helm chart into the tenant cluster as a Flux HelmRelease `kubernetes-<name>.<id>`, through
   * the same kubeconfig Secret as the built-in addons. It waits for Cilium unless `dependsOn` says otherwise; the ids
   * in `dependsOn` may name addons added later. Problems are reported at synth, with the cluster's.
   */
  public addAddon(id: string, options: AddAddonOptions): Addon {
    const built = this.valid();
    const resolved = this.collect(() => {
      if (this.customAddons.some((a) => a.id === id))
        throw new SpecValidationError([{ path: `addons.${id}`, value: id, message: 'another addon already has this id' }]);
      return resolveAddonOptions(built.resolved, id, options);
    });
    if (resolved === undefined) return Addon.unrendered(...this.rejectedSlot(id), () => this.error());
    const addon = new Addon(built.addonScope, id, renderAddon(built.resolved, customRelease(built.resolved, resolved)));
    this.customAddons.push(resolved);
    this.addonsById.set(id, addon);
    return addon;
  }

  /**
   * Resolves and renders a pool added after the cluster; `undefined` (its problems recorded) when invalid.
   * @internal
   */
  public renderAddedPool(id: string, options: NodePoolOptions): RenderedClusterNodePool | undefined {
    const built = this.valid();
    const group = this.collect(() => {
      if (this.pools.has(id))
        throw new SpecValidationError([{ path: `nodeGroups.${id}`, value: id, message: 'a node group with this name already exists' }]);
      return resolveNodePool(built.resolved, id, options);
    });
    return group === undefined ? undefined : renderClusterNodePool(built.resolved, group);
  }

  /** Called by NodePool's constructor. @internal */
  public registerNodePool(pool: NodePool): void {
    this.pools.set(pool.groupName, pool);
  }

  /** The error an invalid cluster's children throw when read. @internal */
  public error(): SpecValidationError {
    return new SpecValidationError(this.validationProblems(), `construct ${this.node.path}`);
  }

  /** Every problem: the description's, the added pools' and addons', and the addon graph's. */
  private validationProblems(): SpecProblem[] {
    const graph = this.built === undefined ? [] : addonGraphProblems(this.built.resolved, this.customAddons);
    return [...this.problems, ...graph];
  }

  private validationErrors(): string[] {
    return this.validationProblems().map(formatProblem);
  }

  /** Runs `f`; a SpecValidationError becomes recorded problems and `undefined`. */
  private collect<T>(f: () => T): T | undefined {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof SpecValidationError)) throw e;
      this.problems.push(...e.problems);
      return undefined;
    }
  }

  /** Where a refused pool or addon lives, with no objects: a scope of its own, under an id no other has. */
  private rejectedSlot(id: string): [Construct, string] {
    const scope = this.node.tryFindChild('Rejected') ?? new Construct(this, 'Rejected');
    let unique = id;
    for (let n = 2; scope.node.tryFindChild(unique) !== undefined; n++) unique = `${id}-${n}`;
    return [scope, unique];
  }

  /** What a valid cluster has; an invalid one throws its problems. */
  private valid(): Built {
    if (this.built === undefined) throw this.error();
    return this.built;
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
    const { dashboardRole } = renderPlatformIntegration(
      this.resolved,
      this.nodePools.map((p) => p.group),
    )!;
    return (dashboardRole as { rules?: unknown }).rules;
  }

  private renderTeardownHook(rendered: RenderedCluster): void {
    if (rendered.teardownHook.length === 0) return;
    const teardown = new Construct(this, 'TeardownHook');
    for (const o of rendered.teardownHook) toApiObject(teardown, o.kind, o);
  }
}
