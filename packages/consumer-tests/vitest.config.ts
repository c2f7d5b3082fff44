import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    // Packing five packages, an npm install and a dozen tsc runs on a shared 2-core box: limits against
    // hangs, not performance assertions.
    testTimeout: 240_000,
    hookTimeout: 600_000,
  },
});
