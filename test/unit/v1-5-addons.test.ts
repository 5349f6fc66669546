// The addon HelmReleases on platform line v1.5 (Cozystack v1.5.4): the catalogue and graph of every toggle combination
// against the chart's table, the chartRef shape, the values, the chart's render-time failures as validation problems,
// and the v1.5 CRDs on every HelmRelease. v0.37 keeps its own (test/unit/addons.test.ts, golden.test.ts).
import { addonObjects, renderAddons } from '../../src/render/addons';
import { lineAddonIds, lineAddonKeys } from '../../src/spec/addon-graph';
import { resolveCustomAddons } from '../../src/spec/addon-options';
import { SpecValidationError } from '../../src/spec/errors';
import { ADDON_KEYS } from '../../src/spec/field-keys';
import { PLATFORM_LINES } from '../../src/spec/platform-lines';
import type { ResolvedCluster } from '../../src/spec/resolved';
import { resolveSpec } from '../../src/render/resolve';
import { CrdValidator } from '../support/crd-schema';
import { spec } from '../support/fixtures';
import { problemsOf, problemsOfV15, resolveV15 } from '../support/render';

const TENANT = { namespace: 'tenant-foo', host: 'example.org', ingressClassName: 'tenant-root', monitoringNamespace: 'tenant-root' };
const A = 'cozystack-kubernetes-application-kubevirt-kubernetes-';
const V15 = new CrdValidator('v1.5');
const V037 = new CrdValidator('v0.37');

const TOGGLES = ['certManager', 'gatewayAPI', 'ingressNginx', 'gpuOperator', 'hami', 'fluxcd', 'monitoringAgents', 'velero', 'ouroboros'] as const;
type Toggle = (typeof TOGGLES)[number];

const onSpec = (on: readonly Toggle[], addons: Record<string, unknown> = {}) =>
  spec({
    tenant: TENANT,
    addons: {
      ...Object.fromEntries(on.map((t) => [t, t === 'ingressNginx' ? { enabled: true, hosts: ['a.example.org'] } : { enabled: true }])),
      ...addons,
    },
  });

const helmReleases = (cluster: ResolvedCluster, custom: Parameters<typeof renderAddons>[1] = []) =>
  addonObjects(renderAddons(cluster, custom)).filter((o) => o.kind === 'HelmRelease') as any[];
const short = (name: string) => name.replace(/^kubernetes-foo-/, '');
const byName = (hrs: any[]) => Object.fromEntries(hrs.map((h) => [short(h.metadata.name), h]));
const v15Releases = (on: readonly Toggle[], addons: Record<string, unknown> = {}) => byName(helmReleases(resolveV15(onSpec(on, addons))));

/**
 * Delta §1.6, written out independently of the library: gate, releaseName, chartRef component, target namespace,
 * timeout, createNamespace, and dependsOn (rendered order) given the toggles.
 */
