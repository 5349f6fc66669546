// What the management-cluster Deployments that talk to the tenant API share: the admin kubeconfig mount, a wait for
// that Secret, tolerations and the labels the platform's network policies look for.
import type { Container, ResourceRequirements, Toleration, Volume, VolumeMount } from '../../imports/k8s';
import type { ResolvedCluster } from '../spec/resolved';
import { k8s } from './generated';

export const KUBECONFIG_MOUNT_PATH = '/etc/kubernetes/kubeconfig';
/** The kubeconfig the platform components use: system:masters, in-cluster endpoint. */
export const SUPER_ADMIN_SVC = `${KUBECONFIG_MOUNT_PATH}/super-admin.svc`;
/** Pods with this label may reach the management API server under the platform's network policies. */
export const ALLOW_TO_APISERVER = { 'policy.cozystack.io/allow-to-apiserver': 'true' } as const;

export const PLATFORM_TOLERATIONS: Toleration[] = [
  { key: 'CriticalAddonsOnly', operator: 'Exists' },
  { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
];

/**
 * The admin kubeconfig Secret as a volume. Optional: Kamaji writes it only once the control plane is up, and a
 * required Secret volume would keep the pod in ContainerCreating with FailedMount events until then (ca33cc4e3).
 */
export function kubeconfigVolume(cluster: ResolvedCluster): Volume {
  return { name: 'kubeconfig', secret: { secretName: cluster.names.adminKubeconfigSecret, optional: true } };
}

export const KUBECONFIG_VOLUME_MOUNT: VolumeMount = { name: 'kubeconfig', mountPath: KUBECONFIG_MOUNT_PATH, readOnly: true };

/**
 * Waits up to 10 minutes for the kubeconfig to appear; the pod restarts and waits again if it does not. Runs the
 * `waitForKubeconfig` image when there is one (v1.5: the platform's pinned busybox), else the `kubectl` image.
 */
export function waitForKubeconfig(cluster: ResolvedCluster): Container {
  const images = cluster.platform.images;
  return {
    name: 'wait-for-kubeconfig',
    image: images.waitForKubeconfig ?? images.kubectl,
    command: [
      '/bin/sh',
      '-c',
      `for i in $(seq 1 120); do [ -s ${SUPER_ADMIN_SVC} ] && exit 0; sleep 5; done; echo "no kubeconfig at ${SUPER_ADMIN_SVC} after 10 minutes" >&2; exit 1`,
    ],
    volumeMounts: [KUBECONFIG_VOLUME_MOUNT],
    resources: containerResources({ cpu: '100m', memory: '64Mi' }, { cpu: '10m', memory: '16Mi' }),
  };
}

/** Container resources from plain strings. */
export function containerResources(
  limits: Readonly<Record<string, string>> | undefined,
  requests: Readonly<Record<string, string>>,
): ResourceRequirements {
  const { Quantity } = k8s();
  const q = (m: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Quantity.fromString(v)]));
  return { ...(limits ? { limits: q(limits) } : {}), requests: q(requests) };
}

/** Limits and requests of the reference chart's platform containers. */
export const PLATFORM_CONTAINER_RESOURCES = (): ResourceRequirements =>
  containerResources({ cpu: '512m', memory: '512Mi' }, { cpu: '125m', memory: '128Mi' });
