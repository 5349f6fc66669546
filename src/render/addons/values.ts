// Default Helm values of the built-in addons (spec §1.11), with the later upstream fixes: Cilium's MTU, the
// ingress-nginx nodeSelector where the chart reads it, NodePorts instead of hostNetwork for Proxied ingress, and
// fully qualified management-cluster names for the monitoring agents.
import type { ResolvedCluster } from '../../spec/resolved';
import { SERVICE_DNS_IP } from '../control-plane';
import { isEmpty, mergeValues } from './merge';

/** Ports the tenant's ingress-nginx listens on in Proxied mode (its NodePort Service); the management Service targets them. */
export const PROXIED_NODE_PORTS = Object.freeze({ http: 30000, https: 30001 });

/** KubeVirt's pod network leaves 1350 bytes for Cilium's tunnel; auto-detection picks 1400 and drops large packets. */
export const CILIUM_MTU = 1350;

export function ciliumValues(cluster: ResolvedCluster): Record<string, unknown> {
  return {
    cilium: {
      k8sServiceHost: cluster.names.apiServiceHost,
      k8sServicePort: 6443,
      routingMode: 'tunnel',
      enableIPv4Masquerade: true,
      ipv4NativeRoutingCIDR: '',
      MTU: CILIUM_MTU,
      ...(cluster.addons.gatewayAPI.enabled ? { gatewayAPI: { enabled: true }, envoy: { enabled: true } } : {}),
    },
  };
}

export function corednsValues(): Record<string, unknown> {
  // The DNS IP Kamaji derives from the service CIDR; kubelets are configured with it.
  return { coredns: { service: { clusterIP: SERVICE_DNS_IP } } };
}

export function ingressNginxValues(cluster: ResolvedCluster): Record<string, unknown> {
  const proxied = cluster.addons.ingressNginx.exposeMethod === 'Proxied';
  return {
    'ingress-nginx': {
      fullnameOverride: 'ingress-nginx',
      controller: {
        kind: 'DaemonSet',
        // `controller.nodeSelector` is the key the upstream chart reads (the seed set `ingress-nginx.nodeSelector`).
        nodeSelector: { 'node-role.kubernetes.io/ingress-nginx': '' },
        ...(proxied ? { service: { type: 'NodePort', nodePorts: { http: PROXIED_NODE_PORTS.http, https: PROXIED_NODE_PORTS.https } } } : {}),
        ...(cluster.addons.certManager.enabled ? {} : { admissionWebhooks: { certManager: { enabled: false } } }),
      },
    },
  };
}

/**
 * cert-manager: the override, and on lines whose chart turns Gateway API support on with `addons.gatewayAPI` (v1.5,
 * 90ac6de47) the `ControllerConfiguration` under it; there `values` is always rendered, `{}` when empty.
 */
export function certManagerValues(cluster: ResolvedCluster): Record<string, unknown> | undefined {
  const override = cluster.addons.certManager.valuesOverride;
  if (!cluster.platform.line.addonValues.certManagerGatewayApi) return isEmpty(override) ? undefined : { ...override };
  const config = { apiVersion: 'controller.config.cert-manager.io/v1alpha1', kind: 'ControllerConfiguration', enableGatewayAPI: true };
  return mergeValues(cluster.addons.gatewayAPI.enabled ? { 'cert-manager': { config } } : {}, override);
}

/** The GPU Operator's kernel module parameters ConfigMap (`NVreg_NvLinkDisable=1`), which the wrapper chart renders. */
export const GPU_KERNEL_MODULE_PARAMS = 'nvidia-kernel-module-params';

/**
 * GPU Operator: on lines with the chart's defaults (v1.5, 238a3b665) the kernel module parameters, and the operator's
 * own device plugin off when HAMi runs its own (a3e2fbd74), under the override; otherwise the override alone.
 */
export function gpuOperatorValues(cluster: ResolvedCluster): Record<string, unknown> | undefined {
  const override = cluster.addons.gpuOperator.valuesOverride;
  if (!cluster.platform.line.addonValues.gpuOperatorDefaults) return isEmpty(override) ? undefined : { ...override };
  const defaults = {
    kernelModuleConfig: { create: true },
    'gpu-operator': {
      driver: { kernelModuleConfig: { name: GPU_KERNEL_MODULE_PARAMS } },
      ...(cluster.addons.hami.enabled ? { devicePlugin: { enabled: false } } : {}),
    },
  };
  return mergeValues(defaults, override);
}

