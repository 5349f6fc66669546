import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { cli, EXAMPLE_FLAGS, EXAMPLE_VALUES } from '../support/cli';
import { mergeValuesFiles } from '../../src/cli/values';

const dir = mkdtempSync(join(tmpdir(), 'tk-cli-'));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
// On platform release v0.37, as the unit fixture: these tests pin the seed chart's output (v1.5's: cli-platform-release).
const BASE = [
  'synth',
  '--name',
  'foo',
  '--namespace',
  'tenant-foo',
  '--tenant-host',
  'example.org',
  '--tenant-ingress',
  'tenant-root',
  '--platform-release',
  'v0.37',
];

describe('tenant-kubernetes synth', () => {
  it('prints every object as multi-document YAML', async () => {
    const r = await cli(BASE);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual([
      'Issuer',
      'Certificate',
      'Certificate',
      'Issuer',
      'Issuer',
      'Certificate',
      'Certificate',
      'Certificate',
      'EtcdCluster',
      'DataStore',
      'CronJob',
      'Cluster',
      'KamajiControlPlane',
      'KubevirtCluster',
      'KubeadmConfigTemplate',
      'KubevirtMachineTemplate',
      'MachineDeployment',
      'MachineHealthCheck',
      'WorkloadMonitor',
      'ServiceAccount',
      'Role',
      'RoleBinding',
      'Deployment',
      'ConfigMap',
      'ServiceAccount',
      'Role',
      'RoleBinding',
      'RoleBinding',
      'ClusterRole',
      'ClusterRoleBinding',
      'Deployment',
      'ServiceAccount',
      'Role',
      'RoleBinding',
      'ClusterRole',
      'ClusterRoleBinding',
      'Deployment',
      'HelmRelease',
      'HelmRelease',
      'HelmRelease',
      'HelmRelease',
      'WorkloadMonitor',
      'WorkloadMonitor',
      'Role',
      'RoleBinding',
    ]);
    expect(docs.filter((d) => d.kind === 'HelmRelease').map((d) => d.metadata.name)).toEqual([
      'kubernetes-foo-cilium',
      'kubernetes-foo-coredns',
      'kubernetes-foo-csi',
      'kubernetes-foo-vsnap-crd',
    ]);
    expect(docs.find((d) => d.kind === 'KamajiControlPlane').spec.network.ingress).toMatchObject({
      className: 'tenant-root',
      hostname: 'kubernetes-foo.example.org:443',
    });
  });

  it('keeps requests as quoted strings and label values as empty strings', async () => {
    const r = await cli(BASE);
    expect(r.stdout).toContain('cpu: "0.1"');
    expect(r.stdout).toContain('memory: "1073741824"');
    expect(r.stdout).toContain('node-role.kubernetes.io/ingress-nginx: ""');
    expect(r.stdout).toContain('cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size: "0"');
  });

  it('is byte-identical across runs', async () => {
    expect((await cli(BASE)).stdout).toBe((await cli(BASE)).stdout);
  });

  it('merges values files, later files winning', async () => {
    const a = file('a.yaml', 'version: v1.30\nnodeGroups:\n  md0:\n    maxReplicas: 4\n    instanceType: u1.small\n');
    const b = file('b.yaml', 'version: v1.31\nnodeGroups:\n  md0:\n    maxReplicas: 6\n');
    const docs = parseAllDocuments((await cli([...BASE, '-f', a, '--values', b])).stdout).map((d) => d.toJS());
    const md = docs.find((d) => d.kind === 'MachineDeployment');
    expect(md.spec.template.spec.version).toBe('v1.31.10');
    expect(md.metadata.annotations['cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size']).toBe('6');
    expect(md.metadata.annotations['capacity.cluster-autoscaler.kubernetes.io/memory']).toBe('2Gi');
  });

  it('uses the given DataStore and creates no etcd', async () => {
    const docs = parseAllDocuments((await cli([...BASE, '--tenant-etcd', 'tenant-root'])).stdout).map((d) => d.toJS());
    expect(docs.some((d) => d.kind === 'EtcdCluster')).toBe(false);
    expect(docs.find((d) => d.kind === 'KamajiControlPlane').spec.dataStoreName).toBe('tenant-root');
  });

  it('reports invalid values with exit 2, nothing on stdout, one line per problem starting with the path', async () => {
    const bad = file(
      'bad.yaml',
      'version: v1.99\nnodeGroups:\n  md0:\n    minReplicas: 3\n    maxReplicas: 1\n    instanceType: nope.tiny\nunknown: 1\n',
    );
    const r = await cli([...BASE, '-f', bad]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines.map((l) => l.split(':')[0])).toEqual(['unknown', 'version', 'nodeGroups.md0.minReplicas', 'nodeGroups.md0.instanceType']);
    expect(lines[1]).toBe('version: unsupported Kubernetes version; expected one of: v1.28, v1.29, v1.30, v1.31, v1.32, v1.33 (got "v1.99")');
  });

  it('names flags, not spec paths, for tenant context problems', async () => {
    const r = await cli(['synth', '--name', 'Bad_Name', '--namespace', 'tenant-foo']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(
      r.stderr
        .trim()
        .split('\n')
        .map((l) => l.split(':')[0]),
    ).toEqual(['--name', '--tenant-host']);
  });

  it('rejects usage errors with exit 2, pointing to the help', async () => {
    for (const argv of [
      ['render'],
      ['synth', '--name', 'foo'],
      ['synth', '--name', 'foo', '--namespace', 'x', '--bogus', '1'],
      ['synth', '--name', 'a', '--name', 'b', '--namespace', 'x'],
    ]) {
      const r = await cli(argv);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/Run `tenant-kubernetes (synth )?--help` for usage\.\n$/);
    }
  });

  it('reports unreadable files, YAML errors and non-mapping files', async () => {
    const notMap = file('list.yaml', '- a\n- b\n');
    const broken = file('broken.yaml', 'a: [1, 2\n');
    const r = await cli([...BASE, '-f', join(dir, 'missing.yaml'), '-f', notMap, '-f', broken]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toContain('missing.yaml: cannot read values file: ENOENT');
    expect(lines[1]).toContain('list.yaml: a values file must be a YAML mapping');
    expect(lines.slice(2).join('\n')).toContain('broken.yaml:');
  });

  it('does not let values files set the name or tenant', async () => {
    const f = file('tenant.yaml', 'name: other\n');
    const r = await cli([...BASE, '-f', f]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('is set on the command line');
  });

  it('prints help with exit 0', async () => {
    const r = await cli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('tenant-kubernetes COMMAND --help');
    expect((await cli(['synth', '--help'])).stdout).toContain('--tenant-etcd DATASTORE');
  });

  it('leaves out the platform integration on request', async () => {
    const docs = parseAllDocuments((await cli([...BASE, '--no-platform-integration'])).stdout).map((d) => d.toJS());
    expect(docs.some((d) => d.kind === 'WorkloadMonitor')).toBe(false);
    expect(docs.some((d) => d.metadata.name === 'kubernetes-foo-dashboard-resources')).toBe(false);
  });

  it('refuses platform integration outside a tenant-… namespace', async () => {
    const r = await cli(['synth', '--name', 'foo', '--namespace', 'apps', '--tenant-host', 'example.org']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--namespace: must be a tenant namespace');
    expect((await cli(['synth', '--name', 'foo', '--namespace', 'apps', '--tenant-host', 'example.org', '--no-platform-integration'])).status).toBe(
      0,
    );
  });

  it('adds the teardown hook only on request', async () => {
    const hooked = async (argv: string[]) =>
      parseAllDocuments((await cli(argv)).stdout)
        .map((d) => d.toJS())
        .filter((d) => d.metadata.annotations?.['helm.sh/hook']);
    expect(await hooked(BASE)).toEqual([]);
    expect((await hooked([...BASE, '--teardown-hook'])).map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'ServiceAccount/kubernetes-foo-cleanup',
      'Role/kubernetes-foo-cleanup',
      'RoleBinding/kubernetes-foo-cleanup',
      'Job/kubernetes-foo-cleanup',
    ]);
  });

  it('prints the teardown Job without hook annotations', async () => {
    const r = await cli(['teardown', ...BASE.slice(1)]);
    expect(r.status).toBe(0);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual(['ServiceAccount', 'Role', 'RoleBinding', 'Job']);
    expect(docs.every((d) => d.metadata.annotations === undefined)).toBe(true);
  });

  it('synthesizes the example values file', async () => {
    const r = await cli(['synth', ...EXAMPLE_FLAGS, '-f', EXAMPLE_VALUES]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS());
    expect(docs.filter((d) => d.kind === 'MachineDeployment').map((d) => d.metadata.name)).toEqual([
      'kubernetes-example-gpu',
      'kubernetes-example-md0',
    ]);
  });
});

describe('mergeValuesFiles (Helm -f semantics)', () => {
  it('deep-merges maps, replaces lists and scalars, and keeps a null (it deletes chart defaults later)', async () => {
    expect(mergeValuesFiles({ a: { b: 1, c: [1, 2] }, d: 1, e: 2 }, { a: { c: [3] }, d: { x: 1 }, e: null })).toEqual({
      a: { b: 1, c: [3] },
      d: { x: 1 },
      e: null,
    });
  });
});

describe('tenant-kubernetes --version', () => {
  it('prints the package version', async () => {
    const r = await cli(['--version']);
    expect(r.status).toBe(0);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- package.json, which tsconfig does not resolve as a module
    expect(r.stdout.trim()).toBe(require('../../package.json').version);
  });
});
