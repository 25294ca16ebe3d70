import { defineConfig } from 'vitest/config';

// Bundling a spec with Redocly takes seconds, and over a minute on a 2-core machine under load (72 s seen in a
// full `npm test`): the same budget as the codegen and lint suites, which do the same work per test.
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 120_000 } });
