// The generated bad-input corpus: every base (a valid spec) × every mutation that applies to it (one bad value put at
// one path). Each case names the problem path the spec must be refused with. The bad-input-*.test.ts files run the
// corpus through each front end: the CLI, the library, the cdk8s construct and the Pulumi component.
import { inspect } from 'node:util';
import { stringify } from 'yaml';
import { SpecValidationError, formatProblem } from '../../src/spec/errors';
import { LIMITS } from '../../src/spec/limits';
import type { TenantKubernetesClusterSpec } from '../../src/spec/types';

/** Put wherever a mutation may carry a credential; no problem line, message or printed error may ever contain it. */
export const SECRET = 'S3CR3T-d41d8cd9';

/** A valid spec the mutations start from. */
export interface Base {
  readonly title: string;
  readonly spec: TenantKubernetesClusterSpec;
}

const TENANT = { namespace: 'tenant-foo', ingressClassName: 'tenant-root', host: 'example.org' };

export const BASES: readonly Base[] = [
  { title: 'minimal', spec: { name: 'foo', tenant: TENANT } },
  {
    title: 'full',
    spec: {
      name: 'foo',
      tenant: { ...TENANT, monitoringNamespace: 'tenant-root' },
      version: 'v1.32',
      etcd: { replicas: 3, size: '8Gi', resources: { cpu: '500m', memory: '1Gi' } },
      controlPlane: { replicas: 3, apiServer: { resourcesPreset: 'large', resources: { cpu: '2', memory: '4Gi' } } },
      nodeGroups: {
        md0: {
          minReplicas: 1,
          maxReplicas: 5,
          instanceType: 'u1.large',
          ephemeralStorage: '40Gi',
          roles: ['ingress-nginx'],
          healthCheck: { unknownTimeout: '5m', nodeStartupTimeout: '20m', maxUnhealthy: '40%' },
          maxNodeProvisionTime: '30m',
        },
        big: { maxReplicas: 2, instanceType: 'x1.big' },
      },
      platform: {
        allocationRatios: { cpu: 10, memory: 1, ephemeralStorage: 40 },
        instanceTypes: { 'x1.big': { cpu: 8, memory: '32Gi' } },
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: 'topology.kubernetes.io/zone',
            whenUnsatisfiable: 'ScheduleAnyway',
            labelSelector: { matchLabels: { app: 'vm' } },
          },
        ],
      },
      addons: {
        certManager: { enabled: true, valuesOverride: { installCRDs: true, resources: { limits: { memory: '256Mi' } } } },
        ingressNginx: { enabled: true, hosts: ['app.example.org'] },
        monitoringAgents: { enabled: true },
      },
      teardown: { waitTimeout: '10m' },
    },
  },
  {
    title: 'sized by resources',
    spec: { name: 'foo', tenant: TENANT, nodeGroups: { md0: { instanceType: '', resources: { cpu: '2', memory: '8Gi' } } } },
  },
];

type Key = string | number;

/** One bad value at one path. */
export interface Mutation {
  readonly title: string;
  readonly at: readonly Key[];
  readonly value: unknown;
  /** The problem path the spec must be refused with. @default `at` as a path */
  readonly problemPath?: string;
  /** Bases it applies to (where `at` is validated). @default every base */
  readonly bases?: readonly string[];
}

/** A corpus case: a base with one mutation applied. */
export interface BadInput {
  readonly title: string;
  readonly spec: Record<string, unknown>;
  readonly problemPath: string;
  /** Whether the spec can be written as a CLI values file (YAML data, nothing set by flags). */
  readonly cli: boolean;
}

/** An object whose own `__proto__` key holds `value` (what JSON.parse and js-yaml produce). */
function protoKey(value: unknown): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  Object.defineProperty(o, '__proto__', { value, enumerable: true, writable: true, configurable: true });
  return o;
}

function nested(depth: number): unknown {
  let v: unknown = SECRET;
  for (let i = 0; i < depth; i++) v = { [`l${i}`]: v };
  return v;
}

