// The clusters the controllers tier reconciles: every node-group shape of the shared matrix, each with a dedicated and
// with a given datastore, spread over every supported Kubernetes version (CABPK renders kubeadm's v1beta3 API before
// v1.31 and v1beta4 from it; the join differs before v1.32). The dedicated ones vary the etcd size and carry
// containerd registry files, whose Secret the platform provides.
import type { TenantKubernetesClusterSpec } from '../../src/spec/types';
import { DATASTORE_KINDS, DATASTORES, NODE_GROUP_SHAPES, SHAPES, VERSIONS, type Datastore } from '../support/matrix';

export const REGISTRY_SECRET = 'worker-registries';
/** The registry host files the dedicated scenarios ask for, and their content in the platform's Secret. */
export const REGISTRY_FILES: Readonly<Record<string, string>> = {
  'docker.io.toml': 'server = "https://registry-1.docker.io"\n[host."https://mirror.example.org"]\n  capabilities = ["pull", "resolve"]\n',
  'mirror.toml': 'server = "https://registry.example.org"\n',
};

export interface Scenario {
  /** The cluster name; its namespace is `tenant-<id>`. */
  readonly id: string;
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

export function scenarios(): Scenario[] {
  const out: Scenario[] = [];
  for (const shape of SHAPES) {
    for (const datastore of DATASTORE_KINDS) {
      const id = `${SHORT[shape] ?? shape.toLowerCase()}-${datastore[0]}`;
      const dedicated = datastore === 'dedicated';
      out.push({
        id,
        shape,
        datastore,
        spec: {
          name: id,
          tenant: { namespace: `tenant-${id}`, host: `${id}.example.org`, ingressClassName: 'tenant-root', dataStoreName: DATASTORES[datastore] },
          version: VERSIONS[out.length % VERSIONS.length] as never,
          nodeGroups: NODE_GROUP_SHAPES[shape],
          ...(dedicated ? { etcd: { replicas: ETCD_REPLICAS[out.filter((s) => s.datastore === 'dedicated').length % ETCD_REPLICAS.length] } } : {}),
          ...(dedicated
            ? {
                platform: {
                  containerdRegistries: {
                    secretName: REGISTRY_SECRET,
                    registries: [{ registry: 'docker.io' }, { registry: 'registry.example.org', key: 'mirror.toml' }],
                  },
                },
              }
            : {}),
        },
      });
    }
  }
  return out;
}
