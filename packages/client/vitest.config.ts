import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    // Limits against hangs, not performance assertions: a parallel `pnpm test` on a 2-core CI box is slow.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/contract/**'],
          // Type tests (`*.test-d.ts`) are compiled by tsc and counted like the others.
          // Source files are type-checked by `pnpm typecheck`; here only the type tests count.
          typecheck: {
            enabled: true,
            include: ['test/**/*.test-d.ts'],
            tsconfig: './tsconfig.json',
            ignoreSourceErrors: true,
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'contract',
          include: ['test/contract/**/*.test.ts'],
          // One mock server for the whole run, started only when contract tests run.
          globalSetup: ['test/contract/global-setup.ts'],
        },
      },
    ],
  },
});