type Row = [gate: Toggle | undefined, releaseName: string, component: string, ns: string, timeout: string | undefined, createNs: boolean];
const TABLE: Record<string, Row> = {
  cilium: [undefined, 'cilium', 'cilium', 'cozy-cilium', '10m', true],
  coredns: [undefined, 'coredns', 'coredns', 'kube-system', '10m', false],
  csi: [undefined, 'csi', 'kubevirt-csi-node', 'cozy-csi', '10m', true],
  'vsnap-crd': [undefined, 'vsnap-crd', 'volumesnapshot-crd', 'cozy-vsnap-crd', '10m', true],
  'metrics-server': [undefined, 'metrics-server', 'metrics-server', 'cozy-monitoring', '10m', true],
  'prometheus-operator-crds': [undefined, 'prometheus-operator-crds', 'prometheus-operator-crds', 'cozy-victoria-metrics-operator', undefined, true],
  'cert-manager-crds': ['certManager', 'cert-manager-crds', 'cert-manager-crds', 'cozy-cert-manager-crds', '10m', true],
  'cert-manager': ['certManager', 'cert-manager', 'cert-manager', 'cozy-cert-manager', '10m', true],
  'gateway-api-crds': ['gatewayAPI', 'gateway-api-crds', 'gateway-api-crds', 'kube-system', '10m', false],
  'ingress-nginx': ['ingressNginx', 'ingress-nginx', 'ingress-nginx', 'cozy-ingress-nginx', '10m', true],
  ouroboros: ['ouroboros', 'ouroboros', 'ouroboros', 'cozy-ouroboros', '10m', true],
  'gpu-operator': ['gpuOperator', 'gpu-operator', 'gpu-operator', 'cozy-gpu-operator', '10m', true],
  hami: ['hami', 'hami', 'hami', 'cozy-hami', '10m', true],
  'fluxcd-operator': ['fluxcd', 'fluxcd-operator', 'fluxcd-operator', 'cozy-fluxcd', '10m', true],
  fluxcd: ['fluxcd', 'fluxcd', 'fluxcd', 'cozy-fluxcd', undefined, true],
  'monitoring-agents': ['monitoringAgents', 'cozy-monitoring-agents', 'monitoring-agents', 'cozy-monitoring', '10m', true],
  'cozy-victoria-metrics-operator': [
    'monitoringAgents',
    'cozy-victoria-metrics-operator',
    'victoria-metrics-operator',
    'cozy-victoria-metrics-operator',
    '10m',
    true,
  ],
  'vertical-pod-autoscaler': ['monitoringAgents', 'vertical-pod-autoscaler', 'vertical-pod-autoscaler', 'cozy-vertical-pod-autoscaler', '10m', true],
  'vertical-pod-autoscaler-crds': [
    'monitoringAgents',
    'vertical-pod-autoscaler-crds',
    'vertical-pod-autoscaler-crds',
    'cozy-vertical-pod-autoscaler-crds',
    undefined,
    true,
  ],
  velero: ['velero', 'velero', 'velero', 'cozy-velero', '10m', true],
};

function expectedDependsOn(name: string, on: readonly Toggle[]): string[] {
  const gw = on.includes('gatewayAPI');
  const deps: Record<string, string[]> = {
    cilium: gw ? ['gateway-api-crds'] : [],
    coredns: ['cilium'],
    csi: ['vsnap-crd', 'cilium'],
    'vsnap-crd': [],
    'metrics-server': ['cilium', 'prometheus-operator-crds'],
    'prometheus-operator-crds': [],
    'cert-manager-crds': [],
    'cert-manager': ['cilium', 'cert-manager-crds'],
    'gateway-api-crds': [],
    'ingress-nginx': ['cilium'],
    ouroboros: ['cilium', 'coredns', 'ingress-nginx', ...(gw ? ['gateway-api-crds'] : [])],
    'gpu-operator': ['cilium'],
    hami: ['cilium', 'gpu-operator'],
    'fluxcd-operator': ['cilium'],
    fluxcd: ['cilium', 'fluxcd-operator'],
    'monitoring-agents': ['cozy-victoria-metrics-operator', 'vertical-pod-autoscaler-crds', 'prometheus-operator-crds', 'metrics-server'],
    'cozy-victoria-metrics-operator': ['cilium', ...(on.includes('certManager') ? ['cert-manager-crds'] : [])],
    'vertical-pod-autoscaler': ['monitoring-agents'],
    'vertical-pod-autoscaler-crds': [],
    velero: ['cilium'],
  };
  return deps[name];
}

/** Every subset of TOGGLES the chart renders (HAMi needs the GPU Operator, ouroboros ingress-nginx). */
const COMBINATIONS: Toggle[][] = Array.from({ length: 1 << TOGGLES.length }, (_, mask) => TOGGLES.filter((_, i) => mask & (1 << i))).filter(
  (on) => (!on.includes('hami') || on.includes('gpuOperator')) && (!on.includes('ouroboros') || on.includes('ingressNginx')),
);

