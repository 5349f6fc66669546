import { join } from 'node:path';
import { parseArgs, type SynthArgs } from '../../src/cli/args';
import { cliSpec, run } from '../../src/cli/main';
import { formatProblem, type SpecProblem } from '../../src/spec/errors';

/** Runs the CLI in-process and returns its exit status and what it wrote; `stdin` is what `-f -` reads (nothing by default). */
export async function cli(argv: string[], stdin?: string): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await run(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    stdin: (limit: number) => Buffer.from(stdin ?? '').subarray(0, limit + 1),
  });
  return { status, stdout, stderr };
}

/** The flags of `npm run synth:example` (package.json), without its values file. */
export const EXAMPLE_FLAGS = [
  '--name',
  'example',
  '--namespace',
  'tenant-example',
  '--tenant-ingress',
  'tenant-root',
  '--tenant-host',
  'example.org',
];

/** The example values file of the README's main job. */
export const EXAMPLE_VALUES = join(__dirname, '../../examples/values/example.yaml');

/** The description `npm run synth:example` renders, as the CLI builds it (values read as Helm reads them). */
export function exampleSpec(): Record<string, unknown> {
  const problems: SpecProblem[] = [];
  const spec = cliSpec(parseArgs(['synth', ...EXAMPLE_FLAGS, '-f', EXAMPLE_VALUES]) as SynthArgs, problems);
  if (spec === undefined) throw new Error(`the example values file has problems: ${problems.map(formatProblem).join('; ')}`);
  return spec;
}
