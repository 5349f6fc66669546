/** One problem found in the input: where it is, what was received, and what was expected. */
export interface SpecProblem {
  /** Dotted path of the offending field, e.g. `nodeGroups.md0.maxReplicas`. */
  readonly path: string;
  /**
   * The value received at that path (`undefined` when a required value is missing). It may hold anything the input
   * held, credentials included: print it with {@link formatProblem} or {@link describeValue}, never directly.
   */
  readonly value: unknown;
  /** What is wrong and what is expected. */
  readonly message: string;
  /**
   * The value may hold credentials (an unknown or misspelled key, a field of a free-form values tree): messages
   * never quote a string from it, however short. Absent when false.
   */
  readonly sensitive?: true;
}

/**
 * Strings up to this many characters (on one line) are quoted in problem lines; longer ones are described by their
 * length. Every Kubernetes name and label (63 characters) and every ordinary mistake fits; tokens, keys and
 * certificates mostly do not, and multi-line text never is quoted.
 */
export const MAX_QUOTED_LENGTH = 64;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A value's kind and size, without its content: `a mapping with 3 keys`, `a string of 412 characters`. */
function describeShape(value: unknown): string {
  if (typeof value === 'string') {
    return value.includes('\n')
      ? `a multi-line string of ${plural(value.length, 'character', 'characters')}`
      : `a string of ${plural(value.length, 'character', 'characters')}`;
  }
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${plural(value.length, 'item', 'items')}`;
  if (typeof value === 'object' && value !== null) {
    const proto = Object.getPrototypeOf(value);
    if (proto !== null && Object.getPrototypeOf(proto) !== null)
      return `a ${(value.constructor as { name?: string } | undefined)?.name || 'class'} instance`;
    const keys = Object.keys(value).length;
    return keys === 0 ? 'an empty mapping' : `a mapping with ${plural(keys, 'key', 'keys')}`;
  }
  return `a ${typeof value}`;
}

/**
 * Renders a received value for a problem line: short scalars as written (`5`, `true`, `"2000x"`), everything else by
 * kind and size only (`a mapping with 3 keys`, `a string of 412 characters`), so that a line never echoes content
 * that may be a credential. `sensitive` (see {@link SpecProblem.sensitive}) describes every string by its length.
 */
export function describeValue(value: unknown, sensitive = false): string {
  switch (typeof value) {
    case 'undefined':
      return '<missing>';
    case 'boolean':
      return String(value);
    case 'number':
      // String(), not JSON: NaN and Infinity are what the user wrote (.nan, .inf), not null.
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'string':
      if (value === '') return '""';
      if (!sensitive && value.length <= MAX_QUOTED_LENGTH && !CONTROL.test(value)) return JSON.stringify(value);
      return describeShape(value);
    default:
      return value === null ? 'null' : describeShape(value);
  }
}

/** Formats one problem as the single line the CLI prints: `path: message (got value)`. */
export function formatProblem(problem: SpecProblem): string {
  return `${problem.path}: ${problem.message} (got ${describeValue(problem.value, problem.sensitive === true)})`;
}

/**
 * Thrown when a tenant cluster description is invalid. Carries every problem found, not just the first;
 * nothing has been rendered or written when it is thrown.
 */
export class SpecValidationError extends Error {
  /** Every problem found, in a stable order (input order of the fields). */
  public readonly problems: readonly SpecProblem[];

  /** Which cluster the problems belong to (a construct path, a Pulumi resource, a file), when known. */
  public readonly subject: string | undefined;

  /**
   * @param problems every problem found
   * @param subject which cluster they belong to, for the message: `construct App/prod/cluster`, `component prod`
   */
  public constructor(problems: readonly SpecProblem[], subject?: string) {
    super(
      `invalid tenant cluster ${subject === undefined ? 'spec' : subject} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'SpecValidationError';
    this.problems = problems;
    this.subject = subject;
  }

  /**
   * What Node prints for an uncaught error (and `console.log(error)`): the message and stack only. Without it Node
   * would print `problems` in full, values included, and a credential under a misspelled key would reach the log.
   */
  public [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.stack ?? `${this.name}: ${this.message}`;
  }

  /** What `JSON.stringify` writes: each problem with its value described, never the value itself. */
  public toJSON(): { name: string; message: string; problems: Array<{ path: string; message: string; value: string }> } {
    return {
      name: this.name,
      message: this.message,
      problems: this.problems.map((p) => ({ path: p.path, message: p.message, value: describeValue(p.value, p.sensitive === true) })),
    };
  }
}

/** Options of a problem. */
export interface ProblemOptions {
  /** See {@link SpecProblem.sensitive}. */
  readonly sensitive?: boolean;
}

/** Collects problems while a spec is checked; `throwIfAny` ends validation with every problem at once. */
export class ProblemCollector {
  private readonly found: SpecProblem[] = [];

  public add(path: string, value: unknown, message: string, options: ProblemOptions = {}): void {
    this.found.push(options.sensitive ? { path, value, message, sensitive: true } : { path, value, message });
  }

  public get problems(): readonly SpecProblem[] {
    return this.found;
  }

  public get count(): number {
    return this.found.length;
  }

  public throwIfAny(): void {
    if (this.found.length > 0) throw new SpecValidationError(this.found);
  }
}
