// Go durations as Kubernetes APIs take them (`metav1.Duration`): parsed exactly, so bounds are checked without
// floating point and the renderer prints the canonical form from the same parse.

/** A Go duration as Kubernetes APIs take it: `30s`, `5m`, `1h30m`, `1.5h`. */
export const DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;

const UNIT_NANOS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['µs', 1_000n],
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

/** The length of a duration matching {@link DURATION}, in nanoseconds (fractions below 1ns dropped, as Go does). */
export function durationNanoseconds(duration: string): bigint {
  if (!DURATION.test(duration)) throw new Error(`not a duration: ${JSON.stringify(duration)}`);
  let total = 0n;
  for (const [, whole, fraction = '', unit] of duration.matchAll(/(\d+)(?:\.(\d+))?(ns|us|µs|ms|s|m|h)/g)) {
    const scale = UNIT_NANOS.get(unit)!;
    total += BigInt(whole) * scale + (BigInt(fraction || '0') * scale) / 10n ** BigInt(fraction.length);
  }
  return total;
}
