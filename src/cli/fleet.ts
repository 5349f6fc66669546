// `tenant-kubernetes fleet`: every tenant cluster of a platform repository in one run. Each input document is a
// whole cluster description (the library's TenantKubernetesClusterSpec: name, tenant and the rest), so one file
// can hold one cluster or many. Everything is read, validated and rendered before anything is written; with
// --output-dir the new output then replaces the earlier one all at once or not at all (fleet-commit.ts), under a lock
// (fleet-lock.ts), and only files fleet wrote itself are replaced or deleted (fleet-marker.ts, fleet-inspect.ts).
import { mkdirSync, rmSync, rmdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { SpecValidationError, type SpecProblem } from '../spec/errors';
import { resolveSpec } from '../render/resolve';
import { SwapFailure, commitSwap, planSwap, recoverOutputDir, type SwapPlan } from './fleet-commit';
import { isSystemError } from './fleet-fs';
import type { FleetEntry } from './fleet-input';
import { inspectOutputDir, outputPathProblem, type Inspection } from './fleet-inspect';
import { lockOutputDir, peekLock } from './fleet-lock';
import { FLEET_WORK, fleetFile } from './fleet-marker';
import { defaultJobs, renderFleet, type FleetOutput, type FleetRenderOptions, type RenderedFleet, type ValidatedCluster } from './fleet-render';

export { readFleet, type FleetEntry, type FleetInputOptions } from './fleet-input';
export { FLEET_MARKER } from './fleet-marker';

export interface FleetArgs {
  readonly command: 'fleet';
  /** Files and directories (searched for `*.yaml` and `*.yml`) holding cluster descriptions. */
  readonly inputs: readonly string[];
  /** Write `<dir>/<namespace>/<name>.yaml` per cluster instead of printing every cluster. */
  readonly outputDir: string | undefined;
  /** Threads to render on (`--jobs`, at most one per core); `undefined`: one per core, as far as the fleet keeps them busy. */
  readonly jobs: number | undefined;
  /** Render and check everything, print the summary, change nothing (`--dry-run`). */
  readonly dryRun: boolean;
  /** Zero clusters found is not an error (`--allow-empty`): the output directory is emptied. */
  readonly allowEmpty: boolean;
  /** Follow symbolic links in input directories wherever they point (`--follow-symlinks`). */
  readonly followSymlinks: boolean;
}

/** A validated cluster and where it came from. */
export interface FleetCluster extends ValidatedCluster {
  readonly source: string;
}

/** Validates every description; problems name their source. Two descriptions of one cluster are a problem too. */
export function resolveFleet(entries: readonly FleetEntry[], problems: SpecProblem[]): FleetCluster[] {
  const clusters: FleetCluster[] = [];
  const seen = new Map<string, string>();
  for (const { source, spec } of entries) {
    try {
      const cluster = resolveSpec(spec);
      const id = `${cluster.namespace}/${cluster.name}`;
      const first = seen.get(id);
      if (first !== undefined) {
        problems.push({ path: `${source}: name`, value: cluster.name, message: `describes tenant cluster ${id} again (first in ${first})` });
        continue;
      }
      seen.set(id, source);
      clusters.push({ source, spec, cluster });
    } catch (e) {
      if (!(e instanceof SpecValidationError)) throw e;
      for (const p of e.problems) problems.push({ ...p, path: `${source}: ${p.path || '(document)'}` });
    }
  }
  return clusters;
}

/** The threads to render on: `--jobs`, but never more than the cores (more would only compete for them). */
export function fleetJobs(requested: number | undefined, clusters: number, notes: string[], cores = availableParallelism()): number {
  if (requested === undefined) return defaultJobs(clusters, cores);
  if (requested <= cores) return requested;
  notes.push(
    `--jobs ${requested} is more than the ${cores} core${cores === 1 ? '' : 's'} here: rendering on ${cores} thread${cores === 1 ? '' : 's'}`,
  );
  return cores;
}

/** How `fleet` renders: threads (and, for tests, the worker script). */
export type FleetThreads = Omit<FleetRenderOptions, 'output'>;

/** What a run did (or, for a dry run, would do) to the output. */
export interface FleetCounts {
  readonly clusters: number;
  readonly added: number;
  readonly changed: number;
  readonly unchanged: number;
  readonly removed: number;
}

/** The outcome of a fleet run that did not break down. */
export interface FleetResult {
  /** Why it stopped (exit status 2); when there are any, the output is as it was before the run. */
  readonly problems: readonly SpecProblem[];
  /** What the user should know besides (stderr). */
  readonly notes: readonly string[];
  /** Every cluster's YAML, in fleet order (printing, not a dry run). */
  readonly yaml?: readonly string[];
  /** The output directory's changes (with an output directory, on success). */
  readonly counts?: FleetCounts;
}

const EXPLAINED: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  EIO: 'input/output error',
  EXDEV: 'the output directory spans file systems: is a namespace directory a mount point?',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'a path is too long',
};

