import type { PlatformLine } from './platform-lines/types';
import type { QuantityString } from './quantity';
import { quantityValue } from './quantity';

/** Guest size of a KubeVirt VirtualMachineClusterInstancetype. */
export interface InstanceTypeSize {
  /** Guest vCPUs (`spec.cpu.guest`). */
  readonly cpu: number;
  /** Guest memory (`spec.memory.guest`), e.g. `4Gi`. */
  readonly memory: QuantityString;
  /**
   * Device names of the GPUs the type brings (`spec.gpus[].deviceName`), e.g. `['nvidia.com/A400']`. A node group
   * using such a type must not list `gpus` itself: KubeVirt rejects a VM that sets what its instance type sets.
   * @default - none (the platform's gn1 types bring theirs)
   */
  readonly gpus?: string[];
}

/** The instance types known for a cluster: the platform line's, plus any the caller declares (which win). */
export function knownInstanceTypes(
  line: Pick<PlatformLine, 'instanceTypes'>,
  extra?: Readonly<Record<string, InstanceTypeSize>>,
): Readonly<Record<string, InstanceTypeSize>> {
  return extra === undefined ? line.instanceTypes : { ...line.instanceTypes, ...extra };
}

/**
 * The GPUs an instance type of `table` brings: a declared type's own `gpus`, or the line's data for a platform type
 * (a declared entry replacing a platform type by name describes the whole type).
 */
export function instanceTypeGpus(
  table: Readonly<Record<string, InstanceTypeSize>>,
  name: string,
  line: Pick<PlatformLine, 'instanceTypes' | 'instanceTypeGpus'>,
): readonly string[] {
  if (!Object.hasOwn(table, name)) return [];
  const entry = table[name];
  if (entry.gpus !== undefined) return entry.gpus;
  return entry === line.instanceTypes[name] && Object.hasOwn(line.instanceTypeGpus, name) ? line.instanceTypeGpus[name] : [];
}

/**
 * An instance type of `table` of the same size as `name` that brings no GPUs (a `u1` type when there is one), for a
 * message that says what to write instead; `undefined` when none is.
 */
export function sameSizeWithoutGpus(
  table: Readonly<Record<string, InstanceTypeSize>>,
  name: string,
  line: Pick<PlatformLine, 'instanceTypes' | 'instanceTypeGpus'>,
): string | undefined {
  if (!Object.hasOwn(table, name)) return undefined;
  const size = table[name];
  const matches = Object.keys(table)
    .sort()
    .filter(
      (other) =>
        other !== name &&
        table[other].cpu === size.cpu &&
        quantityValue(table[other].memory) === quantityValue(size.memory) &&
        instanceTypeGpus(table, other, line).length === 0,
    );
  return matches.find((m) => m.startsWith('u1.')) ?? matches[0];
}
