import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { type DriftEvent, validateResponses } from '../../src/validate.js';
import { createObservedClient, json } from '../helpers/observed-client.js';

// The spec's own example answer for a keyword search: what a conforming Daji answer looks like.
const spec = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve('@daji-openapi/spec/dist/openapi.json'), 'utf8'),
);
const deref = (node: { $ref?: string }): Record<string, unknown> => {
  if (!node.$ref) return node as Record<string, unknown>;
  let found: unknown = spec;
  for (const key of node.$ref.slice(2).split('/')) found = (found as Record<string, unknown>)[key];
  return found as Record<string, unknown>;
};
const examples =
  spec.paths['/alibaba/product/keywordQuery'].get.responses['200'].content['application/json'].examples;
const conforming = deref(examples.ok).value as Record<string, unknown>;

const query = { keyword: '连衣裙', beginPage: 1, pageSize: 20, country: 'en' } as const;

function setup(answer: () => unknown, options: Partial<Parameters<typeof validateResponses>[0]> = {}) {
  const events: DriftEvent[] = [];
  const validator = validateResponses({ onDrift: (e) => events.push(e), ...options });
  const { client } = createObservedClient({}, () => json(answer()));
  client.use(validator);
  const search = () => client.GET('/alibaba/product/keywordQuery', { params: { query } });
  return { events, validator, search };
}

describe('validateResponses', () => {
  it('reports nothing for an answer that matches the spec', async () => {
    const { events, validator, search } = setup(() => conforming);
    const result = await search();
    await validator.idle();
    expect(result.error).toBeUndefined();
    expect(events).toEqual([]);
    expect(validator.stats()).toEqual({ seen: 1, checked: 1, drifted: 0 });
  });

  it('calls onDrift with the deviations of an answer that differs, and leaves the answer untouched', async () => {
    const drifted = {
      ...conforming,
      timestamp: '1724224057972',
      data: { ...(conforming.data as object), undocumentedField: [1] },
    };
    const { events, validator, search } = setup(() => drifted);
    const result = await search();
    await validator.idle();
    expect((result.data as { data: { undocumentedField: number[] } }).data.undocumentedField).toEqual([1]);
    for (const e of events) e.deviations.sort((a, b) => (a.pointer < b.pointer ? -1 : 1));
    expect(events).toEqual([
      {
        operationId: 'keywordSearch',
        method: 'GET',
        path: '/alibaba/product/keywordQuery',
        status: 200,
        traceId: conforming.traceId,
        valid: false,
        deviations: [
          {
            in: 'response',
            pointer: '/data/undocumentedField',
            kind: 'unknown-field',
            expected: 'no such field in the spec',
            seen: 'array',
            count: 1,
          },
          {
            in: 'response',
            pointer: '/timestamp',
            kind: 'type',
            expected: 'integer',
            seen: 'string',
            count: 1,
          },
        ],
      },
    ]);
    expect(validator.stats()).toEqual({ seen: 1, checked: 1, drifted: 1 });
  });

  it('checks only the sampled share of answers', async () => {
    const draws = [0.1, 0.5, 0.3, 0.2, 0.99];
    const { events, validator, search } = setup(() => ({ ...conforming, extra: true }), {
      sampleRate: 0.25,
      random: () => draws.shift()!,
    });
    for (let i = 0; i < 5; i++) await search();
    await validator.idle();
    expect(validator.stats()).toEqual({ seen: 5, checked: 2, drifted: 2 });
    expect(events.map((e) => e.deviations.map((d) => d.pointer))).toEqual([['/extra'], ['/extra']]);
    expect(events.every((e) => e.valid)).toBe(true);
  });

  it('checks nothing at sampleRate 0', async () => {
    const { events, validator, search } = setup(() => ({ ...conforming, extra: true }), { sampleRate: 0 });
    await search();
    await validator.idle();
    expect(validator.stats()).toEqual({ seen: 1, checked: 0, drifted: 0 });
    expect(events).toEqual([]);
  });

  it('never lets a failing onDrift or an oversized answer disturb the call', async () => {
    const validator = validateResponses({
      onDrift: () => {
        throw new Error('handler bug');
      },
    });
    const { client } = createObservedClient({}, () => json({ ...conforming, extra: 'x'.repeat(2000) }));
    client.use(validator);
    const result = await client.GET('/alibaba/product/keywordQuery', { params: { query } });
    await validator.idle();
    expect(result.error).toBeUndefined();
    expect(validator.stats().drifted).toBe(1);

    const small = validateResponses({ onDrift: () => {}, maxBodyBytes: 100 });
    client.eject(validator);
    client.use(small);
    await client.GET('/alibaba/product/keywordQuery', { params: { query } });
    await small.idle();
    expect(small.stats()).toEqual({ seen: 1, checked: 0, drifted: 0 });
  });

  it('rejects options it cannot work with, naming the option', () => {
    expect(() => validateResponses({} as never)).toThrow(/options\.onDrift must be a function/);
    expect(() => validateResponses({ onDrift: () => {}, sampleRate: 5 })).toThrow(
      /options\.sampleRate must be a number from 0 to 1/,
    );
    expect(() => validateResponses({ onDrift: () => {}, maxBodyBytes: -1 })).toThrow(/options\.maxBodyBytes/);
  });
});
