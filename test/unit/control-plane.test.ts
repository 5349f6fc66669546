import { PLATFORM_LINES } from '../../src/spec/platform-lines';
import { spec } from '../support/fixtures';
import { find, objectsOf } from '../support/render';

describe('Cluster (spec §1.1)', () => {
  const cluster = find(objectsOf(spec()), 'Cluster');
  it('is named kubernetes-NAME in the tenant namespace', () => {
    expect(cluster.apiVersion).toBe('cluster.x-k8s.io/v1beta1');
    expect(cluster.metadata).toEqual({ name: 'kubernetes-foo', namespace: 'tenant-foo' });
  });
  it('has the constant CIDRs and references the control plane and infrastructure', () => {
    expect(cluster.spec).toEqual({
      clusterNetwork: { pods: { cidrBlocks: ['10.243.0.0/16'] }, services: { cidrBlocks: ['10.95.0.0/16'] } },
      controlPlaneRef: {
        apiVersion: 'controlplane.cluster.x-k8s.io/v1alpha1',
        kind: 'KamajiControlPlane',
        name: 'kubernetes-foo',
        namespace: 'tenant-foo',
      },
      infrastructureRef: {
        apiVersion: 'infrastructure.cluster.x-k8s.io/v1alpha1',
        kind: 'KubevirtCluster',
        name: 'kubernetes-foo',
        namespace: 'tenant-foo',
      },
    });
  });
});

