// `tenant-kubernetes synth`: a drop-in for the reference `kubernetes` chart. Reads its values files, prints YAML.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { clusterObjects, renderResolvedCluster } from '../render/cluster';
import { renderTeardown } from '../render/teardown';
import { resolveSpec } from '../render/resolve';
import { SpecValidationError, formatProblem, type SpecProblem } from '../spec/errors';
import { SHORT_USAGE, UsageError, parseArgs, usage, type SynthArgs } from './args';
import { fleetJobs, fleetSummary, printFleet, readFleet, resolveFleet, writeFleet, type FleetArgs } from './fleet';
import { isPlainObject } from '../spec/checks';
import { DEFAULT_PLATFORM_RELEASE, PLATFORM_RELEASES, type PlatformRelease } from '../spec/platform-lines';
import { referenceChartValues } from './chart-values';
import { diffRenders, formatDiff } from './diff';
import { helmValues, specValues, type Values } from './values';
import { readProcessStdin, type StdinReader } from './yaml-input';
import { toYaml } from '../render/yaml';

/** Exit statuses of the CLI (part of its API). */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_INVALID_INPUT = 2;

/** Where the CLI writes; injectable for tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Standard input for `-f -` (bounded); the process's by default. */
  readonly stdin?: StdinReader;
}

/** The version in this package's package.json (found upwards from this file, built or not). */
function packageVersion(): string {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'tenant-kubernetes') return pkg.version ?? 'unknown';
    } catch {
      // keep looking upwards
    }
  }
  return 'unknown';
}

/** Spec paths that come from flags are reported as the flag. */
const FLAG_PATHS: Readonly<Record<string, string>> = {
  name: '--name',
  'tenant.namespace': '--namespace',
  'tenant.dataStoreName': '--tenant-etcd',
  'tenant.ingressClassName': '--tenant-ingress',
  'tenant.host': '--tenant-host',
  'tenant.monitoringNamespace': '--tenant-monitoring',
};

/** Keys of the spec that flags set: a values file may not set them. */
const FLAG_ONLY_KEYS = ['name', 'tenant', 'platformIntegration'];

export function synthSpec(args: SynthArgs, values: Values): Record<string, unknown> {
  return {
    ...values,
    name: args.name,
    tenant: {
      namespace: args.namespace,
      ...(args.tenantEtcd !== undefined ? { dataStoreName: args.tenantEtcd } : {}),
      ...(args.tenantIngress !== undefined ? { ingressClassName: args.tenantIngress } : {}),
      ...(args.tenantHost !== undefined ? { host: args.tenantHost } : {}),
      ...(args.tenantMonitoring !== undefined ? { monitoringNamespace: args.tenantMonitoring } : {}),
    },
    // A drop-in for the reference chart renders its platform objects too.
    platformIntegration: args.platformIntegration,
    ...(args.platformRelease !== undefined ? { platform: { ...(values.platform as object | undefined), release: args.platformRelease } } : {}),
    ...(args.teardownHook ? { teardown: { ...(values.teardown as object | undefined), helmHook: true } } : {}),
  };
}

function report(io: CliIo, problems: readonly SpecProblem[]): number {
  const lines = problems.map((p) => formatProblem({ ...p, path: Object.hasOwn(FLAG_PATHS, p.path) ? FLAG_PATHS[p.path] : p.path }));
  io.stderr(`${lines.join('\n')}\n`);
  return EXIT_INVALID_INPUT;
}

/**
 * The chart's `.Values` for `synth` or `teardown`: the values files and `--set`s read and merged as Helm v3 does,
 * coalesced over the reference chart's values.yaml (docs/values.md), or undefined with the problems. What `synth`
 * renders from; the helm test tier compares it with what `helm template` computes.
 */
export function cliValues(
  args: Pick<SynthArgs, 'valuesFiles' | 'set'> & Partial<Pick<SynthArgs, 'platformRelease'>>,
  problems: SpecProblem[],
  stdin?: StdinReader,
): Values | undefined {
  return readCliValues(args, problems, stdin)?.values;
}

