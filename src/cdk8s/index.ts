export * from './tenant-kubernetes-cluster';
export * from './control-plane';
export * from './etcd-datastore';
export * from './node-pool';
