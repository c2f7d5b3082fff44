// The site serves the contract as files next to index.html, and the introduction links each one.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contractFiles, DEFAULT_OUT, DEFAULT_SPEC } from '../scripts/build.mjs';

const docsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const distDir = dirname(DEFAULT_OUT);
const introduction = resolve(docsDir, '../spec/guides/introduction.md');

describe('the contract files of the built site', () => {
  it('are all there: the spec bundle (YAML, JSON) and the sandbox control API copied byte for byte, and the Postman collection', async () => {
    for (const entry of contractFiles()) {
      const built = join(distDir, entry.file);
      expect(existsSync(built), entry.file).toBe(true);
      if ('from' in entry && entry.from) {
        expect(await readFile(built, 'utf8'), entry.file).toBe(await readFile(entry.from, 'utf8'));
      }
    }
    expect(contractFiles().map((entry) => basename(entry.file))).toEqual(
      expect.arrayContaining([basename(DEFAULT_SPEC), 'openapi.json', 'sandbox-control.openapi.yaml']),
    );
  });

  it('are each linked from the introduction with a relative link that resolves inside the site', async () => {
    const text = await readFile(introduction, 'utf8');
    const links = new Set([...text.matchAll(/\]\(([^)\s#]+)\)/g)].map((match) => match[1]));
    const served = contractFiles().filter((entry) => existsSync(join(distDir, entry.file)));
    expect(served.length).toBeGreaterThanOrEqual(3);
    for (const { file } of served) expect(links.has(file), `introduction.md links ${file}`).toBe(true);
    const relative = [...links].filter((link) => !/^[a-z]+:/.test(link ?? ''));
    for (const link of relative)
      expect(existsSync(join(distDir, link ?? '')), `${link} in docs/dist`).toBe(true);
  });
});
