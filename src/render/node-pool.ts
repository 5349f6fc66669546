// Worker node groups: KubeadmConfigTemplate, KubevirtMachineTemplate (content-hashed name), MachineDeployment and
// MachineHealthCheck (spec §1.5), plus the templates of earlier shapes that machines may still run on.
import { applicationIdentity } from './application-labels';
import type { KubevirtMachineTemplateSpecTemplate } from '../../imports/infrastructure.cluster.x-k8s.io';
import type { SpecProblem } from '../spec/errors';
import type { ResolvedCluster, ResolvedNodeGroup, ResolvedTemplateShape } from '../spec/resolved';
import { quantityValue } from '../spec/quantity';
import { canonicalDuration } from './duration';
import { contentHash } from './hash';
import type { KubeObject } from './manifest';
import { quantities, workerLauncherResources } from './resources';
import { capi, capiBootstrap, capiKubevirt } from './generated';
import { renderKubeadmConfigTemplate } from './worker-bootstrap';
import { workerDataDisk } from './worker-disk';

export const CLUSTER_NAME_LABEL = 'cluster.x-k8s.io/cluster-name';
export const DEPLOYMENT_NAME_LABEL = 'cluster.x-k8s.io/deployment-name';
export const NODE_ROLE_LABEL_PREFIX = 'node-role.kubernetes.io/';

/** The objects of one node group. */
export interface RenderedNodePool {
  readonly group: ResolvedNodeGroup;
  readonly kubeadmConfigTemplate: KubeObject;
  /** The current worker template, named `<base>-<group>-<hash>`. */
  readonly machineTemplate: KubeObject;
  readonly machineDeployment: KubeObject;
  readonly machineHealthCheck: KubeObject;
  /** Templates of earlier shapes kept for machines that still use them (`retainedTemplates`). */
  readonly retainedTemplates: readonly KubeObject[];
}

function roleLabels(roles: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const role of roles) labels[`${NODE_ROLE_LABEL_PREFIX}${role}`] = '';
  return labels;
}

/** The `spec.template` of a KubevirtMachineTemplate for a shape; its hash names the template. */
function machineTemplateBody(cluster: ResolvedCluster, group: ResolvedNodeGroup, shape: ResolvedTemplateShape): KubevirtMachineTemplateSpecTemplate {
  const {
    KubevirtMachineTemplateSpecTemplateSpecVirtualMachineBootstrapCheckCheckStrategy: CheckStrategy,
    KubevirtMachineTemplateSpecTemplateSpecVirtualMachineTemplateSpecTemplateSpecDomainMemoryGuest: MemoryGuest,
    KubevirtMachineTemplateSpecTemplateSpecVirtualMachineTemplateSpecTemplateSpecDomainResourcesLimits: LauncherLimits,
    KubevirtMachineTemplateSpecTemplateSpecVirtualMachineTemplateSpecTemplateSpecDomainResourcesRequests: LauncherRequests,
  } = capiKubevirt();
  const { names } = cluster;
  const roles = roleLabels(shape.roles);
  const launcher = workerLauncherResources(cluster);
  const spread = cluster.platform.topologySpreadConstraints;
  const data = workerDataDisk(cluster.platform.line, shape);
  return {
    spec: {
      virtualMachineBootstrapCheck: { checkStrategy: CheckStrategy.SSH },
      virtualMachineTemplate: {
        metadata: { namespace: names.namespace, ...(shape.roles.length > 0 ? { labels: roles } : {}) },
        spec: {
          ...(shape.instanceType !== undefined ? { instancetype: { kind: 'VirtualMachineClusterInstancetype', name: shape.instanceType } } : {}),
          ...(data.dataVolumeTemplate !== undefined ? { dataVolumeTemplates: [data.dataVolumeTemplate] } : {}),
          runStrategy: 'Always',
          template: {
            metadata: {
              annotations: { 'kubevirt.io/allow-pod-bridge-network-live-migration': 'true' },
              labels: { ...applicationIdentity(cluster), ...roles, [DEPLOYMENT_NAME_LABEL]: names.nodeGroup(group.name) },
            },
            spec: {
              ...(spread !== undefined
                ? {
                    // The platform's constraints, the last one scoped to this cluster's VMs (as the chart did).
                    topologySpreadConstraints: spread.map((t, i) =>
                      i === spread.length - 1
                        ? {
                            ...t,
                            labelSelector: { ...t.labelSelector, matchLabels: { ...t.labelSelector?.matchLabels, [CLUSTER_NAME_LABEL]: names.base } },
                          }
                        : t,
                    ),
                  }
                : {}),
              domain: {
                // A quantity ("2", "2000m"): KubeVirt takes whole cores, which validation made sure it is.
                ...(shape.cpu !== undefined ? { cpu: { threads: 1, cores: quantityValue(shape.cpu), sockets: 1 } } : {}),
                devices: {
                  ...(shape.gpus.length > 0 ? { gpus: shape.gpus.map((g, i) => ({ name: `gpu${i + 1}`, deviceName: g.name })) } : {}),
                  disks: [{ name: 'system', disk: { bus: 'virtio', pciAddress: '0000:07:00.0' } }, data.disk],
                  interfaces: [{ name: 'default', bridge: {} }],
                },
                ...(shape.memory !== undefined ? { memory: { guest: MemoryGuest.fromString(shape.memory) } } : {}),
                resources: {
                  limits: quantities(launcher.limits, LauncherLimits.fromString),
                  requests: quantities(launcher.requests, LauncherRequests.fromString),
                },
              },
              evictionStrategy: 'External',
              volumes: [{ name: 'system', containerDisk: { image: cluster.platform.workerContainerDisk } }, data.volume],
              networks: [{ name: 'default', pod: {} }],
            },
          },
        },
      },
    },
  };
}

