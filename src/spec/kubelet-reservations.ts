// Kubelet reservations of a node group, on platform lines that reserve (`kubeletReservations`): the automatic
// amounts, the seven rules a description's values must pass, and what remains of a VM for pods (the autoscaler's
// capacity). The amounts and rules are Cozystack v1.5.4's (delta §1.2.2, §1.2.5); the arithmetic is exact.
import * as check from './checks';
import { child } from './checks';
import { DEFAULTS } from './defaults';
import type { ProblemCollector } from './errors';
import { KUBELET_KEYS } from './field-keys';
import { LIMITS } from './limits';
import type { QuantityInput } from './quantity';
import type { ResolvedKubeletReservations } from './resolved';
import type { KubeletReservationsSpec } from './types';

/** An exact non-negative rational number, numerator over a positive denominator. */
interface Ratio {
  readonly n: bigint;
  readonly d: bigint;
}

const MI = 1048576n;

/**
 * The reference chart's memory quantity pattern, narrowed to what Kubernetes parses: a number with an exponent or
 * a suffix, not both (the chart's pattern also takes `1e3Mi`, which the kubelet refuses to start with).
 */
const MEMORY = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+|[KMGTPE]i|[kMGTPE])?$/;
/** Whole millicores (`100m`) or decimal cores (`0.5`, `1`). */
const CPU = /^(?:\d+m|\d+(?:\.\d+)?)$/;
/** The number of a percentage, before its `%`. */
const PERCENT_NUMBER = /^\d+(?:\.\d+)?$/;
/** Exponents beyond this are not sizes of anything (and would make the exact arithmetic needlessly large). */
const MAX_EXPONENT = 100;

/** Bounds of the automatic reservations (each of system and kube): 5% of the VM, clamped. */
export const AUTO_RESERVATION = Object.freeze({
  percent: 5n,
  minMemoryMi: 256n,
  maxMemoryMi: 1024n,
  minMillicores: 50n,
  maxMillicores: 500n,
});

const SUFFIX_FACTOR: Readonly<Record<string, Ratio>> = {
  Ki: { n: 1024n, d: 1n },
  Mi: { n: MI, d: 1n },
  Gi: { n: 1024n * MI, d: 1n },
  Ti: { n: 1024n * 1024n * MI, d: 1n },
  Pi: { n: 1024n ** 3n * MI, d: 1n },
  Ei: { n: 1024n ** 4n * MI, d: 1n },
  n: { n: 1n, d: 10n ** 9n },
  u: { n: 1n, d: 10n ** 6n },
  m: { n: 1n, d: 1000n },
  k: { n: 1000n, d: 1n },
  M: { n: 10n ** 6n, d: 1n },
  G: { n: 10n ** 9n, d: 1n },
  T: { n: 10n ** 12n, d: 1n },
  P: { n: 10n ** 15n, d: 1n },
  E: { n: 10n ** 18n, d: 1n },
};

const NUMBER = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * The exact value of a non-negative quantity (`"4Gi"`, `"1.5"`, `"500e6"`, `"100m"`, `2`); `undefined` when it is
 * none or its exponent is beyond {@link MAX_EXPONENT}.
 */
export function quantityRatio(value: QuantityInput): Ratio | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  const suffix = /(?:[KMGTPE]i|[numkMGTPE])$/.exec(text)?.[0];
  const m = NUMBER.exec(suffix === undefined ? text : text.slice(0, text.length - suffix.length));
  if (m === null || (m[1] === '' && (m[2] ?? '') === '')) return undefined;
  const exponent = Number(m[3] ?? 0);
  if (Math.abs(exponent) > MAX_EXPONENT) return undefined;
  const fraction = m[2] ?? '';
  let n = BigInt(`${m[1]}${fraction}` || '0');
  let d = 10n ** BigInt(fraction.length);
  if (exponent >= 0) n *= 10n ** BigInt(exponent);
  else d *= 10n ** BigInt(-exponent);
  const factor = suffix === undefined ? { n: 1n, d: 1n } : SUFFIX_FACTOR[suffix];
  return { n: n * factor.n, d: d * factor.d };
}

