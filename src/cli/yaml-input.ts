// Reading the CLI's YAML inputs (values files, cluster files) into plain values, with problems instead of throws.
// Inputs may come from a pull request: a file is read only if it is a regular file within the size limit, and its
// aliases are expanded only as far as the expansion budget allows, so no file can make the process hang or run out
// of memory.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { CORE_SCHEMA, YAMLException, loadAll } from 'js-yaml';
import { child } from '../spec/checks';
import type { SpecProblem } from '../spec/errors';
import { LIMITS, LIMITS_DOC } from '../spec/limits';
import { HELM_VALUES_SCHEMA, helmDocumentValue } from './helm-yaml';

/** How problems name standard input (`-f -`). */
export const STDIN_PATH = '<stdin>';

/**
 * Reads standard input to its end, at most `limit + 1` bytes (one past the limit tells a too-large input apart);
 * injectable for tests.
 */
export type StdinReader = (limit: number) => Buffer;

/** Reads file descriptor 0 synchronously, bounded; waits briefly when a non-blocking pipe has nothing yet. */
export const readProcessStdin: StdinReader = (limit) => {
  const chunks: Buffer[] = [];
  let length = 0;
  const buffer = Buffer.allocUnsafe(64 * 1024);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buffer, 0, Math.min(buffer.length, limit + 1 - length), null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(pause, 0, 0, 10);
        continue;
      }
      if (code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, n)));
    length += n;
    if (length > limit) break;
  }
  return Buffer.concat(chunks);
};

/** The text of standard input, or a problem: at most LIMITS.inputFileBytes bytes of UTF-8. */
function readStdinText(problems: SpecProblem[], what: string, stdin: StdinReader): string | undefined {
  const fail = (message: string): undefined => {
    problems.push({ path: STDIN_PATH, value: '-', message });
    return undefined;
  };
  let bytes: Buffer;
  try {
    bytes = stdin(LIMITS.inputFileBytes);
  } catch (e) {
    return fail(`cannot read ${what} from standard input: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (bytes.length > LIMITS.inputFileBytes) return fail(`${what} is too large: more than ${LIMITS.inputFileBytes} bytes (${LIMITS_DOC})`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail(`${what} is not UTF-8 text`);
  }
}

function fileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The text of `file`, or a problem: it must be a regular file of at most LIMITS.inputFileBytes bytes of UTF-8.
 * The file is opened non-blocking and checked with fstat on that descriptor, so a FIFO or a device is refused
 * without a read (and without waiting for a writer), and no rename between a check and the read can swap it.
 */
function readInputText(file: string, problems: SpecProblem[], what: string): string | undefined {
  const fail = (message: string): undefined => {
    problems.push({ path: file, value: file, message });
    return undefined;
  };
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. It does not change reads of a file.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (e) {
    return fail(`cannot read ${what}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return fail(`cannot read ${what}: it is ${fileKind(stats)}, not a regular file`);
    const limit = LIMITS.inputFileBytes;
    if (stats.size > limit) return fail(`${what} is too large: ${stats.size} bytes, at most ${limit} (${LIMITS_DOC})`);
    // Read until end of file, never more than one byte past the limit: a file that grows after fstat is bounded too.
    let buffer = Buffer.allocUnsafe(Math.min(stats.size, limit) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > limit) return fail(`${what} is too large: more than ${limit} bytes (${LIMITS_DOC})`);
        const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit + 1));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, length));
    } catch {
      return fail(`${what} is not UTF-8 text`);
    }
  } catch (e) {
    return fail(`cannot read ${what}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  } finally {
    closeSync(fd);
  }
}

/** Why a document cannot be expanded, and where in it. */
class ExpansionError extends Error {
  public constructor(
    public readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Expands the aliases of parsed documents into plain trees, within a budget of size units (one per value, plus one
 * per character of each key and string). js-yaml returns an alias as the same object as its anchor, so a few lines
 * can describe a graph with billions of paths (an alias bomb) or a cycle (`&a [*a]`); everything downstream expects
 * trees. The size of every shared node is computed once, so the budget is checked before anything is copied.
 */
class AliasExpansion {
  private readonly sizes = new Map<object, number>();
  private readonly heights = new Map<object, number>();
  private readonly open = new Set<object>();
  /** Whether any collection was reached twice (through an alias): only then must the documents be copied. */
  public shared = false;

  public constructor(private readonly budget: number) {}

  /** The expanded size of `value`, reaching `depth` from the root; throws past the budget, the depth, or on a cycle. */
  public measure(value: unknown, path: string, depth: number): number {
    if (typeof value === 'string') return 1 + value.length;
    if (value === null || typeof value !== 'object') return 1;
    const known = this.sizes.get(value);
    if (known !== undefined) {
      this.shared = true;
      if (depth + this.heights.get(value)! > LIMITS.yamlDepth) this.tooDeep(path);
      return known;
    }
    if (this.open.has(value)) throw new ExpansionError(path, 'an alias refers to a collection that contains it (a cycle); values must be trees');
    if (depth >= LIMITS.yamlDepth) this.tooDeep(path);
    this.open.add(value);
    let size = 1;
    let height = 0;
    const add = (item: unknown, at: string): void => {
      size += this.measure(item, at, depth + 1);
      if (item !== null && typeof item === 'object') height = Math.max(height, this.heights.get(item)!);
      if (size > this.budget) throw new ExpansionError(path, this.overBudget());
    };
    if (Array.isArray(value)) {
      value.forEach((item, i) => add(item, child(path, i)));
    } else {
      for (const key of Object.keys(value)) {
        size += key.length;
        add((value as Record<string, unknown>)[key], child(path, key));
      }
    }
    this.open.delete(value);
    this.sizes.set(value, size);
    this.heights.set(value, height + 1);
    return size;
  }

  /** The problem message for a file whose expansion exceeds the budget. */
  public overBudget(): string {
    return (
      `aliases expand this file past ${this.budget} size units (one per value, plus one per character of each key and string: ` +
      `${LIMITS.aliasExpansionFactor} × the file's bytes + ${LIMITS.aliasExpansionSlack}); aliases may repeat content, not multiply it (${LIMITS_DOC})`
    );
  }

  private tooDeep(path: string): never {
    throw new ExpansionError(path, `nests deeper than ${LIMITS.yamlDepth} levels, aliases expanded (${LIMITS_DOC})`);
  }
}

