// Values as Helm v3 computes a chart's `.Values` (helm.sh/helm/v3 v3.22.0): the `-f` files read as Helm reads YAML
// (src/cli/helm-yaml.ts) and merged in order (pkg/cli/values mergeMaps: later files win, maps merge deeply, lists
// and scalars are replaced, a `null` replaces too), then every `--set` and after them every `--set-string` applied
// (pkg/strvals), then the result coalesced over the reference chart's values.yaml (pkg/chartutil coalesce.go: a
// `null` deletes the key it names, the chart's default included). The rules, with examples: docs/values.md.
import { isPlainObject } from '../spec/checks';
import type { SpecProblem } from '../spec/errors';
import { referenceChartValues } from './chart-values';
import { firstUnjsonable } from './helm-yaml';
import { StrvalsError, parseInto } from './strvals';
import { STDIN_PATH, readTextInput, readYamlDocuments, type StdinReader } from './yaml-input';

export type Values = Record<string, unknown>;

/** Sets an own entry: `out[key] = value` would change the prototype for the key `__proto__`. */
function setOwn(out: Values, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A deep copy of plain data, own entries defined. */
function copy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copy) as T;
  if (!isPlainObject(value)) return value;
  const out: Values = {};
  for (const [k, v] of Object.entries(value)) setOwn(out, k, copy(v));
  return out as T;
}

/**
 * Merges `override` into `base` the way Helm merges `-f` files (pkg/cli/values mergeMaps): maps merge deeply, anything
 * else replaces, and a `null` is kept (it deletes a chart default later, in {@link coalesceChartValues}). (Addon
 * `valuesOverride`s merge like the chart's sprig `mergeOverwrite` instead: render/addons/merge.ts.) Neither input is
 * modified.
 */
export function mergeValuesFiles(base: Values, override: Values): Values {
  const out: Values = { ...base };
  for (const [key, value] of Object.entries(override)) {
    // Own entries only: `out.constructor` or `out.__proto__` would be found on the prototype.
    const current = Object.hasOwn(out, key) ? out[key] : undefined;
    if (isPlainObject(value) && isPlainObject(current)) setOwn(out, key, mergeValuesFiles(current, value));
    else setOwn(out, key, value);
  }
  return out;
}

/** pkg/chartutil coalesceTablesFullKey with merge=false: `dst` (the user's) over `src` (the chart's), in place. */
function coalesceTables(dst: Values, src: Values): Values {
  const srcNonNull = new Set(Object.keys(src).filter((k) => src[k] !== null));
  for (const [key, value] of Object.entries(dst)) if (value === null) setOwn(src, key, null);
  for (const [key, value] of Object.entries(src)) {
    const present = Object.hasOwn(dst, key);
    const current = present ? dst[key] : undefined;
    if (present && current === null && srcNonNull.has(key)) delete dst[key];
    else if (!present) setOwn(dst, key, value);
    else if (isPlainObject(value) && isPlainObject(current)) coalesceTables(current, value);
    // A table over a scalar or a scalar over a table: the user's value stays (Helm prints a warning).
  }
  return dst;
}

/**
 * Coalesces the user's values over the chart's values.yaml as Helm does (pkg/chartutil CoalesceValues): a key the user
 * left out takes the chart's value, maps merge deeply, and a user `null` deletes the key, the chart's default
 * included. A `null` for a key the chart does not have stays a `null` (as in Helm's `.Values`). Neither input is
 * modified.
 */
export function coalesceChartValues(user: Values, chart: Values): Values {
  const v = copy(user);
  const vc = copy(chart);
  for (const [key, val] of Object.entries(vc)) {
    if (Object.hasOwn(v, key)) {
      const value = v[key];
      if (value === null) delete v[key];
      else if (isPlainObject(value) && isPlainObject(val)) coalesceTables(value, val);
    } else {
      setOwn(v, key, val);
    }
  }
  return v;
}

/** One `--set`, `--set-string`, `--set-json` or `--set-file`, in command-line order. */
export interface SetFlag {
  readonly flag: '--set' | '--set-string' | '--set-json' | '--set-file';
  readonly value: string;
}

/** A --set-file file that could not be read: its problem is in the list already. */
class AlreadyReported extends StrvalsError {}

