// Values files in the reference chart's format: YAML mappings, merged like Helm's `-f` (later files win, maps
// merge deeply, lists and scalars are replaced, `null` removes a key).
import { isPlainObject } from '../spec/checks';
import type { SpecProblem } from '../spec/errors';
import { readYamlDocuments } from './yaml-input';

export type Values = Record<string, unknown>;

/** Merges `override` into `base` the way Helm merges values files. Neither input is modified. */
export function mergeValues(base: Values, override: Values): Values {
  const out: Values = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === null) delete out[key];
    else if (isPlainObject(value) && isPlainObject(out[key])) out[key] = mergeValues(out[key] as Values, value);
    else out[key] = value;
  }
  return out;
}

/** Reads one values file; problems (unreadable file, YAML errors, not a mapping) are returned, not thrown. */
export function readValuesFile(file: string, problems: SpecProblem[]): Values | undefined {
  const docs = readYamlDocuments(file, problems, 'values file');
  if (docs === undefined) return undefined;
  if (docs.length > 1) {
    problems.push({ path: file, value: file, message: `a values file holds one YAML document (found ${docs.length})` });
    return undefined;
  }
  const values = docs[0];
  if (values === null || values === undefined) return {};
  if (!isPlainObject(values)) {
    problems.push({ path: file, value: values, message: 'a values file must be a YAML mapping' });
    return undefined;
  }
  return values;
}
