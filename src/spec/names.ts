// Every object name derives from the release name `kubernetes-<cluster>` and the tenant namespace, as in the
// reference chart. Names that Kubernetes limits to 63 characters are checked by validation, never truncated.
// The suffixes come from the role table (name-roles.ts), which the name rules (name-rules.ts) are derived from.
import { ADDON_SUFFIXES, SUFFIX } from './name-roles';
import type { BuiltInAddonId } from './types';

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
    return `${this.base}-${SUFFIX.adminKubeconfig}`;
  }

  /** Secret the Kamaji CAPI provider writes with key `value` (CAPI's `<cluster>-kubeconfig` contract). */
  public get capiKubeconfigSecret(): string {
    return `${this.base}-${SUFFIX.capiKubeconfig}`;
  }

  /** In-cluster address of the tenant API server (Kamaji's Service), port 6443. */
  public get apiServiceHost(): string {
    return `${this.base}.${this.namespace}.svc`;
  }

  /** The dedicated etcd: EtcdCluster, its StatefulSet and client Service. */
  public get etcd(): string {
    return `${this.base}-${SUFFIX.etcd}`;
  }

  /** Headless Service of the dedicated etcd (the longest name etcd-operator derives). */
  public get etcdHeadless(): string {
    return `${this.base}-${SUFFIX.etcdHeadless}`;
  }

  /** Cluster-scoped Kamaji DataStore of the dedicated etcd: namespace-qualified so tenants never collide. */
  public get dedicatedDataStore(): string {
    return `${this.namespace}-${this.base}`;
  }

  /** The name of an etcd PKI object (Issuer, Certificate) or Secret, e.g. `etcdPki('ca-tls')`. */
  public etcdPki(suffix: string): string {
    return `${this.etcd}-${suffix}`;
  }

  /** Cluster autoscaler Deployment, ServiceAccount, Role and its `app` label. */
  public get autoscaler(): string {
    return `${this.base}-${SUFFIX.autoscaler}`;
  }

  /** KubeVirt cloud controller manager Deployment, ServiceAccount, Role and its `k8s-app` label. */
  public get cloudController(): string {
    return `${this.base}-${SUFFIX.cloudController}`;
  }

  /** ConfigMap with the cloud controller's cloud-config. */
  public get cloudConfig(): string {
    return `${this.base}-${SUFFIX.cloudConfig}`;
  }

  /** Cluster-scoped (or kube-system) objects of the cloud controller: namespace-qualified so tenants never collide. */
  public get cloudControllerGlobal(): string {
    return `${this.namespace}-${this.base}-${SUFFIX.cloudController}`;
  }

  /** CSI controller ServiceAccount and Role. */
  public get csi(): string {
    return `${this.base}-${SUFFIX.csi}`;
  }

  /** CSI controller Deployment. */
  public get csiController(): string {
    return `${this.base}-${SUFFIX.csiController}`;
  }

  /** `app` label of the CSI controller pods. */
  public get csiApp(): string {
    return `${this.base}-${SUFFIX.csiApp}`;
  }

  /** Cluster-scoped CSI RBAC: namespace-qualified (the seed's `<base>-kcsi` collided between tenants). */
  public get csiGlobal(): string {
    return `${this.namespace}-${this.base}-${SUFFIX.csi}`;
  }

  /** The Proxied ingress-nginx Service and Ingress. */
  public get proxiedIngress(): string {
    return `${this.base}-${SUFFIX.proxiedIngress}`;
  }

  /**
   * Derived names that Kubernetes limits to 63 characters (Service names, label values), longest first, with what
   * each is. The base name itself is one (Kamaji's Service).
   */
  public labelLimitedNames(dedicatedEtcd: boolean): Array<[string, string]> {
    const all: Array<[string, string]> = [
      [this.autoscaler, "the cluster autoscaler's app label"],
      [this.proxiedIngress, 'the Proxied ingress Service'],
      ...(dedicatedEtcd ? [[this.etcdHeadless, "the dedicated etcd's headless Service"] as [string, string]] : []),
      [this.csiApp, "the CSI controller's app label"],
      [this.cloudController, "the cloud controller's k8s-app label"],
      [this.base, "Kamaji's Service of the tenant API server"],
    ];
    return all.sort((a, b) => b[0].length - a[0].length);
  }

  /** MachineDeployment, KubeadmConfigTemplate and MachineHealthCheck of a node group. */
  public nodeGroup(group: string): string {
    return `${this.base}-${group}`;
  }

  /** KubevirtMachineTemplate of a node group: content-hashed, so any change gives a new name. */
  public machineTemplate(group: string, hash: string): string {
    return `${this.base}-${group}-${hash}`;
  }

  /**
   * WorkloadMonitor of a node group. Dotted (the reference chart's `<base>-<group>` is also the control-plane
   * monitor of a cluster named `<cluster>-<group>`); a cluster name never holds a dot.
   */
  public nodeGroupMonitor(group: string): string {
    return `${this.base}.${group}`;
  }

  /** HelmRelease of a built-in addon. */
  public addon(id: BuiltInAddonId): string {
    return `${this.base}-${ADDON_SUFFIXES[id]}`;
  }

  /** HelmRelease of a caller's addon (`addAddon`): dotted, so that no id can spell a built-in's or another cluster's. */
  public customAddon(id: string): string {
    return `${this.base}.${id}`;
  }

  /** Secret with the values override of cert-manager's CRD chart. */
  public get certManagerCrdsValues(): string {
    return `${this.base}-${SUFFIX.certManagerCrdsValues}`;
  }

  /** Role and RoleBinding of the reference platform's dashboard. */
  public get dashboard(): string {
    return `${this.base}-${SUFFIX.dashboard}`;
  }

  /** The teardown Job, its ServiceAccount, Role and RoleBinding. */
  public get cleanup(): string {
    return `${this.base}-${SUFFIX.cleanup}`;
  }

  /** Kamaji's Secret with the datastore connection of the tenant control plane. */
  public get datastoreConfigSecret(): string {
    return `${this.base}-${SUFFIX.datastoreConfig}`;
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