/** Helm's order: every --set-json, then every --set, then --set-string, then --set-file, whatever the command line. */
const SET_ORDER = ['--set-json', '--set', '--set-string', '--set-file'] as const;

/** What `synth` and `teardown` read values from. */
export interface ValuesInputs {
  /** `-f` files in order; `-` is standard input. */
  readonly files: readonly string[];
  readonly set?: readonly SetFlag[];
  /** Reads standard input, bounded (for `-f -`). */
  readonly stdin?: StdinReader;
  /**
   * The chart's values.yaml: the reference chart's (of the default platform line) unless given; a function receives
   * the user's merged values (files and flags), to choose the document by what they say.
   */
  readonly chartValues?: Values | ((user: Values) => Values);
  /** Top-level keys that flags set: a problem in a values file or a `--set`. */
  readonly reservedKeys?: readonly string[];
}

const RESERVED_MESSAGE = 'is set on the command line, not in values files';

/** Reads one values file; problems (unreadable file, YAML errors, not a mapping) are returned, not thrown. */
export function readValuesFile(file: string, problems: SpecProblem[], stdin?: StdinReader): Values | undefined {
  const docs = readYamlDocuments(file, problems, 'values file', { schema: 'helm', stdin });
  if (docs === undefined) return undefined;
  const name = file.trim() === '-' ? STDIN_PATH : file;
  if (docs.length > 1) {
    problems.push({ path: name, value: name, message: `a values file holds one YAML document (found ${docs.length})` });
    return undefined;
  }
  const values = docs[0];
  if (values === null || values === undefined) return {};
  if (!isPlainObject(values)) {
    // Sensitive: a file that is one scalar may be a token passed by mistake (`-f ~/.kube/token`).
    problems.push({ path: name, value: values, message: 'a values file must be a YAML mapping', sensitive: true });
    return undefined;
  }
  const bad = firstUnjsonable(values);
  if (bad !== undefined) {
    const what = Number.isNaN(bad.value) ? '.nan' : bad.value > 0 ? '.inf' : '-.inf';
    problems.push({
      path: bad.path === '' ? name : bad.path,
      value: bad.value,
      message: `is ${what} in ${name}, which is not a JSON number: Helm refuses the file (quote it to keep the text)`,
    });
    return undefined;
  }
  return values;
}

/**
 * The chart's `.Values` as Helm v3 computes them from these inputs (see the top of this file), or undefined with
 * the problems. This is what `synth` and `teardown` render from (through {@link specValues}); the helm test tier
 * compares it with `helm template`'s.
 */
export function helmValues(inputs: ValuesInputs, problems: SpecProblem[]): Values | undefined {
  const before = problems.length;
  let base: Values = {};
  if (inputs.files.filter((f) => f.trim() === '-').length > 1) {
    problems.push({ path: '-f -', value: '-', message: 'standard input can be read once: give `-f -` at most once' });
    return undefined;
  }
  for (const file of inputs.files) {
    const fileValues = readValuesFile(file, problems, inputs.stdin);
    if (fileValues === undefined) continue;
    const name = file.trim() === '-' ? STDIN_PATH : file;
    for (const key of inputs.reservedKeys ?? []) {
      if (Object.hasOwn(fileValues, key)) problems.push({ path: `${name}: ${key}`, value: fileValues[key], message: RESERVED_MESSAGE });
    }
    base = mergeValuesFiles(base, fileValues);
  }
  if (problems.length > before) return undefined;
  const sets = inputs.set ?? [];
  let stdinUsed = inputs.files.some((f) => f.trim() === '-');
  const readSetFile = (path: string): string => {
    // As Helm's readFile: `-` (spaces trimmed) is standard input, read once.
    const fromStdin = path.trim() === '-';
    if (fromStdin && stdinUsed) throw new StrvalsError('standard input can be read once: `-` is given twice');
    stdinUsed ||= fromStdin;
    const text = readTextInput(path, problems, 'a --set-file file', inputs.stdin);
    if (text === undefined) throw new AlreadyReported('');
    return text;
  };
  for (const flag of SET_ORDER) {
    sets.forEach((s, i) => {
      if (s.flag !== flag) return;
      const path = `${flag} #${sets.slice(0, i + 1).filter((x) => x.flag === flag).length}`;
      try {
        const probe: Values = {};
        parseInto(s.value, probe, flag === '--set-json' ? 'json' : 'string');
        for (const key of inputs.reservedKeys ?? []) {
          if (Object.hasOwn(probe, key)) problems.push({ path: `${path}: ${key}`, value: s.value, message: RESERVED_MESSAGE, sensitive: true });
        }
        parseInto(
          s.value,
          base,
          flag === '--set' ? 'typed' : flag === '--set-string' ? 'string' : flag === '--set-json' ? 'json' : { file: readSetFile },
        );
      } catch (e) {
        if (!(e instanceof StrvalsError)) throw e;
        if (e instanceof AlreadyReported) return;
        // Sensitive: a --set string may carry a credential; the message quotes none of it.
        problems.push({ path, value: s.value, message: e.message, sensitive: true });
      }
    });
  }
  if (problems.length > before) return undefined;
  const chart = typeof inputs.chartValues === 'function' ? inputs.chartValues(base) : (inputs.chartValues ?? referenceChartValues());
  return coalesceChartValues(base, chart);
}

