// The KubeadmConfigTemplate of a node group: how a worker VM prepares its data disk, its container runtime and its
// kubelet before it joins (spec §1.5.1; on platform lines with persistent disks and kubelet reservations, delta §1.2.3).
import { instanceTypeGpus } from '../spec/instance-types';
import type { ResolvedCluster, ResolvedKubeletReservations, ResolvedNodeGroup } from '../spec/resolved';
import type { KubeObject } from './manifest';
import { capiBootstrap } from './generated';

/** Where the kubelet/kubeadm updater is written on the worker. */
export const UPDATE_SCRIPT_PATH = '/usr/bin/update-k8s.sh';

/**
 * Replaces the disk's kubelet and kubeadm with release `KUBELET_VERSION` from dl.k8s.io. Each binary is installed
 * only once it has run, so a failed or broken download leaves the disk's one in place. Run with `|| true`: a worker
 * without network access to dl.k8s.io still joins with the disk's kubelet (of the same minor).
 */
export const UPDATE_SCRIPT = `#!/usr/bin/env bash
# Installs kubelet and kubeadm \${KUBELET_VERSION} (e.g. v1.35.1) from dl.k8s.io for this machine's architecture.
set -euo pipefail
version="\${KUBELET_VERSION:?set KUBELET_VERSION to the Kubernetes release to install, e.g. v1.35.1}"
case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64) arch=arm64 ;;
  *) echo "update-k8s: no Kubernetes binaries for $(uname -m)" >&2; exit 1 ;;
esac
for binary in kubelet kubeadm; do
  download="/root/\${binary}"
  curl -fsSL -o "\${download}" "https://dl.k8s.io/release/\${version}/bin/linux/\${arch}/\${binary}"
  chmod 0755 "\${download}"
  # kubelet prints its version with --version, kubeadm with "version".
  if [ "\${binary}" = kubelet ]; then check=--version; else check=version; fi
  if "\${download}" "\${check}" >/dev/null; then
    mv -f "\${download}" "/usr/bin/\${binary}"
    echo "update-k8s: installed \${binary} \${version}"
  else
    echo "update-k8s: \${binary} \${version} does not run; keeping /usr/bin/\${binary}" >&2
    rm -f "\${download}"
  fi
done
`;

/** Lets the console log in as root without a password (the platform's serial-console access). */
const ROOT_WITHOUT_PASSWORD = "sed -i 's|root:x:|root::|' /etc/passwd";
const STOP_CONTAINERD = 'systemctl stop containerd.service';
const START_CONTAINERD = 'systemctl start containerd.service';

/** Points containerd 1.x (`grpc.v1.cri`) and 2.x (`cri.v1.images`) at the certs.d registry configuration. */
const CONTAINERD_CONFIG_PATH =
  'sed -i -e \'/^\\s*\\[plugins\\."io\\.containerd\\.grpc\\.v1\\.cri"\\.registry\\]/,/^\\s*\\[/ s|^\\(\\s*\\)config_path = .*|\\1config_path = "/etc/containerd/certs.d"|\'' +
  ' -e \'/^\\s*\\[plugins\\."io\\.containerd\\.cri\\.v1\\.images"\\.registry\\]/,/^\\s*\\[/ s|^\\(\\s*\\)config_path = .*|\\1config_path = "/etc/containerd/certs.d"|\'' +
  ' /etc/containerd/config.toml';

/** The directories kubelet and containerd keep their data in, bind-mounted from the data disk. */
const DATA_DIRS = ['kubelet', 'containerd'] as const;

/** How the data disk (`/dev/vdb`) is formatted, mounted and bound under /var/lib, per the line's `workerStorage`. */
interface DataDiskSetup {
  readonly filesystem: { device: string; filesystem: string; label: string; partition: string; overwrite?: boolean };
  readonly mounts: string[][];
  /** The preKubeadmCommands that bind the data directories, containerd stopped. */
  readonly bindCommands: string[];
}

function dataDiskSetup(storage: ResolvedCluster['platform']['line']['workerStorage']): DataDiskSetup {
  if (storage === 'ephemeral') {
    // An emptyDisk, new on every boot: formatted and bound unconditionally.
    return {
      filesystem: { device: '/dev/vdb', filesystem: 'xfs', label: 'ephemeral', partition: 'none' },
      mounts: [['LABEL=ephemeral', '/ephemeral'], ...DATA_DIRS.map((d) => [`/ephemeral/${d}`, `/var/lib/${d}`, 'none', 'bind,nofail'])],
      bindCommands: [
        `mkdir -p ${DATA_DIRS.map((d) => `/ephemeral/${d}`).join(' ')}`,
        ...DATA_DIRS.map((d) => `mount -o bind /ephemeral/${d} /var/lib/${d}`),
      ],
    };
  }
  // A volume that outlives the VM: never reformatted, and bound only where cloud-init's mounts did not already.
  return {
    filesystem: { device: '/dev/vdb', filesystem: 'xfs', label: 'persistent', partition: 'none', overwrite: false },
    mounts: [['LABEL=persistent', '/persistent'], ...DATA_DIRS.map((d) => [`/persistent/${d}`, `/var/lib/${d}`, 'none', 'bind,nofail'])],
    bindCommands: [
      `mkdir -p ${[...DATA_DIRS.map((d) => `/persistent/${d}`), ...DATA_DIRS.map((d) => `/var/lib/${d}`)].join(' ')}`,
      ...DATA_DIRS.map((d) => `mountpoint -q /var/lib/${d} || mount -o bind /persistent/${d} /var/lib/${d}`),
    ],
  };
}