describe('v1.5 addon catalogue and graph (delta §1.6)', () => {
  it('has the 20 addons of v1.5.4 in output order, the new ones beside their kin; v0.37 keeps its 16', () => {
    expect(Object.keys(v15Releases(TOGGLES))).toEqual([
      'cilium',
      'coredns',
      'csi',
      'vsnap-crd',
      'metrics-server',
      'prometheus-operator-crds',
      'cert-manager-crds',
      'cert-manager',
      'gateway-api-crds',
      'ingress-nginx',
      'ouroboros',
      'gpu-operator',
      'hami',
      'fluxcd-operator',
      'fluxcd',
      'monitoring-agents',
      'cozy-victoria-metrics-operator',
      'vertical-pod-autoscaler',
      'vertical-pod-autoscaler-crds',
      'velero',
    ]);
    expect(lineAddonIds(PLATFORM_LINES['v0.37'])).toHaveLength(16);
    expect(lineAddonIds(PLATFORM_LINES['v0.37'])).not.toEqual(expect.arrayContaining(['metricsServer']));
    expect(lineAddonKeys(PLATFORM_LINES['v1.5'], ADDON_KEYS)).toEqual(ADDON_KEYS);
    expect(lineAddonKeys(PLATFORM_LINES['v0.37'], ADDON_KEYS)).toEqual(ADDON_KEYS.filter((k) => k !== 'hami' && k !== 'ouroboros'));
  });

  it(`renders, for each of the ${COMBINATIONS.length} toggle combinations, the gated HelmReleases with the delta's dependsOn, valid against the v1.5 CRDs`, () => {
    expect(COMBINATIONS).toHaveLength(288); // 512 × ¾ × ¾
    for (const on of COMBINATIONS) {
      const hrs = helmReleases(resolveV15(onSpec(on)));
      const expected = Object.keys(TABLE).filter((n) => TABLE[n][0] === undefined || on.includes(TABLE[n][0]));
      expect({ on, names: hrs.map((h) => short(h.metadata.name)) }).toEqual({ on, names: expected });
      for (const h of hrs) {
        const name = short(h.metadata.name);
        const deps = (h.spec.dependsOn ?? []).map((d: any) => {
          expect(d.namespace).toBe('tenant-foo');
          return short(d.name);
        });
        expect({ on, name, deps }).toEqual({ on, name, deps: expectedDependsOn(name, on) });
        // No empty dependsOn key (the chart omits it, 1.5).
        if (deps.length === 0) expect(h.spec).not.toHaveProperty('dependsOn');
        expect(V15.validate(h)).toEqual([]);
      }
    }
  });

  it('gives every HelmRelease the shape of delta §1.5: chartRef to its ExternalArtifact, sharding label, timeouts', () => {
    const hrs = v15Releases(TOGGLES);
    for (const [name, [, releaseName, component, ns, timeout, createNs]] of Object.entries(TABLE)) {
      const h = hrs[name];
      expect(h.apiVersion).toBe('helm.toolkit.fluxcd.io/v2');
      expect(h.metadata.namespace).toBe('tenant-foo');
      expect(h.metadata.labels).toEqual({
        'cozystack.io/repository': 'system',
        'cozystack.io/target-cluster-name': 'kubernetes-foo',
        'sharding.fluxcd.io/key': 'tenants',
      });
      expect(h.spec.chartRef).toEqual({ kind: 'ExternalArtifact', name: `${A}${component}`, namespace: 'cozy-system' });
      expect(h.spec).not.toHaveProperty('chart');
      expect(h.spec.releaseName).toBe(releaseName);
      expect(h.spec.targetNamespace).toBe(ns);
      expect(h.spec.storageNamespace).toBe(ns);
      expect(h.spec.timeout).toBe(timeout);
      expect(h.spec.interval).toBe('5m');
      expect(h.spec.install.createNamespace).toBe(createNs ? true : undefined);
      expect(h.spec.upgrade.force).toBeUndefined();
      expect(h.spec.kubeConfig.secretRef).toEqual(
        name === 'fluxcd' ? { name: 'kubernetes-foo-kubeconfig' } : { name: 'kubernetes-foo-admin-kubeconfig', key: 'super-admin.svc' },
      );
    }
  });

  it('retries Cilium and the CSI (helm-controller 1.5.0 on v1.5), unless an older helm-controller is named', () => {
    const strategy = { name: 'RetryOnFailure', retryInterval: '30s' };
    const hrs = v15Releases([]);
    expect(hrs.cilium.spec.install).toEqual({ createNamespace: true, strategy });
    expect(hrs.csi.spec.upgrade).toEqual({ strategy });
    expect(hrs.coredns.spec.install).toEqual({ remediation: { retries: -1 } });
    const old = byName(helmReleases(resolveV15({ ...onSpec([]), platform: { fluxHelmControllerVersion: '1.3.0' } })));
    expect(old.cilium.spec.install).toEqual({ createNamespace: true, remediation: { retries: -1 } });
  });

  it('is refused by the v0.37 CRDs, whose chartRef has no ExternalArtifact', () => {
    const errors = V037.validate(v15Releases([]).cilium);
    expect(errors.join('\n')).toMatch(/chartRef\/kind/);
  });
});

