import { defineConfig } from 'tsup';

// ESM only: the command is started through bin/daji.js and never imported. Splitting keeps each command
// in its own chunk, so `daji --help` loads neither the client nor the command it does not run.
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  splitting: true,
  target: 'node20',
  platform: 'node',
  sourcemap: true,
});
