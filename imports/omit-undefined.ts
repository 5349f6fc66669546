// Written by scripts/import-crds.js (undefined-filters.js): the undefined-filter of every generated toJson helper
// in imports/, cdk8s-plus-28's Kubernetes classes (imports/k8s.js) included. Do not edit.

/** The fields of a toJson result that have values: a linear for-in over the fresh object literal. */
export function omitUndefined(result: Record<string, any>): Record<string, any> {
  const r: Record<string, any> = {};
  for (const k in result) {
    const v = result[k];
    if (v === undefined) continue;
    // As the spread did: a `__proto__` field stays an own property.
    if (k === '__proto__') Object.defineProperty(r, k, { value: v, enumerable: true, writable: true, configurable: true });
    else r[k] = v;
  }
  return r;
}
