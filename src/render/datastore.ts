// A dedicated etcd for one tenant cluster (spec §2.2): etcd-operator EtcdCluster, its cert-manager PKI, a Kamaji
// DataStore wired to it, and the hourly defragmentation CronJob. Every name derives from `<base>-etcd`, so two
// clusters in one namespace never collide; the cluster-scoped DataStore is `<namespace>-<base>`.
import type { PodSpec } from '../../imports/k8s';
import type { CertificateSpec } from '../../imports/cert-manager.io';
import { sanitizeResources } from '../spec/presets';
import { quantityValue } from '../spec/quantity';
import type { ResolvedCluster, ResolvedDedicatedEtcd } from '../spec/resolved';
import type { KubeObject } from './manifest';
import { quantities } from './resources';
import { certManager, etcdOperator, k8s, kamaji } from './generated';

export const ETCD_CLIENT_PORT = 2379;
/**
 * Validity of the self-signed CAs: ten years. Renewed (cert-manager's default) two thirds through, keeping the key, so
 * everything they signed stays trusted. `rotationPolicy` is explicit: cert-manager 1.18 changed its default to Always,
 * and a CA whose key rotates breaks every certificate it signed until each is re-issued.
 */
const CA_DURATION = '87600h';
/** Validity and renewal of the etcd server, peer and client certificates: cert-manager's defaults, made explicit. */
const LEAF_DURATION = '2160h';
const LEAF_RENEW_BEFORE = '720h';

export interface RenderedDatastore {
  readonly etcdCluster: KubeObject;
  /** Issuers and Certificates, in dependency order. */
  readonly pki: readonly KubeObject[];
  readonly dataStore: KubeObject;
  /** Present unless `etcd.defrag` is false. */
  readonly defragCronJob: KubeObject | undefined;
}

/** DNS names of the etcd members and Services, as server and peer certificates need them. */
function etcdDnsNames(cluster: ResolvedCluster, etcd: ResolvedDedicatedEtcd): string[] {
  const { names } = cluster;
  const ns = names.namespace;
  const members: string[] = [];
  for (let i = 0; i < etcd.replicas; i++) {
    const pod = `${names.etcd}-${i}`;
    members.push(pod, `${pod}.${names.etcdHeadless}`, `${pod}.${names.etcdHeadless}.${ns}.svc`);
  }
  return [names.etcd, `${names.etcd}.${ns}.svc`, ...members, 'localhost'];
}

