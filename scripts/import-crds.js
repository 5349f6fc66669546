#!/usr/bin/env node
// Regenerates imports/ from the pinned CRD schemas in crds/v0.37 (the repository's vendored copies).
// cdk8s import takes one source per call and imports of one API group overwrite each other, so every
// CRD file is concatenated (in sorted path order, for a deterministic result) into one multi-document
// file that is imported once; then cdk8s import's quadratic undefined-filters are made linear (undefined-filters.js)
// and the classes made manifest-only, so the library needs no cdk8s at run time (manifest-only.js).
// The output is committed and never edited by hand. (imports/k8s.js is not made here: see k8s-imports.js.)
// `--output DIR` writes into DIR instead (replacing it), as `npm run check:imports` does to compare with imports/.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { manifestOnly, META } = require('./manifest-only');
const { HELPER, linearizeUndefinedFilters } = require('./undefined-filters');

const root = path.resolve(__dirname, '..');
const crdsDir = path.join(root, 'crds', 'v0.37');
const outFlag = process.argv.indexOf('--output');
if (outFlag !== -1 && process.argv[outFlag + 1] === undefined) {
  console.error('usage: import-crds.js [--output DIR]');
  process.exit(2);
}
const outDir = outFlag === -1 ? path.join(root, 'imports') : path.resolve(process.argv[outFlag + 1]);
const shown = path.relative(root, outDir).startsWith('..') ? outDir : path.relative(root, outDir);

function crdFiles(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...crdFiles(full));
    else if (entry.name.endsWith('.yaml') && !full.includes(`${path.sep}kubevirt-instancetypes${path.sep}`)) found.push(full);
  }
  return found;
}

function rewriteAll(dir) {
  let filters = 0;
  let classes = 0;
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const full = path.join(dir, file);
    const linear = linearizeUndefinedFilters(fs.readFileSync(full, 'utf8'), { typescript: true, file });
    const bare = manifestOnly(linear.text, file, './meta');
    filters += linear.count;
    classes += bare.classes;
    fs.writeFileSync(full, bare.text);
  }
  return { filters, classes };
}

const files = crdFiles(crdsDir).sort((a, b) => path.relative(crdsDir, a).localeCompare(path.relative(crdsDir, b)));
if (files.length === 0) {
  console.error(`no CRD files under ${crdsDir}`);
  process.exit(2);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tenant-kubernetes-import-'));
try {
  const bundle = path.join(tmp, 'crds.yaml');
  fs.writeFileSync(
    bundle,
    files
      .map((f) =>
        fs
          .readFileSync(f, 'utf8')
          .replace(/^---\s*\n/, '')
          .trimEnd(),
      )
      .join('\n---\n') + '\n',
  );
  fs.rmSync(outDir, { recursive: true, force: true });
  const cli = path.join(root, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
  execFileSync(process.execPath, [cli, 'import', bundle, '--output', outDir, '--language', 'typescript', '--no-check-upgrade'], {
    cwd: tmp,
    stdio: 'inherit',
    env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
  });
  const { filters, classes } = rewriteAll(outDir);
  fs.writeFileSync(path.join(outDir, 'omit-undefined.ts'), HELPER);
  fs.writeFileSync(path.join(outDir, 'meta.ts'), META);
  console.log(
    `imported ${files.length} CRD files from ${path.relative(root, crdsDir)} into ${shown}/ (${filters} undefined-filters made linear, ${classes} classes manifest-only)`,
  );
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
