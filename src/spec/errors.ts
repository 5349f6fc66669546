/** One problem found in the input: where it is, what was received, and what was expected. */
export interface SpecProblem {
  /** Dotted path of the offending field, e.g. `nodeGroups.md0.maxReplicas`. */
  readonly path: string;
  /** The value received at that path (`undefined` when a required value is missing). */
  readonly value: unknown;
  /** What is wrong and what is expected. */
  readonly message: string;
}

/** Renders a received value for an error message: short, single-line, JSON-like. */
export function describeValue(value: unknown): string {
  if (value === undefined) return '<missing>';
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Formats one problem as the single line the CLI prints: `path: message (got value)`. */
export function formatProblem(problem: SpecProblem): string {
  return `${problem.path}: ${problem.message} (got ${describeValue(problem.value)})`;
}

/**
 * Thrown when a tenant cluster description is invalid. Carries every problem found, not just the first;
 * nothing has been rendered or written when it is thrown.
 */
export class SpecValidationError extends Error {
  /** Every problem found, in a stable order (input order of the fields). */
  public readonly problems: readonly SpecProblem[];

  public constructor(problems: readonly SpecProblem[]) {
    super(`invalid tenant cluster spec (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
      problems.map((p) => `  ${formatProblem(p)}`).join('\n'));
    this.name = 'SpecValidationError';
    this.problems = problems;
  }
}

/** Collects problems while a spec is checked; `throwIfAny` ends validation with every problem at once. */
export class ProblemCollector {
  private readonly found: SpecProblem[] = [];

  public add(path: string, value: unknown, message: string): void {
    this.found.push({ path, value, message });
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
