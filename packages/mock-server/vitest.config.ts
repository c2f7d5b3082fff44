import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    globalSetup: ['test/support/temp-guard.ts'],
    // Loading Prism takes about a second on an idle machine and several under a parallel `pnpm test`;
    // these are limits against hangs, not performance assertions.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
