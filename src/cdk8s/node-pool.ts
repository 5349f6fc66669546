import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { renderNodePool } from '../render/node-pool';
import { nodeGroupMonitor } from '../render/platform-integration';
import type { ResolvedNodeGroup } from '../spec/resolved';
import type { NodeGroupSpec } from '../spec/types';
import { resolveNodeGroup } from '../spec/validate';
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
   * Creates a pool from already resolved values (used by {@link TenantKubernetesCluster} for `nodeGroups`).
   * @internal
   */
  public static fromResolved(scope: Construct, cluster: TenantKubernetesCluster, group: ResolvedNodeGroup): NodePool {
    return new NodePool(scope, group.name, { cluster }, group);
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

  public constructor(scope: Construct, id: string, props: NodePoolProps, resolved?: ResolvedNodeGroup) {
    super(scope, id);
    const { cluster, ...options } = props;
    this.group = resolved ?? resolveNodeGroup(cluster.spec, id, options);
    this.groupName = this.group.name;
    const rendered = renderNodePool(cluster.spec, this.group);
    this.kubeadmConfigTemplate = toApiObject(this, 'KubeadmConfigTemplate', rendered.kubeadmConfigTemplate);
    this.machineTemplate = toApiObject(this, 'KubevirtMachineTemplate', rendered.machineTemplate);
    this.retainedTemplates = rendered.retainedTemplates.map((t) => toApiObject(this, `Retained-${t.metadata.name}`, t));
    this.machineDeployment = toApiObject(this, 'MachineDeployment', rendered.machineDeployment);
    this.machineHealthCheck = toApiObject(this, 'MachineHealthCheck', rendered.machineHealthCheck);
    this.workloadMonitor = cluster.spec.platformIntegration ? toApiObject(this, 'WorkloadMonitor', nodeGroupMonitor(cluster.spec, this.group)) : undefined;
    cluster.registerNodePool(this);
  }

  /** Name of the current KubevirtMachineTemplate (`kubernetes-<name>-<group>-<hash>`). */
  public get machineTemplateName(): string {
    return this.machineTemplate.name;
  }
}
