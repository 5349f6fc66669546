// `tenant-kubernetes diff` (issue 16, point 6): the object-level difference of two renders of one cluster.
import { diffRenders, fieldChanges, formatDiff } from '../../src/cli/diff';
import type { KubeObject } from '../../src/render/manifest';
import { cli } from '../support/cli';

const obj = (kind: string, name: string, spec: Record<string, unknown> = {}, namespace: string | undefined = 'tenant-foo'): KubeObject => ({
  apiVersion: kind === 'Namespace' ? 'v1' : 'example.io/v1',
  kind,
  metadata: { name, ...(namespace === undefined ? {} : { namespace }) },
  spec,
});

describe('fieldChanges', () => {
  it('lists every changed leaf with its path, and a list that changed length as a whole', () => {
    expect(
      fieldChanges(
        { spec: { version: 'v1.33.0', a: [1, 2], b: [1], labels: { 'app.kubernetes.io/name': 'x' }, gone: 1 } },
        { spec: { version: 'v1.33.8', a: [1, 3], b: [1, 2], labels: { 'app.kubernetes.io/name': 'y' }, added: true } },
      ),
    ).toEqual([
      { path: 'spec.a[1]', from: 2, to: 3 },
      { path: 'spec.added', from: undefined, to: true },
      { path: 'spec.b', from: [1], to: [1, 2] },
      { path: 'spec.gone', from: 1, to: undefined },
      { path: 'spec.labels["app.kubernetes.io/name"]', from: 'x', to: 'y' },
      { path: 'spec.version', from: 'v1.33.0', to: 'v1.33.8' },
    ]);
    expect(fieldChanges({ a: { b: 1 } }, { a: { b: 1 } })).toEqual([]);
  });
});

describe('diffRenders', () => {
  it('finds added, removed, changed and renamed objects, in the new render’s order', () => {
    const from = [obj('Cluster', 'kubernetes-foo', { v: 1 }), obj('Template', 'kubernetes-foo-md0-aaaaaa', { disk: 'e' }), obj('Old', 'x')];
    const to = [obj('Cluster', 'kubernetes-foo', { v: 2 }), obj('Template', 'kubernetes-foo-md0-bbbbbb', { disk: 'p' }), obj('New', 'y')];
    const changes = diffRenders(from, to);
    expect(changes.map((c) => c.kind)).toEqual(['changed', 'renamed', 'added', 'removed']);
    expect(changes[1]).toMatchObject({ kind: 'renamed', fields: [{ path: 'spec.disk', from: 'e', to: 'p' }] });
  });

  it('pairs a rename only when exactly one old and one new name share the stem', () => {
    const from = [obj('Template', 'kubernetes-foo-md0-aaaaaa'), obj('Template', 'kubernetes-foo-md0-cccccc')];
    const to = [obj('Template', 'kubernetes-foo-md0-bbbbbb')];
    expect(diffRenders(from, to).map((c) => c.kind)).toEqual(['added', 'removed', 'removed']);
  });

  it('tells objects of the same name apart by kind, group and namespace', () => {
    const a = obj('Role', 'kubernetes-foo');
    const b = { ...obj('Role', 'kubernetes-foo'), apiVersion: 'other.io/v1' };
    expect(diffRenders([a], [a, b]).map((c) => c.kind)).toEqual(['added']);
  });
});

