import { createHash } from 'node:crypto';
import { canonicalJson } from './manifest';

/** First `length` hex characters of the SHA-256 of a value's canonical JSON (sorted keys). */
export function contentHash(value: unknown, length = 6): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, length);
}
