// The chart's values.yaml the CLI coalesces over is the spec's defaults in the chart's shape: every key is a field
// of the spec, every addon toggle is there (off), and the default node group is the library's.
import { referenceChartValues } from '../../src/cli/chart-values';
import { lineAddonKeys, lineAddonToggles } from '../../src/spec/addon-graph';
import { PLATFORM_LINES } from '../../src/spec/platform-lines';
import { DEFAULT_NODE_GROUP } from '../../src/spec/defaults';
import { ADDON_KEYS, TOP_KEYS } from '../../src/spec/field-keys';

describe('the reference chart values.yaml', () => {
  const values = referenceChartValues() as Record<string, any>;

  it('holds only fields of the spec, with every addon and every toggle off', () => {
    for (const key of Object.keys(values)) expect(TOP_KEYS).toContain(key);
    // The chart of v0.37: the keys of its addons (v1.5's hami and ouroboros are not there).
    expect(Object.keys(values.addons).sort()).toEqual(lineAddonKeys(PLATFORM_LINES['v0.37'], ADDON_KEYS).sort());
    for (const toggle of lineAddonToggles(PLATFORM_LINES['v0.37'])) expect(values.addons[toggle].enabled).toBe(false);
  });

  it("ships the library's default md0, as a fresh copy each time", () => {
    expect(values.nodeGroups).toEqual({ md0: DEFAULT_NODE_GROUP });
    values.nodeGroups.md0.roles.push('x');
    expect((referenceChartValues() as any).nodeGroups.md0.roles).toEqual(['ingress-nginx']);
  });
});
