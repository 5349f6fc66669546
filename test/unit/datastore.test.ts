import { spec } from '../support/fixtures';
import { find, objectsOf } from '../support/render';

describe('dedicated etcd (spec §2.2)', () => {
  const objects = objectsOf(spec());
  it('renders the etcd cluster named for the tenant cluster', () => {
    const etcd = find(objects, 'EtcdCluster');
    expect(etcd.apiVersion).toBe('etcd.aenix.io/v1alpha1');
    expect(etcd.metadata).toEqual({ name: 'kubernetes-foo-etcd', namespace: 'tenant-foo' });
    expect(etcd.spec.replicas).toBe(3);
    expect(etcd.spec.options).toEqual({
      'quota-backend-bytes': '4080218931',
      'auto-compaction-mode': 'periodic',
      'auto-compaction-retention': '5m',
      'snapshot-count': '10000',
    });
    expect(etcd.spec.storage).toEqual({ volumeClaimTemplate: { spec: { resources: { requests: { storage: '4Gi' } } } } });
    expect(etcd.spec.security.tls).toEqual({
      peerTrustedCASecret: 'kubernetes-foo-etcd-peer-ca-tls',
      peerSecret: 'kubernetes-foo-etcd-peer-tls',
      serverSecret: 'kubernetes-foo-etcd-server-tls',
      clientTrustedCASecret: 'kubernetes-foo-etcd-ca-tls',
      clientSecret: 'kubernetes-foo-etcd-client-tls',
    });
    expect(etcd.spec.podTemplate).toEqual({
      metadata: { labels: { 'cozystack.io/service': 'etcd' } },
      spec: {
        containers: [
          {
            name: 'etcd',
            ports: [{ name: 'metrics', containerPort: 2381, protocol: 'TCP' }],
            resources: { limits: { cpu: '1000m', memory: '512Mi' }, requests: { cpu: '0.1', memory: '536870912' } },
          },
        ],
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: 'kubernetes.io/hostname',
            whenUnsatisfiable: 'ScheduleAnyway',
            labelSelector: { matchLabels: { 'app.kubernetes.io/instance': 'kubernetes-foo-etcd' } },
          },
        ],
      },
    });
    expect(etcd.spec.podDisruptionBudgetTemplate).toEqual({});
  });

  it('takes replicas, size, storage class and resources from etcd options', () => {
    const etcd = find(
      objectsOf(spec({ etcd: { replicas: 5, size: '10Gi', storageClass: 'local', resources: { cpu: '2', memory: '1Gi' } } })),
      'EtcdCluster',
    );
    expect(etcd.spec.replicas).toBe(5);
    expect(etcd.spec.options['quota-backend-bytes']).toBe(String(Math.round(10 * 1024 ** 3 * 0.95)));
    expect(etcd.spec.storage.volumeClaimTemplate.spec).toEqual({ resources: { requests: { storage: '10Gi' } }, storageClassName: 'local' });
    expect(etcd.spec.podTemplate.spec.containers[0].resources).toEqual({
      limits: { cpu: '2', memory: '1Gi' },
      requests: { cpu: '0.2', memory: '1073741824' },
    });
  });

  it('builds the PKI: a self-signed issuer, two CAs, two CA issuers, server, peer and root client certificates', () => {
    const pki = objects.filter((o) => o.apiVersion === 'cert-manager.io/v1').map((o) => `${o.kind}/${o.metadata.name}`);
    expect(pki).toEqual([
      'Issuer/kubernetes-foo-etcd-selfsigning-issuer',
      'Certificate/kubernetes-foo-etcd-peer-ca',
      'Certificate/kubernetes-foo-etcd-ca',
      'Issuer/kubernetes-foo-etcd-peer-issuer',
      'Issuer/kubernetes-foo-etcd-issuer',
      'Certificate/kubernetes-foo-etcd-server',
      'Certificate/kubernetes-foo-etcd-peer',
      'Certificate/kubernetes-foo-etcd-client',
    ]);
    expect(find(objects, 'Issuer', 'kubernetes-foo-etcd-selfsigning-issuer').spec).toEqual({ selfSigned: {} });
    expect(find(objects, 'Issuer', 'kubernetes-foo-etcd-issuer').spec).toEqual({ ca: { secretName: 'kubernetes-foo-etcd-ca-tls' } });
    const ca = find(objects, 'Certificate', 'kubernetes-foo-etcd-ca').spec;
    expect(ca).toEqual({
      isCA: true,
      usages: ['signing', 'key encipherment', 'cert sign'],
      subject: { organizations: ['tenant-foo'], organizationalUnits: ['etcd'] },
      duration: '87600h',
      commonName: 'etcd-ca',
      secretName: 'kubernetes-foo-etcd-ca-tls',
      // The key survives renewal: a rotated CA key would invalidate everything it signed (cert-manager 1.18+ rotates by default).
      privateKey: { algorithm: 'RSA', size: 4096, rotationPolicy: 'Never' },
      issuerRef: { name: 'kubernetes-foo-etcd-selfsigning-issuer', kind: 'Issuer', group: 'cert-manager.io' },
    });
    expect(find(objects, 'Certificate', 'kubernetes-foo-etcd-peer-ca').spec.privateKey.rotationPolicy).toBe('Never');
    const server = find(objects, 'Certificate', 'kubernetes-foo-etcd-server').spec;
    expect(server.dnsNames).toEqual([
      'kubernetes-foo-etcd',
      'kubernetes-foo-etcd.tenant-foo.svc',
      'kubernetes-foo-etcd-0',
      'kubernetes-foo-etcd-0.kubernetes-foo-etcd-headless',
      'kubernetes-foo-etcd-0.kubernetes-foo-etcd-headless.tenant-foo.svc',
      'kubernetes-foo-etcd-1',
      'kubernetes-foo-etcd-1.kubernetes-foo-etcd-headless',
      'kubernetes-foo-etcd-1.kubernetes-foo-etcd-headless.tenant-foo.svc',
      'kubernetes-foo-etcd-2',
      'kubernetes-foo-etcd-2.kubernetes-foo-etcd-headless',
      'kubernetes-foo-etcd-2.kubernetes-foo-etcd-headless.tenant-foo.svc',
      'localhost',
    ]);
    expect(server.ipAddresses).toEqual(['127.0.0.1']);
    expect(server.usages).toEqual(['client auth', 'server auth', 'signing', 'key encipherment']);
    expect(server.privateKey).toEqual({ algorithm: 'RSA', size: 4096, rotationPolicy: 'Always' });
    expect(server.issuerRef.name).toBe('kubernetes-foo-etcd-issuer');
    expect(find(objects, 'Certificate', 'kubernetes-foo-etcd-peer').spec.issuerRef.name).toBe('kubernetes-foo-etcd-peer-issuer');
    const client = find(objects, 'Certificate', 'kubernetes-foo-etcd-client').spec;
    expect(client.commonName).toBe('root');
    expect(client.usages).toEqual(['signing', 'key encipherment', 'client auth']);
    // Leaves: 90 days, renewed 30 days before they expire, with a new key each time (cert-manager's defaults, explicit).
    for (const leaf of ['server', 'peer', 'client']) {
      const c = find(objects, 'Certificate', `kubernetes-foo-etcd-${leaf}`).spec;
      expect([c.duration, c.renewBefore, c.privateKey.rotationPolicy]).toEqual(['2160h', '720h', 'Always']);
    }
  });

  it('wires a cluster-scoped Kamaji DataStore to the etcd and its certificates', () => {
    const ds = find(objects, 'DataStore');
    expect(ds.metadata).toEqual({ name: 'tenant-foo-kubernetes-foo' });
    const ref = (name: string, keyPath: string) => ({ secretReference: { name, namespace: 'tenant-foo', keyPath } });
    expect(ds.spec).toEqual({
      driver: 'etcd',
      endpoints: ['kubernetes-foo-etcd.tenant-foo.svc:2379'],
      tlsConfig: {
        certificateAuthority: { certificate: ref('kubernetes-foo-etcd-ca-tls', 'tls.crt'), privateKey: ref('kubernetes-foo-etcd-ca-tls', 'tls.key') },
        clientCertificate: {
          certificate: ref('kubernetes-foo-etcd-client-tls', 'tls.crt'),
          privateKey: ref('kubernetes-foo-etcd-client-tls', 'tls.key'),
        },
      },
    });
    expect(find(objects, 'KamajiControlPlane').spec.dataStoreName).toBe(ds.metadata.name);
  });

  it('defragments hourly with the client certificate', () => {
    const cj = find(objects, 'CronJob');
    expect(cj.metadata).toEqual({ name: 'kubernetes-foo-etcd-defrag', namespace: 'tenant-foo' });
    expect(cj.spec.schedule).toBe('0 * * * *');
    const pod = cj.spec.jobTemplate.spec.template.spec;
    expect(pod.containers[0].args[0]).toBe(
      '--endpoints=' + [0, 1, 2].map((i) => `https://kubernetes-foo-etcd-${i}.kubernetes-foo-etcd-headless.tenant-foo.svc:2379`).join(','),
    );
    expect(pod.volumes).toEqual([{ name: 'client-certificate', secret: { secretName: 'kubernetes-foo-etcd-client-tls' } }]);
    expect(find(objectsOf(spec({ etcd: { defrag: false } })), 'EtcdCluster')).toBeDefined();
    expect(objectsOf(spec({ etcd: { defrag: false } })).filter((o) => o.kind === 'CronJob')).toHaveLength(0);
  });

  it('keeps two clusters in one namespace apart', () => {
    const a = objectsOf(spec({ name: 'a' }));
    const b = objectsOf(spec({ name: 'b' }));
    const keys = (objs: typeof a) => objs.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    const shared = keys(a).filter((k) => keys(b).includes(k));
    expect(shared).toEqual([]);
  });
});

describe('a DataStore given by the tenant', () => {
  const objects = objectsOf(spec({ tenant: { namespace: 'tenant-foo', dataStoreName: 'tenant-root', host: 'example.org' } }));
  it('is referenced, and no etcd, PKI or DataStore is created', () => {
    expect(find(objects, 'KamajiControlPlane').spec.dataStoreName).toBe('tenant-root');
    for (const kind of ['EtcdCluster', 'DataStore', 'Certificate', 'Issuer', 'CronJob']) {
      expect(objects.filter((o) => o.kind === kind)).toHaveLength(0);
    }
  });
  it('ignores etcd options', () => {
    expect(
      objectsOf(spec({ tenant: { namespace: 'tenant-foo', dataStoreName: 'tenant-root' }, etcd: { replicas: 5 } })).some(
        (o) => o.kind === 'EtcdCluster',
      ),
    ).toBe(false);
  });
});
