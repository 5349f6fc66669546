// Controllers tier, the dedicated etcd's PKI: the real cert-manager controller issues what we render, for every
// dedicated scenario of platform release v0.37 (v1.5 renders the same datastore objects: checked below); the certificates cover every name the etcd members and the Kamaji DataStore use; a real etcd
// cluster runs on them with etcd-operator's flags, and a client authenticates with exactly what the DataStore
// references — while the wrong material fails. Renewal keeps the cluster working without a restart.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datastoreObjects } from '../../src/render/datastore';
import { renderCluster, renderResolvedCluster } from '../../src/render/cluster';
import { resolveSpec } from '../../src/render/resolve';
import { EtcdMembers, secretData, type EtcdClientOptions } from '../support/etcd-members';
import { testbinDir } from '../support/testbin';
import { scenarios, type Scenario } from './scenarios';
import { eventually, startControllersTier, type ControllersTier } from './tier';

jest.setTimeout(600_000);

const CERT_MANAGER = '/apis/cert-manager.io/v1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const DAY_MS = 86_400_000;
const dedicated = scenarios().filter((s) => s.datastore === 'dedicated' && s.release === 'v0.37');
const rendered = new Map(dedicated.map((s) => [s.id, renderCluster(s.spec)]));

let tier: ControllersTier;
const scratch = mkdtempSync(join(tmpdir(), 'tk-etcd-pki-'));

beforeAll(async () => {
  tier = await startControllersTier();
  for (const s of dedicated) {
    await tier.applier.ensureNamespace(s.spec.tenant.namespace);
    expect(await tier.applier.applyAll(datastoreObjects(rendered.get(s.id)!.datastore!), false)).toEqual([]);
  }
});

