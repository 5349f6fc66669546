// Controllers tier, the worker chain: the real Cluster API core manager and kubeadm bootstrap provider (with their
// webhooks) reconcile every scenario — each node-group shape with a dedicated and a given datastore, over every
// supported version of both platform lines — from MachineDeployment to MachineSet to Machines, each with a
// KubeadmConfig and a KubevirtMachine cloned from our templates, bootstrap data whose join is the one we rendered
// (on v1.5: the kubelet updater first, the kubelet reservations in the join, persistent data disks), bootstrap tokens
// in the tenant API server, and a MachineHealthCheck watching them; and no controller complains.
import { createHash, X509Certificate } from 'node:crypto';
import { renderResolvedCluster } from '../../src/render/cluster';
import type { KubeObject } from '../../src/render/manifest';
import type { RenderedNodePool } from '../../src/render/node-pool';
import { resolveSpec } from '../../src/render/resolve';
import { UPDATE_SCRIPT_PATH } from '../../src/render/worker-bootstrap';
import { secretData } from '../support/etcd-members';
import type { BootedVm } from '../support/kubevirt-standin';
import { REGISTRY_FILES, REGISTRY_SECRET, scenarios, type Scenario } from './scenarios';
import { CABPK, CAPI, CAPK, eventually, startControllersTier, type ControllersTier } from './tier';

jest.setTimeout(900_000);

const all = scenarios();
const rendered = new Map(all.map((s) => [s.id, renderResolvedCluster(resolveSpec(s.spec))]));
const applied = new Map<string, KubeObject[]>();
let tier: ControllersTier;

const ns = (s: Scenario) => s.spec.tenant.namespace;
const base = (s: Scenario) => `kubernetes-${s.id}`;
const pools = (s: Scenario) => rendered.get(s.id)!.nodePools;
/** The platform line's facts the scenario was rendered with. */
const lineOf = (s: Scenario) => rendered.get(s.id)!.cluster.platform.line;
/** Machines the autoscaler's minimum gives a group, or one for a group whose minimum is zero (scaled up below). */
const wanted = (pool: RenderedNodePool) => Math.max(pool.group.minReplicas, 1);

beforeAll(async () => {
  tier = await startControllersTier();
  // Every scenario at once, as a GitOps sync of a whole platform repository would apply them.
  await Promise.all(
    all.map(async (s) => {
      await tier.applier.ensureNamespace(ns(s));
      // The platform provides the Secret the registry files come from (CABPK waits for it otherwise: lifecycle tests).
      if (s.spec.platform?.containerdRegistries) {
        expect(
          await tier.applier.applyAll(
            [
              {
                apiVersion: 'v1',
                kind: 'Secret',
                metadata: { name: REGISTRY_SECRET, namespace: ns(s) },
                data: Object.fromEntries(Object.entries(REGISTRY_FILES).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
              },
            ],
            false,
          ),
        ).toEqual([]);
      }
      applied.set(s.id, await tier.applyCluster(s.spec));
    }),
  );
});

afterAll(async () => {
  await tier?.stop();
});

const machinesOf = (s: Scenario, pool: RenderedNodePool) => tier.machines(ns(s), pool.machineDeployment.metadata.name);

/** The VMs of a scenario that booted, from the stand-in's record. */
function vmsOf(s: Scenario): BootedVm[] {
  return [...tier.kubevirt.booted.values()].filter((vm) => vm.key.startsWith(`${ns(s)}/`) && vm.cluster === base(s));
}

/** CABPK's own files in the bootstrap data: the join configuration and the bootstrap sentinel's directory. */
const CABPK_FILES = ['/run/kubeadm/kubeadm-join-config.yaml', '/run/cluster-api/placeholder'];

/** The kubelet flags of a join's nodeRegistration, by name (kubeadm v1beta3 has a map, v1beta4 a list of name and value). */
function kubeletArgs(nodeRegistration: any): Record<string, string> {
  const args = nodeRegistration?.kubeletExtraArgs ?? {};
  return Array.isArray(args) ? Object.fromEntries(args.map((a: any) => [a.name, a.value])) : { ...args };
}

const BINARY: Readonly<Record<string, number>> = { '': 1, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

/** Bytes of a memory quantity in binary units (the only ones these flags and sizes use). */
function bytes(quantity: string): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti)?$/.exec(quantity);
  if (!m) throw new Error(`not a binary memory quantity: ${quantity}`);
  return Number(m[1]) * BINARY[m[2] ?? ''];
}

