// The CLI's values against Helm's own: for every case of the corpus, the `.Values` that `helm template` (the real
// Helm v3 CLI, built by scripts/helm-testbin.sh) computes for a chart whose values.yaml is the reference chart's
// defaults must be the values `synth` renders from (cliValues in src/cli/main.ts, over helmValues in values.ts), on
// every platform line (each line's chart values.yaml, chosen by --platform-release).
// Normalised only: key order (Go sorts, JavaScript keeps insertion order) and -0 (Go's encoding/json writes -0,
// JSON.stringify 0), by comparing canonical JSON (sorted keys) of both sides; nothing else.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referenceChartValues } from '../../src/cli/chart-values';
import { cliValues } from '../../src/cli/main';
import { helmValues, type SetFlag, type Values } from '../../src/cli/values';
import type { SpecProblem } from '../../src/spec/errors';
import { DEFAULT_PLATFORM_RELEASE, PLATFORM_RELEASES, type PlatformRelease } from '../../src/spec/platform-lines';
import { helmBinDir } from '../support/testbin';
import { CORPUS, KNOWN_DIFFERENCE, REFUSED, STRICTER, type ValuesCase } from './corpus';

const helm = join(helmBinDir(), 'helm');
const work = mkdtempSync(join(tmpdir(), 'tk-helm-'));
const chartDir = (release: PlatformRelease) => join(work, `chart-${release}`);
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(() => {
  for (const release of PLATFORM_RELEASES) {
    const chart = chartDir(release);
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: kubernetes\nversion: 0.0.0\n');
    // JSON is YAML: the defaults reach Helm without any YAML reading of ours in between.
    writeFileSync(join(chart, 'values.yaml'), `${JSON.stringify(referenceChartValues(release), null, 2)}\n`);
    writeFileSync(join(chart, 'templates', 'values.yaml'), '{{ toJson .Values }}\n');
  }
});

/** Helm's environment: its own homes in the work directory, nothing read from the user's. */
function helmEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: join(work, 'home'),
    HELM_CACHE_HOME: join(work, 'helm-cache'),
    HELM_CONFIG_HOME: join(work, 'helm-config'),
    HELM_DATA_HOME: join(work, 'helm-data'),
  };
}

let fileCount = 0;
function writeFiles(c: ValuesCase): string[] {
  return c.files.map((text) => {
    const p = join(work, `values-${++fileCount}.yaml`);
    writeFileSync(p, text);
    return p;
  });
}

/** The case's --set values with `@NAME@` replaced by the path of a file holding setFiles[NAME]. */
function setFlags(c: ValuesCase): SetFlag[] {
  return (c.set ?? []).map((s) => ({
    flag: s.flag,
    value: s.value.replace(/@([a-z]+)@/g, (_m, name: string) => {
      const p = join(work, `setfile-${name}`);
      writeFileSync(p, c.setFiles![name]);
      return p;
    }),
  }));
}

/** What Helm computes: its `.Values` as JSON, or its error. */
function helmResult(c: ValuesCase, release: PlatformRelease = DEFAULT_PLATFORM_RELEASE): { values: unknown } | { error: string } {
  const args = ['template', 'x', chartDir(release)];
  for (const f of writeFiles(c)) args.push('-f', f);
  if (c.stdin !== undefined) args.push('-f', '-');
  for (const s of setFlags(c)) args.push(s.flag, s.value);
  try {
    const out = execFileSync(helm, args, { env: helmEnv(), input: c.stdin ?? '', encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    const json = out
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('---') && !l.startsWith('# Source:'))
      .join('\n');
    return { values: JSON.parse(json) };
  } catch (e) {
    return { error: String((e as { stderr?: string }).stderr ?? e) };
  }
}

/** What the CLI computes for the same inputs. */
function cliResult(c: ValuesCase, release: PlatformRelease = DEFAULT_PLATFORM_RELEASE): { values: Values } | { problems: SpecProblem[] } {
  const problems: SpecProblem[] = [];
  const files = writeFiles(c);
  if (c.stdin !== undefined) files.push('-');
  // The very function `synth` and `teardown` call.
  const values = cliValues({ valuesFiles: files, set: setFlags(c), platformRelease: release }, problems, () => Buffer.from(c.stdin ?? ''));
  return values === undefined ? { problems } : { values };
}

/** JSON with sorted keys. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

describe('the CLI computes .Values exactly as Helm v3 does', () => {
  it('runs the pinned Helm', () => {
    expect(execFileSync(helm, ['version', '--short'], { env: helmEnv(), encoding: 'utf8' })).toMatch(/^v3\.\d+\.\d+/);
  });

  it.each(PLATFORM_RELEASES.flatMap((r) => CORPUS.map((c) => [r, c.name, c] as const)))('%s: %s', (release, _name, c) => {
    const h = helmResult(c, release);
    const ours = cliResult(c, release);
    if ('error' in h) throw new Error(`Helm refused a corpus case: ${h.error}`);
    if ('problems' in ours) throw new Error(`the CLI refused a corpus case: ${ours.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    expect(canonical(ours.values)).toBe(canonical(h.values));
  });

  it.each(REFUSED.map((c) => [c.name, c] as const))('refuses what Helm refuses: %s', (_name, c) => {
    expect(helmResult(c)).toHaveProperty('error');
    const ours = cliResult(c);
    expect(ours).toHaveProperty('problems');
    expect((ours as { problems: SpecProblem[] }).problems.length).toBeGreaterThan(0);
  });

  it.each(STRICTER.map((c) => [c.name, c] as const))('refuses, where Helm accepts: %s', (_name, c) => {
    expect(helmResult(c)).toHaveProperty('values');
    expect(cliResult(c)).toHaveProperty('problems');
  });

  it('catches a difference: the known merge-key one, and a changed chart default', () => {
    const h = helmResult(KNOWN_DIFFERENCE);
    const ours = cliResult(KNOWN_DIFFERENCE) as { values: Values };
    expect(canonical(ours.values)).not.toBe(canonical((h as { values: unknown }).values));
    expect((h as { values: { m: { a: number } } }).values.m.a).toBe(2);
    expect((ours.values.m as { a: number }).a).toBe(1);
    // The comparison sees a default the CLI would get wrong, too.
    const problems: SpecProblem[] = [];
    const wrongDefaults = referenceChartValues();
    (wrongDefaults.nodeGroups as Record<string, unknown>).md0 = {
      ...(wrongDefaults.nodeGroups as Record<string, Record<string, unknown>>).md0,
      maxReplicas: 9,
    };
    const wrong = helmValues({ files: [], chartValues: wrongDefaults }, problems);
    expect(canonical(wrong)).not.toBe(canonical((helmResult({ name: 'defaults', files: [] }) as { values: unknown }).values));
  });
});
