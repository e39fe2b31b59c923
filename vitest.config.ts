import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**', 'dist/**', 'web-dist/**'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