describe('KamajiControlPlane (spec §1.2)', () => {
  it('renders the reference object with defaults', () => {
    const kcp = find(
      objectsOf(spec({ tenant: { namespace: 'tenant-foo', dataStoreName: 'tenant-root', ingressClassName: 'tenant-root', host: 'example.org' } })),
      'KamajiControlPlane',
    );
    const micro = {
      limits: { cpu: '500m', 'ephemeral-storage': '2Gi', memory: '256Mi' },
      requests: { cpu: '0.05', 'ephemeral-storage': '53687091', memory: '268435456' },
    };
    expect(kcp.metadata).toEqual({
      name: 'kubernetes-foo',
      namespace: 'tenant-foo',
      labels: { 'cluster.x-k8s.io/role': 'control-plane' },
      annotations: { 'kamaji.clastix.io/kubeconfig-secret-key': 'super-admin.svc' },
    });
    expect(kcp.spec).toEqual({
      apiServer: {
        resources: {
          limits: { cpu: '1', 'ephemeral-storage': '2Gi', memory: '1Gi' },
          requests: { cpu: '0.1', 'ephemeral-storage': '53687091', memory: '1073741824' },
        },
      },
      controllerManager: { resources: micro },
      scheduler: { resources: micro },
      dataStoreName: 'tenant-root',
      addons: { konnectivity: { server: { port: 8132, resources: micro } } },
      kubelet: { cgroupfs: 'systemd', preferredAddressTypes: ['InternalIP', 'ExternalIP'] },
      network: {
        serviceType: 'ClusterIP',
        ingress: {
          extraAnnotations: { 'nginx.ingress.kubernetes.io/ssl-passthrough': 'true' },
          hostname: 'kubernetes-foo.example.org:443',
          className: 'tenant-root',
        },
      },
      deployment: { podAdditionalMetadata: { labels: { 'policy.cozystack.io/allow-to-etcd': 'true' } } },
      replicas: 2,
      version: 'v1.33.0',
    });
  });

  it('honours controlPlane.replicas (the seed hard-coded 2)', () => {
    expect(find(objectsOf(spec({ controlPlane: { replicas: 3 } })), 'KamajiControlPlane').spec.replicas).toBe(3);
    expect(find(objectsOf(spec({ controlPlane: { replicas: 1 } })), 'KamajiControlPlane').spec.replicas).toBe(1);
  });

  it.each(PLATFORM_LINES['v0.37'].versions.map((v) => [v.minor, v.patch]))('maps %s to %s', (minor, patch) => {
    const objects = objectsOf(spec({ version: minor as never }));
    expect(find(objects, 'KamajiControlPlane').spec.version).toBe(patch);
    expect(find(objects, 'MachineDeployment').spec.template.spec.version).toBe(patch);
  });

  it('maps every version of platform release v0.37 as the seed chart does', () => {
    expect(Object.fromEntries(PLATFORM_LINES['v0.37'].versions.map((v) => [v.minor, v.patch]))).toEqual({
      'v1.28': 'v1.28.15',
      'v1.29': 'v1.29.15',
      'v1.30': 'v1.30.14',
      'v1.31': 'v1.31.10',
      'v1.32': 'v1.32.6',
      'v1.33': 'v1.33.0',
    });
  });

  it('lets the platform pin another patch release', () => {
    const kcp = find(objectsOf(spec({ platform: { kubernetesPatchVersions: { 'v1.33': 'v1.33.13' } } })), 'KamajiControlPlane');
    expect(kcp.spec.version).toBe('v1.33.13');
  });

  it('uses explicit resources over the preset, and the preset for what they leave out', () => {
    const kcp = find(
      objectsOf(spec({ controlPlane: { apiServer: { resources: { cpu: '4' }, resourcesPreset: 'large' }, scheduler: { resourcesPreset: 'nano' } } })),
      'KamajiControlPlane',
    );
    expect(kcp.spec.apiServer.resources).toEqual({
      limits: { cpu: '4', 'ephemeral-storage': '2Gi', memory: '2Gi' },
      requests: { cpu: '0.4', 'ephemeral-storage': '53687091', memory: '2147483648' },
    });
    expect(kcp.spec.scheduler.resources.limits).toEqual({ cpu: '250m', 'ephemeral-storage': '2Gi', memory: '128Mi' });
  });

  it('applies the platform allocation ratios', () => {
    const kcp = find(objectsOf(spec({ platform: { allocationRatios: { cpu: 2, memory: 2, ephemeralStorage: 4 } } })), 'KamajiControlPlane');
    expect(kcp.spec.apiServer.resources.requests).toEqual({ cpu: '0.5', 'ephemeral-storage': '536870912', memory: '536870912' });
  });

  it('uses host when given, kubernetes-NAME.<tenant host> otherwise', () => {
    expect(find(objectsOf(spec({ host: 'api.alice.dev' })), 'KamajiControlPlane').spec.network.ingress.hostname).toBe('api.alice.dev:443');
    expect(
      find(objectsOf(spec({ host: 'api.alice.dev', tenant: { namespace: 'tenant-foo', host: undefined } })), 'KamajiControlPlane').spec.network
        .ingress.hostname,
    ).toBe('api.alice.dev:443');
  });

  it('omits the ingress class when the tenant has none', () => {
    const kcp = find(
      objectsOf(spec({ tenant: { namespace: 'tenant-foo', ingressClassName: undefined, host: 'example.org' } })),
      'KamajiControlPlane',
    );
    expect(kcp.spec.network.ingress).not.toHaveProperty('className');
  });

  it('references the dedicated DataStore when the tenant gives none', () => {
    const kcp = find(objectsOf(spec()), 'KamajiControlPlane');
    expect(kcp.spec.dataStoreName).toBe('tenant-foo-kubernetes-foo');
  });
});

describe('KubevirtCluster (spec §1.4)', () => {
  it('is externally managed by Kamaji and has no spec', () => {
    const kc = find(objectsOf(spec()), 'KubevirtCluster');
    expect(kc).toEqual({
      apiVersion: 'infrastructure.cluster.x-k8s.io/v1alpha1',
      kind: 'KubevirtCluster',
      metadata: { name: 'kubernetes-foo', namespace: 'tenant-foo', annotations: { 'cluster.x-k8s.io/managed-by': 'kamaji' } },
    });
  });
});
