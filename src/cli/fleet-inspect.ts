// What `fleet -o DIR` finds in DIR before it writes, and why it may refuse to. fleet writes only
// DIR/<namespace>/<name>.yaml files and its own DIR/.tenant-kubernetes-fleet* entries; it looks at everything else
// only to make sure that replacing its files loses nothing of anyone's:
// - every YAML file (.yaml, .yml) under DIR must be one the marker lists, unchanged (same SHA-256): a changed or
//   extra one is refused, because fleet would overwrite or delete it, or a reader of DIR would apply it with them;
// - no symbolic link may be anywhere fleet looks (fleet never follows one, and a reader of DIR might);
// - other files (README.md, OWNERS, .gitkeep) are the user's: kept, never read, never deleted;
// - top-level entries whose names start with a dot (.git, .gitignore) are never looked into: no namespace starts
//   with a dot, so fleet never writes there.
// Without a marker, DIR must be new or hold nothing but such dot entries (so a mistyped -o never adopts a directory).
import { lstatSync, readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { SpecProblem } from '../spec/errors';
import { hashRegularFile, readRegularFile } from './fleet-fs';
import {
  FLEET_ENTRIES,
  FLEET_MARKER,
  FLEET_WORK,
  MAX_MARKER_BYTES,
  isLegacyMarker,
  namespaceOf,
  parseMarker,
  type FileHashes,
  type FleetMarker,
} from './fleet-marker';

/** At most this many differences are listed; the rest are counted. */
export const MAX_LISTED_DIFFERENCES = 20;

/** What the output directory holds. */
export interface Inspection {
  /** The directory exists. */
  readonly exists: boolean;
  /** Its marker, if it has a valid one. */
  readonly marker?: FleetMarker;
  /** The marker's files that are in place unchanged: the output as it is now. */
  readonly present: FileHashes;
  /** Its top-level directories (namespaces, or the user's). */
  readonly dirs: ReadonlySet<string>;
  /** Why fleet may not write it; empty when it may. */
  readonly problems: readonly SpecProblem[];
}

const YAML = /\.ya?ml$/;

function kind(e: Dirent): string {
  if (e.isSymbolicLink()) return 'symbolic link';
  if (e.isDirectory()) return 'directory';
  if (e.isFile()) return 'file';
  if (e.isFIFO()) return 'FIFO';
  if (e.isSocket()) return 'socket';
  return 'device';
}

function sortedEntries(dir: string): Dirent[] {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Why `dir` cannot be fleet's output directory by its path alone: a symbolic link as one of the components given (a
 * link could take the output anywhere; fleet writes only where the path says), or a file where a directory must be.
 */
export function outputPathProblem(dir: string): SpecProblem | undefined {
  const parts = dir.split('/').filter((p) => p !== '');
  let prefix = dir.startsWith('/') ? '/' : '';
  for (let i = 0; i < parts.length; i++) {
    prefix = prefix === '' || prefix === '/' ? `${prefix}${parts[i]}` : `${prefix}/${parts[i]}`;
    let st;
    try {
      st = lstatSync(prefix);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return undefined; // the rest is created
      return { path: prefix, value: code ?? 'error', message: 'cannot be read, so the output directory cannot be checked' };
    }
    if (st.isSymbolicLink()) {
      return {
        path: prefix,
        value: 'symbolic link',
        message:
          'is a symbolic link: fleet writes its output only where the path given says, never through a link (give the real path of the output directory)',
      };
    }
    if (!st.isDirectory()) {
      return i === parts.length - 1
        ? { path: '--output-dir', value: dir, message: 'is not a directory' }
        : { path: prefix, value: 'file', message: `is a file, so the output directory ${dir} cannot be under it` };
    }
  }
  return undefined;
}

/**
 * Where the files of an interrupted swap are to be found once it is rolled back (for a dry run, which does not roll it
 * back): each earlier file is in the backup if it was moved there, and a new file in place is deleted.
 */
function rollbackView(dir: string, swap: NonNullable<FleetMarker['swap']>, earlier: FileHashes) {
  return {
    location: (file: string) => {
      const backup = join(dir, FLEET_WORK, 'old', file);
      return lstatSync(backup, { throwIfNoEntry: false }) === undefined ? join(dir, file) : backup;
    },
    /** A file in place that the rollback deletes (a new one of the swap): not the user's. */
    isSwapped: (file: string, sha256: string) => !earlier.has(file) && swap.files.get(file) === sha256,
  };
}

/**
 * Reads `dir`'s marker and compares it with what `dir` holds. `wanted`: the files this run will write (a plain file
 * where one of their namespace directories must go, or a directory where one of them must go, is a problem too).
 */
export function inspectOutputDir(dir: string, wanted: ReadonlySet<string>): Inspection {
  const problems: SpecProblem[] = [];
  const present = new Map<string, string>();
  const dirs = new Set<string>();
  let top: Dirent[];
  try {
    top = sortedEntries(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { exists: false, present, dirs, problems };
    return { exists: true, present, dirs, problems: [{ path: dir, value: code ?? 'error', message: 'cannot be read' }] };
  }
  const output = top.filter((e) => !FLEET_ENTRIES.includes(e.name) && !e.name.startsWith('.'));
  const markerEntry = top.find((e) => e.name === FLEET_MARKER);
  if (markerEntry === undefined) {
    if (output.length > 0) {
      problems.push({
        path: '--output-dir',
        value: dir,
        message: `holds files not written by tenant-kubernetes fleet (no ${FLEET_MARKER}); choose a new or empty directory`,
      });
    }
    return { exists: true, present, dirs, problems };
  }
  const markerPath = join(dir, FLEET_MARKER);
  const bytes = readRegularFile(markerPath, MAX_MARKER_BYTES);
  if (typeof bytes === 'string') {
    const message =
      bytes === 'too large'
        ? `is larger than ${MAX_MARKER_BYTES} bytes: not a marker fleet wrote`
        : `is ${bytes === 'symbolic link' ? 'a symbolic link' : 'not a regular file'}, not the marker fleet writes: remove it`;
    return { exists: true, present, dirs, problems: [{ path: markerPath, value: bytes, message }] };
  }
  const text = bytes.toString('utf8');
  const marker = parseMarker(text);
  if (marker === undefined) {
    const message = isLegacyMarker(text)
      ? `was written by an earlier tenant-kubernetes, which did not record what it wrote: check that ${dir} holds only fleet output, delete ${dir} and run again`
      : `is not a marker this version of fleet writes (damaged or edited by hand): if ${dir} is fleet's output, delete ${dir} and run again; if it is not, delete this file`;
    // The marker's text is never quoted: this could be any file (a kubeconfig copied in its place).
    return { exists: true, present, dirs, problems: [{ path: markerPath, value: `${bytes.length} bytes`, message }] };
  }
  const view = marker.swap ? rollbackView(dir, marker.swap, marker.files) : undefined;
  const wantedDirs = new Set([...wanted].map(namespaceOf));
  let more = 0;
  const add = (problem: SpecProblem) => {
    if (problems.length < MAX_LISTED_DIFFERENCES) problems.push(problem);
    else more++;
  };
  const checked = new Set<string>();
  const checkFile = (rel: string, path: string) => {
    checked.add(rel);
    const recorded = marker.files.get(rel);
    const at = recorded !== undefined && view ? view.location(rel) : path;
    const hash = hashRegularFile(at);
    if (typeof hash === 'string') return; // gone since it was listed: nothing to compare
    if (recorded === hash.sha256) {
      present.set(rel, recorded);
    } else if (recorded !== undefined) {
      add({
        path,
        value: `sha256 ${hash.sha256.slice(0, 12)}…`,
        message: `was changed since fleet wrote it (its SHA-256 is not the one in ${FLEET_MARKER}): fleet replaces it on every run, so put the change into the cluster description, then restore this file (git checkout) or delete it`,
      });
    } else if (!view?.isSwapped(rel, hash.sha256)) {
      add({
        path,
        value: 'file',
        message: `was not written by fleet (${FLEET_MARKER} does not list it): move it out of the output directory (fleet deletes only files it wrote, and whatever reads the directory would apply this file with them)`,
      });
    }
  };
  const visit = (rel: string, e: Dirent) => {
    const path = join(dir, rel);
    const what = kind(e);
    if (what === 'symbolic link') {
      add({
        path,
        value: what,
        message:
          'is a symbolic link: fleet never follows links in its output directory (it could be sent to write anywhere); replace it with a real file or directory, or remove it',
      });
    } else if (what === 'directory') {
      if (marker.files.has(rel) || wanted.has(rel))
        add({ path, value: what, message: 'is a directory where fleet writes a cluster file: move it away' });
      for (const child of sortedEntries(path)) visit(`${rel}/${child.name}`, child);
    } else if (what === 'file') {
      if (!rel.includes('/') && wantedDirs.has(rel)) {
        add({ path, value: what, message: `is a file where fleet writes the directory of namespace ${rel}: move it away` });
      } else if (YAML.test(rel)) {
        checkFile(rel, path);
      }
    } else {
      add({ path, value: what, message: 'is not a regular file or directory: fleet reads and writes only those in its output directory; remove it' });
    }
  };
  for (const e of output) {
    if (e.isDirectory() && !e.isSymbolicLink()) dirs.add(e.name);
    visit(e.name, e);
  }
  // An earlier file that an interrupted swap moved into the backup is not in place, but the rollback brings it back.
  if (view) for (const rel of marker.files.keys()) if (!checked.has(rel)) checkFile(rel, join(dir, rel));
  if (problems.length > 0 && marker.files.size > 0 && present.size === 0) {
    problems.push({
      path: markerPath,
      value: `${marker.files.size} files`,
      message: `lists no file that is here unchanged: was it copied from another directory? If ${dir} is not fleet's output, delete this marker`,
    });
  }
  if (more > 0) problems.push({ path: dir, value: more, message: `has ${more} more difference${more === 1 ? '' : 's'} like those above` });
  return { exists: true, marker, present, dirs, problems };
}
