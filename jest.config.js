// The test tiers as jest projects: `jest` (and `npm test`) runs them all; TENANT_KUBERNETES_TEST_TIERS=a,b (what the
// `npm run test:NAME` scripts set) keeps only those. An environment variable rather than `--selectProjects NAME`,
// because that option takes every later word as one more project name: `npm run test:fast -- test/unit/cli.test.ts`
// would run the whole tier. Each tier is one or more directories of test/; every directory holding tests must belong
// to a tier (checked below), so a new one cannot silently drop out of `npm test`.
const { readdirSync } = require('node:fs');
const { join } = require('node:path');

/** Tier name -> its directories under test/. */
const TIERS = {
  // No binaries, no network: objects, schema, Pulumi mocks, hostile input.
  fast: ['unit', 'pulumi', 'schema', 'reliability'],
  // A real kube-apiserver + etcd (scripts/testbin.sh).
  server: ['server'],
  // The real Pulumi engine against that API server (scripts/pulumi-testbin.sh).
  engine: ['engine'],
  // Real Cluster API and cert-manager (scripts/controllers-testbin.sh).
  controllers: ['controllers'],
  // The npm pack tarball in fresh projects (installs from the npm registry).
  consumer: ['consumer'],
  // The benchmark's smoke run.
  bench: ['bench'],
  // The CLI's values against the real Helm v3 CLI's (scripts/helm-testbin.sh).
  helm: ['helm'],
};

const tiered = Object.values(TIERS).flat();
const hasTests = (dir) =>
  readdirSync(dir, { withFileTypes: true }).some((e) =>
    e.isDirectory() ? e.name !== 'fixtures' && hasTests(join(dir, e.name)) : e.name.endsWith('.test.ts'),
  );
const untiered = readdirSync(join(__dirname, 'test'), { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== 'support' && !tiered.includes(e.name) && hasTests(join(__dirname, 'test', e.name)))
  .map((e) => `test/${e.name}`);
if (untiered.length > 0) throw new Error(`jest.config.js: ${untiered.join(', ')} hold tests but belong to no tier in TIERS`);

const selected = (process.env.TENANT_KUBERNETES_TEST_TIERS ?? '')
  .split(',')
  .map((t) => t.trim())
  .filter(Boolean);
const unknown = selected.filter((t) => !(t in TIERS));
if (unknown.length > 0) throw new Error(`TENANT_KUBERNETES_TEST_TIERS: no tier ${unknown.join(', ')} (the tiers: ${Object.keys(TIERS).join(', ')})`);

/** What every tier shares. */
const shared = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  transform: { '^.+\\.ts$': '<rootDir>/test/support/esbuild-transform.js' },
  // The generated imports/ are large; transforming them once per worker is the main cost, so cache it.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  // lib/ rebuilt when the sources changed (why, and how cheaply: test/support/ensure-built.js).
  globalSetup: '<rootDir>/test/support/ensure-built.js',
};

/** @type {import('jest').Config} */
module.exports = {
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: Object.entries(TIERS)
    .filter(([name]) => selected.length === 0 || selected.includes(name))
    .map(([name, dirs]) => ({
      ...shared,
      displayName: name,
      rootDir: __dirname,
      roots: dirs.map((d) => `<rootDir>/test/${d}`),
    })),
};
