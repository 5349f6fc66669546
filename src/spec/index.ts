// The public surface of the description of a tenant cluster, shared by both entry points: the input types, the
// resolved description, its validation error, the supported versions, the platform lines and built-in addon ids. Everything else in
// spec/ is internal.
export type * from './types';
export type * from './resolved';
export type { ClusterNames } from './names';
export { SpecValidationError, type SpecProblem } from './errors';
export { KubernetesVersion } from './versions';
export { PLATFORM_LINES, PLATFORM_RELEASES, DEFAULT_PLATFORM_RELEASE, platformLine } from './platform-lines';
export type { LineKubernetesVersion, PlatformLine, PlatformRelease } from './platform-lines';
export { BUILT_IN_ADDON_IDS } from './addon-ids';