function renderPki(cluster: ResolvedCluster, etcd: ResolvedDedicatedEtcd): KubeObject[] {
  const {
    Certificate,
    CertificateSpecPrivateKeyAlgorithm: KeyAlgorithm,
    CertificateSpecPrivateKeyRotationPolicy: RotationPolicy,
    CertificateSpecUsages: Usage,
    Issuer,
  } = certManager();
  const { names } = cluster;
  const ns = names.namespace;
  const meta = (name: string) => ({ name, namespace: ns });
  const subject = { organizations: [ns], organizationalUnits: ['etcd'] };
  const issuerRef = (name: string) => ({ name, kind: 'Issuer', group: 'cert-manager.io' });
  const rsa = { algorithm: KeyAlgorithm.RSA, size: 4096 };
  const ca = (suffix: string, commonName: string): KubeObject =>
    Certificate.manifest({
      metadata: meta(names.etcdPki(suffix)),
      spec: {
        isCa: true,
        usages: [Usage.SIGNING, Usage.KEY_ENCIPHERMENT, Usage.CERT_SIGN],
        subject,
        duration: CA_DURATION,
        commonName,
        secretName: names.etcdPki(`${suffix}-tls`),
        privateKey: { ...rsa, rotationPolicy: RotationPolicy.NEVER },
        issuerRef: issuerRef(names.etcdPki('selfsigning-issuer')),
      },
    });
  const leaf = (suffix: string, spec: Omit<CertificateSpec, 'secretName' | 'subject' | 'privateKey' | 'duration' | 'renewBefore'>): KubeObject =>
    Certificate.manifest({
      metadata: meta(names.etcdPki(suffix)),
      spec: {
        ...spec,
        subject,
        duration: LEAF_DURATION,
        renewBefore: LEAF_RENEW_BEFORE,
        secretName: names.etcdPki(`${suffix}-tls`),
        privateKey: { ...rsa, rotationPolicy: RotationPolicy.ALWAYS },
      },
    });
  const dnsNames = etcdDnsNames(cluster, etcd);
  return [
    Issuer.manifest({ metadata: meta(names.etcdPki('selfsigning-issuer')), spec: { selfSigned: {} } }),
    ca('peer-ca', 'etcd-peer-ca'),
    ca('ca', 'etcd-ca'),
    Issuer.manifest({ metadata: meta(names.etcdPki('peer-issuer')), spec: { ca: { secretName: names.etcdPki('peer-ca-tls') } } }),
    Issuer.manifest({ metadata: meta(names.etcdPki('issuer')), spec: { ca: { secretName: names.etcdPki('ca-tls') } } }),
    leaf('server', {
      commonName: 'etcd-server',
      isCa: false,
      usages: [Usage.CLIENT_AUTH, Usage.SERVER_AUTH, Usage.SIGNING, Usage.KEY_ENCIPHERMENT],
      dnsNames,
      ipAddresses: ['127.0.0.1'],
      issuerRef: issuerRef(names.etcdPki('issuer')),
    }),
    leaf('peer', {
      commonName: 'etcd-peer',
      isCa: false,
      usages: [Usage.SERVER_AUTH, Usage.CLIENT_AUTH, Usage.SIGNING, Usage.KEY_ENCIPHERMENT],
      dnsNames,
      ipAddresses: ['127.0.0.1'],
      issuerRef: issuerRef(names.etcdPki('peer-issuer')),
    }),
    // Kamaji uses this `root` client certificate to create each tenant's etcd user and role.
    leaf('client', {
      commonName: 'root',
      usages: [Usage.SIGNING, Usage.KEY_ENCIPHERMENT, Usage.CLIENT_AUTH],
      issuerRef: issuerRef(names.etcdPki('issuer')),
    }),
  ];
}

function renderEtcdCluster(cluster: ResolvedCluster, etcd: ResolvedDedicatedEtcd): KubeObject {
  const { EtcdCluster, EtcdClusterSpecStorageVolumeClaimTemplateSpecResourcesRequests: StorageRequests } = etcdOperator();
  const { Quantity, toJson_PodSpec } = k8s();
  const { names } = cluster;
  const resources = sanitizeResources({ cpu: etcd.cpu, memory: etcd.memory }, cluster.platform.allocationRatios);
  const spread = cluster.platform.topologySpreadConstraints ?? [
    {
      maxSkew: 1,
      topologyKey: 'kubernetes.io/hostname',
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: { 'app.kubernetes.io/instance': names.etcd } },
    },
  ];
  // The CRD keeps `podTemplate.spec` as free-form JSON (a generated empty type), so it is typed as a core PodSpec
  // and set after the typed part is rendered.
  const podSpec: PodSpec = {
    containers: [
      {
        name: 'etcd',
        ports: [{ name: 'metrics', containerPort: 2381, protocol: 'TCP' }],
        resources: { limits: quantities(resources.limits, Quantity.fromString), requests: quantities(resources.requests, Quantity.fromString) },
      },
    ],
    topologySpreadConstraints: spread.map((t) => ({ ...t })),
  };
  const manifest = EtcdCluster.manifest({
    metadata: { name: names.etcd, namespace: names.namespace },
    spec: {
      options: {
        // 95% of the volume, so etcd raises NOSPACE before the disk is full.
        'quota-backend-bytes': (quantityValue(etcd.size) * 0.95).toFixed(0),
        'auto-compaction-mode': 'periodic',
        'auto-compaction-retention': '5m',
        'snapshot-count': '10000',
      },
      replicas: etcd.replicas,
      storage: {
        volumeClaimTemplate: {
          spec: {
            resources: { requests: { storage: StorageRequests.fromString(etcd.size) } },
            ...(etcd.storageClass !== undefined ? { storageClassName: etcd.storageClass } : {}),
          },
        },
      },
      security: {
        tls: {
          peerTrustedCaSecret: names.etcdPki('peer-ca-tls'),
          peerSecret: names.etcdPki('peer-tls'),
          serverSecret: names.etcdPki('server-tls'),
          clientTrustedCaSecret: names.etcdPki('ca-tls'),
          clientSecret: names.etcdPki('client-tls'),
        },
      },
      podTemplate: { metadata: { labels: { 'cozystack.io/service': 'etcd' } } },
      podDisruptionBudgetTemplate: {},
    },
  });
  manifest.spec.podTemplate.spec = toJson_PodSpec(podSpec);
  return manifest;
}