describe('formatDiff', () => {
  it('prints one line per object, fields indented, a note for a rolled worker template, and counts', () => {
    const from = [obj('KamajiControlPlane', 'kubernetes-foo', { version: 'v1.33.0' }), obj('KubevirtMachineTemplate', 'kubernetes-foo-md0-aaaaaa')];
    const to = [obj('KamajiControlPlane', 'kubernetes-foo', { version: 'v1.33.8' }), obj('KubevirtMachineTemplate', 'kubernetes-foo-md0-bbbbbb')];
    expect(formatDiff(diffRenders(from, to), 'platform release v0.37', 'platform release v1.5')).toBe(
      [
        '--- platform release v0.37',
        '+++ platform release v1.5',
        '~ KamajiControlPlane tenant-foo/kubernetes-foo',
        '    spec.version: "v1.33.0" -> "v1.33.8"',
        '> KubevirtMachineTemplate tenant-foo/kubernetes-foo-md0-aaaaaa -> kubernetes-foo-md0-bbbbbb (a new worker template: the node group rolls, every machine is replaced once)',
        '0 added, 0 removed, 1 renamed, 1 changed',
        '',
      ].join('\n'),
    );
    expect(formatDiff([], 'a', 'b')).toBe('--- a\n+++ b\nno difference\n');
  });

  it('cuts long values', () => {
    const text = formatDiff(diffRenders([obj('X', 'x', { v: 'a'.repeat(300) })], [obj('X', 'x', { v: 'b' })]), 'a', 'b');
    expect(text).toContain(`spec.v: "${'a'.repeat(96)}... -> "b"`);
  });
});

describe('tenant-kubernetes diff', () => {
  const BASE = ['diff', '--name', 'foo', '--namespace', 'tenant-foo', '--tenant-host', 'example.org'];

  it('needs both releases, and takes neither --platform-release nor --teardown-hook', async () => {
    const r = await cli([...BASE, '--platform-release', 'v1.5']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown option --platform-release');
    expect(r.stderr).toContain('--from-release is required');
    expect(r.stderr).toContain('--to-release is required');
    expect(r.stderr).toContain('tenant-kubernetes diff --help');
  });

  it('prints no difference between a release and itself, reading -f - once for both renders', async () => {
    const r = await cli([...BASE, '--from-release', 'v0.37', '--to-release', 'v0.37', '-f', '-'], 'nodeGroups:\n  md0:\n    maxReplicas: 3\n');
    expect(r).toEqual({ status: 0, stdout: '--- platform release v0.37\n+++ platform release v0.37\nno difference\n', stderr: '' });
  });

  it('reports problems of each side, naming its release, and prints nothing', async () => {
    const r = await cli([...BASE, '--from-release', 'v0.37', '--to-release', 'v0.37', '--set', 'version=v1.99']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^version: unsupported Kubernetes version.*\(rendering for platform release v0\.37\)/),
    ]);
  });

  it('has its own help', async () => {
    const r = await cli(['diff', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: tenant-kubernetes diff --from-release REL --to-release REL');
  });

  it('prints the upgrade from v0.37 to v1.5 of a seed values file: what rolls, what is new, what changes', async () => {
    const seed = 'version: v1.33\nnodeGroups:\n  md0:\n    ephemeralStorage: 30Gi\naddons:\n  certManager:\n    enabled: true\n';
    const r = await cli([...BASE, '--from-release', 'v0.37', '--to-release', 'v1.5', '-f', '-'], seed);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual(['--- platform release v0.37', '+++ platform release v1.5']);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^> KubevirtMachineTemplate tenant-foo\/kubernetes-foo-md0-[0-9a-f]{6} -> kubernetes-foo-md0-[0-9a-f]{6} \(a new worker template: the node group rolls/,
      ),
    );
    expect(lines).toContain('+ HelmRelease tenant-foo/kubernetes-foo-metrics-server');
    expect(lines).toContain('+ HelmRelease tenant-foo/kubernetes-foo-prometheus-operator-crds');
    expect(lines).toContain('    spec.version: "v1.33.0" -> "v1.33.8"');
    expect(lines.filter((l) => l.startsWith('- '))).toEqual([]);
    expect(lines[lines.length - 2]).toBe('2 added, 0 removed, 1 renamed, 14 changed');
    // Same input, same text.
    expect((await cli([...BASE, '--from-release', 'v0.37', '--to-release', 'v1.5', '-f', '-'], seed)).stdout).toBe(r.stdout);
  });
});
