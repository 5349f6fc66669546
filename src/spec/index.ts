// The public surface of the description of a tenant cluster, shared by both entry points: the input types, the
// resolved description, its validation error, the supported versions and built-in addon ids. Everything else in
// spec/ is internal.
export type * from './types';
export type * from './resolved';
export type { ClusterNames } from './names';
export { SpecValidationError, type SpecProblem } from './errors';
export { KubernetesVersion } from './versions';
export { BUILT_IN_ADDON_IDS } from './addon-ids';
