import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { toYaml } from '../../src/render/yaml';
import { clusterObjects, renderCluster } from '../../src/render/cluster';
import { canonicalJson, sortKeys } from '../../src/render/manifest';
import { PLATFORM_LINES } from '../../src/spec/platform-lines';
import { DNS1123_SUBDOMAIN } from '../../src/spec/names';
import { crdsDir } from '../support/crd-schema';
import { spec } from '../support/fixtures';

describe('determinism', () => {
  const s = spec({
    nodeGroups: { b: { instanceType: 'u1.large' }, a: { resources: { cpu: '2', memory: '4Gi' } } },
    addons: { certManager: { enabled: true } },
  });
  it('renders byte-identical YAML for the same input', () => {
    expect(toYaml(clusterObjects(renderCluster(s)))).toBe(toYaml(clusterObjects(renderCluster(s))));
  });
  it('does not depend on the key order of the input', () => {
    const reordered = Object.fromEntries(Object.entries(s).reverse());
    const shuffled = { ...reordered, nodeGroups: { a: s.nodeGroups!.a, b: s.nodeGroups!.b } };
    expect(toYaml(clusterObjects(renderCluster(shuffled)))).toBe(toYaml(clusterObjects(renderCluster(s))));
  });
  it('does not modify its input', () => {
    const before = JSON.stringify(s);
    renderCluster(s);
    expect(JSON.stringify(s)).toBe(before);
  });
});

describe('names', () => {
  it('are DNS-1123 subdomains, and label values fit 63 characters, at the longest allowed cluster and group names', () => {
    const name = 'n'.repeat(33);
    const objects = clusterObjects(
      renderCluster(
        spec({
          name,
          nodeGroups: { ['g'.repeat(63 - 'kubernetes-'.length - 33 - 1)]: {} },
          addons: { ingressNginx: { enabled: true, hosts: ['a.example.org'] } },
        }),
      ),
    );
    for (const o of objects) {
      expect(o.metadata.name).toMatch(DNS1123_SUBDOMAIN);
      expect(o.metadata.name.length).toBeLessThanOrEqual(253);
      for (const v of Object.values(o.metadata.labels ?? {})) expect(v.length).toBeLessThanOrEqual(63);
    }
    for (const o of objects.filter((x) => x.kind === 'Service')) expect(o.metadata.name.length).toBeLessThanOrEqual(63);
    for (const o of objects.filter((x) => x.kind === 'Deployment') as any[]) {
      for (const v of Object.values<string>(o.spec.template.metadata.labels)) expect(v.length).toBeLessThanOrEqual(63);
    }
    const md = objects.find((o) => o.kind === 'MachineDeployment') as any;
    for (const v of Object.values<string>(md.spec.selector.matchLabels)) expect(v.length).toBeLessThanOrEqual(63);
    expect(objects.find((o) => o.kind === 'EtcdCluster')!.metadata.name.length + '-headless'.length).toBeLessThanOrEqual(63);
  });
});

describe('instance type data', () => {
  it.each([
    ['v0.37', ['instancetypes.yaml'], 48, 4],
    ['v1.5', ['instancetypes.yaml', 'extra-instancetypes.yaml'], 69, 4],
  ] as const)('matches the VirtualMachineClusterInstancetypes of platform release %s', (release, files, count, withGpus) => {
    const docs = files.flatMap((f) =>
      parseAllDocuments(readFileSync(join(crdsDir(release), 'kubevirt-instancetypes', f), 'utf8')).map((d) => d.toJS()),
    );
    const types = docs.filter((d) => d?.kind === 'VirtualMachineClusterInstancetype');
    const fromYaml = Object.fromEntries(types.map((d) => [d.metadata.name, { cpu: d.spec.cpu.guest, memory: String(d.spec.memory.guest) }]));
    const line = PLATFORM_LINES[release];
    expect(line.instanceTypes).toEqual(fromYaml);
    expect(Object.keys(line.instanceTypes)).toHaveLength(count);
    expect(Object.keys(line.instanceTypeGpus)).toHaveLength(withGpus);
    expect(line.instanceTypes['u1.medium']).toEqual({ cpu: 1, memory: '4Gi' });
  });
});

describe('library version', () => {
  it('matches package.json (it is reported in WorkloadMonitors)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- package.json, which tsconfig does not resolve as a module
    expect(require('../../src/version').LIBRARY_VERSION).toBe(require('../../package.json').version);
  });
});

describe('canonicalJson', () => {
  it('is JSON.stringify of the key-sorted copy, for every rendered object and for edge values', () => {
    const values: unknown[] = [
      ...clusterObjects(
        renderCluster(spec({ nodeGroups: { a: { instanceType: 'u1.large', gpus: [{ name: 'x' }] } }, addons: { certManager: { enabled: true } } })),
      ),
      { b: [1, undefined, () => 1, null, { d: undefined, c: 'x' }], a: -0.5, 'é"q': 'line\nbreak', f: () => 1 },
      [],
      {},
      'text',
      3,
      true,
      null,
    ];
    for (const v of values) expect(canonicalJson(v)).toBe(JSON.stringify(sortKeys(v)));
  });
});
