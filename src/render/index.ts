export * from './manifest';
export * from './cluster';
export * from './control-plane';
export * from './datastore';
export * from './node-pool';
export * from './kubeconfig';
export { contentHash } from './hash';
export { componentResources, workerLauncherResources } from './resources';
