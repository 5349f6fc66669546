// `tenant-kubernetes fleet`: every tenant cluster of a platform repository in one run. Each input document is a
// whole cluster description (the library's TenantKubernetesClusterSpec: name, tenant and the rest), so one file
// can hold one cluster or many. Everything is read and validated before anything is written.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPlainObject } from '../spec/checks';
import { SpecValidationError, type SpecProblem } from '../spec/errors';
import { resolveSpec } from '../spec/validate';
import { renderFleet, type FleetRenderOptions, type ValidatedCluster } from './fleet-render';
import { readYamlDocuments } from './yaml-input';

/** Marks a directory as written by `fleet`: its `<namespace>/<name>.yaml` files are replaced on every run. */
export const FLEET_MARKER = '.tenant-kubernetes-fleet';

export interface FleetArgs {
  readonly command: 'fleet';
  /** Files and directories (searched for `*.yaml` and `*.yml`) holding cluster descriptions. */
  readonly inputs: readonly string[];
  /** Write `<dir>/<namespace>/<name>.yaml` per cluster instead of printing every cluster. */
  readonly outputDir: string | undefined;
  /** Threads to render on (`--jobs`); `undefined`: one per core, as far as the fleet keeps them busy. */
  readonly jobs: number | undefined;
}

/** One cluster description read from the inputs. */
export interface FleetEntry {
  /** `file` or `file#N` (the N-th document of a multi-document file). */
  readonly source: string;
  readonly spec: unknown;
}

/** A validated cluster and where it came from. */
export interface FleetCluster extends ValidatedCluster {
  readonly source: string;
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(path));
    else if (/\.ya?ml$/.test(e.name)) out.push(path);
  }
  return out;
}

/** Every cluster description in the inputs, in order; unreadable inputs and YAML errors become problems. */
export function readFleet(inputs: readonly string[], problems: SpecProblem[]): FleetEntry[] {
  const files: string[] = [];
  for (const input of inputs) {
    let isDir: boolean;
    try {
      isDir = statSync(input).isDirectory();
    } catch (e) {
      problems.push({ path: input, value: input, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      continue;
    }
    files.push(...(isDir ? yamlFiles(input) : [input]));
  }
  const entries: FleetEntry[] = [];
  for (const file of files) {
    const docs = readYamlDocuments(file, problems, 'cluster file') ?? [];
    docs.forEach((spec, i) => {
      const source = docs.length > 1 ? `${file}#${i + 1}` : file;
      if (spec === null || spec === undefined) return; // an empty document (e.g. a trailing `---`)
      if (isPlainObject(spec)) entries.push({ source, spec });
      else problems.push({ path: source, value: spec, message: 'a cluster description must be a YAML mapping' });
    });
  }
  return entries;
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

/** Why `fleet` may not write into `dir`, or `undefined` when it may (absent, empty, or an earlier fleet output). */
export function outputDirProblem(dir: string): SpecProblem | undefined {
  if (!existsSync(dir)) return undefined;
  if (!statSync(dir).isDirectory()) return { path: '--output-dir', value: dir, message: 'is not a directory' };
  const contents = readdirSync(dir);
  if (contents.length === 0 || contents.includes(FLEET_MARKER)) return undefined;
  return { path: '--output-dir', value: dir, message: `holds files not written by tenant-kubernetes fleet (no ${FLEET_MARKER}); choose a new or empty directory` };
}

/** Removes an earlier run's `<namespace>/<name>.yaml` files (and namespace directories left empty). */
function clearEarlierOutput(dir: string): void {
  for (const ns of readdirSync(dir, { withFileTypes: true })) {
    // Namespaces never start with a dot: those entries (the staging directory) are not earlier output.
    if (!ns.isDirectory() || ns.name.startsWith('.')) continue;
    const nsDir = join(dir, ns.name);
    for (const f of readdirSync(nsDir, { withFileTypes: true })) if (f.isFile() && f.name.endsWith('.yaml')) rmSync(join(nsDir, f.name));
    if (readdirSync(nsDir).length === 0) rmdirSync(nsDir);
  }
}

/** How `fleet` renders: threads (and, for tests, the worker script). */
export type FleetThreads = Omit<FleetRenderOptions, 'output'>;

/** Every cluster's YAML, in fleet order, as `synth` prints each. */
export function fleetYaml(clusters: readonly FleetCluster[], threads: FleetThreads): Promise<string[]> {
  return renderFleet(clusters, threads);
}

/**
 * Writes every cluster's YAML to `<dir>/<namespace>/<name>.yaml`, replacing an earlier run's files (clusters no longer
 * in the fleet disappear). The clusters are rendered on `threads.jobs` threads, each writing the clusters it renders
 * into a staging directory inside `dir` at once (memory stays flat however many clusters there are); only when all
 * are written do they replace the earlier output. If anything fails, the staging directory is removed and the
 * earlier output is untouched.
 * @returns the files written, relative to `dir`, in order
 */
export async function writeFleet(dir: string, clusters: readonly FleetCluster[], threads: FleetThreads): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const staging = mkdtempSync(join(dir, '.staging-'));
  const files = clusters.map(({ cluster }) => join(cluster.namespace, `${cluster.name}.yaml`));
  try {
    await renderFleet(clusters, { ...threads, output: { staging, files } });
    clearEarlierOutput(dir);
    writeFileSync(join(dir, FLEET_MARKER), 'Written by `tenant-kubernetes fleet`: the <namespace>/<name>.yaml files here are replaced on every run.\n');
    for (const file of files) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      renameSync(join(staging, file), join(dir, file));
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return files;
}
