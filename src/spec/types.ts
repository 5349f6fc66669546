// The description of a tenant cluster as users write it. Field names and defaults follow the product page
// (`values.yaml` of the reference `kubernetes` chart); the tenant and platform context are the facts the chart
// read from the live management cluster, made explicit.
import type { Exactly } from './exactly';
import type { BuiltInAddonId } from './addon-ids';
import type { InstanceTypeSize } from './instance-types';
import type { AllocationRatios, ResourceAmounts, ResourcesPreset } from './presets';
import type { QuantityString } from './quantity';
import type { PlatformRelease } from './platform-lines';
import type { KubernetesMinorVersion } from './versions';

/** A GPU passed through to every VM of a node group. */
export interface GpuSpec {
  /** KubeVirt device name, e.g. `nvidia.com/AD102GL_L40S`. */
  readonly name: string;
}

/** CPU and memory of each worker VM, instead of an instance type. */
export interface NodeResources {
  /** Whole vCPUs, e.g. `"4"`. @default - none (an instance type gives the size) */
  readonly cpu?: QuantityString;
  /** Guest memory, e.g. `"8Gi"`. @default - none (an instance type gives the size) */
  readonly memory?: QuantityString;
}

/**
 * What the kubelet of a node group's workers keeps back from pods (platform release v1.5 only). Memory values are
 * Kubernetes quantities (`"512Mi"`, `"1Gi"`, `"1e9"`), CPU values millicores or cores (`"100m"`, `"0.5"`), eviction
 * thresholds a percentage of the VM's memory (`"7%"`) or a quantity; both thresholds must be of one kind.
 */
export interface KubeletReservationsSpec {
  /** Memory for the operating system (`--system-reserved`). @default - 5% of the VM's memory, at least 256Mi and at most 1024Mi */
  readonly systemReservedMemory?: string;
  /** Memory for the kubelet and container runtime (`--kube-reserved`). @default - as systemReservedMemory */
  readonly kubeReservedMemory?: string;
  /** CPU for the operating system (`--system-reserved`). @default - 5% of the VM's CPU, at least 50m and at most 500m */
  readonly systemReservedCpu?: string;
  /** CPU for the kubelet and container runtime (`--kube-reserved`). @default - as systemReservedCpu */
  readonly kubeReservedCpu?: string;
  /** Available memory below which pods are evicted at once (`--eviction-hard`). @default '7%' */
  readonly evictionHardMemory?: string;
  /** Available memory below which pods are evicted after 90s (`--eviction-soft`); above the hard threshold. @default '10%' */
  readonly evictionSoftMemory?: string;
}

/** MachineHealthCheck thresholds of a node group. */
export interface NodeHealthCheckOptions {
  /** How long a node may report `Ready=Unknown` before it is replaced. @default '5m' */
  readonly unknownTimeout?: string;
  /** How long a node may report `Ready=False` before it is replaced. @default '10m' */
  readonly notReadyTimeout?: string;
  /** How long a new machine may take to become a node. @default '20m' */
  readonly nodeStartupTimeout?: string;
  /** Remediation stops when more machines than this are unhealthy (`"40%"` or a count). @default '100%' (as CAPI defaults it) */
  readonly maxUnhealthy?: string;
}

/**
 * The shape of a worker template that machines may still run on after a change of the node group. Every
 * field left out is taken from the node group as it is now; give the old value of every field you changed.
 */
export interface RetainedTemplateSpec {
  /**
   * The KubevirtMachineTemplate name you expect (as `kubectl get kubevirtmachinetemplates` shows it). When
   * given, the rendered name must match it, which proves the old shape was reproduced exactly.
   * @default - not checked
   */
  readonly name?: string;
  /** @default - the node group's */
  readonly instanceType?: string;
  /** @default - the node group's */
  readonly diskSize?: QuantityString;
  /**
   * @deprecated the old name of `diskSize`; give `diskSize` instead (giving both is an error).
   * @default - the node group's
   */
  readonly ephemeralStorage?: QuantityString;
  /**
   * StorageClass of the data disk (platform release v1.5 only); `""` names none, even when the group now has one.
   * @default - the node group's
   */
  readonly storageClass?: string;
  /** @default - the node group's */
  readonly roles?: string[];
  /** @default - the node group's */
  readonly resources?: NodeResources;
  /** @default - the node group's */
  readonly gpus?: GpuSpec[];
}

