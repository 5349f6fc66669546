// The graph of the caller's addons with the built-in ones is validation (spec/addon-graph.ts): problems name the ids
// the user wrote and say what to do, every problem of every addon at once, in any order of definition.
import { addonGraphProblems, BUILT_IN_ADDON_TOGGLES, builtInAddonEnabled, enabledBuiltInAddons, lineAddonIds } from '../../src/spec/addon-graph';
import { resolveAddonOptions, resolveCustomAddons } from '../../src/spec/addon-options';
import { SpecValidationError } from '../../src/spec/errors';
import { resolveSpec } from '../../src/render/resolve';
import { spec } from '../support/fixtures';

const cluster = resolveSpec(spec({ addons: { certManager: { enabled: true } } }));
const addon = (id: string, dependsOn?: string[]) =>
  resolveAddonOptions(cluster, id, { chart: id, targetNamespace: id, ...(dependsOn ? { dependsOn } : {}) });
const problems = (...addons: ReturnType<typeof addon>[]) =>
  addonGraphProblems(cluster, addons).map((p) => `${p.path}=${JSON.stringify(p.value)}: ${p.message}`);

describe('addonGraphProblems', () => {
  it("accepts dependencies on enabled built-in addons and on the caller's, defined in any order", () => {
    expect(problems(addon('app', ['db', 'certManager']), addon('db'))).toEqual([]);
  });

  it('names a disabled built-in addon with the toggle that renders it', () => {
    expect(problems(addon('app', ['velero', 'victoriaMetricsOperator']))).toEqual([
      'addons.app.dependsOn[0]="velero": is a built-in addon this cluster does not install: set addons.velero.enabled',
      'addons.app.dependsOn[1]="victoriaMetricsOperator": is a built-in addon this cluster does not install: set addons.monitoringAgents.enabled',
    ]);
  });

  it('suggests the id meant, for a built-in one written in another case or one added', () => {
    expect(problems(addon('app', ['certmanager', 'dbb']), addon('db'))).toEqual([
      'addons.app.dependsOn[0]="certmanager": no addon of this cluster has this id (did you mean "certManager"?) (it has: cilium, coredns, csi, vsnapCrd, certManagerCrds, certManager, db)',
      'addons.app.dependsOn[1]="dbb": no addon of this cluster has this id (did you mean "db"?) (it has: cilium, coredns, csi, vsnapCrd, certManagerCrds, certManager, db)',
    ]);
  });

  it('lists the ids there are for an unknown one, and refuses a dependency on itself', () => {
    expect(problems(addon('app', ['nope', 'app']), addon('db'))).toEqual([
      'addons.app.dependsOn[0]="nope": no addon of this cluster has this id (it has: cilium, coredns, csi, vsnapCrd, certManagerCrds, certManager, db)',
      'addons.app.dependsOn[1]="app": an addon cannot depend on itself',
    ]);
  });

  it('reports a cycle once, by the ids in it, and an id given twice', () => {
    expect(problems(addon('a', ['b']), addon('b', ['c']), addon('c', ['a']), addon('a'))).toEqual([
      'addons.a="a": another addon already has this id',
      'addons.a.dependsOn=["a","b","c","a"]: the addons depend on each other in a cycle',
    ]);
  });
});

describe('resolveCustomAddons', () => {
  it('reports the problems of every addon at once, then the graph', () => {
    try {
      resolveCustomAddons(cluster, [
        ['x', { chart: '' }],
        ['Bad', { chart: 'y', targetNamespace: 'y' }],
      ]);
      throw new Error('not rejected');
    } catch (e) {
      expect(e).toBeInstanceOf(SpecValidationError);
      expect((e as SpecValidationError).problems.map((p) => p.path)).toEqual(['addons.x.chart', 'addons.x.targetNamespace', 'addons.Bad']);
    }
    expect(() => resolveCustomAddons(cluster, [['x', { chart: 'x', targetNamespace: 'x', dependsOn: ['y'] }]])).toThrow(
      /no addon of this cluster has this id/,
    );
    expect(
      resolveCustomAddons(cluster, [
        ['x', { chart: 'x', targetNamespace: 'x', dependsOn: ['y'] }],
        ['y', { chart: 'y', targetNamespace: 'y' }],
      ]).map((a) => a.id),
    ).toEqual(['x', 'y']);
  });
});

describe('the built-in graph', () => {
  it('enables an addon exactly when its toggle is on, and lists them in output order', () => {
    expect(enabledBuiltInAddons(cluster)).toEqual(
      lineAddonIds(cluster.platform.line).filter((id) => BUILT_IN_ADDON_TOGGLES[id] === undefined || BUILT_IN_ADDON_TOGGLES[id] === 'certManager'),
    );
    expect(builtInAddonEnabled(cluster, 'velero')).toBe(false);
  });
});
