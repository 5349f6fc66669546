import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { renderClusterNodePool, type RenderedClusterNodePool } from '../render/cluster';
import { resolveNodePool } from '../render/resolve';
import type { ResolvedNodeGroup } from '../spec/resolved';
import type { NodeGroupSpec } from '../spec/types';
import { toApiObject } from './api-objects';
import type { TenantKubernetesCluster } from './tenant-kubernetes-cluster';

/** Options of a node pool: the fields of a `nodeGroups` entry. */
export interface NodePoolOptions extends NodeGroupSpec {}

/** Props of {@link NodePool}. */
export interface NodePoolProps extends NodePoolOptions {
  /** The tenant cluster the pool belongs to. */
  readonly cluster: TenantKubernetesCluster;
}

/**
 * A group of worker VMs: KubeadmConfigTemplate, KubevirtMachineTemplate (content-hashed name), MachineDeployment
 * (scaled by the cluster autoscaler between min and max) and MachineHealthCheck. The construct id is the node
 * group name.
 */
export class NodePool extends Construct {
  /**
   * Creates a pool from its group of the cluster's `RenderedCluster` (used by {@link TenantKubernetesCluster} for
   * `nodeGroups`).
   * @internal
   */
  public static fromRendered(scope: Construct, cluster: TenantKubernetesCluster, pool: RenderedClusterNodePool): NodePool {
    return new NodePool(scope, pool.group.name, { cluster }, pool);
  }

  /** The node group name (`nodeGroups` key). */
  public readonly groupName: string;
  /** The resolved settings of this pool. */
  public readonly group: ResolvedNodeGroup;
  public readonly kubeadmConfigTemplate: ApiObject;
  /** The current KubevirtMachineTemplate; its name changes with its content. */
  public readonly machineTemplate: ApiObject;
  /** Templates of earlier shapes kept for machines that still run on them. */
  public readonly retainedTemplates: readonly ApiObject[];
  public readonly machineDeployment: ApiObject;
  public readonly machineHealthCheck: ApiObject;
  /** The worker WorkloadMonitor, with `platformIntegration`. */
  public readonly workloadMonitor: ApiObject | undefined;

  /**
   * @param pool the pool as the cluster already rendered it (passed by {@link TenantKubernetesCluster}); omit it, and
   *   the options are resolved and the pool rendered here
   */
  public constructor(scope: Construct, id: string, props: NodePoolProps, pool?: RenderedClusterNodePool) {
    super(scope, id);
    const { cluster, ...options } = props;
    const rendered = pool ?? renderClusterNodePool(cluster.resolved, resolveNodePool(cluster.resolved, id, options));
    this.group = rendered.group;
    this.groupName = this.group.name;
    this.kubeadmConfigTemplate = toApiObject(this, 'KubeadmConfigTemplate', rendered.kubeadmConfigTemplate);
    this.machineTemplate = toApiObject(this, 'KubevirtMachineTemplate', rendered.machineTemplate);
    this.retainedTemplates = rendered.retainedTemplates.map((t) => toApiObject(this, `Retained-${t.metadata.name}`, t));
    this.machineDeployment = toApiObject(this, 'MachineDeployment', rendered.machineDeployment);
    this.machineHealthCheck = toApiObject(this, 'MachineHealthCheck', rendered.machineHealthCheck);
    const extras = rendered.extras.map((o) => toApiObject(this, o.kind, o));
    this.workloadMonitor = extras.find((o) => o.kind === 'WorkloadMonitor');
    cluster.registerNodePool(this);
  }

  /** Name of the current KubevirtMachineTemplate (`kubernetes-<name>-<group>-<hash>`). */
  public get machineTemplateName(): string {
    return this.machineTemplate.name;
  }
}
