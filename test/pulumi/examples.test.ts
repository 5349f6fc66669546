import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { installMocks, registered, valueOf } from '../support/pulumi-mocks';

const root = join(__dirname, '../..');

describe('examples/pulumi', () => {
  it('the platform stack creates two tenant clusters and exports their kubeconfigs as secrets', async () => {
    installMocks('example-platform');
    const start = registered.length;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require('../../examples/pulumi/platform/index.ts');
    const kubeconfig = await valueOf(program.prodKubeconfig as pulumi.Output<string>);
    expect(kubeconfig).toContain('kind: Config');
    expect(await pulumi.isSecret(program.prodKubeconfig)).toBe(true);
    expect(await pulumi.isSecret(program.stagingKubeconfig)).toBe(true);
    expect(await valueOf(program.prodApiEndpoint)).toBe('https://kubernetes-prod.alice.example.org:443');
    expect(await valueOf(program.prodClusterIdentifier)).toBe('tenant-alice/kubernetes-prod');
    await new Promise((r) => setTimeout(r, 200));
    const mine = registered.slice(start);
    expect(mine.filter((r) => r.type === 'tenant-kubernetes:index:TenantKubernetesCluster').map((r) => r.name)).toEqual(['prod', 'staging']);
    expect(mine.filter((r) => r.type.endsWith(':EtcdCluster')).map((r) => r.inputs.metadata.name)).toEqual(['kubernetes-prod-etcd']);
    expect(mine.some((r) => r.type === 'kubernetes:core/v1:Namespace' && r.inputs.metadata.name === 'platform-tools')).toBe(true);
  });
});

describe('examples/pulumi/downstream', () => {
  it("builds a provider from the platform stack's kubeconfig and creates a namespace with it", async () => {
    installMocks('example-downstream');
    pulumi.runtime.setAllConfig({ 'tenant-kubernetes-test:platformStack': 'org/tenant-kubernetes-platform/dev' });
    const start = registered.length;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require('../../examples/pulumi/downstream/index.ts');
    expect(await valueOf(program.namespace)).toBe('apps');
    await new Promise((r) => setTimeout(r, 100));
    const mine = registered.slice(start);
    const provider = mine.find((r) => r.type === 'pulumi:providers:kubernetes')!;
    expect(provider.inputs.clusterIdentifier).toBe('tenant-alice/kubernetes-prod');
    // Serialized as a secret: Pulumi's secret signature and the value.
    expect(provider.inputs.kubeconfig['4dabf18193072939515e22adb298388d']).toBe('1b47061264138c4ac30d75fd1eb44270');
    expect(provider.inputs.kubeconfig.value).toContain('kind: Config');
    expect(mine.some((r) => r.type === 'kubernetes:core/v1:Namespace' && r.inputs.metadata.name === 'apps')).toBe(true);
  });
});

describe('module boundaries', () => {
  it('the YAML entry points never load Pulumi', () => {
    const loaded = execFileSync(
      process.execPath,
      [
        '-e',
        `
      require(${JSON.stringify(join(root, 'lib/src/index.js'))});
      require(${JSON.stringify(join(root, 'lib/src/cli/main.js'))});
      console.log(Object.keys(require.cache).filter((k) => k.includes('@pulumi')).length);
    `,
      ],
      { encoding: 'utf8' },
    );
    expect(loaded.trim()).toBe('0');
  });
});
