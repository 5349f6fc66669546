// Jest globalSetup of every tier: makes lib/ (and imports/k8s.*) the build of the current sources before any test
// runs. Tests that run the built package — the CLI as a child process (`fleet` runs its worker threads from lib/),
// the examples importing `tenant-kubernetes`, `npm pack`, the benchmark — must never silently test an older build:
// a fresh clone has one only because `npm ci` ran `prepare`, and a developer who edits src/ has a stale one.
//
// Why build rather than run those tests from source through a transpiler: what they test is the compiled artifact
// (bin/ requires lib/, worker threads load lib/src/cli/fleet-worker.js, the package's self-reference resolves to
// lib/), and src/ itself must stay free of test-only hooks. The check is cheap: a SHA-256 of every build input
// (src/, imports/, the build scripts, tsconfig.json, package-lock.json), compared with the one recorded after the
// last clean build; only when it differs, or an output is missing, does it run the two steps of `npm run build`
// (incremental tsc: a few seconds when little changed). Type errors do not stop the run — jest does not type-check
// (esbuild transform), tsc still emits, and `npm test` fails on them in its own `npm run build` — but they are printed.
'use strict';
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '../..');
const STAMP = join(ROOT, 'node_modules/.cache/tenant-kubernetes/lib-build.sha256');
/** What scripts/k8s-imports.js writes: outputs, not inputs. */
const GENERATED = new Set(['imports/k8s.js', 'imports/k8s.d.ts']);
const INPUT_DIRS = ['src', 'imports'];
const INPUT_FILES = ['tsconfig.json', 'package-lock.json', 'scripts/k8s-imports.js', 'scripts/manifest-only.js', 'scripts/undefined-filters.js'];
/** The outputs the tests load; any of them missing means no usable build. */
const OUTPUTS = [
  'imports/k8s.js',
  'imports/k8s.d.ts',
  'lib/imports/k8s.js',
  'lib/src/index.js',
  'lib/src/pulumi/index.js',
  'lib/src/cli/main.js',
  'lib/src/cli/fleet-worker.js',
];

function files(dir) {
  return readdirSync(join(ROOT, dir), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? files(`${dir}/${e.name}`) : e.isFile() ? [`${dir}/${e.name}`] : []));
}

/** The digest of every build input, by path and content. */
function inputDigest() {
  const hash = createHash('sha256');
  const paths = [...INPUT_DIRS.flatMap(files).filter((p) => !GENERATED.has(p)), ...INPUT_FILES.filter((p) => existsSync(join(ROOT, p)))];
  for (const p of paths)
    hash
      .update(`${p}\0`)
      .update(readFileSync(join(ROOT, p)))
      .update('\0');
  return hash.digest('hex');
}

function run(args) {
  return spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Builds lib/ when it is missing or older than the sources; returns what it did. */
function ensureBuilt() {
  const digest = inputDigest();
  const missing = OUTPUTS.filter((p) => !existsSync(join(ROOT, p)));
  const recorded = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : '';
  if (missing.length === 0 && recorded === digest) return 'current';
  const started = Date.now();
  const imports = run(['scripts/k8s-imports.js']);
  if (imports.status !== 0) throw new Error(`lib/ cannot be built: scripts/k8s-imports.js failed:\n${imports.stdout}${imports.stderr}`);
  const tsc = run([require.resolve('typescript/bin/tsc', { paths: [ROOT] }), '-p', 'tsconfig.json']);
  // tsc exits 2 when it reported errors but wrote every output, 1 when it wrote nothing.
  if (tsc.status !== 0 && tsc.status !== 2)
    throw new Error(`lib/ cannot be built: tsc -p tsconfig.json failed (${tsc.status}):\n${tsc.stdout}${tsc.stderr}`);
  const why =
    missing.length > 0
      ? `${missing.join(', ')} missing`
      : recorded
        ? 'sources changed since its last build'
        : 'no earlier build recorded by this check';
  if (tsc.status === 2) {
    process.stderr.write(`\nbuilt lib/ (${why}) WITH TYPE ERRORS (npm test fails on them):\n${tsc.stdout}\n`);
    return 'built with type errors';
  }
  mkdirSync(join(STAMP, '..'), { recursive: true });
  writeFileSync(STAMP, `${digest}\n`);
  process.stderr.write(`\nbuilt lib/ (${why}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return 'built';
}

module.exports = async function globalSetup() {
  ensureBuilt();
};
module.exports.ensureBuilt = ensureBuilt;
