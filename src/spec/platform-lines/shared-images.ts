// The images both platform lines pin the same: the chart's hard-coded CSI sidecars and kubectl, and etcd-defrag of
// the dedicated etcd (unchanged at Cozystack v1.5.4). The Cozystack builds and worker disks are each line's.
export const SHARED_IMAGES = Object.freeze({
  etcdDefrag: 'ghcr.io/ahrtr/etcd-defrag:v0.13.0',
  csiProvisioner: 'quay.io/openshift/origin-csi-external-provisioner:latest',
  csiAttacher: 'quay.io/openshift/origin-csi-external-attacher:latest',
  csiLivenessProbe: 'quay.io/openshift/origin-csi-livenessprobe:latest',
  csiSnapshotter: 'registry.k8s.io/sig-storage/csi-snapshotter:v8.3.0',
  snapshotController: 'registry.k8s.io/sig-storage/snapshot-controller:v8.3.0',
  csiResizer: 'registry.k8s.io/sig-storage/csi-resizer:v1.13.1',
  kubectl: 'docker.io/clastix/kubectl:v1.32',
});
