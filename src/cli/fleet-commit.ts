// How `fleet -o DIR` replaces its output: all or nothing, also when the process is killed at any moment.
//
// What rename(2) gives, on one file system: it is a single system call that happens entirely or not at all, even if
// the process dies; renaming a file onto an existing one replaces it at once (no process ever sees the name missing or
// a partial file); and it never copies data, so it cannot run out of space the way writing can. (It cannot replace a
// non-empty directory, and it fails with EXDEV across file systems: the work directory is inside DIR for that reason,
// and namespace directories are never swapped whole.) Durability through a power loss needs the files flushed before
// they are renamed and the directories flushed after: fleet does both.
//
// A run, holding the lock (fleet-lock.ts):
//   1. stage: render every cluster into DIR/.tenant-kubernetes-fleet.work/new/ (flushed), and write the markers it will
//      need into the work directory: everything that needs disk space is done here, while the output is untouched;
//   2. journal: rename a marker that still lists the earlier files but also records the swap (the new files and their
//      hashes, the namespace directories it creates) onto DIR/.tenant-kubernetes-fleet;
//   3. swap: move each earlier file that changes or goes away into work/old/, move each new or changed file into
//      place, remove namespace directories left empty (unchanged files are not touched);
//   4. commit: rename the marker listing the new files onto DIR/.tenant-kubernetes-fleet: the swap has happened;
//   5. clean: remove the work directory.
// Invariant during 3: every earlier file is either in place or in work/old/ (it is moved to the backup before anything
// takes its place), and every new file is either in work/new/ or in place. So from any point between 2 and 4 the
// earlier output can be put back: move every backup into place, delete the new files that had no earlier version,
// remove the directories the swap created, put the earlier marker back (by rename again). That rollback is what a
// failing rename triggers at once, and what the next run does first when it finds a marker with a journal (a run
// killed in 2–4); each of its steps looks at what is there, so a rollback that is itself interrupted is simply done
// again. A run killed before 2 leaves only the work directory, and one killed after 4 only the work directory too:
// the next run removes it. Between two runs, then, DIR holds either the earlier output or the new one, complete, or
// a journal saying which files to put back; and the first thing any later run does is put them back.
import { lstatSync, mkdirSync, renameSync, rmSync, rmdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { SpecProblem } from '../spec/errors';
import { faultPoint } from './fleet-fault';
import { hashRegularFile, readRegularFile, syncDir, writeNewFile } from './fleet-fs';
import type { Inspection } from './fleet-inspect';
import {
  FLEET_MARKER,
  FLEET_WORK,
  MAX_MARKER_BYTES,
  namespaceOf,
  parseMarker,
  serializeMarker,
  type FileHashes,
  type SwapJournal,
} from './fleet-marker';

/** What a run changes in the output directory. */
export interface SwapPlan {
  /** The files in place now (the marker's, unchanged). */
  readonly earlier: FileHashes;
  /** The files of the new output. */
  readonly next: FileHashes;
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly unchanged: readonly string[];
  readonly removed: readonly string[];
  /** Namespace directories the new files need that do not exist. */
  readonly createdDirs: readonly string[];
  /** Namespace directories all of whose files go: removed, unless the user keeps files of their own there. */
  readonly emptiedDirs: readonly string[];
  /** The directory has no marker yet. */
  readonly unmarked: boolean;
  /** Nothing to do at all: the files and the marker are already the new output. */
  readonly upToDate: boolean;
}

const sorted = (xs: Iterable<string>) => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Compares what the directory holds with the new output. */
export function planSwap(inspection: Inspection, next: FileHashes): SwapPlan {
  const earlier = inspection.present;
  const added: string[] = [];
  const changed: string[] = [];
  const unchanged: string[] = [];
  for (const [file, hash] of next) {
    const was = earlier.get(file);
    if (was === undefined) added.push(file);
    else (was === hash ? unchanged : changed).push(file);
  }
  const removed = sorted([...earlier.keys()].filter((f) => !next.has(f)));
  const nextDirs = new Set([...next.keys()].map(namespaceOf));
  const marker = inspection.marker;
  const markerIsNext =
    marker !== undefined && marker.swap === undefined && marker.files.size === next.size && [...next].every(([f, h]) => marker.files.get(f) === h);
  return {
    earlier,
    next,
    added: sorted(added),
    changed: sorted(changed),
    unchanged: sorted(unchanged),
    removed,
    createdDirs: sorted([...nextDirs].filter((d) => !inspection.dirs.has(d))),
    emptiedDirs: sorted(new Set(removed.map(namespaceOf).filter((d) => !nextDirs.has(d)))),
    unmarked: marker === undefined,
    upToDate: markerIsNext && added.length === 0 && changed.length === 0 && removed.length === 0,
  };
}

/** A swap that failed part-way, and what became of the earlier output. */
export class SwapFailure extends Error {
  public constructor(
    /** What failed (a system error, or a bug). */
    public readonly failure: unknown,
    /** Why the earlier output could not be put back, if it could not (`undefined`: it is back, complete). */
    public readonly restore?: { readonly error?: unknown; readonly problems?: readonly SpecProblem[] },
  ) {
    super(`the swap failed: ${(failure as Error)?.message ?? String(failure)}`);
    this.name = 'SwapFailure';
  }
}

const exists = (path: string) => lstatSync(path, { throwIfNoEntry: false }) !== undefined;

function syncAll(dirs: Iterable<string>): void {
  for (const d of new Set(dirs)) if (exists(d)) syncDir(d);
}

function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Not empty: the user keeps files of their own there. Gone already: a rollback done again.
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT') throw e;
  }
}

