import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { md5Backend } from '../src/index.js';

const src = join(dirname(fileURLToPath(import.meta.url)), '../src');

/** Every module specifier reachable from `entry` through relative imports of the source. */
function importGraph(entry: string): { files: Set<string>; specifiers: Set<string> } {
  const files = new Set<string>();
  const specifiers = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(join(src, file), 'utf8');
    for (const [, spec] of text.matchAll(/(?:import|export)[^'"]*?from\s+'([^']+)'/g)) {
      specifiers.add(spec!);
      if (spec!.startsWith('./')) visit(spec!.slice(2).replace(/\.js$/, '.ts'));
    }
  };
  visit(entry);
  return { files, specifiers };
}

describe('the default (browser and edge) build', () => {
  it('never imports a Node built-in: md5-node.ts and sign-node.ts are reached only through the Node build swap', () => {
    const { files, specifiers } = importGraph('index.ts');
    expect(files).toContain('md5.ts');
    expect(files).toContain('sign.ts');
    for (const nodeOnly of ['md5-node.ts', 'sign-node.ts', 'canonical-bytes.ts', 'md5-blocks.ts']) {
      expect(files).not.toContain(nodeOnly);
    }
    for (const spec of specifiers) expect(spec).not.toMatch(/^node:|^(crypto|fs|path|buffer)$/);
    expect([...specifiers].filter((s) => !s.startsWith('./')).sort()).toEqual([
      '@noble/hashes/hmac',
      '@noble/hashes/legacy',
      '@noble/hashes/utils',
    ]);
  });

  it('runs on the pure-JS MD5 when imported from source', () => {
    expect(md5Backend).toBe('pure-js');
  });

  it('is swapped for md5-node.ts and sign-node.ts by tsup.config.ts, which is what the node export condition loads', () => {
    const config = readFileSync(join(src, '../tsup.config.ts'), 'utf8');
    expect(config).toMatch(/\(md5\|sign\)/);
    expect(config).toMatch(/-node\.ts/);
    const pkg = JSON.parse(readFileSync(join(src, '../package.json'), 'utf8'));
    expect(pkg.exports['.'].node.import.default).toBe('./dist/node/index.js');
    expect(pkg.exports['.'].import.default).toBe('./dist/index.js');
  });

  it('ships the swap: the built Node entry signs without building the sign string, the default entry never does', () => {
    // Built by tsup before the tests run (turbo's test task depends on build).
    for (const format of ['index.js', 'index.cjs']) {
      const node = readFileSync(join(src, '../dist/node', format), 'utf8');
      const portable = readFileSync(join(src, '../dist', format), 'utf8');
      expect(node).toMatch(/function canonicalBytes\(/);
      expect(node).toMatch(/function canonicalPairBytes\(/);
      expect(node).toMatch(/function md5OfPrefix\(/);
      expect(portable).not.toMatch(/canonicalBytes|md5OfPrefix|node:crypto/);
    }
    // tsup.config.ts puts back the `const`s esbuild drops, so V8 treats the signing buffer, its tables
    // and the bound charCodeAt as constants.
    const esm = readFileSync(join(src, '../dist/node/index.js'), 'utf8');
    expect(esm).toMatch(/^const bytes = new Uint8Array\(CAPACITY\);$/m);
    for (const source of ['canonical-bytes.ts', 'md5-blocks.ts']) {
      const names = [...readFileSync(join(src, source), 'utf8').matchAll(/^(?:export )?const (\w+)\b/gm)];
      expect(names.length).toBeGreaterThan(0);
      for (const [, name] of names) {
        expect(esm, name).toMatch(new RegExp(`^const ${name} = `, 'm'));
        expect(esm, name).not.toMatch(new RegExp(`^var ${name} = `, 'm'));
      }
    }
  });
});