/** A group of worker VMs that the cluster autoscaler scales between `minReplicas` and `maxReplicas`. */
export interface NodeGroupSpec {
  /** Minimum number of replicas. @default 0 */
  readonly minReplicas?: number;
  /** Maximum number of replicas. @default 10 */
  readonly maxReplicas?: number;
  /**
   * Virtual machine instance type (a VirtualMachineClusterInstancetype). Leave it out, or set `""`, to size
   * VMs by `resources` instead; giving both is an error (KubeVirt rejects such a VM).
   * @default 'u1.medium' when `resources` is not given
   */
  readonly instanceType?: string;
  /**
   * Size of each VM's data disk, which holds kubelet and containerd data. On platform release v0.37 it is an emptyDisk
   * (gone when the VM stops); on v1.5 a persistent volume (a DataVolume named `disk-kubelet`).
   * @default '20Gi'
   */
  readonly diskSize?: QuantityString;
  /**
   * @deprecated the old name of `diskSize` (the v1.5 chart's platform migration 41 renames it); give `diskSize`
   * instead. Giving both is an error.
   * @default - see `diskSize`
   */
  readonly ephemeralStorage?: QuantityString;
  /**
   * StorageClass of the data disk (platform release v1.5 only). Not the cluster's `storageClass`: left out, the
   * management cluster's default StorageClass provisions it.
   * @default - the management cluster's default StorageClass
   */
  readonly storageClass?: string;
  /**
   * Kubelet reservations and memory eviction thresholds (platform release v1.5 only). The autoscaler's capacity
   * annotations are what remains for pods.
   * @default - 5% of the VM's memory (256Mi–1024Mi) and CPU (50m–500m) reserved for each of system and kube; eviction at 7% (hard) and 10% (soft)
   */
  readonly kubelet?: KubeletReservationsSpec;
  /** Node roles: each becomes a `node-role.kubernetes.io/<role>` label. @default [] */
  readonly roles?: string[];
  /** CPU and memory of each worker VM, instead of an instance type. @default {} */
  readonly resources?: NodeResources;
  /** GPUs to attach (the NVIDIA driver needs at least 4Gi of memory). @default [] */
  readonly gpus?: GpuSpec[];
  /** MachineHealthCheck thresholds. @default - 5m / 10m / 20m */
  readonly healthCheck?: NodeHealthCheckOptions;
  /** How long the autoscaler waits for a new node before it gives up on it. @default '30m' */
  readonly maxNodeProvisionTime?: string;
  /**
   * Earlier shapes of this group whose KubevirtMachineTemplates must stay while old machines still use them
   * (see "Changing a node group" in the README). Drop an entry once its machines are gone.
   * @default []
   */
  readonly retainedTemplates?: RetainedTemplateSpec[];
}

/** Resources of one control-plane component. */
export interface ComponentResourcesSpec {
  /** Explicit CPU and memory; each one set overrides the preset's. @default {} */
  readonly resources?: ResourceAmounts;
  /**
   * Preset used for whatever `resources` leaves out. Platform release v1.5 accepts the instance-type presets
   * (`t1`, `c1`, `s1`, `u1`, `m1` × `nano` … `4xlarge`) and the legacy names; v0.37 the legacy names only. The legacy
   * names are deprecated aliases that keep their old numbers (`medium` is 1 CPU / 1Gi); their instance-type names:
   * `nano` → `t1.nano`, `micro` → `t1.micro`, `small` → `t1.small`, `medium` → `c1.small`, `large` → `c1.medium`,
   * `xlarge` → `c1.large`, `2xlarge` → `c1.xlarge`.
   * @default - the API server 'c1.medium' on v1.5 ('medium' on v0.37), the others 't1.micro' on v1.5 ('micro' on v0.37)
   */
  readonly resourcesPreset?: ResourcesPreset;
}

/** Konnectivity configuration. */
export interface KonnectivitySpec {
  /** Konnectivity server resources. @default - preset 't1.micro' on v1.5, 'micro' on v0.37 */
  readonly server?: ComponentResourcesSpec;
}

