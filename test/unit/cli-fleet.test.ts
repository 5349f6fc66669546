import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { FLEET_MARKER } from '../../src/cli/fleet';
import { cli } from '../support/cli';
import { fileTree } from '../support/file-tree';
import { clusterObjects, renderCluster } from '../../src/render/cluster';
import { toYaml } from '../../src/render/yaml';
import { fleet } from '../bench/fleet';

const root = mkdtempSync(join(tmpdir(), 'tk-fleet-'));
let n = 0;
function file(text: string, name = `f${n++}.yaml`): string {
  const p = join(root, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
}

describe('tenant-kubernetes fleet', () => {
  const specs = fleet(3);

  it('prints every cluster of a multi-document file, each exactly as the library renders it', async () => {
    const r = await cli(['fleet', file(toYaml(specs))]);
    // stdout is the YAML stream only; the summary goes to stderr.
    expect([r.status, r.stderr]).toEqual([0, 'fleet: 3 clusters rendered to stdout\n']);
    expect(r.stdout).toBe(specs.map((s) => toYaml(clusterObjects(renderCluster(s)))).join('---\n'));
    expect(parseAllDocuments(r.stdout).filter((d) => d.toJS().kind === 'KamajiControlPlane')).toHaveLength(3);
  });

  it('reads directories recursively (*.yaml and *.yml, sorted), and skips empty documents', async () => {
    const dir = join(root, 'repo');
    file(toYaml([specs[2]]), 'repo/b/two.yml');
    file(`${toYaml([specs[0]])}---\n`, 'repo/a.yaml');
    file(toYaml([specs[1]]), 'repo/b/one.yaml');
    file('not: yaml-input', 'repo/README.md');
    const r = await cli(['fleet', dir]);
    expect(r.status).toBe(0);
    const kcps = parseAllDocuments(r.stdout)
      .map((d) => d.toJS())
      .filter((d) => d.kind === 'KamajiControlPlane');
    expect(kcps.map((k) => k.metadata.name)).toEqual(['kubernetes-c0', 'kubernetes-c1', 'kubernetes-c2']);
  });

  it('writes NAMESPACE/NAME.yaml per cluster, and a later run replaces them (removed clusters disappear)', async () => {
    const out = join(root, 'out');
    const many = fleet(22); // tenants t0 (20 clusters) and t1 (2)
    expect((await cli(['fleet', '--output-dir', out, file(toYaml(many))])).status).toBe(0);
    expect(fileTree(out)).toHaveLength(23);
    expect(fileTree(out)).toContain(FLEET_MARKER);
    expect(readFileSync(join(out, 'tenant-t1', 'c1.yaml'), 'utf8')).toBe(toYaml(clusterObjects(renderCluster(many[21]))));
    writeFileSync(join(out, 'notes.txt'), 'kept');
    expect((await cli(['fleet', `--output-dir=${out}`, file(toYaml(many.slice(0, 2)))])).status).toBe(0);
    expect(fileTree(out)).toEqual([FLEET_MARKER, 'notes.txt', 'tenant-t0/c0.yaml', 'tenant-t0/c1.yaml']);
    expect(existsSync(join(out, 'tenant-t1'))).toBe(false);
  });

  it('reports every problem of every file, naming file, document and path, and writes nothing', async () => {
    const bad = file(toYaml([specs[0], { ...specs[1], version: 'v9.1' }, { tenant: 3 }, specs[0]]));
    const broken = file('name: [a\n');
    const list = file('- a\n');
    const out = join(root, 'never');
    const r = await cli(['fleet', '-o', out, bad, broken, list, join(root, 'missing.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        `${join(root, 'missing.yaml')}: cannot read: ENOENT (got "${join(root, 'missing.yaml')}")`,
        expect.stringMatching(new RegExp(`^${broken}:\\d+:\\d+: invalid YAML`)),
        expect.stringMatching(new RegExp(`^${list}: a cluster description must be a YAML mapping \\(got `)),
        expect.stringContaining(`${bad}#2: version: unsupported Kubernetes version`),
        `${bad}#3: name: is required: the cluster name (got <missing>)`,
        `${bad}#3: tenant: must be an object (got 3)`,
        `${bad}#4: name: describes tenant cluster tenant-t0/c0 again (first in ${bad}#1) (got "c0")`,
      ]),
    );
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an output directory it did not write, before writing anything', async () => {
    const foreign = join(root, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'keep.yaml'), 'x: 1\n');
    const r = await cli(['fleet', '-o', foreign, file(toYaml(specs))]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`--output-dir: holds files not written by tenant-kubernetes fleet (no ${FLEET_MARKER})`);
    expect(fileTree(foreign)).toEqual(['keep.yaml']);
  });

  it.each<[string[], string]>([
    [['fleet'], 'fleet needs at least one FILE or DIR of cluster descriptions'],
    [['fleet', 'a.yaml', '--name', 'x'], 'unknown option --name'],
    [['fleet', 'a.yaml', '-o'], '-o needs a value'],
    [['fleet', 'a.yaml', '-o', 'x', '--output-dir', 'y'], '--output-dir given more than once'],
    [['fleet', 'a.yaml', '-j'], '-j needs a value'],
    [['fleet', 'a.yaml', '--jobs=0'], '--jobs must be a whole number from 1 to 9999, not "0"'],
    [['fleet', 'a.yaml', '-j', 'many'], '-j must be a whole number from 1 to 9999, not "many"'],
    [['fleet', 'a.yaml', '-j', '2', '--jobs', '3'], '--jobs given more than once'],
    [['fleet', 'a.yaml', '--dry-run=yes'], '--dry-run takes no value'],
    [['fleet', 'a.yaml', '--allow-empty=1'], '--allow-empty takes no value'],
    [['fleet', 'a.yaml', '--follow-symlink'], 'unknown option --follow-symlink'],
  ])('rejects bad arguments %j with exit status 2', async (argv, message) => {
    const r = await cli(argv);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
