import { defineConfig } from 'vitest/config';

// End-to-end tests of the explorer in a real browser (Debian's chromium driven by
// playwright-core). The test file builds web/ and starts the server itself on a free port.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
