import { spec } from '../support/fixtures';
import { find, objectsOf } from '../support/render';

const objects = objectsOf(spec());
const kubeconfigVolume = { name: 'kubeconfig', secret: { secretName: 'kubernetes-foo-admin-kubeconfig', optional: true } };
const tolerations = [
  { key: 'CriticalAddonsOnly', operator: 'Exists' },
  { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
];

function expectWaitsForKubeconfig(pod: any): void {
  expect(pod.initContainers).toHaveLength(1);
  expect(pod.initContainers[0].name).toBe('wait-for-kubeconfig');
  expect(pod.initContainers[0].command.join(' ')).toContain('[ -s /etc/kubernetes/kubeconfig/super-admin.svc ]');
  expect(pod.initContainers[0].volumeMounts).toEqual([{ name: 'kubeconfig', mountPath: '/etc/kubernetes/kubeconfig', readOnly: true }]);
}

describe('cluster autoscaler (spec §1.6)', () => {
  const d = find(objects, 'Deployment', 'kubernetes-foo-cluster-autoscaler');
  it('runs one replica against the tenant API and the management CAPI objects', () => {
    expect(d.metadata).toEqual({
      name: 'kubernetes-foo-cluster-autoscaler',
      namespace: 'tenant-foo',
      labels: { app: 'kubernetes-foo-cluster-autoscaler' },
    });
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.selector).toEqual({ matchLabels: { app: 'kubernetes-foo-cluster-autoscaler' } });
    expect(d.spec.template.metadata.labels).toEqual({ app: 'kubernetes-foo-cluster-autoscaler', 'policy.cozystack.io/allow-to-apiserver': 'true' });
    const pod = d.spec.template.spec;
    expect(pod.serviceAccountName).toBe('kubernetes-foo-cluster-autoscaler');
    expect(pod.enableServiceLinks).toBe(false);
    expect(pod.terminationGracePeriodSeconds).toBe(10);
    expect(pod.tolerations).toEqual(tolerations);
    expect(pod.volumes).toEqual([kubeconfigVolume]);
    expectWaitsForKubeconfig(pod);
    const c = pod.containers[0];
    expect(c.command).toEqual(['/cluster-autoscaler']);
    expect(c.image).toBe(
      'ghcr.io/cozystack/cozystack/cluster-autoscaler:0.0.0@sha256:2d39989846c3579dd020b9f6c77e6e314cc81aa344eaac0f6d633e723c17196d',
    );
    expect(c.args).toEqual([
      '--cloud-provider=clusterapi',
      '--enforce-node-group-min-size=true',
      '--ignore-daemonsets-utilization=true',
      '--ignore-mirror-pods-utilization=true',
      '--scale-down-unneeded-time=30s',
      '--scan-interval=25s',
      '--kubeconfig=/etc/kubernetes/kubeconfig/super-admin.svc',
      '--clusterapi-cloud-config-authoritative',
      '--node-group-auto-discovery=clusterapi:namespace=tenant-foo,clusterName=kubernetes-foo',
    ]);
    expect(c.resources).toEqual({ limits: { cpu: '512m', memory: '512Mi' }, requests: { cpu: '125m', memory: '128Mi' } });
  });
  it('may scale MachineDeployments and read templates in the tenant namespace only', () => {
    expect(find(objects, 'Role', 'kubernetes-foo-cluster-autoscaler').rules).toEqual([
      {
        apiGroups: ['cluster.x-k8s.io'],
        resources: ['machinedeployments', 'machinedeployments/scale', 'machines', 'machinesets', 'machinepools'],
        verbs: ['get', 'list', 'update', 'watch'],
      },
      { apiGroups: ['infrastructure.cluster.x-k8s.io'], resources: ['kubevirtmachinetemplates'], verbs: ['get', 'list', 'update', 'watch'] },
    ]);
    const rb = find(objects, 'RoleBinding', 'kubernetes-foo-cluster-autoscaler');
    expect(rb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'kubernetes-foo-cluster-autoscaler' });
    expect(rb.subjects).toEqual([{ kind: 'ServiceAccount', name: 'kubernetes-foo-cluster-autoscaler', namespace: 'tenant-foo' }]);
    expect(find(objects, 'ServiceAccount', 'kubernetes-foo-cluster-autoscaler').metadata.namespace).toBe('tenant-foo');
  });
});

