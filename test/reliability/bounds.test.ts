// Resource bounds: every limit is documented, every bounded field takes its bounds and refuses what lies past them,
// values at the bounds render right, and the inputs that used to exhaust the machine are refused by a CLI running on a
// 64 MiB heap (a child process: an abort shows as a signal, not as a crashed test worker).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterObjects, renderCluster } from '../../src/render/cluster';
import { renderTeardown } from '../../src/render/teardown';
import { resolveAddonOptions } from '../../src/spec/addon-options';
import { MAX_QUOTED_LENGTH, SpecValidationError } from '../../src/spec/errors';
import { LIMITS } from '../../src/spec/limits';
import { resolveSpec } from '../../src/render/resolve';
import { find } from '../support/render';

const ROOT = join(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'tk-bounds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BASE = { name: 'foo', tenant: { namespace: 'tenant-foo', ingressClassName: 'tenant-root', host: 'example.org' } };

/** A spec with `value` at the dotted `path` (all objects on the way). */
function withValue(path: string, value: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const spec: Record<string, unknown> = { ...BASE, ...structuredClone(extra) };
  const keys = path.split('.');
  let node = spec;
  for (const k of keys.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
  return spec;
}

function problemPaths(spec: unknown): string[] {
  try {
    resolveSpec(spec);
    return [];
  } catch (e) {
    if (e instanceof SpecValidationError) return e.problems.map((p) => p.path);
    throw e;
  }
}

describe('docs/limits.md', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'limits.md'), 'utf8');

  it.each(Object.entries(LIMITS))('documents %s with its value', (_name, value) => {
    const text =
      typeof value === 'number' ? String(value) : `${String((value as { min: unknown }).min)} to ${String((value as { max: unknown }).max)}`;
    expect(doc).toContain(text);
  });

  it('documents the length up to which problem lines quote strings', () => {
    expect(doc).toContain(`**${MAX_QUOTED_LENGTH} characters**`);
  });
});

/** [field path, lowest accepted, highest accepted, just below, just above, other fields the bounds need]. */
const RANGES: ReadonlyArray<[string, unknown, unknown, unknown, unknown, Record<string, unknown>]> = [
  ['etcd.replicas', 1, 9, 0, 10, {}],
  ['controlPlane.replicas', 1, 16, 0, 17, {}],
  ['nodeGroups.md0.minReplicas', 0, 5000, -1, 5001, { nodeGroups: { md0: { maxReplicas: 5000 } } }],
  ['nodeGroups.md0.maxReplicas', 0, 5000, -1, 5001, {}],
  ['nodeGroups.md0.healthCheck.maxUnhealthy', '0%', '100%', undefined, '101%', {}],
  ['nodeGroups.md0.healthCheck.maxUnhealthy', 0, 5000, -1, 5001, { nodeGroups: { md0: { maxReplicas: 5000 } } }],
  ['platform.allocationRatios.cpu', 1, 1000, 0.999, 1000.001, {}],
  ['etcd.resources.cpu', '1m', '1024', '0.9m', '1024.001', {}],
  ['controlPlane.apiServer.resources.cpu', '1m', 1024, '0.0009', 1025, {}],
  ['etcd.resources.memory', '1Mi', '64Ti', '1048575', '70368744177665', {}],
  ['etcd.size', '1Mi', '1Pi', '1048575', '1025Ti', {}],
  ['nodeGroups.md0.ephemeralStorage', '1Mi', '1Pi', '0.5Mi', '1.5Pi', {}],
  ['nodeGroups.md0.diskSize', '1Mi', '1Pi', '0.5Mi', '1.5Pi', {}],
  ['teardown.waitTimeout', '1s', '24h', '0s', '1441m', {}],
  ['nodeGroups.md0.healthCheck.unknownTimeout', '1s', '24h', '999ms', '24h0m1s', {}],
  ['nodeGroups.md0.healthCheck.nodeStartupTimeout', '30s', '24h', '29.999s', '86401s', {}],
  ['nodeGroups.md0.maxNodeProvisionTime', '1s', '1440m', '0.5s', '1441m', {}],
];

describe('bounds of the spec', () => {
  it.each(RANGES)('%s takes %p and %p, refuses %p and %p', (path, low, high, below, above, extra) => {
    expect(problemPaths(withValue(path, low, extra))).toEqual([]);
    expect(problemPaths(withValue(path, high, extra))).toEqual([]);
    if (below !== undefined) expect(problemPaths(withValue(path, below, extra))).toEqual([path]);
    expect(problemPaths(withValue(path, above, extra))).toEqual([path]);
  });

  it('bounds declared instance types: 1 to 1024 vCPUs, 1Mi to 64Ti', () => {
    const types = (cpu: unknown, memory: unknown) => ({ platform: { instanceTypes: { 'x1.big': { cpu, memory } } } });
    expect(problemPaths({ ...BASE, ...types(1, '1Mi') })).toEqual([]);
    expect(problemPaths({ ...BASE, ...types(1024, '64Ti') })).toEqual([]);
    expect(problemPaths({ ...BASE, ...types(1025, '65Ti') })).toEqual([
      'platform.instanceTypes["x1.big"].cpu',
      'platform.instanceTypes["x1.big"].memory',
    ]);
  });

  it('bounds an addon timeout like every duration', () => {
    const spec = resolveSpec(BASE);
    expect(() =>
      resolveAddonOptions(spec, 'podinfo', { chart: 'podinfo', source: { sourceName: 'charts' }, targetNamespace: 'apps', timeout: '24h' }),
    ).not.toThrow();
    expect(() =>
      resolveAddonOptions(spec, 'podinfo', {
        chart: 'podinfo',
        source: { sourceName: 'charts' },
        targetNamespace: 'apps',
        timeout: '99999999999999999999h',
      }),
    ).toThrow('addons.podinfo.timeout: must be at most 24h');
  });
});

