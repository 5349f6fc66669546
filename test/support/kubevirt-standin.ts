// TEST STAND-IN for the KubeVirt CAPI provider (CAPK v0.1.10) and the kubelet of each worker VM. Test code only:
// there is no KubeVirt here, and no VM boots. It keeps their contract with Cluster API:
//  - a KubevirtMachine gets the provider's finalizer, and waits, as CAPK does, until its Machine's bootstrap data
//    Secret exists; then the "VM" boots: `spec.providerID: kubevirt://<name>` and `status.ready: true`;
//  - the VM's kubelet joins the tenant cluster: a Node named after the VM, with that providerID, Ready, and the
//    taints the kubeadm JoinConfiguration in the bootstrap data asks for;
//  - a KubevirtMachine being deleted loses its VM and then its finalizer (CAPI deletes the Node afterwards);
//  - as KubeVirt does, a VM boots only if every disk has its volume, and a `dataVolume` volume names a DataVolume of
//    the VM's `dataVolumeTemplates` (which KubeVirt creates with the VM); otherwise the stand-in reports it in
//    `errors` and the VM never boots.
// The bootstrap data each VM booted with, and the disks it got, are kept, so tests can compare them with what we
// rendered.
import { parse } from 'yaml';
import type { KamajiStandIn } from './kamaji-standin';
import type { KubeHarness } from './kube-harness';
import { PollingLoop } from './polling-loop';

const KVM_API = '/apis/infrastructure.cluster.x-k8s.io/v1alpha1';
const FINALIZER = 'kubevirtmachine.infrastructure.cluster.x-k8s.io';

/** What a worker VM booted with. */
export interface BootedVm {
  /** `namespace/name` of the KubevirtMachine (the VM and its Node have its name). */
  readonly key: string;
  /** The Machine that owns it. */
  readonly machine: string;
  /** The `cluster.x-k8s.io/cluster-name` of the machine (the Kamaji control plane's name). */
  readonly cluster: string;
  /** Its MachineDeployment (`cluster.x-k8s.io/deployment-name`), if any. */
  readonly deployment: string | undefined;
  /** `format` of the bootstrap data Secret. */
  readonly format: string;
  /** The cloud-config document, parsed. */
  readonly cloudConfig: any;
  /** The kubeadm JoinConfiguration it carries, parsed. */
  readonly joinConfiguration: any;
  /** Its disks, in order, each with what backs it. */
  readonly disks: readonly VmDisk[];
}

/** A disk of a worker VM and the volume behind it. */
export interface VmDisk {
  readonly name: string;
  readonly bus: string | undefined;
  readonly source:
    | { readonly kind: 'containerDisk'; readonly image: string }
    | { readonly kind: 'emptyDisk'; readonly capacity: string }
    /** A DataVolume from the VM's `dataVolumeTemplates`: a PVC of `size` (`storageClassName` undefined: the default). */
    | { readonly kind: 'dataVolume'; readonly size: string; readonly storageClassName: string | undefined }
    | { readonly kind: 'other'; readonly volume: unknown };
}

/** The disks of a KubevirtMachine's VM, or why KubeVirt would not start it. */
export function vmDisks(kvm: any): VmDisk[] | string {
  const vm = kvm.spec?.virtualMachineTemplate?.spec ?? {};
  const volumes = new Map<string, any>((vm.template?.spec?.volumes ?? []).map((v: any) => [v.name, v]));
  const dataVolumes = new Map<string, any>((vm.dataVolumeTemplates ?? []).map((t: any) => [t.metadata?.name, t]));
  const out: VmDisk[] = [];
  for (const disk of vm.template?.spec?.domain?.devices?.disks ?? []) {
    const volume = volumes.get(disk.name);
    if (volume === undefined) return `disk ${disk.name} has no volume`;
    const bus = disk.disk?.bus;
    if (volume.containerDisk) out.push({ name: disk.name, bus, source: { kind: 'containerDisk', image: volume.containerDisk.image } });
    else if (volume.emptyDisk) out.push({ name: disk.name, bus, source: { kind: 'emptyDisk', capacity: String(volume.emptyDisk.capacity) } });
    else if (volume.dataVolume) {
      const template = dataVolumes.get(volume.dataVolume.name);
      if (template === undefined) return `volume ${volume.name} names DataVolume ${volume.dataVolume.name}, which no dataVolumeTemplate provides`;
      const storage = template.spec?.storage ?? template.spec?.pvc ?? {};
      out.push({
        name: disk.name,
        bus,
        source: { kind: 'dataVolume', size: String(storage.resources?.requests?.storage), storageClassName: storage.storageClassName },
      });
    } else out.push({ name: disk.name, bus, source: { kind: 'other', volume } });
  }
  return out;
}

export class KubevirtStandIn extends PollingLoop {
  /** The VMs that booted, by `namespace/name` of their KubevirtMachine (a deleted VM stays listed). */
  public readonly booted = new Map<string, BootedVm>();
  /** KubevirtMachines whose VM KubeVirt would not start (reported once each in `errors`). */
  private readonly refused = new Set<string>();

  public constructor(
    private readonly management: KubeHarness,
    private readonly kamaji: KamajiStandIn,
  ) {
    super();
  }

