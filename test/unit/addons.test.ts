import { BUILT_IN_ADDONS } from '../../src/render/addons/catalog';
import { BUILT_IN_ADDON_TOGGLES } from '../../src/spec/addon-graph';
import { BUILT_IN_ADDON_IDS } from '../../src/spec/addon-ids';
import { ADDON_SUFFIXES } from '../../src/spec/name-roles';
import { customRelease } from '../../src/render/addons';
import { mergeValues } from '../../src/render/addons/merge';
import { resolveAddonOptions } from '../../src/spec/addon-options';
import { resolveSpec } from '../../src/render/resolve';
import { spec } from '../support/fixtures';
import { find, objectsOf, problemsOf } from '../support/render';
import { addonCombinations } from '../support/matrix';

const releases = (extra: any = {}) => objectsOf(spec(extra)).filter((o) => o.kind === 'HelmRelease') as any[];
const release = (suffix: string, extra: any = {}) => {
  const r = releases(extra).find((o) => o.metadata.name === `kubernetes-foo-${suffix}`);
  if (!r) throw new Error(`no HelmRelease ${suffix}`);
  return r;
};
const ALL_ON = {
  addons: {
    certManager: { enabled: true },
    gatewayAPI: { enabled: true },
    ingressNginx: { enabled: true, hosts: ['a.example.org'] },
    gpuOperator: { enabled: true },
    fluxcd: { enabled: true },
    monitoringAgents: { enabled: true },
    velero: { enabled: true },
  },
  tenant: { namespace: 'tenant-foo', ingressClassName: 'tenant-root', host: 'example.org', monitoringNamespace: 'tenant-root' },
};

