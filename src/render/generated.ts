// The classes `cdk8s import` generated (imports/) and cdk8s-plus-28's Kubernetes classes, loaded on first use:
// together they are megabytes of JavaScript, and loading them eagerly would make every `require` of the library
// pay for them. Render modules import their types statically and reach the values through these accessors.
// The Kubernetes classes run from imports/k8s.js: cdk8s-plus-28's, with their quadratic undefined-filters made linear
// at build time (scripts/k8s-imports.js); their declarations are copied beside them (imports/k8s.d.ts).
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as K8s from '../../imports/k8s';
import type * as CapiBootstrap from '../../imports/bootstrap.cluster.x-k8s.io';
import type * as CertManager from '../../imports/cert-manager.io';
import type * as Capi from '../../imports/cluster.x-k8s.io';
import type * as CapiControlPlane from '../../imports/controlplane.cluster.x-k8s.io';
import type * as Cozystack from '../../imports/cozystack.io';
import type * as EtcdOperator from '../../imports/etcd.aenix.io';
import type * as FluxHelm from '../../imports/helm.toolkit.fluxcd.io';
import type * as CapiKubevirt from '../../imports/infrastructure.cluster.x-k8s.io';
import type * as Kamaji from '../../imports/kamaji.clastix.io';

function lazy<T>(load: () => T): () => T {
  let module: T | undefined;
  return () => (module ??= load());
}

/** Kubernetes built-in kinds (cdk8s-plus-28's generated `k8s` classes, as built into imports/k8s.js). */
export const k8s = lazy<typeof K8s>(() => require('../../imports/k8s'));
/** cert-manager.io: Issuer, Certificate. */
export const certManager = lazy<typeof CertManager>(() => require('../../imports/cert-manager.io'));
/** etcd.aenix.io: EtcdCluster. */
export const etcdOperator = lazy<typeof EtcdOperator>(() => require('../../imports/etcd.aenix.io'));
/** kamaji.clastix.io: DataStore. */
export const kamaji = lazy<typeof Kamaji>(() => require('../../imports/kamaji.clastix.io'));
/** bootstrap.cluster.x-k8s.io: KubeadmConfigTemplate. */
export const capiBootstrap = lazy<typeof CapiBootstrap>(() => require('../../imports/bootstrap.cluster.x-k8s.io'));
/** cluster.x-k8s.io: Cluster, MachineDeployment, MachineHealthCheck. */
export const capi = lazy<typeof Capi>(() => require('../../imports/cluster.x-k8s.io'));
/** infrastructure.cluster.x-k8s.io: KubevirtCluster, KubevirtMachineTemplate. */
export const capiKubevirt = lazy<typeof CapiKubevirt>(() => require('../../imports/infrastructure.cluster.x-k8s.io'));
/** controlplane.cluster.x-k8s.io: KamajiControlPlane. */
export const capiControlPlane = lazy<typeof CapiControlPlane>(() => require('../../imports/controlplane.cluster.x-k8s.io'));
/** helm.toolkit.fluxcd.io: HelmRelease. */
export const fluxHelm = lazy<typeof FluxHelm>(() => require('../../imports/helm.toolkit.fluxcd.io'));
/** cozystack.io: WorkloadMonitor. */
export const cozystack = lazy<typeof Cozystack>(() => require('../../imports/cozystack.io'));
