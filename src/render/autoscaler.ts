// The cluster autoscaler of a tenant cluster (spec §1.6): it runs in the management cluster, watches the tenant's
// nodes and pods through the admin kubeconfig, and scales the node groups' MachineDeployments between the
// min/max annotations.
import type { PodSpec } from '../../imports/k8s';
import type { ResolvedCluster } from '../spec/resolved';
import type { KubeObject } from './manifest';
import { bindRole, platformDeployment, serviceAccount } from './rbac';
import {
  KUBECONFIG_VOLUME_MOUNT,
  PLATFORM_CONTAINER_RESOURCES,
  PLATFORM_TOLERATIONS,
  SUPER_ADMIN_SVC,
  kubeconfigVolume,
  waitForKubeconfig,
} from './platform-pods';
import { k8s } from './generated';

export interface RenderedAutoscaler {
  readonly serviceAccount: KubeObject;
  readonly role: KubeObject;
  readonly roleBinding: KubeObject;
  readonly deployment: KubeObject;
}

export function autoscalerArgs(cluster: ResolvedCluster): string[] {
  return [
    '--cloud-provider=clusterapi',
    '--enforce-node-group-min-size=true',
    '--ignore-daemonsets-utilization=true',
    '--ignore-mirror-pods-utilization=true',
    '--scale-down-unneeded-time=30s',
    '--scan-interval=25s',
    // No --force-delete-unregistered-nodes: with the clusterapi provider it blocks partial cleanup (245bca336).
    `--kubeconfig=${SUPER_ADMIN_SVC}`,
    // CAPI objects are read with the pod's own ServiceAccount in the management cluster.
    '--clusterapi-cloud-config-authoritative',
    `--node-group-auto-discovery=clusterapi:namespace=${cluster.names.namespace},clusterName=${cluster.names.base}`,
  ];
}

export function renderAutoscaler(cluster: ResolvedCluster): RenderedAutoscaler {
  const { KubeRole, KubeServiceAccount } = k8s();
  const name = cluster.names.autoscaler;
  const namespace = cluster.names.namespace;
  const labels = { app: name };
  const pod: PodSpec = {
    enableServiceLinks: false,
    tolerations: PLATFORM_TOLERATIONS,
    serviceAccountName: name,
    terminationGracePeriodSeconds: 10,
    initContainers: [waitForKubeconfig(cluster)],
    containers: [
      {
        name: 'cluster-autoscaler',
        image: cluster.platform.images.clusterAutoscaler,
        command: ['/cluster-autoscaler'],
        args: autoscalerArgs(cluster),
        resources: PLATFORM_CONTAINER_RESOURCES(),
        volumeMounts: [KUBECONFIG_VOLUME_MOUNT],
      },
    ],
    volumes: [kubeconfigVolume(cluster)],
  };
  return {
    serviceAccount: KubeServiceAccount.manifest({ metadata: { name, namespace } }) as KubeObject,
    role: KubeRole.manifest({
      metadata: { name, namespace },
      rules: [
        {
          apiGroups: ['cluster.x-k8s.io'],
          resources: ['machinedeployments', 'machinedeployments/scale', 'machines', 'machinesets', 'machinepools'],
          verbs: ['get', 'list', 'update', 'watch'],
        },
        { apiGroups: ['infrastructure.cluster.x-k8s.io'], resources: ['kubevirtmachinetemplates'], verbs: ['get', 'list', 'update', 'watch'] },
      ],
    }) as KubeObject,
    roleBinding: bindRole(name, namespace, serviceAccount(name, namespace)),
    deployment: platformDeployment(name, namespace, labels, pod),
  };
}

export function autoscalerObjects(a: RenderedAutoscaler): KubeObject[] {
  return [a.serviceAccount, a.role, a.roleBinding, a.deployment];
}
