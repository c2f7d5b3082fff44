import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    // One Chromium drives the whole file; launching it and rendering a 2.5 MB page takes seconds on a busy CI box.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
