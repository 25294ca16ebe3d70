import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Each drift round starts Prism and runs Dredd, and a fuzz run sends hundreds of requests: seconds, not
    // milliseconds, and minutes on a busy 2-core machine.
    testTimeout: 480_000,
    hookTimeout: 180_000,
  },
});
