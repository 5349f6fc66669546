// The committed JSON Schemas against the tool's own validation: a corpus of valid and invalid cluster descriptions and
// values files goes through ajv (with schemas/*.schema.json) and through resolveSpec / the CLI's values path, and both
// must agree. Where a schema cannot express a rule (rules across fields, name lengths, the platform line's keys…), or
// is deliberately stricter, the case says so with `schema`, and the test checks that the difference is exactly that.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { parseArgs, type SynthArgs } from '../../src/cli/args';
import { cliSpec } from '../../src/cli/main';
import { resolveSpec } from '../../src/render/resolve';
import { SpecValidationError, type SpecProblem } from '../../src/spec/errors';
import { EXAMPLE_VALUES } from '../support/cli';

const SCHEMAS = join(__dirname, '../../schemas');
const load = (name: string): object => JSON.parse(readFileSync(join(SCHEMAS, `${name}.schema.json`), 'utf8')) as object;
const ajv = new Ajv({ strict: true, allErrors: true });
const clusterSchema = ajv.compile(load('cluster'));
const valuesSchema = ajv.compile(load('values'));

/**
 * One document. `valid` is the tool's verdict. `schema` marks a known difference: `looser` — the schema accepts what
 * the tool refuses (a rule it cannot express: say which); `stricter` — the schema refuses what the tool accepts.
 */
interface Case {
  readonly name: string;
  readonly doc: Record<string, unknown>;
  readonly valid: boolean;
  readonly schema?: { readonly looser: string } | { readonly stricter: string };
}

const tenant = { namespace: 'tenant-a', host: 'example.org' };
const spec = (rest: Record<string, unknown> = {}): Record<string, unknown> => ({ name: 'a', tenant, ...rest });
const v037 = { release: 'v0.37' };