/** A tree copy of a measured value: each alias becomes its own copy. Keys are defined, never assigned (`__proto__`). */
function copyTree(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyTree);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    Object.defineProperty(out, key, {
      value: copyTree((value as Record<string, unknown>)[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * The text of a file (a regular file within the size limit, UTF-8) or, for `-`, of standard input; a problem
 * otherwise. For `--set-file`.
 */
export function readTextInput(input: string, problems: SpecProblem[], what: string, stdin?: StdinReader): string | undefined {
  return input.trim() === '-' ? readStdinText(problems, what, stdin ?? readProcessStdin) : readInputText(input, problems, what);
}

/** How to read a YAML input. */
export interface YamlReadOptions {
  /**
   * `core` (the default): YAML 1.2's core schema, for the library's own formats (`yes`, `0644` stay strings).
   * `helm`: as Helm v3 reads values files (src/cli/helm-yaml.ts: `yes` is true, `0644` is 420).
   */
  readonly schema?: 'core' | 'helm';
  /** With `helm`: the file `-` is standard input, read by this. */
  readonly stdin?: StdinReader;
}

/**
 * Reads a YAML file's documents (by default YAML 1.2 core schema: `yes`, `2024-01-01` stay strings; duplicate keys
 * are an error) as plain trees, aliases expanded. A problem (not a regular file, too large, unreadable, not UTF-8,
 * the first YAML error with its line and column, a cycle, aliases expanding past the budget) is returned, not thrown.
 */
export function readYamlDocuments(input: string, problems: SpecProblem[], what: string, options: YamlReadOptions = {}): unknown[] | undefined {
  const helm = options.schema === 'helm';
  // Helm reads standard input for `-f -` (its check trims spaces).
  const fromStdin = helm && input.trim() === '-';
  const file = fromStdin ? STDIN_PATH : input;
  const text = fromStdin ? readStdinText(problems, what, options.stdin ?? readProcessStdin) : readInputText(file, problems, what);
  if (text === undefined) return undefined;
  let docs: unknown[];
  try {
    docs = loadAll(text, { filename: file, schema: helm ? HELM_VALUES_SCHEMA : CORE_SCHEMA, maxDepth: LIMITS.yamlDepth });
    if (helm) docs = docs.map(helmDocumentValue);
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    const where = e.mark ? `${file}:${e.mark.line + 1}:${e.mark.column + 1}` : file;
    // The reason only: js-yaml's full message quotes the lines around the error, which may hold credentials.
    const reason = e.reason.length > 200 ? `${e.reason.slice(0, 200)}…` : e.reason;
    problems.push({ path: where, value: file, message: `invalid YAML: ${reason}` });
    return undefined;
  }
  const budget = LIMITS.aliasExpansionFactor * Buffer.byteLength(text) + LIMITS.aliasExpansionSlack;
  const expansion = new AliasExpansion(budget);
  // One budget for the whole file: a file of many small documents cannot multiply content either.
  let total = 0;
  for (let i = 0; i < docs.length; i++) {
    const where = docs.length > 1 ? `${file}#${i + 1}` : file;
    try {
      total += expansion.measure(docs[i], '', 0);
      if (total > budget) throw new ExpansionError('', expansion.overBudget());
    } catch (e) {
      if (!(e instanceof ExpansionError)) throw e;
      problems.push({ path: e.path === '' ? where : `${where}: ${e.path}`, value: file, message: e.message });
      return undefined;
    }
  }
  // Without shared collections the documents are trees already: copying them would only double the memory.
  return expansion.shared ? docs.map(copyTree) : docs;
}
