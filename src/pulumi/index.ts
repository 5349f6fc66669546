// `tenant-kubernetes/pulumi`: the Pulumi component. Imported separately so that YAML users never load Pulumi and
// Pulumi users never load cdk8s. What is exported here by name is the stable API (test/unit/public-api.test.ts).
export {
  TenantKubernetesCluster,
  ControlPlane,
  EtcdDatastore,
  NodePool,
  Addon,
  PlatformComponent,
  type TenantKubernetesClusterArgs,
  type TenantKubeconfigs,
} from './tenant-kubernetes-cluster';
export { KubernetesObjectsComponent } from './components';
export * from '../spec';
export { resolveSpec } from '../render/resolve';
