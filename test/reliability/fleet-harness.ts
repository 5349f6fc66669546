// What the fleet reliability tests share: the built CLI run as a child process (so it can be killed), two fleets
// whose switch exercises every kind of change, and a snapshot of a directory to compare trees byte for byte.
import { spawn } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toYaml } from '../../src/render/yaml';
import type { TenantKubernetesClusterSpec } from '../../src/spec/types';
import { fleetCluster } from '../bench/fleet';

const bin = join(__dirname, '../../bin/tenant-kubernetes.js');

/** What a run of the CLI did. */
export interface Run {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running CLI: its pid, and its end. */
export interface Started {
  readonly pid: number;
  readonly done: Promise<Run>;
}

/** Starts `tenant-kubernetes fleet ARGS` (the built CLI), with `fault` as TENANT_KUBERNETES_FLEET_FAULT. */
export function startFleet(args: readonly string[], fault?: string): Started {
  const env = { ...process.env };
  delete env.TENANT_KUBERNETES_FLEET_FAULT;
  if (fault !== undefined) env.TENANT_KUBERNETES_FLEET_FAULT = fault;
  const child = spawn(process.execPath, [bin, 'fleet', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
  return { pid: child.pid!, done };
}

/** Runs `tenant-kubernetes fleet ARGS` to its end. */
export function fleetRun(args: readonly string[], fault?: string): Promise<Run> {
  return startFleet(args, fault).done;
}

/** Resolves once process `pid` is stopped (SIGSTOP), as /proc says. */
export async function stopped(pid: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('T')) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`process ${pid} did not stop`);
}

/** A fresh directory for one test. */
export function scratch(name: string): string {
  return mkdtempSync(join(tmpdir(), `tk-${name}-`));
}

function cluster(i: number, version?: TenantKubernetesClusterSpec['version']): TenantKubernetesClusterSpec {
  const spec = fleetCluster(i);
  return version ? { ...spec, version } : spec;
}

/**
 * The earlier fleet: tenant-t0/c0, c1, c2 and tenant-t1/c0. The later one: tenant-t0/c1 changed, c2 unchanged, c3
 * added, tenant-t2/c0 added in a new namespace; tenant-t0/c0 and all of tenant-t1 removed. So the switch moves three
 * files out (backup #1–3), three in (place #1–3), and prunes one namespace directory.
 */
export const EARLIER = [cluster(0), cluster(1), cluster(2), cluster(20)];
export const LATER = [cluster(1, 'v1.33'), cluster(2), cluster(3), cluster(40)];

/** Writes a fleet into `dir/name`; returns the path. */
export function fleetFile(dir: string, name: string, specs: readonly TenantKubernetesClusterSpec[]): string {
  const path = join(dir, name);
  writeFileSync(path, toYaml(specs));
  return path;
}

/**
 * Every entry under `dir` (recursively, links not followed): files by content, links by target, directories as `/`,
 * other entries by kind.
 */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(dir, r));
      if (st.isSymbolicLink()) out[r] = `-> ${readlinkSync(join(dir, r))}`;
      else if (st.isDirectory()) {
        out[`${r}/`] = '';
        walk(r);
      } else if (!st.isFile())
        out[r] = `<${st.isFIFO() ? 'FIFO' : 'special'}>`; // never opened: a FIFO would block
      else out[r] = readFileSync(join(dir, r), 'utf8');
    }
  };
  walk('');
  return out;
}

/** The snapshot without fleet's own entries other than the marker (what a reader of the output sees). */
export function visible(dir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(snapshot(dir)).filter(([k]) => !k.startsWith('.tenant-kubernetes-fleet.')));
}

/** A tree as `fleet` writes it for `specs`, into a new directory under `dir` (to compare with). */
export async function expectedTree(dir: string, name: string, input: string): Promise<Record<string, string>> {
  const out = join(dir, name);
  const r = await fleetRun(['-o', out, input]);
  if (r.status !== 0) throw new Error(`fleet failed: ${r.stderr}`);
  return snapshot(out);
}

/** A copy of a snapshot as a directory. */
export function restore(tree: Record<string, string>, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const [rel, content] of Object.entries(tree)) {
    if (rel.endsWith('/')) mkdirSync(join(dir, rel), { recursive: true });
    else writeFileSync(join(dir, rel), content);
  }
}

/** The summary line a run with these numbers prints. */
export function summary(dir: string, clusters: number, added: number, changed: number, unchanged: number, removed: number): string {
  const files = added + changed;
  return `fleet: ${clusters} cluster${clusters === 1 ? '' : 's'} rendered; ${dir}: ${files} file${files === 1 ? '' : 's'} written (${added} added, ${changed} changed), ${unchanged} unchanged, ${removed} removed`;
}

/**
 * The earlier-to-later switch the fleet tests start from: both inputs in a new scratch directory, the complete
 * outputs fleet writes for each (rendered once, on first use), and new directories holding the earlier output.
 */
export function switchScenario(name: string) {
  const root = scratch(name);
  const earlierInput = fleetFile(root, 'earlier.yaml', EARLIER);
  const laterInput = fleetFile(root, 'later.yaml', LATER);
  let trees: Promise<[Record<string, string>, Record<string, string>]> | undefined;
  /** The complete earlier and later outputs, as fleet writes them into a new directory. */
  const expected = () =>
    (trees ??= Promise.all([expectedTree(root, 'expected-earlier', earlierInput), expectedTree(root, 'expected-later', laterInput)]));
  let n = 0;
  /** A new directory holding the earlier output, as a finished run left it. */
  const earlierOutput = async (): Promise<string> => {
    const dir = join(root, `out-${n++}`);
    restore((await expected())[0], dir);
    return dir;
  };
  return { root, earlierInput, laterInput, expected, earlierOutput };
}
