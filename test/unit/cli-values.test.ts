// Values as Helm v3 reads them (docs/values.md), through `synth` and `teardown`: YAML 1.1 scalars, nulls over the
// reference chart's defaults, `-f -`, `--set`/`--set-string`; and the CLI's help and usage errors. The helm tier
// (test/helm) checks the same rules against the real Helm.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { cliValues } from '../../src/cli/main';
import { coalesceChartValues, helmValues, type SetFlag } from '../../src/cli/values';
import { goYamlResolve, formatGoFloat32 } from '../../src/cli/helm-yaml';
import { parseInto } from '../../src/cli/strvals';
import type { SpecProblem } from '../../src/spec/errors';
import { cli } from '../support/cli';

const dir = mkdtempSync(join(tmpdir(), 'tk-cli-values-'));
let n = 0;
function file(text: string): string {
  const p = join(dir, `v${n++}.yaml`);
  writeFileSync(p, text);
  return p;
}

const BASE = ['synth', '--name', 'foo', '--namespace', 'tenant-foo', '--tenant-host', 'example.org', '--tenant-ingress', 'tenant-root'];
const docs = (yaml: string) => parseAllDocuments(yaml).map((d) => d.toJS());
const machineDeployments = (yaml: string) =>
  docs(yaml)
    .filter((d) => d.kind === 'MachineDeployment')
    .map((d) => d.metadata.name);

function values(files: string[], set: SetFlag[] = []): Record<string, unknown> {
  const problems: SpecProblem[] = [];
  const v = cliValues({ valuesFiles: files, set }, problems);
  expect(problems).toEqual([]);
  return v!;
}

