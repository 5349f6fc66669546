// Finding and reading `fleet`'s cluster descriptions. The inputs are files and directories (searched, sorted and
// recursively, for *.yaml and *.yml). A cluster repository is often a pull request's, so reading it must not reach
// anything else: a symbolic link inside an input directory is followed only if it stays inside that directory (a link
// to a kubeconfig elsewhere is refused, unless --follow-symlinks), and only regular files are read (a FIFO would hang
// the run, a device would never end). Paths given on the command line are the user's own and are followed.
import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join, sep } from 'node:path';
import { isPlainObject } from '../spec/checks';
import type { SpecProblem } from '../spec/errors';
import { readYamlDocuments } from './yaml-input';

/** One cluster description read from the inputs. */
export interface FleetEntry {
  /** `file` or `file#N` (the N-th document of a multi-document file). */
  readonly source: string;
  readonly spec: unknown;
}

/** How to read the inputs. */
export interface FleetInputOptions {
  /**
   * Follow symbolic links inside input directories wherever they point (`--follow-symlinks`).
   * @default false: only links whose target is inside the same input directory
   */
  readonly followSymlinks?: boolean;
}

const YAML = /\.ya?ml$/;

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'FIFO';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'device';
  return 'directory';
}

/** A file to read and the path to name it by. */
interface Found {
  readonly path: string;
  readonly real: string;
}

class InputWalk {
  public readonly files: Found[] = [];
  private readonly visited = new Set<string>();

  public constructor(
    private readonly problems: SpecProblem[],
    private readonly followSymlinks: boolean,
  ) {}

  /** An input named on the command line. */
  public input(input: string): void {
    let st: Stats;
    let real: string;
    try {
      st = statSync(input);
      real = realpathSync(input);
    } catch (e) {
      this.problems.push({ path: input, value: input, message: `cannot read: ${errorCode(e)}` });
      return;
    }
    if (st.isDirectory()) this.directory(input, real, real);
    else this.file(input, real, st);
  }

  private file(path: string, real: string, st: Stats): void {
    if (!st.isFile()) {
      this.problems.push({ path, value: kindOf(st), message: 'is not a regular file: fleet reads cluster descriptions from regular files only' });
      return;
    }
    this.files.push({ path, real });
  }

  private directory(path: string, real: string, root: string): void {
    // A link back to a directory already searched (a loop, or two ways to one place) is searched once.
    if (this.visited.has(real)) return;
    this.visited.add(real);
    let entries;
    try {
      entries = readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (e) {
      this.problems.push({ path, value: path, message: `cannot read: ${errorCode(e)}` });
      return;
    }
    for (const e of entries) {
      const child = join(path, e.name);
      if (e.isSymbolicLink()) this.link(child, root, YAML.test(e.name));
      else if (e.isDirectory()) this.directory(child, join(real, e.name), root);
      else if (YAML.test(e.name)) this.file(child, join(real, e.name), lstatSync(child));
    }
  }

  /** A link found in an input directory: followed when it is a YAML file or a directory, and stays inside `root`. */
  private link(path: string, root: string, yamlName: boolean): void {
    let st: Stats;
    let real: string;
    try {
      st = statSync(path);
      real = realpathSync(path);
    } catch (e) {
      if (yamlName) this.problems.push({ path, value: 'symbolic link', message: `is a symbolic link that cannot be followed: ${errorCode(e)}` });
      return;
    }
    if (!st.isDirectory() && !yamlName) return; // not a cluster file, like any other
    if (!this.followSymlinks && real !== root && !real.startsWith(root + sep)) {
      // Where it points is not said: the name of a file outside the repository is none of the repository's business.
      this.problems.push({
        path,
        value: 'symbolic link',
        message: 'is a symbolic link to outside its input directory: fleet does not follow those (pass --follow-symlinks to read it anyway)',
      });
      return;
    }
    if (st.isDirectory()) this.directory(path, real, root);
    else this.file(path, real, st);
  }
}

/**
 * Every cluster description in the inputs, in order; unreadable inputs, links refused, files that are not regular
 * and YAML errors become problems. A file reached twice (by a link inside the directory) is read once.
 */
export function readFleet(inputs: readonly string[], problems: SpecProblem[], options: FleetInputOptions = {}): FleetEntry[] {
  const walk = new InputWalk(problems, options.followSymlinks ?? false);
  for (const input of inputs) walk.input(input);
  const entries: FleetEntry[] = [];
  const read = new Set<string>();
  for (const { path, real } of walk.files) {
    if (read.has(real)) continue;
    read.add(real);
    const docs = readYamlDocuments(path, problems, 'cluster file') ?? [];
    docs.forEach((spec, i) => {
      const source = docs.length > 1 ? `${path}#${i + 1}` : path;
      if (spec === null || spec === undefined) return; // an empty document (e.g. a trailing `---`)
      if (isPlainObject(spec)) entries.push({ source, spec });
      else problems.push({ path: source, value: spec, message: 'a cluster description must be a YAML mapping' });
    });
  }
  return entries;
}
