// The rules on cluster, node group and addon names that make every derived object name an injective function of
// (namespace, cluster, role): two distinct clusters, in any namespaces, never get an object of the same kind and
// name, and no node group or addon collides with another object of its cluster. docs/naming.md explains why
// each rule is needed; the rules are derived from the role table (name-roles.ts), not listed by hand.
//
// Names are read as words: the parts between `-`. A namespaced name is `kubernetes` + the cluster's words + the
// role's words. Two clusters c1 and c2 = c1-t can only collide where a role's words are t followed by another role's
// words of the same kind; refusing cluster names that end in such a t removes every collision. Cluster-scoped names
// put the namespace's words in front: `<namespace>-kubernetes-<cluster>…`; a cluster name without the word
// `kubernetes` makes the last `kubernetes` in the name the boundary, so the namespace is always recoverable.
import { GLOBAL_ROLES, NAMESPACED_ROLES, type KindRoles } from './name-roles';

/** The word every base name starts with (`kubernetes-<cluster>`); a cluster name may not contain it. */
export const BASE_WORD = 'kubernetes';

/** Node group names are one word: lower-case letters and digits. */
export const NODE_GROUP_NAME = /^[a-z0-9]+$/;

const words = (name: string): string[] => (name === '' ? [] : name.split('-'));

/** The endings `t` such that some kind has roles `t-s` and `s` (or `t` and the base name itself). */
function ambiguousEndings(tables: readonly KindRoles[]): string[] {
  const byKind = new Map<string, Set<string>>();
  for (const { kind, suffixes } of tables) {
    const set = byKind.get(kind) ?? new Set<string>();
    for (const s of suffixes) set.add(s);
    byKind.set(kind, set);
  }
  const endings = new Set<string>();
  for (const suffixes of byKind.values()) {
    for (const long of suffixes) {
      for (const short of suffixes) {
        const l = words(long);
        const s = words(short);
        if (s.length >= l.length) continue;
        if (s.every((w, i) => l[l.length - s.length + i] === w)) endings.add(l.slice(0, l.length - s.length).join('-'));
      }
    }
  }
  return [...endings].sort();
}

/** Cluster names may not end in `-<one of these>`: each would give a name another cluster's role already has. */
export const RESERVED_CLUSTER_ENDINGS: readonly string[] = ambiguousEndings([...NAMESPACED_ROLES, ...GLOBAL_ROLES]);

/** Why a (DNS-1123 label) cluster name could share an object name with another cluster, or `undefined`. */
export function clusterNameProblem(name: string): string | undefined {
  if (words(name).includes(BASE_WORD)) {
    return `may not contain the word "${BASE_WORD}": cluster-scoped names are <namespace>-${BASE_WORD}-<name>, and another tenant's namespace and cluster could then spell the same name`;
  }
  const ending = RESERVED_CLUSTER_ENDINGS.find((t) => name.endsWith(`-${t}`));
  if (ending !== undefined) {
    const other = name.slice(0, -(ending.length + 1));
    return `may not end in "-${ending}": objects of cluster "${name}" would have the names of objects of a cluster "${other}" in the same namespace`;
  }
  return undefined;
}

/** Why a (DNS-1123 label) node group name is refused, or `undefined`. */
export function nodeGroupNameProblem(group: string): string | undefined {
  if (NODE_GROUP_NAME.test(group)) return undefined;
  return 'node group names are one word (lower-case letters and digits): with "-", cluster "a" group "b-c" and cluster "a-b" group "c" would both have MachineDeployment kubernetes-a-b-c';
}

/**
 * Why an existing DataStore (`tenant.dataStoreName`) may not be used from `namespace`, or `undefined`: a name of
 * the dedicated form `<other namespace>-kubernetes-<cluster>` is another tenant's cluster's own etcd.
 */
export function dataStoreNameProblem(dataStoreName: string, namespace: string): string | undefined {
  const w = words(dataStoreName);
  const at = w.lastIndexOf(BASE_WORD);
  if (at <= 0 || at === w.length - 1) return undefined;
  const owner = w.slice(0, at).join('-');
  if (owner === namespace) return undefined;
  return `is the dedicated etcd of a cluster in namespace "${owner}": a cluster may only share a dedicated DataStore of its own namespace`;
}
