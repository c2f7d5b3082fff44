import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    // Limits against hangs, not performance assertions: a parallel `pnpm test` on a 2-core CI box is slow.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
