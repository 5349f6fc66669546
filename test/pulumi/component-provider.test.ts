// The multi-language component: the Pulumi package schema that Pulumi's own inference (`ComponentProvider` of
// `@pulumi/pulumi/provider/experimental`) makes from the TypeScript types through the plugin folder provider/, and
// `construct` as the plugin serves it to a program in another language (plain inputs, as any SDK sends them).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { ComponentProvider } from '@pulumi/pulumi/provider/experimental';
import { TenantKubernetesCluster } from '../../src/pulumi';
import { setInvalidComponentReporter, throwAsInputPropertiesError } from '../../src/pulumi/report';
import { BUILT_IN_ADDON_IDS } from '../../src/spec/addon-ids';
import { PLATFORM_LINES, PLATFORM_RELEASES } from '../../src/spec/platform-lines';
import { PRESET_NAMES } from '../../src/spec/presets';
import { installMocks, settle, valueOf } from '../support/pulumi-mocks';

installMocks();

const ROOT = join(__dirname, '../..');
const PROVIDER_DIR = join(ROOT, 'provider');
const TOKEN = 'tenant-kubernetes:index:TenantKubernetesCluster';
const T = (name: string) => `tenant-kubernetes:index:${name}`;
const ref = (name: string) => `#/types/${T(name)}`;

function makeProvider(): ComponentProvider {
  return new ComponentProvider({ name: 'tenant-kubernetes', dirname: PROVIDER_DIR, components: [TenantKubernetesCluster] });
}

let schema: any;
let served: string;

beforeAll(async () => {
  // Pulumi's analyzer throws on the first type it cannot express: resolving is "zero inference errors".
  served = await makeProvider().getSchema();
  schema = JSON.parse(served);
}, 120_000);

/** Every `$ref` to `pulumi.json#/Any` in the schema, by path. */
function anyRefs(node: unknown, path: string, out: string[] = []): string[] {
  if (node !== null && typeof node === 'object') {
    if ((node as { $ref?: string }).$ref === 'pulumi.json#/Any') out.push(path);
    for (const [k, v] of Object.entries(node)) anyRefs(v, `${path}/${k}`, out);
  }
  return out;
}