describe('addon HelmReleases (spec §1.11)', () => {
  it('always renders cilium, coredns, csi and vsnap-crd', () => {
    expect(releases().map((r) => r.metadata.name)).toEqual([
      'kubernetes-foo-cilium',
      'kubernetes-foo-coredns',
      'kubernetes-foo-csi',
      'kubernetes-foo-vsnap-crd',
    ]);
  });

  it('renders every addon with everything on', () => {
    expect(releases(ALL_ON).map((r) => r.metadata.name.replace('kubernetes-foo-', ''))).toEqual([
      'cilium',
      'coredns',
      'csi',
      'vsnap-crd',
      'cert-manager-crds',
      'cert-manager',
      'gateway-api-crds',
      'ingress-nginx',
      'gpu-operator',
      'fluxcd-operator',
      'fluxcd',
      'monitoring-agents',
      'cozy-victoria-metrics-operator',
      'vertical-pod-autoscaler',
      'vertical-pod-autoscaler-crds',
      'velero',
    ]);
  });

  // name suffix, releaseName, chart, target namespace, timeout, createNamespace
  const table: Array<[string, string, string, string, string | undefined, boolean]> = [
    ['cilium', 'cilium', 'cozy-cilium', 'cozy-cilium', '10m', true],
    ['coredns', 'coredns', 'cozy-coredns', 'kube-system', '10m', false],
    ['csi', 'csi', 'cozy-kubevirt-csi-node', 'cozy-csi', '10m', true],
    ['vsnap-crd', 'vsnap-crd', 'cozy-vsnap-crd', 'cozy-vsnap-crd', '10m', true],
    ['cert-manager-crds', 'cert-manager-crds', 'cozy-cert-manager-crds', 'cozy-cert-manager-crds', '10m', true],
    ['cert-manager', 'cert-manager', 'cozy-cert-manager', 'cozy-cert-manager', '10m', true],
    ['gateway-api-crds', 'gateway-api-crds', 'cozy-gateway-api-crds', 'kube-system', '10m', false],
    ['ingress-nginx', 'ingress-nginx', 'cozy-ingress-nginx', 'cozy-ingress-nginx', '10m', true],
    ['gpu-operator', 'gpu-operator', 'cozy-gpu-operator', 'cozy-gpu-operator', '10m', true],
    ['fluxcd-operator', 'fluxcd-operator', 'cozy-fluxcd-operator', 'cozy-fluxcd', '10m', true],
    ['fluxcd', 'fluxcd', 'cozy-fluxcd', 'cozy-fluxcd', undefined, true],
    ['monitoring-agents', 'cozy-monitoring-agents', 'cozy-monitoring-agents', 'cozy-monitoring', '10m', true],
    [
      'cozy-victoria-metrics-operator',
      'cozy-victoria-metrics-operator',
      'cozy-victoria-metrics-operator',
      'cozy-victoria-metrics-operator',
      '10m',
      true,
    ],
    ['vertical-pod-autoscaler', 'vertical-pod-autoscaler', 'cozy-vertical-pod-autoscaler', 'cozy-vertical-pod-autoscaler', '10m', true],
    [
      'vertical-pod-autoscaler-crds',
      'vertical-pod-autoscaler-crds',
      'cozy-vertical-pod-autoscaler-crds',
      'cozy-vertical-pod-autoscaler-crds',
      undefined,
      true,
    ],
    ['velero', 'velero', 'cozy-velero', 'cozy-velero', '10m', true],
  ];
  it.each(table)('%s: release, chart, namespaces, timeout, remediation, kubeconfig', (suffix, releaseName, chart, ns, timeout, createNamespace) => {
    const r = release(suffix, ALL_ON);
    expect(r.metadata.namespace).toBe('tenant-foo');
    expect(r.metadata.labels).toEqual({ 'cozystack.io/repository': 'system', 'cozystack.io/target-cluster-name': 'kubernetes-foo' });
    expect(r.spec.releaseName).toBe(releaseName);
    expect(r.spec.chart).toEqual({
      spec: {
        chart,
        reconcileStrategy: 'Revision',
        sourceRef: { kind: 'HelmRepository', name: 'cozystack-system', namespace: 'cozy-system' },
        version: '>= 0.0.0-0',
      },
    });
    expect(r.spec.targetNamespace).toBe(ns);
    expect(r.spec.storageNamespace).toBe(ns);
    expect(r.spec.interval).toBe('5m');
    expect(r.spec.timeout).toBe(timeout);
    expect(r.spec.install).toEqual({ ...(createNamespace ? { createNamespace: true } : {}), remediation: { retries: -1 } });
    // No upgrade.force: it breaks every upgrade under Flux 2.8 / Helm 4.
    expect(r.spec.upgrade).toEqual({ remediation: { retries: -1 } });
    expect(r.spec.kubeConfig).toEqual(
      suffix === 'fluxcd'
        ? { secretRef: { name: 'kubernetes-foo-kubeconfig' } }
        : { secretRef: { name: 'kubernetes-foo-admin-kubeconfig', key: 'super-admin.svc' } },
    );
  });

  it('orders installs without the parent HelmRelease and with the fixed cert-manager edge', () => {
    const deps = (suffix: string, extra: any = ALL_ON) =>
      (release(suffix, extra).spec.dependsOn ?? []).map((d: any) => {
        expect(d.namespace).toBe('tenant-foo');
        return d.name.replace('kubernetes-foo-', '');
      });
    expect(deps('cilium')).toEqual(['gateway-api-crds']);
    expect(deps('cilium', {})).toEqual([]);
    expect(deps('coredns')).toEqual(['cilium']);
    expect(deps('csi')).toEqual(['vsnap-crd']);
    expect(deps('vsnap-crd')).toEqual(['cilium']);
    expect(deps('cert-manager-crds')).toEqual(['cilium']);
    expect(deps('cert-manager')).toEqual(['cilium', 'cert-manager-crds']);
    expect(deps('gateway-api-crds')).toEqual([]);
    expect(deps('ingress-nginx')).toEqual(['cilium']);
    expect(deps('gpu-operator')).toEqual(['cilium']);
    expect(deps('fluxcd-operator')).toEqual(['cilium']);
    expect(deps('fluxcd')).toEqual(['cilium', 'fluxcd-operator']);
    expect(deps('monitoring-agents')).toEqual(['cozy-victoria-metrics-operator', 'vertical-pod-autoscaler-crds']);
    expect(deps('cozy-victoria-metrics-operator')).toEqual(['cilium', 'cert-manager-crds']);
    const noCertManager = { ...ALL_ON, addons: { ...ALL_ON.addons, certManager: { enabled: false } } };
    expect(deps('cozy-victoria-metrics-operator', noCertManager)).toEqual(['cilium']);
    expect(deps('vertical-pod-autoscaler')).toEqual(['monitoring-agents']);
    expect(deps('vertical-pod-autoscaler-crds')).toEqual(['cilium']);
    expect(deps('velero')).toEqual(['cilium']);
  });

  describe('values', () => {
    it('cilium: defaults with the MTU fix, Gateway API when on, user overrides merged', () => {
      expect(release('cilium').spec.values).toEqual({
        cilium: {
          k8sServiceHost: 'kubernetes-foo.tenant-foo.svc',
          k8sServicePort: 6443,
          routingMode: 'tunnel',
          enableIPv4Masquerade: true,
          ipv4NativeRoutingCIDR: '',
          MTU: 1350,
        },
      });
      expect(release('cilium', ALL_ON).spec.values.cilium).toMatchObject({ gatewayAPI: { enabled: true }, envoy: { enabled: true } });
      const merged = release('cilium', {
        addons: {
          gatewayAPI: { enabled: true },
          cilium: { valuesOverride: { cilium: { MTU: 1400, envoy: { enabled: false, image: { tag: 'x' } }, extra: [1, 2] } } },
        },
      }).spec.values.cilium;
      expect(merged.MTU).toBe(1400);
      expect(merged.envoy).toEqual({ enabled: false, image: { tag: 'x' } }); // explicit false beats the default true
      expect(merged.extra).toEqual([1, 2]);
      expect(merged.routingMode).toBe('tunnel');
    });
    it('coredns pins the cluster DNS IP', () => {
      expect(release('coredns').spec.values).toEqual({ coredns: { service: { clusterIP: '10.95.0.10' } } });
      expect(release('coredns', { addons: { coredns: { valuesOverride: { coredns: { replicaCount: 3 } } } } }).spec.values).toEqual({
        coredns: { service: { clusterIP: '10.95.0.10' }, replicaCount: 3 },
      });
    });
    it('csi passes the storage class, and nothing when it is empty', () => {
      expect(release('csi').spec.values).toEqual({ storageClass: 'replicated' });
      expect(release('csi', { storageClass: 'local' }).spec.values).toEqual({ storageClass: 'local' });
      expect(release('csi', { storageClass: '' }).spec).not.toHaveProperty('values');
    });
    it('CRD charts and the VictoriaMetrics operator get no values', () => {
      for (const s of ['vsnap-crd', 'cert-manager-crds', 'gateway-api-crds', 'vertical-pod-autoscaler-crds', 'cozy-victoria-metrics-operator']) {
        expect(release(s, ALL_ON).spec).not.toHaveProperty('values');
      }
    });
    it('passes cert-manager, gpu-operator, velero and fluxcd overrides through, only when given', () => {
      for (const [addon, suffix] of [
        ['certManager', 'cert-manager'],
        ['gpuOperator', 'gpu-operator'],
        ['velero', 'velero'],
        ['fluxcd', 'fluxcd'],
      ]) {
        expect(release(suffix, ALL_ON).spec).not.toHaveProperty('values');
        const withOverride = { ...ALL_ON, addons: { ...ALL_ON.addons, [addon]: { enabled: true, valuesOverride: { a: { b: 1 } } } } };
        expect(release(suffix, withOverride).spec.values).toEqual({ a: { b: 1 } });
      }
    });
    it('gives cert-manager CRDs the override through a values Secret', () => {
      const s = { addons: { certManager: { enabled: true, valuesOverride: { 'cert-manager': { replicaCount: 2 } } } } };
      const objects = objectsOf(spec(s));
      expect(release('cert-manager-crds', s).spec.valuesFrom).toEqual([
        { kind: 'Secret', name: 'kubernetes-foo-cert-manager-crds-values-override', valuesKey: 'values' },
      ]);
      const secret = find(objects, 'Secret', 'kubernetes-foo-cert-manager-crds-values-override');
      expect(secret.metadata.namespace).toBe('tenant-foo');
      expect(secret.stringData).toEqual({ values: 'cert-manager:\n  replicaCount: 2\n' });
      expect(release('cert-manager-crds', { addons: { certManager: { enabled: true } } }).spec).not.toHaveProperty('valuesFrom');
      expect(objectsOf(spec({ addons: { certManager: { enabled: true } } })).some((o) => o.kind === 'Secret')).toBe(false);
    });
    it('ingress-nginx: nodeSelector where the chart reads it, NodePorts when Proxied, webhooks without cert-manager', () => {
      expect(release('ingress-nginx', { addons: { ingressNginx: { enabled: true } } }).spec.values).toEqual({
        'ingress-nginx': {
          fullnameOverride: 'ingress-nginx',
          controller: {
            kind: 'DaemonSet',
            nodeSelector: { 'node-role.kubernetes.io/ingress-nginx': '' },
            service: { type: 'NodePort', nodePorts: { http: 30000, https: 30001 } },
            admissionWebhooks: { certManager: { enabled: false } },
          },
        },
      });
      const lb = release('ingress-nginx', {
        addons: { certManager: { enabled: true }, ingressNginx: { enabled: true, exposeMethod: 'LoadBalancer' } },
      }).spec.values;
      expect(lb['ingress-nginx'].controller).toEqual({ kind: 'DaemonSet', nodeSelector: { 'node-role.kubernetes.io/ingress-nginx': '' } });
    });
    it('fluxcd-operator has fixed values', () => {
      expect(release('fluxcd-operator', ALL_ON).spec.values).toEqual({
        'flux-operator': { fullnameOverride: 'flux-operator', tolerations: [], hostNetwork: false },
      });
    });
    it('monitoring agents use fully qualified management-cluster names', () => {
      const v = release('monitoring-agents', ALL_ON).spec.values;
      expect(v.vmagent).toEqual({
        externalLabels: { cluster: 'kubernetes-foo', tenant: 'tenant-foo' },
        remoteWrite: { url: 'http://vminsert-shortterm.tenant-root.svc.cozy.local:8480/insert/0/prometheus' },
      });
      expect(v['fluent-bit'].config.outputs).toContain('Host vlogs-generic.tenant-root.svc.cozy.local\n');
      expect(v['fluent-bit'].config.filters).toContain('Add tenant tenant-foo\n');
      expect(v['fluent-bit'].config.filters).toContain('Add cluster kubernetes-foo\n');
      const custom = { ...ALL_ON, platform: { clusterDomain: 'cluster.local' } };
      expect(release('monitoring-agents', custom).spec.values.vmagent.remoteWrite.url).toBe(
        'http://vminsert-shortterm.tenant-root.svc.cluster.local:8480/insert/0/prometheus',
      );
    });
    it("the VPA recommender reads the tenant's metrics", () => {
      const v = release('vertical-pod-autoscaler', ALL_ON).spec.values;
      expect(v.vpaForVPA).toBe(false);
      expect(v['vertical-pod-autoscaler'].recommender.extraArgs['prometheus-address']).toBe(
        'http://vmselect-shortterm.tenant-root.svc.cozy.local:8481/select/0/prometheus/',
      );
      expect(v['vertical-pod-autoscaler'].recommender.extraArgs['metric-for-pod-labels']).toBe(
        'kube_pod_labels{job="kube-state-metrics", tenant="tenant-foo", cluster="kubernetes-foo"}[8d]',
      );
      const o = release('vertical-pod-autoscaler', {
        ...ALL_ON,
        addons: { ...ALL_ON.addons, verticalPodAutoscaler: { valuesOverride: { vpaForVPA: true } } },
      }).spec.values;
      expect(o.vpaForVPA).toBe(true);
    });
  });

  it('takes chart sources from the platform, per addon over the defaults', () => {
    const r = release('cilium', {
      platform: { addonCharts: { defaults: { sourceName: 'mirror', version: '1.x' }, cilium: { chart: 'my-cilium', sourceKind: 'GitRepository' } } },
    });
    expect(r.spec.chart.spec).toEqual({
      chart: 'my-cilium',
      reconcileStrategy: 'Revision',
      sourceRef: { kind: 'GitRepository', name: 'mirror', namespace: 'cozy-system' },
      version: '1.x',
    });
    expect(release('coredns', { platform: { addonCharts: { defaults: { sourceName: 'mirror' } } } }).spec.chart.spec.sourceRef.name).toBe('mirror');
  });

  it("gives a caller's addon the platform's default chart source, never a built-in's own entry", () => {
    const platform = { addonCharts: { defaults: { sourceName: 'mirror' }, cilium: { sourceName: 'cilium-mirror', version: '1.16.x' } } };
    const cluster = resolveSpec(spec({ platform }));
    const podinfo = customRelease(cluster, resolveAddonOptions(cluster, 'podinfo', { chart: 'podinfo', targetNamespace: 'apps' }));
    expect(podinfo.source).toMatchObject({ sourceName: 'mirror', sourceKind: 'HelmRepository', sourceNamespace: 'cozy-system' });
    expect(podinfo.source.version).not.toBe('1.16.x');
    const own = resolveAddonOptions(cluster, 'podinfo', { chart: 'podinfo', targetNamespace: 'apps', source: { version: '6.x' } });
    expect(own.source).toMatchObject({ sourceName: 'mirror', version: '6.x' });
    expect(release('cilium', { platform }).spec.chart.spec).toMatchObject({ sourceRef: { name: 'cilium-mirror' }, version: '1.16.x' });
  });

  it('retries CNI and CSI on failure with helm-controller 1.4 or newer, as an opt-in', () => {
    const strategy = { name: 'RetryOnFailure', retryInterval: '30s' };
    for (const s of ['cilium', 'csi']) {
      const r = release(s, { platform: { fluxHelmControllerVersion: '1.4.0' } });
      expect(r.spec.install).toEqual({ createNamespace: true, strategy });
      expect(r.spec.upgrade).toEqual({ strategy });
      expect(release(s).spec.install).not.toHaveProperty('strategy');
    }
    expect(release('coredns', { platform: { fluxHelmControllerVersion: '1.4.0' } }).spec.install).toEqual({ remediation: { retries: -1 } });
  });

  it('requires the monitoring namespace for the monitoring agents', () => {
    expect(problemsOf(spec({ addons: { monitoringAgents: { enabled: true } } })).map((p) => p.path)).toEqual(['tenant.monitoringNamespace']);
  });
});

