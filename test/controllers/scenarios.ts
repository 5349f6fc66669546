// The clusters the controllers tier reconciles, on both platform lines (CAPI is v1.10.1 on both).
//  - Platform release v0.37: every node-group shape of the shared matrix, each with a dedicated and with a given
//    datastore, spread over every supported Kubernetes version (CABPK renders kubeadm's v1beta3 API before v1.31 and
//    v1beta4 from it; the join differs before v1.32).
//  - Platform release v1.5: every shape once more, with one datastore each (dedicated and shared in turn), spread over
//    that line's versions (v1.30–v1.35): persistent data disks, the kubelet updater and reservations.
// The dedicated ones vary the etcd size and carry containerd registry files, whose Secret the platform provides; on
// v1.5 they also put their data disks on a named StorageClass.
// What v1.5 pins differently and this tier leaves untested: etcd-operator 0.4.5 (the etcd members here keep v0.4.2's
// flags; etcd-pki.test.ts runs the v0.37 scenarios, v1.5 rendering the same datastore objects) and cert-manager's
// v1.20 CRDs (the controller here is v1.17.2, on upstream's CRDs: RealControllers.installCrds).
import type { PlatformRelease } from '../../src/spec/platform-lines';
import type { TenantKubernetesClusterSpec } from '../../src/spec/types';
import { DATASTORE_KINDS, DATASTORES, NODE_GROUP_SHAPES, SHAPES, versionsOf, type Datastore } from '../support/matrix';

export const REGISTRY_SECRET = 'worker-registries';
/** The registry host files the dedicated scenarios ask for, and their content in the platform's Secret. */
export const REGISTRY_FILES: Readonly<Record<string, string>> = {
  'docker.io.toml': 'server = "https://registry-1.docker.io"\n[host."https://mirror.example.org"]\n  capabilities = ["pull", "resolve"]\n',
  'mirror.toml': 'server = "https://registry.example.org"\n',
};

/** The StorageClass the dedicated v1.5 scenarios put their workers' data disks on. */
export const DATA_DISK_STORAGE_CLASS = 'replicated';

export interface Scenario {
  /** The cluster name; its namespace is `tenant-<id>`. */
  readonly id: string;
  readonly release: PlatformRelease;
  readonly shape: string;
  readonly datastore: Datastore;
  readonly spec: TenantKubernetesClusterSpec;
}

const SHORT: Readonly<Record<string, string>> = {
  default: 'dflt',
  instanceTypes: 'itypes',
  resources: 'res',
  gpus: 'gpus',
  roles: 'roles',
  healthAndRetained: 'hret',
  several: 'several',
  empty: 'empty',
};
const ETCD_REPLICAS = [3, 1, 5];

/** What each line's ids start with: v0.37's are the shape and datastore alone, as before v1.5 existed. */
const ID_PREFIX: Readonly<Record<PlatformRelease, string>> = { 'v0.37': '', 'v1.5': 'v15-' };

function scenario(release: PlatformRelease, shape: string, datastore: Datastore, version: string, etcdReplicas: number): Scenario {
  const id = `${ID_PREFIX[release]}${SHORT[shape] ?? shape.toLowerCase()}-${datastore[0]}`;
  const dedicated = datastore === 'dedicated';
  const groups = NODE_GROUP_SHAPES[shape];
  const nodeGroups =
    dedicated && release === 'v1.5' && groups !== undefined
      ? Object.fromEntries(Object.entries(groups).map(([name, g]) => [name, { ...g, storageClass: DATA_DISK_STORAGE_CLASS }]))
      : groups;
  const platform = {
    release,
    ...(dedicated
      ? {
          containerdRegistries: {
            secretName: REGISTRY_SECRET,
            registries: [{ registry: 'docker.io' }, { registry: 'registry.example.org', key: 'mirror.toml' }],
          },
        }
      : {}),
  };
  return {
    id,
    release,
    shape,
    datastore,
    spec: {
      name: id,
      tenant: { namespace: `tenant-${id}`, host: `${id}.example.org`, ingressClassName: 'tenant-root', dataStoreName: DATASTORES[datastore] },
      version: version as never,
      nodeGroups,
      ...(dedicated ? { etcd: { replicas: etcdReplicas } } : {}),
      platform,
    },
  };
}

export function scenarios(): Scenario[] {
  const out: Scenario[] = [];
  const dedicatedSoFar = () => out.filter((s) => s.datastore === 'dedicated').length;
  const v037 = versionsOf('v0.37');
  for (const shape of SHAPES) {
    for (const datastore of DATASTORE_KINDS) {
      out.push(scenario('v0.37', shape, datastore, v037[out.length % v037.length], ETCD_REPLICAS[dedicatedSoFar() % ETCD_REPLICAS.length]));
    }
  }
  const v15 = versionsOf('v1.5');
  for (const [i, shape] of SHAPES.entries()) {
    const datastore = DATASTORE_KINDS[i % DATASTORE_KINDS.length];
    out.push(scenario('v1.5', shape, datastore, v15[i % v15.length], ETCD_REPLICAS[dedicatedSoFar() % ETCD_REPLICAS.length]));
  }
  return out;
}
