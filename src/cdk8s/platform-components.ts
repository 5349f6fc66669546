import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { renderAutoscaler, type RenderedAutoscaler } from '../render/autoscaler';
import { renderCloudController, type RenderedCloudController } from '../render/cloud-controller';
import { renderCsi, type RenderedCsi } from '../render/csi';
import type { ResolvedCluster } from '../spec/resolved';
import { toApiObject } from './api-objects';

/** Props of the platform components: the resolved cluster description. */
export interface PlatformComponentProps {
  /** The resolved cluster description (from `resolveSpec`). */
  readonly resolved: ResolvedCluster;
}

/** The cluster autoscaler (Deployment, ServiceAccount, Role, RoleBinding) that scales the node pools. */
export class ClusterAutoscaler extends Construct {
  public readonly deployment: ApiObject;
  public readonly serviceAccount: ApiObject;
  public readonly role: ApiObject;
  public readonly roleBinding: ApiObject;

  /** @param group this component as the cluster already rendered it (passed by `TenantKubernetesCluster`); omit it to render here */
  public constructor(scope: Construct, id: string, props: PlatformComponentProps, group?: RenderedAutoscaler) {
    super(scope, id);
    const r = group ?? renderAutoscaler(props.resolved);
    this.serviceAccount = toApiObject(this, 'ServiceAccount', r.serviceAccount);
    this.role = toApiObject(this, 'Role', r.role);
    this.roleBinding = toApiObject(this, 'RoleBinding', r.roleBinding);
    this.deployment = toApiObject(this, 'Deployment', r.deployment);
  }
}

/** The KubeVirt cloud controller manager: tenant LoadBalancer Services become management-cluster Services. */
export class CloudControllerManager extends Construct {
  public readonly deployment: ApiObject;
  public readonly cloudConfig: ApiObject;
  /** ServiceAccount, Role, RoleBindings (one in kube-system), ClusterRole, ClusterRoleBinding. */
  public readonly rbac: readonly ApiObject[];

  /** @param group this component as the cluster already rendered it (passed by `TenantKubernetesCluster`); omit it to render here */
  public constructor(scope: Construct, id: string, props: PlatformComponentProps, group?: RenderedCloudController) {
    super(scope, id);
    const r = group ?? renderCloudController(props.resolved);
    this.cloudConfig = toApiObject(this, 'CloudConfig', r.cloudConfig);
    this.rbac = [
      toApiObject(this, 'ServiceAccount', r.serviceAccount),
      toApiObject(this, 'Role', r.role),
      toApiObject(this, 'RoleBinding', r.roleBinding),
      toApiObject(this, 'AuthReaderBinding', r.authReaderBinding),
      toApiObject(this, 'ClusterRole', r.clusterRole),
      toApiObject(this, 'ClusterRoleBinding', r.clusterRoleBinding),
    ];
    this.deployment = toApiObject(this, 'Deployment', r.deployment);
  }
}

/** The KubeVirt CSI controller in the management cluster (the node side is the `csi` addon). */
export class CsiController extends Construct {
  public readonly deployment: ApiObject;
  /** ServiceAccount, Role, RoleBinding, ClusterRole, ClusterRoleBinding. */
  public readonly rbac: readonly ApiObject[];

  /** @param group this component as the cluster already rendered it (passed by `TenantKubernetesCluster`); omit it to render here */
  public constructor(scope: Construct, id: string, props: PlatformComponentProps, group?: RenderedCsi) {
    super(scope, id);
    const r = group ?? renderCsi(props.resolved);
    this.rbac = [
      toApiObject(this, 'ServiceAccount', r.serviceAccount),
      toApiObject(this, 'Role', r.role),
      toApiObject(this, 'RoleBinding', r.roleBinding),
      toApiObject(this, 'ClusterRole', r.clusterRole),
      toApiObject(this, 'ClusterRoleBinding', r.clusterRoleBinding),
    ];
    this.deployment = toApiObject(this, 'Deployment', r.deployment);
  }
}
