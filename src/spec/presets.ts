import { divf, goFloatString } from './decimal';
import type { Exactly } from './exactly';
import { quantityString, quantityValue, type QuantityInput, type QuantityString } from './quantity';

/** The sizes of the instance-type presets, smallest first: CPU nano 250m, micro 500m, small 1 … 4xlarge 32. */
export const PRESET_SIZES = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge', '4xlarge'] as const;

/** The series of the instance-type presets and their memory per CPU: t1 ½ GiB, c1 1, s1 2, u1 4, m1 8. */
export const PRESET_SERIES = ['t1', 'c1', 's1', 'u1', 'm1'] as const;

/** An instance-type preset (platform release v1.5): `<series>.<size>`, e.g. `c1.medium` (2 CPU, 2Gi). */
export type SeriesResourcesPreset = `${(typeof PRESET_SERIES)[number]}.${(typeof PRESET_SIZES)[number]}`;

/**
 * A preset name of the seed platform, accepted on every platform release with its old numbers. Deprecated on v1.5 in
 * favour of the instance-type name with the same numbers (the platform's migration 39 renames them): `nano` →
 * `t1.nano`, `micro` → `t1.micro`, `small` → `t1.small`, `medium` → `c1.small`, `large` → `c1.medium`, `xlarge` →
 * `c1.large`, `2xlarge` → `c1.xlarge`. Note that a legacy name keeps its numbers: `medium` is 1 CPU / 1Gi, not
 * `c1.medium`'s 2 CPU / 2Gi.
 */
export type LegacyResourcesPreset = 'nano' | 'micro' | 'small' | 'medium' | 'large' | 'xlarge' | '2xlarge';

/**
 * Named resource presets for control-plane components (the product page's `resourcesPreset`): the instance-type
 * presets (platform release v1.5 only) and the legacy names (every release; deprecated aliases, see
 * `LegacyResourcesPreset`). An object of constants and the union of its values: TypeScript callers write the literal
 * (`'c1.medium'`), other languages get an enum (`ResourcesPreset.C1_Medium`, `ResourcesPreset.LegacyMedium`).
 */
export const ResourcesPreset = {
  T1_Nano: 't1.nano',
  T1_Micro: 't1.micro',
  T1_Small: 't1.small',
  T1_Medium: 't1.medium',
  T1_Large: 't1.large',
  T1_XLarge: 't1.xlarge',
  T1_2XLarge: 't1.2xlarge',
  T1_4XLarge: 't1.4xlarge',
  C1_Nano: 'c1.nano',
  C1_Micro: 'c1.micro',
  C1_Small: 'c1.small',
  C1_Medium: 'c1.medium',
  C1_Large: 'c1.large',
  C1_XLarge: 'c1.xlarge',
  C1_2XLarge: 'c1.2xlarge',
  C1_4XLarge: 'c1.4xlarge',
  S1_Nano: 's1.nano',
  S1_Micro: 's1.micro',
  S1_Small: 's1.small',
  S1_Medium: 's1.medium',
  S1_Large: 's1.large',
  S1_XLarge: 's1.xlarge',
  S1_2XLarge: 's1.2xlarge',
  S1_4XLarge: 's1.4xlarge',
  U1_Nano: 'u1.nano',
  U1_Micro: 'u1.micro',
  U1_Small: 'u1.small',
  U1_Medium: 'u1.medium',
  U1_Large: 'u1.large',
  U1_XLarge: 'u1.xlarge',
  U1_2XLarge: 'u1.2xlarge',
  U1_4XLarge: 'u1.4xlarge',
  M1_Nano: 'm1.nano',
  M1_Micro: 'm1.micro',
  M1_Small: 'm1.small',
  M1_Medium: 'm1.medium',
  M1_Large: 'm1.large',
  M1_XLarge: 'm1.xlarge',
  M1_2XLarge: 'm1.2xlarge',
  M1_4XLarge: 'm1.4xlarge',
  LegacyNano: 'nano',
  LegacyMicro: 'micro',
  LegacySmall: 'small',
  LegacyMedium: 'medium',
  LegacyLarge: 'large',
  LegacyXLarge: 'xlarge',
  Legacy2XLarge: '2xlarge',
} as const;
export type ResourcesPreset = (typeof ResourcesPreset)[keyof typeof ResourcesPreset];