describe('v1.5 addon values (delta §1.6.1–§1.6.8)', () => {
  it('always renders cert-manager values, with the Gateway API ControllerConfiguration when gatewayAPI is on', () => {
    expect(v15Releases(['certManager'])['cert-manager'].spec.values).toEqual({});
    const config = { apiVersion: 'controller.config.cert-manager.io/v1alpha1', kind: 'ControllerConfiguration', enableGatewayAPI: true };
    expect(v15Releases(['certManager', 'gatewayAPI'])['cert-manager'].spec.values).toEqual({ 'cert-manager': { config } });
    const override = { 'cert-manager': { replicaCount: 2, config: { enableGatewayAPI: false } } };
    expect(
      v15Releases(['certManager', 'gatewayAPI'], { certManager: { enabled: true, valuesOverride: override } })['cert-manager'].spec.values,
    ).toEqual({
      'cert-manager': { replicaCount: 2, config: { ...config, enableGatewayAPI: false } },
    });
    // The CRD chart still gets the whole override from its Secret.
    const crds = v15Releases(['certManager'], { certManager: { enabled: true, valuesOverride: override } })['cert-manager-crds'];
    expect(crds.spec.valuesFrom).toEqual([{ kind: 'Secret', name: 'kubernetes-foo-cert-manager-crds-values-override', valuesKey: 'values' }]);
  });

  it('gives the GPU Operator its kernel module defaults, the device plugin off with HAMi, under the override', () => {
    const defaults = {
      kernelModuleConfig: { create: true },
      'gpu-operator': { driver: { kernelModuleConfig: { name: 'nvidia-kernel-module-params' } } },
    };
    expect(v15Releases(['gpuOperator'])['gpu-operator'].spec.values).toEqual(defaults);
    expect(v15Releases(['gpuOperator', 'hami'])['gpu-operator'].spec.values).toEqual({
      ...defaults,
      'gpu-operator': { ...defaults['gpu-operator'], devicePlugin: { enabled: false } },
    });
    const override = { 'gpu-operator': { driver: { version: '550' }, devicePlugin: { enabled: true } } };
    expect(v15Releases(['gpuOperator', 'hami'], { gpuOperator: { enabled: true, valuesOverride: override } })['gpu-operator'].spec.values).toEqual({
      kernelModuleConfig: { create: true },
      'gpu-operator': { driver: { kernelModuleConfig: { name: 'nvidia-kernel-module-params' }, version: '550' }, devicePlugin: { enabled: true } },
    });
  });

  it('passes the HAMi override verbatim, and renders no values without one', () => {
    expect(v15Releases(['gpuOperator', 'hami']).hami.spec).not.toHaveProperty('values');
    const override = { hami: { scheduler: { kubeScheduler: { imageTag: 'v1.35.1' } } } };
    expect(v15Releases(['gpuOperator'], { hami: { enabled: true, valuesOverride: override } }).hami.spec.values).toEqual(override);
  });

  it('gives ouroboros its defaults, Gateway API mirroring the tenant toggle, under the override', () => {
    const values = (gatewayApi: boolean) => ({
      ouroboros: { controller: { mode: 'coredns-import', gatewayApi: { enabled: gatewayApi }, clusterDomain: 'cluster.local' } },
    });
    expect(v15Releases(['ingressNginx', 'ouroboros']).ouroboros.spec.values).toEqual(values(false));
    expect(v15Releases(['ingressNginx', 'ouroboros', 'gatewayAPI']).ouroboros.spec.values).toEqual(values(true));
    const override = { ouroboros: { controller: { mode: 'hosts', replicas: 2 } } };
    expect(v15Releases(['ingressNginx'], { ouroboros: { enabled: true, valuesOverride: override } }).ouroboros.spec.values).toEqual({
      ouroboros: { controller: { mode: 'hosts', replicas: 2, gatewayApi: { enabled: false }, clusterDomain: 'cluster.local' } },
    });
  });

  it('sends logs to vlinsert-generic on port 9481 and metrics to the fully qualified vminsert (§1.6.5); v0.37 keeps vlogs-generic', () => {
    const agents = v15Releases(['monitoringAgents'])['monitoring-agents'].spec.values;
    expect(agents.vmagent.remoteWrite.url).toBe('http://vminsert-shortterm.tenant-root.svc.cozy.local:8480/insert/0/prometheus');
    expect(agents['fluent-bit'].config.outputs).toContain('    Host vlinsert-generic.tenant-root.svc.cozy.local\n    port 9481\n');
    const v037 = helmReleases(resolveSpec(onSpec(['monitoringAgents']))).find((h) => h.metadata.name === 'kubernetes-foo-monitoring-agents');
    expect(v037.spec.values['fluent-bit'].config.outputs).toContain('    Host vlogs-generic.tenant-root.svc.cozy.local\n    port 9428\n');
    const vpa = v15Releases(['monitoringAgents'])['vertical-pod-autoscaler'].spec.values;
    expect(vpa['vertical-pod-autoscaler'].recommender.extraArgs['prometheus-address']).toBe(
      'http://vmselect-shortterm.tenant-root.svc.cozy.local:8481/select/0/prometheus/',
    );
  });

  it('keeps what v0.37 already renders of v1.5: the Cilium MTU and the Proxied NodePorts', () => {
    const hrs = v15Releases(['ingressNginx']);
    expect(hrs.cilium.spec.values.cilium.MTU).toBe(1350);
    expect(hrs['ingress-nginx'].spec.values['ingress-nginx'].controller.service).toEqual({
      type: 'NodePort',
      nodePorts: { http: 30000, https: 30001 },
    });
    expect(hrs.csi.spec.values).toEqual({ storageClass: 'replicated' });
    for (const name of ['vsnap-crd', 'metrics-server', 'prometheus-operator-crds']) expect(hrs[name].spec).not.toHaveProperty('values');
  });
});

