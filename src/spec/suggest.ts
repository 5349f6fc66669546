// "Did you mean …?" for a near-miss: the known word closest to what the user wrote, when it is close enough to be the
// likely intent (a typo, a wrong case or separator), and nothing otherwise.

/** Levenshtein distance between two strings, case-insensitive, with `-`, `_` and `.` counted as equal. */
export function editDistance(a: string, b: string): number {
  const norm = (s: string) => s.toLowerCase().replace(/[-_.]/g, '-');
  const [x, y] = [norm(a), norm(b)];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length];
}

/**
 * The candidate closest to `input`, if it is within a third of the input's length (at least 1, at most 3 edits) and
 * no other candidate is as close; `undefined` otherwise. Inputs longer than 64 characters get no suggestion.
 */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  if (input.length === 0 || input.length > 64) return undefined;
  const limit = Math.min(3, Math.max(1, Math.floor(input.length / 3)));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  let tie = false;
  for (const candidate of candidates) {
    if (candidate === input) return undefined;
    const d = editDistance(input, candidate);
    if (d < bestDistance) [best, bestDistance, tie] = [candidate, d, false];
    else if (d === bestDistance && candidate !== best) tie = true;
  }
  return best !== undefined && bestDistance <= limit && !tie ? best : undefined;
}

/** ` (did you mean "X"?)`, or the empty string when nothing is close. */
export function didYouMean(input: unknown, candidates: Iterable<string>): string {
  if (typeof input !== 'string') return '';
  const match = closest(input, candidates);
  return match === undefined ? '' : ` (did you mean "${match}"?)`;
}
