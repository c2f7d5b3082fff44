// The published package as users get it: lint of package.json/exports, type resolution in every
// module mode, Node-free browser path, and the size budget. Runs against dist/ (turbo builds it first).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
// esbuild is the bundler tsup and size-limit already use; borrowed from tsup rather than added as a dependency.
const { build } = createRequire(createRequire(import.meta.url).resolve('tsup'))('esbuild') as {
  build(options: object): Promise<{ metafile: { inputs: Record<string, unknown> } }>;
};
const pkgDir = fileURLToPath(new URL('../..', import.meta.url));
const bin = (name: string) => fileURLToPath(new URL(`../../node_modules/.bin/${name}`, import.meta.url));

describe('package', { timeout: 180_000 }, () => {
  beforeAll(() => {
    for (const file of [
      'dist/index.js',
      'dist/index.cjs',
      'dist/index.d.ts',
      'dist/messages.js',
      'dist/validate.js',
    ]) {
      if (!existsSync(`${pkgDir}/${file}`)) {
        throw new Error(
          `${file} is missing: build the package first (pnpm --filter @daji-openapi/client build).`,
        );
      }
    }
  });

  it('publint finds nothing to report', async () => {
    const { messages, pkg } = await publint({ pkgDir, pack: 'pnpm', level: 'suggestion' });
    expect(messages.map((m) => formatMessage(m, pkg))).toEqual([]);
  });

  it('are-the-types-wrong finds no problem for ESM and CJS consumers (node16 and bundler resolution)', async () => {
    // Profile node16: the package needs Node ≥ 20, so pre-`exports` (node10) resolution is out of scope.
    const { stdout } = await run(bin('attw'), ['--pack', '.', '--profile', 'node16', '--format', 'json'], {
      cwd: pkgDir,
      maxBuffer: 64 * 1024 * 1024,
    });
    type Problem = { kind: string; entrypoint?: string; resolutionKind?: string };
    const report = JSON.parse(stdout) as {
      analysis: { problems: Problem[]; entrypoints: Record<string, unknown> };
    };
    expect(Object.keys(report.analysis.entrypoints).sort()).toEqual([
      '.',
      './messages',
      './package.json',
      './spec-checks',
      './validate',
    ]);
    expect(report.analysis.problems.filter((p) => p.resolutionKind !== 'node10')).toEqual([]);
  });

  it('the browser build imports no Node built-in', async () => {
    const result = await build({
      stdin: {
        contents:
          "export * from './dist/index.js'; export * from './dist/messages.js'; export * from './dist/validate.js';",
        resolveDir: pkgDir,
      },
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.includes('openapi-fetch'))).toBe(true);
    expect(inputs.filter((input) => input.startsWith('node:') || /md5-node|node:crypto/.test(input))).toEqual(
      [],
    );
  });

  it('client + retry-policies runtime (with the checks generated from the spec) stays within its budgets, minified and gzipped: 15.89 kB every export, 14.76 kB createDajiClient alone', async () => {
    const { stdout } = await run(bin('size-limit'), ['--json'], { cwd: pkgDir }).catch(
      (error: { stdout?: string }) => ({
        stdout: error.stdout ?? '',
      }),
    );
    const results = JSON.parse(stdout) as Array<{
      name: string;
      passed?: boolean;
      size: number;
      sizeLimit?: number;
    }>;
    const everything = results.find((r) => r.name.startsWith('@daji-openapi/client +'));
    const alone = results.find((r) => r.name.startsWith('createDajiClient alone'));
    expect(everything?.sizeLimit).toBe(15_890);
    expect(alone?.sizeLimit).toBe(14_760);
    console.info(results.map((r) => `${r.name}: ${(r.size / 1000).toFixed(2)} kB gz`).join('\n'));
    expect(everything!.size).toBeLessThanOrEqual(15_890);
    expect(alone!.size).toBeLessThanOrEqual(14_760);
    // Entries without a limit are measured for information only.
    expect(results.filter((r) => r.passed === false)).toEqual([]);
  });

  it('keeps response validation out of the main bundle: the client entry never reaches the checks or the schemas', async () => {
    const result = await build({
      entryPoints: [`${pkgDir}/dist/index.js`],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((input) => /conformance|validator-spec|validate/.test(input))).toEqual([]);
  });
});
