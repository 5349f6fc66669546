// The controllers tier: real upstream controllers reconciling what we render, against a KubeHarness.
//  - Cluster API v1.10.1: the core manager and the kubeadm bootstrap provider (CABPK), each serving its admission
//    webhooks, registered with the API server the way a provider install registers them (the Service reference of
//    the upstream configuration replaced by a loopback URL and the CA bundle of a self-signed certificate);
//  - cert-manager v1.17.2: our own entry point on the library's controllers (tools/cert-manager).
// Binaries come from scripts/controllers-testbin.sh; the CRDs beyond the pinned ones and the webhook configurations
// are the upstream files vendored under tools/*/upstream. Every process belongs to the harness: stopped with it and
// covered by its watchdog. Their whole logs are kept, so tests can show that no controller complained.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { crdDocuments } from './crd-schema';
import { freePort, type KubeHarness } from './kube-harness';

const TOOLS = join(__dirname, '../../tools');

/**
 * The CAPI contract labels the providers' release bundles put on their CRDs (kustomize `commonLabels`; the raw
 * `config/crd/bases` files we pin lack them). Without them CAPI cannot resolve the referenced kinds' versions.
 * CAPK v0.1.10 and the Kamaji provider serve v1alpha1 for contract v1beta1; CABPK serves v1beta1.
 */
export const CONTRACT_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'infrastructure.cluster.x-k8s.io': { 'cluster.x-k8s.io/v1beta1': 'v1alpha1' },
  'controlplane.cluster.x-k8s.io': { 'cluster.x-k8s.io/v1beta1': 'v1alpha1' },
  'bootstrap.cluster.x-k8s.io': { 'cluster.x-k8s.io/v1beta1': 'v1beta1' },
};

/** The API groups whose CRDs belong to the controllers this tier runs: Cluster API's (core, kubeadm) and cert-manager's. */
const OWN_GROUPS: readonly string[] = ['cluster.x-k8s.io', 'bootstrap.cluster.x-k8s.io', 'cert-manager.io'];

/**
 * The CRDs the management API server gets for the kinds we render, so that it accepts the output of both platform
 * lines: the v1.5 set, which accepts every v0.37 object (measured, docs/platform-lines.md) and v1.5's too (its
 * HelmRelease takes `chartRef.kind: ExternalArtifact`, v0.37's does not), except the kinds of the controllers running
 * here. Those stay the v0.37 set's, upstream's own files (CAPI v1.10.1 `config/crd`, cert-manager `deploy/crds`): the
 * v1.5 set's CAPI CRDs are Cozystack's release-bundle copies of the same v1.10.1 schemas (crds/v1.5/SCHEMA-DIFF.txt:
 * no path changed) whose conversion webhooks name Services in `capi-system` that do not exist here, and its
 * cert-manager CRDs are v1.20's, newer than the controller (v1.17.2) that reconciles them.
 */
export function managementCrds(): any[] {
  const own = (crd: any) => OWN_GROUPS.includes(crd.spec.group);
  return [
    ...crdDocuments('v1.5')
      .map(({ crd }) => crd)
      .filter((crd) => !own(crd)),
    ...crdDocuments('v0.37')
      .map(({ crd }) => crd)
      .filter(own),
  ];
}

/** The manager processes, by the name their logs are kept under. */
export const CONTROLLERS = ['capi-manager', 'cabpk-manager', 'cert-manager-controller'] as const;
export type ControllerName = (typeof CONTROLLERS)[number];

/** One error line a controller logged (klog's `E` severity). */
export interface ControllerError {
  readonly controller: ControllerName;
  readonly line: string;
}

/** The manager a webhook configuration file belongs to, and the upstream file. */
const WEBHOOKS: ReadonlyArray<{ readonly manager: 'capi-manager' | 'cabpk-manager'; readonly prefix: string; readonly file: string }> = [
  { manager: 'capi-manager', prefix: 'capi', file: join(TOOLS, 'capi/upstream/config/webhook/manifests.yaml') },
  { manager: 'cabpk-manager', prefix: 'capi-kubeadm-bootstrap', file: join(TOOLS, 'capi/upstream/bootstrap/kubeadm/config/webhook/manifests.yaml') },
];

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

export class RealControllers {
  private readonly webhookPorts: Partial<Record<'capi-manager' | 'cabpk-manager', number>> = {};
  private caBundle = '';

  public constructor(
    private readonly kube: KubeHarness,
    private readonly binDir: string,
  ) {}