function renderDataStore(cluster: ResolvedCluster): KubeObject {
  const { DataStore, DataStoreSpecDriver } = kamaji();
  const { names } = cluster;
  const ref = (secret: string, keyPath: string) => ({ secretReference: { name: names.etcdPki(secret), namespace: names.namespace, keyPath } });
  return DataStore.manifest({
    metadata: { name: names.dedicatedDataStore },
    spec: {
      driver: DataStoreSpecDriver.ETCD,
      endpoints: [`${names.etcd}.${names.namespace}.svc:${ETCD_CLIENT_PORT}`],
      tlsConfig: {
        // The CA key is needed: Kamaji signs a client certificate for every TenantControlPlane.
        certificateAuthority: { certificate: ref('ca-tls', 'tls.crt'), privateKey: ref('ca-tls', 'tls.key') },
        clientCertificate: { certificate: ref('client-tls', 'tls.crt'), privateKey: ref('client-tls', 'tls.key') },
      },
    },
  });
}

function renderDefragCronJob(cluster: ResolvedCluster, etcd: ResolvedDedicatedEtcd): KubeObject {
  const { KubeCronJob } = k8s();
  const { names } = cluster;
  const endpoints: string[] = [];
  for (let i = 0; i < etcd.replicas; i++)
    endpoints.push(`https://${names.etcd}-${i}.${names.etcdHeadless}.${names.namespace}.svc:${ETCD_CLIENT_PORT}`);
  const certDir = '/etc/etcd/pki/client/cert';
  return KubeCronJob.manifest({
    metadata: { name: names.etcdPki('defrag'), namespace: names.namespace },
    spec: {
      schedule: '0 * * * *',
      successfulJobsHistoryLimit: 3,
      jobTemplate: {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: 'etcd-defrag',
                  image: cluster.platform.images.etcdDefrag,
                  args: [
                    `--endpoints=${endpoints.join(',')}`,
                    `--cacert=${certDir}/ca.crt`,
                    `--cert=${certDir}/tls.crt`,
                    `--key=${certDir}/tls.key`,
                    '--cluster',
                    '--defrag-rule',
                    'dbQuotaUsage > 0.8 || dbSize - dbSizeInUse > 200*1024*1024',
                  ],
                  volumeMounts: [{ name: 'client-certificate', mountPath: certDir, readOnly: true }],
                },
              ],
              volumes: [{ name: 'client-certificate', secret: { secretName: names.etcdPki('client-tls') } }],
              restartPolicy: 'OnFailure',
            },
          },
        },
      },
    },
  }) as KubeObject;
}

/** The dedicated etcd stack, or `undefined` when the tenant gives a DataStore. */
export function renderDatastore(cluster: ResolvedCluster): RenderedDatastore | undefined {
  const etcd = cluster.dedicatedEtcd;
  if (etcd === undefined) return undefined;
  return {
    etcdCluster: renderEtcdCluster(cluster, etcd),
    pki: renderPki(cluster, etcd),
    dataStore: renderDataStore(cluster),
    defragCronJob: etcd.defrag ? renderDefragCronJob(cluster, etcd) : undefined,
  };
}

/** The objects of a dedicated etcd in output order: PKI first, then etcd, then the DataStore. */
export function datastoreObjects(ds: RenderedDatastore): KubeObject[] {
  return [...ds.pki, ds.etcdCluster, ds.dataStore, ...(ds.defragCronJob ? [ds.defragCronJob] : [])];
}
