import { configDefaults, defineConfig } from 'vitest/config';

/** The consumer tests install the packed tarballs with npm: their own stage (`pnpm test:consumer`), on a Node line the packages support. */
export const consumerTests = ['test/consumer.test.ts', 'test/sandbox-consumer.test.ts'];

export default defineConfig({
  // The guard bundles specs with Redocly and packs the packages: seconds each, more on a loaded 2-core machine.
  test: { testTimeout: 120_000, hookTimeout: 600_000, exclude: [...configDefaults.exclude, ...consumerTests] },
});
