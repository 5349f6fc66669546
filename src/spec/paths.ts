// Problem paths: where in the input a problem is, written the way a reader of the input finds it.

/** Keys longer than this are shortened in paths: a path is for finding the key, and a key can be megabytes long. */
const MAX_PATH_KEY = 64;

/**
 * Joins a path and a key; keys that are not identifiers are quoted: `nodeGroups["my.group"]`. A key over 64
 * characters shows its start and its length: `valuesOverride["aaaa…" (1100 characters)]`.
 */
export function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (key.length > MAX_PATH_KEY) return `${path}[${JSON.stringify(`${key.slice(0, 32)}…`)} (${key.length} characters)]`;
  const safe = /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key);
  if (!safe) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}
