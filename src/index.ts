// tenant-kubernetes: Managed Kubernetes as a service. The spec and render layers are framework-free; the cdk8s
// constructs are exported here, the Pulumi component from `tenant-kubernetes/pulumi`.
export * from './spec';
export * from './render';
export * from './cdk8s';
