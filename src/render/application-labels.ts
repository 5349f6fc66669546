// The labels by which the platform finds what belongs to a tenant cluster's application (befbdf096, 99360dab2): on
// platform lines with `applicationLabels`, worker VMs carry the application's identity, and the cloud controller's
// `infraLabels` and the Proxied ingress carry it with the tenant-resource mark.
import type { ResolvedCluster } from '../spec/resolved';

/** API group of the platform's applications. */
export const APPLICATION_GROUP = 'apps.cozystack.io';
/** The application kind of a tenant cluster. */
export const APPLICATION_KIND = 'Kubernetes';

/**
 * `apps.cozystack.io/application.{group,kind,name}` (the name is the cluster's, without `kubernetes-`): what worker VMs
 * carry; empty on a line without `applicationLabels`.
 */
export function applicationIdentity(cluster: ResolvedCluster): Readonly<Record<string, string>> {
  if (!cluster.platform.line.applicationLabels) return {};
  return {
    'apps.cozystack.io/application.group': APPLICATION_GROUP,
    'apps.cozystack.io/application.kind': APPLICATION_KIND,
    'apps.cozystack.io/application.name': cluster.name,
  };
}

/** {@link applicationIdentity} and `internal.cozystack.io/tenantresource: "true"`; empty without `applicationLabels`. */
export function applicationLabels(cluster: ResolvedCluster): Readonly<Record<string, string>> {
  if (!cluster.platform.line.applicationLabels) return {};
  return { ...applicationIdentity(cluster), 'internal.cozystack.io/tenantresource': 'true' };
}
