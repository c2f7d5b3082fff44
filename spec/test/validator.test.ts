import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { distUrl, loadBundle, loadBundleYaml } from './support/spec.js';

describe('bundled spec', () => {
  it('is a valid OpenAPI 3.1 document for a second, independent validator', async () => {
    const validator = new Validator();
    const result = await validator.validate(fileURLToPath(new URL('openapi.json', distUrl)));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('is the same document in YAML and JSON', () => {
    expect(loadBundleYaml()).toEqual(loadBundle());
  });

  it('inlines the guides into info and the guide tags', () => {
    const spec = loadBundle();
    const info = spec.info as { description: unknown };
    expect(typeof info.description).toBe('string');
    const tags = spec.tags as { name: string; description: unknown; 'x-traitTag'?: boolean }[];
    const guides = tags.filter((t) => t['x-traitTag']);
    expect(guides.map((t) => t.name)).toEqual([
      'Getting started',
      'Signing requests',
      'Password-free payment',
      'Push messages',
      'Mock server',
      'Sandbox',
      'More than one instance',
      'Evidence',
      'Help confirm the spec',
    ]);
    for (const tag of tags) expect(typeof tag.description, tag.name).toBe('string');
  });

  it('groups guides first, then the five API sections under one group', () => {
    const groups = loadBundle()['x-tagGroups'] as { name: string; tags: string[] }[];
    expect(groups.map((g) => g.name)).toEqual(['Guides', '1688 API']);
    expect(groups[1]?.tags).toEqual([
      'Product search',
      'Product analysis',
      'Order manage',
      'Order pay',
      'Message service',
    ]);
  });
});