/** The Kamaji-hosted control plane. */
export interface ControlPlaneSpec {
  /** Number of control-plane replicas. @default 2 */
  readonly replicas?: number;
  /** API server resources. @default - preset 'c1.medium' (2 CPU / 2Gi) on v1.5, 'medium' (1 CPU / 1Gi) on v0.37 */
  readonly apiServer?: ComponentResourcesSpec;
  /** Controller manager resources. @default - preset 't1.micro' on v1.5, 'micro' on v0.37 (500m / 256Mi both) */
  readonly controllerManager?: ComponentResourcesSpec;
  /** Scheduler resources. @default - preset 't1.micro' on v1.5, 'micro' on v0.37 (500m / 256Mi both) */
  readonly scheduler?: ComponentResourcesSpec;
  /** Konnectivity configuration. @default - the server with preset 't1.micro' on v1.5, 'micro' on v0.37 */
  readonly konnectivity?: KonnectivitySpec;
}

/**
 * Helm values given to an addon, deep-merged over its defaults: any JSON value under each key (`any` rather than
 * `unknown`, so that other languages get a map of free-form values).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ValuesOverride = Readonly<Record<string, any>>;

/** An addon with only a values override (always installed). */
export interface AlwaysOnAddonSpec {
  /** Custom Helm values overrides. @default {} */
  readonly valuesOverride?: ValuesOverride;
}

/** An addon that can be switched on. */
export interface ToggledAddonSpec {
  /** Install the addon. @default false */
  readonly enabled?: boolean;
  /** Custom Helm values overrides. @default {} */
  readonly valuesOverride?: ValuesOverride;
}

/** Gateway API CRDs. */
export interface GatewayApiAddonSpec {
  /** Install the Gateway API CRDs (and turn Cilium's Gateway API support on). @default false */
  readonly enabled?: boolean;
}

/** How the tenant's ingress-nginx is reached from outside (an enum in other languages). */
export const IngressNginxExposeMethod = {
  /** Through the tenant namespace's ingress controller, by SNI, for the listed `hosts`. */
  Proxied: 'Proxied',
  /** A LoadBalancer Service of the management cluster in front of the tenant's controller. */
  LoadBalancer: 'LoadBalancer',
} as const;
export type IngressNginxExposeMethod = (typeof IngressNginxExposeMethod)[keyof typeof IngressNginxExposeMethod];

/** Ingress-NGINX controller inside the tenant cluster. */
export interface IngressNginxAddonSpec {
  /** Install the controller (requires nodes with the `ingress-nginx` role). @default false */
  readonly enabled?: boolean;
  /** Method to expose the controller. @default 'Proxied' */
  readonly exposeMethod?: IngressNginxExposeMethod;
  /** Domains routed to this tenant cluster when `exposeMethod` is `Proxied`. @default [] */
  readonly hosts?: string[];
  /** Custom Helm values overrides. @default {} */
  readonly valuesOverride?: ValuesOverride;
}

/** Cluster addons (Flux HelmReleases installed into the tenant cluster). */
export interface AddonsSpec {
  /** Cert-manager. @default - disabled */
  readonly certManager?: ToggledAddonSpec;
  /** Cilium CNI (always installed). @default {} */
  readonly cilium?: AlwaysOnAddonSpec;
  /** Gateway API CRDs. @default - disabled */
  readonly gatewayAPI?: GatewayApiAddonSpec;
  /** Ingress-NGINX controller. @default - disabled */
  readonly ingressNginx?: IngressNginxAddonSpec;
  /** NVIDIA GPU Operator. @default - disabled */
  readonly gpuOperator?: ToggledAddonSpec;
  /** FluxCD GitOps operator. @default - disabled */
  readonly fluxcd?: ToggledAddonSpec;
  /** Monitoring agents (with the VictoriaMetrics operator and the Vertical Pod Autoscaler). @default - disabled */
  readonly monitoringAgents?: ToggledAddonSpec;
  /** Vertical Pod Autoscaler (installed with the monitoring agents). @default {} */
  readonly verticalPodAutoscaler?: AlwaysOnAddonSpec;
  /** Velero backup/restore. @default - disabled */
  readonly velero?: ToggledAddonSpec;
  /** CoreDNS (always installed). @default {} */
  readonly coredns?: AlwaysOnAddonSpec;
  /**
   * HAMi, GPU sharing on top of the NVIDIA GPU Operator (platform release v1.5 only; needs `gpuOperator`, and turns
   * the GPU Operator's own device plugin off). The override is HAMi's values, verbatim. @default - disabled
   */
  readonly hami?: ToggledAddonSpec;
  /**
   * Ouroboros, the hairpin-NAT fix for the tenant's ingress-nginx (platform release v1.5 only; needs `ingressNginx`).
   * Its Gateway API support follows `gatewayAPI.enabled`. @default - disabled
   */
  readonly ouroboros?: ToggledAddonSpec;
}

