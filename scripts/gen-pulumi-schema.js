#!/usr/bin/env node
// Regenerates schemas/pulumi-schema.json: the Pulumi package schema of the multi-language component, exactly as the
// plugin folder provider/ serves it. Pulumi's own inference (`ComponentProvider.getSchema()` of
// `@pulumi/pulumi/provider/experimental`) reads the TypeScript types of TenantKubernetesCluster's arguments and outputs
// through provider/tsconfig.json; nothing here adds to or edits what it infers. Committed (reviewers see the API other
// languages get; `pulumi schema check` runs on it in the engine tier) and deterministic; never edit it by hand.
// `--output DIR` writes into DIR instead, as `npm run check:imports` does to compare.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { ComponentProvider } = require('@pulumi/pulumi/provider/experimental');

const root = path.resolve(__dirname, '..');

async function main() {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--output');
  const outDir = outIndex >= 0 ? path.resolve(args[outIndex + 1]) : path.join(root, 'schemas');
  // Only the class's name matters to the inference (it finds the declaration in the sources); the class itself is
  // what `construct` would instantiate, which getSchema() never does.
  const provider = new ComponentProvider({
    name: 'tenant-kubernetes',
    dirname: path.join(root, 'provider'),
    components: [class TenantKubernetesCluster {}],
  });
  const schema = JSON.parse(await provider.getSchema());
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'pulumi-schema.json'), `${JSON.stringify(schema, null, 2)}\n`);
}

main().catch((e) => {
  console.error(`gen-pulumi-schema: ${e.message}`);
  process.exit(1);
});
