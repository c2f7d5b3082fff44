import { defineConfig } from 'vitest/config';

// The Node build sends through node:http (src/node.ts); these suites run again against it, so every
// real-server behaviour (deadlines, redirects, hostile and huge answers, the mock's contract) is proven
// for both transports.
const nodeBuild = { alias: [{ find: /^\.\.\/\.\.\/src\/index\.js$/, replacement: './src/node.ts' }] };
const realServerSuites = [
  'test/hostile/**/*.test.ts',
  'test/signing/signed-request.test.ts',
  'test/timeouts/**/*.test.ts',
  'test/retries/**/*.test.ts',
  'test/node/**/*.test.ts',
];

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
          exclude: ['test/contract/**', 'test/node/**'],
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
        resolve: nodeBuild,
        test: { name: 'node-transport', include: realServerSuites },
      },
      {
        extends: true,
        resolve: nodeBuild,
        test: {
          name: 'contract-node-transport',
          include: ['test/contract/**/*.test.ts'],
          globalSetup: ['test/contract/global-setup.ts'],
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