describe('values at the bounds render right', () => {
  it('renders 2000m as 2 cores (a quantity, not NaN)', () => {
    const objects = clusterObjects(renderCluster({ ...BASE, nodeGroups: { md0: { instanceType: '', resources: { cpu: '2000m', memory: '4Gi' } } } }));
    const template = objects.find((o) => o.kind === 'KubevirtMachineTemplate') as any;
    expect(template.spec.template.spec.virtualMachineTemplate.spec.template.spec.domain.cpu).toEqual({ threads: 1, cores: 2, sockets: 1 });
  });

  it('renders the longest teardown wait as a bounded deadline', () => {
    const job = find(renderTeardown(resolveSpec({ ...BASE, teardown: { waitTimeout: '24h' } })), 'Job');
    expect(job.spec.activeDeadlineSeconds).toBe(6 * 24 * 3600 + 300);
  });

  it('renders the largest etcd and ratios as finite numbers', () => {
    const objects = clusterObjects(
      renderCluster({
        ...BASE,
        etcd: { replicas: 9, size: '1Pi' },
        platform: { allocationRatios: { cpu: 1000, memory: 1000, ephemeralStorage: 1000 } },
      }),
    );
    const etcd = find(objects, 'EtcdCluster');
    expect(etcd.spec.replicas).toBe(9);
    expect(etcd.spec.options['quota-backend-bytes']).toMatch(/^\d+$/);
    expect(JSON.stringify(objects)).not.toMatch(/NaN|Infinity|e\+/);
  });
});

/** Runs the CLI from source in a child process with a 64 MiB heap. */
function cliOnSmallHeap(args: string[]): { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--max-old-space-size=64', '--import', 'tsx', join(__dirname, 'run-cli.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

function valuesFile(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const SYNTH = ['synth', '--name', 'foo', '--namespace', 'tenant-foo', '--tenant-host', 'example.org'];

describe('inputs that used to exhaust the machine, on a 64 MiB heap', () => {
  it('renders a normal cluster within that heap (so the refusals below are meaningful)', () => {
    const r = cliOnSmallHeap([...SYNTH, '-f', valuesFile('ok.yaml', 'etcd: {replicas: 9}\naddons: {certManager: {enabled: true}}\n')]);
    expect({ status: r.status, signal: r.signal, stderr: r.stderr }).toEqual({ status: 0, signal: null, stderr: '' });
    expect(r.stdout).toContain('kind: EtcdCluster');
  }, 60_000);

  it('refuses a ~600-byte alias bomb (it took 2 GiB and aborted)', () => {
    const lines = [
      'addons:',
      '  certManager:',
      '    enabled: true',
      '    valuesOverride:',
      '      l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ];
    for (let i = 1; i < 9; i++)
      lines.push(
        `      l${i}: &l${i} [${Array(10)
          .fill(`*l${i - 1}`)
          .join(',')}]`,
      );
    const r = cliOnSmallHeap([...SYNTH, '-f', valuesFile('bomb.yaml', `${lines.join('\n')}\n`)]);
    expect({ status: r.status, signal: r.signal, stdout: r.stdout }).toEqual({ status: 2, signal: null, stdout: '' });
    expect(r.stderr).toContain('aliases expand this file past');
  }, 60_000);

  it('refuses 100000000 etcd replicas (they ran the renderer out of memory)', () => {
    const r = cliOnSmallHeap([...SYNTH, '-f', valuesFile('etcd.yaml', 'etcd: {replicas: 100000000}\n')]);
    expect({ status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr }).toEqual({
      status: 2,
      signal: null,
      stdout: '',
      stderr: 'etcd.replicas: must be at most 9 (docs/limits.md) (got 100000000)\n',
    });
  }, 60_000);

  it('refuses a 50 MB values file without reading it into the heap', () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, Buffer.alloc(50 * 1024 * 1024, 0x20));
    const r = cliOnSmallHeap([...SYNTH, '-f', big]);
    expect({ status: r.status, signal: r.signal, stdout: r.stdout }).toEqual({ status: 2, signal: null, stdout: '' });
    expect(r.stderr).toContain(`too large: 52428800 bytes, at most ${LIMITS.inputFileBytes}`);
  }, 60_000);

  it('accepts aliases within the budget and refuses them past it', () => {
    // 150 aliases of a 1000-character string: ~150,000 units, under 2 × ~1,600 bytes + 262,144. 300 are over.
    const file = (count: number) =>
      valuesFile(
        `aliases-${count}.yaml`,
        `addons:\n  cilium:\n    valuesOverride:\n      a: &a "${'x'.repeat(1000)}"\n      b: [${Array(count).fill('*a').join(', ')}]\n`,
      );
    const under = cliOnSmallHeap([...SYNTH, '-f', file(150)]);
    expect({ status: under.status, stderr: under.stderr }).toEqual({ status: 0, stderr: '' });
    const over = cliOnSmallHeap([...SYNTH, '-f', file(300)]);
    expect(over.status).toBe(2);
    expect(over.stderr).toContain('addons.cilium.valuesOverride.b: aliases expand this file past');
  }, 60_000);
});
