// A real kube-apiserver backed by a real etcd (and kube-controller-manager, so namespaces finish deleting) on free
// loopback ports with a temporary data directory. Every process is stopped and the directory removed when the
// harness stops — also when a test fails, and, through a watchdog process, when the test run is killed.
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export interface HarnessOptions {
  /** Directory with kube-apiserver, kube-controller-manager and etcd. */
  readonly binDir: string;
  /** Also run kube-controller-manager (namespace and garbage collection). @default true */
  readonly controllerManager?: boolean;
  /** Use this etcd (`http://127.0.0.1:PORT`) instead of starting one, under `etcdPrefix`. @default - its own etcd */
  readonly etcdServers?: string;
  /** Key prefix in etcd. @default '/registry' */
  readonly etcdPrefix?: string;
  /** More kube-apiserver flags (e.g. a serving certificate and a client CA). @default [] */
  readonly apiserverArgs?: readonly string[];
  /** The kube-controller-manager controllers to run. @default ['namespace', 'garbagecollector'] */
  readonly controllers?: readonly string[];
}

/** A process the harness runs beside its API server (stopped with it, watched by its watchdog). */
export interface ProcessOptions {
  /** Environment of the process. @default - this process's */
  readonly env?: NodeJS.ProcessEnv;
  /** Also keep the whole output in `<harness directory>/<name>.log` (see `logFile`). @default false */
  readonly logToFile?: boolean;
}

export interface ApiResponse {
  readonly status: number;
  readonly body: any;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A running control plane for tests. */
export class KubeHarness {
  public readonly token = randomBytes(16).toString('hex');
  public apiPort = 0;
  /** The etcd this API server stores into. */
  public etcdServers = '';
  /** The harness's temporary directory (removed on stop). */
  public get directory(): string {
    return this.dir;
  }
  private readonly dir = mkdtempSync(join(tmpdir(), 'tenant-kubernetes-kube-'));
  private readonly processes: ChildProcess[] = [];
  private watchdog: ChildProcess | undefined;
  private readonly logs: Record<string, string[]> = {};
  private stopped = false;

  public constructor(private readonly options: HarnessOptions) {}

  public get server(): string {
    return `https://127.0.0.1:${this.apiPort}`;
  }

