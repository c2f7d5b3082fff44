import { defineConfig } from 'tsup';

// Two public entries: the client and the push-message helpers (`@daji-openapi/client/messages`).
// `neutral` keeps Node built-ins out of the default build, so both run in browsers and edge runtimes.
export default defineConfig({
  entry: { index: 'src/index.ts', messages: 'src/messages.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  outDir: 'dist',
});
