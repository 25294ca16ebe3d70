import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Redoc pages, Prism mocks and the TypeScript compiler are heavy on a shared 2-core CI machine.
    testTimeout: 120_000,
    hookTimeout: 240_000,
    // Files run in parallel (each browser-*.test.ts with its own Chromium and static server): every wait in them is
    // on an event (Redoc hydrated, the layout settled), never a fixed sleep, so sharing the cores costs time only.
    // Two projects, two turbo tasks: `browser` needs only the built site (docs#build), so it starts early in a
    // run; `site` (samples type-checked against the clients, the README checks) waits for every package's build.
    // `vitest run` here runs both.
    projects: [
      { extends: true, test: { name: 'site', include: ['test/**/*.test.ts'], exclude: ['test/browser-*.test.ts'] } },
      { extends: true, test: { name: 'browser', include: ['test/browser-*.test.ts'] } },
    ],
  },
});
