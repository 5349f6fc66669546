// The data disk of a worker VM (the second disk, /dev/vdb, holding kubelet and containerd data), per the platform
// line's `workerStorage`: an emptyDisk (spec §1.5.2), or a persistent DataVolume (delta §1.2.4).
import type {
  KubevirtMachineTemplateSpecTemplateSpecVirtualMachineTemplateSpecDataVolumeTemplates as DataVolumeTemplate,
  KubevirtMachineTemplateSpecTemplateSpecVirtualMachineTemplateSpecTemplateSpecDomainDevicesDisks as Disk,
  KubevirtMachineTemplateSpecTemplateSpecVirtualMachineTemplateSpecTemplateSpecVolumes as Volume,
} from '../../imports/infrastructure.cluster.x-k8s.io';
import type { PlatformLine } from '../spec/platform-lines';
import type { ResolvedTemplateShape } from '../spec/resolved';
import { capiKubevirt } from './generated';

/** The DataVolume (and its disk and volume) of a persistent data disk, named in every VM of every group alike. */
export const PERSISTENT_DATA_DISK = 'disk-kubelet';

/** The data disk's entries of a KubevirtMachineTemplate's VM: its disk, its volume, and its DataVolume if any. */
export interface WorkerDataDisk {
  readonly disk: Disk;
  readonly volume: Volume;
  /** `undefined`: nothing to provision (an emptyDisk). */
  readonly dataVolumeTemplate: DataVolumeTemplate | undefined;
}

export function workerDataDisk(line: Pick<PlatformLine, 'workerStorage'>, shape: ResolvedTemplateShape): WorkerDataDisk {
  const {
    KubevirtMachineTemplateSpecTemplateSpecVirtualMachineTemplateSpecTemplateSpecVolumesEmptyDiskCapacity: EmptyDiskCapacity,
    KubevirtMachineTemplateSpecTemplateSpecVirtualMachineTemplateSpecDataVolumeTemplatesSpecStorageResourcesRequests: StorageRequests,
  } = capiKubevirt();
  const pciAddress = '0000:08:00.0';
  if (line.workerStorage === 'ephemeral') {
    return {
      disk: { name: 'ephemeral', disk: { bus: 'virtio', pciAddress } },
      volume: { name: 'ephemeral', emptyDisk: { capacity: EmptyDiskCapacity.fromString(shape.diskSize) } },
      dataVolumeTemplate: undefined,
    };
  }
  return {
    // The volume's block size, not 512-byte emulation: replicated (DRBD) volumes have 4Kn sectors.
    disk: { name: PERSISTENT_DATA_DISK, disk: { bus: 'virtio', pciAddress }, blockSize: { matchVolume: { enabled: true } } },
    volume: { name: PERSISTENT_DATA_DISK, dataVolume: { name: PERSISTENT_DATA_DISK } },
    dataVolumeTemplate: {
      // CDI's volume populators are off: the blank disk is provisioned by the DataVolume itself.
      metadata: { name: PERSISTENT_DATA_DISK, annotations: { 'cdi.kubevirt.io/storage.usePopulator': 'false' } },
      spec: {
        source: { blank: {} },
        storage: {
          resources: { requests: { storage: StorageRequests.fromString(shape.diskSize) } },
          // Left out: the management cluster's default StorageClass (not the cluster's `storageClass`).
          ...(shape.storageClass !== undefined ? { storageClassName: shape.storageClass } : {}),
        },
      },
    },
  };
}
