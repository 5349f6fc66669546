// The v1.5 platform line's CRD set (crds/v1.5, docs/crd-sets.md) on a real kube-apiserver: every CRD is accepted and
// becomes Established, every schema version compiles with the validator the schema tier uses, and what the library
// renders for platform release v1.5 is accepted by it (server-side apply, strict field validation, CEL), re-applies
// as a no-op. Durations are printed, not asserted.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { clusterObjects, renderCluster } from '../../src/render/cluster';
import type { KubeObject } from '../../src/render/manifest';
import { Applier } from '../support/apply';
import { exampleSpec } from '../support/cli';
import { CrdValidator, crdDocuments } from '../support/crd-schema';
import { addonCombinations, shapeMatrix } from '../support/matrix';
import { objectsOn } from '../support/render';
import { addonsFor, serverSpec } from './specs';
import { KubeHarness } from '../support/kube-harness';
import { testbinDir } from '../support/testbin';

jest.setTimeout(300_000);

let kube: KubeHarness;

beforeAll(async () => {
  kube = new KubeHarness({ binDir: testbinDir(), controllerManager: false });
  await kube.start();
});

afterAll(async () => {
  await kube?.stop();
});

const condition = (crd: any, type: string) => (crd?.status?.conditions ?? []).find((c: any) => c.type === type)?.status;

describe('the v1.5 CRD set on a real kube-apiserver', () => {
  const docs = crdDocuments('v1.5');

  it('accepts all 27 CRDs, and every one becomes Established with its names accepted', async () => {
    expect(docs).toHaveLength(27);
    const started = Date.now();
    for (const { file, crd } of docs) {
      // As KubeHarness.installCrds does for every set: CRD labels are dropped (cert-manager's are Helm's).
      delete crd.metadata.labels;
      const r = await kube.call('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
      expect([file, r.status, r.status === 201 ? '' : JSON.stringify(r.body).slice(0, 500)]).toEqual([file, 201, '']);
    }
    const posted = Date.now();
    const pending = new Set(docs.map(({ crd }) => crd.metadata.name as string));
    await kube.waitFor(`the v1.5 CRDs established (${pending.size} left)`, async () => {
      const r = await kube.call('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
      for (const crd of r.body.items) if (condition(crd, 'Established') === 'True') pending.delete(crd.metadata.name);
      return pending.size === 0;
    });
    const established = Date.now();
    const r = await kube.call('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
    const installed = r.body.items.filter((c: any) => docs.some(({ crd }) => crd.metadata.name === c.metadata.name));
    expect(installed).toHaveLength(27);
    expect(installed.filter((c: any) => condition(c, 'NamesAccepted') !== 'True').map((c: any) => c.metadata.name)).toEqual([]);
    console.log(
      `v1.5 CRD set: ${docs.length} CRDs created in ${posted - started} ms, all Established ${established - started} ms after the first create`,
    );
  });

  it('serves every served version of the set in discovery', async () => {
    const missing: string[] = [];
    for (const { crd } of docs)
      for (const v of crd.spec.versions.filter((x: any) => x.served)) {
        const gv = `/apis/${crd.spec.group}/${v.name}`;
        await kube.waitFor(`${gv} in discovery`, async () => {
          const r = await kube.call('GET', gv);
          return r.status === 200 && r.body.resources.some((x: any) => x.name === crd.spec.names.plural);
        });
        const r = await kube.call('GET', gv);
        if (!r.body.resources.some((x: any) => x.kind === crd.spec.names.kind)) missing.push(`${gv}/${crd.spec.names.kind}`);
      }
    expect(missing).toEqual([]);
  });

  it('measurement: every v1.5 openAPIV3Schema compiles with the schema tier validator', () => {
    const validator = new CrdValidator('v1.5');
    const times: Array<[string, number]> = [];
    const failed: string[] = [];
    for (const key of validator.kinds) {
      const t = Date.now();
      try {
        validator.compile(key);
      } catch (e) {
        failed.push(`${key}: ${(e as Error).message}`);
      }
      times.push([key, Date.now() - t]);
    }
    expect(failed).toEqual([]);
    expect(times).toHaveLength(42);
    const total = times.reduce((s, [, ms]) => s + ms, 0);
    const slowest = [...times].sort((a, b) => b[1] - a[1]).slice(0, 3);
    console.log(`v1.5 schemas: ${times.length} versions compiled in ${total} ms; slowest ${slowest.map(([k, ms]) => `${k} ${ms} ms`).join(', ')}`);
  });
});

describe('platform release v1.5 output on the v1.5 CRD set', () => {
  let applier: Applier;
  beforeAll(async () => {
    applier = new Applier(kube);
    for (const ns of ['tenant-alice', 'tenant-example']) await applier.ensureNamespace(ns);
  });

  const accepted = { dryRun: [], apply: [], reapply: [], changed: [] };

  // The examples are on the default line, v1.5.
  it('the example values file through the CLI path', async () => {
    expect(await applier.roundTrip(clusterObjects(renderCluster(exampleSpec())))).toEqual(accepted);
  });

  it('the cdk8s example app', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tk-example-'));
    try {
      execFileSync(process.execPath, [join(__dirname, '../../node_modules/cdk8s-cli/bin/cdk8s'), 'synth', '--no-check-upgrade', '--output', out], {
        cwd: join(__dirname, '../../examples/cdk8s'),
        stdio: 'pipe',
      });
      const docs = readdirSync(out).flatMap((f) => parseAllDocuments(readFileSync(join(out, f), 'utf8')).map((d) => d.toJS() as KubeObject));
      expect(docs.length).toBeGreaterThan(50);
      expect(await applier.roundTrip(docs)).toEqual(accepted);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it.each(shapeMatrix('v1.5').map(([v, shape, ds]) => [v, shape, ds === 'shared'] as const))(
    '%s, %s, shared etcd %s',
    async (version, shape, shared) => {
      expect(await applier.roundTrip(objectsOn('v1.5', serverSpec(version, shape, shared)))).toEqual({
        dryRun: [],
        apply: [],
        reapply: [],
        changed: [],
      });
    },
  );

  it.each(addonCombinations('v1.5').map(({ name, on }) => [name, on] as const))('addons %s', async (_name, on) => {
    const addons = addonsFor(on, on.length % 2 ? 'Proxied' : 'LoadBalancer');
    const objects = objectsOn('v1.5', serverSpec('v1.35', 'default', on.length % 2 === 1, addons));
    expect(await applier.roundTrip(objects)).toEqual({ dryRun: [], apply: [], reapply: [], changed: [] });
  });
});
