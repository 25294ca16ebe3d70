import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Each drift round starts Prism and runs Dredd: seconds, not milliseconds.
    testTimeout: 240_000,
    hookTimeout: 120_000,
  },
});
