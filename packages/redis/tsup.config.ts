import { defineConfig } from 'tsup';

// Node only: Redis is reached over TCP, so this package never runs in a browser or an edge runtime.
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  outDir: 'dist',
});
