// The plugin as the Pulumi CLI sees it: the CLI (v3.259.0, built here) starts provider/pulumi-resource-tenant-kubernetes,
// asks it for its schema over gRPC, and checks that schema the way `pulumi package add` would bind it before
// generating an SDK. What `pulumi schema check` finds wrong, no language's SDK could be generated from.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pulumiBinDir } from '../support/pulumi-testbin';

jest.setTimeout(300_000);

const ROOT = join(__dirname, '../..');
const run = promisify(execFile);
let home: string;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'tk-engine-plugin-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

function pulumi(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(join(pulumiBinDir(), 'pulumi'), args, {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      PATH: `${pulumiBinDir()}:${process.env.PATH}`,
      PULUMI_HOME: home,
      PULUMI_SKIP_UPDATE_CHECK: 'true',
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
      PULUMI_DISABLE_REGISTRY_RESOLVE: 'true',
    },
  });
}

it('serves the committed schema from the plugin executable', async () => {
  const served = await pulumi(['package', 'get-schema', './provider/pulumi-resource-tenant-kubernetes']);
  // The CLI reads a schema into its own types and prints that (dropping the analyzer's non-schema `optional` flags):
  // the committed file read the same way must print the same.
  const committed = await pulumi(['package', 'get-schema', './schemas/pulumi-schema.json']);
  expect(JSON.parse(served.stdout)).toEqual(JSON.parse(committed.stdout));
  expect(JSON.parse(served.stdout).resources['tenant-kubernetes:index:TenantKubernetesCluster'].requiredInputs).toEqual(['name', 'tenant']);
});

it('`pulumi schema check` finds nothing wrong with it', async () => {
  const { stdout, stderr } = await pulumi(['schema', 'check', 'schemas/pulumi-schema.json']);
  expect(`${stdout}${stderr}`.trim()).toBe('');
});

it('`pulumi schema check` is not a check that cannot fail: a dangling type reference is reported', async () => {
  const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/pulumi-schema.json'), 'utf8'));
  schema.resources['tenant-kubernetes:index:TenantKubernetesCluster'].inputProperties.tenant.$ref = '#/types/tenant-kubernetes:index:Missing';
  const broken = join(home, 'broken.json');
  writeFileSync(broken, JSON.stringify(schema));
  await expect(pulumi(['schema', 'check', broken])).rejects.toMatchObject({ stderr: expect.stringContaining('Missing') });
});
