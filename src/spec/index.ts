// The public surface of the description of a tenant cluster, shared by both entry points: the input types, the
// resolved description, its validation error, the supported versions, the platform lines and built-in addon ids. Everything else in
// spec/ is internal.
export type * from './types';
export type * from './resolved';
export type { ClusterNames } from './names';
export { SpecValidationError, type SpecProblem } from './errors';
export { KubernetesVersion, KubernetesMinorVersion } from './versions';
export { PLATFORM_LINES, PLATFORM_RELEASES, DEFAULT_PLATFORM_RELEASE, PlatformRelease, platformLine } from './platform-lines';
export type { LineKubernetesVersion, PlatformLine } from './platform-lines';
// The constants of the string enums (each also a type, the union of its values): other languages get them as enums.
export { IngressNginxExposeMethod } from './types';
export { ResourcesPreset } from './presets';
export type { QuantityString } from './quantity';
export { BUILT_IN_ADDON_IDS } from './addon-ids';