const messages = (problems: readonly { path: string; value: unknown; message: string }[]) =>
  problems.map((p) => `${p.path}=${JSON.stringify(p.value)}: ${p.message}`);

describe('the v1.5 chart’s render-time failures, as validation problems (delta §1.6.6, §1.6.7)', () => {
  const HAMI =
    'addons.hami.enabled=true: requires addons.gpuOperator.enabled: HAMi shares out the GPUs whose drivers the NVIDIA GPU Operator installs, and has no GPUs to share without it';
  const OUROBOROS =
    "addons.ouroboros.enabled=true: requires addons.ingressNginx.enabled: ouroboros fixes hairpin NAT for the tenant's ingress-nginx, and has nothing to fix without it";
  const gatewayApi = (v: unknown) =>
    `addons.ouroboros.valuesOverride.ouroboros.controller.gatewayApi.enabled=${JSON.stringify(v)}: turns the Gateway API mode of ouroboros on, which requires addons.gatewayAPI.enabled on the same cluster: without the Gateway API CRDs the controller never syncs its caches and crash-loops. Enable addons.gatewayAPI, or drop this override (by default the mode follows addons.gatewayAPI.enabled)`;

  it('refuses HAMi without the GPU Operator', () => {
    expect(messages(problemsOfV15(onSpec(['hami'])))).toEqual([HAMI]);
  });

  it('refuses ouroboros without ingress-nginx', () => {
    expect(messages(problemsOfV15(onSpec(['ouroboros'])))).toEqual([OUROBOROS]);
  });

  it.each([true, 'true', 'True', 'YES', 'on', 'y', 1, '1'])(
    'refuses the Gateway API override %p without gatewayAPI, even with ouroboros off',
    (v) => {
      const override = { ouroboros: { controller: { gatewayApi: { enabled: v } } } };
      expect(messages(problemsOfV15(onSpec([], { ouroboros: { valuesOverride: override } })))).toEqual([gatewayApi(v)]);
      expect(messages(problemsOfV15(onSpec(['ingressNginx', 'ouroboros'], { ouroboros: { enabled: true, valuesOverride: override } })))).toEqual([
        gatewayApi(v),
      ]);
    },
  );

  it.each([false, 'false', 'no', 0, 'enabled', null])('accepts the override %p (not true for the chart)', (v) => {
    const override = { ouroboros: { controller: { gatewayApi: { enabled: v } } } };
    expect(() => resolveV15(onSpec(['ingressNginx', 'ouroboros'], { ouroboros: { enabled: true, valuesOverride: override } }))).not.toThrow();
  });

  it('accepts the Gateway API override with gatewayAPI on, and reports every rule at once', () => {
    const override = { ouroboros: { controller: { gatewayApi: { enabled: true } } } };
    expect(() => resolveV15(onSpec(['ingressNginx', 'gatewayAPI'], { ouroboros: { enabled: true, valuesOverride: override } }))).not.toThrow();
    expect(messages(problemsOfV15(onSpec(['hami', 'ouroboros'], { ouroboros: { enabled: true, valuesOverride: override } })))).toEqual([
      HAMI,
      OUROBOROS,
      gatewayApi(true),
    ]);
  });
});

