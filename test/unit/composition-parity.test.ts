// One composition, every front end: for a matrix of specs, CLI `synth`, `fleet`, `cdk8s synth` and the library emit
// byte-identical YAML (the same documents in the same order), and the Pulumi component registers exactly the same
// objects. The composition lives in src/render/cluster.ts; a difference here is a bug in an adapter.
import { Testing } from 'cdk8s';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TenantKubernetesCluster as Cdk8sCluster } from '../../src/cdk8s';
import { clusterObjects, renderResolvedCluster } from '../../src/render/cluster';
import { sortKeys } from '../../src/render/manifest';
import { toYaml } from '../../src/render/yaml';
import { TenantKubernetesCluster as PulumiCluster } from '../../src/pulumi';
import { resolveAddonOptions } from '../../src/spec/addon-options';
import { SpecValidationError } from '../../src/spec/errors';
import type { AddonOptions, NodeGroupSpec, TenantKubernetesClusterSpec } from '../../src/spec/types';
import { resolveSpec } from '../../src/render/resolve';
import { cli } from '../support/cli';
import { componentRefusal, installMocks, registered, registeredKubeObjects, settle, valueOf } from '../support/pulumi-mocks';
import { DATASTORES, NODE_GROUP_SHAPES } from '../support/shapes';

installMocks();

const TENANT = { namespace: 'tenant-alice', ingressClassName: 'tenant-root', host: 'alice.example.org', monitoringNamespace: 'tenant-root' };
const ALL_ADDONS = {
  certManager: { enabled: true, valuesOverride: { a: 1 } },
  gatewayAPI: { enabled: true },
  gpuOperator: { enabled: true },
  fluxcd: { enabled: true },
  monitoringAgents: { enabled: true },
  velero: { enabled: true },
};

interface Case {
  readonly title: string;
  readonly spec: TenantKubernetesClusterSpec;
}

/** The matrix: every node-group shape × datastore, crossed with platform integration, ingress-nginx and addon toggles. */
function matrix(): Case[] {
  const cases: Case[] = [];
  const shapes = Object.entries(NODE_GROUP_SHAPES);
  let i = 0;
  for (const [shape, nodeGroups] of shapes) {
    for (const [datastore, dataStoreName] of Object.entries(DATASTORES)) {
      const integration = i % 2 === 0;
      const ingress = ['Proxied', 'LoadBalancer', undefined][i % 3];
      const addons = i % 4 < 2;
      const helmHook = i % 5 === 0;
      i++;
      cases.push({
        title:
          `${shape}, ${datastore} datastore, integration ${integration ? 'on' : 'off'}, ingress-nginx ${ingress ?? 'off'}, ` +
          `addons ${addons ? 'on' : 'off'}${helmHook ? ', helmHook' : ''}`,
        spec: {
          name: `c${i}`,
          tenant: { ...TENANT, ...(dataStoreName !== undefined ? { dataStoreName } : {}) },
          ...(nodeGroups !== undefined ? { nodeGroups } : {}),
          platformIntegration: integration,
          addons: {
            ...(addons ? ALL_ADDONS : {}),
            ...(ingress !== undefined
              ? { ingressNginx: { enabled: true, exposeMethod: ingress as 'Proxied', hosts: ['app.alice.example.org'] } }
              : {}),
          },
          ...(helmHook ? { teardown: { helmHook: true } } : {}),
        },
      });
    }
  }
  // The two measured differences, on their own: platform integration with several pools, and the Proxied ingress.
  cases.push({
    title: 'integration with several pools and a Proxied ingress without hosts',
    spec: {
      name: 'pi',
      tenant: TENANT,
      platformIntegration: true,
      nodeGroups: NODE_GROUP_SHAPES.several,
      addons: { ingressNginx: { enabled: true } },
    },
  });
  cases.push({
    title: 'everything on, teardown hook included',
    spec: {
      name: 'all',
      tenant: TENANT,
      platformIntegration: true,
      teardown: { helmHook: true },
      addons: { ...ALL_ADDONS, ingressNginx: { enabled: true, hosts: ['a.alice.example.org', 'b.alice.example.org'] } },
    },
  });
  return cases;
}

