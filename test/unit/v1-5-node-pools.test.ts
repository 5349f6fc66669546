// Node pools on platform release v1.5 (Cozystack v1.5.4): the persistent data disk, the kubelet reservations with
// their arithmetic and seven rules, the KubeadmConfigTemplate, KubevirtMachineTemplate and MachineDeployment shapes,
// each object valid against crds/v1.5; and the disk alias and v1.5-only keys on both lines.
import { ProblemCollector } from '../../src/spec/errors';
import {
  autoReservedMemoryMi,
  autoReservedMillicores,
  millicores,
  quantityRatio,
  resolveKubeletReservations,
} from '../../src/spec/kubelet-reservations';
import { PLATFORM_LINES } from '../../src/spec/platform-lines';
import type { KubeObject } from '../../src/render/manifest';
import { UPDATE_SCRIPT, UPDATE_SCRIPT_PATH } from '../../src/render/worker-bootstrap';
import { clusterNodePoolObjects, renderClusterNodePool } from '../../src/render/cluster';
import { resolveNodePool, resolveSpec } from '../../src/render/resolve';
import { CrdValidator } from '../support/crd-schema';
import { spec } from '../support/fixtures';
import { find, objectsOf, objectsOfV15, problemsOf, problemsOfV15, resolveV15 } from '../support/render';

const NODE_POOL_KINDS = ['KubeadmConfigTemplate', 'KubevirtMachineTemplate', 'MachineDeployment', 'MachineHealthCheck'];
const v15 = (nodeGroups: any, extra: any = {}) => objectsOfV15(spec({ nodeGroups, ...extra }));
const v037 = (nodeGroups: any, extra: any = {}) => objectsOf(spec({ nodeGroups, ...extra }));
const kct = (objects: KubeObject[]) => find(objects, 'KubeadmConfigTemplate').spec.template.spec;
const kmt = (objects: KubeObject[]) => find(objects, 'KubevirtMachineTemplate');
const vmSpec = (objects: KubeObject[]) => kmt(objects).spec.template.spec.virtualMachineTemplate.spec;
const capacity = (objects: KubeObject[]) => {
  const a = find(objects, 'MachineDeployment').metadata.annotations;
  return [a['capacity.cluster-autoscaler.kubernetes.io/memory'], a['capacity.cluster-autoscaler.kubernetes.io/cpu']];
};
const args = (objects: KubeObject[]) => kct(objects).joinConfiguration.nodeRegistration.kubeletExtraArgs;
const kubeletProblems = (kubelet: any, group: any = { instanceType: 'u1.medium' }) =>
  problemsOfV15(spec({ nodeGroups: { md0: { ...group, kubelet } } }));

