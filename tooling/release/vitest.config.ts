import { defineConfig } from 'vitest/config';

/** The consumer tests install the packed tarballs with npm, on a Node line the packages support. */
const consumerTests = ['test/consumer.test.ts', 'test/sandbox-consumer.test.ts'];

export default defineConfig({
  // The guard bundles specs with Redocly and the packages are packed: seconds each, more on a loaded 2-core machine.
  test: {
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // Two projects, two turbo tasks: `test` (the release tooling) and `test:consumer` (consumer.sh, which picks
    // the Node line). `vitest run` here runs both.
    projects: [
      { extends: true, test: { name: 'release', include: ['test/**/*.test.ts'], exclude: consumerTests } },
      { extends: true, test: { name: 'consumer', include: consumerTests } },
    ],
  },
});
