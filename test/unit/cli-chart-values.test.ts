// The chart's values.yaml the CLI coalesces over, one per platform line, is the spec's defaults in the chart's shape:
// every key is a field of the spec on that line (the document resolves as a description without a problem), every
// addon of the line and every toggle is there (off), and the defaults are the line's.
import { referenceChartValues } from '../../src/cli/chart-values';
import { specValues } from '../../src/cli/values';
import { resolveSpec } from '../../src/render/resolve';
import { lineAddonKeys, lineAddonToggles } from '../../src/spec/addon-graph';
import { DEFAULT_NODE_GROUP } from '../../src/spec/defaults';
import { ADDON_KEYS, NODE_GROUP_KEYS, TOP_KEYS } from '../../src/spec/field-keys';
import { PLATFORM_LINES, PLATFORM_RELEASES } from '../../src/spec/platform-lines';

describe.each(PLATFORM_RELEASES)('the reference chart values.yaml of platform release %s', (release) => {
  const line = PLATFORM_LINES[release];
  const values = referenceChartValues(release) as Record<string, any>;

  it('holds fields of the spec (and the v1.5 chart’s images), with every addon of the line and every toggle off', () => {
    for (const key of Object.keys(values)) expect([...TOP_KEYS, ...(release === 'v1.5' ? ['images'] : [])]).toContain(key);
    expect(Object.keys(values.addons).sort()).toEqual(lineAddonKeys(line, ADDON_KEYS).sort());
    for (const toggle of lineAddonToggles(line)) expect(values.addons[toggle].enabled).toBe(false);
    for (const key of Object.keys(values.nodeGroups.md0)) expect(NODE_GROUP_KEYS).toContain(key);
  });

  it("has the line's default version and presets", () => {
    expect(values.version).toBe(line.defaultVersion);
    expect(values.controlPlane.apiServer.resourcesPreset).toBe(line.defaultPresets.apiServer);
    for (const c of [values.controlPlane.controllerManager, values.controlPlane.scheduler, values.controlPlane.konnectivity.server])
      expect(c.resourcesPreset).toBe(line.defaultPresets.component);
  });

  it('is a description the line accepts as it is, md0 sized as the library’s default group', () => {
    const spec = { ...specValues(values), name: 'chart', tenant: { namespace: 'tenant-x', host: 'x.example.org' }, platform: { release } };
    const cluster = resolveSpec(spec);
    expect(cluster.platform.release).toBe(release);
    const md0 = cluster.nodeGroups.find((g) => g.name === 'md0')!;
    expect(md0.shape.instanceType).toBe(DEFAULT_NODE_GROUP.instanceType);
    expect([md0.minReplicas, md0.maxReplicas]).toEqual([DEFAULT_NODE_GROUP.minReplicas, DEFAULT_NODE_GROUP.maxReplicas]);
    expect(md0.shape.diskSize).toBe('20Gi');
  });

  it('is a fresh copy each time', () => {
    values.nodeGroups.md0.roles.push('x');
    expect((referenceChartValues(release) as any).nodeGroups.md0.roles).toEqual(['ingress-nginx']);
  });
});

it("the v0.37 document ships the library's default md0 as it is", () => {
  expect((referenceChartValues('v0.37') as any).nodeGroups).toEqual({ md0: DEFAULT_NODE_GROUP });
});
