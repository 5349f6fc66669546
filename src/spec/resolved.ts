// The validated description of a tenant cluster, every default applied. Produced only by `resolveSpec`;
// everything in render/ reads this and nothing else.
import type { InstanceTypeSize } from './instance-types';
import type { ClusterNames } from './names';
import type { AllocationRatios, ResourcesPreset } from './presets';
import type { BuiltInAddonId, ContainerdRegistryConfig, IngressNginxExposeMethod, TopologySpreadConstraintSpec, ValuesOverride } from './types';
import type { PlatformLine, PlatformRelease } from './platform-lines';
import type { KubernetesVersion } from './versions';

export interface ResolvedGpu {
  readonly name: string;
}

/** The fields of a node group that shape its KubevirtMachineTemplate (and so its content-hashed name). */
export interface ResolvedTemplateShape {
  /** The instance type, or `undefined` when VMs are sized by `resources`. */
  readonly instanceType: string | undefined;
  /** Size of the data disk (`diskSize`, or its deprecated alias `ephemeralStorage`), as written. */
  readonly diskSize: string;
  /** StorageClass of the persistent data disk; `undefined`: the management cluster's default (and always on v0.37). */
  readonly storageClass: string | undefined;
  readonly roles: readonly string[];
  /** Explicit CPU (whole cores, as written) or `undefined`. */
  readonly cpu: string | undefined;
  /** Explicit memory or `undefined`. */
  readonly memory: string | undefined;
  readonly gpus: readonly ResolvedGpu[];
}

export interface ResolvedRetainedTemplate {
  readonly shape: ResolvedTemplateShape;
  /** The name the user expects, if given. */
  readonly expectedName: string | undefined;
  /** Where it came from, for messages: e.g. `nodeGroups.md0.retainedTemplates[0]`. */
  readonly path: string;
}

export interface ResolvedNodeGroup {
  /** The key in `nodeGroups`. */
  readonly name: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly shape: ResolvedTemplateShape;
  /** Guest size of each VM: the instance type's, or `resources`. */
  readonly capacity: { readonly cpu: string; readonly memory: string };
  /** The kubelet's reservations, on platform lines that reserve (`kubeletReservations`); else `undefined`. */
  readonly kubelet: ResolvedKubeletReservations | undefined;
  readonly healthCheck: {
    readonly unknownTimeout: string;
    readonly notReadyTimeout: string;
    readonly nodeStartupTimeout: string;
    readonly maxUnhealthy: string;
  };
  readonly maxNodeProvisionTime: string;
  readonly retainedTemplates: readonly ResolvedRetainedTemplate[];
}

/** A node group's kubelet reservations and eviction thresholds, defaults applied, and what they leave for pods. */
export interface ResolvedKubeletReservations {
  /** `--system-reserved` memory, e.g. `"256Mi"`. */
  readonly systemReservedMemory: string;
  /** `--kube-reserved` memory. */
  readonly kubeReservedMemory: string;
  /** `--system-reserved` CPU, e.g. `"50m"`. */
  readonly systemReservedCpu: string;
  /** `--kube-reserved` CPU. */
  readonly kubeReservedCpu: string;
  /** `memory.available` of `--eviction-hard`, e.g. `"7%"`. */
  readonly evictionHardMemory: string;
  /** `memory.available` of `--eviction-soft`, e.g. `"10%"`. */
  readonly evictionSoftMemory: string;
  /**
   * What remains of a VM for pods, for the autoscaler's capacity annotations: memory in whole Mi rounded down
   * (`"3297Mi"`), CPU in millicores (`"900m"`); `undefined` where the VM's size is not known.
   */
  readonly allocatable: { readonly cpu: string | undefined; readonly memory: string | undefined };
}

/** Resources of one control-plane component. */
export interface ResolvedComponentResources {
  /** The preset named, or the platform line's default for the component; one the line accepts. */
  readonly preset: ResourcesPreset;
  /** Explicit CPU overriding the preset's, or `undefined`. */
  readonly cpu: string | undefined;
  /** Explicit memory overriding the preset's, or `undefined`. */
  readonly memory: string | undefined;
}

/** The Kamaji-hosted control plane. */
export interface ResolvedControlPlane {
  readonly replicas: number;
  readonly apiServer: ResolvedComponentResources;
  readonly controllerManager: ResolvedComponentResources;
  readonly scheduler: ResolvedComponentResources;
  readonly konnectivityServer: ResolvedComponentResources;
}

export interface ResolvedToggledAddon {
  readonly enabled: boolean;
  readonly valuesOverride: ValuesOverride;
}