function explain(e: NodeJS.ErrnoException & { code: string }): string {
  return `${e.code}: ${EXPLAINED[e.code] ?? e.message.replace(/^[A-Z0-9]+: /, '').split(',')[0]}${e.path ? `, at ${e.path}` : ''}`;
}

/** Failures of rendering as problems: against the cluster's file and document, or against the directory (I/O). */
function renderProblems(clusters: readonly FleetCluster[], rendered: RenderedFleet, dir: string | undefined): SpecProblem[] {
  const problems: SpecProblem[] = [];
  for (const { index, failure } of rendered.failures) {
    const source = clusters[index].source;
    if (failure.kind === 'invalid') {
      for (const p of failure.problems) problems.push({ ...p, path: `${source}: ${p.path || '(document)'}` });
    } else if (failure.kind === 'error') {
      problems.push({
        path: source,
        value: failure.name,
        message: `cannot be rendered: ${failure.message} (it passed validation, so this is a bug in tenant-kubernetes: please report it)`,
      });
    } else if (problems.every((p) => p.path !== dir)) {
      problems.push({
        path: dir ?? '.',
        value: failure.code,
        message: `cannot write the new output: ${failure.code}: ${EXPLAINED[failure.code] ?? 'system error'}; the earlier output is unchanged`,
      });
    }
  }
  return problems;
}

/** `fleet` without an output directory: every cluster's YAML, in fleet order (nothing for a dry run). */
export async function printFleet(clusters: readonly FleetCluster[], threads: FleetThreads, dryRun = false): Promise<FleetResult> {
  const output: FleetOutput = dryRun ? { kind: 'hash' } : { kind: 'yaml' };
  const rendered = await renderFleet(clusters, { ...threads, output });
  const problems = renderProblems(clusters, rendered, undefined);
  return problems.length > 0
    ? { problems, notes: [] }
    : {
        problems,
        notes: [],
        ...(dryRun ? {} : { yaml: rendered.yaml }),
        counts: { clusters: clusters.length, added: 0, changed: 0, unchanged: 0, removed: 0 },
      };
}

function countsOf(plan: SwapPlan, clusters: number): FleetCounts {
  return { clusters, added: plan.added.length, changed: plan.changed.length, unchanged: plan.unchanged.length, removed: plan.removed.length };
}

/** The problems a failed swap leaves (the output was put back, or the journal says how to). */
function swapProblems(dir: string, e: SwapFailure): SpecProblem[] {
  if (!isSystemError(e.failure)) throw e.failure;
  const failed = explain(e.failure);
  if (e.restore === undefined) {
    return [{ path: dir, value: e.failure.code, message: `could not replace the output (${failed}); the earlier output was put back unchanged` }];
  }
  if (e.restore.problems) {
    return [
      { path: dir, value: e.failure.code, message: `could not replace the output (${failed}), and could not put the earlier output back either:` },
      ...e.restore.problems,
    ];
  }
  const error = e.restore.error;
  if (!isSystemError(error)) throw error;
  return [
    {
      path: dir,
      value: error.code,
      message: `could not replace the output (${failed}), and putting the earlier output back failed too (${explain(error)}): the marker keeps the journal, and once the cause is fixed the next fleet run puts the earlier output back first`,
    },
  ];
}

/** A dry run of {@link writeFleet}: the same checks and counts, without the lock and without changing anything. */
async function dryRunFleet(dir: string, clusters: readonly FleetCluster[], threads: FleetThreads): Promise<FleetResult> {
  const notes: string[] = [];
  const pathProblem = outputPathProblem(dir);
  if (pathProblem) return { problems: [pathProblem], notes };
  const lock = peekLock(dir);
  if (lock.problem) return { problems: [lock.problem], notes };
  if (lock.note) notes.push(lock.note);
  const inspection = inspectOutputDir(dir, new Set(clusters.map(({ cluster }) => fleetFile(cluster.namespace, cluster.name))));
  if (inspection.problems.length > 0) return { problems: inspection.problems, notes };
  if (inspection.marker?.swap)
    notes.push(`a fleet run was interrupted in ${dir}: a run without --dry-run first puts the earlier output back (the counts are against it)`);
  const rendered = await renderFleet(clusters, { ...threads, output: { kind: 'hash' } });
  const problems = renderProblems(clusters, rendered, dir);
  if (problems.length > 0) return { problems, notes };
  const plan = planSwap(inspection, new Map(clusters.map(({ cluster }, i) => [fleetFile(cluster.namespace, cluster.name), rendered.sha256[i]])));
  return { problems, notes, counts: countsOf(plan, clusters.length) };
}