/**
 * Puts the output back as it was before a swap (see the top of this file): `earlier` and `swap` are what the journal
 * recorded. Returns problems (nothing done after the first of them) when the directory was changed by hand since the
 * swap was interrupted, so that putting a file back would overwrite someone's; throws system errors. Either way, the
 * journal stays in the marker until the rollback is complete.
 */
export function rollbackSwap(dir: string, earlier: FileHashes, swap: SwapJournal): SpecProblem[] {
  const work = join(dir, FLEET_WORK);
  const problems: SpecProblem[] = [];
  const touched = new Set<string>([dir]);
  const plan: Array<() => void> = [];
  for (const file of sorted(earlier.keys())) {
    const backup = join(work, 'old', file);
    if (!exists(backup)) continue; // never moved: still in place
    const target = join(dir, file);
    const nsDir = join(dir, namespaceOf(file));
    const ns = lstatSync(nsDir, { throwIfNoEntry: false });
    const there = hashRegularFile(target);
    if (ns !== undefined && !ns.isDirectory()) {
      problems.push({
        path: nsDir,
        value: ns.isSymbolicLink() ? 'symbolic link' : 'file',
        message: `is not the directory it was when a fleet run was interrupted, so ${file} cannot be put back: move it away and run again`,
      });
    } else if (typeof there === 'object' ? there.sha256 !== swap.files.get(file) && there.sha256 !== earlier.get(file) : there !== 'missing') {
      problems.push({
        path: target,
        value: typeof there === 'object' ? 'file' : there,
        message:
          'was changed by hand after a fleet run was interrupted, so the earlier file cannot be put back in its place: move it away and run again',
      });
    }
    plan.push(() => {
      faultPoint('restore', join(dir, file));
      mkdirSync(nsDir, { recursive: true });
      renameSync(backup, target); // replaces the new file at once, if it was in place
      touched.add(nsDir);
    });
  }
  for (const file of sorted(swap.files.keys())) {
    if (earlier.has(file)) continue;
    const target = join(dir, file);
    const there = hashRegularFile(target);
    // Only the file the swap put there (same hash) is deleted; anything else there is left to the inspection.
    if (typeof there === 'object' && there.sha256 === swap.files.get(file)) {
      plan.push(() => {
        faultPoint('restore', join(dir, file));
        unlinkSync(target);
        touched.add(join(dir, namespaceOf(file)));
      });
    }
  }
  if (problems.length > 0) return problems;
  for (const step of plan) step();
  for (const d of swap.createdDirs) removeIfEmpty(join(dir, d));
  syncAll(touched);
  faultPoint('unjournal', join(dir, FLEET_MARKER));
  if (swap.unmarked) {
    rmSync(join(dir, FLEET_MARKER), { force: true });
  } else {
    const prev = join(work, 'marker.prev');
    if (!exists(prev)) {
      mkdirSync(work, { recursive: true });
      writeNewFile(prev, serializeMarker({ files: earlier }));
    }
    renameSync(prev, join(dir, FLEET_MARKER));
  }
  syncDir(dir);
  rmSync(work, { recursive: true, force: true });
  return [];
}

