// `tenant-kubernetes/pulumi`: the Pulumi component. Imported separately so that YAML users never load Pulumi.
export * from './tenant-kubernetes-cluster';
export { KubernetesObjectsComponent, TYPE_PREFIX } from './components';
export { objectResourceName } from './objects';
export * from '../spec';
