// The descriptions the server tier applies: one per cell of the shared matrix, with every object kind the library
// renders switched on (platform integration, the teardown hook), and the addons of one combination.
import type { TenantKubernetesClusterSpec } from '../../src/spec/types';
import { DATASTORES, NODE_GROUP_SHAPES, type AddonToggle } from '../support/matrix';

/** The `addons` of a combination: each toggle on with a values override (but gatewayAPI), ingress-nginx with hosts. */
export function addonsFor(on: readonly AddonToggle[], exposeMethod: 'Proxied' | 'LoadBalancer'): Record<string, unknown> {
  const addons: Record<string, unknown> = Object.fromEntries(
    on.map((t) => [t, { enabled: true, ...(t === 'gatewayAPI' ? {} : { valuesOverride: { x: { y: true } } }) }]),
  );
  if (on.includes('ingressNginx')) addons.ingressNginx = { enabled: true, exposeMethod, hosts: ['a.alice.example.org'] };
  return addons;
}

/** A description of the matrix, on platform release v0.37 (`objectsOn` renders it for another). */
export function serverSpec(
  version: string,
  shape: string,
  shared: boolean,
  addons: Record<string, unknown> = { certManager: { enabled: true }, ingressNginx: { enabled: true, hosts: ['app.alice.example.org'] } },
): TenantKubernetesClusterSpec {
  return {
    name: `s-${shape.toLowerCase()}`,
    tenant: {
      namespace: 'tenant-alice',
      host: 'alice.example.org',
      ingressClassName: 'tenant-root',
      monitoringNamespace: 'tenant-root',
      ...(shared ? { dataStoreName: DATASTORES.shared } : {}),
    },
    version: version as never,
    nodeGroups: NODE_GROUP_SHAPES[shape],
    controlPlane: { replicas: 3 },
    addons,
    platformIntegration: true,
    teardown: { helmHook: true },
    platform: { release: 'v0.37' },
  };
}
