// The public surface of each entry point, listed: a change to it (a name added, removed or renamed) fails here, so
// that it is always deliberate — and documented. Values and types both count.
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '../..');

/** The names an entry point exports, as the compiler sees them (values and types), sorted. */
function exportsOf(entry: string): string[] {
  const file = join(ROOT, entry);
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const symbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  return checker
    .getExportsOfModule(symbol)
    .map((s) => s.name)
    .sort();
}

const SPEC = [
  'AddonChartSource',
  'AddonChartsSpec',
  'AddonOptions',
  'AddonsSpec',
  'AlwaysOnAddonSpec',
  'BUILT_IN_ADDON_IDS',
  'BuiltInAddonId',
  'ClusterNames',
  'ComponentResourcesSpec',
  'ContainerdRegistryConfig',
  'ContainerdRegistrySpec',
  'ControlPlaneSpec',
  'DEFAULT_PLATFORM_RELEASE',
  'EtcdSpec',
  'GatewayApiAddonSpec',
  'GpuSpec',
  'ImagesSpec',
  'IngressNginxAddonSpec',
  'IngressNginxExposeMethod',
  'KonnectivitySpec',
  'KubeletReservationsSpec',
  'KubernetesMinorVersion',
  'KubernetesVersion',
  'LabelSelectorRequirementSpec',
  'LabelSelectorSpec',
  'LineKubernetesVersion',
  'NodeGroupSpec',
  'NodeHealthCheckOptions',
  'NodeResources',
  'PLATFORM_LINES',
  'PLATFORM_RELEASES',
  'PlatformContext',
  'PlatformLine',
  'PlatformRelease',
  'QuantityString',
  'ResourcesPreset',
  'RetainedTemplateSpec',
  'SpecProblem',
  'SpecValidationError',
  'TeardownSpec',
  'TenantContext',
  'TenantKubernetesClusterSpec',
  'ToggledAddonSpec',
  'TopologySpreadConstraintSpec',
  'ValuesOverride',
  'platformLine',
  'resolveSpec',
];

describe('the public API', () => {
  it('of `tenant-kubernetes`: the cdk8s constructs, the description of a cluster and the framework-free rendering', () => {
    const names = exportsOf('src/index.ts');
    const resolved = names.filter((n) => n.startsWith('Resolved'));
    expect(names.filter((n) => !n.startsWith('Resolved'))).toEqual(
      [
        ...SPEC,
        'AddAddonOptions',
        'Addon',
        'AdminKubeconfigSecret',
        'CloudControllerManager',
        'ClusterAutoscaler',
        'ControlPlane',
        'ControlPlaneProps',
        'CsiController',
        'EtcdDatastore',
        'EtcdDatastoreProps',
        'KubeObject',
        'KubeObjectMetadata',
        'KubeconfigSecrets',
        'NodePool',
        'NodePoolOptions',
        'NodePoolProps',
        'PlatformComponentProps',
        'RenderTeardownOptions',
        'RenderedCluster',
        'SecretKeyRef',
        'TenantKubernetesCluster',
        'TenantKubernetesClusterProps',
        'YamlValueError',
        'clusterObjects',
        'kubeconfigSecrets',
        'renderCluster',
        'renderResolvedCluster',
        'renderTeardown',
        'toYaml',
      ].sort(),
    );
    expect(resolved).toEqual(RESOLVED);
  });

  it('of `tenant-kubernetes/pulumi`: the component, its children and the description of a cluster', () => {
    const names = exportsOf('src/pulumi/index.ts');
    expect(names.filter((n) => !n.startsWith('Resolved'))).toEqual(
      [
        ...SPEC,
        'Addon',
        'ControlPlane',
        'EtcdDatastore',
        'KubernetesObjectsComponent',
        'NodePool',
        'PlatformComponent',
        'TenantKubeconfigs',
        'TenantKubernetesCluster',
        'TenantKubernetesClusterArgs',
      ].sort(),
    );
    expect(names.filter((n) => n.startsWith('Resolved'))).toEqual(RESOLVED);
  });
});

/** The resolved description's types (spec/resolved.ts), exported whole for `.spec` of both components. */
const RESOLVED = [
  'ResolvedAddons',
  'ResolvedChartSource',
  'ResolvedCluster',
  'ResolvedComponentResources',
  'ResolvedControlPlane',
  'ResolvedDedicatedEtcd',
  'ResolvedGpu',
  'ResolvedImages',
  'ResolvedKubeletReservations',
  'ResolvedNodeGroup',
  'ResolvedPlatform',
  'ResolvedRetainedTemplate',
  'ResolvedTeardown',
  'ResolvedTemplateShape',
  'ResolvedToggledAddon',
];