/** {@link cliValues}, and the user's values before they were coalesced over the chart's. */
function readCliValues(
  args: Pick<SynthArgs, 'valuesFiles' | 'set'> & Partial<Pick<SynthArgs, 'platformRelease'>>,
  problems: SpecProblem[],
  stdin?: StdinReader,
): { values: Values; user: Values } | undefined {
  const before = problems.length;
  let user: Values = {};
  const chartValues = (merged: Values): Values => {
    user = merged;
    return referenceChartValues(chartRelease(args.platformRelease, merged, problems));
  };
  const values = helmValues({ files: args.valuesFiles, set: args.set, stdin, reservedKeys: FLAG_ONLY_KEYS, chartValues }, problems);
  return values === undefined || problems.length > before ? undefined : { values, user };
}

/**
 * The platform line whose chart values.yaml the user's values are coalesced over: `--platform-release`, else the
 * values' `platform.release`, else the default. A values `platform.release` other than the flag's is a problem; one
 * that names no release is the description's to report (its default chart is used meanwhile).
 */
function chartRelease(flag: PlatformRelease | undefined, user: Values, problems: SpecProblem[]): PlatformRelease {
  const platform = user.platform;
  const written = isPlainObject(platform) && Object.hasOwn(platform, 'release') ? platform.release : undefined;
  if (flag !== undefined) {
    if (written !== undefined && written !== null && written !== flag) {
      problems.push({ path: 'platform.release', value: written, message: `differs from --platform-release ${flag}: give the release once` });
    }
    return flag;
  }
  return typeof written === 'string' && (PLATFORM_RELEASES as readonly string[]).includes(written)
    ? (written as PlatformRelease)
    : DEFAULT_PLATFORM_RELEASE;
}

/**
 * The description `synth` renders: the flags over the chart's `.Values` ({@link cliValues}), or undefined with the
 * problems.
 */
export function cliSpec(args: SynthArgs, problems: SpecProblem[], stdin?: StdinReader): Record<string, unknown> | undefined {
  const read = readCliValues(args, problems, stdin);
  return read === undefined ? undefined : synthSpec(args, specValues(read.values, read.user));
}

/** A placeholder for the tenant host when `teardown` is not given one: the cleanup Job does not use it. */
const TEARDOWN_HOST_PLACEHOLDER = 'teardown.invalid';

/**
 * Runs the CLI; resolves to the exit status. Output goes to stdout only when everything succeeded. Rejects only on an
 * unexpected failure (a bug), never for bad input.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message === SHORT_USAGE) io.stderr(`${SHORT_USAGE}\n`);
      else io.stderr(`${e.message}\nRun \`tenant-kubernetes ${e.topic === undefined ? '' : `${e.topic} `}--help\` for usage.\n`);
      return EXIT_INVALID_INPUT;
    }
    throw e;
  }
  if (args.command === 'help') {
    io.stdout(`${usage(args.topic)}\n`);
    return EXIT_OK;
  }
  if (args.command === 'version') {
    io.stdout(`${packageVersion()}\n`);
    return EXIT_OK;
  }
  if (args.command === 'fleet') return runFleet(args, io);
  if (args.command === 'diff') return runDiff(args, io);
  if (args.command === 'teardown' && args.clusterFiles.length > 0) return runTeardownFiles(args, io);
  const problems: SpecProblem[] = [];
  try {
    let spec = cliSpec(args, problems, io.stdin);
    if (spec === undefined) return report(io, problems);
    if (args.command === 'teardown') spec = teardownSpec(args, spec);
    const resolved = resolveSpec(spec);
    const objects =
      args.command === 'teardown' ? renderTeardown(resolved, { helmHook: args.teardownHook }) : clusterObjects(renderResolvedCluster(resolved));
    io.stdout(toYaml(objects));
    return EXIT_OK;
  } catch (e) {
    if (e instanceof SpecValidationError) return report(io, e.problems);
    throw e;
  }
}

/**
 * The spec `teardown` resolves: the cleanup Job uses the names, `teardown.*` and the kubectl image only, so a tenant
 * host it was not given is a placeholder (the host is required to resolve a cluster, not to clean one up).
 */
function teardownSpec(args: SynthArgs, spec: Record<string, unknown>): Record<string, unknown> {
  const host = spec.host;
  if (args.tenantHost !== undefined || (typeof host === 'string' && host !== '')) return spec;
  return { ...spec, tenant: { ...(spec.tenant as object), host: TEARDOWN_HOST_PLACEHOLDER } };
}

/** Reads standard input once and hands the same bytes to every later reader (`diff` reads the values twice). */
function onceStdin(stdin: StdinReader): StdinReader {
  let bytes: Buffer | undefined;
  return (limit) => (bytes ??= stdin(limit));
}

