import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    // Loading Prism takes about a second on an idle machine and several under a parallel `pnpm test`;
    // these are limits against hangs, not performance assertions. They leave room for the waits inside
    // the tests (pushes up to 60 s, a payOrder through two unanswered 10 s calls).
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
