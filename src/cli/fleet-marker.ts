// The marker `fleet -o DIR` keeps in DIR/.tenant-kubernetes-fleet: every file fleet wrote there, by path and SHA-256.
// It is what lets fleet delete only its own files and notice any that were changed, and, while a swap is under way,
// it is the journal that says what the swap does, so that a run killed in the middle is rolled back by the next one.
// It is replaced only by rename(2), so it is always one complete version. Its bytes depend on the files only (no
// time, no process id): the same fleet gives the same marker, and a repository that commits DIR sees no churn.

/** The marker's name in the output directory. */
export const FLEET_MARKER = '.tenant-kubernetes-fleet';
/** The lock file: present while a run writes the directory (see fleet-lock.ts). */
export const FLEET_LOCK = `${FLEET_MARKER}.lock`;
/** Held for a moment by a run taking the lock (see fleet-lock.ts). */
export const FLEET_LOCK_CLAIM = `${FLEET_MARKER}.lock.claim`;
/** The work directory of a run: the new files (`new/`), the earlier ones it replaces (`old/`), the next markers. */
export const FLEET_WORK = `${FLEET_MARKER}.work`;
/** Every entry of the output directory that belongs to fleet itself rather than to the output. */
export const FLEET_ENTRIES: readonly string[] = [FLEET_MARKER, FLEET_LOCK, FLEET_LOCK_CLAIM, FLEET_WORK];

/** The marker format this version writes and reads. */
export const MARKER_FORMAT = 1;
/** Markers larger than this are refused unread (a fleet of 100,000 clusters needs about 12 MiB). */
export const MAX_MARKER_BYTES = 64 * 1024 * 1024;

const LABEL = '[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?';
/** What a file fleet writes is called: `<namespace>/<cluster name>.yaml`, both DNS labels. Nothing else is deleted. */
const FLEET_FILE = new RegExp(`^${LABEL}/${LABEL}\\.yaml$`);
const NAMESPACE_DIR = new RegExp(`^${LABEL}$`);
const SHA256 = /^[0-9a-f]{64}$/;

/** Files by path (relative to the output directory, `/`-separated) and SHA-256. */
export type FileHashes = ReadonlyMap<string, string>;

/** What a swap under way does (present in the marker only between the journal and the commit point). */
export interface SwapJournal {
  /** The files the swap puts in place, with their hashes. */
  readonly files: FileHashes;
  /** Namespace directories that did not exist before the swap: a rollback removes them again (if empty). */
  readonly createdDirs: readonly string[];
  /** The directory had no marker before the swap: a rollback removes the marker instead of restoring it. */
  readonly unmarked: boolean;
}

/** The marker's content. */
export interface FleetMarker {
  /** The files of the output as it is (before a swap under way, if any). */
  readonly files: FileHashes;
  /** The swap under way, if any. */
  readonly swap?: SwapJournal;
}

/** The path of a cluster's file in the output directory. */
export function fleetFile(namespace: string, name: string): string {
  return `${namespace}/${name}.yaml`;
}

/** The namespace directory of a fleet file path. */
export function namespaceOf(file: string): string {
  return file.slice(0, file.indexOf('/'));
}

const ABOUT =
  'Written by tenant-kubernetes fleet: every file it wrote here, with its SHA-256. fleet replaces or deletes only these files, and refuses to run if one was changed. Do not edit or copy this file.';

function sortedObject(hashes: FileHashes): Record<string, string> {
  return Object.fromEntries([...hashes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The marker's bytes: JSON, keys sorted, one file per line. */
export function serializeMarker(marker: FleetMarker): string {
  const swap = marker.swap && {
    createdDirs: [...marker.swap.createdDirs].sort(),
    files: sortedObject(marker.swap.files),
    unmarked: marker.swap.unmarked,
  };
  return `${JSON.stringify({ about: ABOUT, format: MARKER_FORMAT, files: sortedObject(marker.files), ...(swap ? { swap } : {}) }, null, 2)}\n`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseHashes(v: unknown): Map<string, string> | undefined {
  if (!isRecord(v)) return undefined;
  const out = new Map<string, string>();
  for (const [path, hash] of Object.entries(v)) {
    // A path that is not `<namespace>/<name>.yaml` (`../x`, `/etc/x`, `a/b/c.yaml`) would let a hand-made marker
    // point fleet at a file it never wrote: such a marker is refused as a whole.
    if (!FLEET_FILE.test(path) || typeof hash !== 'string' || !SHA256.test(hash)) return undefined;
    out.set(path, hash);
  }
  return out;
}

/** Reads a marker; `undefined` when the text is not a marker of this format (the caller says why). */
export function parseMarker(text: string): FleetMarker | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(json) || json.format !== MARKER_FORMAT) return undefined;
  const files = parseHashes(json.files);
  if (files === undefined) return undefined;
  if (json.swap === undefined) return { files };
  if (!isRecord(json.swap)) return undefined;
  const next = parseHashes(json.swap.files);
  const dirs = json.swap.createdDirs;
  if (next === undefined || !Array.isArray(dirs) || !dirs.every((d) => typeof d === 'string' && NAMESPACE_DIR.test(d))) return undefined;
  if (typeof json.swap.unmarked !== 'boolean') return undefined;
  return { files, swap: { files: next, createdDirs: dirs as string[], unmarked: json.swap.unmarked } };
}

/** The marker the first fleet versions wrote (no file list): recognized to say how to move on from it. */
export function isLegacyMarker(text: string): boolean {
  return text.startsWith('Written by `tenant-kubernetes fleet`');
}
