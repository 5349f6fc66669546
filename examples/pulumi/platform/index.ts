// A platform stack: two tenant clusters for tenant "alice" on the management cluster, their kubeconfigs exported
// (as secrets) for downstream stacks.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { TenantKubernetesCluster } from 'tenant-kubernetes/pulumi';

const config = new pulumi.Config();
const managementKubeconfig = config.getSecret('managementKubeconfig');
const management = new k8s.Provider('management', managementKubeconfig ? { kubeconfig: managementKubeconfig } : {});
const tenant = {
  namespace: config.get('tenantNamespace') ?? 'tenant-alice',
  ingressClassName: 'tenant-root',
  host: config.get('tenantHost') ?? 'alice.example.org',
};

const prod = new TenantKubernetesCluster(
  'prod',
  {
    name: 'prod',
    tenant,
    version: 'v1.35',
    controlPlane: { replicas: 3, apiServer: { resourcesPreset: 'c1.medium' } },
    nodeGroups: {
      md0: { minReplicas: 2, maxReplicas: 6, instanceType: 'u1.large', roles: ['ingress-nginx'] },
      gpu: { maxReplicas: 2, instanceType: 'u1.xlarge', gpus: [{ name: 'nvidia.com/AD102GL_L40S' }] },
    },
    addons: { certManager: { enabled: true }, ingressNginx: { enabled: true, hosts: ['app.alice.example.org'] } },
    protectDatastore: config.getBoolean('protectDatastore') ?? false,
    readinessTimeoutSeconds: config.getNumber('readinessTimeoutSeconds') ?? 1200,
  },
  { provider: management },
);

const staging = new TenantKubernetesCluster(
  'staging',
  {
    name: 'staging',
    tenant: { ...tenant, dataStoreName: config.get('sharedDataStore') ?? 'tenant-root' },
    version: 'v1.31',
    nodeGroups: { workers: { minReplicas: 1, maxReplicas: 3, resources: { cpu: '2', memory: '4Gi' } } },
    readinessTimeoutSeconds: config.getNumber('readinessTimeoutSeconds') ?? 1200,
  },
  { provider: management },
);

export const prodKubeconfig = prod.kubeconfig;
export const prodKubeconfigs = prod.kubeconfigs;
export const prodApiEndpoint = prod.apiEndpoint;
export const prodClusterIdentifier = prod.clusterIdentifier;
export const stagingKubeconfig = staging.kubeconfig;
export const stagingApiEndpoint = staging.apiEndpoint;

// The tenant provider works in this stack too:
new k8s.core.v1.Namespace('prod-platform-tools', { metadata: { name: 'platform-tools' } }, { provider: prod.provider });
