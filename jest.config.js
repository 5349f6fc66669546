/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The engine tier (real `pulumi up`, issue 6) is not finished: it runs only when asked for.
  testPathIgnorePatterns: process.env.TENANT_KUBERNETES_ENGINE_TIER === '1' ? ['/node_modules/'] : ['/node_modules/', '<rootDir>/test/engine/'],
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  transform: { '^.+\\.ts$': '<rootDir>/test/support/esbuild-transform.js' },
  // The generated imports/ are large; transforming them once per worker is the main cost, so cache it.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
};
