// The fields validation accepts, per object of the description. Each list is checked against its type: a field
// added to a type fails to compile here until it is listed, and so until validation reads it (an unlisted field
// would be refused as unknown).
import type { InstanceTypeSize } from './instance-types';
import type { AllocationRatios, ResourceAmounts } from './presets';
import type {
  AddonChartSource,
  AddonOptions,
  AddonsSpec,
  AlwaysOnAddonSpec,
  ComponentResourcesSpec,
  ContainerdRegistryConfig,
  ContainerdRegistrySpec,
  ControlPlaneSpec,
  EtcdSpec,
  GatewayApiAddonSpec,
  GpuSpec,
  IngressNginxAddonSpec,
  KonnectivitySpec,
  KubeletReservationsSpec,
  NodeGroupSpec,
  NodeHealthCheckOptions,
  NodeResources,
  PlatformContext,
  RetainedTemplateSpec,
  TeardownSpec,
  TenantContext,
  TenantKubernetesClusterSpec,
  ToggledAddonSpec,
  TopologySpreadConstraintSpec,
} from './types';

/** All the keys of `T`: the call fails to compile while one is missing (named in the error) or one is not of `T`. */
function everyKey<T>() {
  return <const K extends readonly (keyof T & string)[]>(
    keys: K & ([Exclude<keyof T, K[number]>] extends [never] ? unknown : { readonly missing: Exclude<keyof T, K[number]> }),
  ): readonly (keyof T & string)[] => keys;
}

export const TOP_KEYS = everyKey<TenantKubernetesClusterSpec>()([
  'name',
  'tenant',
  'platform',
  'storageClass',
  'nodeGroups',
  'version',
  'host',
  'addons',
  'controlPlane',
  'etcd',
  'platformIntegration',
  'teardown',
]);
export const TENANT_KEYS = everyKey<TenantContext>()(['namespace', 'dataStoreName', 'ingressClassName', 'host', 'monitoringNamespace']);
export const PLATFORM_KEYS = everyKey<PlatformContext>()([
  'release',
  'allocationRatios',
  'clusterDomain',
  'instanceTypes',
  'topologySpreadConstraints',
  'containerdRegistries',
  'kubernetesPatchVersions',
  'images',
  'addonCharts',
  'fluxHelmControllerVersion',
]);
export const INSTANCE_TYPE_KEYS = everyKey<InstanceTypeSize>()(['cpu', 'memory', 'gpus']);
export const ALLOCATION_RATIO_KEYS = everyKey<AllocationRatios>()(['cpu', 'memory', 'ephemeralStorage']);
export const TOPOLOGY_SPREAD_KEYS = everyKey<TopologySpreadConstraintSpec>()(['maxSkew', 'topologyKey', 'whenUnsatisfiable', 'labelSelector']);
type LabelSelectorSpec = NonNullable<TopologySpreadConstraintSpec['labelSelector']>;
export const LABEL_SELECTOR_KEYS = everyKey<LabelSelectorSpec>()(['matchLabels', 'matchExpressions']);
export const LABEL_REQUIREMENT_KEYS = everyKey<NonNullable<LabelSelectorSpec['matchExpressions']>[number]>()(['key', 'operator', 'values']);
export const REGISTRY_CONFIG_KEYS = everyKey<ContainerdRegistryConfig>()(['secretName', 'registries']);
export const REGISTRY_KEYS = everyKey<ContainerdRegistrySpec>()(['registry', 'key']);
export const CHART_SOURCE_KEYS = everyKey<AddonChartSource>()(['sourceKind', 'sourceName', 'sourceNamespace', 'chart', 'version']);
export const NODE_GROUP_KEYS = everyKey<NodeGroupSpec>()([
  'minReplicas',
  'maxReplicas',
  'instanceType',
  'diskSize',
  'ephemeralStorage',
  'storageClass',
  'kubelet',
  'roles',
  'resources',
  'gpus',
  'healthCheck',
  'maxNodeProvisionTime',
  'retainedTemplates',
]);
export const SHAPE_KEYS = everyKey<RetainedTemplateSpec>()([
  'name',
  'instanceType',
  'diskSize',
  'ephemeralStorage',
  'storageClass',
  'roles',
  'resources',
  'gpus',
]);
export const KUBELET_KEYS = everyKey<KubeletReservationsSpec>()([
  'systemReservedMemory',
  'kubeReservedMemory',
  'systemReservedCpu',
  'kubeReservedCpu',
  'evictionHardMemory',
  'evictionSoftMemory',
]);
export const NODE_RESOURCE_KEYS = everyKey<NodeResources>()(['cpu', 'memory']);
export const GPU_KEYS = everyKey<GpuSpec>()(['name']);
export const HEALTH_CHECK_KEYS = everyKey<NodeHealthCheckOptions>()(['unknownTimeout', 'notReadyTimeout', 'nodeStartupTimeout', 'maxUnhealthy']);
export const ETCD_KEYS = everyKey<EtcdSpec>()(['replicas', 'size', 'storageClass', 'resources', 'defrag']);
export const RESOURCE_KEYS = everyKey<ResourceAmounts>()(['cpu', 'memory']);
export const CONTROL_PLANE_KEYS = everyKey<ControlPlaneSpec>()(['replicas', 'apiServer', 'controllerManager', 'scheduler', 'konnectivity']);
export const COMPONENT_KEYS = everyKey<ComponentResourcesSpec>()(['resources', 'resourcesPreset']);
export const KONNECTIVITY_KEYS = everyKey<KonnectivitySpec>()(['server']);
export const ADDON_KEYS = everyKey<AddonsSpec>()([
  'certManager',
  'cilium',
  'gatewayAPI',
  'ingressNginx',
  'gpuOperator',
  'fluxcd',
  'monitoringAgents',
  'verticalPodAutoscaler',
  'velero',
  'coredns',
  'hami',
  'ouroboros',
]);
export const TOGGLED_KEYS = everyKey<ToggledAddonSpec>()(['enabled', 'valuesOverride']);
export const ALWAYS_ON_KEYS = everyKey<AlwaysOnAddonSpec>()(['valuesOverride']);
export const GATEWAY_API_KEYS = everyKey<GatewayApiAddonSpec>()(['enabled']);
export const INGRESS_NGINX_KEYS = everyKey<IngressNginxAddonSpec>()(['enabled', 'exposeMethod', 'hosts', 'valuesOverride']);
export const TEARDOWN_KEYS = everyKey<TeardownSpec>()(['helmHook', 'waitTimeout']);
export const ADDON_OPTION_KEYS = everyKey<AddonOptions>()([
  'chart',
  'source',
  'releaseName',
  'targetNamespace',
  'values',
  'dependsOn',
  'createNamespace',
  'timeout',
]);
