// `--platform-release` and the chart values.yaml of each platform line (issue 16, points 1 and 4): the flag, or the
// values' `platform.release`, picks the document the values are coalesced over; the v1.5 chart's keys map onto the
// description; seed values files stay readable on v1.5.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, UsageError, type SynthArgs } from '../../src/cli/args';
import { referenceChartValues } from '../../src/cli/chart-values';
import { cliSpec, cliValues } from '../../src/cli/main';
import { specValues } from '../../src/cli/values';
import type { SpecProblem } from '../../src/spec/errors';
import { parseAllDocuments } from 'yaml';
import { cli } from '../support/cli';

const dir = mkdtempSync(join(tmpdir(), 'tk-cli-release-'));
let n = 0;
function file(text: string): string {
  const p = join(dir, `v${n++}.yaml`);
  writeFileSync(p, text);
  return p;
}
const BASE = ['synth', '--name', 'foo', '--namespace', 'tenant-foo', '--tenant-host', 'example.org'];

function valuesOf(argv: string[]): { values: Record<string, any> | undefined; problems: SpecProblem[] } {
  const problems: SpecProblem[] = [];
  const values = cliValues(parseArgs(argv) as SynthArgs, problems) as Record<string, any> | undefined;
  return { values, problems };
}

describe('--platform-release', () => {
  it('is parsed, and a release that does not exist is a usage error with the closest', () => {
    expect((parseArgs([...BASE, '--platform-release', 'v1.5']) as SynthArgs).platformRelease).toBe('v1.5');
    expect((parseArgs([...BASE, '--platform-release=v0.37']) as SynthArgs).platformRelease).toBe('v0.37');
    expect((parseArgs(BASE) as SynthArgs).platformRelease).toBeUndefined();
    expect(() => parseArgs([...BASE, '--platform-release', 'v1.6'])).toThrow(
      new UsageError('--platform-release must be one of v0.37, v1.5, not "v1.6" (did you mean "v1.5"?)', 'synth'),
    );
  });

  it('sets platform.release of the description', () => {
    const problems: SpecProblem[] = [];
    const spec = cliSpec(parseArgs([...BASE, '--platform-release', 'v0.37']) as SynthArgs, problems);
    expect(problems).toEqual([]);
    expect(spec!.platform).toEqual({ release: 'v0.37' });
  });

  it('coalesces over the v1.5 chart values.yaml: v1.35, diskSize, kubelet, hami, ouroboros, c1.medium', () => {
    const { values, problems } = valuesOf([...BASE, '--platform-release', 'v1.5']);
    expect(problems).toEqual([]);
    expect(values!.version).toBe('v1.35');
    expect(values!.nodeGroups.md0).toEqual({
      minReplicas: 0,
      maxReplicas: 10,
      instanceType: 'u1.medium',
      diskSize: '20Gi',
      roles: ['ingress-nginx'],
      resources: {},
      gpus: [],
      kubelet: {},
      storageClass: '',
    });
    expect(values!.addons.hami).toEqual({ enabled: false, valuesOverride: {} });
    expect(values!.addons.ouroboros).toEqual({ enabled: false, valuesOverride: {} });
    expect(values!.controlPlane.apiServer.resourcesPreset).toBe('c1.medium');
    expect(values!.controlPlane.scheduler.resourcesPreset).toBe('t1.micro');
    expect(values!.images).toEqual({ waitForKubeconfig: '' });
  });

  it("without the flag, takes the values' platform.release", () => {
    const { values } = valuesOf([...BASE, '-f', file('platform:\n  release: v1.5\n')]);
    expect(values!.version).toBe('v1.35');
    expect(valuesOf([...BASE, '-f', file('platform:\n  release: v0.37\n')]).values!.version).toBe('v1.33');
    // Neither: the default line's chart, v1.5's.
    expect(valuesOf(BASE).values!.version).toBe('v1.35');
  });

  it('refuses a values platform.release other than the flag', () => {
    const { values, problems } = valuesOf([...BASE, '--platform-release', 'v0.37', '-f', file('platform:\n  release: v1.5\n')]);
    expect(values).toBeUndefined();
    expect(problems).toEqual([{ path: 'platform.release', value: 'v1.5', message: 'differs from --platform-release v0.37: give the release once' }]);
  });

  it('renders each line: the seed chart values on v0.37, the v1.5.4 chart values on v1.5', async () => {
    const kcp = (yaml: string) =>
      parseAllDocuments(yaml)
        .map((d) => d.toJS())
        .find((d) => d.kind === 'KamajiControlPlane');
    const v037 = await cli([...BASE, '--platform-release', 'v0.37']);
    const v15 = await cli([...BASE, '--platform-release', 'v1.5']);
    expect([v037.status, v037.stderr, v15.status, v15.stderr]).toEqual([0, '', 0, '']);
    expect(kcp(v037.stdout).spec.version).toBe('v1.33.0');
    expect(kcp(v15.stdout).spec.version).toBe('v1.35.1');
    expect(kcp(v15.stdout).spec.apiServer.resources.limits.memory).toBe('2Gi');
    expect((await cli(BASE)).stdout).toBe(v15.stdout);
  });
});

describe('the v1.5 chart keys in the description', () => {
  it('moves images.waitForKubeconfig to platform.images, and drops the empty default', () => {
    const v15 = referenceChartValues('v1.5');
    expect(specValues(v15).images).toBeUndefined();
    expect(specValues(v15).platform).toBeUndefined();
    const given = specValues({ ...v15, images: { waitForKubeconfig: 'registry.local/busybox:1' }, platform: { clusterDomain: 'x.local' } });
    expect(given.images).toBeUndefined();
    expect(given.platform).toEqual({ clusterDomain: 'x.local', images: { waitForKubeconfig: 'registry.local/busybox:1' } });
  });

  it('keeps an images map it does not know for the description to report', () => {
    expect(specValues({ images: { other: 'x' } }).images).toEqual({ other: 'x' });
  });

  it("lets a seed values file's ephemeralStorage be the disk size over the v1.5 chart's default diskSize", () => {
    const problems: SpecProblem[] = [];
    const argv = [...BASE, '--platform-release', 'v1.5', '-f', file('nodeGroups:\n  md0:\n    ephemeralStorage: 50Gi\n')];
    const spec = cliSpec(parseArgs(argv) as SynthArgs, problems) as Record<string, any>;
    expect(problems).toEqual([]);
    expect(spec.nodeGroups.md0.ephemeralStorage).toBe('50Gi');
    expect(spec.nodeGroups.md0).not.toHaveProperty('diskSize');
    const both = cliSpec(parseArgs([...argv, '--set', 'nodeGroups.md0.diskSize=30Gi']) as SynthArgs, problems) as Record<string, any>;
    expect(both.nodeGroups.md0).toMatchObject({ ephemeralStorage: '50Gi', diskSize: '30Gi' });
  });

  it('leaves the v0.37 chart values.yaml as the seed ships it', () => {
    const v037 = referenceChartValues('v0.37') as Record<string, any>;
    expect(referenceChartValues()).toEqual(referenceChartValues('v1.5'));
    expect(Object.keys(v037).sort()).toEqual(['addons', 'controlPlane', 'host', 'nodeGroups', 'storageClass', 'version']);
    expect(v037.addons).not.toHaveProperty('hami');
    expect(v037.controlPlane.apiServer.resourcesPreset).toBe('medium');
  });
});
