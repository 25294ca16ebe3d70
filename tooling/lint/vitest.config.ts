import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Each test runs Redocly and Spectral in child processes: seconds on a loaded 2-core CI machine.
  test: { testTimeout: 120_000 },
});
