// The benchmark's smoke run (small N): it must keep working, and its figures must describe what it measured.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

jest.setTimeout(300_000);

it('npm run bench -- --quick measures synthesis, loading and the Pulumi component', () => {
  const json = join(mkdtempSync(join(tmpdir(), 'tk-bench-test-')), 'bench.json');
  const root = join(__dirname, '../..');
  const out = execFileSync(process.execPath, [require.resolve('tsx/cli'), 'test/bench/run.ts', '--quick', '--json', json], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(out).toContain('tenant-kubernetes benchmark');
  const r = JSON.parse(readFileSync(json, 'utf8'));
  for (const n of ['1', '10']) {
    const row = r.synthesis[n];
    for (const kind of ['library', 'cli', 'cliOneThread', 'jsYaml', 'yaml', 'cdk8s', 'cdk8sOneChart']) {
      expect([n, kind, row[kind].ms > 0, row[kind].maxRssMiB > 0]).toEqual([n, kind, true, true]);
    }
    // 64 objects per fully featured cluster on the default line, v1.5 (3 node groups, every addon but v1.5's hami and
    // ouroboros), as the library renders them.
    expect(row.library.objects).toBe(64 * Number(n));
  }
  expect(r.load['tenant-kubernetes']).toBeGreaterThan(0);
  // Every object is one Pulumi resource; plus the kubeconfig read, the tenant provider and the component tree.
  expect(r.pulumi.perCluster).toBe(64 + 1 + 1 + 27);
});
