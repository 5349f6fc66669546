// Platform line v1.5 (Cozystack v1.5.4) for the control plane, the platform components, the Proxied ingress and the
// teardown hook: delta §1.1.2, §1.3, §1.4, §1.7 and §1.10, against today's v0.37 output.
import { load } from 'js-yaml';
import { find, objectsOf, objectsOfV15, problemsOf, problemsOfV15, resolveV15 } from '../support/render';
import { spec } from '../support/fixtures';
import { CrdValidator } from '../support/crd-schema';
import { resolveSpec } from '../../src/render/resolve';
import type { KubeObject } from '../../src/render/manifest';
import { LEGACY_PRESET_NAMES, PRESET_NAMES } from '../../src/spec/presets';
import { PLATFORM_LINES } from '../../src/spec/platform-lines';
import type { TenantKubernetesClusterSpec } from '../../src/spec/types';

const BUSYBOX = 'docker.io/library/busybox:1.37.0@sha256:1487d0af5f52b4ba31c7e465126ee2123fe3f2305d638e7827681e7cf6c83d5e';
const KUBECTL = 'docker.io/clastix/kubectl:v1.32';
const DEPLOYMENTS = ['kubernetes-foo-cluster-autoscaler', 'kubernetes-foo-kccm', 'kubernetes-foo-kcsi-controller'];
const APP_LABELS = {
  'apps.cozystack.io/application.group': 'apps.cozystack.io',
  'apps.cozystack.io/application.kind': 'Kubernetes',
  'apps.cozystack.io/application.name': 'foo',
  'internal.cozystack.io/tenantresource': 'true',
};
// Not `as const`: the spec's lists are mutable arrays (the multi-language schema has no read-only lists).
const PROXIED = { addons: { ingressNginx: { enabled: true, hosts: ['app.example.org'] } } } satisfies Partial<TenantKubernetesClusterSpec>;
const HOOK = { teardown: { helmHook: true } } as const;

/** The delta's sanitised t1.micro (controller manager, scheduler, konnectivity server). */
const T1_MICRO = {
  limits: { cpu: '500m', 'ephemeral-storage': '2Gi', memory: '256Mi' },
  requests: { cpu: '0.05', 'ephemeral-storage': '53687091', memory: '268435456' },
};

const kcp = (objects: readonly KubeObject[]) => find(objects, 'KamajiControlPlane').spec;