const SECRET_MAP = { password: SECRET, token: `${SECRET}-token` };
const LONG_SECRET = `${SECRET}-`.repeat(12);
const PRIVATE_KEY = `-----BEGIN OPENSSH PRIVATE KEY-----\n${SECRET}\n-----END OPENSSH PRIVATE KEY-----\n`;

/** Values that are wrong in type wherever a scalar is expected; each carries the secret where it can. */
const WRONG_TYPES: ReadonlyArray<[string, unknown]> = [
  ['a mapping of credentials', SECRET_MAP],
  ['a list', [SECRET]],
  ['a long string', LONG_SECRET],
  ['a private key', PRIVATE_KEY],
];

/** Bad numbers for a field with an inclusive integer range. */
function badIntegers(min: number, max: number): Array<[string, unknown]> {
  return [
    ['below the minimum', min - 1],
    ['above the maximum', max + 1],
    ['2^64', 2 ** 64],
    ['1e308', 1e308],
    ['a fraction', min + 0.5],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['beyond 2^53', Number.MAX_SAFE_INTEGER + 2],
    ['a numeric string', String(min)],
  ];
}

const BAD_QUANTITIES: ReadonlyArray<[string, unknown]> = [
  ['"1e400"', '1e400'],
  ['zero', '0'],
  ['negative', '-1Gi'],
  ['a bad suffix', '2000x'],
  ['an exabyte count', '99999Ei'],
  ['a long digit string', '9'.repeat(200)],
  ['Infinity', Infinity],
  ['NaN', NaN],
  ['a mapping', SECRET_MAP],
];

const BAD_DURATIONS: ReadonlyArray<[string, unknown]> = [
  ['99999999999999999999h', '99999999999999999999h'],
  ['zero', '0s'],
  ['25h', '25h'],
  ['words', '5 minutes'],
  ['a number', 300],
  ['a long digit string', `${'9'.repeat(200)}s`],
  ['a mapping', SECRET_MAP],
];

function each(prefix: string, at: readonly Key[], values: ReadonlyArray<[string, unknown]>, options: Partial<Mutation> = {}): Mutation[] {
  return values.map(([what, value]) => ({ title: `${prefix}: ${what}`, at, value, ...options }));
}

const LABEL_SELECTOR: readonly Key[] = ['platform', 'topologySpreadConstraints', 0, 'labelSelector', 'matchLabels'];

