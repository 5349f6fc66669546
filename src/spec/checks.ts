// Small field checkers for validation: each reports to a ProblemCollector and returns the value (or undefined).
import type { ProblemCollector } from './errors';
import { isQuantity, quantityValue, type QuantityInput } from './quantity';

export type Fields = Readonly<Record<string, unknown>>;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Joins a path and a key; keys that are not identifiers are quoted: `nodeGroups["my.group"]`. */
export function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const safe = /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key);
  if (!safe) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

/**
 * An object with known keys: reports a non-object and every unknown key. `null`/`undefined` give `undefined`
 * without a problem (the field is optional); a required field is checked by its caller.
 */
export function object(c: ProblemCollector, path: string, value: unknown, allowed: readonly string[]): Fields | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) {
    c.add(path, value, 'must be an object');
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) c.add(child(path, key), value[key], `unknown field; expected one of: ${allowed.join(', ')}`);
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
  readonly maxLength?: number;
}

/** A string; `""` counts as "not set" and gives `undefined`. */
export function string(c: ProblemCollector, path: string, value: unknown, rule: StringRule = {}): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    c.add(path, value, 'must be a string');
    return undefined;
  }
  let ok = true;
  if (rule.pattern && !rule.pattern.test(value)) {
    c.add(path, value, `must be ${rule.patternText ?? `a string matching ${rule.pattern}`}`);
    ok = false;
  }
  if (rule.maxLength !== undefined && value.length > rule.maxLength) {
    c.add(path, value, `must be at most ${rule.maxLength} characters (has ${value.length})`);
    ok = false;
  }
  return ok ? value : undefined;
}

export function required<T>(c: ProblemCollector, path: string, raw: unknown, checked: T | undefined, what: string): T | undefined {
  if (checked === undefined && (raw === undefined || raw === null || raw === '')) c.add(path, raw, `is required: ${what}`);
  return checked;
}

export function integer(c: ProblemCollector, path: string, value: unknown, min: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    c.add(path, value, 'must be an integer');
    return undefined;
  }
  if (value < min) {
    c.add(path, value, min === 0 ? 'must not be negative' : `must be at least ${min}`);
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

/** A resource quantity (`"4Gi"`, `"500m"`, `2`); `""` counts as "not set". */
export function quantity(c: ProblemCollector, path: string, value: unknown, positive = false): QuantityInput | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (!isQuantity(value)) {
    c.add(path, value, 'must be a Kubernetes quantity such as "4Gi", "500m" or 2');
    return undefined;
  }
  const amount = quantityValue(value);
  if (amount < 0 || (positive && amount === 0)) {
    c.add(path, value, positive ? 'must be a positive quantity' : 'must not be negative');
    return undefined;
  }
  return value;
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
    c.add(path, value, `must be one of: ${allowed.join(', ')}`);
    return undefined;
  }
  return value as T;
}

/** Helm values: any object. */
export function values(c: ProblemCollector, path: string, value: unknown): Readonly<Record<string, unknown>> {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) {
    c.add(path, value, 'must be an object of Helm values');
    return {};
  }
  return value;
}

/** A Go duration as Kubernetes APIs take it: `30s`, `5m`, `1h30m`. */
export const DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
