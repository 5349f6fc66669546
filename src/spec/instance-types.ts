import { PLATFORM_INSTANCE_TYPES } from './instance-types.data';
import type { QuantityInput } from './quantity';

/** Guest size of a KubeVirt VirtualMachineClusterInstancetype. */
export interface InstanceTypeSize {
  /** Guest vCPUs (`spec.cpu.guest`). */
  readonly cpu: number;
  /** Guest memory (`spec.memory.guest`), e.g. `4Gi`. */
  readonly memory: QuantityInput;
}

export { PLATFORM_INSTANCE_TYPES };

/** The instance types known for a cluster: the platform's, plus any the caller declares (which win). */
export function knownInstanceTypes(extra?: Readonly<Record<string, InstanceTypeSize>>): Readonly<Record<string, InstanceTypeSize>> {
  return extra === undefined ? PLATFORM_INSTANCE_TYPES : { ...PLATFORM_INSTANCE_TYPES, ...extra };
}
