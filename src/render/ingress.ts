// Proxied ingress (spec §1.9): the tenant namespace's ingress controller passes TLS and HTTP for the
// `addons.ingressNginx.hosts` through to the ingress-nginx running inside the tenant, on the workers that have the
// `ingress-nginx` role. Rendered only when that addon is enabled and Proxied (the seed ignored `enabled`).
import type { ResolvedCluster } from '../spec/resolved';
import { PROXIED_NODE_PORTS } from './addons/values';
import type { KubeObject } from './manifest';
import { applicationLabels } from './application-labels';
import { CLUSTER_NAME_LABEL, NODE_ROLE_LABEL_PREFIX } from './node-pool';
import { k8s } from './generated';

export interface RenderedProxiedIngress {
  /** Selects the virt-launcher pods of `ingress-nginx` workers; present whenever the addon is Proxied. */
  readonly service: KubeObject;
  /** One rule per host; absent without hosts. */
  readonly ingress: KubeObject | undefined;
}

export function renderProxiedIngress(cluster: ResolvedCluster): RenderedProxiedIngress | undefined {
  const { IntOrString, KubeIngress, KubeService } = k8s();
  const addon = cluster.addons.ingressNginx;
  if (!addon.enabled || addon.exposeMethod !== 'Proxied') return undefined;
  const name = cluster.names.proxiedIngress;
  const namespace = cluster.names.namespace;
  const appLabels = applicationLabels(cluster);
  const labels = Object.keys(appLabels).length > 0 ? { labels: { ...appLabels } } : {};
  const service = KubeService.manifest({
    metadata: { name, namespace, ...labels },
    spec: {
      ports: [
        { appProtocol: 'http', name: 'http', port: 80, targetPort: IntOrString.fromNumber(PROXIED_NODE_PORTS.http) },
        { appProtocol: 'https', name: 'https', port: 443, targetPort: IntOrString.fromNumber(PROXIED_NODE_PORTS.https) },
      ],
      selector: { [CLUSTER_NAME_LABEL]: cluster.names.base, [`${NODE_ROLE_LABEL_PREFIX}ingress-nginx`]: '' },
    },
  }) as KubeObject;
  if (addon.hosts.length === 0) return { service, ingress: undefined };
  const backend = (port: number) => ({ service: { name, port: { number: port } } });
  const ingress = KubeIngress.manifest({
    metadata: {
      name,
      namespace,
      ...labels,
      annotations: {
        'nginx.ingress.kubernetes.io/backend-protocol': 'AUTO_HTTP',
        // Plain HTTP goes to the tenant's port 80; TLS passes through to 443.
        'nginx.ingress.kubernetes.io/configuration-snippet': `if ($scheme = http) {\n  set $proxy_upstream_name "${namespace}-${name}-80";\n  set $proxy_host $proxy_upstream_name;\n}\n`,
        'nginx.ingress.kubernetes.io/ssl-passthrough': 'true',
        'nginx.ingress.kubernetes.io/ssl-redirect': 'false',
      },
    },
    spec: {
      ...(cluster.ingressClassName !== undefined ? { ingressClassName: cluster.ingressClassName } : {}),
      rules: addon.hosts.map((host) => ({
        host,
        http: {
          paths: [
            { path: '/', pathType: 'ImplementationSpecific', backend: backend(443) },
            { path: '/', pathType: 'ImplementationSpecific', backend: backend(80) },
          ],
        },
      })),
    },
  }) as KubeObject;
  return { service, ingress };
}

export function proxiedIngressObjects(p: RenderedProxiedIngress | undefined): KubeObject[] {
  return p === undefined ? [] : [p.service, ...(p.ingress ? [p.ingress] : [])];
}
