// Label keys and values as the API server validates them (apimachinery `IsQualifiedName`, `IsValidLabelValue`), so a
// selector or topology key the user writes is refused here rather than by the API server after a partial apply.
import { DNS1123_SUBDOMAIN, MAX_LABEL_LENGTH, MAX_SUBDOMAIN_LENGTH } from './names';

/** The name part of a qualified name, and a non-empty label value: alphanumeric at both ends, `-_.` inside. */
const QUALIFIED_NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** What is wrong with a label key (e.g. `topology.kubernetes.io/zone`), or `undefined` when it is valid. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (prefix !== undefined) {
    if (prefix.length === 0 || prefix.length > MAX_SUBDOMAIN_LENGTH || !DNS1123_SUBDOMAIN.test(prefix)) {
      return `must be a label key: its prefix before "/" must be a DNS-1123 subdomain of at most ${MAX_SUBDOMAIN_LENGTH} characters`;
    }
  }
  if (name.length === 0 || name.length > MAX_LABEL_LENGTH || !QUALIFIED_NAME_PART.test(name)) {
    return `must be a label key: an optional DNS prefix and "/", then a name of at most ${MAX_LABEL_LENGTH} letters, digits, "-", "_" or ".", alphanumeric at both ends`;
  }
  return undefined;
}

/** The operators of a label selector requirement (`matchExpressions[].operator`). */
export const LABEL_SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
export type LabelSelectorOperator = (typeof LABEL_SELECTOR_OPERATORS)[number];

/**
 * What is wrong with the number of values of a requirement, or `undefined`: `In` and `NotIn` need at least one value,
 * `Exists` and `DoesNotExist` match on the key alone and take none (apimachinery `ValidateLabelSelectorRequirement`).
 */
export function requirementValuesProblem(operator: LabelSelectorOperator, count: number): string | undefined {
  if ((operator === 'In' || operator === 'NotIn') && count === 0)
    return `must list at least one label value with operator "${operator}" (or use "Exists" to match on the key alone)`;
  if ((operator === 'Exists' || operator === 'DoesNotExist') && count > 0)
    return `must be empty with operator "${operator}", which matches on the key alone: drop values, or use "In" / "NotIn"`;
  return undefined;
}

/** What is wrong with a label value, or `undefined` when it is valid (the empty value is). */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > MAX_LABEL_LENGTH || (value.length > 0 && !QUALIFIED_NAME_PART.test(value))) {
    return `must be a label value: empty, or at most ${MAX_LABEL_LENGTH} letters, digits, "-", "_" or ".", alphanumeric at both ends`;
  }
  return undefined;
}
