// The one test matrix every tier runs over (unit, schema, server, controllers): the node-group shapes, the
// datastores, the supported Kubernetes versions and the addon toggles with all their combinations. A shape, version
// or toggle added here is checked by every tier; no tier keeps a copy of its own.
import type { AddonsSpec, NodeGroupSpec } from '../../src/spec/types';
import { PLATFORM_LINES, type PlatformRelease } from '../../src/spec/platform-lines';

export const NODE_GROUP_SHAPES: Readonly<Record<string, Readonly<Record<string, NodeGroupSpec>> | undefined>> = {
  default: undefined,
  instanceTypes: { md0: { instanceType: 'u1.large', minReplicas: 1, maxReplicas: 3 }, big: { instanceType: 'm1.2xlarge' } },
  resources: { md0: { resources: { cpu: '4', memory: '16Gi' }, ephemeralStorage: '50Gi' } },
  gpus: {
    gpu: { instanceType: 'u1.xlarge', gpus: [{ name: 'nvidia.com/AD102GL_L40S' }, { name: 'nvidia.com/GA100' }] },
    gpures: { resources: { cpu: '8', memory: '32Gi' }, gpus: [{ name: 'nvidia.com/GA100' }] },
  },
  roles: { ingress: { roles: ['ingress-nginx', 'storage', 'edge.example.com'] }, plain: { roles: [] } },
  healthAndRetained: {
    md0: {
      instanceType: 'u1.large',
      healthCheck: { maxUnhealthy: '40%', unknownTimeout: '1m' },
      retainedTemplates: [{ instanceType: 'u1.medium' }, { resources: { cpu: '2', memory: '4Gi' } }],
    },
  },
  several: {
    small: { instanceType: 'u1.small', minReplicas: 2, maxReplicas: 4 },
    medium: { instanceType: 'u1.medium', minReplicas: 1, maxReplicas: 2, roles: ['worker'] },
    sized: { resources: { cpu: '2', memory: '4Gi' }, ephemeralStorage: '30Gi' },
  },
  empty: {},
};

/** The shape names, in matrix order. */
export const SHAPES: readonly string[] = Object.keys(NODE_GROUP_SHAPES);

/** `tenant.dataStoreName` per datastore kind: none makes a dedicated etcd. */
export const DATASTORES: Readonly<Record<'dedicated' | 'shared', string | undefined>> = { dedicated: undefined, shared: 'tenant-root' };

export type Datastore = keyof typeof DATASTORES;

/** The datastore kinds, in matrix order (dedicated first). */
export const DATASTORE_KINDS: readonly Datastore[] = ['dedicated', 'shared'];

/** The Kubernetes minor versions of a platform line (`v1.28` …), oldest first: the library's own list, not a copy. */
export function versionsOf(release: PlatformRelease): readonly string[] {
  return PLATFORM_LINES[release].versions.map((v) => v.minor);
}

/** The versions of platform release v0.37 (the tiers that run one line). */
export const VERSIONS: readonly string[] = versionsOf('v0.37');

/** versions × node-group shapes × datastores of a line, in that nesting order: `[version, shape, datastore]`. */
export function shapeMatrix(release: PlatformRelease = 'v0.37'): Array<[string, string, Datastore]> {
  return versionsOf(release).flatMap((v) => SHAPES.flatMap((shape) => DATASTORE_KINDS.map((ds): [string, string, Datastore] => [v, shape, ds])));
}

/** The optional addons a spec switches on with `{ enabled: true }`, whose every combination the tiers render. */
export const ADDON_TOGGLES = [
  'certManager',
  'gatewayAPI',
  'ingressNginx',
  'gpuOperator',
  'fluxcd',
  'monitoringAgents',
  'velero',
] as const satisfies ReadonlyArray<keyof AddonsSpec>;

/** The toggles only platform release v1.5 has, and the toggle each needs (its render-time rule). */
export const V1_5_ADDON_TOGGLES = { hami: 'gpuOperator', ouroboros: 'ingressNginx' } as const satisfies Partial<Record<keyof AddonsSpec, string>>;

export type AddonToggle = (typeof ADDON_TOGGLES)[number] | keyof typeof V1_5_ADDON_TOGGLES;

/** A line's toggles: ADDON_TOGGLES, and on v1.5 also hami and ouroboros. */
export function addonTogglesOf(release: PlatformRelease): readonly AddonToggle[] {
  return release === 'v1.5' ? [...ADDON_TOGGLES, ...(Object.keys(V1_5_ADDON_TOGGLES) as AddonToggle[])] : ADDON_TOGGLES;
}

/**
 * Every subset of a line's toggles (bit i of the index switches toggle i on) that the line accepts (on v1.5, hami
 * only with gpuOperator and ouroboros only with ingressNginx), in index order, with its display name.
 */
export function addonCombinations(release: PlatformRelease = 'v0.37'): Array<{ readonly name: string; readonly on: AddonToggle[] }> {
  const toggles = addonTogglesOf(release);
  const needs: Readonly<Record<string, string>> = V1_5_ADDON_TOGGLES;
  return Array.from({ length: 1 << toggles.length }, (_, mask) => toggles.filter((_, i) => mask & (1 << i)))
    .filter((on) => on.every((t) => needs[t] === undefined || on.includes(needs[t] as AddonToggle)))
    .map((on) => ({ name: on.join('+') || 'none', on }));
}