describe('the inferred Pulumi package schema', () => {
  it('is the committed schemas/pulumi-schema.json, named and versioned as the package', () => {
    expect(readFileSync(join(ROOT, 'schemas/pulumi-schema.json'), 'utf8')).toBe(`${JSON.stringify(schema, null, 2)}\n`);
    const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const plugin = JSON.parse(readFileSync(join(PROVIDER_DIR, 'package.json'), 'utf8'));
    expect(plugin.name).toBe('tenant-kubernetes');
    expect(plugin.version).toBe(root.version);
    expect(schema.name).toBe('tenant-kubernetes');
    expect(schema.version).toBe(root.version);
    expect(Object.keys(schema.resources)).toEqual([TOKEN]);
    expect(schema.resources[TOKEN].isComponent).toBe(true);
    // No resource references: the SDKs depend on nothing but the Pulumi SDK of their language.
    expect(schema.dependencies ?? []).toEqual([]);
  });

  it('has free-form values only where Helm values are free-form, and no garbled description', () => {
    expect(anyRefs(schema, '').sort()).toEqual(
      [
        '/types/tenant-kubernetes:index:AddonOptions/properties/values/additionalProperties',
        '/types/tenant-kubernetes:index:AlwaysOnAddonSpec/properties/valuesOverride/additionalProperties',
        '/types/tenant-kubernetes:index:IngressNginxAddonSpec/properties/valuesOverride/additionalProperties',
        '/types/tenant-kubernetes:index:ToggledAddonSpec/properties/valuesOverride/additionalProperties',
      ].sort(),
    );
    expect(served).not.toContain('[object Object]');
  });

  it('takes the spec and the Pulumi-only arguments as plain inputs, `name` and `tenant` required', () => {
    const r = schema.resources[TOKEN];
    expect(r.requiredInputs.sort()).toEqual(['name', 'tenant']);
    expect(Object.keys(r.inputProperties).sort()).toEqual(
      [
        'addons',
        'controlPlane',
        'etcd',
        'extraAddons',
        'host',
        'name',
        'nodeGroups',
        'platform',
        'platformIntegration',
        'protectDatastore',
        'readinessTimeoutSeconds',
        'storageClass',
        'teardown',
        'tenant',
        'version',
      ].sort(),
    );
    for (const [key, p] of Object.entries<any>(r.inputProperties)) expect([key, p.plain]).toEqual([key, true]);
    expect(r.inputProperties.nodeGroups).toMatchObject({ type: 'object', additionalProperties: { $ref: ref('NodeGroupSpec'), plain: true } });
    expect(r.inputProperties.extraAddons).toMatchObject({ type: 'object', additionalProperties: { $ref: ref('AddonOptions') } });
    expect(r.inputProperties.version).toMatchObject({ $ref: ref('KubernetesMinorVersion') });
    expect(r.inputProperties.readinessTimeoutSeconds).toMatchObject({ type: 'number' });
  });

  it('turns the literal unions into enums with every value the library accepts', () => {
    const values = (name: string) => schema.types[T(name)].enum.map((m: { value: string }) => m.value);
    expect(schema.types[T('KubernetesMinorVersion')].type).toBe('string');
    expect(values('KubernetesMinorVersion')).toEqual(
      [...new Set(PLATFORM_RELEASES.flatMap((r) => PLATFORM_LINES[r].versions.map((v) => v.minor)))].sort(),
    );
    expect(values('PlatformRelease')).toEqual([...PLATFORM_RELEASES]);
    expect([...values('ResourcesPreset')].sort()).toEqual([...PRESET_NAMES].sort());
    expect(values('IngressNginxExposeMethod')).toEqual(['Proxied', 'LoadBalancer']);
    expect(schema.types[T('ResourcesPreset')].enum).toContainEqual({ name: 'C1_Medium', value: 'c1.medium' });
    expect(schema.types[T('ComponentResourcesSpec')].properties.resourcesPreset).toMatchObject({ $ref: ref('ResourcesPreset') });
    expect(schema.types[T('IngressNginxAddonSpec')].properties.exposeMethod).toMatchObject({ $ref: ref('IngressNginxExposeMethod') });
    expect(schema.types[T('PlatformContext')].properties.release).toMatchObject({ $ref: ref('PlatformRelease') });
  });

  it('has quantities as strings, lists as arrays, named object types and one chart property per addon', () => {
    const props = (name: string) => schema.types[T(name)].properties;
    expect(props('NodeResources').cpu).toMatchObject({ type: 'string' });
    expect(props('NodeGroupSpec').diskSize).toMatchObject({ type: 'string' });
    expect(props('EtcdSpec').size).toMatchObject({ type: 'string' });
    expect(props('NodeGroupSpec').roles).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(props('NodeGroupSpec').gpus).toMatchObject({ type: 'array', items: { $ref: ref('GpuSpec') } });
    expect(props('TopologySpreadConstraintSpec').labelSelector).toMatchObject({ $ref: ref('LabelSelectorSpec') });
    expect(props('LabelSelectorSpec').matchExpressions).toMatchObject({ type: 'array', items: { $ref: ref('LabelSelectorRequirementSpec') } });
    expect(props('PlatformContext').kubernetesPatchVersions).toMatchObject({ type: 'object', additionalProperties: { type: 'string' } });
    expect(Object.keys(props('AddonChartsSpec')).sort()).toEqual(['defaults', ...BUILT_IN_ADDON_IDS].sort());
    for (const id of BUILT_IN_ADDON_IDS) expect(props('AddonChartsSpec')[id]).toMatchObject({ $ref: ref('AddonChartSource') });
  });

  it('outputs what a program in another language needs to reach the tenant cluster, and nothing it could not receive', () => {
    const r = schema.resources[TOKEN];
    const outputs = [
      'adminKubeconfigSecretName',
      'apiEndpoint',
      'capiKubeconfigSecretName',
      'clusterIdentifier',
      'internalApiEndpoint',
      'kubeconfig',
      'kubeconfigs',
    ];
    expect(Object.keys(r.properties).sort()).toEqual(outputs);
    expect(r.required.sort()).toEqual(outputs);
    expect(r.properties.kubeconfigs).toMatchObject({ $ref: ref('TenantKubeconfigs') });
    expect(Object.keys(schema.types[T('TenantKubeconfigs')].properties).sort()).toEqual(['adminConf', 'adminSvc', 'superAdminConf', 'superAdminSvc']);
    for (const k of ['kubeconfig', 'apiEndpoint', 'clusterIdentifier']) expect(r.properties[k]).toMatchObject({ type: 'string' });
  });
});