  /**
   * The CRDs of the rendered kinds with the contract labels (`managementCrds`), then the CRDs the controllers watch
   * beyond the rendered kinds.
   */
  public async installCrds(): Promise<string[]> {
    const labelled = (crd: any) => CONTRACT_LABELS[crd.spec.group];
    return [
      ...(await this.kube.installCrdDocuments(managementCrds(), labelled)),
      ...(await this.kube.installCrds(join(TOOLS, 'capi/upstream/config/crd'))),
      ...(await this.kube.installCrds(join(TOOLS, 'cert-manager/upstream/deploy/crds'))),
    ];
  }

  /** Starts the three controllers, waits until the CAPI managers are ready, and registers their webhooks. */
  public async start(): Promise<void> {
    const certDir = join(this.kube.directory, 'webhook-certs');
    mkdirSync(certDir, { recursive: true });
    // controller-runtime's webhook server reads tls.crt and tls.key from its certificate directory.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=capi-webhooks',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(certDir, 'tls.key'),
        '-out',
        join(certDir, 'tls.crt'),
      ],
      { stdio: 'pipe' },
    );
    this.caBundle = readFileSync(join(certDir, 'tls.crt')).toString('base64');
    const kubeconfig = this.kube.kubeconfigPath();
    const health: string[] = [];
    for (const manager of ['capi-manager', 'cabpk-manager'] as const) {
      const [webhook, healthPort, diagnostics] = [await freePort(), await freePort(), await freePort()];
      this.webhookPorts[manager] = webhook;
      health.push(`http://127.0.0.1:${healthPort}/readyz`);
      // v1.10.1 has no flag for the webhook server's host: it listens on every interface, on a free port.
      this.kube.runProcess(
        manager,
        this.bin(manager),
        [
          `--kubeconfig=${kubeconfig}`,
          '--leader-elect=false',
          `--webhook-port=${webhook}`,
          `--webhook-cert-dir=${certDir}`,
          `--health-addr=127.0.0.1:${healthPort}`,
          `--diagnostics-address=127.0.0.1:${diagnostics}`,
          '--insecure-diagnostics',
          '--v=2',
        ],
        { logToFile: true },
      );
    }
    this.kube.runProcess(
      'cert-manager-controller',
      this.bin('cert-manager-controller'),
      [`--kubeconfig=${kubeconfig}`, '--cluster-resource-namespace=cert-manager', '--v=2'],
      { logToFile: true },
    );
    for (const url of health) {
      await this.kube
        .waitFor(`${url} ready`, async () => (await httpStatus(url)) === 200, 60_000)
        .catch((e) => {
          throw new Error(`${(e as Error).message}\n${CONTROLLERS.map((c) => `${c}:\n${this.kube.log(c)}`).join('\n')}`);
        });
    }
    await this.registerWebhooks();
  }

  /** Every error line the controllers logged so far. */
  public errors(): ControllerError[] {
    const out: ControllerError[] = [];
    for (const controller of CONTROLLERS) {
      const file = this.kube.logFile(controller);
      if (!existsSync(file)) continue;
      for (const line of readFileSync(file, 'utf8').split('\n')) if (/^E\d{4} /.test(line)) out.push({ controller, line });
    }
    return out;
  }

  /** Copies every controller's whole log into `dir` (`<controller>.log`). */
  public copyLogs(dir: string): void {
    mkdirSync(dir, { recursive: true });
    for (const c of CONTROLLERS) if (existsSync(this.kube.logFile(c))) copyFileSync(this.kube.logFile(c), join(dir, `${c}.log`));
  }

  /** `disconnectedSpans` of each CAPI manager's log, by `<manager>/<namespace>`. */
  public disconnectedSpans(): Map<string, DisconnectedSpan[]> {
    const all = new Map<string, DisconnectedSpan[]>();
    for (const manager of ['capi-manager', 'cabpk-manager'] as const) {
      for (const [namespace, spans] of disconnectedSpans(this.log(manager))) all.set(`${manager}/${namespace}`, spans);
    }
    return all;
  }

  /** The cluster-cache lines (connecting, connected, disconnecting, failing) of the manager and namespace of an error. */
  public clusterCacheLines(error: ControllerError): string[] {
    const namespace = namespaceOf(error.line);
    if (namespace === undefined || error.controller === 'cert-manager-controller') return [];
    return this.log(error.controller)
      .split('\n')
      .filter(
        (l) =>
          l.includes('controller="clustercache"') &&
          l.includes(`Cluster="${namespace}/`) &&
          /"(Connecting|Connected|Disconnecting|Disconnected|Connect failed)"/.test(l),
      );
  }

  /** The whole log of one controller. */
  public log(controller: ControllerName): string {
    const file = this.kube.logFile(controller);
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  /**
   * The upstream webhook configurations, each webhook pointed at its manager's loopback port. The ExtensionConfig
   * webhooks are left out: they belong to the RuntimeSDK feature, which is off by default, so no server path exists.
   */
  private async registerWebhooks(): Promise<void> {
    for (const { manager, prefix, file } of WEBHOOKS) {
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
        const config = doc.toJS();
        if (!config?.kind) continue;
        config.metadata.name = `${prefix}-${config.metadata.name}`;
        config.webhooks = config.webhooks
          .filter((w: any) => !w.rules.some((r: any) => r.apiGroups.includes('runtime.cluster.x-k8s.io')))
          .map((w: any) => ({
            ...w,
            clientConfig: { url: `https://127.0.0.1:${this.webhookPorts[manager]}${w.clientConfig.service.path}`, caBundle: this.caBundle },
          }));
        const plural = config.kind === 'MutatingWebhookConfiguration' ? 'mutatingwebhookconfigurations' : 'validatingwebhookconfigurations';
        const r = await this.kube.call('POST', `/apis/admissionregistration.k8s.io/v1/${plural}`, config);
        if (r.status !== 201) throw new Error(`${config.kind} ${config.metadata.name}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      }
    }
    // The API server picks up new webhook configurations asynchronously: wait until a MachineDeployment is defaulted.
    await this.kube.waitFor(
      'CAPI webhooks in effect',
      async () => {
        const md = {
          apiVersion: 'cluster.x-k8s.io/v1beta1',
          kind: 'MachineDeployment',
          metadata: { name: 'webhook-probe', namespace: 'default' },
          spec: {
            clusterName: 'probe',
            selector: {},
            template: {
              spec: { clusterName: 'probe', bootstrap: { dataSecretName: 'x' }, infrastructureRef: { kind: 'KubevirtMachineTemplate', name: 'x' } },
            },
          },
        };
        const r = await this.kube.call('POST', '/apis/cluster.x-k8s.io/v1beta1/namespaces/default/machinedeployments?dryRun=All', md);
        return r.status === 201 && r.body?.spec?.strategy?.type === 'RollingUpdate';
      },
      30_000,
    );
  }

  private bin(name: ControllerName): string {
    const p = join(this.binDir, name);
    if (!existsSync(p)) throw new Error(`${p} is missing: run scripts/controllers-testbin.sh`);
    return p;
  }
}

/**
 * The one error cert-manager logs about a correct PKI: a CA Issuer whose CA Secret is not issued yet
 * (`secrets "<name>" not found`), logged at the latest a second after that Issuer became Ready. `caSecretReady`:
 * when the Issuer of each CA Secret became Ready (ms since the epoch).
 */
export function transientCertManagerError(error: ControllerError, caSecretReady: ReadonlyMap<string, number>): boolean {
  if (error.controller !== 'cert-manager-controller') return false;
  if (!/error getting signing CA TLS certificate|re-queuing item due to error processing/.test(error.line)) return false;
  const secret = /secrets \\?"([^"\\]+)\\?" not found/.exec(error.line)?.[1];
  const readyAt = secret === undefined ? undefined : caSecretReady.get(secret);
  return readyAt !== undefined && klogTime(error.line) <= readyAt + 1_000;
}

/** The `namespace="…"` key of a controller-runtime log line. */
export function namespaceOf(line: string): string | undefined {
  return /\snamespace="([^"]+)"/.exec(line)?.[1];
}

/** The time of a klog line (`E1201 10:15:38.992892 …`: local time, this year), in ms since the epoch. */
export function klogTime(line: string): number {
  const m = /^[EWI](\d\d)(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3})/.exec(line);
  if (!m) return Number.POSITIVE_INFINITY;
  const [month, day, h, min, sec, ms] = m.slice(1).map(Number);
  return new Date(new Date().getFullYear(), month - 1, day, h, min, sec, ms).getTime();
}

/**
 * Cluster API's own optimistic-lock retries running out under load: the MachineSet controller patches a Machine's
 * conditions while the Machine controller updates the same Machine, and after five conflicts it gives up and requeues
 * (`failed to patch Machine …: timed out waiting for the condition`). It names a Machine CAPI made, not an object we
 * render, and the next reconcile converges (the tests wait for that).
 */
export function capiConflictRetry(error: ControllerError): boolean {
  return error.controller === 'capi-manager' && /failed to patch Machine [^:\s]+: timed out waiting for the condition/.test(error.line);
}

/** A time span (ms since the epoch) in which a manager's cluster cache had no connection to a tenant API server. */
export interface DisconnectedSpan {
  from: number;
  to: number;
}

/**
 * When a manager's cluster cache was not connected to the tenant API server of a namespace, from its log: from the
 * start (or a `Disconnecting`) to the next `Connected`, in ms since the epoch; a span still open has `to` infinite.
 */
export function disconnectedSpans(log: string): Map<string, DisconnectedSpan[]> {
  const spans = new Map<string, DisconnectedSpan[]>();
  for (const line of log.split('\n')) {
    const m = /"(Connected|Disconnecting)" controller="clustercache".* Cluster="([^/"]+)\//.exec(line);
    if (!m) continue;
    const list = spans.get(m[2]) ?? [{ from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY }];
    spans.set(m[2], list);
    const last = list[list.length - 1];
    const open = last.to === Number.POSITIVE_INFINITY;
    if (m[1] === 'Connected' && open) last.to = klogTime(line);
    if (m[1] === 'Disconnecting' && !open) list.push({ from: klogTime(line), to: Number.POSITIVE_INFINITY });
  }
  return spans;
}

/**
 * How late after its `Connected` line a manager may still log that the connection is down: the line is printed before
 * the connection is stored (CAPI first makes its client-certificate RSA key), and a reconcile that found it down logs
 * its error when it returns. On two loaded cores that has taken over a second.
 */
export const CONNECT_SLACK_MS = 3_000;

/**
 * Cluster API while its cluster cache has no connection to a workload cluster: once the control plane is ready, the
 * MachineHealthCheck, Machine and KubeadmConfig controllers ask for a connection before their manager's cluster cache
 * has made it, or after it dropped one whose health probes failed, and log `connection to the workload cluster is
 * down` until it is (re)made. Allowed only inside a span that ended with a connection (`spans`:
 * `RealControllers.disconnectedSpans()`; the tier keeps one cluster per namespace), up to `CONNECT_SLACK_MS` after it.
 */
export function whileDisconnected(error: ControllerError, spans: ReadonlyMap<string, readonly DisconnectedSpan[]>): boolean {
  if (error.controller === 'cert-manager-controller' || !error.line.includes('connection to the workload cluster is down')) return false;
  const namespace = namespaceOf(error.line);
  const at = klogTime(error.line);
  return (
    namespace !== undefined &&
    (spans.get(`${error.controller}/${namespace}`) ?? []).some(
      (s) => s.to !== Number.POSITIVE_INFINITY && at >= s.from && at <= s.to + CONNECT_SLACK_MS,
    )
  );
}

/**
 * cert-manager racing its own cache: the certificate request manager creates CertificateRequest `<certificate>-<n>`,
 * is requeued before its informer has seen it, and creates it again (`certificaterequests.cert-manager.io "…"
 * already exists`). Allowed only for a CertificateRequest that exists (`liveRequests`: `namespace/name`): the first
 * create succeeded, and the next reconcile finds it.
 */
export function certificateRequestCreateRace(error: ControllerError, liveRequests: ReadonlySet<string>, namespaces: readonly string[]): boolean {
  if (error.controller !== 'cert-manager-controller') return false;
  const name = /certificaterequests\.cert-manager\.io \\?"([^"\\]+)\\?" already exists/.exec(error.line)?.[1];
  return name !== undefined && namespaces.some((ns) => liveRequests.has(`${ns}/${name}`));
}

/** Machines and MachineSets that still exist, each as `namespace/name`. */
export interface LiveCapiObjects {
  readonly machines: ReadonlySet<string>;
  readonly machineSets: ReadonlySet<string>;
}

/**
 * Cluster API racing a deletion, recognised by these messages, each naming the object that was gone:
 *  - the MachineHealthCheck or MachineSet controller patches a Machine, or reads its KubevirtMachine (same name), that
 *    was deleted (remediated, or rolled away) since its cache saw it;
 *  - the MachineSet controller patches the status of a MachineSet that a rollout deleted while it reconciled it.
 */
const DELETED_RACES: ReadonlyArray<{ readonly pattern: RegExp; readonly kind: keyof LiveCapiObjects }> = [
  {
    pattern:
      /failed to (?:patch unhealthy machine status for machine|sync Machines): .*(?:failed to patch Machine|failed to get InfrastructureMachine) ([^/\s]+\/[^:\s]+): .*not found/,
    kind: 'machines',
  },
  { pattern: /err="failed to patch MachineSet ([^/\s]+\/[^:\s]+): machinesets\.cluster\.x-k8s\.io \\?"[^"\\]+\\?" not found/, kind: 'machineSets' },
];

/**
 * Cluster API racing a deletion (`DELETED_RACES`): the API server answers `not found` for a Machine or MachineSet that
 * was deleted since the controller's cache saw it. Allowed only for objects that are gone (`live`).
 */
export function deletedObjectRace(error: ControllerError, live: LiveCapiObjects): boolean {
  if (error.controller !== 'capi-manager') return false;
  return DELETED_RACES.some(({ pattern, kind }) => {
    const name = pattern.exec(error.line)?.[1];
    return name !== undefined && !live[kind].has(name);
  });
}
