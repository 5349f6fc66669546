// Free-form values trees (`valuesOverride`, an addon's `values`): copied into HelmReleases as they are, so they
// must be data every YAML reader takes back unchanged, and bounded so that rendering them stays cheap.
import { child } from './paths';
import type { ProblemCollector } from './errors';
import { LIMITS, LIMITS_DOC } from './limits';

/** A key that, assigned with `obj[key] = …` anywhere downstream, would replace the object's prototype. */
const PROTOTYPE_KEY = '__proto__';
/** Characters YAML readers take only escaped, or that break a line: not accepted in keys. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** Problems listed per tree before the rest are summarised: one mistake repeated is not worth a thousand lines. */
const MAX_PROBLEMS = 20;

function isPlainData(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  // Any realm's Object.prototype (or none): not a Date, Map or class instance.
  return proto === null || Object.getPrototypeOf(proto) === null;
}

class TreeCheck {
  private units = 0;
  private reported = 0;
  public stopped = false;

  public constructor(
    private readonly c: ProblemCollector,
    private readonly root: string,
  ) {}

  private problem(path: string, value: unknown, message: string): void {
    if (this.reported++ < MAX_PROBLEMS) {
      // Values trees are where credentials live: a problem in one never quotes a string from it.
      this.c.add(path, value, message, { sensitive: true });
    } else if (!this.stopped) {
      this.c.add(this.root, undefined, `has more problems; only the first ${MAX_PROBLEMS} are listed`);
      this.stopped = true;
    }
  }

  /** Counts size units; reports (once) and stops the walk when the tree is larger than a HelmRelease can carry. */
  private spend(units: number): boolean {
    this.units += units;
    if (this.units <= LIMITS.valuesSize) return true;
    if (!this.stopped) {
      this.c.add(
        this.root,
        undefined,
        `is too large: a values tree may hold at most ${LIMITS.valuesSize} size units (one per value, one per character of each key and string), because it is rendered into one HelmRelease and etcd stores no object over 1.5 MiB (${LIMITS_DOC})`,
      );
      this.stopped = true;
    }
    return false;
  }

  public visit(path: string, value: unknown, depth: number): void {
    if (this.stopped || !this.spend(1)) return;
    switch (typeof value) {
      case 'string':
        this.spend(value.length);
        return;
      case 'boolean':
        return;
      case 'number':
        if (!Number.isFinite(value))
          this.problem(path, value, 'must be a finite number (YAML .inf and .nan have no JSON form, and Kubernetes objects are JSON)');
        else if (Math.abs(value) > Number.MAX_SAFE_INTEGER)
          this.problem(
            path,
            value,
            `is beyond ±${Number.MAX_SAFE_INTEGER} (2^53 - 1) and cannot be carried exactly; quote it if it is meant as text`,
          );
        return;
      case 'object':
        break;
      default:
        this.problem(path, value, `must be plain data (a string, number, boolean, null, list or mapping), not a ${typeof value}`);
        return;
    }
    if (value === null) return;
    if (depth >= LIMITS.valuesDepth) {
      this.problem(path, value, `nests too deep: values may nest at most ${LIMITS.valuesDepth} levels (${LIMITS_DOC})`);
      return;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length && !this.stopped; i++) {
        if (value[i] === undefined) this.problem(child(path, i), undefined, 'must be a value (a list cannot hold undefined)');
        else this.visit(child(path, i), value[i], depth + 1);
      }
      return;
    }
    if (!isPlainData(value)) {
      this.problem(
        path,
        value,
        `must be plain data (a string, number, boolean, null, list or mapping), not a ${value.constructor?.name ?? 'class'} instance`,
      );
      return;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (this.stopped) return;
      const at = child(path, key);
      if (key === PROTOTYPE_KEY) {
        this.problem(
          at,
          record[key],
          `a key named "${PROTOTYPE_KEY}" is not accepted: code that copies values would replace an object's prototype with it`,
        );
        continue;
      }
      if (key.length > LIMITS.keyLength) {
        this.problem(
          at,
          key,
          `has a key of ${key.length} characters; keys may have at most ${LIMITS.keyLength} (the longest Kubernetes label key), and YAML readers refuse keys over 1024`,
        );
        continue;
      }
      if (CONTROL.test(key)) {
        this.problem(at, key, 'has a key with a control character or line break; keys must be printable text');
        continue;
      }
      if (!this.spend(key.length)) return;
      // A missing entry (`{ a: undefined }`) is not written out, so it is not a problem.
      if (record[key] !== undefined) this.visit(at, record[key], depth + 1);
    }
  }
}

/**
 * Checks a free-form values tree at `path`: plain JSON data (finite numbers within ±2^53, no `undefined` in lists, no
 * class instances), no `__proto__` keys, keys of at most {@link LIMITS.keyLength} printable characters, nesting of at
 * most {@link LIMITS.valuesDepth} levels and a size of at most {@link LIMITS.valuesSize} units. Problems never quote
 * strings from the tree (it may hold credentials).
 *
 * @returns whether the tree passed
 */
export function checkValuesTree(c: ProblemCollector, path: string, tree: Readonly<Record<string, unknown>>): boolean {
  const before = c.count;
  new TreeCheck(c, path).visit(path, tree, 0);
  return c.count === before;
}
