export * from './tenant-kubernetes-cluster';
export * from './control-plane';
export * from './etcd-datastore';
export * from './node-pool';
export * from './addon';
export * from './platform-components';