const CLUSTER_CASES: readonly Case[] = [
  { name: 'the minimal description', doc: spec(), valid: true },
  {
    name: 'v1.5 with its own keys',
    doc: spec({
      platform: { release: 'v1.5', images: { waitForKubeconfig: 'docker.io/library/busybox:1.37.0' } },
      version: 'v1.35',
      nodeGroups: {
        md0: { minReplicas: 1, maxReplicas: 3, instanceType: 'u1.large', storageClass: 'local', kubelet: { evictionHardMemory: '5%' } },
        gpu: { maxReplicas: 1, instanceType: '', resources: { cpu: 4, memory: '16Gi' }, gpus: [{ name: 'nvidia.com/AD102GL_L40S' }] },
      },
      addons: { gpuOperator: { enabled: true }, hami: { enabled: true }, ingressNginx: { enabled: true, hosts: ['*.a.example.org'] } },
      controlPlane: { apiServer: { resourcesPreset: 'c1.large', resources: { memory: '3Gi' } } },
    }),
    valid: true,
  },
  {
    name: 'v0.37 with a legacy preset and an old minor',
    doc: spec({ platform: v037, version: 'v1.28', controlPlane: { replicas: 3, scheduler: { resourcesPreset: 'small' } } }),
    valid: true,
  },
  { name: 'quantities as numbers and "" (not set)', doc: spec({ etcd: { size: '', resources: { cpu: 2, memory: '1Gi' } } }), valid: true },
  {
    name: 'platform context in full',
    doc: spec({
      platform: {
        allocationRatios: { cpu: 4 },
        clusterDomain: 'cluster.local',
        instanceTypes: { 'x1.big': { cpu: 8, memory: '32Gi' } },
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' }],
        containerdRegistries: { secretName: 'registries', registries: [{ registry: 'docker.io' }] },
        addonCharts: { defaults: { sourceNamespace: 'flux' }, cilium: { version: '1.2.3' } },
      },
      nodeGroups: { md0: { instanceType: 'x1.big' } },
    }),
    valid: true,
  },
  { name: 'addon values of any shape', doc: spec({ addons: { cilium: { valuesOverride: { a: [1, { b: null }] } } } }), valid: true },
  { name: 'no name', doc: { tenant }, valid: false },
  { name: 'no tenant', doc: { name: 'a' }, valid: false },
  { name: 'an unknown top-level key', doc: spec({ nodeGroup: {} }), valid: false },
  { name: 'an unknown node group key', doc: spec({ nodeGroups: { md0: { minReplica: 1 } } }), valid: false },
  { name: 'an unknown addon', doc: spec({ addons: { traefik: { enabled: true } } }), valid: false },
  { name: 'a values override on gatewayAPI', doc: spec({ addons: { gatewayAPI: { valuesOverride: {} } } }), valid: false },
  { name: 'a count as a string', doc: spec({ nodeGroups: { md0: { minReplicas: 'two' } } }), valid: false },
  { name: 'an unsupported version', doc: spec({ version: 'v1.99' }), valid: false },
  { name: 'a version YAML read as a number', doc: spec({ version: 1.3 }), valid: false },
  { name: 'an unknown release', doc: spec({ platform: { release: 'v2' } }), valid: false },
  { name: 'an unknown preset', doc: spec({ controlPlane: { apiServer: { resourcesPreset: 'huge' } } }), valid: false },
  { name: 'an unknown expose method', doc: spec({ addons: { ingressNginx: { exposeMethod: 'NodePort' } } }), valid: false },
  { name: 'a quantity with a space', doc: spec({ nodeGroups: { md0: { diskSize: '20 GB' } } }), valid: false },
  { name: 'a negative quantity', doc: spec({ etcd: { size: '-4Gi' } }), valid: false },
  { name: 'a negative number quantity', doc: spec({ etcd: { resources: { cpu: -1 } } }), valid: false },
  { name: 'a boolean as a string', doc: spec({ etcd: { defrag: 'yes' } }), valid: false },
  { name: 'an unknown kubelet key', doc: spec({ nodeGroups: { md0: { kubelet: { maxPods: 10 } } } }), valid: false },
  { name: 'retained templates not a list', doc: spec({ nodeGroups: { md0: { retainedTemplates: {} } } }), valid: false },
  { name: 'a registry without a name', doc: spec({ platform: { containerdRegistries: { secretName: 's', registries: [{}] } } }), valid: false },
  {
    name: 'minReplicas above maxReplicas',
    doc: spec({ nodeGroups: { md0: { minReplicas: 4, maxReplicas: 3 } } }),
    valid: false,
    schema: { looser: 'a rule across fields' },
  },
  {
    name: 'a name too long',
    doc: spec({ name: 'a'.repeat(40) }),
    valid: false,
    schema: { looser: 'name lengths depend on the line and the addons' },
  },
  { name: 'an upper-case name', doc: spec({ name: 'Prod' }), valid: false },
  { name: 'a node group name with a dash', doc: spec({ nodeGroups: { 'md-0': { maxReplicas: 1 } } }), valid: false },
  { name: 'a reserved name', doc: spec({ name: 'my-kubernetes' }), valid: false, schema: { looser: 'reserved words in names' } },
  {
    name: 'kubelet on v0.37',
    doc: spec({ platform: v037, nodeGroups: { md0: { kubelet: { evictionHardMemory: '5%' } } } }),
    valid: false,
  },
  { name: 'a group storageClass on v0.37', doc: spec({ platform: v037, nodeGroups: { md0: { storageClass: 'local' } } }), valid: false },
  {
    name: "a v1.5 addon's chart source on v0.37",
    doc: spec({ platform: { ...v037, addonCharts: { ouroboros: { sourceName: 'x' } } } }),
    valid: false,
  },
  {
    name: 'hami on v0.37',
    doc: spec({ platform: v037, addons: { hami: { enabled: true } } }),
    valid: false,
  },
  {
    name: 'a series preset on v0.37',
    doc: spec({ platform: v037, controlPlane: { apiServer: { resourcesPreset: 'c1.medium' } } }),
    valid: false,
  },
  {
    name: 'a series preset for konnectivity on v0.37',
    doc: spec({ platform: v037, controlPlane: { konnectivity: { server: { resourcesPreset: 't1.micro' } } } }),
    valid: false,
  },
  { name: 'v1.35 on v0.37', doc: spec({ platform: v037, version: 'v1.35' }), valid: false },
  { name: 'v1.28 on v1.5, named', doc: spec({ platform: { release: 'v1.5' }, version: 'v1.28' }), valid: false },
  {
    name: 'v1.28 on v1.5 by default',
    doc: spec({ version: 'v1.28' }),
    valid: false,
    schema: { looser: 'the line of a file that does not name it (it may come from --platform-release)' },
  },
  {
    name: 'an unknown instance type',
    doc: spec({ nodeGroups: { md0: { instanceType: 'x9.huge' } } }),
    valid: false,
    schema: { looser: "the line's instance types" },
  },
  {
    name: 'an instance type and resources',
    doc: spec({ nodeGroups: { md0: { instanceType: 'u1.large', resources: { cpu: 2, memory: '4Gi' } } } }),
    valid: false,
    schema: { looser: 'a rule across fields' },
  },
  {
    name: 'no tenant host and no host',
    doc: spec({ tenant: { namespace: 'tenant-a' } }),
    valid: false,
    schema: { looser: 'required unless another field' },
  },
  {
    name: 'monitoring without a monitoring namespace',
    doc: spec({ addons: { monitoringAgents: { enabled: true } } }),
    valid: false,
    schema: { looser: 'a rule across fields' },
  },
  {
    name: 'hami without the GPU operator',
    doc: spec({ addons: { hami: { enabled: true } } }),
    valid: false,
    schema: { looser: 'addon dependencies' },
  },
  { name: 'a zero quantity', doc: spec({ etcd: { size: '0Gi' } }), valid: false, schema: { looser: 'positive quantities given with a suffix' } },
  { name: 'a count below its range', doc: spec({ controlPlane: { replicas: -1 } }), valid: false, schema: { looser: 'the ranges of LIMITS' } },
  { name: 'a null for "not set"', doc: spec({ host: null, etcd: null }), valid: true, schema: { stricter: 'write nothing instead of null' } },
];

