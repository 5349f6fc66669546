// Controllers tier, the worker chain: the real Cluster API core manager and kubeadm bootstrap provider (with their
// webhooks) reconcile every scenario — each node-group shape with a dedicated and a given datastore, over every
// supported version — from MachineDeployment to MachineSet to Machines, each with a KubeadmConfig and a
// KubevirtMachine cloned from our templates, bootstrap data whose join is the one we rendered, bootstrap tokens in
// the tenant API server, and a MachineHealthCheck watching them; and no controller complains.
import { createHash, X509Certificate } from 'node:crypto';
import { renderCluster } from '../../src/render/cluster';
import type { KubeObject } from '../../src/render/manifest';
import type { RenderedNodePool } from '../../src/render/node-pool';
import { secretData } from '../support/etcd-members';
import type { BootedVm } from '../support/kubevirt-standin';
import { REGISTRY_FILES, REGISTRY_SECRET, scenarios, type Scenario } from './scenarios';
import { CABPK, CAPI, CAPK, eventually, startControllersTier, type ControllersTier } from './tier';

jest.setTimeout(900_000);

const all = scenarios();
const rendered = new Map(all.map((s) => [s.id, renderCluster(s.spec)]));
const applied = new Map<string, KubeObject[]>();
let tier: ControllersTier;

const ns = (s: Scenario) => s.spec.tenant.namespace;
const base = (s: Scenario) => `kubernetes-${s.id}`;
const pools = (s: Scenario) => rendered.get(s.id)!.nodePools;
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

describe.each(all.map((s) => [s.id, s.shape, s.datastore, s.spec.version, s] as const))(
  '%s (%s, %s datastore, %s)',
  (_id, _shape, _ds, version, s) => {
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
        const kct = (pools(s).find((p) => p.machineDeployment.metadata.name === vm.deployment)!.kubeadmConfigTemplate as any).spec.template.spec;
        expect(vm.format).toBe('cloud-config');
        const join = vm.joinConfiguration;
        expect(join.apiVersion).toBe(minor >= 31 ? 'kubeadm.k8s.io/v1beta4' : 'kubeadm.k8s.io/v1beta3');
        expect(join.kind).toBe('JoinConfiguration');
        expect(join.discovery.bootstrapToken.apiServerEndpoint).toBe(kct.joinConfiguration.discovery.bootstrapToken.apiServerEndpoint);
        expect(join.discovery.bootstrapToken.caCertHashes).toEqual([caHash]);
        expect(tokens).toContain(join.discovery.bootstrapToken.token);
        expect(join.nodeRegistration.taints).toEqual([{ key: 'node.cluster.x-k8s.io/uninitialized', effect: 'NoSchedule' }]);
        expect(join.nodeRegistration.ignorePreflightErrors).toEqual(minor < 32 ? ['FileExisting-conntrack'] : undefined);
        const cc = vm.cloudConfig;
        expect(cc.runcmd).toEqual([
          ...kct.preKubeadmCommands,
          'kubeadm join --config /run/kubeadm/kubeadm-join-config.yaml  && echo success > /run/cluster-api/bootstrap-success.complete',
        ]);
        expect(cc.fs_setup).toEqual(kct.diskSetup.filesystems);
        expect(cc.mounts).toEqual(kct.mounts);
        const files = (cc.write_files as any[]).filter((f) => f.path.startsWith('/etc/containerd/'));
        expect(files.map((f) => [f.path, f.permissions, f.content])).toEqual(
          (kct.files ?? []).map((f: any) => [f.path, f.permissions, REGISTRY_FILES[f.contentFrom.secret.key]]),
        );
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
