// Rendering a fleet on every core: the main thread and `jobs - 1` worker threads take clusters one at a time from a
// shared counter (whoever is free takes the next), so a slow start or a big cluster never leaves a core idle. Each
// cluster's YAML depends on its description only, so the bytes are the same whichever thread renders it.
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { clusterObjects, renderResolvedCluster } from '../render/cluster';
import { toYaml } from '../render/yaml';
import { SpecValidationError, type SpecProblem } from '../spec/errors';
import type { ResolvedCluster } from '../spec/resolved';
import { resolveSpec } from '../render/resolve';
import { faultPoint } from './fleet-fault';
import { isSystemError, sha256, writeNewFile } from './fleet-fs';

/** Below this many clusters per thread, starting a worker (loading the library, warming up) costs more than it saves. */
export const CLUSTERS_PER_JOB = 100;

/** The threads to use when `--jobs` is not given: one per core, and no more than the fleet keeps busy. */
export function defaultJobs(clusters: number, cores: number = availableParallelism()): number {
  return Math.max(1, Math.min(cores, Math.floor(clusters / CLUSTERS_PER_JOB)));
}

/** What becomes of each cluster's YAML. */
export type FleetOutput =
  /** Handed back. */
  | { readonly kind: 'yaml' }
  /** Only its SHA-256 is handed back (a dry run). */
  | { readonly kind: 'hash' }
  /** Written to `staging/files[i]` (a new file, flushed), and its SHA-256 handed back. */
  | { readonly kind: 'files'; readonly staging: string; readonly files: readonly string[] };

/** What every thread gets: the whole fleet and the counter they take clusters from. */
export interface FleetJob {
  /** Validated cluster descriptions (plain data; each thread resolves the ones it takes). */
  readonly specs: readonly unknown[];
  /** One Int32: the index of the next cluster to take. */
  readonly next: SharedArrayBuffer;
  readonly output: FleetOutput;
}

/**
 * Why a cluster could not be rendered or written. The description passed validation, so `invalid` (a check made only
 * while rendering) and `error` (anything else thrown) are reported against it; `io` is the environment's (ENOSPC).
 */
export type RenderFailure =
  | { readonly kind: 'invalid'; readonly problems: readonly SpecProblem[] }
  | { readonly kind: 'error'; readonly name: string; readonly message: string }
  | { readonly kind: 'io'; readonly code: string };

/** A worker's message about cluster `index`. (A worker that breaks down is its `error` or `exit` event.) */
export type FleetWorkerMessage =
  | { readonly index: number; readonly yaml: string }
  | { readonly index: number; readonly sha256: string }
  | { readonly index: number; readonly failure: RenderFailure };

function renderFailure(e: unknown): RenderFailure {
  if (e instanceof SpecValidationError) return { kind: 'invalid', problems: e.problems.map((p) => ({ ...p })) };
  const error = e instanceof Error ? e : new Error(String(e));
  // The first line only: a message is the renderer's, but a long one is cut rather than risk echoing input at length.
  const message = error.message.split('\n')[0];
  return { kind: 'error', name: error.name, message: message.length > 200 ? `${message.slice(0, 197)}...` : message };
}

/** Makes every thread stop taking clusters. */
function stopAll(job: FleetJob): void {
  Atomics.store(new Int32Array(job.next), 0, job.specs.length);
}

/**
 * Renders clusters of `job` until none are left, telling `emit` about each. A cluster that fails to render is reported
 * and the others go on (so every failure is listed, the same whatever the threads); a failure to write stops every
 * thread. `resolved`: the clusters already resolved in this thread (the others resolve the descriptions they take).
 */
