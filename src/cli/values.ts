// Values files in the reference chart's format: YAML mappings, merged like Helm's `-f` (later files win, maps
// merge deeply, lists and scalars are replaced, `null` removes a key).
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
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
 * Reads a YAML file's documents; problems (unreadable file, YAML errors) are returned, not thrown, each naming the
 * file (and line and column).
 */
export function readYamlDocuments(file: string, problems: SpecProblem[], what: string): unknown[] | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    problems.push({ path: file, value: file, message: `cannot read ${what}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    return undefined;
  }
  const docs = [...parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true })];
  let ok = true;
  for (const doc of docs) {
    for (const err of doc.errors) {
      ok = false;
      const pos = err.linePos?.[0];
      const message = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      problems.push({ path: pos ? `${file}:${pos.line}:${pos.col}` : file, value: file, message: `invalid YAML: ${message}` });
    }
  }
  return ok ? docs.map((d) => d.toJS()) : undefined;
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
