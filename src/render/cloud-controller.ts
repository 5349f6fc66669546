// The KubeVirt cloud controller manager (spec §1.7): LoadBalancer Services inside the tenant become selector-less
// LoadBalancer Services in the tenant namespace of the management cluster, whose EndpointSlices point at the VMs.
import type { PodSpec } from '../../imports/k8s';
import type { ResolvedCluster } from '../spec/resolved';
import type { KubeObject } from './manifest';
import { toYaml } from './yaml';
import { applicationLabels } from './application-labels';
import { bindClusterRole, bindRole, platformDeployment, serviceAccount } from './rbac';
import {
  KUBECONFIG_VOLUME_MOUNT,
  PLATFORM_CONTAINER_RESOURCES,
  PLATFORM_TOLERATIONS,
  SUPER_ADMIN_SVC,
  kubeconfigVolume,
  waitForKubeconfig,
} from './platform-pods';
import { k8s } from './generated';

export interface RenderedCloudController {
  readonly cloudConfig: KubeObject;
  readonly serviceAccount: KubeObject;
  readonly role: KubeObject;
  readonly roleBinding: KubeObject;
  /** In kube-system: lets the controller read the extension-apiserver-authentication ConfigMap. */
  readonly authReaderBinding: KubeObject;
  readonly clusterRole: KubeObject;
  readonly clusterRoleBinding: KubeObject;
  readonly deployment: KubeObject;
}

export function renderCloudController(cluster: ResolvedCluster): RenderedCloudController {
  const { KubeClusterRole, KubeConfigMap, KubeRole, KubeServiceAccount } = k8s();
  const n = { name: cluster.names.cloudController, cloudConfig: cluster.names.cloudConfig, global: cluster.names.cloudControllerGlobal };
  const namespace = cluster.names.namespace;
  const subject = serviceAccount(n.name, namespace);
  const labels = { 'k8s-app': n.name };
  const infraLabels = applicationLabels(cluster);
  const cloudConfig = {
    loadBalancer: { creationPollInterval: 5, creationPollTimeout: 60, enableEPSController: true, selectorless: true },
    namespace,
    // The labels the controller puts on the Services it creates for the tenant's, so the platform can find them.
    ...(Object.keys(infraLabels).length > 0 ? { infraLabels } : {}),
  };
  const pod: PodSpec = {
    enableServiceLinks: false,
    tolerations: PLATFORM_TOLERATIONS,
    serviceAccountName: n.name,
    initContainers: [waitForKubeconfig(cluster)],
    containers: [
      {
        name: 'kubevirt-cloud-controller-manager',
        command: ['/bin/kubevirt-cloud-controller-manager'],
        args: [
          '--cloud-provider=kubevirt',
          '--cloud-config=/etc/cloud/cloud-config',
          `--kubeconfig=${SUPER_ADMIN_SVC}`,
          `--cluster-name=${cluster.names.base}`,
        ],
        image: cluster.platform.images.kubevirtCloudProvider,
        imagePullPolicy: 'Always',
        resources: PLATFORM_CONTAINER_RESOURCES(),
        volumeMounts: [KUBECONFIG_VOLUME_MOUNT, { name: 'cloud-config', mountPath: '/etc/cloud', readOnly: true }],
      },
    ],
    volumes: [{ name: 'cloud-config', configMap: { name: n.cloudConfig } }, kubeconfigVolume(cluster)],
  };
  return {
    cloudConfig: KubeConfigMap.manifest({
      metadata: { name: n.cloudConfig, namespace },
      data: { 'cloud-config': toYaml([cloudConfig]) },
    }) as KubeObject,
    serviceAccount: KubeServiceAccount.manifest({ metadata: { name: n.name, namespace } }) as KubeObject,
    role: KubeRole.manifest({
      metadata: { name: n.name, namespace },
      rules: [
        { apiGroups: ['kubevirt.io'], resources: ['virtualmachines'], verbs: ['get', 'watch', 'list'] },
        { apiGroups: ['kubevirt.io'], resources: ['virtualmachineinstances'], verbs: ['get', 'watch', 'list', 'update'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['services'], verbs: ['*'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['*'] },
      ],
    }) as KubeObject,
    roleBinding: bindRole(n.name, namespace, subject),
    authReaderBinding: bindRole(n.global, 'kube-system', subject, 'extension-apiserver-authentication-reader'),
    // Nodes are cluster-scoped: reading them needs a ClusterRole (the seed's Role rule for nodes had no effect).
    clusterRole: KubeClusterRole.manifest({
      metadata: { name: n.global },
      rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }],
    }) as KubeObject,
    clusterRoleBinding: bindClusterRole(n.global, subject),
    deployment: platformDeployment(n.name, namespace, labels, pod),
  };
}

export function cloudControllerObjects(k: RenderedCloudController): KubeObject[] {
  return [k.cloudConfig, k.serviceAccount, k.role, k.roleBinding, k.authReaderBinding, k.clusterRole, k.clusterRoleBinding, k.deployment];
}