export function renderShare(job: FleetJob, emit: (message: FleetWorkerMessage) => void, resolved?: readonly ResolvedCluster[]): void {
  const next = new Int32Array(job.next);
  const made = new Set<string>();
  const { output } = job;
  for (let i = Atomics.add(next, 0, 1); i < job.specs.length; i = Atomics.add(next, 0, 1)) {
    let yaml: string;
    try {
      yaml = toYaml(clusterObjects(renderResolvedCluster(resolved?.[i] ?? resolveSpec(job.specs[i]))));
    } catch (e) {
      emit({ index: i, failure: renderFailure(e) });
      continue;
    }
    if (output.kind === 'yaml') {
      emit({ index: i, yaml });
      continue;
    }
    if (output.kind === 'files') {
      const file = join(output.staging, output.files[i]);
      try {
        const dir = dirname(file);
        if (!made.has(dir)) {
          mkdirSync(dir, { recursive: true });
          made.add(dir);
        }
        faultPoint('write', file);
        // Written at once: writing asynchronously (rendering on while the kernel creates the file) measured no faster
        // on one thread and slower on two.
        writeNewFile(file, yaml);
      } catch (e) {
        if (!isSystemError(e)) throw e;
        stopAll(job);
        emit({ index: i, failure: { kind: 'io', code: e.code } });
        return;
      }
    }
    emit({ index: i, sha256: sha256(yaml) });
  }
}

/** How to render a fleet. */
export interface FleetRenderOptions {
  /** Threads, this one included. */
  readonly jobs: number;
  /** @default handed back ({ kind: 'yaml' }) */
  readonly output?: FleetOutput;
  /**
   * The worker threads' script (tests give one that fails).
   * @default fleet-worker.js next to this module (the compiled one: workers run the built library)
   */
  readonly workerScript?: string;
}

/** A rendered fleet: per cluster, in fleet order, its YAML or its SHA-256 (as the output asked), and the failures. */
export interface RenderedFleet {
  /** Each cluster's YAML (`yaml` output only). */
  readonly yaml: readonly string[];
  /** Each cluster's SHA-256 (`hash` and `files` output). */
  readonly sha256: readonly string[];
  /** The clusters that failed, in fleet order; when any did, the other arrays are incomplete. */
  readonly failures: ReadonlyArray<{ readonly index: number; readonly failure: RenderFailure }>;
}

function runWorker(script: string, job: FleetJob, emit: (message: FleetWorkerMessage) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      if (error) {
        stopAll(job);
        reject(error);
      } else {
        resolve();
      }
    };
    const worker = new Worker(script, { workerData: job });
    worker.on('message', emit);
    worker.on('error', (e) => settle(e));
    // Its messages all arrive before `exit`; it exits with 0 once no cluster is left to take.
    worker.on('exit', (code) => settle(code === 0 ? undefined : new Error(`a fleet worker exited with code ${code}`)));
  });
}

/** A validated cluster: its description as read (what worker threads are given: plain data) and as resolved here. */
export interface ValidatedCluster {
  readonly spec: unknown;
  readonly cluster: ResolvedCluster;
}

/**
 * Renders every cluster of the fleet on `jobs` threads (this one included). Settles only once every thread has
 * stopped, so nothing is still writing then. A cluster that fails is a {@link RenderedFleet.failures} entry; a thread
 * that breaks down (a bug) rejects. This thread renders from the resolved clusters; workers resolve the descriptions
 * again (a `ResolvedCluster` holds functions, which cannot be sent to a thread).
 */
export async function renderFleet(clusters: readonly ValidatedCluster[], options: FleetRenderOptions): Promise<RenderedFleet> {
  const { jobs, output = { kind: 'yaml' }, workerScript = join(__dirname, 'fleet-worker.js') } = options;
  const specs = clusters.map((c) => c.spec);
  const resolved = clusters.map((c) => c.cluster);
  const job: FleetJob = { specs, next: new SharedArrayBuffer(4), output };
  const yaml = new Array<string>(output.kind === 'yaml' ? specs.length : 0);
  const hashes = new Array<string>(output.kind === 'yaml' ? 0 : specs.length);
  const failures: Array<{ index: number; failure: RenderFailure }> = [];
  const emit = (m: FleetWorkerMessage) => {
    if ('yaml' in m) yaml[m.index] = m.yaml;
    else if ('sha256' in m) hashes[m.index] = m.sha256;
    else failures.push(m);
  };
  const workers = Array.from({ length: Math.min(jobs, specs.length) - 1 }, () => runWorker(workerScript, job, emit));
  let failure: unknown;
  try {
    renderShare(job, emit, resolved);
  } catch (e) {
    failure = e;
    stopAll(job);
  }
  const ended = await Promise.allSettled(workers);
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- what renderShare threw, rethrown as it came
  if (failure !== undefined) throw failure;
  for (const e of ended) if (e.status === 'rejected') throw e.reason;
  failures.sort((a, b) => a.index - b.index);
  return { yaml, sha256: hashes, failures };
}
