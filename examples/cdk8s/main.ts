// Two tenant clusters of different shapes for one tenant, as a GitOps repo would hold them.
//   cd examples/cdk8s && npx cdk8s synth --no-check-upgrade    # writes dist/tenant-alice.k8s.yaml
import { App, Chart } from 'cdk8s';
import { TenantKubernetesCluster } from 'tenant-kubernetes';

const app = new App();
const chart = new Chart(app, 'tenant-alice');
const tenant = { namespace: 'tenant-alice', ingressClassName: 'tenant-root', host: 'alice.example.org' };

// Production: its own etcd (no DataStore given), three control-plane replicas, a GPU pool added later.
const prod = new TenantKubernetesCluster(chart, 'prod', {
  name: 'prod',
  tenant,
  version: 'v1.35',
  controlPlane: { replicas: 3, apiServer: { resourcesPreset: 'c1.medium' } },
  nodeGroups: {
    md0: { minReplicas: 2, maxReplicas: 6, instanceType: 'u1.large', roles: ['ingress-nginx'] },
  },
  addons: { certManager: { enabled: true }, ingressNginx: { enabled: true, hosts: ['app.alice.example.org'] } },
});
prod.addNodePool('gpu', { maxReplicas: 2, instanceType: 'u1.xlarge', gpus: [{ name: 'nvidia.com/AD102GL_L40S' }] });
// Any further chart, installed into the tenant by Flux after cert-manager.
prod.addAddon('podinfo', {
  chart: 'podinfo',
  source: { sourceName: 'podinfo', sourceNamespace: 'tenant-alice', version: '6.x' },
  targetNamespace: 'podinfo',
  values: { replicaCount: 2 },
  dependsOn: ['certManager'],
});

// Staging: on the tenant's shared DataStore, an older version, VMs sized by explicit resources.
new TenantKubernetesCluster(chart, 'staging', {
  name: 'staging',
  tenant: { ...tenant, dataStoreName: 'tenant-root' },
  version: 'v1.31',
  nodeGroups: {
    workers: { minReplicas: 1, maxReplicas: 3, resources: { cpu: '2', memory: '4Gi' }, diskSize: '30Gi' },
  },
});

// Downstream constructs can point at the kubeconfig Secret Kamaji will write:
// prod.adminKubeconfig.superAdminSvc -> { namespace: 'tenant-alice', name: 'kubernetes-prod-admin-kubeconfig', key: 'super-admin.svc' }

app.synth();