export const MUTATIONS: readonly Mutation[] = [
  // Numbers that size things: every bounded integer field, with every kind of bad number.
  ...each('etcd.replicas', ['etcd', 'replicas'], [...badIntegers(LIMITS.etcdReplicas.min, LIMITS.etcdReplicas.max), ['100000000', 100_000_000]]),
  ...each('controlPlane.replicas', ['controlPlane', 'replicas'], badIntegers(LIMITS.controlPlaneReplicas.min, LIMITS.controlPlaneReplicas.max)),
  ...each('minReplicas', ['nodeGroups', 'md0', 'minReplicas'], badIntegers(LIMITS.nodeGroupReplicas.min, LIMITS.nodeGroupReplicas.max)),
  ...each('maxReplicas', ['nodeGroups', 'md0', 'maxReplicas'], badIntegers(LIMITS.nodeGroupReplicas.min, LIMITS.nodeGroupReplicas.max)),
  ...each('maxSkew', ['platform', 'topologySpreadConstraints', 0, 'maxSkew'], badIntegers(LIMITS.maxSkew.min, LIMITS.maxSkew.max), {
    bases: ['full'],
  }),
  ...each('instance type cpu', ['platform', 'instanceTypes', 'x1.big', 'cpu'], badIntegers(LIMITS.instanceTypeCpu.min, LIMITS.instanceTypeCpu.max), {
    bases: ['full'],
    problemPath: 'platform.instanceTypes["x1.big"].cpu',
  }),
  ...each(
    'allocation ratio',
    ['platform', 'allocationRatios', 'memory'],
    [
      ['1e-300', 1e-300],
      ['0.5', 0.5],
      ['zero', 0],
      ['negative', -1],
      ['above the maximum', LIMITS.allocationRatio.max + 1],
      ['NaN', NaN],
      ['Infinity', Infinity],
      ['a string', '1'],
    ],
  ),
  ...each(
    'maxUnhealthy',
    ['nodeGroups', 'md0', 'healthCheck', 'maxUnhealthy'],
    [
      ['101%', '101%'],
      ['5001', 5001],
      ['2^64', 2 ** 64],
      ['negative', -1],
      ['a mapping', SECRET_MAP],
    ],
  ),
  // Quantities, one field of each kind.
  ...each('etcd.size', ['etcd', 'size'], BAD_QUANTITIES),
  ...each('ephemeralStorage', ['nodeGroups', 'md0', 'ephemeralStorage'], BAD_QUANTITIES),
  ...each('etcd cpu', ['etcd', 'resources', 'cpu'], [...BAD_QUANTITIES, ['below 1m', '0.1m'], ['above 1024 cores', '1025']]),
  ...each('API server memory', ['controlPlane', 'apiServer', 'resources', 'memory'], [...BAD_QUANTITIES, ['one byte', '1'], ['above 64Ti', '65Ti']]),
  ...each(
    'node cpu',
    ['nodeGroups', 'md0', 'resources', 'cpu'],
    [
      ['fractional cores', '1500m'],
      ['"1e400"', '1e400'],
      ['above 1024 cores', 2048],
    ],
    { bases: ['sized by resources'] },
  ),
  ...each('instance type memory', ['platform', 'instanceTypes', 'x1.big', 'memory'], BAD_QUANTITIES, {
    bases: ['full'],
    problemPath: 'platform.instanceTypes["x1.big"].memory',
  }),
  // Durations.
  ...each('teardown.waitTimeout', ['teardown', 'waitTimeout'], [...BAD_DURATIONS, ['a fraction', '1.5h']]),
  ...each('unknownTimeout', ['nodeGroups', 'md0', 'healthCheck', 'unknownTimeout'], BAD_DURATIONS),
  ...each('nodeStartupTimeout', ['nodeGroups', 'md0', 'healthCheck', 'nodeStartupTimeout'], [...BAD_DURATIONS, ['below 30s', '10s']]),
  ...each('maxNodeProvisionTime', ['nodeGroups', 'md0', 'maxNodeProvisionTime'], BAD_DURATIONS),
  // Wrong types where scalars, lists and maps are expected.
  ...each('etcd.replicas', ['etcd', 'replicas'], WRONG_TYPES),
  ...each('certManager.enabled', ['addons', 'certManager', 'enabled'], WRONG_TYPES),
  ...each('version', ['version'], WRONG_TYPES),
  ...each('storageClass', ['storageClass'], WRONG_TYPES),
  ...each('instanceType', ['nodeGroups', 'md0', 'instanceType'], WRONG_TYPES, { bases: ['minimal', 'full'] }),
  ...each(
    'valuesOverride',
    ['addons', 'certManager', 'valuesOverride'],
    [
      ['a long string', LONG_SECRET],
      ['a list', [SECRET]],
      ['a private key', PRIVATE_KEY],
    ],
  ),
  ...each(
    'roles',
    ['nodeGroups', 'md0', 'roles'],
    [
      ['a string', 'ingress-nginx'],
      ['a mapping', SECRET_MAP],
    ],
  ),
  ...each('gpus', ['nodeGroups', 'md0', 'gpus'], [['a mapping', { name: SECRET }]]),
  ...each('topologySpreadConstraints', ['platform', 'topologySpreadConstraints'], [['a mapping', SECRET_MAP]]),
  ...each(
    'nodeGroups',
    ['nodeGroups'],
    [
      ['a list', [SECRET]],
      ['a string', LONG_SECRET],
    ],
  ),
  // User strings that name a table entry must not find Object.prototype's.
  ...each(
    'instanceType',
    ['nodeGroups', 'md0', 'instanceType'],
    [
      ['constructor', 'constructor'],
      ['__proto__', '__proto__'],
      ['hasownproperty', 'hasownproperty'],
    ],
    { bases: ['minimal', 'full'] },
  ),
  ...each(
    'resourcesPreset',
    ['controlPlane', 'apiServer', 'resourcesPreset'],
    [
      ['constructor', 'constructor'],
      ['toString', 'toString'],
      ['__proto__', '__proto__'],
    ],
  ),
  ...each(
    'version',
    ['version'],
    [
      ['constructor', 'constructor'],
      ['__proto__', '__proto__'],
    ],
  ),
  ...each('exposeMethod', ['addons', 'ingressNginx', 'exposeMethod'], [['constructor', 'constructor']]),
  // Prototype keys, wherever keys are free or checked.
  { title: 'a __proto__ key at the top', at: [], value: protoKey(SECRET_MAP), problemPath: '__proto__' },
  { title: 'a constructor key at the top', at: ['constructor'], value: SECRET_MAP },
  {
    title: 'a __proto__ key in valuesOverride',
    at: ['addons', 'certManager', 'valuesOverride'],
    value: protoKey(SECRET_MAP),
    problemPath: 'addons.certManager.valuesOverride.__proto__',
  },
  {
    title: 'a nested __proto__ key in valuesOverride',
    at: ['addons', 'cilium', 'valuesOverride', 'a', 'b'],
    value: protoKey({ polluted: SECRET }),
    problemPath: 'addons.cilium.valuesOverride.a.b.__proto__',
  },
  { title: 'a __proto__ node group', at: ['nodeGroups'], value: protoKey({}), problemPath: 'nodeGroups.__proto__' },
  {
    title: 'a __proto__ instance type',
    at: ['platform', 'instanceTypes'],
    value: protoKey({ cpu: 1, memory: '1Gi' }),
    problemPath: 'platform.instanceTypes.__proto__',
  },
  {
    title: 'a __proto__ label',
    at: LABEL_SELECTOR,
    value: protoKey('x'),
    problemPath: 'platform.topologySpreadConstraints[0].labelSelector.matchLabels.__proto__',
    bases: ['full'],
  },
  { title: 'a __proto__ addon', at: ['addons'], value: protoKey(SECRET_MAP), problemPath: 'addons.__proto__' },
  // Huge strings.
  { title: 'a megabyte host', at: ['host'], value: 'a'.repeat(1_000_000) },
  { title: 'a megabyte storage class', at: ['storageClass'], value: 'a'.repeat(1_000_000) },
  { title: 'a long image', at: ['platform', 'images', 'kubectl'], value: `${'x'.repeat(5000)}:v1` },
  { title: 'a long ingress host', at: ['addons', 'ingressNginx', 'hosts'], value: ['a'.repeat(300)], problemPath: 'addons.ingressNginx.hosts[0]' },
  {
    title: 'a long topology key',
    at: ['platform', 'topologySpreadConstraints', 0, 'topologyKey'],
    value: `${'k'.repeat(1000)}/zone`,
    bases: ['full'],
  },
  // Over the values limit (1 MiB units), under the file limit (2 MiB), so the CLI reads it too.
  {
    title: 'a 1.5 MiB values string',
    at: ['addons', 'certManager', 'valuesOverride', 'blob'],
    value: `${SECRET}${'x'.repeat(1.5 * 1024 * 1024)}`,
    problemPath: 'addons.certManager.valuesOverride',
  },
  {
    title: 'a 1,100-character values key',
    at: ['addons', 'certManager', 'valuesOverride', 'k'.repeat(1100)],
    value: 1,
    problemPath: `addons.certManager.valuesOverride["${'k'.repeat(32)}…" (1100 characters)]`,
  },
  // Keys are named in paths (that is how a reader finds them), so this one carries no secret.
  {
    title: 'a values key with a line break',
    at: ['addons', 'cilium', 'valuesOverride', 'a\nb'],
    value: SECRET,
    problemPath: 'addons.cilium.valuesOverride["a\\nb"]',
  },
  // NaN, Infinity and inexact numbers inside values.
  ...each(
    'valuesOverride number',
    ['addons', 'certManager', 'valuesOverride', 'replicas'],
    [
      ['NaN', NaN],
      ['Infinity', Infinity],
      ['-Infinity', -Infinity],
      ['2^64', 2 ** 64],
    ],
  ),
  {
    title: 'valuesOverride nested 70 levels',
    at: ['addons', 'coredns', 'valuesOverride', 'deep'],
    value: nested(70),
    problemPath: 'addons.coredns.valuesOverride.deep',
  },
  // Secrets under misspelled or unknown keys: the key is named, the value never shown.
  ...each(
    'misspelled valueOverride',
    ['addons', 'certManager', 'valueOverride'],
    [
      ['a mapping', SECRET_MAP],
      ['a short string', SECRET],
      ['a private key', PRIVATE_KEY],
    ],
  ),
  { title: 'misspelled valuesOverrides', at: ['addons', 'velero', 'valuesOverrides'], value: `hunter2-${SECRET}` },
  { title: 'an unknown top-level secrets key', at: ['secrets'], value: SECRET_MAP },
  { title: 'an unknown etcd password', at: ['etcd', 'password'], value: SECRET },
  { title: 'an unknown platform key', at: ['platform', 'registryPassword'], value: SECRET },
  { title: 'an unknown node group key', at: ['nodeGroups', 'md0', 'sshKey'], value: PRIVATE_KEY },
  { title: 'an unknown API server key', at: ['controlPlane', 'apiServer', 'extraArgs'], value: SECRET_MAP },
  { title: 'an unknown addon', at: ['addons', 'externalSecrets'], value: { enabled: true, valuesOverride: SECRET_MAP } },
  { title: 'an unknown tenant key', at: ['tenant', 'token'], value: SECRET },
  // Label keys and values, validated as the API server does.
  ...each(
    'topologyKey',
    ['platform', 'topologySpreadConstraints', 0, 'topologyKey'],
    [
      ['a space', 'topology zone'],
      ['two slashes', 'a/b/c'],
      ['an empty name', 'example.com/'],
      ['a leading dash', '-zone'],
      ['a 64-character name', 'z'.repeat(64)],
      ['a bad prefix', 'Example.COM/zone'],
    ],
    { bases: ['full'] },
  ),
  {
    title: 'a label key with a space',
    at: [...LABEL_SELECTOR, 'bad key'],
    value: 'x',
    problemPath: 'platform.topologySpreadConstraints[0].labelSelector.matchLabels["bad key"]',
    bases: ['full'],
  },
  { title: 'a label value with a space', at: [...LABEL_SELECTOR, 'app'], value: 'bad value', bases: ['full'] },
  { title: 'a 64-character label value', at: [...LABEL_SELECTOR, 'app'], value: 'v'.repeat(64), bases: ['full'] },
  { title: 'a numeric label value', at: [...LABEL_SELECTOR, 'app'], value: 5, bases: ['full'] },
  { title: 'a label value holding credentials', at: [...LABEL_SELECTOR, 'app'], value: SECRET_MAP, bases: ['full'] },
];

