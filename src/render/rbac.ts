// The RBAC and Deployment shapes every platform component repeats.
import type { PodSpec, Subject } from '../../imports/k8s';
import type { KubeObject } from './manifest';
import { ALLOW_TO_APISERVER } from './platform-pods';
import { k8s } from './generated';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** A ServiceAccount subject. */
export function serviceAccount(name: string, namespace: string): Subject {
  return { kind: 'ServiceAccount', name, namespace };
}

/** RoleBinding `name` in `namespace` granting Role `role` (default: the same name) to `subject`. */
export function bindRole(name: string, namespace: string, subject: Subject, role: string = name): KubeObject {
  const { KubeRoleBinding } = k8s();
  return KubeRoleBinding.manifest({
    metadata: { name, namespace },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: role },
    subjects: [subject],
  }) as KubeObject;
}

/** ClusterRoleBinding `name` granting the ClusterRole of the same name to `subject`. */
export function bindClusterRole(name: string, subject: Subject): KubeObject {
  const { KubeClusterRoleBinding } = k8s();
  return KubeClusterRoleBinding.manifest({
    metadata: { name },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name },
    subjects: [subject],
  }) as KubeObject;
}

/** A single-replica Deployment of a platform component, its pods allowed to reach the management API server. */
export function platformDeployment(name: string, namespace: string, labels: Readonly<Record<string, string>>, pod: PodSpec): KubeObject {
  const { KubeDeployment } = k8s();
  return KubeDeployment.manifest({
    metadata: { name, namespace, labels: { ...labels } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { ...labels } },
      template: { metadata: { labels: { ...labels, ...ALLOW_TO_APISERVER } }, spec: pod },
    },
  }) as KubeObject;
}