/** Inputs as an SDK in another language sends them: plain JSON, every number a float64, quantities strings. */
const GO_STYLE_INPUTS = {
  name: 'polyglot',
  tenant: { namespace: 'tenant-poly', host: 'poly.example.org', ingressClassName: 'tenant-root' },
  nodeGroups: { md0: { minReplicas: 1.0, maxReplicas: 3.0, instanceType: 'u1.medium', diskSize: '30Gi', roles: ['ingress-nginx'] } },
  addons: { certManager: { enabled: true, valuesOverride: { replicaCount: 2.0 } } },
};

describe('construct, as the plugin serves it', () => {
  it('builds the same component a TypeScript program gets, with the same defaults and outputs', async () => {
    const provider = makeProvider();
    const result = await provider.construct('polyglot', TOKEN, GO_STYLE_INPUTS, {});
    expect(Object.keys(result.state).sort()).toEqual(Object.keys(schema.resources[TOKEN].properties).sort());
    const state = result.state as Record<string, pulumi.Output<string>>;
    expect(await valueOf(state.apiEndpoint)).toBe('https://kubernetes-polyglot.poly.example.org:443');
    expect(await valueOf(state.internalApiEndpoint)).toBe('https://kubernetes-polyglot.tenant-poly.svc:6443');
    expect(await valueOf(state.clusterIdentifier)).toBe('tenant-poly/kubernetes-polyglot');
    expect(await valueOf(state.adminKubeconfigSecretName)).toBe('kubernetes-polyglot-admin-kubeconfig');
    expect(await valueOf(state.capiKubeconfigSecretName)).toBe('kubernetes-polyglot-kubeconfig');
    expect(await pulumi.isSecret(state.kubeconfig)).toBe(true);

    const direct = new TenantKubernetesCluster('polyglot-ts', { ...GO_STYLE_INPUTS, name: 'polyglot-ts' });
    await settle(direct);
    expect(direct.isValid).toBe(true);
    // The defaults the library applies are the same whichever way the inputs came.
    expect(direct.resolved.nodeGroups.map((g) => [g.name, g.minReplicas, g.maxReplicas, g.shape.instanceType])).toEqual([['md0', 1, 3, 'u1.medium']]);
  });

  it('fails the request with the library’s problem lines, and no value the library would not show', async () => {
    const previous = setInvalidComponentReporter(throwAsInputPropertiesError);
    try {
      const bad = {
        ...GO_STYLE_INPUTS,
        name: 'polyglot-bad',
        nodeGroups: { md0: { minReplicas: 5.0, maxReplicas: 2.0 } },
        controlPlane: { apiServer: { resourcesPreset: 'c1.huge' } },
        addons: { certManager: { enabled: true, valuesOverride: { credentials: { password: 'hunter2-secret' } } }, certManagr: { enabled: true } },
        etcd: { pasword: 'hunter2-secret' },
      };
      const failure = await makeProvider()
        .construct('polyglot-bad', TOKEN, bad, {})
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(pulumi.InputPropertiesError.isInstance(failure)).toBe(true);
      const e = failure as pulumi.InputPropertiesError;
      const lines = e.message.split('\n');
      expect(lines[0]).toMatch(/^invalid tenant cluster component polyglot-bad \(\d+ problems\):$/);
      expect(lines.filter((l) => l.startsWith('  nodeGroups.md0.minReplicas: '))).toHaveLength(1);
      expect(lines.filter((l) => l.startsWith('  controlPlane.apiServer.resourcesPreset: ') && l.includes('"c1.huge"'))).toHaveLength(1);
      expect(lines.some((l) => l.startsWith('  etcd.pasword: '))).toBe(true);
      // The engine would print the raw input at each attached property path: none is attached.
      expect(e.errors).toEqual([]);
      expect(e.message).not.toContain('hunter2');
      expect(e.message).not.toMatch(/\n\s+at /); // no stack trace in what the engine prints
    } finally {
      setInvalidComponentReporter(previous);
    }
  });
});
