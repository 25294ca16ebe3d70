import { defineConfig } from 'vitest/config';

// Prism mocks, a proxy and a contract run through it: tens of seconds on a loaded 2-core machine.
export default defineConfig({ test: { testTimeout: 300_000, hookTimeout: 300_000, fileParallelism: false } });