describe('control-plane presets by line (delta §1.10, §2.2)', () => {
  it('v1.5 accepts the 40 instance-type presets and the 7 legacy names; v0.37 the legacy names only', () => {
    expect(PLATFORM_LINES['v1.5'].presets).toEqual(PRESET_NAMES);
    expect(PLATFORM_LINES['v1.5'].presets).toHaveLength(47);
    expect(PLATFORM_LINES['v0.37'].presets).toEqual(['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge']);
    expect(PLATFORM_LINES['v0.37'].presets).toEqual(LEGACY_PRESET_NAMES);
  });

  it('defaults to c1.medium for the API server and t1.micro for the others on v1.5; medium and micro on v0.37', () => {
    const v15 = resolveV15(spec()).controlPlane;
    expect([v15.apiServer.preset, v15.controllerManager.preset, v15.scheduler.preset, v15.konnectivityServer.preset]).toEqual([
      'c1.medium',
      't1.micro',
      't1.micro',
      't1.micro',
    ]);
    const v037 = resolveSpec(spec()).controlPlane;
    expect([v037.apiServer.preset, v037.controllerManager.preset, v037.scheduler.preset, v037.konnectivityServer.preset]).toEqual([
      'medium',
      'micro',
      'micro',
      'micro',
    ]);
  });

  it('renders the delta §1.1.2 KamajiControlPlane resources with the defaults', () => {
    const s = kcp(objectsOfV15(spec()));
    expect(s.apiServer.resources).toEqual({
      limits: { cpu: '2', 'ephemeral-storage': '2Gi', memory: '2Gi' },
      requests: { cpu: '0.2', 'ephemeral-storage': '53687091', memory: '2147483648' },
    });
    expect(s.controllerManager.resources).toEqual(T1_MICRO);
    expect(s.scheduler.resources).toEqual(T1_MICRO);
    expect(s.addons.konnectivity.server.resources).toEqual(T1_MICRO);
  });

  it('keeps the old numbers of a legacy name on v1.5 (medium is 1 CPU / 1Gi, not c1.medium)', () => {
    const s = kcp(objectsOfV15(spec({ controlPlane: { apiServer: { resourcesPreset: 'medium' } } })));
    expect(s.apiServer.resources.limits).toEqual({ cpu: '1', 'ephemeral-storage': '2Gi', memory: '1Gi' });
    expect(s.apiServer.resources).toEqual(
      kcp(objectsOfV15(spec({ controlPlane: { apiServer: { resourcesPreset: 'c1.small' } } }))).apiServer.resources,
    );
  });

  it('renders every preset of v1.5 on every component, overridden by explicit resources', () => {
    const s = kcp(
      objectsOfV15(
        spec({
          controlPlane: {
            apiServer: { resourcesPreset: 'm1.4xlarge' },
            controllerManager: { resourcesPreset: 'u1.nano' },
            scheduler: { resourcesPreset: 's1.large', resources: { memory: '3Gi' } },
            konnectivity: { server: { resourcesPreset: 't1.2xlarge' } },
          },
        }),
      ),
    );
    expect(s.apiServer.resources.limits).toEqual({ cpu: '32', 'ephemeral-storage': '2Gi', memory: '256Gi' });
    expect(s.apiServer.resources.requests).toEqual({ cpu: '3.2', 'ephemeral-storage': '53687091', memory: '274877906944' });
    expect(s.controllerManager.resources.limits).toEqual({ cpu: '250m', 'ephemeral-storage': '2Gi', memory: '1Gi' });
    expect(s.scheduler.resources.limits).toEqual({ cpu: '4', 'ephemeral-storage': '2Gi', memory: '3Gi' });
    expect(s.addons.konnectivity.server.resources.limits).toEqual({ cpu: '16', 'ephemeral-storage': '2Gi', memory: '8Gi' });
  });

  it('v0.37 keeps rendering medium and micro', () => {
    const s = kcp(objectsOf(spec()));
    expect(s.apiServer.resources.limits).toEqual({ cpu: '1', 'ephemeral-storage': '2Gi', memory: '1Gi' });
    expect(s.controllerManager.resources).toEqual(T1_MICRO);
  });

  it('refuses an instance-type preset on v0.37, naming v1.5 and the legacy name with the same numbers', () => {
    const legacy = 'nano, micro, small, medium, large, xlarge, 2xlarge';
    expect(problemsOf(spec({ controlPlane: { apiServer: { resourcesPreset: 'c1.medium' } } }))).toEqual([
      {
        path: 'controlPlane.apiServer.resourcesPreset',
        value: 'c1.medium',
        message: `is not a preset of platform release v0.37 (${legacy}); platform release v1.5 has it (platform.release); "large" has the same numbers`,
      },
    ]);
    expect(problemsOf(spec({ controlPlane: { konnectivity: { server: { resourcesPreset: 'u1.large' } } } }))).toEqual([
      {
        path: 'controlPlane.konnectivity.server.resourcesPreset',
        value: 'u1.large',
        message: `is not a preset of platform release v0.37 (${legacy}); platform release v1.5 has it (platform.release)`,
      },
    ]);
  });

  it('lists the line’s names for an unknown preset, with a did-you-mean', () => {
    const [p] = problemsOfV15(spec({ controlPlane: { scheduler: { resourcesPreset: 'c1.mediun' as never } } }));
    expect(p).toEqual({
      path: 'controlPlane.scheduler.resourcesPreset',
      value: 'c1.mediun',
      message: `must be one of: ${PRESET_NAMES.join(', ')} (did you mean "c1.medium"?)`,
    });
    expect(p.message).toMatch(/^must be one of: t1\.nano, t1\.micro, .*, m1\.4xlarge, nano, micro, small, medium, large, xlarge, 2xlarge \(/);
    const [q] = problemsOfV15(spec({ controlPlane: { apiServer: { resourcesPreset: 'huge' as never } } }));
    expect(q.message).toBe(`must be one of: ${PRESET_NAMES.join(', ')}`);
    const [r] = problemsOf(spec({ controlPlane: { apiServer: { resourcesPreset: 'meduim' as never } } }));
    expect(r.message).toBe('must be one of: nano, micro, small, medium, large, xlarge, 2xlarge (did you mean "medium"?)');
  });

  it('collects a bad preset of every component at once', () => {
    const problems = problemsOfV15(
      spec({
        controlPlane: {
          apiServer: { resourcesPreset: 'x' as never },
          controllerManager: { resourcesPreset: 7 as never },
          scheduler: { resourcesPreset: 'T1.micro' as never },
          konnectivity: { server: { resourcesPreset: 'c2.small' as never } },
        },
      }),
    );
    expect(problems.map((p) => [p.path, p.value])).toEqual([
      ['controlPlane.apiServer.resourcesPreset', 'x'],
      ['controlPlane.controllerManager.resourcesPreset', 7],
      ['controlPlane.scheduler.resourcesPreset', 'T1.micro'],
      ['controlPlane.konnectivity.server.resourcesPreset', 'c2.small'],
    ]);
    expect(problems[2].message).toMatch(/\(did you mean "t1\.micro"\?\)$/);
    expect(problems[3].message).toMatch(/\(did you mean "c1\.small"\?\)$/);
  });
});

describe('KamajiControlPlane konnectivity and version on v1.5 (delta §1.1.2)', () => {
  it('pins agent and server v0.34.0 for v1.35, the default', () => {
    const s = kcp(objectsOfV15(spec()));
    expect(s.version).toBe('v1.35.1');
    expect(s.addons.konnectivity.agent).toEqual({ version: 'v0.34.0' });
    expect(s.addons.konnectivity.server).toEqual({ port: 8132, version: 'v0.34.0', resources: T1_MICRO });
  });

  it.each([
    ['v1.30', 'v1.30.14'],
    ['v1.31', 'v1.31.14'],
    ['v1.32', 'v1.32.12'],
    ['v1.33', 'v1.33.8'],
    ['v1.34', 'v1.34.4'],
  ] as const)('leaves konnectivity to Kamaji on %s', (minor, patch) => {
    const s = kcp(objectsOfV15(spec({ version: minor })));
    expect(s.version).toBe(patch);
    expect(s.addons.konnectivity).toEqual({ server: { port: 8132, resources: T1_MICRO } });
  });

  it('pins nothing on v0.37', () => {
    for (const version of ['v1.30', 'v1.33'] as const) {
      expect(kcp(objectsOf(spec({ version }))).addons.konnectivity).toEqual({ server: { port: 8132, resources: T1_MICRO } });
    }
  });

  it('renders the rest of the delta’s example spec', () => {
    const s = kcp(objectsOfV15(spec({ tenant: { namespace: 'tenant-foo', dataStoreName: 'tenant-root' } })));
    expect(s.dataStoreName).toBe('tenant-root');
    expect(s.kubelet).toEqual({ cgroupfs: 'systemd', preferredAddressTypes: ['InternalIP', 'ExternalIP'] });
    expect(s.network).toEqual({
      serviceType: 'ClusterIP',
      ingress: {
        extraAnnotations: { 'nginx.ingress.kubernetes.io/ssl-passthrough': 'true' },
        hostname: 'kubernetes-foo.example.org:443',
        className: 'tenant-root',
      },
    });
    expect(s.deployment).toEqual({ podAdditionalMetadata: { labels: { 'policy.cozystack.io/allow-to-etcd': 'true' } } });
    expect(s.replicas).toBe(2);
  });
});

describe('platform components on v1.5 (delta §1.3)', () => {
  const v15 = objectsOfV15(spec());
  const v037 = objectsOf(spec());

  it.each(DEPLOYMENTS)('%s waits for the kubeconfig with busybox, our script and an optional Secret', (name) => {
    const pod = find(v15, 'Deployment', name).spec.template.spec;
    const [wait] = pod.initContainers;
    expect(pod.initContainers).toHaveLength(1);
    expect(wait.name).toBe('wait-for-kubeconfig');
    expect(wait.image).toBe(BUSYBOX);
    expect(wait.command).toEqual(find(v037, 'Deployment', name).spec.template.spec.initContainers[0].command);
    expect(wait.command.join(' ')).toContain('[ -s /etc/kubernetes/kubeconfig/super-admin.svc ]');
    expect(wait.volumeMounts).toEqual([{ name: 'kubeconfig', mountPath: '/etc/kubernetes/kubeconfig', readOnly: true }]);
    expect(pod.volumes).toContainEqual({ name: 'kubeconfig', secret: { secretName: 'kubernetes-foo-admin-kubeconfig', optional: true } });
  });

  it.each(DEPLOYMENTS)('%s waits with the kubectl image on v0.37', (name) => {
    expect(find(v037, 'Deployment', name).spec.template.spec.initContainers[0].image).toBe(KUBECTL);
  });

  it('takes platform.images.waitForKubeconfig when given', () => {
    const objects = objectsOfV15(spec({ platform: { images: { waitForKubeconfig: 'registry.example.org/busybox:1.37' } } }));
    for (const name of DEPLOYMENTS) {
      expect(find(objects, 'Deployment', name).spec.template.spec.initContainers[0].image).toBe('registry.example.org/busybox:1.37');
    }
  });

  it('runs the v1.5.4 builds of the autoscaler, kccm and kcsi', () => {
    const image = (name: string, container: string) =>
      find(v15, 'Deployment', name).spec.template.spec.containers.find((c: { name: string }) => c.name === container).image;
    expect(image('kubernetes-foo-kcsi-controller', 'csi-driver')).toBe(PLATFORM_LINES['v1.5'].images.kubevirtCsiDriver);
    expect(image('kubernetes-foo-kccm', 'kubevirt-cloud-controller-manager')).toBe(PLATFORM_LINES['v1.5'].images.kubevirtCloudProvider);
    expect(PLATFORM_LINES['v1.5'].images.kubevirtCsiDriver).toMatch(/:v1\.5\.4@sha256:51b9a6c0/);
  });

  it('runs the kcsi driver as controller only, between the labels and the log level', () => {
    const driver = (objects: readonly KubeObject[]) =>
      find(objects, 'Deployment', 'kubernetes-foo-kcsi-controller').spec.template.spec.containers.find(
        (c: { name: string }) => c.name === 'csi-driver',
      );
    expect(driver(v15).args).toEqual([
      '--endpoint=$(CSI_ENDPOINT)',
      '--infra-cluster-namespace=$(INFRACLUSTER_NAMESPACE)',
      '--infra-cluster-labels=$(INFRACLUSTER_LABELS)',
      '--run-node-service=false',
      '--v=5',
    ]);
    expect(driver(v037).args).not.toContain('--run-node-service=false');
  });

  it('lets kcsi manage CiliumNetworkPolicies on v1.5 only', () => {
    const rule = { apiGroups: ['cilium.io'], resources: ['ciliumnetworkpolicies'], verbs: ['get', 'create', 'update', 'delete'] };
    const v15Rules = find(v15, 'Role', 'kubernetes-foo-kcsi').rules;
    expect(v15Rules).toContainEqual(rule);
    expect(v15Rules.slice(0, -1)).toEqual(find(v037, 'Role', 'kubernetes-foo-kcsi').rules);
    expect(JSON.stringify(find(v037, 'Role', 'kubernetes-foo-kcsi'))).not.toContain('cilium.io');
  });

  it('gives the cloud controller the application labels as infraLabels', () => {
    const config = (objects: readonly KubeObject[], name = 'foo') =>
      load(find(objects, 'ConfigMap', `kubernetes-${name}-cloud-config`).data['cloud-config'] as string) as Record<string, unknown>;
    expect(config(v15)).toEqual({
      loadBalancer: { creationPollInterval: 5, creationPollTimeout: 60, enableEPSController: true, selectorless: true },
      namespace: 'tenant-foo',
      infraLabels: APP_LABELS,
    });
    expect(config(v037)).not.toHaveProperty('infraLabels');
    // A cluster name that YAML would read as a number stays a string.
    const numeric = objectsOfV15(spec({ name: '123' }));
    expect((config(numeric, '123').infraLabels as Record<string, unknown>)['apps.cozystack.io/application.name']).toBe('123');
  });
});

describe('Proxied ingress on v1.5 (delta §1.4)', () => {
  it('labels the Service and the Ingress, target ports 30000 / 30001', () => {
    const objects = objectsOfV15(spec(PROXIED));
    const service = find(objects, 'Service', 'kubernetes-foo-ingress-nginx');
    const ingress = find(objects, 'Ingress', 'kubernetes-foo-ingress-nginx');
    expect(service.metadata.labels).toEqual(APP_LABELS);
    expect(ingress.metadata.labels).toEqual(APP_LABELS);
    expect(service.spec.ports.map((p: { targetPort: number }) => p.targetPort)).toEqual([30000, 30001]);
    expect(ingress.spec.ingressClassName).toBe('tenant-root');
  });

  it('labels the Service also without hosts (no Ingress then)', () => {
    const objects = objectsOfV15(spec({ addons: { ingressNginx: { enabled: true } } }));
    expect(find(objects, 'Service', 'kubernetes-foo-ingress-nginx').metadata.labels).toEqual(APP_LABELS);
    expect(objects.filter((o) => o.kind === 'Ingress')).toEqual([]);
  });

  it('is still gated on addons.ingressNginx.enabled (v1.5.4 renders it with the addon off)', () => {
    const objects = objectsOfV15(spec({ addons: { ingressNginx: { enabled: false, hosts: ['app.example.org'] } } }));
    expect(objects.filter((o) => o.metadata.name === 'kubernetes-foo-ingress-nginx')).toEqual([]);
  });

  it('has no labels on v0.37', () => {
    const objects = objectsOf(spec(PROXIED));
    expect(find(objects, 'Service', 'kubernetes-foo-ingress-nginx').metadata.labels).toBeUndefined();
    expect(find(objects, 'Ingress', 'kubernetes-foo-ingress-nginx').metadata.labels).toBeUndefined();
  });
});

describe('teardown hook on v1.5 (delta §1.7)', () => {
  const hooks = (objects: readonly KubeObject[]) =>
    objects.filter((o) => o.metadata.annotations?.['helm.sh/hook'] !== undefined).map((o) => [o.kind, o.metadata.name, o.metadata.annotations]);
  const annotations = (weight: string, policy: string) => ({
    'helm.sh/hook': 'pre-delete',
    'helm.sh/hook-weight': weight,
    'helm.sh/hook-delete-policy': policy,
  });

  it('keeps the Job when it fails and deletes its RBAC either way, as v1.5.4', () => {
    const rbac = 'hook-succeeded,before-hook-creation,hook-failed';
    expect(hooks(objectsOfV15(spec(HOOK)))).toEqual([
      ['ServiceAccount', 'kubernetes-foo-cleanup', annotations('0', rbac)],
      ['Role', 'kubernetes-foo-cleanup', annotations('5', rbac)],
      ['RoleBinding', 'kubernetes-foo-cleanup', annotations('5', rbac)],
      ['Job', 'kubernetes-foo-cleanup', annotations('10', 'hook-succeeded,before-hook-creation')],
    ]);
  });

  it('keeps v0.37’s policies', () => {
    const policy = 'before-hook-creation,hook-succeeded';
    expect(hooks(objectsOf(spec(HOOK)))).toEqual([
      ['ServiceAccount', 'kubernetes-foo-cleanup', annotations('0', policy)],
      ['Role', 'kubernetes-foo-cleanup', annotations('5', policy)],
      ['RoleBinding', 'kubernetes-foo-cleanup', annotations('5', policy)],
      ['Job', 'kubernetes-foo-cleanup', annotations('10', policy)],
    ]);
  });

  it('runs the same bounded script, Role and pod on both lines', () => {
    const strip = (o: KubeObject) => ({ ...o, metadata: { ...o.metadata, annotations: undefined } });
    const v15 = objectsOfV15(spec(HOOK));
    const v037 = objectsOf(spec(HOOK));
    for (const kind of ['Job', 'Role', 'RoleBinding', 'ServiceAccount']) {
      expect(strip(find(v15, kind, 'kubernetes-foo-cleanup'))).toEqual(strip(find(v037, kind, 'kubernetes-foo-cleanup')));
    }
    const job = find(v15, 'Job', 'kubernetes-foo-cleanup');
    expect(job.spec.template.metadata.labels).toEqual({ 'policy.cozystack.io/allow-to-apiserver': 'true' });
    expect(job.spec.backoffLimit).toBe(1);
    expect(job.spec.activeDeadlineSeconds).toBe(6 * 300 + 300);
    const script: string = job.spec.template.spec.containers[0].command[2];
    expect(script).toContain('-l "$ADDONS"');
    expect(script).toContain('ADDONS=cozystack.io/target-cluster-name=$CLUSTER');
    expect(script).toContain('datavolumes.cdi.kubevirt.io -l "$OWNED"');
    expect(script).toContain('@.spec.type=="LoadBalancer"');
  });
});

describe('CRD set v1.5 accepts every object of these groups', () => {
  const validator = new CrdValidator('v1.5');
  const KINDS = new Set([
    'Cluster',
    'KamajiControlPlane',
    'KubevirtCluster',
    'Deployment',
    'ServiceAccount',
    'Role',
    'RoleBinding',
    'ClusterRole',
    'ClusterRoleBinding',
    'ConfigMap',
    'Service',
    'Ingress',
    'Job',
  ]);
  const variants: Array<[string, TenantKubernetesClusterSpec]> = [
    ['defaults', spec()],
    ['Proxied ingress, teardown hook', spec({ ...PROXIED, ...HOOK })],
    [
      'tenant DataStore, legacy presets',
      spec({ tenant: { namespace: 'tenant-foo', dataStoreName: 'tenant-root' }, controlPlane: { apiServer: { resourcesPreset: '2xlarge' } } }),
    ],
    ...(['v1.30', 'v1.31', 'v1.32', 'v1.33', 'v1.34', 'v1.35'] as const).map((version): [string, TenantKubernetesClusterSpec] => [
      version,
      spec({ version, controlPlane: { replicas: 3, apiServer: { resourcesPreset: 'm1.4xlarge', resources: { cpu: '3' } } } }),
    ]),
  ];

  it.each(variants)('%s', (_, description) => {
    const objects = objectsOfV15(description).filter((o) => KINDS.has(o.kind));
    expect(objects.length).toBeGreaterThan(20);
    expect(objects.flatMap((o) => validator.validate(o))).toEqual([]);
  });

  it('knows the KamajiControlPlane with pinned konnectivity', () => {
    const object = find(objectsOfV15(spec()), 'KamajiControlPlane');
    expect(validator.knows(object)).toBe(true);
    expect(validator.validate(object)).toEqual([]);
  });
});