export function renderMachineTemplate(cluster: ResolvedCluster, group: ResolvedNodeGroup, shape: ResolvedTemplateShape): KubeObject {
  const { KubevirtMachineTemplate } = capiKubevirt();
  const { names } = cluster;
  const manifest = KubevirtMachineTemplate.manifest({ spec: { template: machineTemplateBody(cluster, group, shape) } });
  // The name is the hash of the exact JSON the template renders to: any change of content is a new template.
  const name = names.machineTemplate(group.name, contentHash(manifest.spec.template));
  return { ...manifest, metadata: { name, namespace: names.namespace } };
}

export function renderMachineDeployment(cluster: ResolvedCluster, group: ResolvedNodeGroup, machineTemplateName: string): KubeObject {
  const {
    MachineDeploymentV1Beta1,
    MachineDeploymentV1Beta1SpecStrategyType,
    MachineDeploymentV1Beta1SpecStrategyRollingUpdateMaxSurge: Surge,
    MachineDeploymentV1Beta1SpecStrategyRollingUpdateMaxUnavailable: Unavailable,
  } = capi();
  const { KubeadmConfigTemplateV1Beta1 } = capiBootstrap();
  const { KubevirtMachineTemplate } = capiKubevirt();
  const { names } = cluster;
  const mdName = names.nodeGroup(group.name);
  const selector = { [CLUSTER_NAME_LABEL]: names.base, [DEPLOYMENT_NAME_LABEL]: mdName };
  return MachineDeploymentV1Beta1.manifest({
    metadata: {
      name: mdName,
      namespace: names.namespace,
      labels: { [CLUSTER_NAME_LABEL]: names.base },
      annotations: {
        'cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size': String(group.minReplicas),
        'cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size': String(group.maxReplicas),
        // Capacity lets the autoscaler scale a group up from zero without a node to look at: what a node offers pods
        // (the VM less the kubelet's reservations, where the line reserves).
        ...capacityAnnotations(group),
        'cluster.x-k8s.io/autoscaling-options-maxnodeprovisiontime': group.maxNodeProvisionTime,
      },
    },
    spec: {
      // No `replicas`: CAPI seeds it from the min-size annotation on create; afterwards the autoscaler owns it.
      clusterName: names.base,
      // A new machine joins before an old one goes, so a shape change never lowers the group's capacity.
      strategy: {
        type: MachineDeploymentV1Beta1SpecStrategyType.ROLLING_UPDATE,
        rollingUpdate: { maxSurge: Surge.fromNumber(1), maxUnavailable: Unavailable.fromNumber(0) },
      },
      // Old MachineSets are deleted once scaled down: none keeps pointing at a worker template that was dropped.
      revisionHistoryLimit: 0,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: { ...selector, ...roleLabels(group.shape.roles) } },
        spec: {
          bootstrap: {
            configRef: {
              apiVersion: KubeadmConfigTemplateV1Beta1.GVK.apiVersion,
              kind: KubeadmConfigTemplateV1Beta1.GVK.kind,
              name: mdName,
              namespace: names.namespace,
            },
          },
          clusterName: names.base,
          infrastructureRef: {
            apiVersion: KubevirtMachineTemplate.GVK.apiVersion,
            kind: KubevirtMachineTemplate.GVK.kind,
            name: machineTemplateName,
            namespace: names.namespace,
          },
          version: cluster.patchVersion,
        },
      },
    },
  });
}

