// Two descriptions of one tenant cluster in one management cluster are refused in every front end, naming both.
import * as k8s from '@pulumi/kubernetes';
import { App, Chart, Testing } from 'cdk8s';
import { TenantKubernetesCluster as Cdk8sCluster } from '../../src/cdk8s';
import { TenantKubernetesCluster } from '../../src/pulumi';
import { SpecValidationError } from '../../src/spec/errors';
import { apiObjectsUnder, synthFailure } from '../support/cdk8s-validation';
import { spec } from '../support/fixtures';
import { componentRefusal, installMocks, settle } from '../support/pulumi-mocks';

installMocks('duplicates');

function refusal(make: () => unknown): SpecValidationError {
  try {
    make();
  } catch (e) {
    if (e instanceof SpecValidationError) return e;
    throw e;
  }
  throw new Error('expected a SpecValidationError');
}

describe('in a cdk8s App', () => {
  it('refuses a second construct for the same tenant cluster, naming both construct paths', () => {
    const app = Testing.app();
    const alpha = new Chart(app, 'alpha');
    new Cdk8sCluster(alpha, 'prod', spec({ name: 'prod' }));
    const again = new Cdk8sCluster(new Chart(app, 'beta'), 'prod-again', spec({ name: 'prod' }));
    // Reported when the App is synthesized, on the second construct, which renders nothing.
    expect(synthFailure(alpha)).toContain(
      '[beta/prod-again] name: tenant cluster tenant-foo/kubernetes-prod is already described by construct alpha/prod',
    );
    expect(apiObjectsUnder(again)).toEqual([]);
    const e = refusal(() => again.controlPlane);
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0].path).toBe('name');
    expect(e.problems[0].value).toBe('prod');
    expect(e.problems[0].message).toContain('tenant cluster tenant-foo/kubernetes-prod is already described by construct alpha/prod');
    expect(e.problems[0].message).toContain('construct beta/prod-again would render the same objects');
  });

  it('accepts the same name in another namespace, and the same cluster in another App', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new Cdk8sCluster(chart, 'a', spec({ name: 'prod' }));
    new Cdk8sCluster(chart, 'b', spec({ name: 'prod', tenant: { namespace: 'tenant-bar' } }));
    new Cdk8sCluster(new Chart(new App(), 'other'), 'a', spec({ name: 'prod' }));
    const keys = Testing.synth(chart).map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('in a Pulumi program', () => {
  it('refuses a second component for the same tenant cluster, naming both components', async () => {
    const first = new TenantKubernetesCluster('prod', spec({ name: 'prod' }));
    await settle(first);
    const e = componentRefusal(() => new TenantKubernetesCluster('prod-copy', spec({ name: 'prod' })));
    expect(e.problems[0].path).toBe('name');
    expect(e.problems[0].message).toContain('is already described by component prod; component prod-copy would render the same objects');
  });

  it('accepts the same tenant cluster in another management cluster (another provider)', async () => {
    const other = new k8s.Provider('other-management', { kubeconfig: 'unused' });
    const c = new TenantKubernetesCluster('prod-elsewhere', spec({ name: 'prod' }), { provider: other });
    await settle(c);
    const viaProviders = new TenantKubernetesCluster('prod-elsewhere-2', spec({ name: 'prod', tenant: { namespace: 'tenant-x' } }), {
      providers: [other],
    });
    await settle(viaProviders);
    expect(
      componentRefusal(() => new TenantKubernetesCluster('prod-elsewhere-3', spec({ name: 'prod' }), { providers: { kubernetes: other } }))
        .problems[0].message,
    ).toContain('already described by component prod-elsewhere;');
  });
});