describe('keys and sources of one line only', () => {
  it('refuses addons.hami and addons.ouroboros on v0.37, naming v1.5', () => {
    expect(messages(problemsOf(spec({ addons: { hami: { enabled: true }, ouroboros: {} } } as any)))).toEqual([
      'addons.hami={"enabled":true}: is not an addon of platform release v0.37 (Cozystack 963277233); platform release v1.5 has it (platform.release)',
      'addons.ouroboros={}: is not an addon of platform release v0.37 (Cozystack 963277233); platform release v1.5 has it (platform.release)',
    ]);
    // A typo still lists v0.37's own keys.
    expect(problemsOf(spec({ addons: { hamii: {} } } as any))[0].message).toBe(
      'unknown field; expected one of: certManager, cilium, gatewayAPI, ingressNginx, gpuOperator, fluxcd, monitoringAgents, verticalPodAutoscaler, velero, coredns',
    );
  });

  it('refuses a v1.5 addon or source kind under platform.addonCharts on v0.37, naming v1.5', () => {
    expect(
      messages(
        problemsOf(spec({ platform: { addonCharts: { metricsServer: { sourceName: 'x' }, cilium: { sourceKind: 'ExternalArtifact' } } } } as any)),
      ),
    ).toEqual([
      'platform.addonCharts.metricsServer={"sourceName":"x"}: is not an addon of platform release v0.37; platform release v1.5 has it (platform.release)',
      'platform.addonCharts.cilium.sourceKind="ExternalArtifact": is not a chart source of platform release v0.37 (expected one of: HelmRepository, GitRepository, Bucket); platform release v1.5 has it (platform.release)',
    ]);
  });

  it("refuses a dependency of a caller's addon on a v1.5 addon on v0.37", () => {
    const cluster = resolveSpec(spec());
    expect(() => resolveCustomAddons(cluster, [['app', { chart: 'app', targetNamespace: 'app', dependsOn: ['metricsServer'] }]])).toThrow(
      'addons.app.dependsOn[0]: is not a built-in addon of platform release v0.37; platform release v1.5 has it (platform.release) (got "metricsServer")',
    );
  });

  it('bounds the cluster name by the always-on prometheus-operator-crds on v1.5 (27 characters, not 33)', () => {
    const name = 'a'.repeat(28);
    expect(messages(problemsOfV15(spec({ name })))).toEqual([
      `name="${name}": is too long for platform release v1.5: every cluster of it has the HelmRelease "kubernetes-${name}-prometheus-operator-crds" is a label value (helm.toolkit.fluxcd.io/name) and must fit 63 characters; on platform release v1.5 the cluster name can have at most 27`,
    ]);
    expect(() => resolveV15(spec({ name: 'a'.repeat(27) }))).not.toThrow();
    expect(() => resolveSpec(spec({ name: 'a'.repeat(28) }))).not.toThrow();
    // With the monitoring agents on, the VictoriaMetrics operator is longer still, and the message names the addons.
    expect(problemsOfV15(spec({ name: 'a'.repeat(22), tenant: TENANT, addons: { monitoringAgents: { enabled: true } } }))[0].message).toMatch(
      /^is too long for the addons it enables: the HelmRelease "kubernetes-a{22}-cozy-victoria-metrics-operator" .* at most 21$/,
    );
  });
});

