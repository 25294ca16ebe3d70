import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Each test bundles specs with Redocly in a child process: seconds on a loaded 2-core CI machine.
  test: { testTimeout: 120_000 },
});
