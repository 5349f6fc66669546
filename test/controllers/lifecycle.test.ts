// Controllers tier, what happens after the first apply, with the real Cluster API: the MachineHealthCheck replaces
// unhealthy workers as documented and stops at maxUnhealthy; a worker-shape change rolls through a new template while
// the machines on the retained one keep working, and dropping the retained template afterwards leaves nothing behind;
// the registry files wait for their Secret; and what admission adds to our objects is exactly what we leave to it.
import { clusterObjects, renderCluster, renderResolvedCluster } from '../../src/render/cluster';
import type { KubeObject } from '../../src/render/manifest';
import { resolveSpec } from '../../src/render/resolve';
import type { PlatformRelease } from '../../src/spec/platform-lines';
import type { TenantKubernetesClusterSpec } from '../../src/spec/types';
import { capiConflictRetry, certificateRequestCreateRace, deletedObjectRace, whileDisconnected } from '../support/controllers';
import { NODE_GROUP_SHAPES, versionsOf } from '../support/matrix';
import { CABPK, CAPI, CAPK, eventually, selector, startControllersTier, type ControllersTier } from './tier';

jest.setTimeout(900_000);

let tier: ControllersTier;

beforeAll(async () => {
  tier = await startControllersTier();
});

afterAll(async () => {
  await tier?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function clusterSpec(
  name: string,
  nodeGroups: TenantKubernetesClusterSpec['nodeGroups'],
  extra: Partial<TenantKubernetesClusterSpec> = {},
): TenantKubernetesClusterSpec {
  return {
    name,
    tenant: { namespace: `tenant-${name}`, host: `${name}.example.org`, ingressClassName: 'tenant-root', dataStoreName: 'tenant-root' },
    nodeGroups,
    ...extra,
  };
}

const machines = (namespace: string, md: string) => tier.machines(namespace, md);

async function running(namespace: string, md: string, count: number): Promise<any[]> {
  return eventually(`${md}: ${count} machines running`, async () => {
    const ms = await machines(namespace, md);
    return ms.length === count && ms.every((m) => m.status?.phase === 'Running' && m.status.nodeRef && !m.metadata.deletionTimestamp)
      ? ms
      : undefined;
  });
}

function vmOf(namespace: string, machine: any) {
  const vm = tier.kubevirt.booted.get(`${namespace}/${machine.spec.infrastructureRef.name}`);
  if (!vm) throw new Error(`no VM for ${machine.metadata.name}`);
  return vm;
}

describe('MachineHealthCheck', () => {
  const spec = clusterSpec('health', {
    md0: {
      instanceType: 'u1.small',
      minReplicas: 3,
      maxReplicas: 3,
      healthCheck: { unknownTimeout: '4s', notReadyTimeout: '4s', maxUnhealthy: '1' },
    },
  });
  const ns = 'tenant-health';
  const md = 'kubernetes-health-md0';
  const mhcPath = `${CAPI}/namespaces/${ns}/machinehealthchecks/${md}`;

  /** Three machines, all healthy, remediation allowed: where each test starts and ends. */
  async function settled(): Promise<any[]> {
    await eventually('MachineHealthCheck settled', async () => {
      const h = await tier.get(mhcPath);
      return (
        h?.status?.expectedMachines === 3 &&
        h.status.currentHealthy === 3 &&
        (h.status.conditions ?? []).some((x: any) => x.type === 'RemediationAllowed' && x.status === 'True')
      );
    });
    return running(ns, md, 3);
  }

  beforeAll(async () => {
    await tier.applyCluster(spec);
    await running(ns, md, 3);
  });

  it.each([['False'], ['Unknown']] as const)('replaces a machine whose node reports Ready=%s beyond its timeout', async (status) => {
    const [victim, ...others] = await settled();
    await tier.kubevirt.setNodeReady(vmOf(ns, victim), status);
    await eventually(`${victim.metadata.name} replaced`, async () => {
      const ms = await machines(ns, md);
      return !ms.some((m) => m.metadata.name === victim.metadata.name) && ms.length === 3;
    });
    const after = await settled();
    // Only the unhealthy machine went; the others kept running.
    for (const o of others) expect(after.map((m) => m.metadata.name)).toContain(o.metadata.name);
  });

  it('stops remediating while more machines than maxUnhealthy are unhealthy, and resumes once few enough are', async () => {
    const [a, b, c] = await settled();
    for (const m of [a, b]) await tier.kubevirt.setNodeReady(vmOf(ns, m), 'False');
    await eventually('remediation paused with one healthy machine', async () => {
      const h = await tier.get(mhcPath);
      return h.status?.currentHealthy === 1 && (h.status.conditions ?? []).some((x: any) => x.type === 'RemediationAllowed' && x.status === 'False');
    });
    // Well past the timeout, nothing was deleted.
    await sleep(10_000);
    expect(
      (await machines(ns, md))
        .filter((m) => !m.metadata.deletionTimestamp)
        .map((m) => m.metadata.name)
        .sort(),
    ).toEqual([a, b, c].map((m) => m.metadata.name).sort());
    // One recovers: a single unhealthy machine is within maxUnhealthy, so that one is replaced now.
    await tier.kubevirt.setNodeReady(vmOf(ns, a), 'True');
    await eventually(`${b.metadata.name} replaced`, async () => !(await machines(ns, md)).some((m) => m.metadata.name === b.metadata.name));
    expect((await settled()).map((m) => m.metadata.name)).toEqual(expect.arrayContaining([a.metadata.name, c.metadata.name]));
  });
});

/** Applies `objects` and deletes what `previous` had that `objects` lacks, as a GitOps tool with pruning does. */
async function sync(previous: readonly KubeObject[], objects: readonly KubeObject[]): Promise<void> {
  expect(await tier.applier.applyAll(objects, false)).toEqual([]);
  const keep = new Set(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`));
  for (const o of previous.filter((x) => !keep.has(`${x.kind}/${x.metadata.namespace}/${x.metadata.name}`))) {
    expect([200, 202]).toContain((await tier.kube.call('DELETE', await tier.applier.path(o))).status);
  }
}

interface RollObservation {
  /** Machines running with a Ready node at each look. */
  readonly available: number[];
  /** Whether the old template existed at each look while a machine still used it. */
  readonly oldTemplatePresent: boolean[];
}

/** Watches the group until every machine runs on `template`, recording what the roll looked like meanwhile. */
async function watchRoll(ns: string, md: string, oldTemplate: string, template: string, replicas: number): Promise<RollObservation> {
  const seen: RollObservation = { available: [], oldTemplatePresent: [] };
  await eventually(
    `${md} rolled to ${template}`,
    async () => {
      const ms = await machines(ns, md);
      const kvms = await tier.list(`${CAPK}/namespaces/${ns}/kubevirtmachines?${selector({ 'cluster.x-k8s.io/deployment-name': md })}`);
      const from = new Map(kvms.map((k) => [k.metadata.name, k.metadata.annotations?.['cluster.x-k8s.io/cloned-from-name']]));
      seen.available.push(ms.filter((m) => m.status?.phase === 'Running' && m.status.nodeRef && !m.metadata.deletionTimestamp).length);
      if ([...from.values()].includes(oldTemplate)) {
        seen.oldTemplatePresent.push(
          (await tier.kube.call('GET', `${CAPK}/namespaces/${ns}/kubevirtmachinetemplates/${oldTemplate}`)).status === 200,
        );
      }
      return ms.length === replicas && ms.every((m) => m.status?.phase === 'Running' && from.get(m.spec.infrastructureRef.name) === template);
    },
    240_000,
  );
  return seen;
}

describe("changing a node group's shape", () => {
  const before = clusterSpec('roll', { md0: { instanceType: 'u1.medium', minReplicas: 2, maxReplicas: 2 } });
  const ns = 'tenant-roll';
  const md = 'kubernetes-roll-md0';
  let oldObjects: KubeObject[];
  let oldTemplate: string;

  beforeAll(async () => {
    oldObjects = await tier.applyCluster(before);
    oldTemplate = oldObjects.find((o) => o.kind === 'KubevirtMachineTemplate')!.metadata.name;
    await running(ns, md, 2);
  });

  it('rolls through the new template one machine at a time while the machines on the retained one keep working', async () => {
    const during = clusterObjects(
      renderCluster({
        ...before,
        nodeGroups: {
          md0: { ...before.nodeGroups!.md0, instanceType: 'u1.large', retainedTemplates: [{ instanceType: 'u1.medium', name: oldTemplate }] },
        },
      }),
    );
    const templates = during.filter((o) => o.kind === 'KubevirtMachineTemplate').map((o) => o.metadata.name);
    expect(templates).toContain(oldTemplate);
    const newTemplate = templates.find((t) => t !== oldTemplate)!;
    await sync(oldObjects, during);
    const seen = await watchRoll(ns, md, oldTemplate, newTemplate, 2);
    // maxUnavailable 0: the group never dropped below its two machines; the retained template was there throughout.
    expect(Math.min(...seen.available)).toBeGreaterThanOrEqual(2);
    expect(seen.oldTemplatePresent.length).toBeGreaterThan(0);
    expect(seen.oldTemplatePresent.every(Boolean)).toBe(true);
    // revisionHistoryLimit 0: the old MachineSet is deleted once it is scaled down, so nothing refers to the old template.
    await eventually('old MachineSet gone', async () => {
      const sets = await tier.list(`${CAPI}/namespaces/${ns}/machinesets?${selector({ 'cluster.x-k8s.io/deployment-name': md })}`);
      return sets.length === 1 && sets[0].spec.template.spec.infrastructureRef.name === newTemplate;
    });

    // Dropping the retained entry prunes the old template; nothing is left that refers to it or to what it made.
    const after = clusterObjects(renderCluster({ ...before, nodeGroups: { md0: { ...before.nodeGroups!.md0, instanceType: 'u1.large' } } }));
    await sync(during, after);
    expect((await tier.kube.call('GET', `${CAPK}/namespaces/${ns}/kubevirtmachinetemplates/${oldTemplate}`)).status).toBe(404);
    const machineNames = new Set((await machines(ns, md)).map((m) => m.metadata.name));
    for (const path of [`${CAPK}/namespaces/${ns}/kubevirtmachines`, `${CABPK}/namespaces/${ns}/kubeadmconfigs`]) {
      for (const o of await tier.list(path)) {
        expect(o.metadata.annotations?.['cluster.x-k8s.io/cloned-from-name']).not.toBe(oldTemplate);
        expect((o.metadata.ownerReferences ?? []).filter((r: any) => r.kind === 'Machine').map((r: any) => machineNames.has(r.name))).toEqual([true]);
      }
    }
    for (const set of await tier.list(`${CAPI}/namespaces/${ns}/machinesets`))
      expect(set.spec.template.spec.infrastructureRef.name).not.toBe(oldTemplate);
    const tenant = tier.kamaji.tenant(`${ns}/kubernetes-roll`)!.harness;
    const nodes = ((await tenant.call('GET', '/api/v1/nodes')).body.items as any[]).map((n) => n.metadata.name).sort();
    expect(nodes).toEqual((await machines(ns, md)).map((m) => m.status.nodeRef.name).sort());
  });

  // The counterfactual: without retainedTemplates. The roll completes, but while the MachineSet controller's cache still
  // counts the old MachineSet as current it may log `failed to retrieve KubevirtMachineTemplate … not found` for it
  // (in one of eight runs here); with the template retained it never did.
  it('Cluster API v1.10 completes the roll even when the old template is pruned at once (retaining it is a safety margin)', async () => {
    const spec = clusterSpec('roll2', { md0: { instanceType: 'u1.medium', minReplicas: 2, maxReplicas: 2 } });
    const first = await tier.applyCluster(spec);
    const old = first.find((o) => o.kind === 'KubevirtMachineTemplate')!.metadata.name;
    await running('tenant-roll2', 'kubernetes-roll2-md0', 2);
    const changed = clusterObjects(renderCluster({ ...spec, nodeGroups: { md0: { ...spec.nodeGroups!.md0, instanceType: 'u1.large' } } }));
    await sync(first, changed);
    const newTemplate = changed.find((o) => o.kind === 'KubevirtMachineTemplate')!.metadata.name;
    const seen = await watchRoll('tenant-roll2', 'kubernetes-roll2-md0', old, newTemplate, 2);
    expect(Math.min(...seen.available)).toBeGreaterThanOrEqual(2);
    // The machines still on the pruned template kept running until they were replaced.
    expect(seen.oldTemplatePresent.length).toBeGreaterThan(0);
    expect(seen.oldTemplatePresent.every((present) => !present)).toBe(true);
  });
});

describe('containerd registry files', () => {
  it("wait for the platform's Secret: CABPK retries, then bootstraps with its content once it exists", async () => {
    const spec = clusterSpec(
      'registry',
      { md0: { minReplicas: 1, maxReplicas: 1 } },
      {
        platform: { containerdRegistries: { secretName: 'late-registries', registries: [{ registry: 'docker.io' }] } },
      },
    );
    await tier.applyCluster(spec);
    const ns = 'tenant-registry';
    const [machine] = await eventually('machine created', async () => {
      const ms = await machines(ns, 'kubernetes-registry-md0');
      return ms.length === 1 ? ms : undefined;
    });
    const waiting = await eventually('CABPK waiting for the Secret', async () =>
      tier.controllers.errors().find((e) => e.controller === 'cabpk-manager' && e.line.includes(`secret not found: ${ns}/late-registries`)),
    );
    // The error-log check of the other files would report this one: it is not one of the allowed races.
    expect([
      capiConflictRetry(waiting),
      whileDisconnected(waiting, tier.controllers.disconnectedSpans()),
      deletedObjectRace(waiting, { machines: new Set(), machineSets: new Set() }),
      certificateRequestCreateRace(waiting, new Set([`${ns}/late-registries`]), [ns]),
    ]).toEqual([false, false, false, false]);
    expect((await tier.get(`${CAPI}/namespaces/${ns}/machines/${machine.metadata.name}`)).spec.bootstrap.dataSecretName).toBeUndefined();
    const content = 'server = "https://registry-1.docker.io"\n';
    expect(
      await tier.applier.applyAll(
        [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'late-registries', namespace: ns }, stringData: { 'docker.io.toml': content } }],
        false,
      ),
    ).toEqual([]);
    const [ready] = await running(ns, 'kubernetes-registry-md0', 1);
    const files = vmOf(ns, ready).cloudConfig.write_files.filter((f: any) => f.path.startsWith('/etc/containerd/'));
    expect(files).toEqual([expect.objectContaining({ path: '/etc/containerd/certs.d/docker.io/hosts.toml', permissions: '0400', content })]);
  });
});

/** JSON with every object's keys sorted: the server may return the keys of an object it keeps as is in another order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/** Every path below `theirs` whose value differs from (or is absent in) `ours`. */
function changedPaths(ours: unknown, theirs: unknown, path = ''): string[] {
  if (theirs !== null && typeof theirs === 'object' && !Array.isArray(theirs) && ours !== null && typeof ours === 'object' && !Array.isArray(ours)) {
    return Object.keys(theirs).flatMap((k) => changedPaths((ours as any)[k], (theirs as any)[k], `${path}.${k}`));
  }
  // Arrays as a whole, but not their objects' key order (a dataVolumeTemplate's metadata comes back sorted).
  return canonical(ours) === canonical(theirs) ? [] : [path];
}

describe('admission', () => {
  it('adds to the Cluster API objects only what the README leaves to the platform: the replicas and two MachineDeployment timings', async () => {
    await tier.applier.ensureNamespace('tenant-admission');
    const kinds = ['Cluster', 'KubevirtCluster', 'MachineDeployment', 'MachineHealthCheck', 'KubeadmConfigTemplate', 'KubevirtMachineTemplate'];
    const added: Record<string, Set<string>> = Object.fromEntries(kinds.map((k) => [k, new Set<string>()]));
    // Every shape on v0.37 before and after v1.32 (where the join's nodeRegistration stops being rendered), and on
    // v1.5 (persistent data disks, kubelet flags, a nodeRegistration on every version) at its oldest and newest version.
    const v15 = versionsOf('v1.5');
    const runs: ReadonlyArray<readonly [PlatformRelease, string]> = [
      ['v0.37', 'v1.31'],
      ['v0.37', 'v1.33'],
      ['v1.5', v15[0]],
      ['v1.5', v15[v15.length - 1]],
    ];
    for (const [[shape, nodeGroups], [release, version]] of Object.entries(NODE_GROUP_SHAPES).flatMap((e) => runs.map((r) => [e, r] as const))) {
      const spec = clusterSpec(`a-${shape.toLowerCase()}`, nodeGroups, { version: version as never, platform: { release } });
      const objects = clusterObjects(renderResolvedCluster(resolveSpec({ ...spec, tenant: { ...spec.tenant, namespace: 'tenant-admission' } })));
      for (const o of objects.filter((x) => kinds.includes(x.kind))) {
        const r = await tier.applier.apply(o, true);
        expect(r.status).toBeLessThan(300);
        const { managedFields, uid, resourceVersion, creationTimestamp, generation, ...metadata } = r.body.metadata;
        for (const p of changedPaths(o, { ...r.body, metadata, status: undefined })) added[o.kind].add(p);
      }
    }
    expect(Object.fromEntries(Object.entries(added).map(([k, v]) => [k, [...v].sort()]))).toEqual({
      // CAPI fills in the endpoint later, from the control plane.
      Cluster: ['.spec.controlPlaneEndpoint'],
      KubevirtCluster: [],
      // The autoscaler owns replicas (seeded from its min-size annotation); the two timings are CAPI's defaults.
      MachineDeployment: ['.spec.minReadySeconds', '.spec.progressDeadlineSeconds', '.spec.replicas'],
      MachineHealthCheck: [],
      // Empty placeholders, and the image pull policy kubeadm would use anyway (in a nodeRegistration of its own from v1.32).
      KubeadmConfigTemplate: [
        '.spec.template.metadata',
        '.spec.template.spec.initConfiguration.localAPIEndpoint',
        '.spec.template.spec.initConfiguration.nodeRegistration',
        '.spec.template.spec.joinConfiguration.nodeRegistration',
        '.spec.template.spec.joinConfiguration.nodeRegistration.imagePullPolicy',
      ],
      KubevirtMachineTemplate: [],
    });
  });
});

describe('the controllers', () => {
  it("logged no error but for what this file withholds (the registry Secret, roll2's pruned template) and CAPI's own bounded races", async () => {
    const withheld = (e: { line: string }) =>
      e.line.includes('secret not found: tenant-registry/late-registries') ||
      (e.line.includes('MachineSet="tenant-roll2/') && /failed to retrieve KubevirtMachineTemplate tenant-roll2\/[^:]+: .*not found/.test(e.line));
    expect(await tier.unexplainedErrors(withheld)).toEqual([]);
    expect(tier.standInErrors()).toEqual([]);
  });
});
