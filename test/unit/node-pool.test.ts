import { resolveNodePool, resolveSpec } from '../../src/render/resolve';
import { spec } from '../support/fixtures';
import { find, objectsOf, problemsOf } from '../support/render';

const nodePool = (groups: any, extra: any = {}) => objectsOf(spec({ nodeGroups: groups, ...extra }));

describe('default node group md0 (spec §1.5)', () => {
  const objects = objectsOf(spec());
  it('exists when nodeGroups is left out, with the chart defaults', () => {
    const md = find(objects, 'MachineDeployment');
    expect(md.metadata.name).toBe('kubernetes-foo-md0');
    expect(md.metadata.annotations).toEqual({
      'cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size': '0',
      'cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size': '10',
      'capacity.cluster-autoscaler.kubernetes.io/memory': '4Gi',
      'capacity.cluster-autoscaler.kubernetes.io/cpu': '1',
      'cluster.x-k8s.io/autoscaling-options-maxnodeprovisiontime': '30m',
    });
    const kmt = find(objects, 'KubevirtMachineTemplate');
    const vm = kmt.spec.template.spec.virtualMachineTemplate;
    expect(vm.spec.instancetype).toEqual({ kind: 'VirtualMachineClusterInstancetype', name: 'u1.medium' });
    expect(vm.metadata.labels).toEqual({ 'node-role.kubernetes.io/ingress-nginx': '' });
  });
  it('can be dropped by declaring other groups', () => {
    const objs = nodePool({ workers: { maxReplicas: 3 } });
    expect(objs.filter((o) => o.kind === 'MachineDeployment').map((o) => o.metadata.name)).toEqual(['kubernetes-foo-workers']);
  });
  it('gives a control-plane-only cluster for an empty map', () => {
    expect(nodePool({}).filter((o) => o.kind === 'MachineDeployment')).toHaveLength(0);
  });
});