/** The CLI's verdict on a values file: read as `synth -f` reads it (JSON is YAML), then resolved. */
function cliAccepts(doc: Record<string, unknown>): boolean {
  const args = parseArgs(['synth', '--name', 'a', '--namespace', 'tenant-a', '--tenant-host', 'example.org', '-f', '-']) as SynthArgs;
  const problems: SpecProblem[] = [];
  const described = cliSpec(args, problems, (limit) => Buffer.from(JSON.stringify(doc)).subarray(0, limit + 1));
  return described !== undefined && problems.length === 0 && accepts(described);
}

function accepts(doc: unknown): boolean {
  try {
    resolveSpec(doc);
    return true;
  } catch (e) {
    if (e instanceof SpecValidationError) return false;
    throw e;
  }
}

const VALUES_CASES: readonly Case[] = [
  { name: 'an empty values file (the chart defaults)', doc: {}, valid: true },
  { name: 'the example values file', doc: parse(readFileSync(EXAMPLE_VALUES, 'utf8')) as Record<string, unknown>, valid: true },
  { name: 'md0 deleted with null', doc: { nodeGroups: { md0: null, w: { maxReplicas: 2, instanceType: 'u1.small' } } }, valid: true },
  { name: 'nulls delete chart defaults', doc: { storageClass: null, addons: { certManager: null }, controlPlane: { replicas: null } }, valid: true },
  { name: 'the v1.5 chart images', doc: { images: { waitForKubeconfig: 'docker.io/library/busybox:1.37.0' } }, valid: true },
  {
    name: 'v0.37 in the file',
    doc: { platform: { release: 'v0.37' }, version: 'v1.30', nodeGroups: { md0: { ephemeralStorage: '30Gi' } } },
    valid: true,
  },
  { name: 'a seed file on v1.5 (ephemeralStorage)', doc: { nodeGroups: { md0: { ephemeralStorage: '30Gi' } } }, valid: true },
  { name: 'the name in a values file (a flag)', doc: { name: 'b' }, valid: false },
  { name: 'the tenant in a values file (flags)', doc: { tenant: { namespace: 'tenant-b' } }, valid: false },
  { name: 'platformIntegration in a values file (a flag)', doc: { platformIntegration: false }, valid: false },
  { name: 'an unknown top-level key', doc: { addon: {} }, valid: false },
  { name: 'a version read as a number', doc: { version: 1.3 }, valid: false },
  { name: 'a count as a string', doc: { nodeGroups: { md0: { minReplicas: 'x' } } }, valid: false },
  { name: 'an unknown images key', doc: { images: { kubectl: 'x' } }, valid: false },
  { name: 'a bad quantity', doc: { etcd: { size: 'big' } }, valid: false },
  {
    name: "the v1.5 chart's images on v0.37 (platform.images)",
    doc: { platform: { release: 'v0.37' }, images: { waitForKubeconfig: 'busybox' } },
    valid: true,
  },
  {
    name: 'kubelet on v0.37',
    doc: { platform: { release: 'v0.37' }, nodeGroups: { md0: { kubelet: { evictionHardMemory: '5%' } } } },
    valid: false,
  },
  { name: 'a v1.5 key deleted with null on v0.37', doc: { platform: { release: 'v0.37' }, nodeGroups: { md0: { kubelet: null } } }, valid: true },
  {
    name: 'a series preset on v0.37',
    doc: { platform: { release: 'v0.37' }, controlPlane: { apiServer: { resourcesPreset: 'u1.large' } } },
    valid: false,
  },
  {
    name: 'minReplicas above the chart default maxReplicas',
    doc: { nodeGroups: { md0: { minReplicas: 11 } } },
    valid: false,
    schema: { looser: 'a rule across fields (and the chart defaults)' },
  },
  {
    name: 'diskSize and ephemeralStorage both given',
    doc: { nodeGroups: { md0: { diskSize: '20Gi', ephemeralStorage: '30Gi' } } },
    valid: false,
    schema: { looser: 'a rule across fields' },
  },
];