describe('values files read as Helm v3 reads YAML (go-yaml v2)', () => {
  it.each([
    ['yes', true],
    ['No', false],
    ['on', true],
    ['OFF', false],
    ['y', true],
    ['N', false],
    ['tRue', 'tRue'],
    ['~', null],
    ['NULL', null],
    ['0644', 420],
    ['0x1F', 31],
    ['0o17', 15],
    ['0b101', 5],
    ['08', 8],
    ['1_000', 1000],
    ['1e3', 1000],
    ['.5', 0.5],
    ['1e400', '1e400'],
    ['2024-01-01', '2024-01-01'],
    ['1:20', '1:20'],
    ['+12', 12],
    ['12345678901234567890', 12345678901234567000],
    ['0b-101', -5],
    ['Infinity', 'Infinity'],
    ['.Nan', '.Nan'],
  ])('%s', (scalar, expected) => {
    const r = goYamlResolve(scalar);
    expect(typeof r.value === 'object' && r.value !== null ? (r.value as { value: unknown }).value : r.value).toEqual(expected);
    expect(values([file(`a: ${scalar}\n`)]).a).toEqual(expected);
  });

  it('writes keys as sigs.k8s.io/yaml does', () => {
    expect(
      Object.keys(values([file('yes: 1\n0x1F: 2\n1.5e10: 3\n1e6: 4\n0.1: 5\n')]))
        .filter((k) => !['storageClass', 'nodeGroups', 'version', 'host', 'addons', 'controlPlane', 'images'].includes(k))
        .sort(),
    ).toEqual(['0.1', '1.5e+10', '1e+06', '31', 'true']);
    expect([1.5e10, 0.1, 123456789, 1e6, 100000, 1e-5, 3.25].map(formatGoFloat32)).toEqual([
      '1.5e+10',
      '0.1',
      '1.2345679e+08',
      '1e+06',
      '100000',
      '1e-05',
      '3.25',
    ]);
  });

  it('refuses .inf and a null key as Helm does, naming the path', async () => {
    const r = await cli([...BASE, '-f', file('nodeGroups:\n  md0:\n    maxReplicas: .inf\n')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^nodeGroups\.md0\.maxReplicas: is \.inf in .*, which is not a JSON number: Helm refuses the file .* \(got Infinity\)\n$/,
    );
    const k = await cli([...BASE, '-f', file('~: x\n')]);
    expect(k.status).toBe(2);
    expect(k.stderr).toContain('a null map key');
  });

  it('renders the YAML 1.1 booleans: `enabled: yes` turns an addon on', async () => {
    const r = await cli([...BASE, '-f', file('addons:\n  certManager:\n    enabled: yes\n')]);
    expect(r.status).toBe(0);
    expect(docs(r.stdout).some((d) => d.kind === 'HelmRelease' && d.metadata.name === 'kubernetes-foo-cert-manager')).toBe(true);
  });
});

describe('coalesced over the reference chart values.yaml', () => {
  it('keeps the default md0 next to new groups, as the chart does', async () => {
    const r = await cli([...BASE, '-f', file('nodeGroups:\n  workers: {minReplicas: 1, maxReplicas: 2, instanceType: u1.large}\n')]);
    expect(r.stderr).toBe('');
    expect(machineDeployments(r.stdout)).toEqual(['kubernetes-foo-md0', 'kubernetes-foo-workers']);
  });

  it('md0: null removes the default md0', async () => {
    const r = await cli([...BASE, '-f', file('nodeGroups:\n  md0: null\n  workers: {minReplicas: 1, maxReplicas: 2, instanceType: u1.large}\n')]);
    expect(machineDeployments(r.stdout)).toEqual(['kubernetes-foo-workers']);
    expect(values([file('nodeGroups: {md0: null}\n')]).nodeGroups).toEqual({});
  });

  it('a partial md0 keeps the chart defaults of the fields left out', async () => {
    const r = await cli([...BASE, '-f', file('nodeGroups:\n  md0:\n    maxReplicas: 5\n')]);
    expect(r.stdout).toContain('node-role.kubernetes.io/ingress-nginx: ""');
    const both = await cli([...BASE, '-f', file('nodeGroups:\n  md0:\n    resources: {cpu: 2, memory: 8Gi}\n')]);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/^nodeGroups\.md0/m);
    const sized = await cli([...BASE, '-f', file('nodeGroups:\n  md0:\n    instanceType: null\n    resources: {cpu: 2, memory: 8Gi}\n')]);
    expect(sized.stderr).toBe('');
  });

  it('nodeGroups: null leaves no node group; nodeGroups: {} keeps md0 (a map merges)', async () => {
    expect(machineDeployments((await cli([...BASE, '-f', file('nodeGroups: null\n')])).stdout)).toEqual([]);
    expect(machineDeployments((await cli([...BASE, '-f', file('nodeGroups: {}\n')])).stdout)).toEqual(['kubernetes-foo-md0']);
  });

  it('storageClass: null removes the key: the CSI addon gets no storage class, as from the chart', async () => {
    expect(values([file('storageClass: null\n')])).not.toHaveProperty('storageClass');
    const csi = (yaml: string) => docs(yaml).find((d) => d.kind === 'HelmRelease' && d.metadata.name === 'kubernetes-foo-csi');
    expect(csi((await cli(BASE)).stdout).spec.values).toEqual({ storageClass: 'replicated' });
    expect(csi((await cli([...BASE, '-f', file('storageClass: null\n')])).stdout).spec.values).toBeUndefined();
  });

  it('a later file null replaces an earlier map, then deletes the chart default', () => {
    expect(values([file('nodeGroups: {md0: {maxReplicas: 3}}\n'), file('nodeGroups: {md0: null}\n')]).nodeGroups).toEqual({});
    expect(coalesceChartValues({ a: { b: null, x: null } }, { a: { b: 1, c: 2 } })).toEqual({ a: { c: 2, x: null } });
  });
});