describe('MachineDeployment (spec §1.5.4)', () => {
  const objects = nodePool({ md0: { minReplicas: 2, maxReplicas: 5, instanceType: 'u1.large', roles: ['ingress-nginx', 'storage'] } });
  const md = find(objects, 'MachineDeployment');
  it('never sets spec.replicas: the autoscaler owns it', () => {
    expect(md.spec).not.toHaveProperty('replicas');
  });
  it('rolls one machine at a time, surging, and keeps no old MachineSet (what CAPI would default, made explicit)', () => {
    expect(md.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(md.spec.revisionHistoryLimit).toBe(0);
    expect(md.metadata.labels).toEqual({ 'cluster.x-k8s.io/cluster-name': 'kubernetes-foo' });
  });
  it('carries the autoscaler bounds and the instance type capacity as strings', () => {
    expect(md.metadata.annotations['cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size']).toBe('2');
    expect(md.metadata.annotations['cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size']).toBe('5');
    expect(md.metadata.annotations['capacity.cluster-autoscaler.kubernetes.io/cpu']).toBe('2');
    expect(md.metadata.annotations['capacity.cluster-autoscaler.kubernetes.io/memory']).toBe('8Gi');
  });
  it('selects its machines and references its templates', () => {
    const labels = { 'cluster.x-k8s.io/cluster-name': 'kubernetes-foo', 'cluster.x-k8s.io/deployment-name': 'kubernetes-foo-md0' };
    expect(md.spec.clusterName).toBe('kubernetes-foo');
    expect(md.spec.selector).toEqual({ matchLabels: labels });
    expect(md.spec.template.metadata.labels).toEqual({
      ...labels,
      'node-role.kubernetes.io/ingress-nginx': '',
      'node-role.kubernetes.io/storage': '',
    });
    expect(md.spec.template.spec.bootstrap.configRef).toEqual({
      apiVersion: 'bootstrap.cluster.x-k8s.io/v1beta1',
      kind: 'KubeadmConfigTemplate',
      name: 'kubernetes-foo-md0',
      namespace: 'tenant-foo',
    });
    const kmt = find(objects, 'KubevirtMachineTemplate');
    expect(md.spec.template.spec.infrastructureRef).toEqual({
      apiVersion: 'infrastructure.cluster.x-k8s.io/v1alpha1',
      kind: 'KubevirtMachineTemplate',
      name: kmt.metadata.name,
      namespace: 'tenant-foo',
    });
  });
  it('takes capacity from explicit resources', () => {
    const m = find(nodePool({ md0: { resources: { cpu: 6, memory: '12Gi' } } }), 'MachineDeployment');
    expect(m.metadata.annotations['capacity.cluster-autoscaler.kubernetes.io/cpu']).toBe('6');
    expect(m.metadata.annotations['capacity.cluster-autoscaler.kubernetes.io/memory']).toBe('12Gi');
  });
  it('takes capacity from a declared instance type', () => {
    const m = find(
      nodePool({ md0: { instanceType: 'x1.huge' } }, { platform: { instanceTypes: { 'x1.huge': { cpu: 64, memory: '512Gi' } } } }),
      'MachineDeployment',
    );
    expect(m.metadata.annotations['capacity.cluster-autoscaler.kubernetes.io/cpu']).toBe('64');
    expect(m.metadata.annotations['capacity.cluster-autoscaler.kubernetes.io/memory']).toBe('512Gi');
  });
});

describe('KubevirtMachineTemplate (spec §1.5.2)', () => {
  const kmtOf = (group: any, extra: any = {}) => find(nodePool({ md0: group }, extra), 'KubevirtMachineTemplate');
  it('renders the VM template', () => {
    const kmt = kmtOf({ instanceType: 'u1.medium', roles: ['ingress-nginx'], ephemeralStorage: '30Gi' });
    expect(kmt.metadata.name).toMatch(/^kubernetes-foo-md0-[0-9a-f]{6}$/);
    const t = kmt.spec.template.spec;
    expect(t.virtualMachineBootstrapCheck).toEqual({ checkStrategy: 'ssh' });
    expect(t.virtualMachineTemplate.metadata).toEqual({ namespace: 'tenant-foo', labels: { 'node-role.kubernetes.io/ingress-nginx': '' } });
    const vm = t.virtualMachineTemplate.spec;
    expect(vm.runStrategy).toBe('Always');
    expect(vm.template.metadata).toEqual({
      annotations: { 'kubevirt.io/allow-pod-bridge-network-live-migration': 'true' },
      labels: { 'node-role.kubernetes.io/ingress-nginx': '', 'cluster.x-k8s.io/deployment-name': 'kubernetes-foo-md0' },
    });
    const pod = vm.template.spec;
    expect(pod.domain.devices).toEqual({
      disks: [
        { name: 'system', disk: { bus: 'virtio', pciAddress: '0000:07:00.0' } },
        { name: 'ephemeral', disk: { bus: 'virtio', pciAddress: '0000:08:00.0' } },
      ],
      interfaces: [{ name: 'default', bridge: {} }],
    });
    expect(pod.domain).not.toHaveProperty('cpu');
    expect(pod.domain).not.toHaveProperty('memory');
    // virt-launcher gets ephemeral-storage resources (upstream fix 94d42749a / 90e4aba4e).
    expect(pod.domain.resources).toEqual({ limits: { 'ephemeral-storage': '2Gi' }, requests: { 'ephemeral-storage': '53687091' } });
    expect(pod.evictionStrategy).toBe('External');
    expect(pod.volumes).toEqual([
      {
        name: 'system',
        containerDisk: {
          image: 'ghcr.io/cozystack/cozystack/ubuntu-container-disk:v1.33@sha256:a09724a7f95283f9130b3da2a89d81c4c6051c6edf0392a81b6fc90f404b76b6',
        },
      },
      { name: 'ephemeral', emptyDisk: { capacity: '30Gi' } },
    ]);
    expect(pod.networks).toEqual([{ name: 'default', pod: {} }]);
    expect(pod).not.toHaveProperty('topologySpreadConstraints');
  });
  it('sizes VMs by resources, without an instance type', () => {
    const vm = kmtOf({ resources: { cpu: 4, memory: '8Gi' } }).spec.template.spec.virtualMachineTemplate.spec;
    expect(vm).not.toHaveProperty('instancetype');
    expect(vm.template.spec.domain.cpu).toEqual({ threads: 1, cores: 4, sockets: 1 });
    expect(vm.template.spec.domain.memory).toEqual({ guest: '8Gi' });
  });
  it("leaves a gn1 type's GPUs to the instance type (no devices.gpus of its own)", () => {
    const vm = kmtOf({ instanceType: 'gn1.xlarge' }).spec.template.spec.virtualMachineTemplate.spec;
    expect(vm.instancetype).toEqual({ kind: 'VirtualMachineClusterInstancetype', name: 'gn1.xlarge' });
    expect(vm.template.spec.domain.devices).not.toHaveProperty('gpus');
    expect(vm.template.spec.domain).not.toHaveProperty('cpu');
    expect(vm.template.spec.domain).not.toHaveProperty('memory');
    expect(Object.keys(vm.template.spec.domain.resources.limits)).toEqual(['ephemeral-storage']);
  });
  it('attaches GPUs in order', () => {
    const vm = kmtOf({ instanceType: 'u1.xlarge', gpus: [{ name: 'nvidia.com/AD102GL_L40S' }, { name: 'nvidia.com/GA100' }] }).spec.template.spec
      .virtualMachineTemplate.spec;
    expect(vm.template.spec.domain.devices.gpus).toEqual([
      { name: 'gpu1', deviceName: 'nvidia.com/AD102GL_L40S' },
      { name: 'gpu2', deviceName: 'nvidia.com/GA100' },
    ]);
  });
  it('uses the container disk of the chosen version', () => {
    const image = (extra: any) => kmtOf({}, extra).spec.template.spec.virtualMachineTemplate.spec.template.spec.volumes[0].containerDisk.image;
    expect(image({ version: 'v1.30' })).toBe('ghcr.io/cozystack/cozystack/ubuntu-container-disk:v1.30');
    expect(image({ version: 'v1.30', platform: { images: { workerContainerDisks: { 'v1.30': 'registry.local/disk:1.30' } } } })).toBe(
      'registry.local/disk:1.30',
    );
  });
  it('applies the platform spread constraints, the last one scoped to the cluster', () => {
    const tsc = [
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' },
      { maxSkew: 2, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { a: 'b' } } },
    ];
    const pod = kmtOf({}, { platform: { topologySpreadConstraints: tsc } }).spec.template.spec.virtualMachineTemplate.spec.template.spec;
    expect(pod.topologySpreadConstraints).toEqual([
      tsc[0],
      { ...tsc[1], labelSelector: { matchLabels: { a: 'b', 'cluster.x-k8s.io/cluster-name': 'kubernetes-foo' } } },
    ]);
  });
  it('gets a new name when its content changes, the same name when it does not', () => {
    const a = kmtOf({ instanceType: 'u1.medium' }).metadata.name;
    expect(kmtOf({ instanceType: 'u1.medium' }).metadata.name).toBe(a);
    expect(kmtOf({ instanceType: 'u1.large' }).metadata.name).not.toBe(a);
    expect(kmtOf({ instanceType: 'u1.medium', roles: ['x'] }).metadata.name).not.toBe(a);
    expect(kmtOf({ instanceType: 'u1.medium', ephemeralStorage: '50Gi' }).metadata.name).not.toBe(a);
  });
  it('keeps its name when only non-template fields change (replicas, health check)', () => {
    const a = kmtOf({ instanceType: 'u1.medium' }).metadata.name;
    expect(kmtOf({ instanceType: 'u1.medium', minReplicas: 3, maxReplicas: 7, healthCheck: { unknownTimeout: '1m' } }).metadata.name).toBe(a);
  });
});