/** `null`s removed from maps, recursively: a template reads a `null` as a missing key. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isPlainObject(value)) return value;
  const out: Values = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) setOwn(out, k, withoutNulls(v));
  return out;
}

/**
 * The library's input for Helm's `.Values`: what the reference chart's templates make of a key that is missing or
 * `null`. `null`s left in maps are dropped (the templates read them as missing); `nodeGroups` deleted with a `null` is
 * no node group at all (the chart ranges over nothing), and a deleted `storageClass` is none (the chart passes no
 * storage class to the CSI addon), where the library would otherwise apply its own defaults; `host: ""` (the chart's
 * default) is left out, as the library's "not set". The v1.5 chart's `images` becomes `platform.images`, and a chart
 * default `diskSize` gives way to the user's `ephemeralStorage` (`user`: the values before coalescing).
 */
export function specValues(values: Values, user: Values = values): Values {
  const out = withoutNulls(values) as Values;
  movePlatformImages(out);
  keepUsersDiskName(out, user);
  if (!Object.hasOwn(out, 'nodeGroups')) setOwn(out, 'nodeGroups', {});
  if (!Object.hasOwn(out, 'storageClass')) setOwn(out, 'storageClass', '');
  // The chart's default `host: ""` means "kubernetes-<name>.<tenant host>"; the library says that by leaving it out
  // (given "", it renders the host `undefined`: src/spec/validate.ts lets an empty host through).
  if (out.host === '') delete out.host;
  return out;
}

/**
 * The v1.5 chart's top-level `images` (`waitForKubeconfig`) is the library's `platform.images`: moved there, an empty
 * string (the chart's default, "the pinned image") left out. On v0.37 the chart has no `images`, and the key stays
 * for the description's check to report.
 */
function movePlatformImages(out: Values): void {
  const images = out.images;
  if (!isPlainObject(images) || !Object.hasOwn(images, 'waitForKubeconfig')) return;
  const { waitForKubeconfig, ...rest } = images;
  if (Object.keys(rest).length > 0) return;
  delete out.images;
  if (waitForKubeconfig === '') return;
  const platform = isPlainObject(out.platform) ? out.platform : {};
  const platformImages = isPlainObject(platform.images) ? platform.images : {};
  setOwn(out, 'platform', { ...platform, images: { ...platformImages, waitForKubeconfig } });
}

/**
 * A node group the user gave `ephemeralStorage` (the seed chart's name) and not `diskSize` (v1.5's) gets the chart's
 * default `diskSize` by coalescing: that default is not the user's, and giving both is a problem, so it is dropped and
 * the user's `ephemeralStorage` (a deprecated alias of `diskSize`) is the size.
 */
function keepUsersDiskName(out: Values, user: Values): void {
  const groups = out.nodeGroups;
  const userGroups = user.nodeGroups;
  if (!isPlainObject(groups) || !isPlainObject(userGroups)) return;
  for (const [name, group] of Object.entries(groups)) {
    const written = Object.hasOwn(userGroups, name) ? userGroups[name] : undefined;
    if (!isPlainObject(group) || !isPlainObject(written)) continue;
    if (Object.hasOwn(written, 'ephemeralStorage') && !Object.hasOwn(written, 'diskSize')) delete group.diskSize;
  }
}
