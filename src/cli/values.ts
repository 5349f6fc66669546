// Values files in the reference chart's format: YAML mappings, merged like Helm's `-f` (later files win, maps
// merge deeply, lists and scalars are replaced, `null` removes a key).
import { readFileSync } from 'node:fs';
import { CORE_SCHEMA, YAMLException, loadAll } from 'js-yaml';
import { isPlainObject } from '../spec/checks';
import type { SpecProblem } from '../spec/errors';

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

/**
 * Reads a YAML file's documents (YAML 1.2 core schema: `yes`, `2024-01-01` stay strings; duplicate keys are an
 * error); a problem (unreadable file, the first YAML error with its line and column) is returned, not thrown.
 */
export function readYamlDocuments(file: string, problems: SpecProblem[], what: string): unknown[] | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    problems.push({ path: file, value: file, message: `cannot read ${what}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    return undefined;
  }
  try {
    return loadAll(text, null, { filename: file, schema: CORE_SCHEMA });
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    const where = e.mark ? `${file}:${e.mark.line + 1}:${e.mark.column + 1}` : file;
    problems.push({ path: where, value: file, message: `invalid YAML: ${e.reason}` });
    return undefined;
  }
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
