import { stringify } from 'yaml';
import { sortKeys, type KubeObject } from '../render/manifest';

/** Objects as multi-document YAML: keys sorted, no line folding, byte-identical for the same input. */
export function toYaml(objects: readonly KubeObject[]): string {
  return objects.map((o) => stringify(sortKeys(o), { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false })).join('---\n');
}
