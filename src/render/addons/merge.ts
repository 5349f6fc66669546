// Helm values merging as the reference chart does it (sprig `mergeOverwrite` over a deep copy of the override).

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepCopy<T>(v: T): T {
  if (Array.isArray(v)) return v.map(deepCopy) as T;
  if (isMap(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepCopy(x)])) as T;
  return v;
}

/**
 * Deep-merges `override` over `defaults`: maps merge key by key, the override wins at every leaf, lists and
 * scalars are replaced whole, an explicit `false` or `0` overrides a default, and `null` keeps the default
 * (mergo leaves a destination alone when the source is nil). Neither input is modified.
 */
export function mergeValues(defaults: Readonly<Record<string, unknown>>, override: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out = deepCopy(defaults) as Record<string, unknown>;
  for (const [key, value] of Object.entries(override)) {
    if (value === null || value === undefined) continue;
    const base = out[key];
    out[key] = isMap(base) && isMap(value) ? mergeValues(base, value) : deepCopy(value);
  }
  return out;
}

/** True for `{}` (an override that was not given). */
export function isEmpty(values: Readonly<Record<string, unknown>>): boolean {
  return Object.keys(values).length === 0;
}
