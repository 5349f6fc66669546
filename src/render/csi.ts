// The KubeVirt CSI controller (spec §1.8): it runs in the management cluster and turns the tenant's
// PersistentVolumeClaims into DataVolumes hot-plugged into the worker VMs. The node side is the `csi` addon.
import type { Container, PodSpec } from '../../imports/k8s';
import type { ResolvedCluster } from '../spec/resolved';
import type { KubeObject } from './manifest';
import { bindClusterRole, bindRole, platformDeployment, serviceAccount } from './rbac';
import { CLUSTER_NAME_LABEL } from './node-pool';
import {
  KUBECONFIG_VOLUME_MOUNT,
  PLATFORM_CONTAINER_RESOURCES,
  PLATFORM_TOLERATIONS,
  SUPER_ADMIN_SVC,
  kubeconfigVolume,
  waitForKubeconfig,
} from './platform-pods';
import { k8s } from './generated';

export interface RenderedCsi {
  readonly serviceAccount: KubeObject;
  readonly role: KubeObject;
  readonly roleBinding: KubeObject;
  readonly clusterRole: KubeObject;
  readonly clusterRoleBinding: KubeObject;
  readonly deployment: KubeObject;
}

const SOCKET_DIR = '/var/lib/csi/sockets/pluginproxy/';
const SECURE = { capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true };