describe('the names of the new addons', () => {
  it.each(['foo-hami', 'foo-ouroboros', 'foo-metrics-server', 'foo-prometheus-operator-crds'])('reserves the ending of %s on both lines', (name) => {
    const ending = name.slice(4);
    const message = `may not end in "-${ending}": objects of cluster "${name}" would have the names of objects of a cluster "foo" in the same namespace`;
    expect(problemsOf(spec({ name })).map((p) => p.message)).toContain(message);
    expect(problemsOfV15(spec({ name })).map((p) => p.message)).toContain(message);
  });
});

describe('platform.addonCharts and caller addons on v1.5', () => {
  it('renders chart.spec for HelmRepository, GitRepository and Bucket, chartRef for ExternalArtifact, OCIRepository and HelmChart', () => {
    const platform = {
      addonCharts: {
        defaults: { sourceKind: 'HelmRepository', sourceName: 'mirror' },
        coredns: { sourceKind: 'GitRepository', sourceName: 'git', chart: './charts/coredns' },
        cilium: { sourceKind: 'OCIRepository', sourceName: 'cilium-oci' },
        csi: { sourceKind: 'HelmChart', sourceName: 'csi-chart', sourceNamespace: 'flux-system' },
        vsnapCrd: { sourceKind: 'ExternalArtifact', sourceName: 'vsnap', sourceNamespace: 'artifacts' },
      },
    };
    const hrs = byName(helmReleases(resolveV15({ ...onSpec([]), platform })));
    expect(hrs.cilium.spec.chartRef).toEqual({ kind: 'OCIRepository', name: 'cilium-oci', namespace: 'cozy-system' });
    expect(hrs.csi.spec.chartRef).toEqual({ kind: 'HelmChart', name: 'csi-chart', namespace: 'flux-system' });
    expect(hrs['vsnap-crd'].spec.chartRef).toEqual({ kind: 'ExternalArtifact', name: 'vsnap', namespace: 'artifacts' });
    expect(hrs.coredns.spec.chart.spec).toEqual({
      chart: './charts/coredns',
      reconcileStrategy: 'Revision',
      sourceRef: { kind: 'GitRepository', name: 'git', namespace: 'cozy-system' },
      version: '>= 0.0.0-0',
    });
    expect(hrs['metrics-server'].spec.chart.spec.chart).toBe('cozy-metrics-server');
    expect(hrs['metrics-server'].spec.chart.spec.sourceRef).toEqual({ kind: 'HelmRepository', name: 'mirror', namespace: 'cozy-system' });
    expect(hrs.coredns.spec).not.toHaveProperty('chartRef');
    for (const h of Object.values(hrs)) expect(V15.validate(h)).toEqual([]);
  });

  it('refuses a kind change without a sourceName, and chart or version with a chartRef kind', () => {
    expect(
      messages(
        problemsOfV15({
          ...onSpec([]),
          platform: {
            addonCharts: { defaults: { sourceKind: 'HelmRepository' }, cilium: { sourceKind: 'OCIRepository', sourceName: 'c', version: '1.x' } },
          },
        }),
      ),
    ).toEqual([
      'platform.addonCharts.cilium.version="1.x": does not apply to an OCIRepository: it is one chart, of its own version (the HelmRelease names it in spec.chartRef)',
      'platform.addonCharts.defaults.sourceKind="HelmRepository": needs a sourceName: the platform\'s charts are ExternalArtifacts, one chart each, and their names name no HelmRepository',
    ]);
  });

  it("requires a caller's addon to name its source on v1.5, and labels it for the shards", () => {
    const cluster = resolveV15(onSpec([]));
    try {
      resolveCustomAddons(cluster, [['app', { chart: 'app', targetNamespace: 'app' }]]);
      throw new Error('expected a problem');
    } catch (e) {
      expect(messages((e as SpecValidationError).problems)).toEqual([
        'addons.app.source.sourceName=undefined: is required on platform release v1.5: the platform serves its own charts as one ExternalArtifact each and has no repository for yours; name the Flux source that holds chart "app" (or set platform.addonCharts.defaults)',
      ]);
    }
    const custom = resolveCustomAddons(cluster, [
      ['app', { chart: 'app', targetNamespace: 'app', source: { sourceName: 'apps' }, dependsOn: ['metricsServer'] }],
      ['oci', { chart: 'oci', targetNamespace: 'oci', source: { sourceKind: 'OCIRepository', sourceName: 'oci-app' } }],
    ]);
    const hrs = helmReleases(cluster, custom);
    const app = hrs.find((h) => h.metadata.name === 'kubernetes-foo.app');
    expect(app.metadata.labels['sharding.fluxcd.io/key']).toBe('tenants');
    expect(app.spec.chart.spec.sourceRef).toEqual({ kind: 'HelmRepository', name: 'apps', namespace: 'cozy-system' });
    expect(app.spec.dependsOn).toEqual([{ name: 'kubernetes-foo-metrics-server', namespace: 'tenant-foo' }]);
    expect(hrs.find((h) => h.metadata.name === 'kubernetes-foo.oci').spec.chartRef).toEqual({
      kind: 'OCIRepository',
      name: 'oci-app',
      namespace: 'cozy-system',
    });
    for (const h of hrs) expect(V15.validate(h)).toEqual([]);
    // platform.addonCharts.defaults names the source for every caller's addon.
    const withDefaults = resolveV15({
      ...onSpec([]),
      platform: { addonCharts: { defaults: { sourceName: 'apps', sourceNamespace: 'flux-system' } } },
    });
    const [resolved] = resolveCustomAddons(withDefaults, [['app', { chart: 'app', targetNamespace: 'app' }]]);
    expect(resolved.source).toMatchObject({ sourceKind: 'HelmRepository', sourceName: 'apps', sourceNamespace: 'flux-system' });
  });
});
