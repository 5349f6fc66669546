import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { renderControlPlane } from '../render/control-plane';
import type { KubeObject } from '../render/manifest';
import type { ResolvedCluster } from '../spec/resolved';
import { toApiObject } from './api-objects';

/** Props of {@link ControlPlane}. */
export interface ControlPlaneProps {
  /** The resolved cluster description (from `resolveSpec`). */
  readonly resolved: ResolvedCluster;
}

/** The Kamaji control plane of a tenant cluster: CAPI Cluster, KamajiControlPlane and KubevirtCluster. */
export class ControlPlane extends Construct {
  /** `cluster.x-k8s.io/v1beta1` Cluster `kubernetes-<name>`. */
  public readonly cluster: ApiObject;
  /** `controlplane.cluster.x-k8s.io/v1alpha1` KamajiControlPlane `kubernetes-<name>`. */
  public readonly kamajiControlPlane: ApiObject;
  /** `infrastructure.cluster.x-k8s.io/v1alpha1` KubevirtCluster `kubernetes-<name>`. */
  public readonly kubevirtCluster: ApiObject;

  /** @param rendered the control plane as the cluster already rendered it (passed by `TenantKubernetesCluster`); omit it to render here */
  public constructor(scope: Construct, id: string, props: ControlPlaneProps, rendered?: readonly KubeObject[]) {
    super(scope, id);
    const [cluster, kamajiControlPlane, kubevirtCluster] = rendered ?? renderControlPlane(props.resolved);
    this.cluster = toApiObject(this, 'Cluster', cluster);
    this.kamajiControlPlane = toApiObject(this, 'KamajiControlPlane', kamajiControlPlane);
    this.kubevirtCluster = toApiObject(this, 'KubevirtCluster', kubevirtCluster);
  }
}