const add = (a: Ratio, b: Ratio): Ratio => ({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
const sub = (a: Ratio, b: Ratio): Ratio => ({ n: a.n * b.d - b.n * a.d, d: a.d * b.d });
const less = (a: Ratio, b: Ratio): boolean => a.n * b.d < b.n * a.d;
const whole = (n: bigint): Ratio => ({ n, d: 1n });
/** Rounded toward minus infinity. */
function floor(r: Ratio): bigint {
  const q = r.n / r.d;
  return r.n < 0n && q * r.d !== r.n ? q - 1n : q;
}
/** Rounded toward plus infinity. */
const ceil = (r: Ratio): bigint => -floor({ n: -r.n, d: r.d });
const clamp = (v: bigint, lo: bigint, hi: bigint): bigint => (v < lo ? lo : v > hi ? hi : v);

/** Millicores of a CPU quantity as the chart counts them: `"100m"` is 100; otherwise cores × 1000, truncated. */
export function millicores(value: QuantityInput): bigint | undefined {
  const r = quantityRatio(value);
  return r === undefined ? undefined : floor({ n: r.n * 1000n, d: r.d });
}

/** The automatic memory reservation in Mi: 5% of the whole Mi of the VM's memory, within 256–1024; 256 without memory. */
export function autoReservedMemoryMi(memory: QuantityInput | undefined): bigint {
  const bytes = memory === undefined ? undefined : quantityRatio(memory);
  if (bytes === undefined) return AUTO_RESERVATION.minMemoryMi;
  const mi = floor({ n: bytes.n, d: bytes.d * MI });
  return clamp((mi * AUTO_RESERVATION.percent) / 100n, AUTO_RESERVATION.minMemoryMi, AUTO_RESERVATION.maxMemoryMi);
}

/** The automatic CPU reservation in millicores: 5% of the VM's, within 50–500; 50 without CPU. */
export function autoReservedMillicores(cpu: QuantityInput | undefined): bigint {
  const mc = cpu === undefined ? undefined : millicores(cpu);
  if (mc === undefined) return AUTO_RESERVATION.minMillicores;
  return clamp((mc * AUTO_RESERVATION.percent) / 100n, AUTO_RESERVATION.minMillicores, AUTO_RESERVATION.maxMillicores);
}

/** The size of one VM of the group, as written (`resources`, else the instance type's guest size). */
export interface VmSize {
  readonly cpu: QuantityInput | undefined;
  readonly memory: QuantityInput | undefined;
}

type Key = keyof KubeletReservationsSpec;
const MEMORY_KEYS = ['systemReservedMemory', 'kubeReservedMemory'] as const;
const CPU_KEYS = ['systemReservedCpu', 'kubeReservedCpu'] as const;
const EVICTION_KEYS = ['evictionHardMemory', 'evictionSoftMemory'] as const;
const EVICTION_EXAMPLE: Readonly<Record<(typeof EVICTION_KEYS)[number], string>> = { evictionHardMemory: '7%', evictionSoftMemory: '10%' };

/** An eviction threshold: a percentage of the VM's memory, or an amount of memory. */
type Threshold = { readonly percent: Ratio } | { readonly bytes: Ratio };

/**
 * Resolves `nodeGroups.<g>.kubelet` for a VM of `vm`'s size: every value given is checked (the seven rules, each
 * problem at the key it is about, or at `path` when it is about the sum), every value left out gets its default.
 * `undefined` when a problem was found.
 */
export function resolveKubeletReservations(c: ProblemCollector, path: string, raw: unknown, vm: VmSize): ResolvedKubeletReservations | undefined {
  const before = c.count;
  const f = check.object(c, path, raw, KUBELET_KEYS) ?? {};
  const given: Partial<Record<Key, string>> = {};
  for (const key of KUBELET_KEYS) {
    const v = check.string(c, child(path, key), f[key], { maxLength: LIMITS.scalarTextLength });
    if (v !== undefined) given[key] = v;
  }
  const memoryBytes = vm.memory === undefined ? undefined : quantityRatio(vm.memory);
  const vmMillicores = vm.cpu === undefined ? undefined : millicores(vm.cpu);

  // Rules 1 and 2: each reservation given is a quantity of its kind, and positive.
  const amount = (key: Key, pattern: RegExp, what: string): Ratio | undefined => {
    const v = given[key];
    if (v === undefined) return undefined;
    const r = pattern.test(v) ? quantityRatio(v) : undefined;
    if (r === undefined) c.add(child(path, key), v, `must be ${what}`);
    else if (r.n === 0n) c.add(child(path, key), v, 'must be a positive value');
    return r;
  };
  for (const key of MEMORY_KEYS) amount(key, MEMORY, 'a Kubernetes memory quantity (e.g. 128Mi, 1Gi, 1e9, 500e6)');
  for (const key of CPU_KEYS) amount(key, CPU, 'a Kubernetes CPU quantity: whole millicores (e.g. 100m) or cores (e.g. 0.5, 1)');

  // Rules 3 and 4: each threshold is a percentage in (0, 100] or a memory quantity; both of one kind; hard below soft.
  const values = {
    evictionHardMemory: given.evictionHardMemory ?? DEFAULTS.evictionHardMemory,
    evictionSoftMemory: given.evictionSoftMemory ?? DEFAULTS.evictionSoftMemory,
  };
  const thresholds: Partial<Record<(typeof EVICTION_KEYS)[number], Threshold>> = {};
  for (const key of EVICTION_KEYS) {
    const v = values[key];
    if (v.endsWith('%')) {
      const number = v.slice(0, -1);
      const percent = PERCENT_NUMBER.test(number) ? quantityRatio(number) : undefined;
      if (percent === undefined) c.add(child(path, key), v, `is not a percentage: "${number}" is not a number`);
      else if (percent.n === 0n || less(whole(100n), percent)) c.add(child(path, key), v, 'must be a percentage greater than 0 and at most 100');
      else thresholds[key] = { percent };
    } else {
      const bytes = MEMORY.test(v) ? quantityRatio(v) : undefined;
      if (bytes === undefined)
        c.add(child(path, key), v, `must be a percentage (e.g. ${EVICTION_EXAMPLE[key]}) or a Kubernetes memory quantity (e.g. 500Mi, 1Gi, 1e9)`);
      else thresholds[key] = { bytes };
    }
  }
  const { evictionHardMemory: hard, evictionSoftMemory: soft } = thresholds;
  if (hard !== undefined && soft !== undefined) {
    if ('percent' in hard !== 'percent' in soft) {
      // Where the user wrote an amount: overriding one threshold alone with an amount always mixes the kinds.
      const at = given.evictionHardMemory === undefined ? 'evictionSoftMemory' : 'evictionHardMemory';
      const other = at === 'evictionHardMemory' ? 'evictionSoftMemory' : 'evictionHardMemory';
      const defaulted = given[other] === undefined ? `; ${other} defaults to ${values[other]}` : '';
      c.add(
        child(path, at),
        values[at],
        `and ${other} (${values[other]}) must be of one kind, both percentages or both memory quantities${defaulted}`,
      );
    } else if (!less('percent' in hard ? hard.percent : hard.bytes, 'percent' in soft ? soft.percent : soft.bytes)) {
      const at = given.evictionHardMemory === undefined ? 'evictionSoftMemory' : 'evictionHardMemory';
      c.add(
        child(path, at),
        values[at],
        at === 'evictionHardMemory'
          ? `must be strictly less than evictionSoftMemory (${values.evictionSoftMemory})`
          : `must be strictly greater than evictionHardMemory (${values.evictionHardMemory})`,
      );
    }
  }

  // Rule 7: overrides are checked against the VM's size, which must be known.
  if (memoryBytes === undefined) {
    for (const key of [...MEMORY_KEYS, ...EVICTION_KEYS])
      if (given[key] !== undefined)
        c.add(child(path, key), given[key], "cannot be checked without the VM's memory: set resources.memory or an instanceType");
  }
  if (vmMillicores === undefined) {
    for (const key of CPU_KEYS)
      if (given[key] !== undefined)
        c.add(child(path, key), given[key], "cannot be checked without the VM's CPU: set resources.cpu or an instanceType");
  }
  if (c.count > before) return undefined;

  const autoMi = autoReservedMemoryMi(vm.memory);
  const autoMc = autoReservedMillicores(vm.cpu);
  const resolved = {
    systemReservedMemory: given.systemReservedMemory ?? `${autoMi}Mi`,
    kubeReservedMemory: given.kubeReservedMemory ?? `${autoMi}Mi`,
    systemReservedCpu: given.systemReservedCpu ?? `${autoMc}m`,
    kubeReservedCpu: given.kubeReservedCpu ?? `${autoMc}m`,
    ...values,
  };
  // Every value is valid here; the VM's size is known whenever a value was given (rule 7).
  const allocatable: { cpu: string | undefined; memory: string | undefined } = { cpu: undefined, memory: undefined };
  if (memoryBytes !== undefined) {
    const threshold = thresholds.evictionHardMemory!;
    const hardBytes =
      'percent' in threshold ? { n: threshold.percent.n * memoryBytes.n, d: threshold.percent.d * memoryBytes.d * 100n } : threshold.bytes;
    const reserved = add(add(quantityRatio(resolved.systemReservedMemory)!, quantityRatio(resolved.kubeReservedMemory)!), hardBytes);
    // Rule 5: the reservations and the hard threshold leave memory for pods.
    if (!less(reserved, memoryBytes)) {
      c.add(
        path,
        {
          systemReservedMemory: resolved.systemReservedMemory,
          kubeReservedMemory: resolved.kubeReservedMemory,
          evictionHardMemory: resolved.evictionHardMemory,
        },
        `total reserved memory (systemReservedMemory=${resolved.systemReservedMemory} + kubeReservedMemory=${resolved.kubeReservedMemory} + evictionHardMemory=${resolved.evictionHardMemory}) must be less than the VM's memory (${String(vm.memory)})${autoHint(given, MEMORY_KEYS)}`,
      );
    }
    const left = sub(memoryBytes, reserved);
    allocatable.memory = `${floor({ n: left.n, d: left.d * MI })}Mi`;
  }
  if (vmMillicores !== undefined) {
    const reserved = millicores(resolved.systemReservedCpu)! + millicores(resolved.kubeReservedCpu)!;
    // Rule 6: the reservations leave CPU for pods.
    if (reserved >= vmMillicores) {
      c.add(
        path,
        { systemReservedCpu: resolved.systemReservedCpu, kubeReservedCpu: resolved.kubeReservedCpu },
        `total reserved CPU (systemReservedCpu=${resolved.systemReservedCpu} + kubeReservedCpu=${resolved.kubeReservedCpu}) must be less than the VM's CPU (${String(vm.cpu)} cores)${autoHint(given, CPU_KEYS)}`,
      );
    }
    allocatable.cpu = `${ceil(whole(vmMillicores - reserved))}m`;
  }
  if (c.count > before) return undefined;
  return { ...resolved, allocatable };
}

/** For a sum of automatic reservations that does not fit: what to do about it. */
function autoHint(given: Partial<Record<Key, string>>, keys: readonly Key[]): string {
  return keys.every((k) => given[k] === undefined) ? ' (the automatic reservations; give a larger VM, or smaller reservations)' : '';
}
