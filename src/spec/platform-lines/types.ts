// What a platform line is: everything the rendered output depends on that a Cozystack release decides. One renderer
// reads these facts and switches; no module outside spec/platform-lines/ names a release.
import type { AddonToggle } from '../addon-graph';
import type { BuiltInAddonId } from '../addon-ids';
import type { InstanceTypeSize } from '../instance-types';
import type { ResourcesPreset } from '../presets';
import type { ResolvedImages } from '../resolved';
import type { KubernetesMinorVersion } from '../versions';

/**
 * A Cozystack platform line: `v0.37` is the seed's platform (Cozystack 963277233, Kubernetes v1.28–v1.33), `v1.5` is
 * Cozystack v1.5.4 (Kubernetes v1.30–v1.35). An object of constants and the union of its values (an enum in other
 * languages).
 */
export const PlatformRelease = {
  /** The seed's platform, Cozystack 963277233 (Kubernetes v1.28–v1.33). */
  V0_37: 'v0.37',
  /** Cozystack v1.5.4 (Kubernetes v1.30–v1.35). */
  V1_5: 'v1.5',
} as const;
export type PlatformRelease = (typeof PlatformRelease)[keyof typeof PlatformRelease];

/** Every platform release this library renders for, oldest first. */
export const PLATFORM_RELEASES: readonly PlatformRelease[] = Object.freeze(Object.values(PlatformRelease));

/** A Kubernetes minor version as one platform line renders it. */
export interface LineKubernetesVersion {
  readonly minor: KubernetesMinorVersion;
  /** The patch release rendered into the control plane and the MachineDeployments, e.g. `v1.35.1`. */
  readonly patch: string;
  /** The worker VMs' container disk (an image reference, pinned by digest where the platform pins it). */
  readonly workerContainerDisk: string;
  /** Konnectivity agent and server version pinned for this minor; `undefined`: Kamaji chooses. */
  readonly konnectivityVersion: string | undefined;
}

/** The default images of a line. `waitForKubeconfig` `undefined` waits with the `kubectl` image. */
export type LineImages = ResolvedImages;

/** Everything a platform line decides. */
export interface PlatformLine {
  readonly release: PlatformRelease;
  /** What the line is, for messages and documentation: e.g. `Cozystack v1.5.4`. */
  readonly cozystack: string;
  /** The Kubernetes versions the line supports, oldest first. */
  readonly versions: readonly LineKubernetesVersion[];
  /** The version a cluster gets when it names none. */
  readonly defaultVersion: KubernetesMinorVersion;
  /** Default images (each replaceable under `platform.images`). */
  readonly images: LineImages;
  /** The VirtualMachineClusterInstancetypes the platform installs. */
  readonly instanceTypes: Readonly<Record<string, InstanceTypeSize>>;
  /** The GPUs each of those instance types brings (types without GPUs are left out). */
  readonly instanceTypeGpus: Readonly<Record<string, readonly string[]>>;
  /** The helm-controller the platform runs (the default of `platform.fluxHelmControllerVersion`). */
  readonly helmControllerVersion: string;
  /**
   * Kubeadm's conntrack preflight check is ignored on minors below this number (`Infinity`: on every minor). The v0.37
   * disk lacks conntrack for kubeadm's check before v1.32; the v1.5 chart ignores it everywhere.
   */
  readonly ignoreConntrackPreflightBelow: number;
  /**
   * Label the objects the platform finds a tenant cluster's resources by with the `apps.cozystack.io/application.*`
   * labels (group, kind, name) and `internal.cozystack.io/tenantresource`: worker VMs, the cloud controller's
   * `infraLabels`, the Proxied ingress Service and Ingress.
   */
  readonly applicationLabels: boolean;

  // ── Control plane, platform components, Proxied ingress, teardown (issue 16, delta §1.1.2, §1.3, §1.4, §1.7, §1.10) ──

  /** The `resourcesPreset` names the line accepts, in the order messages list them. */
  readonly presets: readonly ResourcesPreset[];
  /** The preset of each control-plane component that names none. */
  readonly defaultPresets: {
    /** The API server's. */
    readonly apiServer: ResourcesPreset;
    /** The controller manager's, the scheduler's and the konnectivity server's. */
    readonly component: ResourcesPreset;
  };
  /**
   * The kubevirt-csi controller is a build that serves the node side from the same binary: pass it
   * `--run-node-service=false` so that the controller Deployment runs the controller service only (1af999a50).
   */
  readonly csiControllerOnlyFlag: boolean;
  /**
   * The kubevirt-csi controller makes a CiliumNetworkPolicy per RWX filesystem (NFS) volume: its Role may get,
   * create, update and delete `cilium.io` `ciliumnetworkpolicies` (1af999a50).
   */
  readonly csiCiliumNetworkPolicies: boolean;
  /** Helm hook delete policies of the cleanup objects (with `teardown.helmHook`). */
  readonly cleanupHook: {
    /** The Job's: kept when it fails, so that its log says what was left (b1a7e9560). */
    readonly jobDeletePolicy: string;
    /** The ServiceAccount's, Role's and RoleBinding's. */
    readonly rbacDeletePolicy: string;
  };

