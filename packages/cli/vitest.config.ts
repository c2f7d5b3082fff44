import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    // Each test runs the built `daji` as a child process against a mock server that loads Prism; on a
    // 2-core CI box under a parallel `pnpm test` that is slow. Limits against hangs, not performance.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
