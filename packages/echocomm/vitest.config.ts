import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Prism (started once by the global setup) answers in milliseconds, but a loaded CI machine may not.
  test: { globalSetup: ['./test/global-setup.ts'], hookTimeout: 120_000, testTimeout: 30_000 },
});