describe('-f - and --set', () => {
  it('reads standard input for -f -, in its place among the files', async () => {
    const r = await cli([...BASE, '-f', file('version: v1.30\n'), '-f', '-'], 'version: v1.31\nnodeGroups: {md0: {maxReplicas: 4}}\n');
    expect(r.stderr).toBe('');
    const md = docs(r.stdout).find((d) => d.kind === 'MachineDeployment');
    expect(md.spec.template.spec.version).toBe('v1.31.14');
  });

  it('bounds standard input like a file', async () => {
    const r = await cli([...BASE, '-f', '-'], `a: "${'x'.repeat(3 * 1024 * 1024)}"\n`);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^<stdin>: values file is too large: more than \d+ bytes/);
    expect((await cli([...BASE, '-f', '-', '-f', '-'], '')).stderr).toContain('standard input can be read once');
  });

  it('applies --set with Helm types and --set-string after every --set', () => {
    const v = values(
      [],
      [
        { flag: '--set-string', value: 'a=1' },
        { flag: '--set', value: 'a=2,b=true,c=null,d=007,e={x,y},f[1]=z,g\\.h=i\\,j' },
      ],
    );
    expect(v).toMatchObject({ a: '1', b: true, c: null, d: '007', e: ['x', 'y'], f: [null, 'z'], 'g.h': 'i,j' });
    const data: Record<string, unknown> = {};
    parseInto('x.y[0].z=1', data, false);
    expect(data).toEqual({ x: { y: [{ z: 1 }] } });
  });

  it('--set nodeGroups.md0=null removes md0 and --set sets fields of the default', async () => {
    expect(machineDeployments((await cli([...BASE, '--set', 'nodeGroups.md0=null'])).stdout)).toEqual([]);
    const r = await cli([...BASE, '--set', 'nodeGroups.md0.maxReplicas=3']);
    expect(
      docs(r.stdout).find((d) => d.kind === 'MachineDeployment').metadata.annotations['cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size'],
    ).toBe('3');
  });

  it('reports a bad --set with its flag and never its value', async () => {
    const r = await cli([...BASE, '--set', 'token=s3cr3t-value,broken']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('--set #1: a key has no value (no "=") (got a string of 25 characters)\n');
    const bare = await cli([...BASE, '--set', 'ghp_s3cr3tT0ken']);
    expect(bare.stderr).not.toContain('s3cr3t');
    const name = await cli([...BASE, '--set', 'name=x']);
    expect(name.stderr).toContain('--set #1: name: is set on the command line');
  });

  it('--set-json and --set-file, in Helm order (json, set, set-string, file)', async () => {
    const f = file('registry.example.org/kubectl:2');
    const v = values(
      [],
      [
        { flag: '--set-file', value: `platform.images.kubectl=${f}` },
        { flag: '--set', value: 'x=1' },
        { flag: '--set-json', value: 'x=2,y={"a":[1,null]}' },
      ],
    );
    expect(v).toMatchObject({ x: 1, y: { a: [1, null] }, platform: { images: { kubectl: 'registry.example.org/kubectl:2' } } });
    const r = await cli([...BASE, '--set-json', 'a={"token":"s3cr3t"', '--set-file', `b=${join(dir, 'missing')}`]);
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split('\n').sort()).toEqual(
      [
        expect.stringMatching(/^--set-json #1: the value is not JSON \(got a string of \d+ characters\)$/),
        expect.stringMatching(/missing: cannot read a --set-file file: ENOENT/),
      ].sort(),
    );
    expect(r.stderr).not.toContain('s3cr3t');
  });

  it('is byte-identical for the same input', async () => {
    const argv = [
      ...BASE,
      '-f',
      file('nodeGroups: {b: {maxReplicas: 1, instanceType: u1.large}, a: {maxReplicas: 2, instanceType: u1.large}}\n'),
      '--set',
      'addons.certManager.enabled=true',
    ];
    expect((await cli(argv)).stdout).toBe((await cli(argv)).stdout);
  });

  it('helmValues takes a chart values document', () => {
    expect(helmValues({ files: [], set: [{ flag: '--set', value: 'a.c=2' }], chartValues: { a: { b: 1 } } }, [])).toEqual({ a: { b: 1, c: 2 } });
  });
});

