import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests use a fake clock for waits; the margin is for a loaded 2-core CI machine, not for sleeping.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
