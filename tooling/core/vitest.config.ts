import { defineConfig } from 'vitest/config';

// Bundling a spec with Redocly takes seconds on a loaded 2-core machine.
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 } });
