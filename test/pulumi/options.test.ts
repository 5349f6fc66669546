import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { TenantKubernetesCluster } from '../../src/pulumi';
import { spec } from '../support/fixtures';
import { installMocks, registered, settle, valueOf } from '../support/pulumi-mocks';

installMocks('options');

async function done(c: TenantKubernetesCluster): Promise<void> {
  await settle(c);
  await valueOf(c.kubeconfig);
  await settle(c.provider);
}

describe('standard Pulumi options', () => {
  it('uses the management provider for every object and the kubeconfig read', async () => {
    const management = new k8s.Provider('management', { kubeconfig: 'management-kubeconfig' });
    const start = registered.length;
    const c = new TenantKubernetesCluster('prov', spec({ name: 'prov' }), { provider: management });
    await done(c);
    const urn = await valueOf(management.urn);
    const objects = registered.slice(start).filter((r) => r.type.startsWith('kubernetes:'));
    expect(objects.length).toBeGreaterThan(20);
    for (const r of objects) expect(r.provider).toMatch(new RegExp(`^${urn.replace(/[$]/g, '\\$')}::`));
  });

  // `transforms` run in the engine (the real-engine tier covers them); the mocks run the SDK-side `transformations`.
  it('applies transformations to every object', async () => {
    const start = registered.length;
    const addLabel: pulumi.ResourceTransformation = (args) =>
      args.type.startsWith('kubernetes:') && args.props.metadata
        ? {
            props: { ...args.props, metadata: { ...args.props.metadata, labels: { ...args.props.metadata.labels, team: 'platform' } } },
            opts: args.opts,
          }
        : undefined;
    const c = new TenantKubernetesCluster('tr', spec({ name: 'tr' }), { transformations: [addLabel] });
    await done(c);
    const objects = registered.slice(start).filter((r) => r.type.startsWith('kubernetes:') && !r.id && r.type !== 'pulumi:providers:kubernetes');
    expect(objects.length).toBeGreaterThan(20);
    for (const r of objects) expect(r.inputs.metadata.labels.team).toBe('platform');
  });

  it('accepts aliases and dependsOn', async () => {
    const ns = new k8s.core.v1.Namespace('tenant-ns', { metadata: { name: 'tenant-foo' } });
    const c = new TenantKubernetesCluster('al', spec({ name: 'al' }), { aliases: [{ name: 'old-name' }], dependsOn: [ns] });
    await done(c);
    expect(await valueOf(c.urn)).toMatch(/::al$/);
  });
});