describe('kubelet reservation arithmetic (delta §1.2.2, §1.2.5)', () => {
  it('reserves 5% of the whole Mi of memory, within 256–1024 Mi, and 256 Mi without memory', () => {
    expect(autoReservedMemoryMi('4Gi')).toBe(256n);
    expect(autoReservedMemoryMi('8Gi')).toBe(409n);
    expect(autoReservedMemoryMi('128Gi')).toBe(1024n);
    expect(autoReservedMemoryMi('16Gi')).toBe(819n);
    expect(autoReservedMemoryMi(undefined)).toBe(256n);
  });
  it('reserves 5% of the millicores, within 50–500 m, and 50 m without CPU', () => {
    expect(autoReservedMillicores(1)).toBe(50n);
    expect(autoReservedMillicores('2')).toBe(100n);
    expect(autoReservedMillicores(32)).toBe(500n);
    expect(autoReservedMillicores('4000m')).toBe(200n);
    expect(autoReservedMillicores(undefined)).toBe(50n);
  });
  it('counts millicores as the chart does: "100m" is 100, cores × 1000 truncated', () => {
    expect(millicores('100m')).toBe(100n);
    expect(millicores('0.5')).toBe(500n);
    expect(millicores('1.0005')).toBe(1000n);
    expect(millicores(2)).toBe(2000n);
  });
  it('measures quantities exactly (no float rounding)', () => {
    expect(quantityRatio('0.1Gi')).toEqual({ n: 1073741824n, d: 10n });
    expect(quantityRatio('500e6')).toEqual({ n: 500000000n, d: 1n });
    expect(quantityRatio('1e-3')).toEqual({ n: 1n, d: 1000n });
    expect(quantityRatio('1e999')).toBeUndefined();
  });

  it.each([
    ['u1.medium (1 CPU / 4Gi)', { instanceType: 'u1.medium' }, '3297Mi', '900m', '256Mi', '50m'],
    ['2 CPU / 8Gi', { instanceType: '', resources: { cpu: 2, memory: '8Gi' } }, '6800Mi', '1800m', '409Mi', '100m'],
    ['32 CPU / 128Gi', { instanceType: '', resources: { cpu: 32, memory: '128Gi' } }, '119848Mi', '31000m', '1024Mi', '500m'],
    ['u1.large (2 CPU / 8Gi, instance type)', { instanceType: 'u1.large' }, '6800Mi', '1800m', '409Mi', '100m'],
  ])('%s: capacity %s / %s after reserving %s / %s each for system and kube', (_name, group, memory, cpu, reservedMemory, reservedCpu) => {
    const objects = v15({ md0: group });
    expect(capacity(objects)).toEqual([memory, cpu]);
    expect(args(objects)['system-reserved']).toBe(`memory=${reservedMemory},cpu=${reservedCpu}`);
    expect(args(objects)['kube-reserved']).toBe(`memory=${reservedMemory},cpu=${reservedCpu}`);
  });

  it('takes overrides into the flags and the capacity (absolute eviction thresholds, decimal cores)', () => {
    const objects = v15({
      md0: {
        instanceType: '',
        resources: { cpu: 2, memory: '8Gi' },
        kubelet: { systemReservedMemory: '512Mi', systemReservedCpu: '0.5', evictionHardMemory: '500Mi', evictionSoftMemory: '1Gi' },
      },
    });
    // 8192 − 512 − 409 − 500 Mi; 2000 − 500 − 100 m.
    expect(capacity(objects)).toEqual(['6771Mi', '1400m']);
    expect(args(objects)).toMatchObject({
      'system-reserved': 'memory=512Mi,cpu=0.5',
      'kube-reserved': 'memory=409Mi,cpu=100m',
      'eviction-hard': 'memory.available<500Mi,nodefs.available<10%,imagefs.available<15%,nodefs.inodesFree<5%',
      'eviction-soft': 'memory.available<1Gi,nodefs.available<15%,imagefs.available<20%',
    });
  });
  it('floors memory to whole Mi and takes a fractional hard percentage of the VM', () => {
    // 4096 − 256 − 256 − 7.5% × 4096 (307.2) = 3276.8 → 3276.
    expect(capacity(v15({ md0: { instanceType: 'u1.medium', kubelet: { evictionHardMemory: '7.5%' } } }))).toEqual(['3276Mi', '900m']);
  });
  it('resolves the defaults into the description', () => {
    expect(resolveV15(spec()).nodeGroups[0].kubelet).toEqual({
      systemReservedMemory: '256Mi',
      kubeReservedMemory: '256Mi',
      systemReservedCpu: '50m',
      kubeReservedCpu: '50m',
      evictionHardMemory: '7%',
      evictionSoftMemory: '10%',
      allocatable: { memory: '3297Mi', cpu: '900m' },
    });
  });
});

