// TEST STAND-IN for etcd-operator (aenix-io/etcd-operator v0.4.2, the platform's): runs the members of an EtcdCluster
// as real etcd processes, on loopback, with the certificates cert-manager issued — the same flags, environment and
// Secret mounts as the operator's StatefulSet gives its pods:
//  - peerTrustedCASecret → pki/peer/ca (ca.crt), peerSecret → pki/peer/cert, serverSecret → pki/server/cert,
//    clientTrustedCASecret → pki/client/ca (ca.crt);
//  - peer and client URLs advertised as https://<pod>.<name>-headless.<namespace>.svc:2380/2379, the initial cluster
//    of the same names, token `<name>-<namespace>`, mutual TLS on both, and `spec.options` as flags.
// Member i listens on 127.0.0.(11+i) instead of 0.0.0.0, and the pod and Service names resolve through a hosts file
// of our own, bind-mounted over /etc/hosts in a private mount namespace (unshare), so that peers and clients check
// each certificate against exactly the names the operator and the DataStore use.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { ETCD_CLIENT_PORT } from '../../src/render/datastore';
import type { KubeHarness } from './kube-harness';

export interface EtcdMembersOptions {
  readonly kube: KubeHarness;
  /** Directory with the etcd binary. */
  readonly binDir: string;
  readonly namespace: string;
  /** The EtcdCluster as applied. */
  readonly etcdCluster: any;
  /** A fresh directory for data and certificates. */
  readonly dir: string;
}

/** A TLS client's material and the name it checks the server certificate against. */
export interface EtcdClientOptions {
  readonly host: string;
  readonly port?: number;
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
}

export interface EtcdResponse {
  readonly status: number;
  readonly body: any;
  /** Serial number of the certificate the server presented. */
  readonly serverSerial: string;
}

export class EtcdMembers {
  /** Loopback address of each resolvable name (pod FQDNs and the client Service). */
  public readonly addresses = new Map<string, string>();
  private readonly processes: ChildProcess[] = [];

  public constructor(private readonly options: EtcdMembersOptions) {}

  private get name(): string {
    return this.options.etcdCluster.metadata.name;
  }

  /** `<pod>.<name>-headless.<namespace>.svc`, member i's advertised name. */
  public memberHost(i: number): string {
    return `${this.name}-${i}.${this.name}-headless.${this.options.namespace}.svc`;
  }

  /** The directory member i's Secrets are mounted under (as the operator mounts them). */
  public pkiDir(i: number): string {
    return join(this.options.dir, `member-${i}`, 'pki');
  }