/**
 * What the reference chart read from the tenant namespace's annotations (`namespace.cozystack.io/*`).
 */
export interface TenantContext {
  /** The tenant namespace every namespaced object goes into, e.g. `tenant-alice`. */
  readonly namespace: string;
  /**
   * Name of an existing Kamaji DataStore to keep this cluster's state in (the `namespace.cozystack.io/etcd`
   * annotation). Leave it out to get a dedicated etcd for this cluster.
   * @default - a dedicated etcd is created
   */
  readonly dataStoreName?: string;
  /**
   * IngressClass of the tenant's ingress controller, used for the API server and the Proxied ingress
   * (the `namespace.cozystack.io/ingress` annotation).
   * @default - no class: the management cluster's default IngressClass
   */
  readonly ingressClassName?: string;
  /**
   * DNS base domain of the tenant (the `namespace.cozystack.io/host` annotation); the API server's default
   * host is `kubernetes-<name>.<host>`. Required unless `host` is given.
   * @default - none
   */
  readonly host?: string;
  /** Namespace of the tenant's monitoring stack (the `namespace.cozystack.io/monitoring` annotation). @default - none */
  readonly monitoringNamespace?: string;
}

/** A containerd registry configuration file given to every worker (`/etc/containerd/certs.d/<registry>/hosts.toml`). */
export interface ContainerdRegistrySpec {
  /** Registry host, e.g. `docker.io` or `registry.local:5000`; `_default` configures every registry. */
  readonly registry: string;
  /**
   * Key of the Secret that holds the `hosts.toml` content; required for a registry with a port (a Secret key has
   * no `:`). @default - `<registry>.toml`
   */
  readonly key?: string;
}

/** Registry mirrors for worker containerd, read from a Secret in the tenant namespace. */
export interface ContainerdRegistryConfig {
  /**
   * Secret in the tenant namespace holding one `hosts.toml` per registry. **You create it** (before workers boot:
   * the kubeadm bootstrap provider waits for it); nothing here renders or copies it.
   */
  readonly secretName: string;
  /** The registries configured: at least one, each once. */
  readonly registries: ContainerdRegistrySpec[];
}

/** A topology spread constraint for worker and etcd pods (Kubernetes `TopologySpreadConstraint`). */
export interface TopologySpreadConstraintSpec {
  readonly maxSkew: number;
  readonly topologyKey: string;
  /** `DoNotSchedule` or `ScheduleAnyway`. */
  readonly whenUnsatisfiable: string;
  /**
   * Which pods count (Kubernetes `LabelSelector`): every label of `matchLabels` and every requirement of
   * `matchExpressions` (`{ key, operator: In | NotIn | Exists | DoesNotExist, values }`; values with `In`/`NotIn` only).
   * @default - set per workload
   */
  readonly labelSelector?: LabelSelectorSpec;
}

/** A Kubernetes `LabelSelector`: every label of `matchLabels` and every requirement of `matchExpressions`. */
export interface LabelSelectorSpec {
  /** Labels a pod must have. @default {} */
  readonly matchLabels?: Readonly<Record<string, string>>;
  /** Requirements a pod must meet. @default [] */
  readonly matchExpressions?: LabelSelectorRequirementSpec[];
}

/** One requirement of a `LabelSelector`. */
export interface LabelSelectorRequirementSpec {
  /** The label key. */
  readonly key: string;
  /** `In`, `NotIn`, `Exists` or `DoesNotExist`. */
  readonly operator: string;
  /** The values, with `In` and `NotIn` only. @default [] */
  readonly values?: string[];
}