export function renderCsi(cluster: ResolvedCluster): RenderedCsi {
  const { KubeClusterRole, KubeRole, KubeServiceAccount } = k8s();
  const n = { name: cluster.names.csi, deployment: cluster.names.csiController, app: cluster.names.csiApp, global: cluster.names.csiGlobal };
  const namespace = cluster.names.namespace;
  const images = cluster.platform.images;
  const line = cluster.platform.line;
  const subject = serviceAccount(n.name, namespace);
  const socket = (mountPath: string) => ({ name: 'socket-dir', mountPath });
  const address = (value: string) => [{ name: 'ADDRESS', value }];
  const sidecar = (c: Container): Container => ({ securityContext: SECURE, resources: PLATFORM_CONTAINER_RESOURCES(), ...c });
  const containers: Container[] = [
    sidecar({
      name: 'csi-driver',
      image: images.kubevirtCsiDriver,
      imagePullPolicy: 'Always',
      args: [
        '--endpoint=$(CSI_ENDPOINT)',
        '--infra-cluster-namespace=$(INFRACLUSTER_NAMESPACE)',
        '--infra-cluster-labels=$(INFRACLUSTER_LABELS)',
        // The v1.5 driver serves the node side from the same binary: here only the controller runs.
        ...(line.csiControllerOnlyFlag ? ['--run-node-service=false'] : []),
        '--v=5',
      ],
      ports: [{ name: 'healthz', containerPort: 10301, protocol: 'TCP' }],
      env: [
        { name: 'CSI_ENDPOINT', value: `unix://${SOCKET_DIR}csi.sock` },
        { name: 'KUBE_NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
        { name: 'INFRACLUSTER_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
        { name: 'INFRACLUSTER_LABELS', value: `${CLUSTER_NAME_LABEL}=${cluster.names.base}` },
        {
          name: 'INFRA_STORAGE_CLASS_ENFORCEMENT',
          valueFrom: { configMapKeyRef: { name: 'driver-config', key: 'infraStorageClassEnforcement', optional: true } },
        },
      ],
      volumeMounts: [socket(SOCKET_DIR), KUBECONFIG_VOLUME_MOUNT],
    }),
    sidecar({
      name: 'csi-provisioner',
      image: images.csiProvisioner,
      args: [
        '--csi-address=$(ADDRESS)',
        '--default-fstype=ext4',
        `--kubeconfig=${SUPER_ADMIN_SVC}`,
        '--v=5',
        '--timeout=3m',
        '--retry-interval-max=1m',
      ],
      env: address(`${SOCKET_DIR}csi.sock`),
      volumeMounts: [socket(SOCKET_DIR), KUBECONFIG_VOLUME_MOUNT],
    }),
    sidecar({
      name: 'csi-attacher',
      image: images.csiAttacher,
      args: ['--csi-address=$(ADDRESS)', `--kubeconfig=${SUPER_ADMIN_SVC}`, '--v=5', '--timeout=3m', '--retry-interval-max=1m'],
      env: address(`${SOCKET_DIR}csi.sock`),
      volumeMounts: [socket(SOCKET_DIR), KUBECONFIG_VOLUME_MOUNT],
    }),
    sidecar({
      name: 'csi-liveness-probe',
      image: images.csiLivenessProbe,
      args: ['--csi-address=/csi/csi.sock', '--probe-timeout=3s', '--health-port=10301'],
      volumeMounts: [socket('/csi')],
    }),
    sidecar({
      name: 'csi-snapshotter',
      image: images.csiSnapshotter,
      imagePullPolicy: 'IfNotPresent',
      args: ['--timeout=1m', '--csi-address=$(ADDRESS)', '--worker-threads=10', `--kubeconfig=${SUPER_ADMIN_SVC}`],
      env: address('/csi/csi.sock'),
      volumeMounts: [socket('/csi'), KUBECONFIG_VOLUME_MOUNT],
    }),
    sidecar({
      name: 'snapshot-controller',
      image: images.snapshotController,
      imagePullPolicy: 'IfNotPresent',
      args: ['--worker-threads=10', `--kubeconfig=${SUPER_ADMIN_SVC}`],
      volumeMounts: [KUBECONFIG_VOLUME_MOUNT],
    }),
    // Limits as the other sidecars (the seed gave the resizer requests only; fixed in 50c4080ba).
    sidecar({
      name: 'csi-resizer',
      image: images.csiResizer,
      args: ['-csi-address=/csi/csi.sock', `-kubeconfig=${SUPER_ADMIN_SVC}`, '-v=5', '-timeout=3m', '-handle-volume-inuse-error=false'],
      volumeMounts: [socket('/csi'), KUBECONFIG_VOLUME_MOUNT],
    }),
  ];
  const labels = { app: n.app };
  const pod: PodSpec = {
    enableServiceLinks: false,
    serviceAccountName: n.name,
    priorityClassName: 'system-cluster-critical',
    tolerations: PLATFORM_TOLERATIONS,
    initContainers: [waitForKubeconfig(cluster)],
    containers,
    volumes: [{ name: 'socket-dir', emptyDir: {} }, kubeconfigVolume(cluster)],
  };
  return {
    serviceAccount: KubeServiceAccount.manifest({ metadata: { name: n.name, namespace } }) as KubeObject,
    role: KubeRole.manifest({
      metadata: { name: n.name, namespace },
      rules: [
        { apiGroups: ['cdi.kubevirt.io'], resources: ['datavolumes'], verbs: ['get', 'create', 'delete'] },
        { apiGroups: ['kubevirt.io'], resources: ['virtualmachineinstances', 'virtualmachines'], verbs: ['list', 'get'] },
        { apiGroups: ['subresources.kubevirt.io'], resources: ['virtualmachines/addvolume', 'virtualmachines/removevolume'], verbs: ['update'] },
        { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshots'], verbs: ['get', 'create', 'delete'] },
        { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'patch'] },
        // RWX filesystem volumes are NFS behind one CiliumNetworkPolicy each.
        ...(line.csiCiliumNetworkPolicies
          ? [{ apiGroups: ['cilium.io'], resources: ['ciliumnetworkpolicies'], verbs: ['get', 'create', 'update', 'delete'] }]
          : []),
      ],
    }) as KubeObject,
    roleBinding: bindRole(n.name, namespace, subject),
    clusterRole: KubeClusterRole.manifest({
      metadata: { name: n.global },
      rules: [{ apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get'] }],
    }) as KubeObject,
    clusterRoleBinding: bindClusterRole(n.global, subject),
    deployment: platformDeployment(n.deployment, namespace, labels, pod),
  };
}

export function csiObjects(c: RenderedCsi): KubeObject[] {
  return [c.serviceAccount, c.role, c.roleBinding, c.clusterRole, c.clusterRoleBinding, c.deployment];
}
