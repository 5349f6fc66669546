import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { RenderedClusterNodePool } from '../render/cluster';
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
  private readonly objects:
    | {
        readonly group: ResolvedNodeGroup;
        readonly kubeadmConfigTemplate: ApiObject;
        readonly machineTemplate: ApiObject;
        readonly retainedTemplates: readonly ApiObject[];
        readonly machineDeployment: ApiObject;
        readonly machineHealthCheck: ApiObject;
        readonly workloadMonitor: ApiObject | undefined;
      }
    | undefined;
  private readonly cluster: TenantKubernetesCluster;

  /**
   * @param pool the pool as the cluster already rendered it (passed by {@link TenantKubernetesCluster}); omit it, and
   *   the options are resolved and the pool rendered here. Invalid options render nothing: their problems are the
   *   cluster's, reported at synth, and reading the pool's objects throws them.
   * @param groupName the node group name, when it is not the construct id (internal)
   */
  public constructor(scope: Construct, id: string, props: NodePoolProps, pool?: RenderedClusterNodePool, groupName: string = id) {
    super(scope, id);
    const { cluster, ...options } = props;
    this.cluster = cluster;
    const rendered = pool ?? cluster.renderAddedPool(groupName, options);
    this.groupName = rendered?.group.name ?? groupName;
    if (rendered !== undefined) {
      const extras = (owner: Construct) => rendered.extras.map((o) => toApiObject(owner, o.kind, o));
      this.objects = {
        group: rendered.group,
        kubeadmConfigTemplate: toApiObject(this, 'KubeadmConfigTemplate', rendered.kubeadmConfigTemplate),
        machineTemplate: toApiObject(this, 'KubevirtMachineTemplate', rendered.machineTemplate),
        retainedTemplates: rendered.retainedTemplates.map((t) => toApiObject(this, `Retained-${t.metadata.name}`, t)),
        machineDeployment: toApiObject(this, 'MachineDeployment', rendered.machineDeployment),
        machineHealthCheck: toApiObject(this, 'MachineHealthCheck', rendered.machineHealthCheck),
        workloadMonitor: extras(this).find((o) => o.kind === 'WorkloadMonitor'),
      };
      cluster.registerNodePool(this);
    }
  }

  /** The resolved settings of this pool. */
  public get group(): ResolvedNodeGroup {
    return this.rendered().group;
  }

  public get kubeadmConfigTemplate(): ApiObject {
    return this.rendered().kubeadmConfigTemplate;
  }

  /** The current KubevirtMachineTemplate; its name changes with its content. */
  public get machineTemplate(): ApiObject {
    return this.rendered().machineTemplate;
  }

  /** Templates of earlier shapes kept for machines that still run on them. */
  public get retainedTemplates(): readonly ApiObject[] {
    return this.rendered().retainedTemplates;
  }

  public get machineDeployment(): ApiObject {
    return this.rendered().machineDeployment;
  }

  public get machineHealthCheck(): ApiObject {
    return this.rendered().machineHealthCheck;
  }

  /** The worker WorkloadMonitor, with `platformIntegration`. */
  public get workloadMonitor(): ApiObject | undefined {
    return this.rendered().workloadMonitor;
  }

  /** Name of the current KubevirtMachineTemplate (`kubernetes-<name>-<group>-<hash>`). */
  public get machineTemplateName(): string {
    return this.machineTemplate.name;
  }

  private rendered(): NonNullable<NodePool['objects']> {
    if (this.objects === undefined) throw this.cluster.error();
    return this.objects;
  }
}
