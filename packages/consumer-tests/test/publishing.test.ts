// How the published packages read to the tools that check packages before they reach users: publint (the
// manifest, exports and files) and are-the-types-wrong (the declarations ESM and CommonJS consumers resolve).
// One place for every published package: each non-private workspace package is checked from the day it exists.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const packages = fileURLToPath(new URL('../../', import.meta.url));
const attw = fileURLToPath(new URL('../node_modules/.bin/attw', import.meta.url));
const manifest = (name: string) =>
  JSON.parse(readFileSync(`${packages}${name}/package.json`, 'utf8')) as {
    private?: boolean;
    types?: string;
  };
const PUBLISHED = readdirSync(packages).filter((name) => manifest(name).private !== true);
// A package without declarations (`daji` ships a bin only) has nothing for are-the-types-wrong to check.
const WITH_TYPES = PUBLISHED.filter((name) => manifest(name).types !== undefined);

describe('the published packages as package checkers see them', () => {
  it('finds the six published workspace packages, five of them with declarations', () => {
    expect(PUBLISHED.sort()).toEqual([
      'cli',
      'client',
      'conformance',
      'mock-server',
      'redis',
      'retry-policies',
    ]);
    expect(WITH_TYPES.sort()).toEqual(['client', 'conformance', 'mock-server', 'redis', 'retry-policies']);
  });

  it.each(PUBLISHED)('@daji-openapi/%s: publint finds nothing to report', async (name) => {
    const { messages, pkg } = await publint({
      pkgDir: `${packages}${name}`,
      pack: 'pnpm',
      level: 'suggestion',
    });
    expect(messages.map((m) => formatMessage(m, pkg))).toEqual([]);
  });

  it.each(WITH_TYPES)(
    '@daji-openapi/%s: are-the-types-wrong finds no problem for ESM and CJS consumers',
    async (name) => {
      const { stdout } = await exec(attw, ['--pack', '.', '--profile', 'node16', '--format', 'json'], {
        cwd: `${packages}${name}`,
        maxBuffer: 64 * 1024 * 1024,
      }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
      const report = JSON.parse(stdout) as { analysis: { types: unknown; problems: unknown[] } };
      expect(report.analysis.types).not.toBe(false);
      expect(report.analysis.problems).toEqual([]);
    },
  );
});