/**
 * Ouroboros (7ab940f30): CoreDNS import mode, Gateway API support as the tenant has it, and the tenant cluster's own
 * DNS domain (`cluster.local`, d6c24dd07: not the management cluster's).
 */
export function ouroborosValues(cluster: ResolvedCluster): Record<string, unknown> {
  return {
    ouroboros: {
      controller: { mode: 'coredns-import', gatewayApi: { enabled: cluster.addons.gatewayAPI.enabled }, clusterDomain: 'cluster.local' },
    },
  };
}

export function fluxcdOperatorValues(): Record<string, unknown> {
  return { 'flux-operator': { fullnameOverride: 'flux-operator', tolerations: [], hostNetwork: false } };
}

/** `<service>.<monitoring namespace>.svc.<cluster domain>`: resolvable from inside the tenant cluster. */
function monitoringHost(cluster: ResolvedCluster, service: string): string {
  return `${service}.${cluster.monitoringNamespace}.svc.${cluster.platform.clusterDomain}`;
}

export function monitoringAgentsValues(cluster: ResolvedCluster): Record<string, unknown> {
  const { base, namespace } = cluster.names;
  const logs = cluster.platform.line.addonValues.logsInsert;
  const outputs = [
    '[OUTPUT]',
    '    Name http',
    '    Match kube.*',
    `    Host ${monitoringHost(cluster, logs.service)}`,
    `    port ${logs.port}`,
    '    compress gzip',
    '    uri /insert/jsonline?_stream_fields=stream,kubernetes_pod_name,kubernetes_container_name,kubernetes_namespace_name&_msg_field=log&_time_field=date',
    '    format json_lines',
    '    json_date_format iso8601',
    '    header AccountID 0',
    '    header ProjectID 0',
  ];
  const filters = [
    '[FILTER]',
    '    Name kubernetes',
    '    Match kube.*',
    '    Merge_Log On',
    '    Keep_Log On',
    '    K8S-Logging.Parser On',
    '    K8S-Logging.Exclude On',
    '[FILTER]',
    '    Name nest',
    '    Match *',
    '    Wildcard pod_name',
    '    Operation lift',
    '    Nested_under kubernetes',
    '    Add_prefix kubernetes_',
    '[FILTER]',
    '    Name modify',
    '    Match *',
    `    Add tenant ${namespace}`,
    '[FILTER]',
    '    Name modify',
    '    Match *',
    `    Add cluster ${base}`,
  ];
  return {
    vmagent: {
      externalLabels: { cluster: base, tenant: namespace },
      remoteWrite: { url: `http://${monitoringHost(cluster, 'vminsert-shortterm')}:8480/insert/0/prometheus` },
    },
    'fluent-bit': {
      readinessProbe: { httpGet: { path: '/' } },
      daemonSetVolumes: [
        { name: 'varlog', hostPath: { path: '/var/log' } },
        { name: 'varlibdockercontainers', hostPath: { path: '/var/lib/docker/containers' } },
      ],
      daemonSetVolumeMounts: [
        { name: 'varlog', mountPath: '/var/log' },
        { name: 'varlibdockercontainers', mountPath: '/var/lib/docker/containers', readOnly: true },
      ],
      config: { outputs: `${outputs.join('\n')}\n`, filters: `${filters.join('\n')}\n` },
    },
  };
}

export function verticalPodAutoscalerValues(cluster: ResolvedCluster): Record<string, unknown> {
  const { base, namespace } = cluster.names;
  return {
    vpaForVPA: false,
    'vertical-pod-autoscaler': {
      recommender: {
        extraArgs: {
          'container-name-label': 'container',
          'container-namespace-label': 'namespace',
          'container-pod-name-label': 'pod',
          storage: 'prometheus',
          'memory-saver': true,
          'pod-label-prefix': 'label_',
          'metric-for-pod-labels': `kube_pod_labels{job="kube-state-metrics", tenant="${namespace}", cluster="${base}"}[8d]`,
          'pod-name-label': 'pod',
          'pod-namespace-label': 'namespace',
          'prometheus-address': `http://${monitoringHost(cluster, 'vmselect-shortterm')}:8481/select/0/prometheus/`,
          'prometheus-cadvisor-job-name': 'cadvisor',
        },
        resources: { limits: { memory: '1600Mi' }, requests: { cpu: '100m', memory: '1600Mi' } },
      },
    },
  };
}