// The constants are exactly the series and legacy names: a name missing on either side fails to compile.
const PRESET_CONSTANTS_COMPLETE: Exactly<ResourcesPreset, SeriesResourcesPreset | LegacyResourcesPreset> = true;
void PRESET_CONSTANTS_COMPLETE;

/** Flat resource limits before sanitising (cozy-lib `unsanitizedPreset`). */
export interface PresetLimits {
  readonly cpu: string;
  readonly memory: string;
  readonly 'ephemeral-storage': string;
}

/** The legacy preset table of cozy-lib (seed and v1.5.4 alike). */
const LEGACY_PRESETS: Readonly<Record<LegacyResourcesPreset, PresetLimits>> = {
  nano: { cpu: '250m', memory: '128Mi', 'ephemeral-storage': '2Gi' },
  micro: { cpu: '500m', memory: '256Mi', 'ephemeral-storage': '2Gi' },
  small: { cpu: '1', memory: '512Mi', 'ephemeral-storage': '2Gi' },
  medium: { cpu: '1', memory: '1Gi', 'ephemeral-storage': '2Gi' },
  large: { cpu: '2', memory: '2Gi', 'ephemeral-storage': '2Gi' },
  xlarge: { cpu: '4', memory: '4Gi', 'ephemeral-storage': '2Gi' },
  '2xlarge': { cpu: '8', memory: '8Gi', 'ephemeral-storage': '2Gi' },
};

/** The instance-type names of the legacy presets (platform migration 39): equal numbers. */
export const LEGACY_PRESET_EQUIVALENTS: Readonly<Record<LegacyResourcesPreset, SeriesResourcesPreset>> = Object.freeze({
  nano: 't1.nano',
  micro: 't1.micro',
  small: 't1.small',
  medium: 'c1.small',
  large: 'c1.medium',
  xlarge: 'c1.large',
  '2xlarge': 'c1.xlarge',
});

/** CPU of each size, as cozy-lib writes it. */
const SIZE_CPU: Readonly<Record<(typeof PRESET_SIZES)[number], string>> = {
  nano: '250m',
  micro: '500m',
  small: '1',
  medium: '2',
  large: '4',
  xlarge: '8',
  '2xlarge': '16',
  '4xlarge': '32',
};

/** Memory of each series at size nano, in MiB; every size up doubles it. */
const SERIES_NANO_MIB: Readonly<Record<(typeof PRESET_SERIES)[number], number>> = { t1: 128, c1: 256, s1: 512, u1: 1024, m1: 2048 };

/** `128Mi`, `1Gi`, `256Gi`: whole GiB in Gi, the rest in Mi. */
function memoryString(mib: number): string {
  return mib % 1024 === 0 ? `${mib / 1024}Gi` : `${mib}Mi`;
}

/** The 40 instance-type presets of cozy-lib v1.5.4 (`_resourcepresets.tpl`, af86c9d5b), series by series. */
export const SERIES_PRESET_NAMES: readonly SeriesResourcesPreset[] = Object.freeze(
  PRESET_SERIES.flatMap((series) => PRESET_SIZES.map((size): SeriesResourcesPreset => `${series}.${size}`)),
);

/** The legacy preset names, in the product page's order. */
export const LEGACY_PRESET_NAMES = Object.freeze(Object.keys(LEGACY_PRESETS)) as readonly LegacyResourcesPreset[];

/** cozy-lib's preset table: these are limits; requests are derived from them by the allocation ratios. */
export const RESOURCE_PRESETS: Readonly<Record<ResourcesPreset, PresetLimits>> = Object.freeze({
  ...(Object.fromEntries(
    PRESET_SERIES.flatMap((series) =>
      PRESET_SIZES.map((size, i) => [
        `${series}.${size}`,
        Object.freeze({ cpu: SIZE_CPU[size], memory: memoryString(SERIES_NANO_MIB[series] * 2 ** i), 'ephemeral-storage': '2Gi' }),
      ]),
    ),
  ) as Record<SeriesResourcesPreset, PresetLimits>),
  ...LEGACY_PRESETS,
});

/** Every preset name: the instance-type presets, then the legacy names (the v1.5.4 schema's enum order). */
export const PRESET_NAMES = Object.freeze([...SERIES_PRESET_NAMES, ...LEGACY_PRESET_NAMES]) as readonly ResourcesPreset[];

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
  readonly cpu?: QuantityString;
  /** Memory, e.g. `"4Gi"`. @default - from the preset */
  readonly memory?: QuantityString;
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
