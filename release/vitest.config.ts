import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    // Limits against hangs on a busy 2-core CI box, not performance assertions.
    testTimeout: 30_000,
  },
});