/** Millicores of a CPU quantity (`"2"`, `"0.5"`, `"100m"`). */
const millicores = (quantity: string) => (quantity.endsWith('m') ? Number(quantity.slice(0, -1)) : Math.round(Number(quantity) * 1000));

/**
 * What a kubelet started with these flags leaves for pods on a VM of `capacity`, as the autoscaler's capacity
 * annotations write it: Node Allocatable = capacity − kube-reserved − system-reserved − the hard eviction threshold
 * (memory in whole Mi rounded down, CPU in millicores).
 */
function allocatable(args: Record<string, string>, capacity: { readonly cpu: string; readonly memory: string }): { cpu: string; memory: string } {
  const reserved = (flag: string, resource: 'memory' | 'cpu') => {
    const value = new RegExp(`(?:^|,)${resource}=([^,]+)`).exec(args[flag] ?? '')?.[1];
    if (value === undefined) throw new Error(`--${flag} reserves no ${resource}: ${args[flag]}`);
    return value;
  };
  const memory = bytes(capacity.memory);
  const hard = /(?:^|,)memory\.available<([^,]+)/.exec(args['eviction-hard'] ?? '')?.[1];
  if (hard === undefined) throw new Error(`--eviction-hard has no memory.available: ${args['eviction-hard']}`);
  const threshold = hard.endsWith('%') ? (memory * Number(hard.slice(0, -1))) / 100 : bytes(hard);
  const forPods = memory - bytes(reserved('system-reserved', 'memory')) - bytes(reserved('kube-reserved', 'memory')) - threshold;
  const cpu = millicores(capacity.cpu) - millicores(reserved('system-reserved', 'cpu')) - millicores(reserved('kube-reserved', 'cpu'));
  return { memory: `${Math.floor(forPods / 2 ** 20)}Mi`, cpu: `${cpu}m` };
}