export interface ResolvedAddons {
  readonly certManager: ResolvedToggledAddon;
  readonly cilium: { readonly valuesOverride: ValuesOverride };
  readonly gatewayAPI: { readonly enabled: boolean };
  readonly ingressNginx: ResolvedToggledAddon & {
    readonly exposeMethod: IngressNginxExposeMethod;
    readonly hosts: readonly string[];
  };
  readonly gpuOperator: ResolvedToggledAddon;
  readonly fluxcd: ResolvedToggledAddon;
  readonly monitoringAgents: ResolvedToggledAddon;
  readonly verticalPodAutoscaler: { readonly valuesOverride: ValuesOverride };
  readonly velero: ResolvedToggledAddon;
  readonly coredns: { readonly valuesOverride: ValuesOverride };
  /** Off on lines without HAMi. */
  readonly hami: ResolvedToggledAddon;
  /** Off on lines without ouroboros. */
  readonly ouroboros: ResolvedToggledAddon;
}

/** The dedicated etcd, when the tenant gives no DataStore. */
export interface ResolvedDedicatedEtcd {
  readonly replicas: number;
  readonly size: string;
  readonly storageClass: string | undefined;
  readonly cpu: string;
  readonly memory: string;
  readonly defrag: boolean;
}

export interface ResolvedPlatform {
  /** The platform line rendered for (`platform.release`). */
  readonly release: PlatformRelease;
  /** Its facts and switches; render reads these, never the release string. */
  readonly line: PlatformLine;
  /** Every instance type known (the platform's plus declared ones), for node pools added later. */
  readonly instanceTypes: Readonly<Record<string, InstanceTypeSize>>;
  readonly allocationRatios: Required<AllocationRatios>;
  readonly clusterDomain: string;
  readonly topologySpreadConstraints: readonly TopologySpreadConstraintSpec[] | undefined;
  readonly containerdRegistries: ContainerdRegistryConfig | undefined;
  readonly workerContainerDisk: string;
  readonly images: ResolvedImages;
  /** Chart source of every built-in addon of the line, defaults applied. */
  readonly addonCharts: Readonly<Partial<Record<BuiltInAddonId, ResolvedChartSource>>> & {
    /**
     * What a caller's addon starts from: the line's default under `platform.addonCharts.defaults`. `sourceName`
     * `undefined` (v1.5 without defaults): the addon must name its source.
     */
    readonly defaults: Omit<ResolvedChartSource, 'sourceName'> & { readonly sourceName: string | undefined };
  };
  /** True when helm-controller is 1.4 or newer: CNI and CSI retry instead of remediating by uninstall. */
  readonly helmReleaseRetryStrategy: boolean;
}

export interface ResolvedImages {
  readonly etcdDefrag: string;
  readonly clusterAutoscaler: string;
  readonly kubevirtCloudProvider: string;
  readonly kubevirtCsiDriver: string;
  readonly csiProvisioner: string;
  readonly csiAttacher: string;
  readonly csiLivenessProbe: string;
  readonly csiSnapshotter: string;
  readonly snapshotController: string;
  readonly csiResizer: string;
  readonly kubectl: string;
  /** The init container that waits for the admin kubeconfig; `undefined`: the `kubectl` image. */
  readonly waitForKubeconfig: string | undefined;
}

/** A Flux chart source, resolved. */
export interface ResolvedChartSource {
  /** One of the line's kinds; `ExternalArtifact`, `OCIRepository` and `HelmChart` render `spec.chartRef`. */
  readonly sourceKind: string;
  readonly sourceName: string;
  readonly sourceNamespace: string;
  /** `undefined` means the addon's own chart name. */
  readonly chart: string | undefined;
  readonly version: string;
}

export interface ResolvedTeardown {
  readonly helmHook: boolean;
  readonly waitTimeout: string;
}

export interface ResolvedCluster {
  readonly name: string;
  readonly names: ClusterNames;
  readonly namespace: string;
  readonly version: KubernetesVersion;
  /** The patch release rendered, e.g. `v1.33.0`. */
  readonly patchVersion: string;
  /** Konnectivity version pinned for this version on the platform line; `undefined`: Kamaji chooses. */
  readonly konnectivityVersion: string | undefined;
  /** External host of the API server, without port. */
  readonly host: string;
  readonly ingressClassName: string | undefined;
  /** The DataStore the control plane uses: the tenant's, or the dedicated etcd's. */
  readonly dataStoreName: string;
  /** Set when this cluster gets its own etcd. */
  readonly dedicatedEtcd: ResolvedDedicatedEtcd | undefined;
  readonly monitoringNamespace: string | undefined;
  /** `undefined` when empty (the CSI addon then passes no StorageClass). */
  readonly storageClass: string | undefined;
  /** Sorted by name (the chart iterated map keys in sorted order). */
  readonly nodeGroups: readonly ResolvedNodeGroup[];
  readonly controlPlane: ResolvedControlPlane;
  readonly addons: ResolvedAddons;
  readonly platform: ResolvedPlatform;
  /** Render WorkloadMonitors and dashboard RBAC of the reference platform. */
  readonly platformIntegration: boolean;
  readonly teardown: ResolvedTeardown;
}
