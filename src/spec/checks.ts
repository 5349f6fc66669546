// Small field checkers for validation: each reports to a ProblemCollector and returns the value (or undefined).
// Every number, quantity and duration that sizes something is checked against its range in LIMITS here, so a bound
// is enforced the same way wherever the field appears.
import { DURATION, durationNanoseconds } from './durations';
import type { ProblemCollector } from './errors';
import { LABEL_REQUIREMENT_KEYS, LABEL_SELECTOR_KEYS } from './field-keys';
import { LABEL_SELECTOR_OPERATORS, labelKeyProblem, labelValueProblem, requirementValuesProblem } from './labels';
import { LIMITS, LIMITS_DOC, type DurationRange, type NumberRange, type QuantityRange } from './limits';
import { child } from './paths';
import { checkValuesTree } from './plain-data';
import { isQuantity, quantityValue, type QuantityInput } from './quantity';
import { didYouMean } from './suggest';

export { child } from './paths';

export type Fields = Readonly<Record<string, unknown>>;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The entry of `table` for a key the user wrote, own entries only: `table["constructor"]` would otherwise find
 * Object's constructor through the prototype.
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/**
 * An object with known keys: reports a non-object and every unknown key (suggesting the field a near miss meant). `null`/`undefined` give `undefined`
 * without a problem (the field is optional); a required field is checked by its caller. The value under an unknown
 * key is never quoted: a misspelled key (`valueOverride`) may hold credentials.
 */
export function object(c: ProblemCollector, path: string, value: unknown, allowed: readonly string[]): Fields | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) {
    c.add(path, value, 'must be an object');
    return undefined;
  }
  for (const key of Object.keys(value)) {
    // The suggestion quotes a known field, never the value under the unknown one.
    if (!allowed.includes(key))
      c.add(child(path, key), value[key], `unknown field${didYouMean(key, allowed)}; expected one of: ${allowed.join(', ')}`, { sensitive: true });
  }
  return value;
}

/** A map with free keys (e.g. `nodeGroups`). */
export function map(c: ProblemCollector, path: string, value: unknown): Fields | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) {
    c.add(path, value, 'must be a map of names to objects');
    return undefined;
  }
  return value;
}

export interface StringRule {
  readonly pattern?: RegExp;
  readonly patternText?: string;
  /** @default LIMITS.stringLength */
  readonly maxLength?: number;
}

/** A string; `""` counts as "not set" and gives `undefined`. Its length is checked before its pattern. */
export function string(c: ProblemCollector, path: string, value: unknown, rule: StringRule = {}): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    c.add(path, value, 'must be a string');
    return undefined;
  }
  const maxLength = rule.maxLength ?? LIMITS.stringLength;
  if (value.length > maxLength) {
    // The pattern is not tried: a megabyte string is not worth scanning to say it is too long.
    c.add(path, value, `must be at most ${maxLength} characters (has ${value.length})`);
    return undefined;
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    c.add(path, value, `must be ${rule.patternText ?? `a string matching ${rule.pattern}`}`);
    return undefined;
  }
  return value;
}

export function required<T>(c: ProblemCollector, path: string, raw: unknown, checked: T | undefined, what: string): T | undefined {
  if (checked === undefined && (raw === undefined || raw === null || raw === '')) c.add(path, raw, `is required: ${what}`);
  return checked;
}

/** An integer within `range` (see LIMITS). */
export function integer(c: ProblemCollector, path: string, value: unknown, range: NumberRange): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    c.add(path, value, 'must be an integer');
    return undefined;
  }
  if (value < range.min) {
    c.add(path, value, range.min === 0 ? 'must not be negative' : `must be at least ${range.min}`);
    return undefined;
  }
  if (value > range.max) {
    c.add(path, value, `must be at most ${range.max} (${LIMITS_DOC})`);
    return undefined;
  }
  return value;
}

/** A finite number within `range`; `why` says what the lower bound protects. */
export function number(c: ProblemCollector, path: string, value: unknown, range: NumberRange, why: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < range.min || value > range.max) {
    c.add(path, value, `must be a number from ${range.min} to ${range.max}: ${why} (${LIMITS_DOC})`);
    return undefined;
  }
  return value;
}

export function boolean(c: ProblemCollector, path: string, value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') {
    c.add(path, value, 'must be true or false');
    return undefined;
  }
  return value;
}

/** A resource quantity (`"4Gi"`, `"500m"`, `2`) within `range` (see LIMITS); `""` counts as "not set". */
export function quantity(c: ProblemCollector, path: string, value: unknown, range: QuantityRange): QuantityInput | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && value.length > LIMITS.scalarTextLength) {
    c.add(path, value, `must be a Kubernetes quantity of at most ${LIMITS.scalarTextLength} characters (has ${value.length})`);
    return undefined;
  }
  if (!isQuantity(value)) {
    c.add(path, value, 'must be a Kubernetes quantity such as "4Gi", "500m" or 2');
    return undefined;
  }
  const amount = quantityValue(value);
  if (!(amount > 0)) {
    c.add(path, value, 'must be a positive quantity');
    return undefined;
  }
  // `"1e400"` is a quantity by the grammar and Infinity as a number: too large either way.
  return withinBounds(c, path, value, amount, range, quantityValue) ? value : undefined;
}

/**
 * Whether `amount` (the measure of `value`) lies within `range`, whose ends are written as the user writes them and
 * measured by `measure`; a problem naming the end that was crossed when it does not.
 */
