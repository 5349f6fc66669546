import { run } from '../../src/cli/main';

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