afterAll(async () => {
  await tier?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const ns = (s: Scenario) => s.spec.tenant.namespace;
const etcdOf = (s: Scenario) => rendered.get(s.id)!.datastore!.etcdCluster as any;
const ready = (o: any) => (o?.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
const x509 = (pem: string) => new X509Certificate(pem);

/** Waits until every Issuer and Certificate of the scenario is Ready; returns the Certificates. */
async function issued(s: Scenario): Promise<any[]> {
  return eventually(
    `${s.id}: PKI ready`,
    async () => {
      const issuers = await tier.list(`${CERT_MANAGER}/namespaces/${ns(s)}/issuers`);
      const certificates = await tier.list(`${CERT_MANAGER}/namespaces/${ns(s)}/certificates`);
      return issuers.length === 3 && certificates.length === 5 && [...issuers, ...certificates].every(ready) ? certificates : undefined;
    },
    60_000,
  );
}

/** What a Kamaji DataStore reference points at: the Secret key's content. */
async function resolveRef(ref: any): Promise<string> {
  const data = await secretData(tier.kube, ref.secretReference.namespace, ref.secretReference.name);
  const value = data[ref.secretReference.keyPath];
  if (value === undefined) throw new Error(`no ${ref.secretReference.keyPath} in ${ref.secretReference.name}`);
  return value;
}

/** The client material of a DataStore, exactly as it references it, and its first endpoint. */
async function dataStoreClient(s: Scenario): Promise<EtcdClientOptions & { caKey: string }> {
  const name = (rendered.get(s.id)!.datastore!.dataStore as any).metadata.name;
  const ds = await tier.get(`/apis/kamaji.clastix.io/v1alpha1/datastores/${name}`);
  const [host, port] = ds.spec.endpoints[0].split(':');
  const tls = ds.spec.tlsConfig;
  return {
    host,
    port: Number(port),
    ca: await resolveRef(tls.certificateAuthority.certificate),
    caKey: await resolveRef(tls.certificateAuthority.privateKey),
    cert: await resolveRef(tls.clientCertificate.certificate),
    key: await resolveRef(tls.clientCertificate.privateKey),
  };
}

describe('platform release v1.5', () => {
  it.each(scenarios().filter((s) => s.datastore === 'dedicated' && s.release === 'v1.5'))(
    '$id: renders the datastore objects the same description renders on v0.37, so this file covers them',
    (s) => {
      const objects = (spec: unknown) => datastoreObjects(renderResolvedCluster(resolveSpec(spec)).datastore!);
      // Only the release differs; the node groups and the version are left to v0.37's defaults (v1.5's may not exist there).
      const onV037 = { ...s.spec, version: undefined, nodeGroups: undefined, platform: { ...s.spec.platform, release: 'v0.37' } };
      expect(objects(s.spec)).toEqual(objects(onV037));
    },
  );
});

describe.each(dedicated.map((s) => [s.id, s] as const))('%s', (_id, s) => {
  it('every Issuer becomes Ready and every Certificate is issued into its Secret', async () => {
    const certificates = await issued(s);
    for (const c of certificates) {
      const data = await secretData(tier.kube, ns(s), c.spec.secretName);
      expect(Object.keys(data).sort()).toEqual(['ca.crt', 'tls.crt', 'tls.key']);
    }
  });

  it('issues what the PKI promises: two ten-year CAs keeping their keys, 90-day leaves signed by them', async () => {
    await issued(s);
    const pki = Object.fromEntries(
      await Promise.all(
        ['ca', 'peer-ca', 'server', 'peer', 'client'].map(async (suffix) => {
          const data = await secretData(tier.kube, ns(s), `kubernetes-${s.id}-etcd-${suffix}-tls`);
          return [suffix, { cert: x509(data['tls.crt']), ca: x509(data['ca.crt']) }] as const;
        }),
      ),
    );
    const lifetime = (c: X509Certificate) => Date.parse(c.validTo) - Date.parse(c.validFrom);
    for (const [suffix, cn] of [
      ['ca', 'etcd-ca'],
      ['peer-ca', 'etcd-peer-ca'],
    ] as const) {
      const ca = pki[suffix].cert;
      expect(ca.ca).toBe(true);
      expect(ca.checkIssued(ca)).toBe(true);
      expect(ca.subject.split('\n').sort()).toEqual([`CN=${cn}`, `O=${ns(s)}`, 'OU=etcd']);
      expect(lifetime(ca)).toBe(3650 * DAY_MS);
    }
    for (const [suffix, issuer, usages] of [
      ['server', 'ca', [CLIENT_AUTH, SERVER_AUTH]],
      ['peer', 'peer-ca', [CLIENT_AUTH, SERVER_AUTH]],
      ['client', 'ca', [CLIENT_AUTH]],
    ] as const) {
      const { cert, ca } = pki[suffix];
      expect(cert.ca).toBe(false);
      expect(cert.checkIssued(pki[issuer].cert) && cert.verify(pki[issuer].cert.publicKey)).toBe(true);
      expect(ca.fingerprint256).toBe(pki[issuer].cert.fingerprint256);
      expect([...(cert.keyUsage ?? [])].sort()).toEqual([...usages].sort());
      expect(lifetime(cert)).toBe(90 * DAY_MS);
    }
    expect(pki.client.cert.subject).toContain('CN=root');
  });

  it('covers every name the etcd members and the DataStore use, and no other domain', async () => {
    await issued(s);
    const etcd = etcdOf(s);
    const name = etcd.metadata.name;
    const client = await dataStoreClient(s);
    const names = [client.host, `${name}.${ns(s)}.svc`, 'localhost'];
    for (let i = 0; i < etcd.spec.replicas; i++) names.push(`${name}-${i}.${name}-headless.${ns(s)}.svc`);
    for (const suffix of ['server', 'peer']) {
      const cert = x509((await secretData(tier.kube, ns(s), `${name}-${suffix}-tls`))['tls.crt']);
      for (const n of names) expect([suffix, n, cert.checkHost(n)]).toEqual([suffix, n, n]);
      expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
      expect(cert.checkHost(`${name}.${ns(s)}.svc.cluster.local`)).toBeUndefined();
      expect(cert.checkHost(`${name}-${etcd.spec.replicas}.${name}-headless.${ns(s)}.svc`)).toBeUndefined();
    }
  });
});

/** A client certificate as Kamaji makes one for a tenant: signed with the CA key the DataStore references. */
function kamajiClientCertificate(client: { ca?: string; caKey: string }, commonName: string): { cert: string; key: string } {
  const dir = mkdtempSync(join(scratch, 'kamaji-'));
  writeFileSync(join(dir, 'ca.crt'), client.ca!);
  writeFileSync(join(dir, 'ca.key'), client.caKey);
  writeFileSync(join(dir, 'ext'), 'extendedKeyUsage=clientAuth\n');
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${commonName}`, '-keyout', 'tenant.key', '-out', 'tenant.csr']);
  run([
    'x509',
    '-req',
    '-in',
    'tenant.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    'ext',
    '-out',
    'tenant.crt',
  ]);
  return { cert: readFileSync(join(dir, 'tenant.crt'), 'utf8'), key: readFileSync(join(dir, 'tenant.key'), 'utf8') };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** One scenario per etcd size: three or more members need their peer certificates to form a quorum. */
const bySize = [...new Map(dedicated.map((s) => [etcdOf(s).spec.replicas as number, s])).values()];

describe.each(bySize.map((s) => [etcdOf(s).spec.replicas, s.id, s] as const))(
  'a real %d-member etcd (%s) on the issued certificates',
  (replicas, _id, s) => {
    let members: EtcdMembers;
    let client: EtcdClientOptions & { caKey: string };

    beforeAll(async () => {
      await issued(s);
      members = new EtcdMembers({
        kube: tier.kube,
        binDir: testbinDir(),
        namespace: ns(s),
        etcdCluster: etcdOf(s),
        dir: mkdtempSync(join(scratch, `${s.id}-`)),
      });
      await members.start();
      client = await dataStoreClient(s);
      await eventually(`${s.id}: etcd healthy`, async () => (await members.call(client, '/health')).body?.health === 'true', 60_000);
    });

    afterAll(async () => {
      await members?.stop();
    });

    it('forms its cluster over the advertised names, and the DataStore client reads and writes through its endpoint', async () => {
      // Health needs only a quorum; every member has joined once each has published its client URL.
      const members_ = await eventually(
        `${s.id}: all ${replicas} members published`,
        async () => {
          const list = (await members.call(client, '/v3/cluster/member/list', {})).body.members ?? [];
          return list.length === replicas && list.every((m: any) => m.clientURLs?.length) ? list : undefined;
        },
        60_000,
      );
      expect(members_.map((m: any) => m.name).sort()).toEqual(Array.from({ length: replicas }, (_, i) => `${etcdOf(s).metadata.name}-${i}`).sort());
      for (const m of members_) expect(m.clientURLs).toEqual([`https://${m.name}.${etcdOf(s).metadata.name}-headless.${ns(s)}.svc:2379`]);
      expect((await members.call(client, '/v3/kv/put', { key: b64('tenant-kubernetes'), value: b64(s.id) })).status).toBe(200);
      const range = await members.call(client, '/v3/kv/range', { key: b64('tenant-kubernetes') });
      expect(Buffer.from(range.body.kvs[0].value, 'base64').toString()).toBe(s.id);
    });

    it('accepts a tenant client certificate signed with the CA key the DataStore references, as Kamaji makes them', async () => {
      const tenant = kamajiClientCertificate(client, `${ns(s)}_kubernetes-${s.id}`);
      expect((await members.call({ ...client, ...tenant }, '/v3/kv/put', { key: b64('tenant'), value: b64('kamaji') })).status).toBe(200);
    });

    it('refuses the wrong material', async () => {
      const name = etcdOf(s).metadata.name;
      const peer = await secretData(tier.kube, ns(s), `${name}-peer-tls`);
      const code = (p: Promise<unknown>) =>
        p.then(
          () => 'accepted',
          (e) => (e as { code?: string }).code,
        );
      // No client certificate: the server requires one.
      expect(await code(members.call({ host: client.host, ca: client.ca }, '/health'))).toBe('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
      // The peer certificate as a client certificate: signed by the peer CA, which clients are not trusted by.
      expect(await code(members.call({ ...client, cert: peer['tls.crt'], key: peer['tls.key'] }, '/health'))).toBe('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA');
      // The peer CA to verify the server: the server certificate is not signed by it.
      expect(await code(members.call({ ...client, ca: peer['ca.crt'] }, '/health'))).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
      // A name outside the certificate.
      expect(await code(members.call({ ...client, host: `${name}.${ns(s)}.svc.cluster.local` }, '/health'))).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    });
  },
);

/** Asks cert-manager to renew now, as `cmctl renew` does: the Issuing condition on the Certificate's status. */
async function renew(namespace: string, name: string): Promise<number> {
  const path = `${CERT_MANAGER}/namespaces/${namespace}/certificates/${name}`;
  const before = await tier.get(path);
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const conditions = [
    ...(before.status.conditions ?? []).filter((c: any) => c.type !== 'Issuing'),
    { type: 'Issuing', status: 'True', reason: 'ManuallyTriggered', message: 'renewal requested by the test', lastTransitionTime: now },
  ];
  const r = await tier.kube.call('PATCH', `${path}/status`, { status: { conditions } }, 'application/merge-patch+json');
  expect(r.status).toBe(200);
  const revision: number = before.status.revision;
  await eventually(
    `${name} renewed`,
    async () => {
      const c = await tier.get(path);
      return c.status.revision > revision && ready(c) && !(c.status.conditions ?? []).some((x: any) => x.type === 'Issuing');
    },
    60_000,
  );
  return revision + 1;
}

describe('renewal', () => {
  const s = bySize.find((x) => etcdOf(x).spec.replicas === 3)!;
  const name = etcdOf(s).metadata.name;
  let members: EtcdMembers;
  let client: EtcdClientOptions & { caKey: string };

  beforeAll(async () => {
    await issued(s);
    members = new EtcdMembers({
      kube: tier.kube,
      binDir: testbinDir(),
      namespace: ns(s),
      etcdCluster: etcdOf(s),
      dir: mkdtempSync(join(scratch, 'renewal-')),
    });
    await members.start();
    client = await dataStoreClient(s);
    await eventually('etcd healthy', async () => (await members.call(client, '/health')).body?.health === 'true', 60_000);
  });

  afterAll(async () => {
    await members?.stop();
  });

  it('a renewed server certificate (new key) is served on new connections without restarting etcd', async () => {
    const before = x509((await secretData(tier.kube, ns(s), `${name}-server-tls`))['tls.crt']);
    expect((await members.call(client, '/health')).serverSerial.toUpperCase()).toBe(before.serialNumber.toUpperCase());
    await renew(ns(s), `${name}-server`);
    const after = x509((await secretData(tier.kube, ns(s), `${name}-server-tls`))['tls.crt']);
    expect(after.serialNumber).not.toBe(before.serialNumber);
    expect(after.publicKey.export({ type: 'spki', format: 'der' }).equals(before.publicKey.export({ type: 'spki', format: 'der' }))).toBe(false);
    for (let i = 0; i < etcdOf(s).spec.replicas; i++) await members.mountSecrets(i);
    const served = await members.call(client, '/health');
    expect([served.body.health, served.serverSerial.toUpperCase()]).toEqual(['true', after.serialNumber.toUpperCase()]);
  });

  it('a renewed CA keeps its key, so the certificates it signed before stay valid everywhere', async () => {
    const before = x509((await secretData(tier.kube, ns(s), `${name}-ca-tls`))['tls.crt']);
    const oldClient = { cert: client.cert, key: client.key };
    await renew(ns(s), `${name}-ca`);
    const after = x509((await secretData(tier.kube, ns(s), `${name}-ca-tls`))['tls.crt']);
    expect(after.serialNumber).not.toBe(before.serialNumber);
    expect(after.publicKey.export({ type: 'spki', format: 'der' }).equals(before.publicKey.export({ type: 'spki', format: 'der' }))).toBe(true);
    // The members now trust the renewed CA; the client still holds the certificate issued before the renewal.
    for (let i = 0; i < etcdOf(s).spec.replicas; i++) await members.mountSecrets(i);
    const renewed = await dataStoreClient(s);
    const r = await members.call({ ...renewed, ...oldClient }, '/v3/kv/put', { key: b64('after-ca-renewal'), value: b64('ok') });
    expect(r.status).toBe(200);
  });
});

describe('the controllers', () => {
  it("logged no error about these objects but cert-manager's bounded races (a CA Issuer before its CA Secret, a CertificateRequest created twice)", async () => {
    for (const s of dedicated) await issued(s);
    // The tier's one list of allowed races (test/support/controllers.ts), as every controllers-tier file uses it.
    expect(await tier.unexplainedErrors()).toEqual([]);
    expect(tier.standInErrors()).toEqual([]);
  });
});
