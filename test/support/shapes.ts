// The node-group shapes and datastores every tier runs its matrix over (schema, server, controllers), so that a
// shape added for one tier is checked by all of them.
import type { NodeGroupSpec } from '../../src/spec/types';

export const NODE_GROUP_SHAPES: Readonly<Record<string, Readonly<Record<string, NodeGroupSpec>> | undefined>> = {
  default: undefined,
  instanceTypes: { md0: { instanceType: 'u1.large', minReplicas: 1, maxReplicas: 3 }, big: { instanceType: 'm1.2xlarge' } },
  resources: { md0: { resources: { cpu: 4, memory: '16Gi' }, ephemeralStorage: '50Gi' } },
  gpus: { gpu: { instanceType: 'gn1.xlarge', gpus: [{ name: 'nvidia.com/AD102GL_L40S' }, { name: 'nvidia.com/GA100' }] }, gpures: { resources: { cpu: 8, memory: '32Gi' }, gpus: [{ name: 'nvidia.com/GA100' }] } },
  roles: { ingress: { roles: ['ingress-nginx', 'storage', 'edge.example.com'] }, plain: { roles: [] } },
  healthAndRetained: { md0: { instanceType: 'u1.large', healthCheck: { maxUnhealthy: '40%', unknownTimeout: '1m' }, retainedTemplates: [{ instanceType: 'u1.medium' }, { resources: { cpu: 2, memory: '4Gi' } }] } },
  several: {
    small: { instanceType: 'u1.small', minReplicas: 2, maxReplicas: 4 },
    medium: { instanceType: 'u1.medium', minReplicas: 1, maxReplicas: 2, roles: ['worker'] },
    sized: { resources: { cpu: 2, memory: '4Gi' }, ephemeralStorage: '30Gi' },
  },
  empty: {},
};

/** `tenant.dataStoreName` per datastore kind: none makes a dedicated etcd. */
export const DATASTORES: Readonly<Record<'dedicated' | 'shared', string | undefined>> = { dedicated: undefined, shared: 'tenant-root' };