describe.each([
  ['cluster descriptions', 'cluster', CLUSTER_CASES, clusterSchema, accepts],
  ['values files', 'values', VALUES_CASES, valuesSchema, cliAccepts],
] as const)('the %s schema agrees with the tool', (_what, _name, cases, validate, tool) => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    expect(tool(c.doc)).toBe(c.valid);
    const bySchema = validate(c.doc);
    if (c.schema === undefined)
      expect({ bySchema, errors: validate.errors ?? null }).toEqual({ bySchema: c.valid, errors: c.valid ? null : expect.anything() });
    else if ('looser' in c.schema) expect([c.valid, bySchema]).toEqual([false, true]);
    else expect([c.valid, bySchema]).toEqual([true, false]);
  });

  it('has valid and invalid cases on both sides of the marks', () => {
    expect(cases.filter((c) => c.valid && c.schema === undefined).length).toBeGreaterThan(3);
    expect(cases.filter((c) => !c.valid && c.schema === undefined).length).toBeGreaterThan(5);
  });
});

describe('the generated schemas', () => {
  const cluster = load('cluster') as Record<string, unknown>;
  const text = readFileSync(join(SCHEMAS, 'cluster.schema.json'), 'utf8');

  it('carry an id, a title and a description, draft-07', () => {
    for (const name of ['cluster', 'values']) {
      const s = load(name) as Record<string, unknown>;
      expect(s.$schema).toBe('http://json-schema.org/draft-07/schema#');
      expect(s.$id).toBe(`urn:tenant-kubernetes:schema:${name}`);
      expect(typeof s.title).toBe('string');
      expect(typeof s.description).toBe('string');
    }
  });

  it('keep no prose as a default, and literal defaults with their JSON type', () => {
    const defaults: unknown[] = [];
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) n.forEach(walk);
      else if (n !== null && typeof n === 'object') {
        for (const [k, v] of Object.entries(n)) {
          if (k === 'default') defaults.push(v);
          else walk(v);
        }
      }
    };
    walk(cluster);
    expect(defaults.filter((d) => typeof d === 'string' && (/^- /.test(d) || / \(|when |: /.test(d)))).toEqual([]);
    expect(defaults).toEqual(expect.arrayContaining([10, false, true, '20Gi', '7%', 'v1.5', { cpu: '1000m', memory: '512Mi' }]));
    expect(text).toContain('Default: a dedicated etcd is created.');
  });

  it('say which keys are of the v1.5 line only', () => {
    const defs = cluster.definitions as Record<string, { properties: Record<string, { description: string }> }>;
    for (const [def, key] of [
      ['NodeGroupSpec', 'kubelet'],
      ['NodeGroupSpec', 'storageClass'],
      ['AddonsSpec', 'hami'],
      ['AddonsSpec', 'ouroboros'],
    ]) {
      expect(defs[def].properties[key].description).toContain('platform release v1.5 only');
    }
  });

  it('give quantities the Kubernetes quantity grammar', () => {
    const q = ajv.compile({ ...(cluster.definitions as Record<string, object>).QuantityString, $id: 'urn:test:quantity' });
    for (const ok of ['4Gi', '500m', '1e3', '1.5', '+2', '', 2, 0.5]) expect([ok, q(ok)]).toEqual([ok, true]);
    for (const bad of ['4GB', '-1', '1 Gi', 'Gi', 0, -2, '1e', true]) expect([bad, q(bad)]).toEqual([bad, false]);
  });
});
