// TEST STAND-IN for the Kamaji controller, its CAPI control-plane provider and the bit of Cluster API the engine tier
// needs. It is test code only and keeps their contract (seed-chart §3), not their implementation:
//  - for every KamajiControlPlane it starts a real, separate kube-apiserver for the tenant (its own etcd key prefix in
//    the management etcd, its own CA, client-certificate authentication, a kube-controller-manager so namespaces
//    finish deleting);
//  - it writes Secret `<name>-admin-kubeconfig` with `admin.conf`, `admin.svc`, `super-admin.conf` and
//    `super-admin.svc` (admin: user kubernetes-admin in group kubeadm:cluster-admins; super-admin: system:masters),
//    and Secret `<name>-kubeconfig` with key `value` = super-admin.svc, type cluster.x-k8s.io/secret, as Kamaji and
//    its CAPI provider do. There is no cluster DNS here, so the `.svc` variants use the same loopback endpoint;
//  - as the Kamaji CAPI provider (v0.15.1) does: Secret `<name>-ca` (type cluster.x-k8s.io/secret, `tls.crt` and
//    `tls.key` of the tenant CA: CABPK derives the workers' CA hash from it), `spec.controlPlaneEndpoint` of the
//    KamajiControlPlane and of the Cluster's KubevirtCluster (the ingress hostname and port), the KubevirtCluster's
//    `status.ready`, and the control plane's status (`initialized`, `ready`, version, replica counts, selector:
//    what the component's pulumi.com/waitFor and CAPI's Cluster controller watch);
//  - without a real Cluster API (`ownTemplates`), it makes the Cluster own the KubevirtMachineTemplates its
//    MachineDeployments reference, as CAPI does, so the garbage collector deletes retained templates with the Cluster;
//  - when a KamajiControlPlane goes away, its tenant API server is stopped (the namespaces it still held are
//    recorded, so tests can tell that everything created inside the tenant was deleted first).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeHarness } from './kube-harness';
import { PollingLoop } from './polling-loop';

const BUILT_IN_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];
const KCP_PATH = (namespace: string, name: string) =>
  `/apis/controlplane.cluster.x-k8s.io/v1alpha1/namespaces/${namespace}/kamajicontrolplanes/${name}`;

/** A running tenant control plane. */
export interface Tenant {
  readonly key: string;
  readonly harness: KubeHarness;
  /** Holds the tenant CA (`ca.crt`, `ca.key`) and the client certificates. */
  readonly dir: string;
}

export interface KamajiStandInOptions {
  /** Do CAPI's part of making the Cluster own its worker templates (off when a real CAPI runs). @default true */
  readonly ownTemplates?: boolean;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

export class KamajiStandIn extends PollingLoop {
  private readonly tenants = new Map<string, Tenant>();
  private readonly starting = new Set<string>();
  private readonly endpointsPublished = new Set<string>();
  /** Namespaces (beyond the built-in ones) a tenant API server still held when its control plane was deleted. */
  public readonly leftovers: Record<string, string[]> = {};

  public constructor(
    private readonly management: KubeHarness,
    private readonly binDir: string,
    private readonly options: KamajiStandInOptions = {},
  ) {
    super();
  }

  /** The tenant control plane of `namespace/name`, once it runs. */
  public tenant(key: string): Tenant | undefined {
    return this.tenants.get(key);
  }

  public override async stop(): Promise<void> {
    await super.stop();
    await Promise.all([...this.tenants.values()].map((t) => this.stopTenant(t)));
    this.tenants.clear();
  }

  /** The running tenant API servers, by `namespace/name`. */
  public get running(): string[] {
    return [...this.tenants.keys()].sort();
  }

  protected async poll(): Promise<void> {
    const kcps = (await this.management.call('GET', '/apis/controlplane.cluster.x-k8s.io/v1alpha1/kamajicontrolplanes')).body?.items ?? [];
    const present = new Set<string>();
    const keyOf = (kcp: any) => `${kcp.metadata.namespace}/${kcp.metadata.name}`;
    for (const kcp of kcps) present.add(keyOf(kcp));
    // New control planes start side by side: each waits mostly for its API server to become ready.
    const started = await Promise.allSettled(
      kcps
        .filter((kcp: any) => !this.tenants.has(keyOf(kcp)) && !this.starting.has(keyOf(kcp)) && !kcp.metadata.deletionTimestamp)
        .map(async (kcp: any) => {
          const key = keyOf(kcp);
          this.starting.add(key);
          try {
            this.tenants.set(key, await this.startTenant(kcp));
          } finally {
            this.starting.delete(key);
          }
        }),
    );
    for (const r of started) if (r.status === 'rejected') throw r.reason;
    for (const kcp of kcps) {
      const key = keyOf(kcp);
      if (this.tenants.has(key) && !this.endpointsPublished.has(key) && (await this.publishEndpoint(kcp))) this.endpointsPublished.add(key);
    }
    for (const [key, t] of [...this.tenants]) {
      if (!present.has(key)) {
        this.tenants.delete(key);
        this.endpointsPublished.delete(key);
        const namespaces = (await t.harness.call('GET', '/api/v1/namespaces')).body?.items ?? [];
        this.leftovers[key] = namespaces.map((n: any) => n.metadata.name).filter((n: string) => !BUILT_IN_NAMESPACES.includes(n));
        await this.stopTenant(t);
      }
    }
    if (this.options.ownTemplates !== false) await this.ownTemplates();
  }