describe('KubeVirt cloud controller manager (spec §1.7)', () => {
  it('configures selector-less load balancers in the tenant namespace', () => {
    const cm = find(objects, 'ConfigMap', 'kubernetes-foo-cloud-config');
    expect(cm.data['cloud-config']).toBe(
      'loadBalancer:\n  creationPollInterval: 5\n  creationPollTimeout: 60\n  enableEPSController: true\n  selectorless: true\nnamespace: tenant-foo\n',
    );
  });
  it('runs with the cloud config and the tenant kubeconfig', () => {
    const d = find(objects, 'Deployment', 'kubernetes-foo-kccm');
    expect(d.spec.template.metadata.labels).toEqual({ 'k8s-app': 'kubernetes-foo-kccm', 'policy.cozystack.io/allow-to-apiserver': 'true' });
    const pod = d.spec.template.spec;
    expect(pod.tolerations).toEqual(tolerations);
    expectWaitsForKubeconfig(pod);
    expect(pod.volumes).toEqual([{ name: 'cloud-config', configMap: { name: 'kubernetes-foo-cloud-config' } }, kubeconfigVolume]);
    const c = pod.containers[0];
    expect(c.args).toEqual([
      '--cloud-provider=kubevirt',
      '--cloud-config=/etc/cloud/cloud-config',
      '--kubeconfig=/etc/kubernetes/kubeconfig/super-admin.svc',
      '--cluster-name=kubernetes-foo',
    ]);
    expect(c.imagePullPolicy).toBe('Always');
    expect(c.volumeMounts).toContainEqual({ name: 'cloud-config', mountPath: '/etc/cloud', readOnly: true });
  });
  it('names its cluster-scoped RBAC and kube-system binding after namespace and cluster', () => {
    const subject = { kind: 'ServiceAccount', name: 'kubernetes-foo-kccm', namespace: 'tenant-foo' };
    const auth = find(objects, 'RoleBinding', 'tenant-foo-kubernetes-foo-kccm');
    expect(auth.metadata.namespace).toBe('kube-system');
    expect(auth.roleRef.name).toBe('extension-apiserver-authentication-reader');
    expect(auth.subjects).toEqual([subject]);
    expect(find(objects, 'ClusterRole', 'tenant-foo-kubernetes-foo-kccm').rules).toEqual([{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }]);
    expect(find(objects, 'ClusterRoleBinding', 'tenant-foo-kubernetes-foo-kccm').subjects).toEqual([subject]);
    expect(find(objects, 'Role', 'kubernetes-foo-kccm').rules.map((r: any) => r.resources.join())).toEqual([
      'virtualmachines',
      'virtualmachineinstances',
      'pods',
      'services',
      'endpointslices',
    ]);
  });
});