function capacityAnnotations(group: ResolvedNodeGroup): Record<string, string> {
  const { memory, cpu } = group.kubelet?.allocatable ?? group.capacity;
  return {
    ...(memory !== undefined ? { 'capacity.cluster-autoscaler.kubernetes.io/memory': memory } : {}),
    ...(cpu !== undefined ? { 'capacity.cluster-autoscaler.kubernetes.io/cpu': cpu } : {}),
  };
}

export function renderMachineHealthCheck(cluster: ResolvedCluster, group: ResolvedNodeGroup): KubeObject {
  const { MachineHealthCheckV1Beta1, MachineHealthCheckV1Beta1SpecMaxUnhealthy } = capi();
  const { names } = cluster;
  const name = names.nodeGroup(group.name);
  const hc = group.healthCheck;
  return MachineHealthCheckV1Beta1.manifest({
    metadata: { name, namespace: names.namespace, labels: { [CLUSTER_NAME_LABEL]: names.base } },
    spec: {
      clusterName: names.base,
      maxUnhealthy: /^\d+$/.test(hc.maxUnhealthy)
        ? MachineHealthCheckV1Beta1SpecMaxUnhealthy.fromNumber(Number(hc.maxUnhealthy))
        : MachineHealthCheckV1Beta1SpecMaxUnhealthy.fromString(hc.maxUnhealthy),
      nodeStartupTimeout: canonicalDuration(hc.nodeStartupTimeout),
      selector: { matchLabels: { [CLUSTER_NAME_LABEL]: names.base, [DEPLOYMENT_NAME_LABEL]: name } },
      unhealthyConditions: [
        { type: 'Ready', status: 'Unknown', timeout: canonicalDuration(hc.unknownTimeout) },
        { type: 'Ready', status: 'False', timeout: canonicalDuration(hc.notReadyTimeout) },
      ],
    },
  });
}

/** Renders the templates of earlier shapes. An entry whose shape equals the current one (or an earlier entry) is dropped. */
function renderRetained(cluster: ResolvedCluster, group: ResolvedNodeGroup, currentName: string): KubeObject[] {
  const seen = new Set([currentName]);
  const out: KubeObject[] = [];
  for (const retained of group.retainedTemplates) {
    const template = renderMachineTemplate(cluster, group, retained.shape);
    if (!seen.has(template.metadata.name)) {
      seen.add(template.metadata.name);
      out.push(template);
    }
  }
  return out;
}

/**
 * The retained templates of a node group whose `name` is not the template their fields render: the one check of a
 * description that needs rendered output (a template's name is the hash of its content). render/resolve.ts runs it.
 */
export function retainedTemplateProblems(cluster: ResolvedCluster, group: ResolvedNodeGroup): SpecProblem[] {
  return group.retainedTemplates.flatMap((retained) => {
    const name = renderMachineTemplate(cluster, group, retained.shape).metadata.name;
    return retained.expectedName === undefined || retained.expectedName === name
      ? []
      : [
          {
            path: `${retained.path}.name`,
            value: retained.expectedName,
            message: `does not match the template these fields render ("${name}"); give the previous value of every field that changed`,
          },
        ];
  });
}

export function renderNodePool(cluster: ResolvedCluster, group: ResolvedNodeGroup): RenderedNodePool {
  const machineTemplate = renderMachineTemplate(cluster, group, group.shape);
  return {
    group,
    kubeadmConfigTemplate: renderKubeadmConfigTemplate(cluster, group),
    machineTemplate,
    machineDeployment: renderMachineDeployment(cluster, group, machineTemplate.metadata.name),
    machineHealthCheck: renderMachineHealthCheck(cluster, group),
    retainedTemplates: renderRetained(cluster, group, machineTemplate.metadata.name),
  };
}

/** The objects of a node pool in output order. */
export function nodePoolObjects(pool: RenderedNodePool): KubeObject[] {
  return [pool.kubeadmConfigTemplate, pool.machineTemplate, ...pool.retainedTemplates, pool.machineDeployment, pool.machineHealthCheck];
}
