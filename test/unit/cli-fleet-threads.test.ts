// `fleet` on several threads: the built CLI (worker threads run the compiled library, which `npm test` builds first).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterObjects, renderCluster } from '../../src/render/cluster';
import { toYaml } from '../../src/render/yaml';
import { CLUSTERS_PER_JOB, defaultJobs, renderFleet } from '../../src/cli/fleet-render';
import { FLEET_MARKER, resolveFleet, writeFleet } from '../../src/cli/fleet';
import { resolveSpec } from '../../src/spec/validate';
import { fleet } from '../bench/fleet';
import { fileTree } from '../support/file-tree';

const root = mkdtempSync(join(tmpdir(), 'tk-fleet-threads-'));
const bin = join(__dirname, '../../bin/tenant-kubernetes.js');
const specs = fleet(9);
const input = join(root, 'fleet.yaml');
writeFileSync(input, toYaml(specs));
const fleetCli = (...args: string[]) => execFileSync(process.execPath, [bin, 'fleet', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

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
    const yamls = await renderFleet(clusters, { jobs: 3, workerScript: join(__dirname, '../../lib/src/cli/fleet-worker.js') });
    expect(yamls).toEqual(specs.map((s) => toYaml(clusterObjects(renderCluster(s)))));
  });

  it('fails the run when a worker fails, leaving the earlier output untouched and no staging directory', async () => {
    const out = join(root, 'earlier');
    fleetCli('-o', out, input);
    const before = fileTree(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]);
    const failing = join(root, 'failing-worker.js');
    writeFileSync(failing, "throw new Error('worker broke');\n");
    const clusters = resolveFleet(specs.map((spec, i) => ({ source: `#${i}`, spec })), []);
    await expect(writeFleet(out, clusters.slice(0, 2), { jobs: 2, workerScript: failing })).rejects.toThrow('worker broke');
    expect(fileTree(out).map((f) => [f, readFileSync(join(out, f), 'utf8')])).toEqual(before);
    expect(readdirSync(out).filter((f) => f.startsWith('.staging-'))).toEqual([]);
    expect(existsSync(join(out, FLEET_MARKER))).toBe(true);
  });

  it('uses one thread per core, but none that the fleet would not keep busy', () => {
    expect(defaultJobs(1, 8)).toBe(1);
    expect(defaultJobs(CLUSTERS_PER_JOB * 2 - 1, 8)).toBe(1);
    expect(defaultJobs(CLUSTERS_PER_JOB * 2, 8)).toBe(2);
    expect(defaultJobs(CLUSTERS_PER_JOB * 100, 8)).toBe(8);
    expect(defaultJobs(CLUSTERS_PER_JOB * 100, 1)).toBe(1);
  });
});
