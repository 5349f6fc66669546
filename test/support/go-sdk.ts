// The Go side of the engine tier (docs/engine-go.md): the component's schema as its plugin serves it, a Go SDK
// generated from that schema by the Pulumi CLI's own Go code generator (gen-go-sdk, scripts/pulumi-go-testbin.sh), and
// the Go program test/engine/go built against that SDK in a copy of its module.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { builtBinDir } from './testbin';

const run = promisify(execFile);
const ROOT = join(__dirname, '../..');

/** The plugin folder: `pulumi-resource-tenant-kubernetes` is there, for the engine to find on PATH. */
export const PROVIDER_DIR = join(ROOT, 'provider');
export const PLUGIN = join(PROVIDER_DIR, 'pulumi-resource-tenant-kubernetes');
/** The Go module path of the program; the SDK is generated into its package `sdk/tenantkubernetes`. */
export const GO_MODULE = 'tenant-kubernetes.invalid/engine-go';

let binDir: string | undefined;

/** gen-go-sdk, built (or reused) by scripts/pulumi-go-testbin.sh, which also fills Go's caches for the program. */
export function goSdkBinDir(): string {
  binDir ??= builtBinDir('TENANT_KUBERNETES_GO_BIN_DIR', 'pulumi-go-testbin.sh', 'ENGINE TIER (Go SDK generator)');
  return binDir;
}

/**
 * How Go builds here: as scripts/pulumi-go-testbin.sh does (scripts/testbin-common.sh's local toolchain, static
 * binaries and committed go.sum files, plus -trimpath), so that the dependencies it compiled are reused, and the SDK
 * too from one run to the next (with -trimpath the directory of the module copy is not part of the cache key).
 */
export function goEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOTOOLCHAIN: 'local',
    CGO_ENABLED: '0',
    GOFLAGS: '-mod=readonly -buildvcs=false -trimpath',
    GONOSUMDB: 'github.com/pulumi',
  };
}

/** The schema the plugin serves, from `pulumi package get-schema <plugin executable>` (the testbin CLI). */
export async function pluginSchema(pulumiBin: string, pulumiHome: string): Promise<string> {
  const { stdout } = await run(join(pulumiBin, 'pulumi'), ['package', 'get-schema', PLUGIN], {
    env: {
      ...process.env,
      PATH: `${pulumiBin}:${process.env.PATH}`,
      PULUMI_HOME: pulumiHome,
      PULUMI_SKIP_UPDATE_CHECK: 'true',
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/**
 * Generates the Go SDK of a schema file into `out` (as `<out>/tenantkubernetes/…`) with gen-go-sdk, for the import
 * path `<GO_MODULE>/sdk/tenantkubernetes`; returns the files it wrote (relative to `out`).
 */
export async function generateGoSdk(schemaFile: string, out: string): Promise<string[]> {
  const { stdout } = await run(
    join(goSdkBinDir(), 'gen-go-sdk'),
    ['-schema', schemaFile, '-import-base-path', `${GO_MODULE}/sdk/tenantkubernetes`, '-out', out],
    { env: goEnv() },
  );
  return stdout.trim().split('\n');
}

/** The Go program, built; what each step took, in seconds. */
export interface GoBuild {
  /** The program's executable. */
  readonly binary: string;
  /** The generated SDK's files (relative to `<module copy>/sdk`). */
  readonly sdkFiles: readonly string[];
  readonly seconds: { readonly generate: number; readonly vet: number; readonly build: number };
}

/**
 * Copies test/engine/go to `dir`, generates the SDK of `schema` (JSON text) into its `sdk/`, vets the SDK and builds
 * the program. Nothing is written into the repository.
 */
export async function buildGoProgram(dir: string, schema: string): Promise<GoBuild> {
  cpSync(join(ROOT, 'test/engine/go'), dir, { recursive: true });
  const schemaFile = join(dir, 'schema.json');
  writeFileSync(schemaFile, schema);
  const timed = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
    const start = Date.now();
    const result = await f();
    return [result, (Date.now() - start) / 1000];
  };
  const [sdkFiles, generate] = await timed(() => generateGoSdk(schemaFile, join(dir, 'sdk')));
  const go = (args: string[]) => run('go', args, { cwd: dir, env: goEnv(), maxBuffer: 16 * 1024 * 1024 });
  const [, vet] = await timed(() => go(['vet', './sdk/...']));
  mkdirSync(join(dir, 'bin'));
  const binary = join(dir, 'bin', 'engine-go');
  const [, build] = await timed(() => go(['build', '-o', binary, '.']));
  return { binary, sdkFiles, seconds: { generate, vet, build } };
}

/** A diagnostic of the engine, as the Go program reports it. */
export interface GoDiagnostic {
  readonly severity: string;
  readonly message: string;
  readonly urn?: string;
}

/** The last line the Go program prints (test/engine/go/main.go's `report`). */
export interface GoReport {
  readonly type: 'report';
  readonly operation: 'up' | 'destroy';
  readonly case: 'valid' | 'invalid';
  readonly outcome: 'succeeded' | 'failed';
  readonly error?: string;
  readonly summary?: string;
  readonly outputs?: Record<string, unknown>;
  readonly secretOutputs?: string[];
  readonly diagnostics: GoDiagnostic[];
}

export interface GoRun {
  readonly report: GoReport;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

export interface GoRunOptions {
  readonly binary: string;
  /** The work directory (backend in `<work>/state`, PULUMI_HOME `<work>/home`, the workspace `<work>/project`). */
  readonly work: string;
  readonly managementKubeconfig: string;
  readonly operation: 'up' | 'destroy';
  readonly case?: 'valid' | 'invalid';
  readonly stack?: string;
  /** Where the engine events go, one JSON object a line. */
  readonly events?: string;
  /** Where the kubeconfig output goes after `up`. */
  readonly kubeconfigOut?: string;
  /** PATH for the program: the CLI, the Kubernetes provider and our plugin. */
  readonly path: string;
  /** @default 900 */
  readonly timeoutSeconds?: number;
}

/** Runs the Go program once; it exits 0 whether the operation succeeded or failed, and reports which. */
export async function runGoProgram(o: GoRunOptions): Promise<GoRun> {
  const args = ['-work', o.work, '-management-kubeconfig', o.managementKubeconfig, '-case', o.case ?? 'valid', '-stack', o.stack ?? 'gopher'];
  if (o.events) args.push('-events', o.events);
  if (o.kubeconfigOut) args.push('-kubeconfig-out', o.kubeconfigOut);
  args.push(o.operation);
  const start = Date.now();
  // On timeout SIGTERM: the program interrupts the CLI (and stops by itself if this process dies).
  const { stdout, stderr } = await run(o.binary, args, {
    cwd: o.work,
    env: { ...process.env, PATH: o.path },
    maxBuffer: 64 * 1024 * 1024,
    timeout: (o.timeoutSeconds ?? 900) * 1000,
    killSignal: 'SIGTERM',
  }).catch((e: { stdout?: string; stderr?: string; message: string }) => {
    throw new Error(`the Go program failed to run: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`, { cause: e });
  });
  const last = stdout.trim().split('\n').pop() ?? '';
  let report: GoReport;
  try {
    report = JSON.parse(last) as GoReport;
  } catch {
    throw new Error(`the Go program printed no report; its output:\n${stdout}\n${stderr}`);
  }
  return { report, stdout, stderr, seconds: (Date.now() - start) / 1000 };
}