/** Renders into the work directory and swaps the result in; the lock is held and the directory recovered. */
async function stageAndSwap(
  dir: string,
  inspection: Inspection,
  clusters: readonly FleetCluster[],
  threads: FleetThreads,
  notes: string[],
): Promise<FleetResult> {
  const work = join(dir, FLEET_WORK);
  const staging = join(work, 'new');
  const files = clusters.map(({ cluster }) => fleetFile(cluster.namespace, cluster.name));
  mkdirSync(work);
  let plan: SwapPlan;
  try {
    mkdirSync(staging);
    const rendered = await renderFleet(clusters, { ...threads, output: { kind: 'files', staging, files } });
    const problems = renderProblems(clusters, rendered, dir);
    if (problems.length > 0) {
      rmSync(work, { recursive: true, force: true });
      return { problems, notes };
    }
    plan = planSwap(inspection, new Map(files.map((f, i) => [f, rendered.sha256[i]])));
    if (plan.upToDate) {
      rmSync(work, { recursive: true, force: true });
      return { problems, notes, counts: countsOf(plan, clusters.length) };
    }
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
  try {
    commitSwap(dir, plan, notes);
  } catch (e) {
    if (e instanceof SwapFailure) return { problems: swapProblems(dir, e), notes };
    // Failed before the journal (writing the markers): the output is untouched.
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
  return { problems: [], notes, counts: countsOf(plan, clusters.length) };
}

/** Removes the directories `mkdir -p` created (from `dir` up to `first`), if they are empty. */
function removeCreated(dir: string, first: string | undefined): void {
  if (first === undefined) return;
  const stop = dirname(resolve(first));
  for (let d = resolve(dir); d !== stop && d !== dirname(d); d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return;
    }
  }
}

/**
 * Writes every cluster's YAML to `<dir>/<namespace>/<name>.yaml`, replacing the earlier output: a cluster no longer in
 * the fleet loses its file, unchanged files are left as they are. The clusters are rendered on `threads.jobs`
 * threads, each writing the clusters it renders into the work directory at once (memory stays flat however many
 * clusters there are); only when all are written does the swap start (see fleet-commit.ts). Problems (the directory
 * is refused, locked, a cluster cannot be rendered, the disk is full) leave the output as it was. Rejects only on a
 * bug, after putting the earlier output back.
 */
export async function writeFleet(
  dir: string,
  clusters: readonly FleetCluster[],
  threads: FleetThreads,
  options: { readonly dryRun?: boolean } = {},
): Promise<FleetResult> {
  if (options.dryRun) return dryRunFleet(dir, clusters, threads);
  const notes: string[] = [];
  const pathProblem = outputPathProblem(dir);
  if (pathProblem) return { problems: [pathProblem], notes };
  let created: string | undefined;
  let result: FleetResult | undefined;
  try {
    created = mkdirSync(dir, { recursive: true });
    const lock = lockOutputDir(dir);
    if ('path' in lock) return (result = { problems: [lock], notes });
    notes.push(...lock.notes);
    try {
      let recovery;
      try {
        recovery = recoverOutputDir(dir);
      } catch (e) {
        if (!isSystemError(e)) throw e;
        return (result = {
          problems: [
            {
              path: dir,
              value: e.code,
              message: `could not put back the output of an interrupted fleet run (${explain(e)}): its marker keeps the journal, and once the cause is fixed the next run does it`,
            },
          ],
          notes,
        });
      }
      notes.push(...recovery.notes);
      if (recovery.problems.length > 0) return (result = { problems: recovery.problems, notes });
      const inspection = inspectOutputDir(dir, new Set(clusters.map(({ cluster }) => fleetFile(cluster.namespace, cluster.name))));
      if (inspection.problems.length > 0) return (result = { problems: inspection.problems, notes });
      return (result = await stageAndSwap(dir, inspection, clusters, threads, notes));
    } finally {
      try {
        lock.release();
      } catch (e) {
        // eslint-disable-next-line no-unsafe-finally -- an error that is not the system's is a bug: rethrown, even over the run's own
        if (!isSystemError(e)) throw e;
        notes.push(`could not remove the lock (${explain(e)}): the next run takes it over`);
      }
    }
  } catch (e) {
    if (!isSystemError(e)) throw e;
    return (result = {
      problems: [{ path: dir, value: e.code, message: `cannot write the output (${explain(e)}); the earlier output is unchanged` }],
      notes,
    });
  } finally {
    // A directory this run created for an output that did not come about goes again.
    if (result === undefined || result.problems.length > 0) removeCreated(dir, created);
  }
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

/** The line a successful run prints on stderr: clusters rendered, and files written (added, changed), kept, removed. */
export function fleetSummary(args: Pick<FleetArgs, 'outputDir' | 'dryRun'>, counts: FleetCounts): string {
  const head = `fleet${args.dryRun ? ' --dry-run' : ''}: ${plural(counts.clusters, 'cluster')} rendered`;
  if (args.outputDir === undefined) return args.dryRun ? `${head}; nothing printed` : `${head} to stdout`;
  const written = counts.added + counts.changed;
  const files = `${plural(written, 'file')} ${args.dryRun ? 'to write' : 'written'} (${counts.added} added, ${counts.changed} changed), ${counts.unchanged} unchanged, ${counts.removed} ${args.dryRun ? 'to remove' : 'removed'}`;
  return `${head}; ${args.outputDir}: ${files}${args.dryRun ? '; nothing was changed' : ''}`;
}
