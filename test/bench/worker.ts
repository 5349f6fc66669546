// One measurement of the benchmark, in a process of its own (so its peak memory is its own). Bundled by run.ts with
// the packages left external: `tenant-kubernetes` resolves to the built library (lib/), as users get it.
// Prints one JSON line: { ms, maxRssMiB, ...facts }.
// Each measurement `require`s what it measures, so that loading it is part of that measurement and of no other.
/* eslint-disable @typescript-eslint/no-require-imports */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fleet } from './fleet';

type Facts = Record<string, number | string>;

function report(ms: number, facts: Facts): void {
  process.stdout.write(`${JSON.stringify({ ms, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), ...facts })}\n`);
}

/** Spec -> validated, rendered, serialised YAML for every cluster, all in memory (the library path). */
function library(n: number): void {
  const specs = fleet(n);
  const t0 = performance.now();
  const { clusterObjects, renderCluster, toYaml } = require('tenant-kubernetes') as typeof import('../../src');
  let bytes = 0;
  let objects = 0;
  for (const spec of specs) {
    const list = clusterObjects(renderCluster(spec));
    objects += list.length;
    bytes += toYaml(list).length;
  }
  report(performance.now() - t0, { bytes, objects });
}

/** The floor: the very same objects, serialised with a YAML library (keys sorted, as our output). */
function floor(n: number, serializer: string): void {
  const { clusterObjects, renderCluster } = require('tenant-kubernetes') as typeof import('../../src');
  const all = fleet(n).map((s) => clusterObjects(renderCluster(s)));
  let bytes = 0;
  let t0: number;
  if (serializer === 'js-yaml') {
    const { dump } = require('js-yaml') as typeof import('js-yaml');
    t0 = performance.now();
    for (const list of all) for (const o of list) bytes += dump(o, { sortKeys: true, lineWidth: -1, noRefs: true }).length + 4;
  } else {
    const { stringify } = require('yaml') as typeof import('yaml');
    t0 = performance.now();
    for (const list of all)
      for (const o of list) bytes += stringify(o, { sortMapEntries: true, lineWidth: 0, aliasDuplicateObjects: false }).length + 4;
  }
  report(performance.now() - t0, { bytes });
}

/**
 * cdk8s: `app.synth()` into a directory (what `cdk8s synth` runs), with one Chart per cluster (`per-cluster`) or every
 * cluster in one Chart (`one`).
 */
function cdk8s(n: number, outdir: string, charts: string): void {
  const specs = fleet(n);
  const t0 = performance.now();
  const { App, Chart, YamlOutputType } = require('cdk8s') as typeof import('cdk8s');
  const { TenantKubernetesCluster } = require('tenant-kubernetes') as typeof import('../../src');
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
  const shared = charts === 'one' ? new Chart(app, 'fleet') : undefined;
  specs.forEach((spec, i) => new TenantKubernetesCluster(shared ?? new Chart(app, `c${i}`), shared ? `c${i}` : 'cluster', spec));
  const built = performance.now();
  app.synth();
  report(performance.now() - t0, { constructMs: Math.round(built - t0) });
}

/** The Pulumi component under mocks: every resource registered for n clusters. */
async function pulumiMocks(n: number): Promise<void> {
  const specs = fleet(n);
  const t0 = performance.now();
  const pulumi = require('@pulumi/pulumi') as typeof import('@pulumi/pulumi');
  const byType = new Map<string, number>();
  let total = 0;
  void pulumi.runtime.setMocks(
    {
      newResource(args) {
        total++;
        byType.set(args.type, (byType.get(args.type) ?? 0) + 1);
        if (args.type === 'kubernetes:core/v1:Secret' && args.id) {
          const kubeconfig = Buffer.from('apiVersion: v1\nkind: Config\nclusters: []\n').toString('base64');
          return {
            id: args.id,
            state: { data: { 'admin.conf': kubeconfig, 'admin.svc': kubeconfig, 'super-admin.conf': kubeconfig, 'super-admin.svc': kubeconfig } },
          };
        }
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    'bench',
    'bench',
    false,
  );
  const { TenantKubernetesCluster } = require('tenant-kubernetes/pulumi') as typeof import('../../src/pulumi');
  const loaded = performance.now();
  for (let i = 0; i < specs.length; i++) new TenantKubernetesCluster(`c${i}`, specs[i]);
  // Registrations continue as outputs resolve (addons wait for the control plane): done once none came for 1 s.
  let last = performance.now();
  let seen = -1;
  while (performance.now() - last < 1000) {
    await new Promise((r) => setTimeout(r, 20));
    if (total !== seen) {
      seen = total;
      last = performance.now();
    }
  }
  const perType = [...byType]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([t, c]) => `${t}=${c / n}`)
    .join(' ');
  report(last - t0, { loadMs: Math.round(loaded - t0), resources: total, perCluster: total / n, perType });
}

/** Loads the library once and reports how long `require` took. */
function load(entry: string): void {
  const t0 = performance.now();
  require(entry);
  report(performance.now() - t0, { modules: Object.keys(require.cache).length });
}

function write(dir: string, n: number): void {
  mkdirSync(dir, { recursive: true });
  const { toYaml } = require('tenant-kubernetes') as typeof import('../../src');
  writeFileSync(join(dir, `fleet-${n}.yaml`), toYaml(fleet(n)));
  report(0, {});
}

const [mode, arg, extra, more] = process.argv.slice(2);
const n = Number(arg);
switch (mode) {
  case 'library':
    library(n);
    break;
  case 'floor':
    floor(n, extra);
    break;
  case 'cdk8s':
    cdk8s(n, extra, more ?? 'per-cluster');
    break;
  case 'pulumi':
    void pulumiMocks(n);
    break;
  case 'load':
    load(arg);
    break;
  case 'fleet-file':
    write(extra, n);
    break;
  default:
    throw new Error(`unknown mode ${mode}`);
}
