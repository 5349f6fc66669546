// The bad-input corpus through the CLI: `synth -f values.yaml` exits 2 for every case, prints nothing on stdout,
// gives one `path: message (got value)` line per problem on stderr (the case's problem path among them), no stack
// trace, and never the secret marker.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli';
import { BASES, SECRET, cliFlags, corpus, valuesYaml } from './bad-input-corpus';

const dir = mkdtempSync(join(tmpdir(), 'tk-bad-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function synth(spec: Record<string, unknown>): Promise<{ status: number; stdout: string; stderr: string }> {
  const file = join(dir, `values-${n++}.yaml`);
  writeFileSync(file, valuesYaml(spec));
  return cli(['synth', ...cliFlags(spec), '-f', file]);
}

/** A problem line: `path: message (got value)`, where the path is the case's or under it. */
function lineFor(stderr: string, problemPath: string): string | undefined {
  return stderr.split('\n').find((l) => l.startsWith(`${problemPath}: `) || l.startsWith(`${problemPath}.`) || l.startsWith(`${problemPath}[`));
}

describe('the bad-input corpus through the CLI', () => {
  it.each(BASES.map((b) => [b.title, b.spec] as const))('renders the base %s', async (_title, spec) => {
    const r = await synth(spec as unknown as Record<string, unknown>);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.each(
    corpus()
      .filter((c) => c.cli)
      .map((c) => [c.title, c] as const),
  )('%s', async (_title, c) => {
    const r = await synth(c.spec);
    expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 2, stdout: '' });
    expect(lineFor(r.stderr, c.problemPath) ?? r.stderr).toMatch(/^\S.*: .+ \(got .+\)$/);
    for (const line of r.stderr.trimEnd().split('\n')) expect(line).toMatch(/^\S.*: .+ \(got .+\)$/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toContain(SECRET);
  });
});
