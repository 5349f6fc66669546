// The component's arguments are one description: the Pulumi-only settings and extraAddons are checked with the spec,
// with their own paths, and a refusal is a ResourceError of the component (no stack trace) that is still a
// SpecValidationError.
import * as pulumi from '@pulumi/pulumi';
import { TenantKubernetesCluster } from '../../src/pulumi';
import { spec } from '../support/fixtures';
import { componentRefusal, installMocks, reportedErrors, valueOf } from '../support/pulumi-mocks';

installMocks('args');

const refusal = componentRefusal;

describe("the Pulumi component's arguments", () => {
  it('reports every invalid component of a program, without ending it', () => {
    const before = reportedErrors.length;
    const a = new TenantKubernetesCluster('first', { ...spec({ name: 'first' }), etcd: { replicas: 0 } });
    const b = new TenantKubernetesCluster('second', { ...spec({ name: 'second' }), version: 'v9.9' as never });
    const c = new TenantKubernetesCluster('third', spec({ name: 'third' }));
    expect([a.isValid, b.isValid, c.isValid]).toEqual([false, false, true]);
    expect(reportedErrors.slice(before).map((e) => e.message.split('\n')[0])).toEqual([
      'invalid tenant cluster component first (1 problem):',
      'invalid tenant cluster component second (1 problem):',
    ]);
  });

  it('gives an invalid component unknown outputs, as in a preview', async () => {
    const c = new TenantKubernetesCluster('unknowns', { ...spec({ name: 'unknowns' }), etcd: { replicas: 0 } });
    // `isKnown` is the SDK's own (internal) record of an unknown output.
    for (const o of [c.kubeconfig, c.clusterIdentifier, c.apiEndpoint])
      expect(await (o as unknown as { isKnown: Promise<boolean> }).isKnown).toBe(false);
  });

  it('refuses as a ResourceError of the component, without a stack trace, naming it', () => {
    const e = refusal(() => new TenantKubernetesCluster('named', { ...spec({ name: 'named' }), version: 'v9.9' as never }));
    expect(pulumi.ResourceError.isInstance(e)).toBe(true);
    expect((e as unknown as pulumi.ResourceError).hideStack).toBe(true);
    expect(e.message).toMatch(/^invalid tenant cluster component named \(1 problem\):\n {2}version: /);
  });

  it('checks the Pulumi-only settings with the spec, every problem at once', () => {
    const e = refusal(
      () =>
        new TenantKubernetesCluster('ranges', {
          ...spec({ name: 'ranges' }),
          readinessTimeoutSeconds: -5,
          protectDatastore: 'yes' as never,
          extraAddons: [] as never,
          etcd: { replicas: 0 },
        }),
    );
    expect(e.problems.map((p) => p.path)).toEqual(['etcd.replicas', 'readinessTimeoutSeconds', 'protectDatastore', 'extraAddons']);
  });

  it('lists the Pulumi-only fields among the expected ones of an unknown field', () => {
    const e = refusal(() => new TenantKubernetesCluster('unknown', { ...spec({ name: 'unknown' }), readinessTimeout: 5 } as never));
    expect(e.problems.map((p) => p.path)).toEqual(['readinessTimeout']);
    expect(e.problems[0].message).toMatch(/readinessTimeoutSeconds, protectDatastore, extraAddons/);
  });

  it('reports extraAddons under extraAddons, with the ids written, in any order', () => {
    const e = refusal(
      () =>
        new TenantKubernetesCluster('extra', {
          ...spec({ name: 'extra' }),
          extraAddons: { app: { chart: 'app', targetNamespace: 'app', dependsOn: ['velero', 'db'] }, bad: { chart: '' } as never },
        }),
    );
    expect(e.problems.map((p) => `${p.path}=${String(p.value)}`)).toEqual(['extraAddons.bad.chart=', 'extraAddons.bad.targetNamespace=undefined']);
    const graph = refusal(
      () =>
        new TenantKubernetesCluster('extra2', {
          ...spec({ name: 'extra2' }),
          extraAddons: { app: { chart: 'app', targetNamespace: 'app', dependsOn: ['velero', 'db'] } },
        }),
    );
    expect(graph.problems.map((p) => `${p.path}=${String(p.value)}`)).toEqual([
      'extraAddons.app.dependsOn[0]=velero',
      'extraAddons.app.dependsOn[1]=db',
    ]);
    const ok = new TenantKubernetesCluster('extra3', {
      ...spec({ name: 'extra3' }),
      extraAddons: { app: { chart: 'app', targetNamespace: 'app', dependsOn: ['db'] }, db: { chart: 'db', targetNamespace: 'db' } },
    });
    expect(ok.addons.length).toBeGreaterThan(0);
  });

  it('refuses outputs in the arguments, saying why the description must be plain, without echoing them', () => {
    const e = refusal(
      () =>
        new TenantKubernetesCluster('outputs', {
          ...spec({ name: 'outputs' }),
          tenant: { namespace: 'tenant-foo', host: pulumi.output('example.org') as never },
        }),
    );
    expect(e.problems.map((p) => p.path)).toEqual(['tenant.host']);
    expect(e.problems[0].message).toMatch(/must be plain data/);
    expect(e.message).not.toMatch(/toJSON/);
  });

  it("exports clusterIdentifier, the provider's stable identity", async () => {
    const c = new TenantKubernetesCluster('ident', spec({ name: 'ident' }));
    expect(await valueOf(c.clusterIdentifier)).toBe('tenant-foo/kubernetes-ident');
  });
});