describe('KubeVirt CSI controller (spec §1.8)', () => {
  const d = find(objects, 'Deployment', 'kubernetes-foo-kcsi-controller');
  const pod = d.spec.template.spec;
  it('runs the driver and its sidecars against the tenant API', () => {
    expect(d.spec.selector).toEqual({ matchLabels: { app: 'kubernetes-foo-kcsi-driver' } });
    expect(pod.priorityClassName).toBe('system-cluster-critical');
    expect(pod.serviceAccountName).toBe('kubernetes-foo-kcsi');
    expectWaitsForKubeconfig(pod);
    expect(pod.volumes).toEqual([{ name: 'socket-dir', emptyDir: {} }, kubeconfigVolume]);
    expect(pod.containers.map((c: any) => c.name)).toEqual([
      'csi-driver',
      'csi-provisioner',
      'csi-attacher',
      'csi-liveness-probe',
      'csi-snapshotter',
      'snapshot-controller',
      'csi-resizer',
    ]);
    const driver = pod.containers[0];
    expect(driver.env).toContainEqual({ name: 'INFRACLUSTER_LABELS', value: 'cluster.x-k8s.io/cluster-name=kubernetes-foo' });
    expect(driver.env).toContainEqual({ name: 'CSI_ENDPOINT', value: 'unix:///var/lib/csi/sockets/pluginproxy/csi.sock' });
    for (const c of pod.containers) {
      expect(c.securityContext).toEqual({ capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true });
      // Every sidecar has limits now, the resizer included (50c4080ba).
      expect(c.resources).toEqual({ limits: { cpu: '512m', memory: '512Mi' }, requests: { cpu: '125m', memory: '128Mi' } });
    }
    expect(pod.containers.find((c: any) => c.name === 'csi-provisioner').args).toContain('--kubeconfig=/etc/kubernetes/kubeconfig/super-admin.svc');
  });
  it('names its cluster-scoped RBAC after namespace and cluster (the seed collided between tenants)', () => {
    expect(find(objects, 'ClusterRole', 'tenant-foo-kubernetes-foo-kcsi').rules).toEqual([
      { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get'] },
    ]);
    expect(find(objects, 'ClusterRoleBinding', 'tenant-foo-kubernetes-foo-kcsi').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'kubernetes-foo-kcsi', namespace: 'tenant-foo' },
    ]);
    expect(find(objects, 'RoleBinding', 'kubernetes-foo-kcsi').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'kubernetes-foo-kcsi', namespace: 'tenant-foo' },
    ]);
  });
  it('keeps two tenants with the same cluster name apart, cluster-wide', () => {
    const other = objectsOf(spec({ tenant: { namespace: 'tenant-bar', host: 'bar.example.org' } }));
    const global = (objs: any[]) =>
      objs.filter((o) => !o.metadata.namespace || o.metadata.namespace === 'kube-system').map((o) => `${o.kind}/${o.metadata.name}`);
    expect(global(objects).filter((k) => global(other).includes(k))).toEqual([]);
  });
});

describe('Proxied ingress (spec §1.9)', () => {
  const proxied = (addon: any) =>
    objectsOf(spec({ addons: { ingressNginx: addon } })).filter(
      (o) => o.metadata.name === 'kubernetes-foo-ingress-nginx' && (o.kind === 'Service' || o.kind === 'Ingress'),
    );
  it('is rendered only when the addon is enabled and Proxied', () => {
    expect(proxied({ enabled: false, hosts: ['a.example.org'] })).toEqual([]);
    expect(proxied({ enabled: true, exposeMethod: 'LoadBalancer', hosts: ['a.example.org'] })).toEqual([]);
    expect(proxied({ enabled: true }).map((o) => o.kind)).toEqual(['Service']);
    expect(proxied({ enabled: true, hosts: ['a.example.org'] }).map((o) => o.kind)).toEqual(['Service', 'Ingress']);
  });
  it('routes HTTP and TLS of every host to the ingress-nginx workers', () => {
    const [svc, ing] = proxied({ enabled: true, hosts: ['a.example.org', '*.b.example.org'] }) as any[];
    expect(svc.spec).toEqual({
      ports: [
        { appProtocol: 'http', name: 'http', port: 80, targetPort: 30000 },
        { appProtocol: 'https', name: 'https', port: 443, targetPort: 30001 },
      ],
      selector: { 'cluster.x-k8s.io/cluster-name': 'kubernetes-foo', 'node-role.kubernetes.io/ingress-nginx': '' },
    });
    expect(ing.metadata.annotations['nginx.ingress.kubernetes.io/ssl-passthrough']).toBe('true');
    expect(ing.metadata.annotations['nginx.ingress.kubernetes.io/configuration-snippet']).toContain(
      'set $proxy_upstream_name "tenant-foo-kubernetes-foo-ingress-nginx-80";',
    );
    expect(ing.spec.ingressClassName).toBe('tenant-root');
    expect(ing.spec.rules.map((r: any) => r.host)).toEqual(['a.example.org', '*.b.example.org']);
    expect(ing.spec.rules[0].http.paths).toEqual([
      { path: '/', pathType: 'ImplementationSpecific', backend: { service: { name: 'kubernetes-foo-ingress-nginx', port: { number: 443 } } } },
      { path: '/', pathType: 'ImplementationSpecific', backend: { service: { name: 'kubernetes-foo-ingress-nginx', port: { number: 80 } } } },
    ]);
  });
});