describe('kubelet reservation rules (delta §1.2.2), each a problem at its key', () => {
  const at = (key: string) => `nodeGroups.md0.kubelet.${key}`;
  it.each([
    ['systemReservedMemory', 'lots'],
    ['kubeReservedMemory', '1.5GB'],
    // The chart's pattern takes an exponent and a suffix together; the kubelet does not start with it.
    ['systemReservedMemory', '1e3Mi'],
  ])('1. %s "%s" is not a memory quantity', (key, value) => {
    expect(kubeletProblems({ [key]: value })).toEqual([
      { path: at(key), value, message: 'must be a Kubernetes memory quantity (e.g. 128Mi, 1Gi, 1e9, 500e6)' },
    ]);
  });
  it.each([
    ['systemReservedCpu', '1.5m'],
    ['kubeReservedCpu', '100 m'],
    ['kubeReservedCpu', '1e2'],
  ])('1. %s "%s" is not a CPU quantity', (key, value) => {
    expect(kubeletProblems({ [key]: value })).toEqual([
      { path: at(key), value, message: 'must be a Kubernetes CPU quantity: whole millicores (e.g. 100m) or cores (e.g. 0.5, 1)' },
    ]);
  });
  it.each([
    ['systemReservedMemory', '0'],
    ['kubeReservedMemory', '0Mi'],
    ['systemReservedCpu', '0m'],
    ['kubeReservedCpu', '0.0'],
  ])('2. %s "%s" is not positive', (key, value) => {
    expect(kubeletProblems({ [key]: value })).toEqual([{ path: at(key), value, message: 'must be a positive value' }]);
  });
  it.each([
    ['evictionHardMemory', 'lots', '7%'],
    ['evictionSoftMemory', '1e3Mi', '10%'],
  ])('3. %s "%s" is neither a percentage nor a memory quantity', (key, value, example) => {
    const problems = kubeletProblems({ [key]: value });
    expect(problems).toEqual([
      { path: at(key), value, message: `must be a percentage (e.g. ${example}) or a Kubernetes memory quantity (e.g. 500Mi, 1Gi, 1e9)` },
    ]);
  });
  it('4. a percentage must be a number', () => {
    expect(kubeletProblems({ evictionHardMemory: 'x%' })).toEqual([
      { path: at('evictionHardMemory'), value: 'x%', message: 'is not a percentage: "x" is not a number' },
    ]);
  });
  it.each(['0%', '100.5%', '150%'])('4. %s is outside (0, 100]', (value) => {
    expect(kubeletProblems({ evictionSoftMemory: value })).toEqual([
      { path: at('evictionSoftMemory'), value, message: 'must be a percentage greater than 0 and at most 100' },
    ]);
  });
  it('4. hard must be strictly below soft (percentages)', () => {
    expect(kubeletProblems({ evictionHardMemory: '10%' })).toEqual([
      { path: at('evictionHardMemory'), value: '10%', message: 'must be strictly less than evictionSoftMemory (10%)' },
    ]);
    expect(kubeletProblems({ evictionSoftMemory: '5%' })).toEqual([
      { path: at('evictionSoftMemory'), value: '5%', message: 'must be strictly greater than evictionHardMemory (7%)' },
    ]);
  });
  it('4. hard must be strictly below soft (quantities)', () => {
    expect(kubeletProblems({ evictionHardMemory: '1Gi', evictionSoftMemory: '1024Mi' })).toEqual([
      { path: at('evictionHardMemory'), value: '1Gi', message: 'must be strictly less than evictionSoftMemory (1024Mi)' },
    ]);
  });
  it('4. both thresholds are of one kind (overriding one alone with a quantity always mixes them)', () => {
    expect(kubeletProblems({ evictionHardMemory: '500Mi' })).toEqual([
      {
        path: at('evictionHardMemory'),
        value: '500Mi',
        message: 'and evictionSoftMemory (10%) must be of one kind, both percentages or both memory quantities; evictionSoftMemory defaults to 10%',
      },
    ]);
    expect(kubeletProblems({ evictionHardMemory: '5%', evictionSoftMemory: '1Gi' })).toEqual([
      {
        path: at('evictionHardMemory'),
        value: '5%',
        message: 'and evictionSoftMemory (1Gi) must be of one kind, both percentages or both memory quantities',
      },
    ]);
  });
  it('5. the memory reservations and the hard threshold must leave memory for pods', () => {
    expect(kubeletProblems({ systemReservedMemory: '3.5Gi' })).toEqual([
      {
        path: 'nodeGroups.md0.kubelet',
        value: { systemReservedMemory: '3.5Gi', kubeReservedMemory: '256Mi', evictionHardMemory: '7%' },
        message:
          "total reserved memory (systemReservedMemory=3.5Gi + kubeReservedMemory=256Mi + evictionHardMemory=7%) must be less than the VM's memory (4Gi)",
      },
    ]);
  });
  it('5. also with the automatic reservations, on a VM too small for them (d1.nano, 512Mi)', () => {
    expect(problemsOfV15(spec({ nodeGroups: { md0: { instanceType: 'd1.nano' } } }))).toEqual([
      {
        path: 'nodeGroups.md0.kubelet',
        value: { systemReservedMemory: '256Mi', kubeReservedMemory: '256Mi', evictionHardMemory: '7%' },
        message:
          "total reserved memory (systemReservedMemory=256Mi + kubeReservedMemory=256Mi + evictionHardMemory=7%) must be less than the VM's memory (512Mi) (the automatic reservations; give a larger VM, or smaller reservations)",
      },
    ]);
  });
  it('6. the CPU reservations must leave CPU for pods', () => {
    expect(kubeletProblems({ kubeReservedCpu: '950m' })).toEqual([
      {
        path: 'nodeGroups.md0.kubelet',
        value: { systemReservedCpu: '50m', kubeReservedCpu: '950m' },
        message: "total reserved CPU (systemReservedCpu=50m + kubeReservedCpu=950m) must be less than the VM's CPU (1 cores)",
      },
    ]);
  });
  it('7. overrides need the VM size to be checked against (unreachable through a description: every group has a size)', () => {
    const c = new ProblemCollector();
    const overrides = { systemReservedMemory: '1Gi', evictionSoftMemory: '20%', kubeReservedCpu: '100m' };
    expect(resolveKubeletReservations(c, 'nodeGroups.g.kubelet', overrides, { cpu: undefined, memory: undefined })).toBeUndefined();
    expect(c.problems).toEqual([
      {
        path: 'nodeGroups.g.kubelet.systemReservedMemory',
        value: '1Gi',
        message: "cannot be checked without the VM's memory: set resources.memory or an instanceType",
      },
      {
        path: 'nodeGroups.g.kubelet.evictionSoftMemory',
        value: '20%',
        message: "cannot be checked without the VM's memory: set resources.memory or an instanceType",
      },
      {
        path: 'nodeGroups.g.kubelet.kubeReservedCpu',
        value: '100m',
        message: "cannot be checked without the VM's CPU: set resources.cpu or an instanceType",
      },
    ]);
  });
  it('without a VM size and without overrides, the automatic minimums and no capacity', () => {
    const c = new ProblemCollector();
    expect(resolveKubeletReservations(c, 'k', {}, { cpu: undefined, memory: undefined })).toMatchObject({
      systemReservedMemory: '256Mi',
      systemReservedCpu: '50m',
      allocatable: { cpu: undefined, memory: undefined },
    });
    expect(c.count).toBe(0);
  });
  it('collects the problems of every key at once, and refuses unknown keys and non-strings', () => {
    const problems = kubeletProblems({
      systemReservedMemory: 'x',
      kubeReservedCpu: 'y',
      evictionSoftMemory: 'z',
      swap: '1Gi',
      kubeReservedMemory: 5,
    });
    expect(problems.map((p) => p.path)).toEqual([
      'nodeGroups.md0.kubelet.swap',
      at('kubeReservedMemory'),
      at('systemReservedMemory'),
      at('kubeReservedCpu'),
      at('evictionSoftMemory'),
    ]);
  });
});