const tmp = mkdtempSync(join(tmpdir(), 'tk-parity-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** CLI `synth`: name, tenant and platform integration as flags, everything else in a values file. */
/**
 * A spec as a values file: the CLI reads it as Helm does, over the chart's values.yaml, whose `md0` a declared group
 * list must remove and whose `md0` fields a declared `md0` must override where the library's field defaults differ
 * (a declared group has no roles unless given; a group sized by resources has no instance type).
 */
function asValues(values: Omit<TenantKubernetesClusterSpec, 'name' | 'tenant' | 'platformIntegration'>): Record<string, unknown> {
  if (values.nodeGroups === undefined) return values;
  const groups: Record<string, unknown> = { md0: null };
  for (const [key, group] of Object.entries(values.nodeGroups)) {
    groups[key] =
      key !== 'md0'
        ? group
        : {
            ...group,
            roles: group.roles ?? [],
            ...(group.resources !== undefined && group.instanceType === undefined ? { instanceType: null } : {}),
          };
  }
  return { ...values, nodeGroups: groups };
}

async function cliSynth(s: TenantKubernetesClusterSpec): Promise<string> {
  const { name, tenant, platformIntegration, ...values } = s;
  const file = join(tmp, `${name}-values.yaml`);
  writeFileSync(file, JSON.stringify(asValues(values)));
  const flags = [
    '--name',
    name,
    '--namespace',
    tenant.namespace,
    ...(tenant.dataStoreName !== undefined ? ['--tenant-etcd', tenant.dataStoreName] : []),
    ...(tenant.ingressClassName !== undefined ? ['--tenant-ingress', tenant.ingressClassName] : []),
    ...(tenant.host !== undefined ? ['--tenant-host', tenant.host] : []),
    ...(tenant.monitoringNamespace !== undefined ? ['--tenant-monitoring', tenant.monitoringNamespace] : []),
    ...(platformIntegration === true ? [] : ['--no-platform-integration']),
  ];
  const r = await cli(['synth', '-f', file, ...flags]);
  if (r.status !== 0) throw new Error(`synth failed: ${r.stderr}`);
  return r.stdout;
}

/** `fleet`: the whole description as one document. */
async function fleet(s: TenantKubernetesClusterSpec): Promise<string> {
  const file = join(tmp, `${s.name}-fleet.yaml`);
  writeFileSync(file, JSON.stringify(s));
  const r = await cli(['fleet', file]);
  if (r.status !== 0) throw new Error(`fleet failed: ${r.stderr}`);
  return r.stdout;
}

/** `cdk8s synth` of a chart holding the cluster (`extend` adds pools and addons after construction). */
function cdk8sSynth(s: TenantKubernetesClusterSpec, extend?: (c: Cdk8sCluster) => void): string {
  const chart = Testing.chart();
  const c = new Cdk8sCluster(chart, s.name, s);
  extend?.(c);
  return toYaml(Testing.synth(chart));
}

/** The Kubernetes objects the Pulumi component registers, without Pulumi's own annotations, sorted by key. */
async function pulumiObjects(s: TenantKubernetesClusterSpec, extraAddons?: Record<string, AddonOptions>): Promise<string> {
  const start = registered.length;
  const c = new PulumiCluster(s.name, { ...s, ...(extraAddons ? { extraAddons } : {}) });
  await settle(c);
  await valueOf(c.kubeconfig);
  await settle(c.provider);
  return toYaml(sortedByKey(registeredKubeObjects(registered.slice(start))));
}

const key = (o: any): string => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const sortedByKey = (objects: readonly any[]): any[] => [...objects].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
const sortedYaml = (objects: readonly unknown[]): string => toYaml(sortedByKey(objects.map((o) => sortKeys(o))));

/** Kinds and names in order: where two outputs first differ, readably. */
const outline = (yaml: string): string[] => yaml.split(/^---$/m).map((d) => `${/^kind: (.*)$/m.exec(d)?.[1]}/${/^ {2}name: (.*)$/m.exec(d)?.[1]}`);

describe('one composition: every front end emits the same documents in the same order', () => {
  it.each(matrix().map((c) => [c.title, c] as const))('%s', async (_title, c) => {
    const library = toYaml(clusterObjects(renderResolvedCluster(resolveSpec(c.spec))));
    const fromCli = await cliSynth(c.spec);
    expect(outline(fromCli)).toEqual(outline(library));
    expect(fromCli).toBe(library);
    expect(await fleet(c.spec)).toBe(library);
    const fromCdk8s = cdk8sSynth(c.spec);
    expect(outline(fromCdk8s)).toEqual(outline(library));
    expect(fromCdk8s).toBe(library);
    if (c.spec.teardown?.helmHook === true) return; // the Pulumi component rejects it (below)
    expect(await pulumiObjects(c.spec)).toBe(sortedYaml(clusterObjects(renderResolvedCluster(resolveSpec(c.spec)))));
  });

  it('cdk8s addNodePool and addAddon, the library with the same pools and addons, and Pulumi extraAddons agree', async () => {
    const base: TenantKubernetesClusterSpec = {
      name: 'late',
      tenant: TENANT,
      platformIntegration: true,
      nodeGroups: { md0: {} },
      addons: { certManager: { enabled: true }, ingressNginx: { enabled: true, hosts: ['x.alice.example.org'] } },
    };
    const late: NodeGroupSpec = { instanceType: 'u1.small', maxReplicas: 3 };
    const addon: AddonOptions = { chart: 'podinfo', source: { sourceName: 'charts' }, targetNamespace: 'apps', dependsOn: ['certManager'] };
    const fromCdk8s = cdk8sSynth(base, (cluster) => {
      cluster.addNodePool('zz', late);
      cluster.addAddon('podinfo', addon);
    });
    const withPool = { ...base, nodeGroups: { ...base.nodeGroups, zz: late } };
    const resolved = resolveSpec(withPool);
    const withAddon = clusterObjects(renderResolvedCluster(resolved, [resolveAddonOptions(resolved, 'podinfo', addon)]));
    const library = toYaml(withAddon);
    expect(outline(fromCdk8s)).toEqual(outline(library));
    expect(fromCdk8s).toBe(library);
    // Without the custom addon, the CLI renders the same as cdk8s with only the later pool.
    expect(cdk8sSynth(base, (cluster) => cluster.addNodePool('zz', late))).toBe(await cliSynth(withPool));
    expect(await pulumiObjects(withPool, { podinfo: addon })).toBe(sortedYaml(withAddon));
  });

  it('a pool added later comes right after the pools of nodeGroups, in the order added, before the platform components', () => {
    const out = outline(
      cdk8sSynth({ name: 'order', tenant: TENANT, platformIntegration: true, nodeGroups: { md0: {} } }, (c) => {
        c.addNodePool('gpu', { instanceType: 'u1.xlarge', gpus: [{ name: 'nvidia.com/AD102GL_L40S' }] });
      }),
    );
    const at = (entry: string) => out.indexOf(entry);
    expect(at('MachineDeployment/kubernetes-order-md0')).toBeLessThan(at('MachineDeployment/kubernetes-order-gpu'));
    expect(at('WorkloadMonitor/kubernetes-order.gpu')).toBeLessThan(at('ServiceAccount/kubernetes-order-cluster-autoscaler'));
    expect(at('Role/kubernetes-order-dashboard-resources')).toBeGreaterThan(at('HelmRelease/kubernetes-order-cilium'));
  });

  it('the Pulumi component rejects teardown.helmHook, saying what to run instead', () => {
    const s: TenantKubernetesClusterSpec = { name: 'hook', tenant: TENANT, teardown: { helmHook: true } };
    const e = componentRefusal(() => new PulumiCluster('hook', s));
    expect(e).toBeInstanceOf(SpecValidationError);
    expect(e.problems.map((p) => p.path)).toEqual(['teardown.helmHook']);
    expect(e.problems[0].message).toMatch(/renderTeardown/);
    expect(e.problems[0].message).toMatch(/tenant-kubernetes teardown/);
    expect(e.problems[0].message).toMatch(/before `pulumi destroy`/);
    // Together with the other problems of the spec, all at once.
    const both = componentRefusal(() => new PulumiCluster('hook2', { ...s, name: 'hook2', version: 'v1.99' as never }));
    expect(both.problems.map((p) => p.path)).toEqual(['version', 'teardown.helmHook']);
  });
});