describe('dependency graph', () => {
  it.each(addonCombinations().map(({ name, on }) => [name, on]))('%s: every dependency rendered, no cycle', (_name, on) => {
    const addons = Object.fromEntries((on as string[]).map((t) => [t, { enabled: true }]));
    const rs = releases({ addons, tenant: { ...ALL_ON.tenant } });
    const names = new Set(rs.map((r) => r.metadata.name));
    const deps = new Map(rs.map((r) => [r.metadata.name, (r.spec.dependsOn ?? []).map((d: any) => d.name)]));
    for (const [, ds] of deps) for (const d of ds) expect(names).toContain(d);
    // Kahn's algorithm: every node is removed when the graph is acyclic.
    const indegree = new Map([...names].map((n) => [n, deps.get(n)!.length]));
    const ready = [...names].filter((n) => indegree.get(n) === 0);
    let removed = 0;
    while (ready.length > 0) {
      const n = ready.pop()!;
      removed++;
      for (const [m, ds] of deps)
        if (ds.includes(n)) {
          indegree.set(m, indegree.get(m)! - 1);
          if (indegree.get(m) === 0) ready.push(m);
        }
    }
    expect(removed).toBe(names.size);
    expect(names.size).toBe(
      4 +
        (on as string[]).reduce(
          (n, t) =>
            n +
            ({ certManager: 2, gatewayAPI: 1, ingressNginx: 1, gpuOperator: 1, fluxcd: 2, monitoringAgents: 4, velero: 1 } as Record<string, number>)[
              t
            ],
          0,
        ),
    );
  });
  it('has one definition per built-in addon', () => {
    // The tables are keyed by id (the types demand every id); at run time no table has more.
    for (const table of [BUILT_IN_ADDONS, BUILT_IN_ADDON_TOGGLES, ADDON_SUFFIXES])
      expect(Object.keys(table).sort()).toEqual([...BUILT_IN_ADDON_IDS].sort());
  });
});

describe('mergeValues (sprig mergeOverwrite)', () => {
  it('merges maps deeply, replaces lists and scalars, lets false win, keeps defaults on null, and copies', () => {
    const defaults = { a: { b: true, c: [1, 2], d: { e: 1 } }, f: 'x' };
    const override = { a: { b: false, c: [3], d: { g: 2 } }, f: null, h: { i: 1 } };
    const merged = mergeValues(defaults, override);
    expect(merged).toEqual({ a: { b: false, c: [3], d: { e: 1, g: 2 } }, f: 'x', h: { i: 1 } });
    (merged.h as any).i = 9;
    expect(override.h.i).toBe(1);
    expect(defaults.a.d).toEqual({ e: 1 });
  });
});
