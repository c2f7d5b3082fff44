import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    // Each file starts its own redis-server and child processes: run the files one at a time so the
    // multi-process tests do not compete with each other on a 2-core CI box.
    fileParallelism: false,
    // Limits against hangs, not performance assertions.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