  /** Sets the Ready condition of a worker's Node, as its kubelet (or the node lifecycle controller) would report it. */
  public async setNodeReady(vm: BootedVm, status: 'True' | 'False' | 'Unknown'): Promise<void> {
    const tenant = this.tenantOf(vm.key.split('/')[0], vm.cluster);
    const node = vm.key.split('/')[1];
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const r = await tenant.call(
      'PATCH',
      `/api/v1/nodes/${node}/status`,
      { status: { conditions: [readyCondition(status, now)] } },
      'application/strategic-merge-patch+json',
    );
    if (r.status >= 300) throw new Error(`node ${node} status: ${r.status} ${JSON.stringify(r.body)}`);
  }

  protected async poll(): Promise<void> {
    const kvms = (await this.management.call('GET', `${KVM_API}/kubevirtmachines`)).body?.items ?? [];
    for (const kvm of kvms) await this.reconcile(kvm);
  }

  private async reconcile(kvm: any): Promise<void> {
    const { name, namespace } = kvm.metadata;
    const path = `${KVM_API}/namespaces/${namespace}/kubevirtmachines/${name}`;
    const finalizers: string[] = kvm.metadata.finalizers ?? [];
    if (kvm.metadata.deletionTimestamp) {
      // The VM is gone at once here; the provider then releases the object.
      if (finalizers.includes(FINALIZER))
        await this.patch(path, {
          metadata: { finalizers: finalizers.filter((f) => f !== FINALIZER), resourceVersion: kvm.metadata.resourceVersion },
        });
      return;
    }
    if (!finalizers.includes(FINALIZER)) {
      await this.patch(path, { metadata: { finalizers: [...finalizers, FINALIZER], resourceVersion: kvm.metadata.resourceVersion } });
      return;
    }
    if (kvm.status?.ready) return;
    const disks = vmDisks(kvm);
    if (typeof disks === 'string') {
      if (!this.refused.has(path)) this.errors.push(`KubevirtMachine ${namespace}/${name}: KubeVirt would not start its VM: ${disks}`);
      this.refused.add(path);
      return;
    }
    const owner = (kvm.metadata.ownerReferences ?? []).find((o: any) => o.kind === 'Machine');
    if (!owner) return;
    const machine = (await this.management.call('GET', `/apis/cluster.x-k8s.io/v1beta1/namespaces/${namespace}/machines/${owner.name}`)).body;
    const dataSecretName = machine?.spec?.bootstrap?.dataSecretName;
    const cluster = machine?.spec?.clusterName;
    if (!dataSecretName || !cluster) return;
    const tenant = this.kamaji.tenant(`${namespace}/${cluster}`);
    if (!tenant) return;
    const secret = (await this.management.call('GET', `/api/v1/namespaces/${namespace}/secrets/${dataSecretName}`)).body;
    if (!secret?.data?.value) return;
    const vm = bootedVm(`${namespace}/${name}`, machine, secret, disks);
    await this.join(tenant.harness, name, vm, machine.spec.version);
    await this.patch(path, { spec: { providerID: `kubevirt://${name}` } });
    await this.patch(`${path}/status`, { status: { ready: true } });
    this.booted.set(vm.key, vm);
  }

  /** The kubelet registers its Node, with the taints kubeadm's JoinConfiguration gives it. */
  private async join(tenant: KubeHarness, name: string, vm: BootedVm, version: string): Promise<void> {
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' } },
      spec: { providerID: `kubevirt://${name}`, taints: vm.joinConfiguration?.nodeRegistration?.taints ?? [] },
      status: {
        conditions: [readyCondition('True', now)],
        nodeInfo: {
          kubeletVersion: version,
          architecture: 'amd64',
          operatingSystem: 'linux',
          containerRuntimeVersion: 'containerd://2.0.0',
          kernelVersion: '',
          osImage: '',
          bootID: '',
          kubeProxyVersion: '',
          machineID: '',
          systemUUID: '',
        },
      },
    };
    const r = await tenant.call('POST', '/api/v1/nodes', node);
    if (r.status !== 201 && r.status !== 409) throw new Error(`node ${name}: ${r.status} ${JSON.stringify(r.body)}`);
  }

  private tenantOf(namespace: string, cluster: string): KubeHarness {
    const tenant = this.kamaji.tenant(`${namespace}/${cluster}`);
    if (!tenant) throw new Error(`no tenant control plane ${namespace}/${cluster}`);
    return tenant.harness;
  }

  private async patch(path: string, body: unknown): Promise<void> {
    const r = await this.management.call('PATCH', path, body, 'application/merge-patch+json');
    // A conflict means the object changed since it was listed: the next poll sees the new version.
    if (r.status >= 300 && r.status !== 409) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
  }
}

function readyCondition(status: string, now: string): Record<string, string> {
  return {
    type: 'Ready',
    status,
    lastHeartbeatTime: now,
    lastTransitionTime: now,
    reason: status === 'True' ? 'KubeletReady' : 'KubeletNotReady',
    message: `stand-in kubelet: Ready=${status}`,
  };
}

/** Parses the bootstrap data Secret CABPK wrote for a machine. */
function bootedVm(key: string, machine: any, secret: any, disks: readonly VmDisk[]): BootedVm {
  const format = Buffer.from(secret.data.format ?? '', 'base64').toString('utf8');
  const cloudConfig = parse(Buffer.from(secret.data.value, 'base64').toString('utf8'));
  const joinFile = (cloudConfig?.write_files ?? []).find((f: any) => f.path === '/run/kubeadm/kubeadm-join-config.yaml');
  return {
    key,
    machine: machine.metadata.name,
    cluster: machine.spec.clusterName,
    deployment: machine.metadata.labels?.['cluster.x-k8s.io/deployment-name'],
    format,
    cloudConfig,
    joinConfiguration: joinFile ? parse(joinFile.content) : undefined,
    disks,
  };
}
