// The kubeconfig Secrets of a tenant cluster. They are written by controllers, never by this library:
// Kamaji writes `<base>-admin-kubeconfig`, the Kamaji CAPI provider writes `<base>-kubeconfig` (spec §3).
import type { ResolvedCluster } from '../spec/resolved';

/** A key of a Secret in the tenant namespace. */
export interface SecretKeyRef {
  readonly namespace: string;
  readonly name: string;
  readonly key: string;
}

/** The admin kubeconfig Secret Kamaji writes, and each of its keys. */
export interface AdminKubeconfigSecret {
  readonly namespace: string;
  readonly name: string;
  /** `admin.conf`: cluster-admin, external endpoint `https://<host>:443`. */
  readonly adminConf: SecretKeyRef;
  /** `admin.svc`: the same credentials, in-cluster endpoint `https://<base>.<namespace>.svc:6443`. */
  readonly adminSvc: SecretKeyRef;
  /** `super-admin.conf`: `system:masters`, external endpoint. */
  readonly superAdminConf: SecretKeyRef;
  /** `super-admin.svc`: `system:masters`, in-cluster endpoint (what the platform's own components use). */
  readonly superAdminSvc: SecretKeyRef;
}

/** Both kubeconfig Secrets of a tenant cluster. */
export interface KubeconfigSecrets {
  readonly admin: AdminKubeconfigSecret;
  /** The CAPI contract Secret `<base>-kubeconfig`, key `value` (a copy of `super-admin.svc`). */
  readonly capi: SecretKeyRef;
}

/** The four keys of the admin kubeconfig Secret, in the order Kamaji documents them. */
export const ADMIN_KUBECONFIG_KEYS = ['admin.conf', 'admin.svc', 'super-admin.conf', 'super-admin.svc'] as const;

export function kubeconfigSecrets(cluster: ResolvedCluster): KubeconfigSecrets {
  const { names } = cluster;
  const namespace = names.namespace;
  const name = names.adminKubeconfigSecret;
  const key = (k: string): SecretKeyRef => ({ namespace, name, key: k });
  return {
    admin: {
      namespace,
      name,
      adminConf: key('admin.conf'),
      adminSvc: key('admin.svc'),
      superAdminConf: key('super-admin.conf'),
      superAdminSvc: key('super-admin.svc'),
    },
    capi: { namespace, name: names.capiKubeconfigSecret, key: 'value' },
  };
}
