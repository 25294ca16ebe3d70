import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The guard bundles specs with Redocly and the consumer test packs, npm-installs and runs Prism: minutes,
  // not seconds, on a loaded 2-core CI machine.
  test: { testTimeout: 120_000, hookTimeout: 600_000 },
});