  /** A kubeconfig for the admin token (TLS verification off: the serving certificate is self-signed). */
  public kubeconfig(): string {
    return [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: test`,
      `  cluster:`,
      `    server: ${this.server}`,
      '    insecure-skip-tls-verify: true',
      'users:',
      '- name: admin',
      '  user:',
      `    token: ${this.token}`,
      'contexts:',
      '- name: test',
      '  context:',
      '    cluster: test',
      '    user: admin',
      'current-context: test',
      '',
    ].join('\n');
  }

  public kubeconfigPath(): string {
    const p = join(this.dir, 'kubeconfig');
    writeFileSync(p, this.kubeconfig());
    return p;
  }

  public async start(): Promise<void> {
    const bin = (name: string) => {
      const p = join(this.options.binDir, name);
      if (!existsSync(p)) throw new Error(`${p} is missing: run scripts/testbin.sh`);
      return p;
    };
    const [etcdClient, etcdPeer, apiPort, kcmPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    this.etcdServers = this.options.etcdServers ?? `http://127.0.0.1:${etcdClient}`;
    this.apiPort = apiPort;
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(join(this.dir, 'sa.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(this.dir, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(join(this.dir, 'tokens.csv'), `${this.token},admin,admin,system:masters\n`);
    this.startWatchdog();
    if (this.options.etcdServers === undefined)
      this.run('etcd', bin('etcd'), [
        `--data-dir=${join(this.dir, 'etcd')}`,
        `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
        `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
        `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-cluster=default=http://127.0.0.1:${etcdPeer}`,
        '--unsafe-no-fsync',
        '--log-level=warn',
      ]);
    this.run('kube-apiserver', bin('kube-apiserver'), [
      `--etcd-servers=${this.etcdServers}`,
      `--etcd-prefix=${this.options.etcdPrefix ?? '/registry'}`,
      '--advertise-address=127.0.0.1',
      '--bind-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      `--cert-dir=${join(this.dir, 'certs')}`,
      '--service-cluster-ip-range=10.0.0.0/24',
      '--allow-privileged=true',
      '--authorization-mode=RBAC',
      `--token-auth-file=${join(this.dir, 'tokens.csv')}`,
      // No ServiceAccount admission: the default SA is made by a controller (envtest does the same).
      '--disable-admission-plugins=ServiceAccount',
      '--service-account-issuer=https://kubernetes.default.svc',
      `--service-account-key-file=${join(this.dir, 'sa.pub')}`,
      `--service-account-signing-key-file=${join(this.dir, 'sa.key')}`,
      '--endpoint-reconciler-type=none',
      '--v=0',
      ...(this.options.apiserverArgs ?? []),
    ]);
    await this.waitReady();
    if (this.options.controllerManager !== false) {
      this.run('kube-controller-manager', bin('kube-controller-manager'), [
        `--kubeconfig=${this.kubeconfigPath()}`,
        '--leader-elect=false',
        '--use-service-account-credentials=false',
        `--controllers=${(this.options.controllers ?? ['namespace', 'garbagecollector']).join(',')}`,
        `--secure-port=${kcmPort}`,
        '--bind-address=127.0.0.1',
        `--authentication-kubeconfig=${this.kubeconfigPath()}`,
        `--authorization-kubeconfig=${this.kubeconfigPath()}`,
        '--v=0',
      ]);
    }
  }

  /** Stops every process (TERM, then KILL) and removes the data directory. Safe to call twice. */
  public async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const p of [...this.processes].reverse()) if (p.exitCode === null) p.kill('SIGTERM');
    const deadline = Date.now() + 10_000;
    while (this.processes.some((p) => p.exitCode === null && p.signalCode === null) && Date.now() < deadline) await sleep(100);
    for (const p of this.processes) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    this.watchdog?.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The last lines a process wrote, for failure messages. */
  public log(name: string): string {
    return (this.logs[name] ?? []).slice(-40).join('');
  }

  /** Where the whole output of a process started with `logToFile` is kept (until the harness stops). */
  public logFile(name: string): string {
    return join(this.dir, `${name}.log`);
  }

  /** Starts a process beside the API server; it is stopped (TERM, then KILL) when the harness stops. */
  public runProcess(name: string, file: string, args: readonly string[], options: ProcessOptions = {}): ChildProcess {
    return this.run(name, file, [...args], options);
  }

  /** One API call with the admin token. */
  public async call(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<ApiResponse> {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        {
          host: '127.0.0.1',
          port: this.apiPort,
          path,
          method,
          rejectUnauthorized: false,
          headers: {
            authorization: `Bearer ${this.token}`,
            accept: 'application/json',
            ...(payload !== undefined ? { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              /* plain text */
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /**
   * Installs every CRD under a directory. The cert-manager files' Helm placeholder labels are dropped; `labels` gives
   * the labels a CRD gets instead (as a provider's release bundle would add them), by CRD.
   */
  public async installCrds(dir: string, labels?: (crd: any) => Record<string, string> | undefined): Promise<string[]> {
    const walk = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.yaml') ? [join(d, e.name)] : [],
      );
    const crds = walk(dir)
      .sort()
      .flatMap((file) => parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => doc.toJS()))
      .filter((crd) => crd?.kind === 'CustomResourceDefinition');
    return this.installCrdDocuments(crds, labels);
  }

  /**
   * Creates CRDs (parsed documents: a set whose files are not all plain YAML, such as v1.5's cert-manager templates,
   * is read by test/support/crd-schema.ts's crdDocuments) and waits until every one is Established. Their labels are
   * dropped (cert-manager's are Helm placeholders), or replaced by `labels`.
   */
  public async installCrdDocuments(crds: readonly any[], labels?: (crd: any) => Record<string, string> | undefined): Promise<string[]> {
    const names: string[] = [];
    for (const source of crds) {
      const crd = JSON.parse(JSON.stringify(source));
      delete crd.metadata.labels;
      const extra = labels?.(crd);
      if (extra !== undefined) crd.metadata.labels = extra;
      const r = await this.call('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
      if (r.status !== 201 && r.status !== 409) throw new Error(`CRD ${crd.metadata.name}: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
      names.push(crd.metadata.name);
    }
    for (const name of names)
      await this.waitFor(`CRD ${name} established`, async () => {
        const r = await this.call('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
        return (r.body?.status?.conditions ?? []).some((c: any) => c.type === 'Established' && c.status === 'True');
      });
    return names;
  }

  public async waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await check().catch(() => false)) return;
      await sleep(200);
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  private async waitReady(): Promise<void> {
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      for (const p of this.processes) {
        if (p.exitCode !== null) throw new Error(`${p.spawnfile} exited with ${p.exitCode}:\n${this.log(p.spawnfile.split('/').pop()!)}`);
      }
      const r = await this.call('GET', '/readyz').catch(() => undefined);
      if (r?.status === 200) return;
      await sleep(250);
    }
    throw new Error(`kube-apiserver not ready after 120s:\n${this.log('kube-apiserver')}`);
  }

  private run(name: string, file: string, args: string[], options: ProcessOptions = {}): ChildProcess {
    const p = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(options.env ? { env: options.env } : {}) });
    const log: string[] = [];
    this.logs[name] = log;
    const logFile = options.logToFile ? this.logFile(name) : undefined;
    const keep = (chunk: Buffer) => {
      log.push(chunk.toString('utf8'));
      if (log.length > 400) log.splice(0, log.length - 400);
      if (logFile !== undefined && !this.stopped) appendFileSync(logFile, chunk);
    };
    p.stdout?.on('data', keep);
    p.stderr?.on('data', keep);
    this.processes.push(p);
    this.watchdog?.stdin?.write(`${p.pid}\n`);
    return p;
  }

  /** A separate process that kills our children and removes the directory once this process is gone. */
  private startWatchdog(): void {
    const script = `
      const fs = require('node:fs');
      const parent = Number(process.argv[1]); const dir = process.argv[2]; const pids = [];
      process.stdin.on('data', (d) => String(d).split('\\n').filter(Boolean).forEach((p) => pids.push(Number(p))));
      process.stdin.on('end', () => {});
      setInterval(() => {
        try { process.kill(parent, 0); } catch {
          for (const p of pids) { try { process.kill(p, 'SIGKILL'); } catch {} }
          fs.rmSync(dir, { recursive: true, force: true });
          process.exit(0);
        }
      }, 500);`;
    this.watchdog = spawn(process.execPath, ['-e', script, String(process.pid), this.dir], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
    this.watchdog.unref();
    (this.watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  }
}