/** Images the workers and the platform components run. */
export interface ImagesSpec {
  /**
   * Container disk of worker VMs by minor version (the selected line's minors). Versions left out use the line's
   * disk: on v1.5 one disk per minor pinned by digest; on v0.37 the pinned v1.33 disk, and
   * `ghcr.io/cozystack/cozystack/ubuntu-container-disk:<minor>` for the other minors.
   * @default {}
   */
  readonly workerContainerDisks?: Readonly<Record<string, string>>;
  /** @default 'ghcr.io/ahrtr/etcd-defrag:v0.13.0' */
  readonly etcdDefrag?: string;
  /** @default - the reference platform's pinned cluster-autoscaler */
  readonly clusterAutoscaler?: string;
  /** @default - the reference platform's pinned kubevirt-cloud-provider */
  readonly kubevirtCloudProvider?: string;
  /** @default - the reference platform's pinned kubevirt-csi-driver */
  readonly kubevirtCsiDriver?: string;
  /** @default 'quay.io/openshift/origin-csi-external-provisioner:latest' */
  readonly csiProvisioner?: string;
  /** @default 'quay.io/openshift/origin-csi-external-attacher:latest' */
  readonly csiAttacher?: string;
  /** @default 'quay.io/openshift/origin-csi-livenessprobe:latest' */
  readonly csiLivenessProbe?: string;
  /** @default 'registry.k8s.io/sig-storage/csi-snapshotter:v8.3.0' */
  readonly csiSnapshotter?: string;
  /** @default 'registry.k8s.io/sig-storage/snapshot-controller:v8.3.0' */
  readonly snapshotController?: string;
  /** @default 'registry.k8s.io/sig-storage/csi-resizer:v1.13.1' */
  readonly csiResizer?: string;
  /** Image with `sh` and `kubectl`, for teardown (and, on v0.37, the kubeconfig wait). @default 'docker.io/clastix/kubectl:v1.32' */
  readonly kubectl?: string;
  /**
   * Image with `sh` for the init container that waits for the admin kubeconfig.
   * @default - v1.5: the platform's pinned busybox 1.37.0; v0.37: the `kubectl` image
   */
  readonly waitForKubeconfig?: string;
}

/**
 * Where an addon's Helm chart comes from. `HelmRepository`, `GitRepository` and `Bucket` hold charts by name: the
 * HelmRelease gets `spec.chart.spec` (chart, version, sourceRef). `ExternalArtifact`, `OCIRepository` and `HelmChart`
 * are one chart each: the HelmRelease gets `spec.chartRef`, and `chart` and `version` do not apply (platform release
 * v1.5 only).
 */
export interface AddonChartSource {
  /**
   * Kind of the Flux source.
   * @default - v0.37: 'HelmRepository'; v1.5: 'ExternalArtifact' for a built-in addon, 'HelmRepository' for a caller's
   */
  readonly sourceKind?: string;
  /**
   * Name of the Flux source. On v1.5 a caller's addon has no default: the platform serves its own charts as one
   * ExternalArtifact each and has no repository for other charts.
   * @default - v0.37: 'cozystack-system'; v1.5: 'cozystack-kubernetes-application-kubevirt-kubernetes-<component>' for a built-in addon
   */
  readonly sourceName?: string;
  /** Namespace of the Flux source. @default 'cozy-system' */
  readonly sourceNamespace?: string;
  /** Chart name (`chart.spec` kinds only). @default - the reference platform's chart for the addon (e.g. 'cozy-cilium') */
  readonly chart?: string;
  /** Chart version constraint (`chart.spec` kinds only). @default '>= 0.0.0-0' */
  readonly version?: string;
}

export type { BuiltInAddonId };

/**
 * Chart sources: a default for every addon, and per-addon overrides, one property per built-in addon id (written
 * out, not mapped, so that every language gets a typed property for each).
 */
