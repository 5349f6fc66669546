// The benchmark's input: N tenant clusters as a hosting platform keeps them, each with three node groups and every
// addon switched on. Deterministic: cluster i is the same on every run.
import type { TenantKubernetesClusterSpec } from '../../src/spec/types';

const VERSIONS = ['v1.31', 'v1.32', 'v1.33'] as const;
const INSTANCE_TYPES = ['u1.medium', 'u1.large', 'u1.xlarge'] as const;

/** Tenants hold up to this many clusters each (names stay unique per tenant namespace). */
export const CLUSTERS_PER_TENANT = 20;

/** Cluster `i` of the fleet: three node groups, every addon on, realistic options. */
export function fleetCluster(i: number): TenantKubernetesClusterSpec {
  const tenant = `tenant-t${Math.floor(i / CLUSTERS_PER_TENANT)}`;
  const name = `c${i % CLUSTERS_PER_TENANT}`;
  return {
    name,
    tenant: { namespace: tenant, ingressClassName: tenant, host: `${tenant}.example.org`, monitoringNamespace: tenant },
    version: VERSIONS[i % VERSIONS.length],
    storageClass: 'replicated',
    controlPlane: { replicas: 3, apiServer: { resourcesPreset: 'large' } },
    nodeGroups: {
      md0: { minReplicas: 2, maxReplicas: 10, instanceType: INSTANCE_TYPES[i % INSTANCE_TYPES.length], roles: ['ingress-nginx'] },
      big: { minReplicas: 0, maxReplicas: 4, resources: { cpu: '8', memory: '32Gi' }, ephemeralStorage: '50Gi' },
      gpu: { minReplicas: 0, maxReplicas: 2, instanceType: 'u1.xlarge', gpus: [{ name: 'nvidia.com/AD102GL_L40S' }] },
    },
    addons: {
      certManager: { enabled: true },
      gatewayAPI: { enabled: true },
      ingressNginx: { enabled: true, hosts: [`${name}.${tenant}.example.org`] },
      gpuOperator: { enabled: true },
      fluxcd: { enabled: true },
      monitoringAgents: { enabled: true },
      velero: { enabled: true },
      cilium: { valuesOverride: { cilium: { hubble: { enabled: true } } } },
      coredns: {},
      verticalPodAutoscaler: {},
    },
  };
}

/** The first `n` clusters of the fleet. */
export function fleet(n: number): TenantKubernetesClusterSpec[] {
  return Array.from({ length: n }, (_, i) => fleetCluster(i));
}
