import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Redoc pages, Prism mocks and the TypeScript compiler are heavy on a shared 2-core CI machine.
    testTimeout: 120_000,
    hookTimeout: 240_000,
    // One file at a time: the browser, the mocks and tsc would otherwise fight for the same two cores.
    fileParallelism: false,
  },
});
