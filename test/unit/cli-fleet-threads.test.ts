// `fleet` on several threads: the built CLI (worker threads run the compiled library, which `npm test` builds first).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterObjects, renderCluster } from '../../src/render/cluster';
import { toYaml } from '../../src/render/yaml';
import { CLUSTERS_PER_JOB, defaultJobs, renderFleet, renderShare } from '../../src/cli/fleet-render';
import { SpecValidationError, formatProblem } from '../../src/spec/errors';
import { FLEET_MARKER, resolveFleet, writeFleet } from '../../src/cli/fleet';
import { resolveSpec } from '../../src/render/resolve';
import { fleet } from '../bench/fleet';
import { fileTree } from '../support/file-tree';

const root = mkdtempSync(join(tmpdir(), 'tk-fleet-threads-'));
const bin = join(__dirname, '../../bin/tenant-kubernetes.js');
const specs = fleet(9);
const input = join(root, 'fleet.yaml');
writeFileSync(input, toYaml(specs));
const fleetCli = (...args: string[]) =>
  execFileSync(process.execPath, [bin, 'fleet', ...args], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
const workerScript = join(__dirname, '../../lib/src/cli/fleet-worker.js');

describe('fleet on several threads', () => {
  it('prints the same bytes on 1, 2 and 4 threads, each cluster as the library renders it', () => {
    const expected = specs.map((s) => toYaml(clusterObjects(renderCluster(s)))).join('---\n');
    for (const jobs of ['1', '2', '4']) expect(fleetCli('--jobs', jobs, input)).toBe(expected);
  });

  it('writes the same files on 1 and 3 threads', () => {
    fleetCli('-j', '1', '-o', join(root, 'one'), input);
    fleetCli('-j', '3', '-o', join(root, 'three'), input);
    const files = fileTree(join(root, 'one'));
    expect(files).toHaveLength(specs.length + 1);
    expect(fileTree(join(root, 'three'))).toEqual(files);
    for (const f of files) expect(readFileSync(join(root, 'three', f), 'utf8')).toBe(readFileSync(join(root, 'one', f), 'utf8'));
  });

  it('takes clusters one at a time, so every cluster is rendered once whatever the number of threads', async () => {
    const clusters = specs.map((spec) => ({ spec, cluster: resolveSpec(spec) }));
    const rendered = await renderFleet(clusters, { jobs: 3, workerScript });
    expect(rendered).toEqual({ yaml: specs.map((s) => toYaml(clusterObjects(renderCluster(s)))), sha256: [], failures: [] });
  });

  it('fails the run when a worker breaks down (a bug), leaving the earlier output untouched and no work directory', async () => {
    const out = join(root, 'earlier');
    fleetCli('-o', out, input);
    const before = fileTree(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]);
    const failing = join(root, 'failing-worker.js');
    writeFileSync(failing, "throw new Error('worker broke');\n");
    const clusters = resolveFleet(
      specs.map((spec, i) => ({ source: `#${i}`, spec })),
      [],
    );
    await expect(writeFleet(out, clusters.slice(0, 2), { jobs: 2, workerScript: failing })).rejects.toThrow('worker broke');
    expect(fileTree(out).map((f) => [f, readFileSync(join(out, f), 'utf8')])).toEqual(before);
    expect(readdirSync(out).filter((f) => f !== FLEET_MARKER && f.startsWith(FLEET_MARKER))).toEqual([]);
    expect(existsSync(join(out, FLEET_MARKER))).toBe(true);
  });

  it('reports a cluster that fails to render in a worker thread as problems naming its file and document', async () => {
    const out = join(root, 'render-failure');
    fleetCli('-o', out, input);
    const before = fileTree(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]);
    // Workers render from the descriptions, this thread from the resolved clusters: descriptions that fail in the
    // workers only stand for a check made while rendering. This thread is held on its first cluster meanwhile, so
    // that the worker takes the others.
    const valid = resolveFleet(
      specs.map((spec, i) => ({ source: `fleet.yaml#${i + 1}`, spec })),
      [],
    );
    const held = new Proxy(valid[0].cluster, {
      get: (t, k, r) => (k === 'version' && Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000), Reflect.get(t, k, r)),
    });
    const clusters = valid.map((c, i) => ({ ...c, spec: { ...(c.spec as object), version: 'v9.9' }, cluster: i === 0 ? held : c.cluster }));
    const result = await writeFleet(out, clusters, { jobs: 2, workerScript });
    expect(result.problems.length).toBeGreaterThan(0);
    for (const p of result.problems)
      expect(formatProblem(p)).toMatch(/^fleet\.yaml#[2-9]: version: unsupported Kubernetes version.* \(got "v9\.9"\)$/);
    expect(fileTree(out).map((f) => [f, readFileSync(join(out, f), 'utf8')])).toEqual(before);
  });

  it('reports a cluster whose rendering throws as a problem naming it (a bug, said so), not as a crash', async () => {
    const [first, second] = resolveFleet(
      specs.slice(0, 2).map((spec, i) => ({ source: `repo/c${i}.yaml`, spec })),
      [],
    );
    const broken = new Proxy(second.cluster, {
      get: (t, k, r) => {
        if (k === 'nodeGroups') throw new TypeError('cannot read nodeGroups');
        return Reflect.get(t, k, r);
      },
    });
    const invalid = new Proxy(first.cluster, {
      get: (t, k, r) => {
        if (k === 'nodeGroups') throw new SpecValidationError([{ path: 'nodeGroups.md0', value: 3, message: 'is checked while rendering' }]);
        return Reflect.get(t, k, r);
      },
    });
    const out = join(root, 'never-written');
    const result = await writeFleet(
      out,
      [
        { ...first, cluster: invalid },
        { ...second, cluster: broken },
      ],
      { jobs: 1 },
    );
    expect(result.problems.map(formatProblem)).toEqual([
      'repo/c0.yaml: nodeGroups.md0: is checked while rendering (got 3)',
      'repo/c1.yaml: cannot be rendered: cannot read nodeGroups (it passed validation, so this is a bug in tenant-kubernetes: please report it) (got "TypeError")',
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it('hands failures from a thread over as plain data (what postMessage can carry)', () => {
    const job = {
      specs: [
        specs[0],
        { ...specs[1], version: 'v9.9' },
        {
          get name(): string {
            throw new RangeError('boom');
          },
        },
      ],
      next: new SharedArrayBuffer(4),
      output: { kind: 'hash' as const },
    };
    const messages: unknown[] = [];
    renderShare(job, (m) => messages.push(structuredClone(m)));
    expect(messages).toEqual([
      { index: 0, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { index: 1, failure: { kind: 'invalid', problems: [expect.objectContaining({ path: 'version', value: 'v9.9' })] } },
      { index: 2, failure: { kind: 'error', name: 'RangeError', message: 'boom' } },
    ]);
  });

  it('uses one thread per core, but none that the fleet would not keep busy', () => {
    expect(defaultJobs(1, 8)).toBe(1);
    expect(defaultJobs(CLUSTERS_PER_JOB * 2 - 1, 8)).toBe(1);
    expect(defaultJobs(CLUSTERS_PER_JOB * 2, 8)).toBe(2);
    expect(defaultJobs(CLUSTERS_PER_JOB * 100, 8)).toBe(8);
    expect(defaultJobs(CLUSTERS_PER_JOB * 100, 1)).toBe(1);
  });
});