export interface AddonChartsSpec {
  /**
   * Applied to every addon before its own entry (and a caller's addon's source).
   * @default - v0.37: HelmRepository cozy-system/cozystack-system, version '>= 0.0.0-0'; v1.5: each built-in addon's ExternalArtifact
   */
  readonly defaults?: AddonChartSource;
  /** The `cilium` addon's chart. @default - `defaults`, then the line's source for it */
  readonly cilium?: AddonChartSource;
  /** The `coredns` addon's chart. @default - `defaults`, then the line's source for it */
  readonly coredns?: AddonChartSource;
  /** The `csi` addon's chart. @default - `defaults`, then the line's source for it */
  readonly csi?: AddonChartSource;
  /** The `vsnapCrd` addon's chart. @default - `defaults`, then the line's source for it */
  readonly vsnapCrd?: AddonChartSource;
  /** The `metricsServer` addon's chart (platform release v1.5 only). @default - `defaults`, then the line's source for it */
  readonly metricsServer?: AddonChartSource;
  /** The `prometheusOperatorCrds` addon's chart (platform release v1.5 only). @default - `defaults`, then the line's source for it */
  readonly prometheusOperatorCrds?: AddonChartSource;
  /** The `certManagerCrds` addon's chart. @default - `defaults`, then the line's source for it */
  readonly certManagerCrds?: AddonChartSource;
  /** The `certManager` addon's chart. @default - `defaults`, then the line's source for it */
  readonly certManager?: AddonChartSource;
  /** The `gatewayApiCrds` addon's chart. @default - `defaults`, then the line's source for it */
  readonly gatewayApiCrds?: AddonChartSource;
  /** The `ingressNginx` addon's chart. @default - `defaults`, then the line's source for it */
  readonly ingressNginx?: AddonChartSource;
  /** The `ouroboros` addon's chart (platform release v1.5 only). @default - `defaults`, then the line's source for it */
  readonly ouroboros?: AddonChartSource;
  /** The `gpuOperator` addon's chart. @default - `defaults`, then the line's source for it */
  readonly gpuOperator?: AddonChartSource;
  /** The `hami` addon's chart (platform release v1.5 only). @default - `defaults`, then the line's source for it */
  readonly hami?: AddonChartSource;
  /** The `fluxcdOperator` addon's chart. @default - `defaults`, then the line's source for it */
  readonly fluxcdOperator?: AddonChartSource;
  /** The `fluxcd` addon's chart. @default - `defaults`, then the line's source for it */
  readonly fluxcd?: AddonChartSource;
  /** The `monitoringAgents` addon's chart. @default - `defaults`, then the line's source for it */
  readonly monitoringAgents?: AddonChartSource;
  /** The `victoriaMetricsOperator` addon's chart. @default - `defaults`, then the line's source for it */
  readonly victoriaMetricsOperator?: AddonChartSource;
  /** The `verticalPodAutoscaler` addon's chart. @default - `defaults`, then the line's source for it */
  readonly verticalPodAutoscaler?: AddonChartSource;
  /** The `verticalPodAutoscalerCrds` addon's chart. @default - `defaults`, then the line's source for it */
  readonly verticalPodAutoscalerCrds?: AddonChartSource;
  /** The `velero` addon's chart. @default - `defaults`, then the line's source for it */
  readonly velero?: AddonChartSource;
}

// AddonChartsSpec has exactly `defaults` and one property per built-in addon id: an id added to or dropped from
// BUILT_IN_ADDON_IDS without its property here fails to compile.
const ADDON_CHART_KEYS_COMPLETE: Exactly<Exclude<keyof AddonChartsSpec, 'defaults'>, BuiltInAddonId> = true;
void ADDON_CHART_KEYS_COMPLETE;

/**
 * What the reference chart read from the platform (the `cozy-system` ConfigMaps and the installed instance types).
 */
export interface PlatformContext {
  /**
   * The Cozystack platform line the output is for: `v0.37` (the seed's platform, Cozystack 963277233, Kubernetes
   * v1.28–v1.33) or `v1.5` (Cozystack v1.5.4, Kubernetes v1.30–v1.35). It selects the supported versions, the worker
   * disks, images, presets, the addon catalogue and the HelmRelease shape (docs/platform-lines.md).
   * @default 'v1.5'
   */
  readonly release?: PlatformRelease;
  /** Request = limit ÷ ratio. @default { cpu: 10, memory: 1, ephemeralStorage: 40 } */
  readonly allocationRatios?: AllocationRatios;
  /** DNS domain of the management cluster. @default 'cozy.local' */
  readonly clusterDomain?: string;
  /** Instance types beyond the platform's 48 (or replacing one of them by name). @default {} */
  readonly instanceTypes?: Readonly<Record<string, InstanceTypeSize>>;
  /** Spread constraints for worker VMs and etcd pods (`globalAppTopologySpreadConstraints`). @default - none */
  readonly topologySpreadConstraints?: TopologySpreadConstraintSpec[];
  /** Containerd registry configuration for workers. @default - none */
  readonly containerdRegistries?: ContainerdRegistryConfig;
  /** Patch release for a minor version, overriding the built-in table (e.g. `{ 'v1.33': 'v1.33.5' }`). @default {} */
  readonly kubernetesPatchVersions?: Readonly<Record<string, string>>;
  /** Images. @default - the reference platform's */
  readonly images?: ImagesSpec;
  /** Where addon charts come from. @default - the reference platform's HelmRepository and chart names */
  readonly addonCharts?: AddonChartsSpec;
  /**
   * Version of Flux's helm-controller on the management cluster. From 1.4 on, the CNI and CSI addons retry failed
   * installs and upgrades (`strategy: RetryOnFailure`) instead of uninstalling them; 1.3 (the pinned CRDs) has no
   * such field.
   * @default - the line's: '1.5.0' on v1.5, '1.3.0' on v0.37
   */
  readonly fluxHelmControllerVersion?: string;
}

