// `tenant-kubernetes diff`: what changes between two renders of one cluster (for example the same values on platform
// release v0.37 and on v1.5), object by object: added, removed, renamed (a content-hashed name that changed, such as
// a worker template: its machines roll), and changed field paths with their old and new values.
import type { KubeObject } from '../render/manifest';
import { canonicalJson } from '../render/manifest';

/** One object's identity: its kind's API group, kind, namespace and name. */
function identity(o: KubeObject): string {
  const group = o.apiVersion.includes('/') ? o.apiVersion.slice(0, o.apiVersion.indexOf('/')) : '';
  return `${group}|${o.kind}|${o.metadata.namespace ?? ''}|${o.metadata.name}`;
}

/** How an object is named in the output: `Kind namespace/name` (`Kind name` when cluster-scoped). */
export function objectLabel(o: KubeObject): string {
  return `${o.kind} ${o.metadata.namespace === undefined ? '' : `${o.metadata.namespace}/`}${o.metadata.name}`;
}

/** A name ending in a content hash (`-` and six hex digits), as KubevirtMachineTemplates are named. */
const HASHED = /-[0-9a-f]{6}$/;

/** One changed leaf: its path in the object and the two values (`undefined`: absent on that side). */
export interface FieldChange {
  readonly path: string;
  readonly from: unknown;
  readonly to: unknown;
}

export type ObjectChange =
  | { readonly kind: 'added'; readonly object: KubeObject }
  | { readonly kind: 'removed'; readonly object: KubeObject }
  | { readonly kind: 'changed'; readonly from: KubeObject; readonly to: KubeObject; readonly fields: readonly FieldChange[] }
  | { readonly kind: 'renamed'; readonly from: KubeObject; readonly to: KubeObject; readonly fields: readonly FieldChange[] };

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A path segment: `.key`, or `["key"]` when the key is not a plain word (labels such as `app.kubernetes.io/name`). */
function segment(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/**
 * Every leaf where two values differ. Maps are compared key by key; lists of equal length element by element; any
 * other difference (a list that grew or shrank, a type that changed) is one change of the whole value.
 */
export function fieldChanges(from: unknown, to: unknown, path = ''): FieldChange[] {
  if (canonicalJson(from) === canonicalJson(to)) return [];
  if (isMap(from) && isMap(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
    return keys.flatMap((k) =>
      fieldChanges(Object.hasOwn(from, k) ? from[k] : undefined, Object.hasOwn(to, k) ? to[k] : undefined, `${path}${segment(k)}`),
    );
  }
  if (Array.isArray(from) && Array.isArray(to) && from.length === to.length) {
    return from.flatMap((v, i) => fieldChanges(v, to[i], `${path}[${i}]`));
  }
  return [{ path: path === '' ? '.' : path.replace(/^\./, ''), from, to }];
}

/**
 * The object-level difference of two renders. Objects are matched by identity; an object removed and one added of the
 * same kind, namespace and name apart from a content hash are one rename when they are the only such pair. Order:
 * the `to` render's order for what it has, then what only `from` had, in its order.
 */
export function diffRenders(from: readonly KubeObject[], to: readonly KubeObject[]): ObjectChange[] {
  const before = new Map(from.map((o) => [identity(o), o]));
  const after = new Map(to.map((o) => [identity(o), o]));
  const removed = from.filter((o) => !after.has(identity(o)));
  const added = to.filter((o) => !before.has(identity(o)));
  const stem = (o: KubeObject) => identity(o).replace(HASHED, '');
  const renamedTo = new Map<KubeObject, KubeObject>();
  for (const a of added) {
    if (!HASHED.test(a.metadata.name)) continue;
    const olds = removed.filter((r) => HASHED.test(r.metadata.name) && stem(r) === stem(a));
    const news = added.filter((x) => HASHED.test(x.metadata.name) && stem(x) === stem(a));
    if (olds.length === 1 && news.length === 1) renamedTo.set(a, olds[0]);
  }
  const renamedFrom = new Set(renamedTo.values());
  const changes: ObjectChange[] = [];
  for (const o of to) {
    const old = before.get(identity(o));
    const renamed = renamedTo.get(o);
    if (old !== undefined) {
      const fields = fieldChanges(old, o);
      if (fields.length > 0) changes.push({ kind: 'changed', from: old, to: o, fields });
    } else if (renamed !== undefined) {
      changes.push({ kind: 'renamed', from: renamed, to: o, fields: fieldChanges(renamed, o).filter((f) => f.path !== 'metadata.name') });
    } else {
      changes.push({ kind: 'added', object: o });
    }
  }
  for (const o of removed) if (!renamedFrom.has(o)) changes.push({ kind: 'removed', object: o });
  return changes;
}

/** A value as one line: JSON, cut at 100 characters; `(absent)` for a field that is not there. */
function shown(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = canonicalJson(value);
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

/** What a rename means for the cluster, where that is known. */
function renameNote(o: KubeObject): string {
  return o.kind === 'KubevirtMachineTemplate' ? ' (a new worker template: the node group rolls, every machine is replaced once)' : '';
}

/**
 * The difference as text: a header naming both sides, one line per added (`+`), removed (`-`), renamed (`>`) or
 * changed (`~`) object, each changed field indented under it, and a count.
 */
export function formatDiff(changes: readonly ObjectChange[], fromLabel: string, toLabel: string): string {
  const lines = [`--- ${fromLabel}`, `+++ ${toLabel}`];
  const fieldLines = (fields: readonly FieldChange[]) => fields.map((f) => `    ${f.path}: ${shown(f.from)} -> ${shown(f.to)}`);
  for (const c of changes) {
    if (c.kind === 'added') lines.push(`+ ${objectLabel(c.object)}`);
    else if (c.kind === 'removed') lines.push(`- ${objectLabel(c.object)}`);
    else if (c.kind === 'renamed') {
      lines.push(`> ${objectLabel(c.from)} -> ${c.to.metadata.name}${renameNote(c.to)}`, ...fieldLines(c.fields));
    } else lines.push(`~ ${objectLabel(c.to)}`, ...fieldLines(c.fields));
  }
  const count = (k: ObjectChange['kind']) => changes.filter((c) => c.kind === k).length;
  lines.push(
    changes.length === 0
      ? 'no difference'
      : `${count('added')} added, ${count('removed')} removed, ${count('renamed')} renamed, ${count('changed')} changed`,
  );
  return `${lines.join('\n')}\n`;
}
