// For every edit of the change-safety list, the etcd, DataStore, Cluster and KamajiControlPlane keep their Pulumi
// names and their Kubernetes kinds and names: the provider updates them in place and never replaces them.
import { TenantKubernetesCluster } from '../../src/pulumi';
import { spec } from '../support/fixtures';
import { installMocks, registered, settle, valueOf } from '../support/pulumi-mocks';

const BASE = spec({
  name: 'safe',
  version: 'v1.32',
  nodeGroups: { md0: { instanceType: 'u1.medium', maxReplicas: 4 }, big: { resources: { cpu: '4', memory: '16Gi' } } },
  addons: { certManager: { enabled: true } },
});

const EDITS: Array<[string, any]> = [
  ['version bump', { ...BASE, version: 'v1.33' }],
  ['instance type change', { ...BASE, nodeGroups: { ...BASE.nodeGroups, md0: { instanceType: 'u1.large', maxReplicas: 4 } } }],
  ['resources change', { ...BASE, nodeGroups: { ...BASE.nodeGroups, big: { resources: { cpu: 8, memory: '32Gi' } } } }],
  ['node group added', { ...BASE, nodeGroups: { ...BASE.nodeGroups, gpu: { instanceType: 'u1.xlarge', gpus: [{ name: 'nvidia.com/GA100' }] } } }],
  ['node group removed', { ...BASE, nodeGroups: { md0: BASE.nodeGroups!.md0 } }],
  [
    'addons toggled',
    { ...BASE, addons: { certManager: { enabled: false }, velero: { enabled: true }, ingressNginx: { enabled: true, hosts: ['a.example.org'] } } },
  ],
  ['control plane resized', { ...BASE, controlPlane: { replicas: 3, apiServer: { resourcesPreset: 'large' } } }],
];

let run = 0;
async function up(args: any): Promise<typeof registered> {
  installMocks(`safety-${run++}`);
  const start = registered.length;
  const c = new TenantKubernetesCluster('safe', args);
  await settle(c);
  await valueOf(c.kubeconfig);
  await settle(c.provider);
  return registered.slice(start);
}

const GUARDED = ['EtcdCluster', 'DataStore', 'Cluster', 'KamajiControlPlane'];
function guarded(resources: typeof registered): string[] {
  return resources
    .filter((r) => GUARDED.some((k) => r.type.endsWith(`:${k}`)))
    .map((r) => `${r.type} ${r.name} ${r.inputs.kind}/${r.inputs.metadata.namespace ?? ''}/${r.inputs.metadata.name}`)
    .sort();
}
const byKind = (resources: typeof registered, kind: string) => resources.filter((r) => r.type.endsWith(`:${kind}`));

describe('change safety', () => {
  let before: typeof registered;
  beforeAll(async () => {
    before = await up(BASE);
  });

  it('guards four objects', () => {
    expect(guarded(before)).toHaveLength(4);
  });

  it.each(EDITS)('%s: etcd, DataStore, Cluster and KamajiControlPlane keep Pulumi and Kubernetes names and kinds', async (_title, edited) => {
    const after = await up(edited);
    expect(guarded(after)).toEqual(guarded(before));
    // Everything that stays keeps its Pulumi name; only the affected objects are created or dropped.
    const names = (rs: typeof registered) => new Set(rs.map((r) => `${r.type} ${r.name}`));
    const a = names(before);
    const b = names(after);
    const added = [...b].filter((n) => !a.has(n));
    const removed = [...a].filter((n) => !b.has(n));
    for (const n of [...added, ...removed])
      expect(n).toMatch(
        /:(KubevirtMachineTemplate|KubeadmConfigTemplate|MachineDeployment|MachineHealthCheck|HelmRelease|Service|Ingress|Secret) |^tenant-kubernetes:index:(NodePool|Addon) /,
      );
  });

  it('a version bump updates the control plane and machine deployments in place', async () => {
    const after = await up(EDITS[0][1]);
    const kcp = byKind(after, 'KamajiControlPlane')[0];
    expect(kcp.name).toBe(byKind(before, 'KamajiControlPlane')[0].name);
    expect(kcp.inputs.spec.version).toBe('v1.33.0');
    expect(byKind(after, 'MachineDeployment').map((r) => r.name)).toEqual(byKind(before, 'MachineDeployment').map((r) => r.name));
  });

  it('an instance type change creates a new worker template under a new name and repoints the MachineDeployment', async () => {
    const after = await up(EDITS[1][1]);
    const kmt = (rs: typeof registered) =>
      byKind(rs, 'KubevirtMachineTemplate')
        .map((r) => r.inputs.metadata.name)
        .sort();
    const old = kmt(before).filter((n) => n.startsWith('kubernetes-safe-md0-'));
    const now = kmt(after).filter((n) => n.startsWith('kubernetes-safe-md0-'));
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(old[0]);
    const md = byKind(after, 'MachineDeployment').find((r) => r.inputs.metadata.name === 'kubernetes-safe-md0')!;
    expect(md.name).toBe(byKind(before, 'MachineDeployment').find((r) => r.inputs.metadata.name === 'kubernetes-safe-md0')!.name);
    expect(md.inputs.spec.template.spec.infrastructureRef.name).toBe(now[0]);
  });
});