/** What recovering the directory did. */
export interface Recovery {
  readonly notes: readonly string[];
  readonly problems: readonly SpecProblem[];
}

/**
 * Cleans up after a run that was killed (called holding the lock, before anything else): rolls back a swap its
 * marker records as under way, removes a work directory left behind. An unreadable marker is left to the inspection.
 */
export function recoverOutputDir(dir: string): Recovery {
  const bytes = readRegularFile(join(dir, FLEET_MARKER), MAX_MARKER_BYTES);
  const marker = typeof bytes === 'string' ? undefined : parseMarker(bytes.toString('utf8'));
  if (marker?.swap) {
    const problems = rollbackSwap(dir, marker.files, marker.swap);
    if (problems.length > 0) return { notes: [], problems };
    return { notes: [`rolled back the swap of a fleet run that was interrupted: ${dir} was put back as it was before that run`], problems: [] };
  }
  const work = join(dir, FLEET_WORK);
  if (!exists(work)) return { notes: [], problems: [] };
  rmSync(work, { recursive: true, force: true });
  return { notes: [`removed the work directory a killed fleet run left in ${dir}`], problems: [] };
}

/**
 * Swaps the staged files (in DIR/.tenant-kubernetes-fleet.work/new/) in as planned. On any failure before the commit
 * point the earlier output is put back at once and a {@link SwapFailure} is thrown. Failing to remove the work
 * directory after the commit point only adds a note (the next run removes it).
 */
export function commitSwap(dir: string, plan: SwapPlan, notes: string[]): void {
  const work = join(dir, FLEET_WORK);
  const staged = join(work, 'new');
  const backup = join(work, 'old');
  const marker = join(dir, FLEET_MARKER);
  const journal: SwapJournal = { files: plan.next, createdDirs: plan.createdDirs, unmarked: plan.unmarked };
  const outgoing = sorted([...plan.changed, ...plan.removed]);
  const incoming = sorted([...plan.added, ...plan.changed]);
  // 1. Everything that needs disk space, before the output is touched.
  mkdirSync(backup);
  for (const ns of new Set(outgoing.map(namespaceOf))) mkdirSync(join(backup, ns));
  writeNewFile(join(work, 'marker.prev'), serializeMarker({ files: plan.earlier }));
  writeNewFile(join(work, 'marker.next'), serializeMarker({ files: plan.next }));
  writeNewFile(join(work, 'marker.journal'), serializeMarker({ files: plan.earlier, swap: journal }));
  syncAll([...new Set(incoming.map(namespaceOf))].map((ns) => join(staged, ns)));
  syncAll([staged, ...[...new Set(outgoing.map(namespaceOf))].map((ns) => join(backup, ns)), backup, work]);
  try {
    // 2. The journal: from here on, an interruption is rolled back.
    faultPoint('journal', marker);
    renameSync(join(work, 'marker.journal'), marker);
    syncDir(dir);
    // 3. The swap.
    for (const file of outgoing) {
      faultPoint('backup', join(dir, file));
      renameSync(join(dir, file), join(backup, file));
    }
    const nsDirs = new Set<string>();
    for (const file of incoming) {
      const nsDir = join(dir, namespaceOf(file));
      faultPoint('place', join(dir, file));
      if (!nsDirs.has(nsDir)) {
        mkdirSync(nsDir, { recursive: true });
        nsDirs.add(nsDir);
      }
      renameSync(join(staged, file), join(dir, file));
    }
    for (const ns of plan.emptiedDirs) {
      faultPoint('prune', join(dir, ns));
      removeIfEmpty(join(dir, ns));
    }
    syncAll([...nsDirs, ...outgoing.map((f) => join(dir, namespaceOf(f))), ...outgoing.map((f) => join(backup, namespaceOf(f))), dir]);
    // 4. The commit point.
    faultPoint('commit', marker);
    renameSync(join(work, 'marker.next'), marker);
    syncDir(dir);
  } catch (failure) {
    try {
      const problems = rollbackSwap(dir, plan.earlier, journal);
      throw new SwapFailure(failure, problems.length > 0 ? { problems } : undefined);
    } catch (e) {
      if (e instanceof SwapFailure) throw e;
      throw new SwapFailure(failure, { error: e });
    }
  }
  // 5. Done: the rest is tidying up.
  try {
    faultPoint('clean', work);
    rmSync(work, { recursive: true, force: true });
  } catch (e) {
    notes.push(`could not remove ${work} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): the next run removes it`);
  }
}