function withinBounds<N extends number | bigint>(
  c: ProblemCollector,
  path: string,
  value: unknown,
  amount: N,
  range: QuantityRange | DurationRange,
  measure: (end: string) => N,
): boolean {
  if (amount < measure(range.min)) {
    c.add(path, value, `must be at least ${range.min} (${LIMITS_DOC})`);
    return false;
  }
  if (amount > measure(range.max)) {
    c.add(path, value, `must be at most ${range.max} (${LIMITS_DOC})`);
    return false;
  }
  return true;
}

/** A duration such as "30s", "5m" or "1h30m" (or as `rule` says) within `range` (see LIMITS). */
export function duration(
  c: ProblemCollector,
  path: string,
  value: unknown,
  range: DurationRange,
  rule: StringRule = { pattern: DURATION, patternText: 'a duration such as "30s", "5m" or "1h30m"' },
): string | undefined {
  const text = string(c, path, value, { ...rule, maxLength: LIMITS.scalarTextLength });
  if (text === undefined) return undefined;
  return withinBounds(c, path, text, durationNanoseconds(text), range, durationNanoseconds) ? text : undefined;
}

export function list(c: ProblemCollector, path: string, value: unknown): readonly unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    c.add(path, value, 'must be a list');
    return undefined;
  }
  return value;
}

export function oneOf<T extends string>(c: ProblemCollector, path: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    c.add(path, value, `must be one of: ${allowed.join(', ')}${didYouMean(value, allowed)}`);
    return undefined;
  }
  return value as T;
}

/** Helm values: any object of plain data, within the bounds of `checkValuesTree`. */
export function values(c: ProblemCollector, path: string, value: unknown): Readonly<Record<string, unknown>> {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) {
    c.add(path, value, 'must be an object of Helm values');
    return {};
  }
  return checkValuesTree(c, path, value) ? value : {};
}

/** A label key, e.g. a topology key such as `topology.kubernetes.io/zone`. */
export function labelKey(c: ProblemCollector, path: string, value: unknown): string | undefined {
  const key = string(c, path, value, { maxLength: LIMITS.keyLength });
  if (key === undefined) return undefined;
  const problem = labelKeyProblem(key);
  if (problem !== undefined) {
    c.add(path, key, problem);
    return undefined;
  }
  return key;
}

/** A map of label keys to label values (`matchLabels`), checked as the API server checks labels. */
export function labelMap(c: ProblemCollector, path: string, raw: unknown): Record<string, string> | undefined {
  const m = map(c, path, raw);
  if (m === undefined) return undefined;
  const out: Record<string, string> = {};
  let ok = true;
  for (const [k, v] of Object.entries(m)) {
    const keyProblem =
      k.length > LIMITS.keyLength ? `must be a label key of at most ${LIMITS.keyLength} characters (has ${k.length})` : labelKeyProblem(k);
    if (keyProblem !== undefined) {
      c.add(child(path, k), k, keyProblem);
      ok = false;
    } else if (typeof v !== 'string') {
      c.add(child(path, k), v, 'must be a string (a label value)');
      ok = false;
    } else {
      const valueProblem = labelValueProblem(v);
      if (valueProblem !== undefined) {
        c.add(child(path, k), v, valueProblem);
        ok = false;
      } else {
        // Keys that pass the label rules cannot be "__proto__", so a plain assignment is safe here.
        out[k] = v;
      }
    }
  }
  return ok ? out : undefined;
}

/** A label selector requirement as validation returns it. */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: string[];
}

/**
 * A label selector (`matchLabels`, `matchExpressions`) checked as the API server checks one: label keys and values,
 * operators `In`, `NotIn`, `Exists`, `DoesNotExist`, and values only where the operator takes them. `undefined` when
 * absent or when anything in it is wrong (then reported).
 */
export function labelSelector(
  c: ProblemCollector,
  path: string,
  raw: unknown,
): { matchLabels?: Record<string, string>; matchExpressions?: LabelRequirement[] } | undefined {
  const f = object(c, path, raw, LABEL_SELECTOR_KEYS);
  if (f === undefined) return undefined;
  const before = c.count;
  const matchLabels = labelMap(c, child(path, 'matchLabels'), f.matchLabels);
  const exprPath = child(path, 'matchExpressions');
  const matchExpressions = list(c, exprPath, f.matchExpressions)?.flatMap((item, i) => {
    const p = child(exprPath, i);
    const r = object(c, p, item, LABEL_REQUIREMENT_KEYS);
    if (r === undefined) {
      if (item === null || item === undefined) c.add(p, item, 'must be an object with key and operator');
      return [];
    }
    const key = required(c, child(p, 'key'), r.key, labelKey(c, child(p, 'key'), r.key), 'a label key');
    const operator = required(
      c,
      child(p, 'operator'),
      r.operator,
      oneOf(c, child(p, 'operator'), r.operator, LABEL_SELECTOR_OPERATORS),
      LABEL_SELECTOR_OPERATORS.join(', '),
    );
    const valuesPath = child(p, 'values');
    const values = list(c, valuesPath, r.values)?.flatMap((v, j) => {
      const problem = typeof v === 'string' ? labelValueProblem(v) : 'must be a string (a label value)';
      if (problem === undefined) return [v as string];
      c.add(child(valuesPath, j), v, problem);
      return [];
    });
    const countProblem = operator === undefined ? undefined : requirementValuesProblem(operator, (r.values as unknown[] | undefined)?.length ?? 0);
    if (countProblem !== undefined) c.add(valuesPath, r.values, countProblem);
    if (key === undefined || operator === undefined) return [];
    return [{ key, operator, ...(values !== undefined && values.length > 0 ? { values } : {}) }];
  });
  if (c.count > before) return undefined;
  return {
    ...(matchLabels !== undefined ? { matchLabels } : {}),
    ...(matchExpressions !== undefined && matchExpressions.length > 0 ? { matchExpressions } : {}),
  };
}