  /** Writes the Secrets' files where the operator mounts them and starts every member. */
  public async start(): Promise<void> {
    const { dir, namespace, etcdCluster } = this.options;
    const replicas: number = etcdCluster.spec.replicas;
    const hosts = ['127.0.0.1 localhost'];
    for (let i = 0; i < replicas; i++) {
      this.addresses.set(this.memberHost(i), `127.0.0.${11 + i}`);
      hosts.push(`127.0.0.${11 + i} ${this.memberHost(i)}`);
    }
    // The client Service selects every member; any one of them answers for it.
    this.addresses.set(`${this.name}.${namespace}.svc`, '127.0.0.11');
    hosts.push(`127.0.0.11 ${this.name}.${namespace}.svc`);
    const hostsFile = join(dir, 'hosts');
    writeFileSync(hostsFile, `${hosts.join('\n')}\n`);
    const initialCluster = Array.from({ length: replicas }, (_, i) => `${this.name}-${i}=https://${this.memberHost(i)}:2380`).join(',');
    for (let i = 0; i < replicas; i++) {
      await this.mountSecrets(i);
      const ip = `127.0.0.${11 + i}`;
      const pki = this.pkiDir(i);
      const options = Object.entries(etcdCluster.spec.options ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `--${k}=${String(v)}`);
      const args = [
        `--name=${this.name}-${i}`,
        `--listen-metrics-urls=http://${ip}:2381`,
        `--listen-peer-urls=https://${ip}:2380`,
        `--listen-client-urls=https://${ip}:${ETCD_CLIENT_PORT}`,
        `--initial-advertise-peer-urls=https://${this.memberHost(i)}:2380`,
        `--data-dir=${join(dir, `member-${i}`, 'data')}`,
        '--auto-compaction-retention=5m',
        '--snapshot-count=10000',
        `--advertise-client-urls=https://${this.memberHost(i)}:${ETCD_CLIENT_PORT}`,
        `--peer-trusted-ca-file=${pki}/peer/ca/ca.crt`,
        `--peer-cert-file=${pki}/peer/cert/tls.crt`,
        `--peer-key-file=${pki}/peer/cert/tls.key`,
        '--peer-client-cert-auth',
        `--cert-file=${pki}/server/cert/tls.crt`,
        `--key-file=${pki}/server/cert/tls.key`,
        `--trusted-ca-file=${pki}/client/ca/ca.crt`,
        '--client-cert-auth',
        ...options,
      ];
      const env = {
        ...process.env,
        ETCD_INITIAL_CLUSTER: initialCluster,
        ETCD_INITIAL_CLUSTER_STATE: 'new',
        ETCD_INITIAL_CLUSTER_TOKEN: `${this.name}-${namespace}`,
      };
      // unshare execs, so the harness's process (and its watchdog) holds etcd itself.
      const unshare = ['--mount', '--propagation', 'private', ...(process.getuid?.() === 0 ? [] : ['--map-root-user'])];
      this.processes.push(
        this.options.kube.runProcess(
          `${this.name}-${i}`,
          'unshare',
          [
            ...unshare,
            'sh',
            '-c',
            'hosts=$1; shift; mount --bind "$hosts" /etc/hosts && exec "$@"',
            'etcd-member',
            hostsFile,
            join(this.options.binDir, 'etcd'),
            ...args,
          ],
          { env },
        ),
      );
    }
  }

  /** Writes the current content of the member's Secrets into its mounts, as the kubelet does for secret volumes. */
  public async mountSecrets(i: number): Promise<void> {
    const tls = this.options.etcdCluster.spec.security.tls;
    const mounts: Array<[string, string]> = [
      [tls.peerTrustedCASecret, 'peer/ca'],
      [tls.peerSecret, 'peer/cert'],
      [tls.serverSecret, 'server/cert'],
      [tls.clientTrustedCASecret, 'client/ca'],
    ];
    for (const [secret, path] of mounts) {
      const data = await secretData(this.options.kube, this.options.namespace, secret);
      const target = join(this.pkiDir(i), path);
      mkdirSync(target, { recursive: true });
      for (const [key, value] of Object.entries(data)) writeFileSync(join(target, key), value);
    }
  }

  /** An etcd v3 JSON gateway call from a client with the given material. */
  public call(client: EtcdClientOptions, path: string, body?: unknown): Promise<EtcdResponse> {
    const address = this.addresses.get(client.host) ?? '127.0.0.11';
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: address,
          port: client.port ?? ETCD_CLIENT_PORT,
          servername: client.host,
          path,
          method: payload === undefined ? 'GET' : 'POST',
          ca: client.ca,
          cert: client.cert,
          key: client.key,
          agent: false,
          timeout: 5_000,
          headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          const serverSerial = (res.socket as any).getPeerCertificate?.()?.serialNumber ?? '';
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              /* plain text */
            }
            resolve({ status: res.statusCode ?? 0, body: parsed, serverSerial });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  public async stop(): Promise<void> {
    for (const p of this.processes) if (p.exitCode === null) p.kill('SIGTERM');
    const deadline = Date.now() + 10_000;
    while (this.processes.some((p) => p.exitCode === null && p.signalCode === null) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
  }
}

/** The decoded data of a Secret. */
export async function secretData(kube: KubeHarness, namespace: string, name: string): Promise<Record<string, string>> {
  const r = await kube.call('GET', `/api/v1/namespaces/${namespace}/secrets/${name}`);
  if (r.status !== 200) throw new Error(`secret ${namespace}/${name}: ${r.status}`);
  return Object.fromEntries(Object.entries(r.body.data ?? {}).map(([k, v]) => [k, Buffer.from(String(v), 'base64').toString('utf8')]));
}
