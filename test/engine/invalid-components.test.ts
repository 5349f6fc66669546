// The real Pulumi engine reports every invalid component of a program in one run, each under its own name and
// without a stack trace, and fails the preview: what `pulumi preview` shows a platform team.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pulumiBinDir } from '../support/pulumi-testbin';

jest.setTimeout(300_000);

interface Diagnostic {
  readonly severity: string;
  readonly message: string;
  readonly urn?: string;
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'tk-engine-invalid-'));
  mkdirSync(join(work, 'state'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

it('reports both invalid components of a program, under their names, goes on, and fails the preview', async () => {
  const root = join(__dirname, '../..');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(__dirname, 'fixtures/invalid-components.js'), join(root, 'lib/src/pulumi'), work],
    {
      cwd: root,
      env: { ...process.env, PATH: `${pulumiBinDir()}:${process.env.PATH}` },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const result = JSON.parse(stdout.trim().split('\n').pop()!) as { outcome: string; message?: string; diagnostics: Diagnostic[] };
  expect(result.outcome).toBe('failed');
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  const about = (component: string) =>
    errors.filter((d) => d.urn?.endsWith(`::${component}`) && d.message.includes(`invalid tenant cluster component ${component}`));
  expect(about('first')).toHaveLength(1);
  expect(about('first')[0].message).toContain('etcd.replicas: ');
  expect(about('second')).toHaveLength(1);
  expect(about('second')[0].message).toContain('version: unsupported Kubernetes version');
  // No stack trace; the program went on after both; nothing else failed the preview.
  for (const d of errors) expect(d.message).not.toMatch(/^\s+at /m);
  expect(readFileSync(join(work, 'reached'), 'utf8')).toBe('after both\n');
  expect(
    errors.filter((d) => !d.message.includes('invalid tenant cluster component') && d.message !== 'preview failed\n').map((d) => d.message),
  ).toEqual([]);
});
