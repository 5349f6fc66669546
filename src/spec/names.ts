// Every object name derives from the release name `kubernetes-<cluster>` and the tenant namespace, as in the
// reference chart. Names that Kubernetes limits to 63 characters are checked by validation, never truncated.

/** The release name the reference chart was installed as: the base of every object name. */
export function releaseName(clusterName: string): string {
  return `kubernetes-${clusterName}`;
}

/** Names of the objects that make up one tenant cluster, and of those that its controllers create. */
export class ClusterNames {
  public constructor(
    /** `kubernetes-<cluster>`: Cluster, KamajiControlPlane, KubevirtCluster, and Kamaji's TenantControlPlane. */
    public readonly base: string,
    /** The tenant namespace. */
    public readonly namespace: string,
  ) {}

  /** Secret Kamaji writes with `admin.conf`, `admin.svc`, `super-admin.conf`, `super-admin.svc`. */
  public get adminKubeconfigSecret(): string {
    return `${this.base}-admin-kubeconfig`;
  }

  /** Secret the Kamaji CAPI provider writes with key `value` (CAPI's `<cluster>-kubeconfig` contract). */
  public get capiKubeconfigSecret(): string {
    return `${this.base}-kubeconfig`;
  }

  /** In-cluster address of the tenant API server (Kamaji's Service), port 6443. */
  public get apiServiceHost(): string {
    return `${this.base}.${this.namespace}.svc`;
  }

  /** The dedicated etcd: EtcdCluster, its StatefulSet and client Service. */
  public get etcd(): string {
    return `${this.base}-etcd`;
  }

  /** Headless Service of the dedicated etcd (the longest name etcd-operator derives). */
  public get etcdHeadless(): string {
    return `${this.etcd}-headless`;
  }

  /** Cluster-scoped Kamaji DataStore of the dedicated etcd: namespace-qualified so tenants never collide. */
  public get dedicatedDataStore(): string {
    return `${this.namespace}-${this.base}`;
  }

  /** The name of an etcd PKI object (Issuer, Certificate) or Secret, e.g. `etcdPki('ca-tls')`. */
  public etcdPki(suffix: string): string {
    return `${this.etcd}-${suffix}`;
  }

  /** MachineDeployment, KubeadmConfigTemplate and MachineHealthCheck of a node group. */
  public nodeGroup(group: string): string {
    return `${this.base}-${group}`;
  }

  /** KubevirtMachineTemplate of a node group: content-hashed, so any change gives a new name. */
  public machineTemplate(group: string, hash: string): string {
    return `${this.base}-${group}-${hash}`;
  }
}

/** RFC 1123 label: lower-case alphanumerics and '-', starting and ending alphanumeric, at most 63 characters. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 subdomain: labels joined by '.', at most 253 characters. */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** The name part of a label key or a label value. */
export const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
/** Kubernetes limits label values and DNS labels to this many characters. */
export const MAX_LABEL_LENGTH = 63;
/** Kubernetes limits object names (DNS subdomains) to this many characters. */
export const MAX_SUBDOMAIN_LENGTH = 253;