describe('retained templates (changing a node group)', () => {
  const before = find(nodePool({ md0: { instanceType: 'u1.medium' } }), 'KubevirtMachineTemplate').metadata.name;
  it('keeps the previous template next to the new one', () => {
    const objects = nodePool({ md0: { instanceType: 'u1.large', retainedTemplates: [{ instanceType: 'u1.medium', name: before }] } });
    const names = objects.filter((o) => o.kind === 'KubevirtMachineTemplate').map((o) => o.metadata.name);
    expect(names).toHaveLength(2);
    expect(names).toContain(before);
    expect(find(objects, 'MachineDeployment').spec.template.spec.infrastructureRef.name).not.toBe(before);
  });
  it('rejects an expected name that the fields do not reproduce', () => {
    const problems = problemsOf(
      spec({ nodeGroups: { md0: { instanceType: 'u1.large', retainedTemplates: [{ instanceType: 'u1.small', name: before }] } } }),
    );
    expect(problems).toEqual([expect.objectContaining({ path: 'nodeGroups.md0.retainedTemplates[0].name', value: before })]);
    // Validation, not rendering, finds it: once resolveSpec succeeds, rendering does.
    expect(() =>
      resolveSpec(spec({ nodeGroups: { md0: { instanceType: 'u1.large', retainedTemplates: [{ instanceType: 'u1.small', name: before }] } } })),
    ).toThrow(/retainedTemplates\[0\]\.name: does not match the template these fields render/);
    const cluster = resolveSpec(spec());
    expect(() =>
      resolveNodePool(cluster, 'late', {
        instanceType: 'u1.large',
        retainedTemplates: [{ instanceType: 'u1.small', name: before.replace('-md0-', '-late-') }],
      }),
    ).toThrow(/nodeGroups\.late\.retainedTemplates\[0\]\.name: does not match/);
  });
  it('drops an entry equal to the current shape', () => {
    const objects = nodePool({ md0: { instanceType: 'u1.medium', retainedTemplates: [{}] } });
    expect(objects.filter((o) => o.kind === 'KubevirtMachineTemplate')).toHaveLength(1);
  });
  it('switches sizing wholesale when an entry gives resources', () => {
    const prev = find(nodePool({ md0: { resources: { cpu: 2, memory: '4Gi' } } }), 'KubevirtMachineTemplate').metadata.name;
    const objects = nodePool({ md0: { instanceType: 'u1.large', retainedTemplates: [{ resources: { cpu: 2, memory: '4Gi' }, name: prev }] } });
    expect(objects.filter((o) => o.kind === 'KubevirtMachineTemplate').map((o) => o.metadata.name)).toContain(prev);
  });
});

