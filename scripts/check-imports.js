#!/usr/bin/env node
// `npm run check:imports`: fails when the committed output of `npm run import` (imports/*.ts but the built k8s.*, from
// crds/v0.37, src/spec/platform-lines/instance-types-*.data.ts, from each line's CRD set, the JSON Schemas
// schemas/*.schema.json and the Pulumi package schema schemas/pulumi-schema.json, from the TypeScript types) is not what the generators make now. It regenerates everything
// into a temporary directory and compares byte for byte; the working tree is not touched and git is not needed.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
// Written by k8s-imports.js at build time from cdk8s-plus-28, not by `npm run import`, and not committed.
const BUILT = new Set(['k8s.js', 'k8s.d.ts']);
const INSTANCE_TYPES_DIR = path.join('src', 'spec', 'platform-lines');
const isInstanceTypes = (f) => /^instance-types-.*\.data\.ts$/.test(f);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tenant-kubernetes-check-imports-'));
try {
  const run = (script, args) => {
    try {
      execFileSync(process.execPath, [path.join(__dirname, script), ...args], { cwd: root, stdio: 'pipe', encoding: 'utf8' });
    } catch (e) {
      process.stderr.write(`check:imports: scripts/${script} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
      process.exit(2);
    }
  };
  run('import-crds.js', ['--output', path.join(tmp, 'imports')]);
  run('gen-instance-types.js', ['--output', path.join(tmp, 'instance-types')]);
  run('gen-schemas.js', ['--output', path.join(tmp, 'schemas')]);
  run('gen-pulumi-schema.js', ['--output', path.join(tmp, 'schemas')]);

  /** Relative path in the repository -> [committed file or undefined, regenerated file or undefined]. */
  const pairs = new Map();
  const list = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => !BUILT.has(f)) : []);
  for (const f of list(path.join(root, 'imports'))) pairs.set(`imports/${f}`, [path.join(root, 'imports', f), undefined]);
  for (const f of list(path.join(tmp, 'imports'))) pairs.set(`imports/${f}`, [pairs.get(`imports/${f}`)?.[0], path.join(tmp, 'imports', f)]);
  const committedTypes = path.join(root, INSTANCE_TYPES_DIR);
  const rel = (f) => `${INSTANCE_TYPES_DIR.split(path.sep).join('/')}/${f}`;
  const types = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter(isInstanceTypes) : []);
  for (const f of types(committedTypes)) pairs.set(rel(f), [path.join(committedTypes, f), undefined]);
  for (const f of types(path.join(tmp, 'instance-types'))) pairs.set(rel(f), [pairs.get(rel(f))?.[0], path.join(tmp, 'instance-types', f)]);

  const schemas = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : []);
  for (const f of schemas(path.join(root, 'schemas'))) pairs.set(`schemas/${f}`, [path.join(root, 'schemas', f), undefined]);
  for (const f of schemas(path.join(tmp, 'schemas'))) pairs.set(`schemas/${f}`, [pairs.get(`schemas/${f}`)?.[0], path.join(tmp, 'schemas', f)]);

  const drift = [];
  for (const [name, [committed, regenerated]] of [...pairs].sort(([a], [b]) => a.localeCompare(b))) {
    const has = (p) => p !== undefined && fs.existsSync(p);
    if (!has(committed)) drift.push(`${name}: missing (the generators write it)`);
    else if (!has(regenerated)) drift.push(`${name}: not written by the generators (stale?)`);
    else if (!fs.readFileSync(committed).equals(fs.readFileSync(regenerated))) drift.push(`${name}: differs from what the generators write`);
  }
  if (drift.length > 0) {
    console.error(`check:imports: the committed generated files are out of date:\n  ${drift.join('\n  ')}`);
    console.error(
      'Regenerate them with `npm run import` (then `npm run build`; the schemas alone: `npm run schemas`), review and commit the result. Never edit them by hand.',
    );
    process.exit(1);
  }
  console.log(`check:imports: ${pairs.size} generated files match what the generators write`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
