import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Where the bundled Daji spec is: the copy shipped in the package (`dist/openapi.json`, written by the build),
 * else — when running from source inside the repository — the spec workspace's own bundle.
 */
export function defaultSpecPath(): string {
  const shipped = fileURLToPath(new URL('./openapi.json', import.meta.url));
  if (existsSync(shipped)) return shipped;
  try {
    return createRequire(import.meta.url).resolve('@daji-openapi/spec/dist/openapi.json');
  } catch {
    throw new Error(
      `No bundled Daji spec found: neither ${shipped} nor @daji-openapi/spec/dist/openapi.json exists. ` +
        'Inside the repository run `pnpm --filter @daji-openapi/spec bundle` (or `pnpm build`), or pass the `spec` option.',
    );
  }
}
