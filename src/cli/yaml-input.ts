// Reading the CLI's YAML inputs (values files, cluster files) into plain values, with problems instead of throws.
import { readFileSync } from 'node:fs';
import { CORE_SCHEMA, YAMLException, loadAll } from 'js-yaml';
import type { SpecProblem } from '../spec/errors';

/**
 * Reads a YAML file's documents (YAML 1.2 core schema: `yes`, `2024-01-01` stay strings; duplicate keys are an
 * error); a problem (unreadable file, the first YAML error with its line and column) is returned, not thrown.
 */
export function readYamlDocuments(file: string, problems: SpecProblem[], what: string): unknown[] | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    problems.push({ path: file, value: file, message: `cannot read ${what}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    return undefined;
  }
  try {
    return loadAll(text, null, { filename: file, schema: CORE_SCHEMA });
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    const where = e.mark ? `${file}:${e.mark.line + 1}:${e.mark.column + 1}` : file;
    problems.push({ path: where, value: file, message: `invalid YAML: ${e.reason}` });
    return undefined;
  }
}
