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
  it('are all there: the bundled spec as YAML and JSON, byte for byte, and the Postman collection', async () => {
    const required = contractFiles().filter((entry) => !entry.optional);
    for (const { file } of required) expect(existsSync(join(distDir, file)), file).toBe(true);
    for (const source of [DEFAULT_SPEC, DEFAULT_SPEC.replace(/\.yaml$/, '.json')]) {
      expect(await readFile(join(distDir, basename(source)), 'utf8')).toBe(await readFile(source, 'utf8'));
    }
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
