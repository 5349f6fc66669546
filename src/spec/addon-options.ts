// Validation of the caller's own addons (cdk8s `addAddon`, Pulumi `extraAddons`).
import * as check from './checks';
import { child } from './checks';
import { DEFAULTS } from './defaults';
import { ADDON_OPTION_KEYS } from './field-keys';
import { addonGraphProblems } from './addon-graph';
import { ProblemCollector, SpecValidationError, type SpecProblem } from './errors';
import { LIMITS } from './limits';
import { ADDON_SUFFIXES } from './name-roles';
import { DNS1123_LABEL, MAX_LABEL_LENGTH } from './names';
import type { ResolvedChartSource, ResolvedCluster } from './resolved';
import { chartSource } from './resolve-platform';

/** A caller's addon, checked, defaults applied. */
export interface ResolvedCustomAddon {
  readonly id: string;
  readonly chart: string;
  readonly source: ResolvedChartSource;
  readonly releaseName: string;
  readonly targetNamespace: string;
  readonly values: Readonly<Record<string, unknown>> | undefined;
  /** Addon ids. */
  readonly dependsOn: readonly string[];
  readonly createNamespace: boolean;
  readonly timeout: string;
}

const LABEL = { pattern: DNS1123_LABEL, patternText: 'a DNS-1123 label', maxLength: 53 };

/**
 * Checks an addon the caller adds, with paths under `<base>.<id>` (`addons.<id>`; Pulumi's `extraAddons.<id>`).
 *
 * @throws SpecValidationError listing every problem
 */
export function resolveAddonOptions(cluster: ResolvedCluster, id: string, input: unknown, base = 'addons'): ResolvedCustomAddon {
  const c = new ProblemCollector();
  const path = child(base, id);
  if (!DNS1123_LABEL.test(id)) c.add(path, id, 'addon ids must be DNS-1123 labels (lower-case letters, digits and "-")');
  else if (Object.hasOwn(ADDON_SUFFIXES, id))
    c.add(path, id, 'is the id of a built-in addon (dependsOn could not tell them apart); choose another id');
  else if (cluster.names.customAddon(id).length > MAX_LABEL_LENGTH)
    c.add(
      path,
      id,
      `is too long: the HelmRelease "${cluster.names.customAddon(id)}" is a label value (helm.toolkit.fluxcd.io/name) and must fit ${MAX_LABEL_LENGTH} characters`,
    );
  const f = check.object(c, path, input, ADDON_OPTION_KEYS);
  if (f === undefined) {
    if (input === undefined || input === null) c.add(path, input, 'must be an object with at least chart and targetNamespace');
    c.throwIfAny();
  }
  const fields = f ?? {};
  const chart = check.required(
    c,
    child(path, 'chart'),
    fields.chart,
    check.string(c, child(path, 'chart'), fields.chart, { pattern: /^[a-zA-Z0-9][-a-zA-Z0-9_.]*$/, patternText: 'a chart name' }),
    'the chart name',
  );
  const defaults = cluster.platform.addonCharts.defaults; // never a built-in's own entry: those are for that addon only
  const given = chartSource(c, child(path, 'source'), fields.source, cluster.platform.line);
  const source = { ...defaults, chart: undefined, ...given };
  if (source.sourceName === undefined && !c.problems.some((p) => p.path.startsWith(child(path, 'source')))) {
    c.add(
      child(child(path, 'source'), 'sourceName'),
      undefined,
      `is required on platform release ${cluster.platform.release}: the platform serves its own charts as one ExternalArtifact each and has no repository for yours; name the Flux source that holds chart "${chart ?? id}" (or set platform.addonCharts.defaults)`,
    );
  }
  const releaseName = check.string(c, child(path, 'releaseName'), fields.releaseName, LABEL) ?? id;
  const targetNamespace = check.required(
    c,
    child(path, 'targetNamespace'),
    fields.targetNamespace,
    check.string(c, child(path, 'targetNamespace'), fields.targetNamespace, { ...LABEL, maxLength: 63 }),
    'the namespace inside the tenant cluster',
  );
  const values = fields.values === undefined ? undefined : check.values(c, child(path, 'values'), fields.values);
  const dependsOn = (check.list(c, child(path, 'dependsOn'), fields.dependsOn) ?? DEFAULTS.customAddonDependsOn).flatMap((d, i) => {
    const v = check.string(c, child(child(path, 'dependsOn'), i), d, { pattern: /^[A-Za-z0-9-]+$/, patternText: 'an addon id' });
    return v === undefined ? [] : [v];
  });
  const createNamespace = check.boolean(c, child(path, 'createNamespace'), fields.createNamespace) ?? DEFAULTS.customAddonCreateNamespace;
  const timeout = check.duration(c, child(path, 'timeout'), fields.timeout, LIMITS.duration) ?? DEFAULTS.customAddonTimeout;
  c.throwIfAny();
  return {
    id,
    chart: chart!,
    source: source as ResolvedChartSource,
    releaseName,
    targetNamespace: targetNamespace!,
    values,
    dependsOn,
    createNamespace,
    timeout,
  };
}

/**
 * Checks every addon the caller adds and the graph they make with the built-in ones, with paths under `<base>.<id>`:
 * what the front ends pass to render.
 *
 * @throws SpecValidationError listing every problem of every addon
 */
export function resolveCustomAddons(
  cluster: ResolvedCluster,
  addons: Iterable<readonly [id: string, options: unknown]>,
  base = 'addons',
): ResolvedCustomAddon[] {
  const problems: SpecProblem[] = [];
  const resolved: ResolvedCustomAddon[] = [];
  for (const [id, options] of addons) {
    try {
      resolved.push(resolveAddonOptions(cluster, id, options, base));
    } catch (e) {
      if (!(e instanceof SpecValidationError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (problems.length === 0) problems.push(...addonGraphProblems(cluster, resolved, base));
  if (problems.length > 0) throw new SpecValidationError(problems);
  return resolved;
}