  private async startTenant(kcp: any): Promise<Tenant> {
    const { name, namespace } = kcp.metadata;
    const dir = mkdtempSync(join(tmpdir(), 'kamaji-standin-'));
    // The tenant's own CA, a serving certificate for loopback and the in-cluster name, and the two client certificates.
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${name}-ca`, '-keyout', 'ca.key', '-out', 'ca.crt'], dir);
    const leaf = (file: string, subj: string, ext: string) => {
      writeFileSync(join(dir, `${file}.ext`), ext);
      openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', subj, '-keyout', `${file}.key`, '-out', `${file}.csr`], dir);
      openssl(
        [
          'x509',
          '-req',
          '-in',
          `${file}.csr`,
          '-CA',
          'ca.crt',
          '-CAkey',
          'ca.key',
          '-CAcreateserial',
          '-days',
          '2',
          '-extfile',
          `${file}.ext`,
          '-out',
          `${file}.crt`,
        ],
        dir,
      );
    };
    leaf('serving', `/CN=${name}`, `subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:${name}.${namespace}.svc\nextendedKeyUsage=serverAuth\n`);
    leaf('admin', '/O=kubeadm:cluster-admins/CN=kubernetes-admin', 'extendedKeyUsage=clientAuth\n');
    leaf('super-admin', '/O=system:masters/CN=kubernetes-super-admin', 'extendedKeyUsage=clientAuth\n');
    const harness = new KubeHarness({
      binDir: this.binDir,
      etcdServers: this.management.etcdServers,
      etcdPrefix: `/tenants/${namespace}/${name}`,
      apiserverArgs: [
        `--tls-cert-file=${join(dir, 'serving.crt')}`,
        `--tls-private-key-file=${join(dir, 'serving.key')}`,
        `--client-ca-file=${join(dir, 'ca.crt')}`,
      ],
    });
    try {
      await harness.start();
      await this.publish(kcp, harness, dir);
    } catch (e) {
      await harness.stop();
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    return { key: `${namespace}/${name}`, harness, dir };
  }

  /** Writes the kubeconfig Secrets and marks the control plane ready. */
  private async publish(kcp: any, harness: KubeHarness, dir: string): Promise<void> {
    const { name, namespace } = kcp.metadata;
    // kubeadm binds kubeadm:cluster-admins to cluster-admin; the admin user relies on it.
    await harness.call('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'kubeadm:cluster-admins' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'kubeadm:cluster-admins' }],
    });
    const b64 = (f: string) => readFileSync(join(dir, f)).toString('base64');
    const kubeconfig = (user: string, certFile: string) =>
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        `- name: ${name}`,
        '  cluster:',
        `    server: ${harness.server}`,
        `    certificate-authority-data: ${b64('ca.crt')}`,
        'users:',
        `- name: ${user}`,
        '  user:',
        `    client-certificate-data: ${b64(`${certFile}.crt`)}`,
        `    client-key-data: ${b64(`${certFile}.key`)}`,
        'contexts:',
        `- name: ${user}@${name}`,
        '  context:',
        `    cluster: ${name}`,
        `    user: ${user}`,
        `current-context: ${user}@${name}`,
        '',
      ].join('\n');
    const admin = kubeconfig('kubernetes-admin', 'admin');
    const superAdmin = kubeconfig('kubernetes-super-admin', 'super-admin');
    const enc = (s: string) => Buffer.from(s).toString('base64');
    const put = async (secret: any) => {
      const r = await this.management.call(
        'PATCH',
        `/api/v1/namespaces/${namespace}/secrets/${secret.metadata.name}?fieldManager=kamaji-standin&force=true`,
        secret,
        'application/apply-patch+yaml',
      );
      if (r.status >= 300) throw new Error(`secret ${secret.metadata.name}: ${r.status} ${JSON.stringify(r.body)}`);
    };
    await put({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: `${name}-admin-kubeconfig`,
        namespace,
        labels: { 'kamaji.clastix.io/project': 'kamaji', 'kamaji.clastix.io/name': name, 'kamaji.clastix.io/component': 'admin-kubeconfig' },
      },
      data: { 'admin.conf': enc(admin), 'admin.svc': enc(admin), 'super-admin.conf': enc(superAdmin), 'super-admin.svc': enc(superAdmin) },
    });
    const key = kcp.metadata.annotations?.['kamaji.clastix.io/kubeconfig-secret-key'] ?? 'admin.conf';
    await put({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'cluster.x-k8s.io/secret',
      metadata: {
        name: `${name}-kubeconfig`,
        namespace,
        labels: {
          'cluster.x-k8s.io/cluster-name': name,
          'kamaji.clastix.io/component': 'capi',
          'kamaji.clastix.io/secret': 'kubeconfig',
          'kamaji.clastix.io/cluster': name,
          'kamaji.clastix.io/tcp': name,
        },
      },
      data: { value: enc(key.startsWith('super-admin') ? superAdmin : admin) },
    });
    // The Kamaji CAPI provider's part: the CA Secret, the endpoint and the infrastructure cluster's readiness.
    await put({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'cluster.x-k8s.io/secret',
      metadata: { name: `${name}-ca`, namespace, labels: { 'cluster.x-k8s.io/cluster-name': name } },
      data: { 'tls.crt': b64('ca.crt'), 'tls.key': b64('ca.key') },
    });
    const status = await this.management.call(
      'PATCH',
      `${KCP_PATH(namespace, name)}/status`,
      {
        // The pinned CRD requires selector, updatedReplicas and unavailableReplicas in status, as the provider sets them.
        status: {
          initialized: true,
          ready: true,
          version: kcp.spec.version,
          replicas: kcp.spec.replicas ?? 2,
          readyReplicas: kcp.spec.replicas ?? 2,
          updatedReplicas: kcp.spec.replicas ?? 2,
          unavailableReplicas: 0,
          selector: `kamaji.clastix.io/name=${name}`,
        },
      },
      'application/merge-patch+json',
    );
    if (status.status >= 300) throw new Error(`status of ${namespace}/${name}: ${status.status} ${JSON.stringify(status.body)}`);
  }

  /**
   * The endpoint, as the Kamaji provider publishes it: the ingress hostname and port, on the control plane and on
   * the infrastructure cluster of the Cluster that references it (which also becomes ready). Once per tenant, as
   * soon as that Cluster and its KubevirtCluster exist.
   */
  private async publishEndpoint(kcp: any): Promise<boolean> {
    const { name, namespace } = kcp.metadata;
    const clusters = (await this.management.call('GET', `/apis/cluster.x-k8s.io/v1beta1/namespaces/${namespace}/clusters`)).body?.items ?? [];
    const owner = clusters.find((c: any) => c.spec?.controlPlaneRef?.kind === 'KamajiControlPlane' && c.spec.controlPlaneRef.name === name);
    const infra = owner?.spec?.infrastructureRef;
    if (infra?.kind !== 'KubevirtCluster') return false;
    const infraPath = `/apis/infrastructure.cluster.x-k8s.io/v1alpha1/namespaces/${namespace}/kubevirtclusters/${infra.name}`;
    if ((await this.management.call('GET', infraPath)).status !== 200) return false;
    const [host, port] = String(kcp.spec.network?.ingress?.hostname ?? `${name}.${namespace}.svc:6443`).split(':');
    const endpoint = { controlPlaneEndpoint: { host, port: Number(port ?? 443) } };
    await this.patch(KCP_PATH(namespace, name), { spec: endpoint });
    await this.patch(infraPath, { spec: endpoint });
    await this.patch(`${infraPath}/status`, { status: { ready: true } });
    return true;
  }

  private async patch(path: string, body: unknown): Promise<void> {
    const r = await this.management.call('PATCH', path, body, 'application/merge-patch+json');
    if (r.status >= 300) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
  }

  private async stopTenant(t: Tenant): Promise<void> {
    await t.harness.stop();
    rmSync(t.dir, { recursive: true, force: true });
  }

  /** CAPI's MachineDeployment controller makes the Cluster own the templates it references. */
  private async ownTemplates(): Promise<void> {
    const mds = (await this.management.call('GET', '/apis/cluster.x-k8s.io/v1beta1/machinedeployments')).body?.items ?? [];
    for (const md of mds) {
      const ref = md.spec?.template?.spec?.infrastructureRef;
      if (ref?.kind !== 'KubevirtMachineTemplate') continue;
      const ns = md.metadata.namespace;
      const cluster = (await this.management.call('GET', `/apis/cluster.x-k8s.io/v1beta1/namespaces/${ns}/clusters/${md.spec.clusterName}`)).body;
      if (!cluster?.metadata?.uid) continue;
      const path = `/apis/infrastructure.cluster.x-k8s.io/v1alpha1/namespaces/${ns}/kubevirtmachinetemplates/${ref.name}`;
      const kmt = (await this.management.call('GET', path)).body;
      if (!kmt?.metadata || (kmt.metadata.ownerReferences ?? []).some((o: any) => o.uid === cluster.metadata.uid)) continue;
      await this.management.call(
        'PATCH',
        path,
        {
          metadata: {
            ownerReferences: [
              ...(kmt.metadata.ownerReferences ?? []),
              { apiVersion: 'cluster.x-k8s.io/v1beta1', kind: 'Cluster', name: cluster.metadata.name, uid: cluster.metadata.uid },
            ],
          },
        },
        'application/merge-patch+json',
      );
    }
  }
}
