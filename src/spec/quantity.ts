import { mulf } from './decimal';

/**
 * A Kubernetes resource quantity in a description: `"500m"`, `"4Gi"`, `"2"`. A string in the typed APIs of every
 * language; files (values, fleet cluster files) may also write a plain number, as Helm values do.
 */
export type QuantityString = string;

/** A quantity as the validation accepts it from any front end: a string, or a number from a file. */
export type QuantityInput = string | number;

/** The Kubernetes quantity grammar (`k8s.io/apimachinery/pkg/api/resource`), as the chart's schema states it. */
const QUANTITY = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?(?:\d+(?:\.\d*)?|\.\d+))?$/;

const MULTIPLIERS: Readonly<Record<string, string>> = {
  Ki: '1024',
  Mi: '1048576',
  Gi: '1073741824',
  Ti: '1099511627776',
  Pi: '1125899906842624',
  Ei: '1152921504606846976',
  n: '0.000000001',
  u: '0.000001',
  m: '0.001',
  k: '1000',
  M: '1000000',
  G: '1000000000',
  T: '1000000000000',
  P: '1000000000000000',
  E: '1000000000000000000',
};

/** True when `value` is a quantity Kubernetes accepts (a finite number, or a string in the quantity grammar). */
export function isQuantity(value: unknown): value is QuantityInput {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && QUANTITY.test(value);
}

/**
 * The numeric value of a quantity (cozy-lib `toFloat`): one known suffix is stripped and the number multiplied
 * exactly in decimal. Unlike the seed's cozy-lib, `u` and `n` are understood (fixed upstream in a6770d0f1).
 */
export function quantityValue(value: QuantityInput): number {
  if (typeof value === 'number') return value;
  if (!QUANTITY.test(value)) throw new Error(`not a quantity: ${value}`);
  const suffix = /(?:[KMGTPE]i|[numkMGTPE])$/.exec(value)?.[0];
  if (suffix === undefined) return Number(value);
  return mulf(value.slice(0, value.length - suffix.length), MULTIPLIERS[suffix]);
}

/** The quantity as the string Kubernetes (and the chart) would carry: numbers printed plainly. */
export function quantityString(value: QuantityInput): string {
  return typeof value === 'number' ? String(value) : value;
}
