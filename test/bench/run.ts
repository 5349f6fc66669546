// `npm run bench`: what a platform with hundreds to thousands of tenant clusters pays for synthesis, loading and
// Pulumi registration. Every figure comes from a fresh process (worker.ts, or the CLI under /usr/bin/time).
//   npm run bench                  N = 1, 100, 1000, 3000 (median of 3 runs from N = 100); checks the targets (exit 1
//                                  if one is missed)
//   npm run bench -- --quick       N = 1, 10 (the CI smoke run: figures only, no targets)
//   npm run bench -- --json FILE   also writes every figure as JSON
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const root = join(__dirname, '../..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const SIZES = quick ? [1, 10] : [1, 100, 1000, 3000];
const CDK8S_MAX = quick ? 10 : 1000;
const LOAD_RUNS = quick ? 3 : 9;
const PULUMI_CLUSTERS = quick ? 5 : 100;
/** Runs per synthesis figure from N = 100 on (this VM's speed varies by tens of percent from minute to minute). */
const REPEAT = quick ? 1 : 3;

interface Figure {
  readonly ms: number;
  readonly maxRssMiB: number;
  readonly [fact: string]: number | string;
}

const work = mkdtempSync(join(tmpdir(), 'tk-bench-'));
// Built into the repository's tree, so `tenant-kubernetes` resolves to this package's lib/ (self-reference).
const workerBuild = join(root, 'lib', 'bench-worker.js');
buildSync({
  entryPoints: [join(__dirname, 'worker.ts')],
  bundle: true,
  platform: 'node',
  packages: 'external',
  outfile: workerBuild,
  logLevel: 'warning',
});

function measure(...workerArgs: string[]): Figure {
  const r = spawnSync(process.execPath, [workerBuild, ...workerArgs], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`worker ${workerArgs.join(' ')} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

/** The median-time run of `runs` (its figures), with the highest peak memory of them all. */
function medianOf(runs: number, once: () => Figure): Figure {
  const all = Array.from({ length: runs }, once).sort((a, b) => a.ms - b.ms);
  return { ...all[Math.floor(runs / 2)], maxRssMiB: Math.max(...all.map((f) => f.maxRssMiB)) };
}

/**
 * The CLI end to end (node start-up, reading the fleet file, writing one file per cluster) under /usr/bin/time;
 * `jobs`: its --jobs (default: its own choice, one thread per core and 100 clusters).
 */
function cli(n: number, jobs?: number): Figure {
  const out = join(work, `out-${n}`);
  const threads = jobs === undefined ? [] : ['--jobs', String(jobs)];
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', '%e %M', process.execPath, join(root, 'bin/tenant-kubernetes.js'), 'fleet', ...threads, '-o', out, join(work, `fleet-${n}.yaml`)],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`CLI failed (${r.status}): ${r.stderr}`);
  const [seconds, kib] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  rmSync(out, { recursive: true, force: true });
  return { ms: seconds * 1000, maxRssMiB: Math.round(kib / 1024) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 1 : 0)} ms`);
const pad = (s: string | number, w: number) => String(s).padStart(w);

const results: Record<string, unknown> = {
  machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
  node: process.version,
  date: new Date().toISOString().slice(0, 10),
};
console.log(
  `tenant-kubernetes benchmark — ${String(results.machine)}, Node ${String(results.node)}, ${String(results.date)}${quick ? ' (quick)' : ''}\n`,
);

// Synthesis.
console.log(
  `${pad('N', 5)} | ${pad('library', 9)} ${pad('per cl.', 8)} ${pad('peak', 8)} | ${pad('CLI', 9)} ${pad('peak', 8)} ${pad('CLI -j 1', 9)} | ${pad('js-yaml', 9)} ${pad('yaml', 9)} ${pad('ratio', 6)} | ${pad('cdk8s 1 chart', 13)} ${pad('peak', 8)} ${pad('chart/cl.', 9)} ${pad('peak', 8)} | objects  YAML`,
);
const synthesis: Record<number, Record<string, Figure>> = {};
for (const n of SIZES) {
  measure('fleet-file', String(n), work);
  const runs = n >= 100 ? REPEAT : 1;
  const row: Record<string, Figure> = {
    library: medianOf(runs, () => measure('library', String(n))),
    cli: medianOf(runs, () => cli(n)),
    cliOneThread: medianOf(runs, () => cli(n, 1)),
    jsYaml: medianOf(runs, () => measure('floor', String(n), 'js-yaml')),
    yaml: medianOf(runs, () => measure('floor', String(n), 'yaml')),
  };
  if (n <= CDK8S_MAX) {
    row.cdk8sOneChart = measure('cdk8s', String(n), join(work, `cdk8s-${n}`), 'one');
    rmSync(join(work, `cdk8s-${n}`), { recursive: true, force: true });
    row.cdk8s = measure('cdk8s', String(n), join(work, `cdk8s-${n}`), 'per-cluster');
    rmSync(join(work, `cdk8s-${n}`), { recursive: true, force: true });
  }
  synthesis[n] = row;
  const floorMs = Math.min(row.jsYaml.ms, row.yaml.ms);
  const [c1, c] = [row.cdk8sOneChart, row.cdk8s];
  console.log(
    `${pad(n, 5)} | ${pad(ms(row.library.ms), 9)} ${pad(ms(row.library.ms / n), 8)} ${pad(`${row.library.maxRssMiB} MiB`, 8)} | ${pad(ms(row.cli.ms), 9)} ${pad(`${row.cli.maxRssMiB} MiB`, 8)} ${pad(ms(row.cliOneThread.ms), 9)} | ${pad(ms(row.jsYaml.ms), 9)} ${pad(ms(row.yaml.ms), 9)} ${pad(`${(row.library.ms / floorMs).toFixed(2)}×`, 6)} | ${pad(c1 ? ms(c1.ms) : '-', 13)} ${pad(c1 ? `${c1.maxRssMiB} MiB` : '-', 8)} ${pad(c ? ms(c.ms) : '-', 9)} ${pad(c ? `${c.maxRssMiB} MiB` : '-', 8)} | ${pad(row.library.objects, 7)} ${(Number(row.library.bytes) / 2 ** 20).toFixed(1)} MiB`,
  );
}
results.synthesis = synthesis;
console.log('  library: spec -> validated, rendered YAML in memory, one thread (require included); CLI: `tenant-kubernetes fleet -o DIR`,');
console.log('  whole process, on its default threads (one per core and 100 clusters) and on one (-j 1); js-yaml/yaml: serialising');
console.log('  the same objects only (the floor); ratio: library / fastest floor. cdk8s: `app.synth()` of TenantKubernetesCluster');
console.log('  constructs, all in one Chart, and one Chart per cluster (cdk8s synthesizes each Chart against the whole App: quadratic).');
console.log(`  ${REPEAT > 1 ? `From N = 100, library, CLI and floors: the median of ${REPEAT} runs, the peak of all.` : ''}\n`);

// Loading.
const loads: Record<string, number> = {};
for (const entry of ['tenant-kubernetes', 'tenant-kubernetes/pulumi', 'cdk8s']) {
  loads[entry] = median(Array.from({ length: LOAD_RUNS }, () => measure('load', entry).ms));
}
results.load = loads;
console.log(
  `require (median of ${LOAD_RUNS} fresh processes): tenant-kubernetes ${ms(loads['tenant-kubernetes'])} (of which cdk8s itself ${ms(loads.cdk8s)}), tenant-kubernetes/pulumi ${ms(loads['tenant-kubernetes/pulumi'])}`,
);

// Pulumi under mocks.
const p = measure('pulumi', String(PULUMI_CLUSTERS));
results.pulumi = p;
console.log(
  `Pulumi component under mocks, ${PULUMI_CLUSTERS} clusters: ${ms(p.ms)} (loading ${ms(Number(p.loadMs))}), peak ${p.maxRssMiB} MiB, ${p.resources} resources = ${p.perCluster} per cluster`,
);
console.log(`  per cluster: ${p.perType}`);

// The unit tier (not in the quick run, which itself runs inside the test suite).
if (!quick) {
  const t0 = performance.now();
  execFileSync(process.execPath, [join(root, 'node_modules/jest/bin/jest.js'), '--silent', 'test/unit'], { cwd: root, stdio: 'ignore' });
  results.unitSuiteMs = performance.now() - t0;
  console.log(`unit test suite (jest test/unit): ${ms(Number(results.unitSuiteMs))}\n`);
}

if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(results, null, 2)}\n`);
rmSync(work, { recursive: true, force: true });
rmSync(workerBuild, { force: true });

if (!quick) {
  const at = (n: number) => synthesis[n];
  const floorOf = (n: number) => Math.min(at(n).jsYaml.ms, at(n).yaml.ms);
  const targets: Array<[string, boolean]> = [
    [
      `1,000 clusters under 5 s (library ${ms(at(1000).library.ms)}, CLI ${ms(at(1000).cli.ms)})`,
      at(1000).library.ms < 5000 && at(1000).cli.ms < 5000,
    ],
    [
      `1,000 clusters under 1 GiB (library ${at(1000).library.maxRssMiB} MiB, CLI ${at(1000).cli.maxRssMiB} MiB)`,
      at(1000).library.maxRssMiB < 1024 && at(1000).cli.maxRssMiB < 1024,
    ],
    [
      `3,000 within 3.3× 1,000 (library ${(at(3000).library.ms / at(1000).library.ms).toFixed(2)}×, CLI ${(at(3000).cli.ms / at(1000).cli.ms).toFixed(2)}×)`,
      at(3000).library.ms <= 3.3 * at(1000).library.ms && at(3000).cli.ms <= 3.3 * at(1000).cli.ms,
    ],
    [
      `synthesis within 3× the serialisation floor (${SIZES.filter((n) => n >= 100)
        .map((n) => `${n}: ${(at(n).library.ms / floorOf(n)).toFixed(2)}×`)
        .join(', ')})`,
      SIZES.filter((n) => n >= 100).every((n) => at(n).library.ms <= 3 * floorOf(n)),
    ],
    [`library load under 300 ms (${ms(loads['tenant-kubernetes'])})`, loads['tenant-kubernetes'] < 300],
  ];
  for (const [what, ok] of targets) console.log(`${ok ? 'met   ' : 'MISSED'} ${what}`);
  if (targets.some(([, ok]) => !ok)) process.exitCode = 1;
}
