// Durations as the Kubernetes API stores them. Cluster API's types hold `metav1.Duration`, which its webhooks decode
// and the API server stores re-encoded in Go's canonical form (`time.Duration.String()`): "5m" becomes "5m0s". An
// object rendered with "5m" is therefore never equal to the stored one, and tools that diff desired against live
// objects report drift forever. Rendering the canonical form makes applied and stored objects identical.
import { durationNanoseconds } from '../spec/durations';

/** `value / 10^digits` with its fraction, trailing zeros (and a bare point) dropped: 1500, 3 -> "1.5". */
function decimal(value: bigint, digits: number): string {
  const unit = 10n ** BigInt(digits);
  const fraction = (value % unit).toString().padStart(digits, '0').replace(/0+$/, '');
  return `${value / unit}${fraction ? `.${fraction}` : ''}`;
}

/** Go's `time.Duration.String()` of a non-negative duration such as "5m" or "1h30m": "5m0s", "1h30m0s". */
export function canonicalDuration(duration: string): string {
  const ns = durationNanoseconds(duration);
  if (ns === 0n) return '0s';
  if (ns < 1_000n) return `${ns}ns`;
  if (ns < 1_000_000n) return `${decimal(ns, 3)}µs`;
  if (ns < 1_000_000_000n) return `${decimal(ns, 6)}ms`;
  const seconds = `${decimal(ns % 60_000_000_000n, 9)}s`;
  const minutes = ns / 60_000_000_000n;
  if (minutes === 0n) return seconds;
  const hours = minutes / 60n;
  return `${hours > 0n ? `${hours}h` : ''}${minutes % 60n}m${seconds}`;
}