describe('KubeadmConfigTemplate on v1.5 (delta §1.2.3)', () => {
  const objects = v15({ md0: { instanceType: 'u1.medium' } });
  const t = find(objects, 'KubeadmConfigTemplate');
  const s = t.spec.template.spec;
  it('is kept by Helm on upgrades', () => {
    expect(t.metadata).toEqual({ name: 'kubernetes-foo-md0', namespace: 'tenant-foo', annotations: { 'helm.sh/resource-policy': 'keep' } });
  });
  it('writes the kubelet/kubeadm updater first', () => {
    expect(s.files).toEqual([{ path: '/usr/bin/update-k8s.sh', owner: 'root:root', permissions: '0755', content: UPDATE_SCRIPT }]);
    expect(UPDATE_SCRIPT_PATH).toBe('/usr/bin/update-k8s.sh');
    expect(UPDATE_SCRIPT).toMatch(/^#!\/usr\/bin\/env bash\n/);
    expect(UPDATE_SCRIPT).toContain('set -euo pipefail');
    expect(UPDATE_SCRIPT).toContain('x86_64) arch=amd64');
    expect(UPDATE_SCRIPT).toContain('aarch64) arch=arm64');
    expect(UPDATE_SCRIPT).toContain('https://dl.k8s.io/release/${version}/bin/linux/${arch}/${binary}');
  });
  it('then the registry files, as on v0.37', () => {
    const registries = { secretName: 'mirrors', registries: [{ registry: 'docker.io' }, { registry: 'ghcr.io', key: 'ghcr' }] };
    const files = kct(v15(undefined, { platform: { containerdRegistries: registries } })).files;
    expect(files.map((f: any) => f.path)).toEqual([
      '/usr/bin/update-k8s.sh',
      '/etc/containerd/certs.d/docker.io/hosts.toml',
      '/etc/containerd/certs.d/ghcr.io/hosts.toml',
    ]);
    expect(files.slice(1)).toEqual(kct(v037(undefined, { platform: { containerdRegistries: registries } })).files);
  });
  it('formats the persistent disk once and binds its directories idempotently', () => {
    expect(s.diskSetup).toEqual({
      filesystems: [{ device: '/dev/vdb', filesystem: 'xfs', label: 'persistent', partition: 'none', overwrite: false }],
    });
    expect(s.mounts).toEqual([
      ['LABEL=persistent', '/persistent'],
      ['/persistent/kubelet', '/var/lib/kubelet', 'none', 'bind,nofail'],
      ['/persistent/containerd', '/var/lib/containerd', 'none', 'bind,nofail'],
    ]);
  });
  it('runs the commands in the v1.5 order, sharing the root, containerd and config_path commands with v0.37', () => {
    const old = kct(v037(undefined)).preKubeadmCommands;
    expect(s.preKubeadmCommands).toEqual([
      'KUBELET_VERSION=v1.35.1 /usr/bin/update-k8s.sh || true',
      "sed -i 's|root:x:|root::|' /etc/passwd",
      'systemctl stop containerd.service',
      'mkdir -p /persistent/kubelet /persistent/containerd /var/lib/kubelet /var/lib/containerd',
      'mountpoint -q /var/lib/kubelet || mount -o bind /persistent/kubelet /var/lib/kubelet',
      'mountpoint -q /var/lib/containerd || mount -o bind /persistent/containerd /var/lib/containerd',
      old[5],
      'systemctl start containerd.service',
    ]);
    expect(old[5]).toContain('io\\.containerd\\.grpc\\.v1\\.cri');
    expect(old[5]).toContain('io\\.containerd\\.cri\\.v1\\.images');
    expect([old[0], old[1], old[6]]).toEqual([s.preKubeadmCommands[1], s.preKubeadmCommands[2], s.preKubeadmCommands[7]]);
  });
  it('updates to the patch release of the version', () => {
    expect(kct(v15(undefined, { version: 'v1.31' })).preKubeadmCommands[0]).toBe('KUBELET_VERSION=v1.31.14 /usr/bin/update-k8s.sh || true');
  });
  it('ignores the conntrack preflight check on every version, and passes the reservations', () => {
    for (const version of ['v1.30', 'v1.33', 'v1.35']) {
      expect(kct(v15(undefined, { version })).joinConfiguration.nodeRegistration.ignorePreflightErrors).toEqual(['FileExisting-conntrack']);
    }
    expect(s.joinConfiguration.nodeRegistration.kubeletExtraArgs).toEqual({
      'system-reserved': 'memory=256Mi,cpu=50m',
      'kube-reserved': 'memory=256Mi,cpu=50m',
      'eviction-hard': 'memory.available<7%,nodefs.available<10%,imagefs.available<15%,nodefs.inodesFree<5%',
      'eviction-soft': 'memory.available<10%,nodefs.available<15%,imagefs.available<20%',
      'eviction-soft-grace-period': 'memory.available=1m30s,nodefs.available=1m30s,imagefs.available=1m30s',
      'eviction-minimum-reclaim': 'memory.available=256Mi',
      'enforce-node-allocatable': 'pods',
    });
    expect(s.joinConfiguration.discovery).toEqual({ bootstrapToken: { apiServerEndpoint: 'kubernetes-foo.tenant-foo.svc:6443' } });
    expect(s.initConfiguration).toEqual({ skipPhases: ['addon/kube-proxy'] });
  });
  it('labels workers with GPUs gpu=on: passed through, or brought by the instance type', () => {
    expect(args(v15({ md0: { instanceType: 'u1.xlarge', gpus: [{ name: 'nvidia.com/AD102GL_L40S' }] } }))['node-labels']).toBe('gpu=on');
    expect(args(v15({ md0: { instanceType: 'gn1.xlarge' } }))['node-labels']).toBe('gpu=on');
    expect(args(objects)).not.toHaveProperty('node-labels');
    expect(kct(v037({ md0: { instanceType: 'u1.xlarge', gpus: [{ name: 'nvidia.com/AD102GL_L40S' }] } })).joinConfiguration).not.toHaveProperty(
      'nodeRegistration',
    );
  });
});

describe('KubevirtMachineTemplate on v1.5 (delta §1.2.4)', () => {
  it('provisions the data disk as the persistent DataVolume disk-kubelet, on the group storageClass when given', () => {
    const vm = vmSpec(v15({ md0: { instanceType: 'u1.medium', diskSize: '50Gi', storageClass: 'replicated' } }));
    expect(vm.dataVolumeTemplates).toEqual([
      {
        metadata: { name: 'disk-kubelet', annotations: { 'cdi.kubevirt.io/storage.usePopulator': 'false' } },
        spec: { source: { blank: {} }, storage: { resources: { requests: { storage: '50Gi' } }, storageClassName: 'replicated' } },
      },
    ]);
    expect(vm.template.spec.domain.devices.disks[1]).toEqual({
      name: 'disk-kubelet',
      disk: { bus: 'virtio', pciAddress: '0000:08:00.0' },
      blockSize: { matchVolume: { enabled: true } },
    });
    expect(vm.template.spec.volumes[1]).toEqual({ name: 'disk-kubelet', dataVolume: { name: 'disk-kubelet' } });
  });
  it('takes the management cluster default StorageClass without one (not the cluster storageClass), 20Gi by default', () => {
    const vm = vmSpec(v15(undefined, { storageClass: 'fast' }));
    expect(vm.dataVolumeTemplates[0].spec.storage).toEqual({ resources: { requests: { storage: '20Gi' } } });
    expect(vmSpec(v15({ md0: { instanceType: 'u1.medium', storageClass: '' } })).dataVolumeTemplates[0].spec.storage).not.toHaveProperty(
      'storageClassName',
    );
  });
  it('writes the size as a string, also when given as a number', () => {
    expect(
      vmSpec(v15({ md0: { instanceType: 'u1.medium', diskSize: 21474836480 } })).dataVolumeTemplates[0].spec.storage.resources.requests.storage,
    ).toBe('21474836480');
  });
  it('labels the VMs with the application labels first, the name being the cluster name', () => {
    const labels = vmSpec(v15({ md0: { instanceType: 'u1.medium', roles: ['ingress-nginx'] } })).template.metadata.labels;
    expect(labels).toEqual({
      'apps.cozystack.io/application.group': 'apps.cozystack.io',
      'apps.cozystack.io/application.kind': 'Kubernetes',
      'apps.cozystack.io/application.name': 'foo',
      'node-role.kubernetes.io/ingress-nginx': '',
      'cluster.x-k8s.io/deployment-name': 'kubernetes-foo-md0',
    });
    expect(Object.keys(labels).slice(0, 3)).toEqual([
      'apps.cozystack.io/application.group',
      'apps.cozystack.io/application.kind',
      'apps.cozystack.io/application.name',
    ]);
  });
  it('boots the disk of the version, and keeps the launcher ephemeral-storage of v0.37', () => {
    for (const v of PLATFORM_LINES['v1.5'].versions) {
      expect(vmSpec(v15(undefined, { version: v.minor })).template.spec.volumes[0]).toEqual({
        name: 'system',
        containerDisk: { image: v.workerContainerDisk },
      });
    }
    expect(vmSpec(v15(undefined)).template.spec.domain.resources).toEqual(vmSpec(v037(undefined)).template.spec.domain.resources);
  });
  it('keeps ours: resources with an instance type is a problem; without one both cpu and memory are needed', () => {
    expect(problemsOfV15(spec({ nodeGroups: { md0: { instanceType: 'u1.medium', resources: { cpu: '2', memory: '8Gi' } } } }))).toEqual([
      expect.objectContaining({
        path: 'nodeGroups.md0.resources',
        message: expect.stringContaining('cannot be combined with instanceType "u1.medium"'),
      }),
    ]);
    expect(problemsOfV15(spec({ nodeGroups: { md0: { instanceType: '', resources: { cpu: '2' } } } }))).toEqual([
      { path: 'nodeGroups.md0.resources.memory', value: undefined, message: 'is required when no instanceType is given' },
    ]);
    const vm = vmSpec(v15({ md0: { instanceType: '', resources: { cpu: 2, memory: '8Gi' } } }));
    expect(vm).not.toHaveProperty('instancetype');
    expect(vm.template.spec.domain.cpu).toEqual({ threads: 1, cores: 2, sockets: 1 });
    expect(vm.template.spec.domain.memory).toEqual({ guest: '8Gi' });
  });
  it('gets a new name on v1.5 for every shape and version both lines support', () => {
    const shapes: any[] = [
      undefined,
      { md0: { instanceType: '', resources: { cpu: 2, memory: '8Gi' }, diskSize: '30Gi' } },
      { md0: { instanceType: 'u1.xlarge', gpus: [{ name: 'nvidia.com/AD102GL_L40S' }], roles: [] } },
    ];
    for (const version of ['v1.30', 'v1.31', 'v1.32', 'v1.33']) {
      for (const groups of shapes) {
        const a = kmt(v037(groups, { version })).metadata.name;
        const b = kmt(v15(groups, { version })).metadata.name;
        expect(b).toMatch(/^kubernetes-foo-md0-[0-9a-f]{6}$/);
        expect(b).not.toBe(a);
      }
    }
  });
  it('changes its name with the disk size and the storageClass, not with the kubelet reservations', () => {
    const name = (g: any) => kmt(v15({ md0: { instanceType: 'u1.medium', ...g } })).metadata.name;
    const base = name({});
    expect(name({ diskSize: '30Gi' })).not.toBe(base);
    expect(name({ storageClass: 'replicated' })).not.toBe(base);
    expect(name({ kubelet: { systemReservedMemory: '512Mi' } })).toBe(base);
  });
});

describe('MachineDeployment and MachineHealthCheck on v1.5 (delta §1.2.5, §1.2.6)', () => {
  const objects = v15({ md0: { minReplicas: 1, maxReplicas: 1, instanceType: 'u1.medium' } });
  const md = find(objects, 'MachineDeployment');
  it('carries the reservation-aware capacity', () => {
    expect(md.metadata.annotations).toEqual({
      'cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size': '1',
      'cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size': '1',
      'capacity.cluster-autoscaler.kubernetes.io/memory': '3297Mi',
      'capacity.cluster-autoscaler.kubernetes.io/cpu': '900m',
      'cluster.x-k8s.io/autoscaling-options-maxnodeprovisiontime': '30m',
    });
  });
  it('keeps ours: no replicas, one machine surged at a time, never one taken away first', () => {
    expect(md.spec).not.toHaveProperty('replicas');
    expect(md.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(md.spec.template.spec.version).toBe('v1.35.1');
  });
  it('keeps ours: the MachineHealthCheck is the v0.37 one', () => {
    const old = find(v037({ md0: { minReplicas: 1, maxReplicas: 1, instanceType: 'u1.medium' } }), 'MachineHealthCheck');
    expect(find(objects, 'MachineHealthCheck')).toEqual(old);
    expect(old.spec.maxUnhealthy).toBe('100%');
  });
});

describe('every v1.5 node-pool object is valid against crds/v1.5', () => {
  const validator = new CrdValidator('v1.5');
  const shapes: Record<string, any> = {
    'the default md0': undefined,
    'an instance type': { workers: { instanceType: 'u1.2xlarge', roles: ['storage'] } },
    resources: { workers: { instanceType: '', resources: { cpu: 4, memory: '16Gi' }, diskSize: '40Gi' } },
    GPUs: { gpu: { instanceType: 'u1.xlarge', gpus: [{ name: 'nvidia.com/AD102GL_L40S' }] }, gn: { instanceType: 'gn1.xlarge' } },
    'a storageClass': { workers: { instanceType: 'u1.large', storageClass: 'replicated' } },
    'kubelet overrides': {
      workers: {
        instanceType: 'u1.large',
        kubelet: {
          systemReservedMemory: '1Gi',
          kubeReservedMemory: '512e6',
          systemReservedCpu: '0.25',
          kubeReservedCpu: '200m',
          evictionHardMemory: '5%',
          evictionSoftMemory: '12.5%',
        },
      },
    },
    'retained templates': {
      workers: {
        instanceType: 'u1.large',
        diskSize: '30Gi',
        storageClass: 'fast',
        retainedTemplates: [{ diskSize: '20Gi' }, { instanceType: 'u1.medium', storageClass: '' }],
      },
    },
  };
  const cases = Object.entries(shapes).flatMap(([name, groups]) => PLATFORM_LINES['v1.5'].versions.map((v) => [name, v.minor, groups] as const));
  it.each(cases)('%s on %s', (_name, version, groups) => {
    const objects = v15(groups, {
      version,
      platform: { containerdRegistries: { secretName: 'mirrors', registries: [{ registry: 'docker.io' }] } },
    }).filter((o) => NODE_POOL_KINDS.includes(o.kind));
    expect(objects.length).toBeGreaterThanOrEqual(4);
    for (const o of objects)
      expect({ object: `${o.kind}/${o.metadata.name}`, errors: validator.validate(o) }).toEqual({
        object: `${o.kind}/${o.metadata.name}`,
        errors: [],
      });
  });
});

describe('diskSize, its alias ephemeralStorage, and the v1.5-only keys, on both lines (delta §2.1, §2.2)', () => {
  it('v0.37: diskSize is the emptyDisk, exactly as ephemeralStorage was', () => {
    const a = kmt(v037({ md0: { instanceType: 'u1.medium', diskSize: '30Gi' } }));
    const b = kmt(v037({ md0: { instanceType: 'u1.medium', ephemeralStorage: '30Gi' } }));
    expect(a).toEqual(b);
    expect(a.spec.template.spec.virtualMachineTemplate.spec.template.spec.volumes[1]).toEqual({ name: 'ephemeral', emptyDisk: { capacity: '30Gi' } });
    expect(a.spec.template.spec.virtualMachineTemplate.spec).not.toHaveProperty('dataVolumeTemplates');
  });
  it('v1.5: ephemeralStorage is accepted as diskSize (the chart refuses it; platform migration 41 renames it)', () => {
    expect(kmt(v15({ md0: { instanceType: 'u1.medium', ephemeralStorage: '30Gi' } }))).toEqual(
      kmt(v15({ md0: { instanceType: 'u1.medium', diskSize: '30Gi' } })),
    );
  });
  it.each([
    ['v0.37', problemsOf],
    ['v1.5', problemsOfV15],
  ])('%s: giving both is a problem', (_line, problems) => {
    expect(problems(spec({ nodeGroups: { md0: { instanceType: 'u1.medium', diskSize: '30Gi', ephemeralStorage: '30Gi' } } }))).toEqual([
      { path: 'nodeGroups.md0.ephemeralStorage', value: '30Gi', message: 'is the deprecated name of diskSize: give only diskSize' },
    ]);
  });
  it('a bad diskSize is a problem at its path', () => {
    expect(problemsOfV15(spec({ nodeGroups: { md0: { diskSize: '20 GB' } } }))).toEqual([
      { path: 'nodeGroups.md0.diskSize', value: '20 GB', message: 'must be a Kubernetes quantity such as "4Gi", "500m" or 2' },
    ]);
  });
  it('v0.37: storageClass and kubelet are problems naming v1.5; empty values ask for nothing', () => {
    const message = 'is not supported by platform release v0.37; platform release v1.5 supports it (platform.release)';
    expect(
      problemsOf(
        spec({
          nodeGroups: { md0: { storageClass: 'replicated', kubelet: { evictionHardMemory: '5%' }, retainedTemplates: [{ storageClass: 'fast' }] } },
        }),
      ),
    ).toEqual([
      { path: 'nodeGroups.md0.storageClass', value: 'replicated', message },
      { path: 'nodeGroups.md0.kubelet', value: { evictionHardMemory: '5%' }, message },
      { path: 'nodeGroups.md0.retainedTemplates[0].storageClass', value: 'fast', message },
    ]);
    expect(v037({ md0: { instanceType: 'u1.medium', storageClass: '', kubelet: {} } })).toEqual(v037({ md0: { instanceType: 'u1.medium' } }));
  });
  it('v1.5: a storageClass must be a DNS-1123 subdomain', () => {
    expect(problemsOfV15(spec({ nodeGroups: { md0: { storageClass: 'Fast_SSD' } } }))).toEqual([
      expect.objectContaining({ path: 'nodeGroups.md0.storageClass', value: 'Fast_SSD' }),
    ]);
  });
});

describe('retained templates on v1.5 reproduce earlier disks', () => {
  const current = { instanceType: 'u1.medium', diskSize: '30Gi', storageClass: 'fast' };
  const nameOf = (group: any) => kmt(v15({ md0: group })).metadata.name;
  it('takes diskSize and storageClass from the entry, else from the group; "" names no storageClass', () => {
    const oldName = nameOf({ instanceType: 'u1.medium' });
    const objects = v15({ md0: { ...current, retainedTemplates: [{ name: oldName, diskSize: '20Gi', storageClass: '' }] } });
    const names = objects.filter((o) => o.kind === 'KubevirtMachineTemplate').map((o) => o.metadata.name);
    expect(names).toEqual([nameOf(current), oldName]);
    const inherited = v15({ md0: { ...current, retainedTemplates: [{ diskSize: '20Gi' }] } }).filter((o) => o.kind === 'KubevirtMachineTemplate');
    expect((inherited[1] as any).spec.template.spec.virtualMachineTemplate.spec.dataVolumeTemplates[0].spec.storage).toEqual({
      resources: { requests: { storage: '20Gi' } },
      storageClassName: 'fast',
    });
  });
  it('says so when the entry does not reproduce the named template', () => {
    const oldName = nameOf({ instanceType: 'u1.medium' });
    expect(problemsOfV15(spec({ nodeGroups: { md0: { ...current, retainedTemplates: [{ name: oldName, diskSize: '20Gi' }] } } }))).toEqual([
      expect.objectContaining({ path: 'nodeGroups.md0.retainedTemplates[0].name', value: oldName }),
    ]);
  });
  it('accepts ephemeralStorage in an entry, and refuses it beside diskSize', () => {
    const names = v15({ md0: { ...current, retainedTemplates: [{ ephemeralStorage: '20Gi' }] } })
      .filter((o) => o.kind === 'KubevirtMachineTemplate')
      .map((o) => o.metadata.name);
    expect(names[1]).toBe(nameOf({ ...current, diskSize: '20Gi' }));
    expect(problemsOfV15(spec({ nodeGroups: { md0: { ...current, retainedTemplates: [{ diskSize: '20Gi', ephemeralStorage: '20Gi' }] } } }))).toEqual(
      [
        {
          path: 'nodeGroups.md0.retainedTemplates[0].ephemeralStorage',
          value: '20Gi',
          message: 'is the deprecated name of diskSize: give only diskSize',
        },
      ],
    );
  });
});

describe('a node pool added to a v1.5 cluster (addNodePool)', () => {
  it('renders as the same group declared in nodeGroups, v1.5 keys included', () => {
    const group = { instanceType: 'u1.large', diskSize: '40Gi', storageClass: 'fast', kubelet: { evictionHardMemory: '5%' }, maxReplicas: 3 };
    const cluster = resolveV15(spec({ nodeGroups: {} }));
    const added = clusterNodePoolObjects(renderClusterNodePool(cluster, resolveNodePool(cluster, 'extra', group)));
    const declared = v15({ extra: group }).filter((o) => NODE_POOL_KINDS.includes(o.kind));
    expect(added.filter((o) => NODE_POOL_KINDS.includes(o.kind))).toEqual(declared);
    expect(vmSpec(added).dataVolumeTemplates[0].spec.storage).toEqual({ resources: { requests: { storage: '40Gi' } }, storageClassName: 'fast' });
  });

  it('refuses the v1.5 keys on a v0.37 cluster, naming the release that has them', () => {
    const cluster = resolveSpec(spec({ nodeGroups: {} }));
    expect(() => resolveNodePool(cluster, 'extra', { kubelet: {}, storageClass: 'fast' })).toThrow(/platform release v1\.5/);
  });
});