describe('KubeadmConfigTemplate (spec §1.5.1)', () => {
  const kct = find(objectsOf(spec()), 'KubeadmConfigTemplate');
  it('is named for the group, not hashed', () => {
    expect(kct.metadata).toEqual({ name: 'kubernetes-foo-md0', namespace: 'tenant-foo' });
  });
  it('mounts the ephemeral disk for kubelet and containerd and joins through the Service', () => {
    const s = kct.spec.template.spec;
    expect(s.format).toBe('cloud-config');
    expect(s.diskSetup).toEqual({ filesystems: [{ device: '/dev/vdb', filesystem: 'xfs', label: 'ephemeral', partition: 'none' }] });
    expect(s.mounts).toEqual([
      ['LABEL=ephemeral', '/ephemeral'],
      ['/ephemeral/kubelet', '/var/lib/kubelet', 'none', 'bind,nofail'],
      ['/ephemeral/containerd', '/var/lib/containerd', 'none', 'bind,nofail'],
    ]);
    expect(s.joinConfiguration).toStrictEqual({
      discovery: { bootstrapToken: { apiServerEndpoint: 'kubernetes-foo.tenant-foo.svc:6443' } },
    });
    expect(s.initConfiguration).toEqual({ skipPhases: ['addon/kube-proxy'] });
    expect(s.preKubeadmCommands[0]).toBe("sed -i 's|root:x:|root::|' /etc/passwd");
    expect(s.preKubeadmCommands.at(-1)).toBe('systemctl start containerd.service');
    // containerd 1.x and 2.x registry sections are both pointed at certs.d (upstream fix dbcd09a0f).
    const sed = s.preKubeadmCommands.find((c: string) => c.includes('config_path'));
    expect(sed).toContain('io\\.containerd\\.grpc\\.v1\\.cri');
    expect(sed).toContain('io\\.containerd\\.cri\\.v1\\.images');
    expect(s).not.toHaveProperty('files');
  });
  it('ignores the conntrack preflight check before v1.32 only', () => {
    const reg = (v: string) =>
      find(objectsOf(spec({ version: v as never })), 'KubeadmConfigTemplate').spec.template.spec.joinConfiguration.nodeRegistration;
    expect(reg('v1.31').ignorePreflightErrors).toEqual(['FileExisting-conntrack']);
    // Nothing else is in it, so from v1.32 there is no nodeRegistration at all (an empty one would be applied as null).
    expect(reg('v1.32')).toBeUndefined();
  });
  it('adds containerd registry files from the platform Secret', () => {
    const k = find(
      objectsOf(
        spec({
          platform: {
            containerdRegistries: { secretName: 'mirrors', registries: [{ registry: 'docker.io' }, { registry: 'ghcr.io', key: 'ghcr' }] },
          },
        }),
      ),
      'KubeadmConfigTemplate',
    );
    expect(k.spec.template.spec.files).toEqual([
      {
        path: '/etc/containerd/certs.d/docker.io/hosts.toml',
        contentFrom: { secret: { name: 'mirrors', key: 'docker.io.toml' } },
        permissions: '0400',
      },
      { path: '/etc/containerd/certs.d/ghcr.io/hosts.toml', contentFrom: { secret: { name: 'mirrors', key: 'ghcr' } }, permissions: '0400' },
    ]);
  });
});

