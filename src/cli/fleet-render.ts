// Rendering a fleet on every core: the main thread and `jobs - 1` worker threads take clusters one at a time from a
// shared counter (whoever is free takes the next), so a slow start or a big cluster never leaves a core idle. Each
// cluster's YAML depends on its description only, so the bytes are the same whichever thread renders it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { clusterObjects, renderResolvedCluster } from '../render/cluster';
import { toYaml } from '../render/yaml';
import type { ResolvedCluster } from '../spec/resolved';
import { resolveSpec } from '../spec/validate';

/** Below this many clusters per thread, starting a worker (loading the library, warming up) costs more than it saves. */
export const CLUSTERS_PER_JOB = 100;

/** The threads to use when `--jobs` is not given: one per core, and no more than the fleet keeps busy. */
export function defaultJobs(clusters: number, cores: number = availableParallelism()): number {
  return Math.max(1, Math.min(cores, Math.floor(clusters / CLUSTERS_PER_JOB)));
}

/** What every thread gets: the whole fleet and the counter they take clusters from. */
export interface FleetJob {
  /** Validated cluster descriptions (plain data; each thread resolves the ones it takes). */
  readonly specs: readonly unknown[];
  /** One Int32: the index of the next cluster to take. */
  readonly next: SharedArrayBuffer;
  /** Write cluster i to `staging/files[i]`; when absent, cluster i's YAML is handed back. */
  readonly staging?: string;
  readonly files?: readonly string[];
}

/** A worker's message: one cluster's YAML, handed back. (A failure is an uncaught error: the worker's `error` event.) */
export interface FleetWorkerMessage {
  readonly index: number;
  readonly yaml: string;
}

/**
 * Renders clusters of `job` until none are left; YAML that is not written to a file goes to `emit`. `resolved`: the
 * clusters already resolved in this thread (the others resolve the descriptions they take again).
 */
export function renderShare(job: FleetJob, emit: (index: number, yaml: string) => void, resolved?: readonly ResolvedCluster[]): void {
  const next = new Int32Array(job.next);
  const made = new Set<string>();
  for (let i = Atomics.add(next, 0, 1); i < job.specs.length; i = Atomics.add(next, 0, 1)) {
    const yaml = toYaml(clusterObjects(renderResolvedCluster(resolved?.[i] ?? resolveSpec(job.specs[i]))));
    if (job.staging === undefined || job.files === undefined) {
      emit(i, yaml);
      continue;
    }
    const file = join(job.staging, job.files[i]);
    const dir = dirname(file);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    // Written at once: writing asynchronously (rendering on while the kernel creates the file) measured no faster
    // on one thread and slower on two.
    writeFileSync(file, yaml);
  }
}

/** Makes every thread stop taking clusters. */
function stopAll(job: FleetJob): void {
  Atomics.store(new Int32Array(job.next), 0, job.specs.length);
}

/** How to render a fleet. */
export interface FleetRenderOptions {
  /** Threads, this one included. */
  readonly jobs: number;
  /** Write each cluster to `staging/files[i]` instead of returning its YAML. */
  readonly output?: { readonly staging: string; readonly files: readonly string[] };
  /**
   * The worker threads' script (tests give one that fails).
   * @default fleet-worker.js next to this module (the compiled one: workers run the built library)
   */
  readonly workerScript?: string;
}

function runWorker(script: string, job: FleetJob, emit: (index: number, yaml: string) => void): Promise<void> {
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
    worker.on('message', (m: FleetWorkerMessage) => emit(m.index, m.yaml));
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
 * Renders every cluster of the fleet on `jobs` threads (this one included). Each cluster's YAML is written to
 * `staging/files[i]` when those are given, otherwise returned in fleet order. Settles only once every thread has
 * stopped, so nothing is still writing then; rejects with the first failure (the other threads stop taking clusters).
 * This thread renders from the resolved clusters; workers resolve the descriptions again (a `ResolvedCluster` holds
 * functions, which cannot be sent to a thread).
 */
export async function renderFleet(clusters: readonly ValidatedCluster[], options: FleetRenderOptions): Promise<string[]> {
  const { jobs, output, workerScript = join(__dirname, 'fleet-worker.js') } = options;
  const specs = clusters.map((c) => c.spec);
  const resolved = clusters.map((c) => c.cluster);
  const job: FleetJob = { specs, next: new SharedArrayBuffer(4), ...output };
  const yamls = new Array<string>(output ? 0 : specs.length);
  const emit = (index: number, yaml: string) => {
    yamls[index] = yaml;
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
  if (failure !== undefined) throw failure;
  for (const e of ended) if (e.status === 'rejected') throw e.reason;
  return yamls;
}