/** The kubelet flags of a node group's reservations and eviction thresholds (values as the kubelet parses them). */
export function reservationArgs(k: ResolvedKubeletReservations): Record<string, string> {
  return {
    'system-reserved': `memory=${k.systemReservedMemory},cpu=${k.systemReservedCpu}`,
    'kube-reserved': `memory=${k.kubeReservedMemory},cpu=${k.kubeReservedCpu}`,
    'eviction-hard': `memory.available<${k.evictionHardMemory},nodefs.available<10%,imagefs.available<15%,nodefs.inodesFree<5%`,
    'eviction-soft': `memory.available<${k.evictionSoftMemory},nodefs.available<15%,imagefs.available<20%`,
    'eviction-soft-grace-period': 'memory.available=1m30s,nodefs.available=1m30s,imagefs.available=1m30s',
    'eviction-minimum-reclaim': 'memory.available=256Mi',
    // Reservations are kept from pods only; system and kube get no cgroups of their own to enforce them on.
    'enforce-node-allocatable': 'pods',
  };
}

/** Whether the VMs of a group have GPUs: passed through (`gpus`) or brought by their instance type. */
function hasGpus(cluster: ResolvedCluster, group: ResolvedNodeGroup): boolean {
  const type = group.shape.instanceType;
  const { instanceTypes, line } = cluster.platform;
  return group.shape.gpus.length > 0 || (type !== undefined && instanceTypeGpus(instanceTypes, type, line).length > 0);
}

export function renderKubeadmConfigTemplate(cluster: ResolvedCluster, group: ResolvedNodeGroup): KubeObject {
  const { KubeadmConfigTemplateV1Beta1, KubeadmConfigTemplateV1Beta1SpecTemplateSpecFormat } = capiBootstrap();
  const { names } = cluster;
  const { line } = cluster.platform;
  const registries = cluster.platform.containerdRegistries;
  const disk = dataDiskSetup(line.workerStorage);
  const files = [
    ...(line.workerKubeletUpdate ? [{ path: UPDATE_SCRIPT_PATH, owner: 'root:root', permissions: '0755', content: UPDATE_SCRIPT }] : []),
    ...(registries?.registries ?? []).map((r) => ({
      path: `/etc/containerd/certs.d/${r.registry}/hosts.toml`,
      contentFrom: { secret: { name: registries!.secretName, key: r.key ?? `${r.registry}.toml` } },
      permissions: '0400',
    })),
  ];
  const kubeletExtraArgs = {
    ...(line.gpuNodeLabel && hasGpus(cluster, group) ? { 'node-labels': 'gpu=on' } : {}),
    ...(group.kubelet !== undefined ? reservationArgs(group.kubelet) : {}),
  };
  const nodeRegistration = {
    // kubeadm before 1.32 requires the conntrack binary, which the v0.37 worker disks do not ship (upstream f82f13bf3).
    ...(cluster.version.minorNumber < line.ignoreConntrackPreflightBelow ? { ignorePreflightErrors: ['FileExisting-conntrack'] } : {}),
    ...(Object.keys(kubeletExtraArgs).length > 0 ? { kubeletExtraArgs } : {}),
  };
  return KubeadmConfigTemplateV1Beta1.manifest({
    metadata: {
      name: names.nodeGroup(group.name),
      namespace: names.namespace,
      // Helm never deletes it on upgrade while machines may still be bootstrapping from it.
      ...(line.keepKubeadmConfigTemplates ? { annotations: { 'helm.sh/resource-policy': 'keep' } } : {}),
    },
    spec: {
      template: {
        spec: {
          // The workers' images run cloud-init (CABPK's webhook would default this too).
          format: KubeadmConfigTemplateV1Beta1SpecTemplateSpecFormat.CLOUD_HYPHEN_CONFIG,
          // /dev/vdb is the VM's data disk: kubelet and containerd data live there, not on the system disk.
          diskSetup: { filesystems: [disk.filesystem] },
          mounts: disk.mounts,
          ...(files.length > 0 ? { files } : {}),
          preKubeadmCommands: [
            ...(line.workerKubeletUpdate ? [`KUBELET_VERSION=${cluster.patchVersion} ${UPDATE_SCRIPT_PATH} || true`] : []),
            ROOT_WITHOUT_PASSWORD,
            STOP_CONTAINERD,
            ...disk.bindCommands,
            CONTAINERD_CONFIG_PATH,
            START_CONTAINERD,
          ],
          joinConfiguration: {
            // No `kubeletExtraArgs: {}` (the reference chart's): CABPK drops an empty map from every KubeadmConfig it
            // clones, so the machines' configuration would never equal the template's. Nor an empty nodeRegistration:
            // server-side apply turns `{}` into null, which the CRD rejects (CABPK's webhook hides it by defaulting).
            ...(Object.keys(nodeRegistration).length > 0 ? { nodeRegistration } : {}),
            // Workers join through the management cluster's Service of the tenant API server.
            discovery: { bootstrapToken: { apiServerEndpoint: `${names.apiServiceHost}:6443` } },
          },
          initConfiguration: { skipPhases: ['addon/kube-proxy'] },
        },
      },
    },
  });
}