  // ── Node pools: KubeadmConfigTemplate, KubevirtMachineTemplate, MachineDeployment of each node group ──

  /**
   * Where workers keep kubelet and containerd data. `ephemeral`: an emptyDisk of `diskSize`, filesystem label
   * `ephemeral`, gone when the VM stops. `persistent`: a DataVolume `disk-kubelet` of `diskSize` on the group's
   * `storageClass` (`nodeGroups.*.storageClass` exists only here), label `persistent`, bind-mounted idempotently.
   */
  readonly workerStorage: 'ephemeral' | 'persistent';
  /**
   * Reserve memory and CPU for the system and the kubelet on every worker, evict by memory thresholds
   * (`nodeGroups.*.kubelet` exists only here), and give the autoscaler what remains as the group's capacity.
   */
  readonly kubeletReservations: boolean;
  /** Replace the disk's kubelet and kubeadm with the rendered patch release at boot (`/usr/bin/update-k8s.sh`). */
  readonly workerKubeletUpdate: boolean;
  /** Annotate KubeadmConfigTemplates `helm.sh/resource-policy: keep`, so a Helm upgrade never deletes one in use. */
  readonly keepKubeadmConfigTemplates: boolean;
  /** Label the workers of node groups with GPUs `gpu=on` (HAMi's device plugin runs on them). */
  readonly gpuNodeLabel: boolean;

  // ── Addons: the built-in addon catalogue and graph, the HelmRelease shape, the addon values that differ ──

  /**
   * The line's built-in addons (the catalogue: an id without an entry does not exist on the line), each with the
   * addons it waits for (its HelmRelease's `dependsOn`, in this order) and where its chart comes from when
   * `platform.addonCharts` does not say. Output order is `BUILT_IN_ADDON_IDS`'.
   */
  readonly addons: LineAddonCatalogue;
  /** The Flux source kinds `platform.addonCharts` and a caller's addon may name. */
  readonly addonSourceKinds: readonly ChartSourceKind[];
  /** Where a caller's addon's chart comes from when neither it nor `platform.addonCharts.defaults` says. */
  readonly customAddonSource: LineChartSource;
  /** Label every addon HelmRelease `sharding.fluxcd.io/key: tenants`, for the platform's helm-controller shards. */
  readonly addonShardingLabel: boolean;
  /** Addon values the line's chart sets differently. */
  readonly addonValues: LineAddonValues;
}

/** A Flux source a HelmRelease's chart can come from. */
export type ChartSourceKind = 'HelmRepository' | 'GitRepository' | 'Bucket' | 'ExternalArtifact' | 'OCIRepository' | 'HelmChart';

/** A dependency of a built-in addon: always, or only while a toggle is on. */
export type AddonDependency = BuiltInAddonId | { readonly id: BuiltInAddonId; readonly when: AddonToggle };

/** A built-in addon on a line. */
export interface LineAddon {
  /** The addons its HelmRelease waits for, in rendered order. */
  readonly dependsOn: readonly AddonDependency[];
  /** Its chart's source when `platform.addonCharts` gives none. */
  readonly source: LineChartSource;
}

/** The built-in addons of a line, by id. */
export type LineAddonCatalogue = { readonly [K in BuiltInAddonId]?: LineAddon };

/** A chart source a line supplies. */
export interface LineChartSource {
  readonly kind: ChartSourceKind;
  /** `undefined`: none; the description must name one. */
  readonly name: string | undefined;
  readonly namespace: string;
  /** The version constraint (`chart.spec` kinds). */
  readonly version: string;
}

/** The addon values that differ between lines. */
export interface LineAddonValues {
  /**
   * cert-manager's values are always rendered (`{}` when empty), and carry the `ControllerConfiguration` that turns
   * cert-manager's Gateway API support on when `addons.gatewayAPI` is enabled.
   */
  readonly certManagerGatewayApi: boolean;
  /**
   * The GPU Operator gets the chart's defaults (the `nvidia-kernel-module-params` ConfigMap, created by the wrapper
   * chart) under its override.
   */
  readonly gpuOperatorDefaults: boolean;
  /** Where fluent-bit sends logs: a Service of the tenant's monitoring namespace, and its port. */
  readonly logsInsert: { readonly service: string; readonly port: number };
}
