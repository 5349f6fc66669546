import { divf, goFloatString } from './decimal';
import { quantityString, quantityValue, type QuantityInput } from './quantity';

/** Named resource presets for control-plane components (the product page's `resourcesPreset`). */
export type ResourcesPreset = 'nano' | 'micro' | 'small' | 'medium' | 'large' | 'xlarge' | '2xlarge';

/** Flat resource limits before sanitising (cozy-lib `unsanitizedPreset`). */
export interface PresetLimits {
  readonly cpu: string;
  readonly memory: string;
  readonly 'ephemeral-storage': string;
}

/** cozy-lib's preset table: these are limits; requests are derived from them by the allocation ratios. */
export const RESOURCE_PRESETS: Readonly<Record<ResourcesPreset, PresetLimits>> = Object.freeze({
  nano: { cpu: '250m', memory: '128Mi', 'ephemeral-storage': '2Gi' },
  micro: { cpu: '500m', memory: '256Mi', 'ephemeral-storage': '2Gi' },
  small: { cpu: '1', memory: '512Mi', 'ephemeral-storage': '2Gi' },
  medium: { cpu: '1', memory: '1Gi', 'ephemeral-storage': '2Gi' },
  large: { cpu: '2', memory: '2Gi', 'ephemeral-storage': '2Gi' },
  xlarge: { cpu: '4', memory: '4Gi', 'ephemeral-storage': '2Gi' },
  '2xlarge': { cpu: '8', memory: '8Gi', 'ephemeral-storage': '2Gi' },
});

/** The preset names, in the product page's order. */
export const PRESET_NAMES = Object.keys(RESOURCE_PRESETS) as readonly ResourcesPreset[];

/**
 * How far requests may be overcommitted below limits (the platform's `cozy-system/cozystack` ConfigMap):
 * request = limit ÷ ratio.
 */
export interface AllocationRatios {
  /** @default 10 */
  readonly cpu?: number;
  /** @default 1 */
  readonly memory?: number;
  /** @default 40 */
  readonly ephemeralStorage?: number;
}

/** The platform defaults for {@link AllocationRatios}. */
export const DEFAULT_ALLOCATION_RATIOS: Required<AllocationRatios> = Object.freeze({ cpu: 10, memory: 1, ephemeralStorage: 40 });

/** Container resources as the chart renders them: every value a string. */
export interface SanitizedResources {
  readonly limits: Readonly<Record<string, string>>;
  readonly requests: Readonly<Record<string, string>>;
}

/** Explicit resources a user may give instead of a preset (empty strings mean "not set"). */
export interface ResourceAmounts {
  /** CPU, e.g. `"2"` or `"500m"`. @default - from the preset */
  readonly cpu?: QuantityInput;
  /** Memory, e.g. `"4Gi"`. @default - from the preset */
  readonly memory?: QuantityInput;
}

/**
 * cozy-lib `sanitize`: turns a flat map of limits into limits and requests. CPU requests are `limit ÷ cpu ratio`
 * printed as Go prints a float (`"0.1"`); memory and ephemeral-storage requests are whole byte counts
 * (`"1073741824"`); other keys are copied to both.
 */
export function sanitizeResources(flat: Readonly<Record<string, QuantityInput>>, ratios: Required<AllocationRatios>): SanitizedResources {
  const limits: Record<string, string> = {};
  const requests: Record<string, string> = {};
  for (const key of Object.keys(flat).sort()) {
    const value = flat[key];
    limits[key] = quantityString(value);
    switch (key) {
      case 'cpu':
        requests[key] = goFloatString(divf(quantityValue(value), ratios.cpu));
        break;
      case 'memory':
        requests[key] = String(Math.trunc(divf(quantityValue(value), ratios.memory)));
        break;
      case 'ephemeral-storage':
        requests[key] = String(Math.trunc(divf(quantityValue(value), ratios.ephemeralStorage)));
        break;
      default:
        requests[key] = quantityString(value);
    }
  }
  return { limits, requests };
}

/**
 * cozy-lib `defaultingSanitize`: the preset's limits, overridden by any explicit cpu/memory, then sanitised.
 */
export function defaultingSanitize(
  preset: ResourcesPreset,
  resources: ResourceAmounts | undefined,
  ratios: Required<AllocationRatios>,
): SanitizedResources {
  const flat: Record<string, QuantityInput> = { ...RESOURCE_PRESETS[preset] };
  if (resources?.cpu !== undefined && resources.cpu !== '') flat.cpu = resources.cpu;
  if (resources?.memory !== undefined && resources.memory !== '') flat.memory = resources.memory;
  return sanitizeResources(flat, ratios);
}
