// Values files in the reference chart's format: YAML mappings, merged like Helm's `-f` (later files win, maps
// merge deeply, lists and scalars are replaced, `null` removes a key).
import { isPlainObject } from '../spec/checks';
import type { SpecProblem } from '../spec/errors';
import { readYamlDocuments } from './yaml-input';

export type Values = Record<string, unknown>;

/** Sets an own entry: `out[key] = value` would change the prototype for the key `__proto__`. */
function setOwn(out: Values, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Merges `override` into `base` the way Helm merges `-f` files: `null` removes a key. (Addon `valuesOverride`s merge
 * like the chart's sprig `mergeOverwrite` instead, where `null` keeps the default: render/addons/merge.ts.) Neither
 * input is modified.
 */
export function mergeValuesFiles(base: Values, override: Values): Values {
  const out: Values = { ...base };
  for (const [key, value] of Object.entries(override)) {
    // Own entries only: `out.constructor` or `out.__proto__` would be found on the prototype.
    const current = Object.hasOwn(out, key) ? out[key] : undefined;
    if (value === null) delete out[key];
    else if (isPlainObject(value) && isPlainObject(current)) setOwn(out, key, mergeValuesFiles(current, value));
    else setOwn(out, key, value);
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
    // Sensitive: a file that is one scalar may be a token passed by mistake (`-f ~/.kube/token`).
    problems.push({ path: file, value: values, message: 'a values file must be a YAML mapping', sensitive: true });
    return undefined;
  }
  return values;
}