describe.each(all.map((s) => [s.id, s.shape, s.datastore, s.spec.version, s.release, s] as const))(
  '%s (%s, %s datastore, %s on platform release %s)',
  (_id, _shape, _ds, version, _release, s) => {
    it('the Cluster is provisioned, with the endpoint of the control plane', async () => {
      const cluster = await eventually(`${s.id}: Cluster provisioned`, async () => {
        const c = await tier.get(`${CAPI}/namespaces/${ns(s)}/clusters/${base(s)}`);
        return c?.status?.phase === 'Provisioned' && c.status.infrastructureReady && c.status.controlPlaneReady ? c : undefined;
      });
      expect(cluster.spec.controlPlaneEndpoint).toEqual({ host: rendered.get(s.id)!.cluster.host, port: 443 });
    });

    it('every MachineDeployment gets its minimum from CAPI and reaches its Machines, each cloned from our templates', async () => {
      for (const pool of pools(s)) {
        const mdPath = `${CAPI}/namespaces/${ns(s)}/machinedeployments/${pool.machineDeployment.metadata.name}`;
        // CAPI's defaulting webhook seeds replicas from the autoscaler's min-size annotation.
        expect((await tier.get(mdPath)).spec.replicas).toBe(pool.group.minReplicas);
        if (pool.group.minReplicas === 0) {
          expect(await machinesOf(s, pool)).toEqual([]);
          // The cluster autoscaler scales through the scale subresource.
          const r = await tier.kube.call('PATCH', `${mdPath}/scale`, { spec: { replicas: 1 } }, 'application/merge-patch+json');
          expect(r.status).toBe(200);
        }
      }
      for (const pool of pools(s)) {
        const machines = await eventually(`${s.id}/${pool.group.name}: machines running`, async () => {
          const ms = await machinesOf(s, pool);
          return ms.length === wanted(pool) && ms.every((m) => m.status?.phase === 'Running' && m.status.nodeRef) ? ms : undefined;
        });
        const kct = pool.kubeadmConfigTemplate as any;
        const kmt = pool.machineTemplate as any;
        for (const m of machines) {
          expect(m.spec.version).toBe(rendered.get(s.id)!.cluster.patchVersion);
          const config = await tier.get(`${CABPK}/namespaces/${ns(s)}/kubeadmconfigs/${m.spec.bootstrap.configRef.name}`);
          expect(config.metadata.annotations['cluster.x-k8s.io/cloned-from-name']).toBe(kct.metadata.name);
          expect(config.spec).toMatchObject(kct.spec.template.spec);
          expect(config.status.ready).toBe(true);
          const kvm = await tier.get(`${CAPK}/namespaces/${ns(s)}/kubevirtmachines/${m.spec.infrastructureRef.name}`);
          expect(kvm.metadata.annotations['cluster.x-k8s.io/cloned-from-name']).toBe(kmt.metadata.name);
          expect(kvm.spec).toMatchObject(kmt.spec.template.spec);
          // Labels of the MachineDeployment's template reach the Machine, and CAPI syncs the role labels to the Node.
          expect(m.metadata.labels).toMatchObject((pool.machineDeployment as any).spec.template.metadata.labels);
        }
      }
    });

    it('the tenant Nodes carry the roles and lose the uninitialized taint once CAPI has labelled them', async () => {
      const tenant = tier.kamaji.tenant(`${ns(s)}/${base(s)}`)!.harness;
      for (const pool of pools(s)) {
        const roles = Object.keys((pool.machineDeployment as any).spec.template.metadata.labels).filter((l) =>
          l.startsWith('node-role.kubernetes.io/'),
        );
        for (const m of await machinesOf(s, pool)) {
          const node = await eventually(
            `${m.status.nodeRef.name} initialized`,
            async () => {
              const n = (await tenant.call('GET', `/api/v1/nodes/${m.status.nodeRef.name}`)).body;
              return (n.spec.taints ?? []).some((t: any) => t.key === 'node.cluster.x-k8s.io/uninitialized') ? undefined : n;
            },
            60_000,
          );
          for (const role of roles) expect(node.metadata.labels).toHaveProperty([role], '');
          expect(node.metadata.annotations).toMatchObject({ 'cluster.x-k8s.io/cluster-name': base(s), 'cluster.x-k8s.io/machine': m.metadata.name });
        }
      }
    });

    it('CABPK bootstraps each machine with the join we rendered, a token valid in the tenant, and our disks, files and commands', async () => {
      const vms = vmsOf(s);
      const { cluster } = rendered.get(s.id)!;
      const line = lineOf(s);
      expect(vms.length).toBe(pools(s).reduce((n, p) => n + wanted(p), 0));
      const caPem = (await secretData(tier.kube, ns(s), `${base(s)}-ca`))['tls.crt'];
      const caHash = `sha256:${createHash('sha256')
        .update(new X509Certificate(caPem).publicKey.export({ type: 'spki', format: 'der' }))
        .digest('hex')}`;
      const tenant = tier.kamaji.tenant(`${ns(s)}/${base(s)}`)!.harness;
      const tokens = ((await tenant.call('GET', '/api/v1/namespaces/kube-system/secrets')).body.items as any[])
        .filter((t) => t.type === 'bootstrap.kubernetes.io/token')
        .map((t) => `${Buffer.from(t.data['token-id'], 'base64').toString()}.${Buffer.from(t.data['token-secret'], 'base64').toString()}`);
      const minor = Number(String(version).split('.')[1]);
      for (const vm of vms) {
        const pool = pools(s).find((p) => p.machineDeployment.metadata.name === vm.deployment)!;
        const kct = (pool.kubeadmConfigTemplate as any).spec.template.spec;
        expect(vm.format).toBe('cloud-config');
        const join = vm.joinConfiguration;
        expect(join.apiVersion).toBe(minor >= 31 ? 'kubeadm.k8s.io/v1beta4' : 'kubeadm.k8s.io/v1beta3');
        expect(join.kind).toBe('JoinConfiguration');
        expect(join.discovery.bootstrapToken.apiServerEndpoint).toBe(kct.joinConfiguration.discovery.bootstrapToken.apiServerEndpoint);
        expect(join.discovery.bootstrapToken.caCertHashes).toEqual([caHash]);
        expect(tokens).toContain(join.discovery.bootstrapToken.token);
        expect(join.nodeRegistration.taints).toEqual([{ key: 'node.cluster.x-k8s.io/uninitialized', effect: 'NoSchedule' }]);
        expect(join.nodeRegistration.ignorePreflightErrors).toEqual(
          minor < line.ignoreConntrackPreflightBelow ? ['FileExisting-conntrack'] : undefined,
        );
        // The kubelet flags we rendered (v1.5: reservations and eviction thresholds, the GPU label) reach the join.
        const args = kubeletArgs(join.nodeRegistration);
        expect(args).toEqual(kubeletArgs(kct.joinConfiguration.nodeRegistration));
        if (line.kubeletReservations) {
          expect(Object.keys(args)).toEqual(
            expect.arrayContaining(['system-reserved', 'kube-reserved', 'eviction-hard', 'eviction-soft', 'enforce-node-allocatable']),
          );
        }
        const cc = vm.cloudConfig;
        expect(cc.runcmd).toEqual([
          ...kct.preKubeadmCommands,
          'kubeadm join --config /run/kubeadm/kubeadm-join-config.yaml  && echo success > /run/cluster-api/bootstrap-success.complete',
        ]);
        expect(cc.fs_setup).toEqual(kct.diskSetup.filesystems);
        expect(cc.mounts).toEqual(kct.mounts);
        // Every file we rendered, in order, with its content (the registry files' from the platform's Secret).
        const files = (cc.write_files as any[]).filter((f) => !CABPK_FILES.includes(f.path));
        expect(files.map((f) => [f.path, f.owner, f.permissions, f.content])).toEqual(
          (kct.files ?? []).map((f: any) => [f.path, f.owner, f.permissions, f.content ?? REGISTRY_FILES[f.contentFrom.secret.key]]),
        );
        if (line.workerKubeletUpdate) {
          // The updater is written executable, and runs first, for the version CAPI gave the machine.
          expect(files[0]).toMatchObject({ path: UPDATE_SCRIPT_PATH, owner: 'root:root', permissions: '0755' });
          expect(cc.runcmd[0]).toBe(`KUBELET_VERSION=${cluster.patchVersion} ${UPDATE_SCRIPT_PATH} || true`);
        }
        // The VM's second virtio disk (/dev/vdb) is the data disk cloud-init formats with the label it mounts.
        const shape = pool.group.shape;
        expect(vm.disks.map((d) => [d.bus, d.source.kind])).toEqual([
          ['virtio', 'containerDisk'],
          ['virtio', line.workerStorage === 'persistent' ? 'dataVolume' : 'emptyDisk'],
        ]);
        expect(vm.disks[0].source).toEqual({ kind: 'containerDisk', image: cluster.platform.workerContainerDisk });
        expect(vm.disks[1].source).toEqual(
          line.workerStorage === 'persistent'
            ? { kind: 'dataVolume', size: shape.diskSize, storageClassName: shape.storageClass }
            : { kind: 'emptyDisk', capacity: shape.diskSize },
        );
        expect(cc.fs_setup).toEqual([expect.objectContaining({ device: '/dev/vdb', label: String(cc.mounts[0][0]).replace(/^LABEL=/, '') })]);
        // A disk that outlives the VM is never reformatted.
        expect(cc.fs_setup[0].overwrite).toBe(line.workerStorage === 'persistent' ? false : undefined);
        // The autoscaler's capacity is the VM's size, or on lines that reserve, what this kubelet leaves for pods.
        const md = await tier.get(`${CAPI}/namespaces/${ns(s)}/machinedeployments/${vm.deployment}`);
        const capacity = pool.group.capacity;
        expect({
          memory: md.metadata.annotations['capacity.cluster-autoscaler.kubernetes.io/memory'],
          cpu: md.metadata.annotations['capacity.cluster-autoscaler.kubernetes.io/cpu'],
        }).toEqual(line.kubeletReservations ? allocatable(args, capacity) : { memory: capacity.memory, cpu: capacity.cpu });
      }
    });

    it("the MachineHealthCheck is accepted and watches exactly the group's machines", async () => {
      for (const pool of pools(s)) {
        const mhc = await eventually(
          `${pool.machineHealthCheck.metadata.name} observed`,
          async () => {
            const h = await tier.get(`${CAPI}/namespaces/${ns(s)}/machinehealthchecks/${pool.machineHealthCheck.metadata.name}`);
            return h?.status?.expectedMachines === wanted(pool) && h.status.currentHealthy === wanted(pool) ? h : undefined;
          },
          60_000,
        );
        expect(mhc.spec).toMatchObject((pool.machineHealthCheck as any).spec);
        expect(mhc.status.targets.sort()).toEqual((await machinesOf(s, pool)).map((m) => m.metadata.name).sort());
        expect(mhc.status.conditions).toContainEqual(expect.objectContaining({ type: 'RemediationAllowed', status: 'True' }));
      }
    });

    it('CAPI makes the Cluster own the templates its MachineDeployments use, and only those', async () => {
      const cluster = await tier.get(`${CAPI}/namespaces/${ns(s)}/clusters/${base(s)}`);
      const ownedByCluster = async (path: string) =>
        ((await tier.get(path)).metadata.ownerReferences ?? []).some(
          (o: any) => o.kind === 'Cluster' && o.name === base(s) && o.uid === cluster.metadata.uid,
        );
      for (const pool of pools(s)) {
        expect(await ownedByCluster(`${CABPK}/namespaces/${ns(s)}/kubeadmconfigtemplates/${pool.kubeadmConfigTemplate.metadata.name}`)).toBe(true);
        expect(await ownedByCluster(`${CAPK}/namespaces/${ns(s)}/kubevirtmachinetemplates/${pool.machineTemplate.metadata.name}`)).toBe(true);
        // A retained template no MachineSet ever used is not the Cluster's: deleting the Cluster leaves it (README).
        for (const t of pool.retainedTemplates)
          expect(await ownedByCluster(`${CAPK}/namespaces/${ns(s)}/kubevirtmachinetemplates/${t.metadata.name}`)).toBe(false);
      }
    });

    it('re-applying our output leaves the replicas the autoscaler set, and every object unchanged', async () => {
      const objects = applied.get(s.id)!;
      const before = await Promise.all(objects.map(async (o) => (await tier.applier.get(o)).body));
      expect(await tier.applier.applyAll(objects, false)).toEqual([]);
      for (const [i, o] of objects.entries()) {
        const after = (await tier.applier.get(o)).body;
        expect([o.kind, o.metadata.name, after.metadata.generation, after.spec?.replicas]).toEqual([
          o.kind,
          o.metadata.name,
          before[i].metadata.generation,
          before[i].spec?.replicas,
        ]);
      }
      for (const pool of pools(s)) expect((await machinesOf(s, pool)).length).toBe(wanted(pool));
    });
  },
);

describe('the controllers', () => {
  it("logged no error about our objects (but cert-manager's and CAPI's own start-up races and retries, each bounded)", async () => {
    expect(await tier.unexplainedErrors()).toEqual([]);
    expect(tier.standInErrors()).toEqual([]);
  });
});
