import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../src/render/manifest';
import { CrdValidator } from '../support/crd-schema';

const root = join(__dirname, '../..');

describe('examples/cdk8s', () => {
  it('synthesizes two valid tenant clusters with `cdk8s synth`', () => {
    const out = mkdtempSync(join(tmpdir(), 'tk-example-'));
    try {
      execFileSync(process.execPath, [join(root, 'node_modules/cdk8s-cli/bin/cdk8s'), 'synth', '--no-check-upgrade', '--output', out], {
        cwd: join(root, 'examples/cdk8s'),
        stdio: 'pipe',
        env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
      });
      const files = readdirSync(out);
      expect(files).toEqual(['tenant-alice.k8s.yaml']);
      const docs = parseAllDocuments(readFileSync(join(out, files[0]), 'utf8')).map((d) => d.toJS() as KubeObject);
      const kcps = docs.filter((d) => d.kind === 'KamajiControlPlane');
      expect(kcps.map((d) => d.metadata.name)).toEqual(['kubernetes-prod', 'kubernetes-staging']);
      expect(docs.filter((d) => d.kind === 'EtcdCluster').map((d) => d.metadata.name)).toEqual(['kubernetes-prod-etcd']);
      expect(docs.filter((d) => d.kind === 'MachineDeployment').map((d) => d.metadata.name)).toEqual([
        'kubernetes-prod-md0',
        'kubernetes-prod-gpu',
        'kubernetes-staging-workers',
      ]);
      expect(docs.filter((d) => d.kind === 'HelmRelease').map((d) => d.metadata.name)).toEqual([
        'kubernetes-prod-cilium',
        'kubernetes-prod-coredns',
        'kubernetes-prod-csi',
        'kubernetes-prod-vsnap-crd',
        'kubernetes-prod-metrics-server',
        'kubernetes-prod-prometheus-operator-crds',
        'kubernetes-prod-cert-manager-crds',
        'kubernetes-prod-cert-manager',
        'kubernetes-prod-ingress-nginx',
        'kubernetes-prod.podinfo',
        'kubernetes-staging-cilium',
        'kubernetes-staging-coredns',
        'kubernetes-staging-csi',
        'kubernetes-staging-vsnap-crd',
        'kubernetes-staging-metrics-server',
        'kubernetes-staging-prometheus-operator-crds',
      ]);
      // The example is on the default platform line, v1.5.
      expect(kcps.map((d: any) => d.spec.version)).toEqual(['v1.35.1', 'v1.31.14']);
      const validator = new CrdValidator('v1.5');
      expect(docs.flatMap((d) => validator.validate(d))).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
