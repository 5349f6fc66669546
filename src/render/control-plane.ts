// The control plane: CAPI Cluster, KamajiControlPlane and KubevirtCluster (spec §1.1, §1.2, §1.4).
import type { ResolvedCluster } from '../spec/resolved';
import type { KubeObject } from './manifest';
import { componentResources, quantities } from './resources';
import { capi, capiControlPlane, capiKubevirt } from './generated';

/** Pod and Service CIDRs of every tenant cluster; Kamaji derives the DNS IP 10.95.0.10 from the service CIDR. */
export const POD_CIDR = '10.243.0.0/16';
export const SERVICE_CIDR = '10.95.0.0/16';
/** The tenant's cluster DNS IP (the tenth address of the service CIDR, as Kamaji derives it). */
export const SERVICE_DNS_IP = '10.95.0.10';
/** Port of the konnectivity server in the control-plane pods. */
export const KONNECTIVITY_PORT = 8132;
/** Key of the admin kubeconfig Secret that the CAPI provider copies into `<base>-kubeconfig` and Kamaji's own clients use. */
export const KUBECONFIG_SECRET_KEY_ANNOTATION = 'kamaji.clastix.io/kubeconfig-secret-key';

export function renderCapiCluster(cluster: ResolvedCluster): KubeObject {
  const { ClusterV1Beta1 } = capi();
  const { KamajiControlPlane } = capiControlPlane();
  const { KubevirtCluster } = capiKubevirt();
  const { base, namespace } = cluster.names;
  return ClusterV1Beta1.manifest({
    metadata: { name: base, namespace },
    spec: {
      clusterNetwork: {
        pods: { cidrBlocks: [POD_CIDR] },
        services: { cidrBlocks: [SERVICE_CIDR] },
      },
      controlPlaneRef: { apiVersion: KamajiControlPlane.GVK.apiVersion, kind: KamajiControlPlane.GVK.kind, name: base, namespace },
      infrastructureRef: { apiVersion: KubevirtCluster.GVK.apiVersion, kind: KubevirtCluster.GVK.kind, name: base, namespace },
    },
  });
}

export function renderKamajiControlPlane(cluster: ResolvedCluster): KubeObject {
  const {
    KamajiControlPlane,
    KamajiControlPlaneSpecKubeletCgroupfs: Cgroupfs,
    KamajiControlPlaneSpecKubeletPreferredAddressTypes: AddressType,
    KamajiControlPlaneSpecNetworkServiceType: ServiceType,
    KamajiControlPlaneSpecAddonsKonnectivityServerResourcesLimits: KonnectivityLimits,
    KamajiControlPlaneSpecAddonsKonnectivityServerResourcesRequests: KonnectivityRequests,
    KamajiControlPlaneSpecApiServerResourcesLimits: ApiServerLimits,
    KamajiControlPlaneSpecApiServerResourcesRequests: ApiServerRequests,
    KamajiControlPlaneSpecControllerManagerResourcesLimits: ControllerManagerLimits,
    KamajiControlPlaneSpecControllerManagerResourcesRequests: ControllerManagerRequests,
    KamajiControlPlaneSpecSchedulerResourcesLimits: SchedulerLimits,
    KamajiControlPlaneSpecSchedulerResourcesRequests: SchedulerRequests,
  } = capiControlPlane();
  const { base, namespace } = cluster.names;
  const cp = cluster.controlPlane;
  const apiServer = componentResources(cluster, cp.apiServer);
  const controllerManager = componentResources(cluster, cp.controllerManager);
  const scheduler = componentResources(cluster, cp.scheduler);
  const konnectivity = componentResources(cluster, cp.konnectivityServer);
  const konnectivityVersion = cluster.konnectivityVersion;
  return KamajiControlPlane.manifest({
    metadata: {
      name: base,
      namespace,
      labels: { 'cluster.x-k8s.io/role': 'control-plane' },
      // Workers, the autoscaler and Flux reach the tenant API through the in-cluster Service, not the ingress.
      annotations: { [KUBECONFIG_SECRET_KEY_ANNOTATION]: 'super-admin.svc' },
    },
    spec: {
      apiServer: {
        resources: {
          limits: quantities(apiServer.limits, ApiServerLimits.fromString),
          requests: quantities(apiServer.requests, ApiServerRequests.fromString),
        },
      },
      controllerManager: {
        resources: {
          limits: quantities(controllerManager.limits, ControllerManagerLimits.fromString),
          requests: quantities(controllerManager.requests, ControllerManagerRequests.fromString),
        },
      },
      scheduler: {
        resources: {
          limits: quantities(scheduler.limits, SchedulerLimits.fromString),
          requests: quantities(scheduler.requests, SchedulerRequests.fromString),
        },
      },
      dataStoreName: cluster.dataStoreName,
      addons: {
        konnectivity: {
          // The line's pinned konnectivity for this version (v1.35 on v1.5: v0.34.0), else Kamaji infers it.
          ...(konnectivityVersion !== undefined ? { agent: { version: konnectivityVersion } } : {}),
          server: {
            port: KONNECTIVITY_PORT,
            ...(konnectivityVersion !== undefined ? { version: konnectivityVersion } : {}),
            resources: {
              limits: quantities(konnectivity.limits, KonnectivityLimits.fromString),
              requests: quantities(konnectivity.requests, KonnectivityRequests.fromString),
            },
          },
        },
      },
      // Kube-proxy is absent (Cilium replaces it) and CoreDNS comes from an addon, so Kamaji deploys neither.
      kubelet: { cgroupfs: Cgroupfs.SYSTEMD, preferredAddressTypes: [AddressType.INTERNAL_IP, AddressType.EXTERNAL_IP] },
      network: {
        serviceType: ServiceType.CLUSTER_IP,
        ingress: {
          // TLS passes through the tenant ingress controller and terminates in kube-apiserver.
          extraAnnotations: { 'nginx.ingress.kubernetes.io/ssl-passthrough': 'true' },
          hostname: `${cluster.host}:443`,
          ...(cluster.ingressClassName !== undefined ? { className: cluster.ingressClassName } : {}),
        },
      },
      deployment: { podAdditionalMetadata: { labels: { 'policy.cozystack.io/allow-to-etcd': 'true' } } },
      replicas: cp.replicas,
      version: cluster.patchVersion,
    },
  });
}

export function renderKubevirtCluster(cluster: ResolvedCluster): KubeObject {
  const { KubevirtCluster } = capiKubevirt();
  return KubevirtCluster.manifest({
    metadata: {
      name: cluster.names.base,
      namespace: cluster.names.namespace,
      // Externally managed: CAPK creates no load balancer; the Kamaji provider sets the endpoint and readiness.
      annotations: { 'cluster.x-k8s.io/managed-by': 'kamaji' },
    },
  });
}

/** Cluster, KamajiControlPlane and KubevirtCluster, in that order. */
export function renderControlPlane(cluster: ResolvedCluster): KubeObject[] {
  return [renderCapiCluster(cluster), renderKamajiControlPlane(cluster), renderKubevirtCluster(cluster)];
}