/** `at` as the problem path the validator reports (the simple keys the mutations use). */
function pathOf(at: readonly Key[]): string {
  return at.reduce<string>(
    (p, k) =>
      typeof k === 'number' ? `${p}[${k}]` : /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(k) ? (p === '' ? k : `${p}.${k}`) : `${p}[${JSON.stringify(k)}]`,
    '',
  );
}

/** A deep copy of plain data, own `__proto__` keys kept as own keys. */
function copy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copy);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v))
    Object.defineProperty(out, k, { value: copy((v as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
  return out;
}

/** `spec` with `value` at `at`, creating objects on the way; `at = []` merges `value`'s keys into the top. */
function applied(spec: TenantKubernetesClusterSpec, at: readonly Key[], value: unknown): Record<string, unknown> {
  const root = copy(spec) as Record<string, unknown>;
  const put = (target: Record<string, unknown>, key: Key, v: unknown) =>
    Object.defineProperty(target, key, { value: v, enumerable: true, writable: true, configurable: true });
  if (at.length === 0) {
    for (const k of Object.keys(value as object)) put(root, k, copy((value as Record<string, unknown>)[k]));
    return root;
  }
  let node: Record<string, unknown> = root;
  for (const key of at.slice(0, -1)) {
    const next = Object.hasOwn(node, key) ? node[key as string] : undefined;
    if (next === null || typeof next !== 'object') put(node, key, typeof key === 'number' ? [] : {});
    node = node[key as string] as Record<string, unknown>;
  }
  put(node, at[at.length - 1], copy(value));
  return root;
}

/** Whether a value survives a trip through YAML as the same data (the CLI reads YAML). */
function yamlData(v: unknown): boolean {
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null) return true;
  if (Array.isArray(v)) return v.every(yamlData);
  if (typeof v === 'object') return Object.getPrototypeOf(v) === Object.prototype && Object.values(v).every(yamlData);
  return false;
}

/** Every base × every mutation that applies to it. */
export function corpus(): BadInput[] {
  const out: BadInput[] = [];
  for (const m of MUTATIONS) {
    for (const base of BASES) {
      if (m.bases !== undefined && !m.bases.includes(base.title)) continue;
      const spec = applied(base.spec, m.at, m.value);
      // The CLI sets name and tenant from flags: mutations there are for the other front ends.
      const cli = m.at[0] !== 'name' && m.at[0] !== 'tenant' && yamlData(m.value);
      out.push({ title: `${base.title} / ${m.title}`, spec, problemPath: m.problemPath ?? pathOf(m.at), cli });
    }
  }
  return out;
}

/** The values file the CLI reads for a case: the spec without what flags set. */
export function valuesYaml(spec: Record<string, unknown>): string {
  const values: Record<string, unknown> = {};
  for (const k of Object.keys(spec)) {
    if (k !== 'name' && k !== 'tenant') Object.defineProperty(values, k, { value: spec[k], enumerable: true, writable: true, configurable: true });
  }
  return stringify(values, { lineWidth: 0 });
}

/** The CLI flags that give a base's name and tenant. */
export function cliFlags(spec: Record<string, unknown>): string[] {
  const t = spec.tenant as Record<string, string>;
  return [
    '--name',
    String(spec.name),
    '--namespace',
    t.namespace,
    '--tenant-host',
    t.host,
    '--tenant-ingress',
    t.ingressClassName,
    ...(t.monitoringNamespace !== undefined ? ['--tenant-monitoring', t.monitoringNamespace] : []),
  ];
}

/** Whether a problem path is `expected` or lies under it. */
export function isAtOrUnder(path: string, expected: string): boolean {
  return path === expected || path.startsWith(`${expected}.`) || path.startsWith(`${expected}[`);
}

/** Every way an error may be shown: its message, how Node prints it, and its JSON. */
export function renderings(e: unknown): string[] {
  return [String((e as Error).message), String((e as Error).stack), inspect(e), JSON.stringify(e)];
}

/** The SpecValidationError `make` throws; anything else (another error, or none) fails the test. */
export function refusal(make: () => unknown): SpecValidationError {
  try {
    make();
  } catch (e) {
    if (e instanceof SpecValidationError) return e;
    throw new Error(`expected a SpecValidationError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected the spec to be refused');
}

/** `e` names `problemPath` (or a path under it), and no rendering of it or of its problems shows the secret. */
export function expectRefused(e: SpecValidationError, problemPath: string): void {
  const paths = e.problems.map((p) => p.path);
  expect(paths.some((p) => isAtOrUnder(p, problemPath)) ? problemPath : paths).toBe(problemPath);
  for (const text of [...renderings(e), ...e.problems.map(formatProblem)]) expect(text).not.toContain(SECRET);
}