describe('platform integration', () => {
  const on = objectsOf(
    spec({ platformIntegration: true, nodeGroups: { md0: { minReplicas: 1 }, gpu: { instanceType: 'gn1.xlarge' } }, controlPlane: { replicas: 3 } }),
  );
  it('is off by default in the library', () => {
    expect(objects.some((o) => o.kind === 'WorkloadMonitor')).toBe(false);
  });
  it('monitors the control plane, each node group and the etcd', () => {
    expect(find(on, 'WorkloadMonitor', 'kubernetes-foo').spec).toEqual({
      replicas: 3,
      minReplicas: 1,
      kind: 'kubernetes',
      type: 'control-plane',
      selector: { 'kamaji.clastix.io/component': 'deployment', 'kamaji.clastix.io/name': 'kubernetes-foo' },
      version: '0.1.0',
    });
    expect(find(on, 'WorkloadMonitor', 'kubernetes-foo.md0').spec).toEqual({
      minReplicas: 1,
      kind: 'kubernetes',
      type: 'worker',
      selector: {
        'cluster.x-k8s.io/cluster-name': 'kubernetes-foo',
        'cluster.x-k8s.io/deployment-name': 'kubernetes-foo-md0',
        'cluster.x-k8s.io/role': 'worker',
      },
      version: '0.1.0',
    });
    expect(find(on, 'WorkloadMonitor', 'kubernetes-foo-etcd').spec).toMatchObject({ replicas: 3, minReplicas: 2, kind: 'etcd', type: 'etcd' });
  });
  it('lets the tenant chain see the cluster in the dashboard', () => {
    const role = find(on, 'Role', 'kubernetes-foo-dashboard-resources');
    expect(role.rules).toContainEqual({
      apiGroups: ['cozystack.io'],
      resources: ['workloadmonitors'],
      resourceNames: ['kubernetes-foo', 'kubernetes-foo.gpu', 'kubernetes-foo.md0', 'kubernetes-foo-etcd'],
      verbs: ['get', 'list', 'watch'],
    });
    expect(role.rules).toContainEqual({
      apiGroups: [''],
      resources: ['secrets'],
      resourceNames: ['kubernetes-foo-admin-kubeconfig'],
      verbs: ['get', 'list', 'watch'],
    });
    const rb = find(on, 'RoleBinding', 'kubernetes-foo-dashboard-resources');
    const g = (n: string) => ({ kind: 'Group', name: n, apiGroup: 'rbac.authorization.k8s.io' });
    expect(rb.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'tenant-foo', namespace: 'tenant-foo' },
      g('tenant-foo-admin'),
      g('tenant-foo-super-admin'),
      g('tenant-foo-use'),
      { kind: 'ServiceAccount', name: 'tenant-root', namespace: 'tenant-root' },
      g('tenant-root-admin'),
      g('tenant-root-super-admin'),
      g('tenant-root-use'),
    ]);
  });
  it('walks nested tenants', () => {
    const nested = objectsOf(spec({ platformIntegration: true, tenant: { namespace: 'tenant-foo-bar', host: 'x.org' } }));
    const sas = find(nested, 'RoleBinding', 'kubernetes-foo-dashboard-resources')
      .subjects.filter((s: any) => s.kind === 'ServiceAccount')
      .map((s: any) => s.name);
    expect(sas).toEqual(['tenant-foo', 'tenant-foo-bar', 'tenant-root']);
  });
});
