import { Construct } from 'constructs';
import { kubeconfigSecrets, type AdminKubeconfigSecret, type SecretKeyRef } from '../render/kubeconfig';
import { SpecValidationError } from '../spec/errors';
import type { ResolvedCluster } from '../spec/resolved';
import type { TenantKubernetesClusterSpec } from '../spec/types';
import { resolveSpec } from '../spec/validate';
import { ControlPlane } from './control-plane';
import { EtcdDatastore } from './etcd-datastore';
import { NodePool, type NodePoolOptions } from './node-pool';

/** Props of {@link TenantKubernetesCluster}: the whole description of a tenant cluster. */
export interface TenantKubernetesClusterProps extends TenantKubernetesClusterSpec {}

/**
 * A tenant Kubernetes cluster on a Cozystack-style management cluster: a Kamaji control plane, a dedicated etcd
 * (unless the tenant names a DataStore), and Cluster API + KubeVirt worker pools.
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
  /** The Secret Kamaji writes once the control plane is up, with its four kubeconfig keys. */
  public readonly adminKubeconfig: AdminKubeconfigSecret;
  /** The CAPI kubeconfig Secret `kubernetes-<name>-kubeconfig`, key `value` (in-cluster endpoint, system:masters). */
  public readonly capiKubeconfig: SecretKeyRef;
  private readonly pools = new Map<string, NodePool>();

  public constructor(scope: Construct, id: string, props: TenantKubernetesClusterProps) {
    super(scope, id);
    this.spec = resolveSpec(props);
    this.datastore = this.spec.dedicatedEtcd !== undefined ? new EtcdDatastore(this, 'Datastore', { spec: this.spec }) : undefined;
    this.controlPlane = new ControlPlane(this, 'ControlPlane', { spec: this.spec });
    const secrets = kubeconfigSecrets(this.spec);
    this.adminKubeconfig = secrets.admin;
    this.capiKubeconfig = secrets.capi;
    for (const group of this.spec.nodeGroups) NodePool.fromResolved(this, this, group);
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

  /** Called by NodePool's constructor. @internal */
  public registerNodePool(pool: NodePool): void {
    if (this.pools.has(pool.groupName)) {
      throw new SpecValidationError([{ path: `nodeGroups.${pool.groupName}`, value: pool.groupName, message: 'a node group with this name already exists' }]);
    }
    this.pools.set(pool.groupName, pool);
  }
}
