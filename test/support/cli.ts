import { run } from '../../src/cli/main';

/** Runs the CLI in-process and returns its exit status and what it wrote. */
export function cli(argv: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const status = run(argv, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
  return { status, stdout, stderr };
}
