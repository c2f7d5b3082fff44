// Generators for Java, Go and C# read a bare `integer` as 32 bits: every integer must say its width.
import { describe, expect, it } from 'vitest';
import { type Json, type JsonObject, loadBundle, walk } from './support/spec.js';

const spec = loadBundle();

function types(node: JsonObject): Json[] {
  return ([] as Json[]).concat(node.type ?? []);
}

describe('integer formats', () => {
  it('every integer schema, nullable or not, declares format int32 or int64', () => {
    const missing: string[] = [];
    walk(spec, (node, path) => {
      if (path.includes('/examples/') || path.includes('/example/')) return;
      if (types(node).includes('integer') && node.format !== 'int32' && node.format !== 'int64')
        missing.push(path);
    });
    expect(missing).toEqual([]);
  });

  it('ids, times and timestamps that are integers are int64 (they pass 2^31)', () => {
    const narrow: string[] = [];
    walk(spec, (node, path) => {
      if (path.includes('/examples/')) return;
      for (const [name, prop] of Object.entries((node.properties ?? {}) as JsonObject)) {
        const p = prop as JsonObject;
        if (!/(Id|ID|Time|timestamp|gmtBorn|gmtCreate|Amount)$/.test(name)) continue;
        if (types(p).includes('integer') && p.format !== 'int64') narrow.push(`${path}/properties/${name}`);
      }
    });
    expect(narrow).toEqual([]);
  });

  it('the envelope timestamp, a push gmtBorn and an offer id are int64', () => {
    const schemas = (spec.components as JsonObject).schemas as JsonObject;
    const envelope = (schemas.Envelope as JsonObject).properties as JsonObject;
    expect((envelope.timestamp as JsonObject).format).toBe('int64');
    const base = (schemas.MessageBase as JsonObject).properties as JsonObject;
    expect((base.gmtBorn as JsonObject).format).toBe('int64');
    expect((schemas.OfferId as JsonObject).format).toBe('int64');
  });
});