describe('help and usage errors', () => {
  it('no arguments: a short message on stderr, exit 2', async () => {
    const r = await cli([]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('synth, teardown, diff, fleet or schema');
    expect(r.stderr).toContain('--help');
    expect(r.stderr.split('\n').length).toBeLessThan(5);
  });

  it.each([
    ['synth', 'Usage: tenant-kubernetes synth', '--output-dir'],
    ['fleet', 'Usage: tenant-kubernetes fleet', '--tenant-etcd'],
    ['teardown', 'Usage: tenant-kubernetes teardown', '--output-dir'],
  ])('%s --help prints its own help only', async (command, first, absent) => {
    const r = await cli([command, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith(first)).toBe(true);
    expect(r.stdout).not.toContain(absent);
    expect((await cli(['help', command])).stdout).toBe(r.stdout);
    expect((await cli([command, '-h'])).stdout).toBe(r.stdout);
  });

  it('suggests the closest command or option', async () => {
    expect((await cli(['synt'])).stderr).toContain('unknown command "synt" (did you mean "synth"?)');
    expect((await cli(['synth', '--name', 'a', '--namespace', 'tenant-a', '--tenant-hots', 'x'])).stderr).toContain(
      'unknown option --tenant-hots (did you mean "--tenant-host"?)',
    );
    expect((await cli(['synth', '--name', 'a', '--namespace', 'tenant-a', '--set-strng', 'a=b'])).stderr).toContain('(did you mean "--set-string"?)');
    expect((await cli(['fleet', 'x', '--dryrun'])).stderr).toContain('(did you mean "--dry-run"?)');
    const r = await cli(['synth', '--zzzzzzzz']);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toContain('did you mean');
  });
});

describe('teardown inputs', () => {
  it('needs no tenant host: the cleanup Job does not use it', async () => {
    const bare = await cli(['teardown', '--name', 'foo', '--namespace', 'tenant-foo']);
    expect(bare.stderr).toBe('');
    expect(bare.status).toBe(0);
    expect(bare.stdout).toBe((await cli(['teardown', ...BASE.slice(1)])).stdout);
    expect(bare.stdout).not.toContain('teardown.invalid');
  });

  it('takes values files and --set like synth', async () => {
    const r = await cli([
      'teardown',
      '--name',
      'foo',
      '--namespace',
      'tenant-foo',
      '-f',
      file('teardown: {waitTimeout: 7m}\n'),
      '--set',
      'platform.images.kubectl=registry.example.org/kubectl:1',
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('WAIT=7m');
    expect(r.stdout).toContain('image: registry.example.org/kubectl:1');
  });

  it('takes cluster files in fleet format', async () => {
    const f = file(
      'name: a\ntenant: {namespace: tenant-a, host: a.example.org}\n---\nname: b\ntenant: {namespace: tenant-b, host: b.example.org}\nteardown: {helmHook: true}\n',
    );
    const r = await cli(['teardown', f]);
    expect(r.stderr).toBe('');
    const objects = docs(r.stdout);
    expect(objects.filter((d) => d.kind === 'Job').map((d) => `${d.metadata.namespace}/${d.metadata.name}`)).toEqual([
      'tenant-a/kubernetes-a-cleanup',
      'tenant-b/kubernetes-b-cleanup',
    ]);
    expect(objects.filter((d) => d.metadata.annotations?.['helm.sh/hook']).length).toBe(4);
    const both = await cli(['teardown', f, '--name', 'x']);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('teardown takes either cluster files or --name');
  });
});

describe('fleet', () => {
  it('prints a summary on stderr on success', async () => {
    const f = file('name: a\ntenant: {namespace: tenant-a, host: a.example.org}\n');
    const out = join(mkdtempSync(join(tmpdir(), 'tk-cli-values-out-')), 'dist');
    const r = await cli(['fleet', f, '-o', out]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^fleet: 1 cluster rendered; .*1 file written/m);
  });
});