describe('MachineHealthCheck (spec §1.5.5)', () => {
  it('uses the fixed defaults 5m / 10m / 20m and 100%, with durations as the API stores them', () => {
    const mhc = find(objectsOf(spec()), 'MachineHealthCheck');
    expect(mhc.metadata).toEqual({
      name: 'kubernetes-foo-md0',
      namespace: 'tenant-foo',
      labels: { 'cluster.x-k8s.io/cluster-name': 'kubernetes-foo' },
    });
    expect(mhc.spec).toEqual({
      clusterName: 'kubernetes-foo',
      maxUnhealthy: '100%',
      nodeStartupTimeout: '20m0s',
      selector: { matchLabels: { 'cluster.x-k8s.io/cluster-name': 'kubernetes-foo', 'cluster.x-k8s.io/deployment-name': 'kubernetes-foo-md0' } },
      unhealthyConditions: [
        { type: 'Ready', status: 'Unknown', timeout: '5m0s' },
        { type: 'Ready', status: 'False', timeout: '10m0s' },
      ],
    });
  });
  it('takes per-group thresholds', () => {
    const mhc = find(
      nodePool({ md0: { healthCheck: { unknownTimeout: '1m', notReadyTimeout: '90s', nodeStartupTimeout: '1.5h', maxUnhealthy: '40%' } } }),
      'MachineHealthCheck',
    );
    expect(mhc.spec.maxUnhealthy).toBe('40%');
    expect(mhc.spec.nodeStartupTimeout).toBe('1h30m0s');
    expect(mhc.spec.unhealthyConditions.map((c: any) => c.timeout)).toEqual(['1m0s', '1m30s']);
    expect(find(nodePool({ md0: { healthCheck: { maxUnhealthy: 2 } } }), 'MachineHealthCheck').spec.maxUnhealthy).toBe(2);
  });
});

describe('several groups', () => {
  it('renders each group in sorted order', () => {
    const objects = nodePool({ zeta: {}, alpha: { instanceType: 'u1.small' }, mid: { resources: { cpu: 2, memory: '2Gi' } } });
    expect(objects.filter((o) => o.kind === 'MachineDeployment').map((o) => o.metadata.name)).toEqual([
      'kubernetes-foo-alpha',
      'kubernetes-foo-mid',
      'kubernetes-foo-zeta',
    ]);
  });
});

describe('topology spread label selectors', () => {
  it('keep matchExpressions on worker VMs and etcd, the last constraint scoped to the cluster', () => {
    const matchExpressions = [{ key: 'tier', operator: 'In', values: ['a'] }];
    const objects = objectsOf(
      spec({
        platform: {
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchExpressions } },
          ],
        },
      }),
    );
    const vm = (objects.find((o) => o.kind === 'KubevirtMachineTemplate') as any).spec.template.spec.virtualMachineTemplate.spec.template.spec;
    expect(vm.topologySpreadConstraints[0].labelSelector).toEqual({
      matchExpressions,
      matchLabels: { 'cluster.x-k8s.io/cluster-name': 'kubernetes-foo' },
    });
    const etcd = (objects.find((o) => o.kind === 'EtcdCluster') as any).spec.podTemplate.spec;
    expect(etcd.topologySpreadConstraints[0].labelSelector).toEqual({ matchExpressions });
  });
});