/**
 * `diff`: the same values rendered on both platform releases, compared object by object (src/cli/diff.ts). Problems
 * of either side are reported, each naming its release, and nothing is printed.
 */
function runDiff(args: SynthArgs, io: CliIo): number {
  const stdin = onceStdin(io.stdin ?? readProcessStdin);
  const releases = [args.fromRelease!, args.toRelease!] as const;
  const problems: SpecProblem[] = [];
  const renders = releases.map((release) => {
    const side: SpecProblem[] = [];
    try {
      const spec = cliSpec({ ...args, platformRelease: release }, side, stdin);
      if (spec !== undefined) return clusterObjects(renderResolvedCluster(resolveSpec(spec)));
    } catch (e) {
      if (!(e instanceof SpecValidationError)) throw e;
      side.push(...e.problems);
    }
    for (const p of side) {
      const message = `${p.message} (rendering for platform release ${release})`;
      if (!problems.some((q) => q.path === p.path && q.message.startsWith(p.message))) problems.push({ ...p, message });
    }
    return undefined;
  });
  if (problems.length > 0 || renders[0] === undefined || renders[1] === undefined) return report(io, problems);
  io.stdout(formatDiff(diffRenders(renders[0], renders[1]), `platform release ${releases[0]}`, `platform release ${releases[1]}`));
  return EXIT_OK;
}

/** `teardown CLUSTER_FILE...`: the cleanup Jobs of every cluster description, in fleet's format. */
function runTeardownFiles(args: SynthArgs, io: CliIo): number {
  const problems: SpecProblem[] = [];
  const clusters = resolveFleet(readFleet(args.clusterFiles, problems), problems);
  if (problems.length > 0) return report(io, problems);
  if (clusters.length === 0) {
    return report(io, [
      {
        path: args.clusterFiles.join(' '),
        value: args.clusterFiles.length === 1 ? args.clusterFiles[0] : args.clusterFiles,
        message: 'holds no cluster description (no YAML document)',
      },
    ]);
  }
  const objects = clusters.flatMap((c) => renderTeardown(c.cluster, { helmHook: args.teardownHook || c.cluster.teardown.helmHook }));
  io.stdout(toYaml(objects));
  return EXIT_OK;
}

/**
 * `fleet`: reads and validates every cluster, then prints them all or writes one file per cluster. Problems with the
 * input, the output directory or the disk are exit status 2 with one line each, and leave the output as it was.
 */
async function runFleet(args: FleetArgs, io: CliIo): Promise<number> {
  const problems: SpecProblem[] = [];
  const clusters = resolveFleet(readFleet(args.inputs, problems, { followSymlinks: args.followSymlinks }), problems);
  if (problems.length > 0) return report(io, problems);
  if (clusters.length === 0 && !args.allowEmpty) {
    // A mistyped path must not empty the output (in a GitOps repository that prunes, every cluster would go).
    return report(io, [
      {
        path: args.inputs.join(' '),
        value: args.inputs.length === 1 ? args.inputs[0] : args.inputs,
        message:
          'holds no cluster description (no YAML document in any *.yaml or *.yml file): check the path, or pass --allow-empty to render an empty fleet',
      },
    ]);
  }
  const notes: string[] = [];
  const threads = { jobs: fleetJobs(args.jobs, clusters.length, notes) };
  const result =
    args.outputDir === undefined
      ? await printFleet(clusters, threads, args.dryRun)
      : await writeFleet(args.outputDir, clusters, threads, { dryRun: args.dryRun });
  notes.push(...result.notes);
  const noteLines = notes.map((n) => `fleet: ${n}\n`).join('');
  if (result.problems.length > 0) {
    io.stderr(noteLines);
    return report(io, result.problems);
  }
  // Rendered in full before printing, so a failure prints nothing.
  if (result.yaml) io.stdout(result.yaml.join('---\n'));
  io.stderr(`${noteLines}${fleetSummary(args, result.counts!)}\n`);
  return EXIT_OK;
}

/** Entry point of `bin/tenant-kubernetes.js`; sets the exit status when done. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  let status: number;
  try {
    status = await run(argv, { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
  } catch (e) {
    process.stderr.write(
      `tenant-kubernetes: unexpected failure (a bug in tenant-kubernetes, not in your input: please report it with this output):\n${(e as Error).stack ?? String(e)}\n`,
    );
    status = EXIT_FAILURE;
  }
  process.exitCode = status;
}
