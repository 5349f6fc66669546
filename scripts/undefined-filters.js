// cdk8s import's generated toJson helpers drop undefined fields with
//   `Object.entries(x).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: V }), {})`
// which copies the growing object once per field: quadratic, and the biggest single cost of rendering many clusters.
// Used by import-crds.js (imports/*.ts) and k8s-imports.js (cdk8s-plus-28's k8s.js), this rewrites them to the same
// filter in linear time: same keys, same order, same values, and a `__proto__` key stays an own property, as the
// spread made it.
//  - Each toJson's final `return Object.entries(result).reduce(...)` becomes `return omitUndefined(result);`, a
//    for-in loop over the fresh object literal (no entries array, no closure), imported from imports/omit-undefined.
//  - Map-valued fields (`Object.entries(obj.x).reduce(...)`, V converting each value) keep reduce, on one accumulator.
'use strict';

const RESULT_FILTER =
  /return Object\.entries\(result\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: i\[1\] \}\), \{\}\);/g;
const MAP_FILTER = /\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: ((?:[^(){}]|\([^(){}]*\))+) \}\), \{\}\)/g;
const LEFT = /\.\.\.r, \[i\[0\]\]/;

/** The one helper every rewritten file calls (imports/omit-undefined.ts, written by import-crds.js). */
const HELPER = `// Written by scripts/import-crds.js (undefined-filters.js): the undefined-filter of every generated toJson helper
// in imports/, cdk8s-plus-28's Kubernetes classes (imports/k8s.js) included. Do not edit.

/** The fields of a toJson result that have values: a linear for-in over the fresh object literal. */
export function omitUndefined(result: Record<string, any>): Record<string, any> {
  const r: Record<string, any> = {};
  for (const k in result) {
    const v = result[k];
    if (v === undefined) continue;
    // As the spread did: a \`__proto__\` field stays an own property.
    if (k === '__proto__') Object.defineProperty(r, k, { value: v, enumerable: true, writable: true, configurable: true });
    else r[k] = v;
  }
  return r;
}
`;

/**
 * Rewrites every undefined-filter of one generated file (TypeScript from cdk8s import, or its compiled JavaScript).
 * @returns the new text and how many filters were rewritten; throws if a filter of an unknown form is left
 */
function linearizeUndefinedFilters(text, { typescript, file }) {
  let count = 0;
  let out = text.replace(RESULT_FILTER, () => {
    count++;
    return 'return omitUndefined(result);';
  });
  out = out.replace(MAP_FILTER, (_m, value) => {
    count++;
    return `.reduce((r, i) => { if (i[1] !== undefined) { if (i[0] === '__proto__') { Object.defineProperty(r, i[0], { value: ${value}, enumerable: true, writable: true, configurable: true }); } else { r[i[0]] = ${value}; } } return r; }, {}${typescript ? ' as Record<string, any>' : ''})`;
  });
  if (LEFT.test(out)) throw new Error(`${file}: an undefined-filter of an unknown form is left`);
  if (out.includes('return omitUndefined(result);')) {
    // The import goes after the file's first line (cdk8s import's header comment, or the compiled file's "use strict").
    const nl = out.indexOf('\n') + 1;
    const use = typescript ? "import { omitUndefined } from './omit-undefined';\n" : 'const { omitUndefined } = require("./omit-undefined");\n';
    out = out.slice(0, nl) + use + out.slice(nl);
  }
  return { text: out, count };
}

module.exports = { HELPER, linearizeUndefinedFilters };
