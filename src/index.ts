// tenant-kubernetes: Managed Kubernetes as a service. This entry point holds the cdk8s constructs and the
// framework-free API (validate a description, render its objects, write them as YAML); the Pulumi component is
// `tenant-kubernetes/pulumi`. What is exported here by name is the stable API (test/unit/public-api.test.ts lists it);
// every other module of lib/ is internal and may change in any release.

// cdk8s constructs.
export { TenantKubernetesCluster, type TenantKubernetesClusterProps } from './cdk8s/tenant-kubernetes-cluster';
export { ControlPlane, type ControlPlaneProps } from './cdk8s/control-plane';
export { EtcdDatastore, type EtcdDatastoreProps } from './cdk8s/etcd-datastore';
export { NodePool, type NodePoolOptions, type NodePoolProps } from './cdk8s/node-pool';
export { Addon, type AddAddonOptions } from './cdk8s/addon';
export { ClusterAutoscaler, CloudControllerManager, CsiController, type PlatformComponentProps } from './cdk8s/platform-components';

// The description of a cluster and its validation.
export * from './spec';
export { resolveSpec } from './render/resolve';

// Framework-free rendering, for any other engine.
export { renderCluster, renderResolvedCluster, clusterObjects, type RenderedCluster } from './render/cluster';
export { renderTeardown, type RenderTeardownOptions } from './render/teardown';
export { kubeconfigSecrets, type KubeconfigSecrets, type AdminKubeconfigSecret, type SecretKeyRef } from './render/kubeconfig';
export { toYaml, YamlValueError } from './render/yaml';
export type { KubeObject, KubeObjectMetadata } from './render/manifest';