/** How a tenant cluster is taken down. */
export interface TeardownSpec {
  /**
   * Add the cleanup Job as a Helm `pre-delete` hook, for output that is installed as a Helm chart. Never apply such
   * output with kubectl or a Flux Kustomization: outside Helm the Job runs at once.
   * @default false
   */
  readonly helmHook?: boolean;
  /** Bound of each wait in the cleanup (HelmRelease uninstalls, control-plane deletion). @default '5m' */
  readonly waitTimeout?: string;
}

/** The dedicated etcd created when the tenant gives no DataStore (the reference `etcd` chart's values). */
export interface EtcdSpec {
  /** Number of etcd members. @default 3 */
  readonly replicas?: number;
  /** Volume size of each member. @default '4Gi' */
  readonly size?: QuantityString;
  /** StorageClass of the member volumes. @default - the cluster default StorageClass */
  readonly storageClass?: string;
  /** CPU and memory limit of each member. @default { cpu: '1000m', memory: '512Mi' } */
  readonly resources?: ResourceAmounts;
  /** Run the hourly defragmentation CronJob. @default true */
  readonly defrag?: boolean;
}

/** Everything that describes one tenant Kubernetes cluster. */
export interface TenantKubernetesClusterSpec {
  /**
   * Cluster name (a DNS-1123 label); objects are named `kubernetes-<name>`. It may not contain the word `kubernetes`
   * nor end in a reserved word (`-admin`, `-etcd`, a built-in addon's name, …), which would give its objects the
   * names of another cluster's (docs/naming.md).
   */
  readonly name: string;
  /** Facts about the tenant namespace. */
  readonly tenant: TenantContext;
  /** Facts about the management platform. @default - the reference platform's */
  readonly platform?: PlatformContext;
  /** StorageClass used to store the data (tenant volumes via the CSI driver). @default 'replicated' */
  readonly storageClass?: string;
  /**
   * Worker node groups, by name: one word of lower-case letters and digits (`md0`, `gpu`), so that no two clusters'
   * groups can share a MachineDeployment name.
   * @default - one group `md0` (u1.medium, 0–10 replicas, role ingress-nginx)
   */
  readonly nodeGroups?: Readonly<Record<string, NodeGroupSpec>>;
  /** Kubernetes version: one of the platform line's minors (v1.30–v1.35 on v1.5, v1.28–v1.33 on v0.37). @default - 'v1.35' on v1.5, 'v1.33' on v0.37 */
  readonly version?: KubernetesMinorVersion;
  /** External hostname of the API server. @default - `kubernetes-<name>.<tenant host>` */
  readonly host?: string;
  /** Cluster addons. @default {} */
  readonly addons?: AddonsSpec;
  /** Control-plane configuration. @default {} */
  readonly controlPlane?: ControlPlaneSpec;
  /** The dedicated etcd (used only when `tenant.dataStoreName` is not given). @default {} */
  readonly etcd?: EtcdSpec;
  /**
   * Also render the reference platform's integration objects: WorkloadMonitors (cozystack.io) and the dashboard's
   * RBAC. Needs a `tenant-…` namespace.
   * @default false
   */
  readonly platformIntegration?: boolean;
  /** Teardown. @default {} */
  readonly teardown?: TeardownSpec;
}

/** A further HelmRelease installed into the tenant cluster (`addAddon`). */
export interface AddonOptions {
  /** Chart name in the source. */
  readonly chart: string;
  /** Where the chart comes from. @default - `platform.addonCharts.defaults` (the reference platform's HelmRepository) */
  readonly source?: AddonChartSource;
  /** Helm release name. @default - the addon id */
  readonly releaseName?: string;
  /** Namespace inside the tenant cluster. */
  readonly targetNamespace: string;
  /** Helm values. @default - none */
  readonly values?: ValuesOverride;
  /** Addons (built-in ids such as `certManager`, or ids given to `addAddon`) to install first. @default ['cilium'] */
  readonly dependsOn?: string[];
  /** Create the target namespace. @default true */
  readonly createNamespace?: boolean;
  /** Timeout of Helm operations. @default '10m' */
  readonly timeout?: string;
}
