import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../src/index.js';
import { send, signed } from './support/requests.js';
import { resolvePointer } from './support/spec.js';

const path = '/alibaba/product/queryProductDetail';
const params = signed({ offerId: '670291644950', country: 'en' });
const exampleBody = (resolvePointer('#/components/examples/ProductDetailOk') as { value: unknown }).value;

async function body(url: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await send(url, 'get', path, params, undefined, headers);
  expect(response.status).toBe(200);
  return response.text();
}

describe('data modes', () => {
  let seeded: MockServer;
  let staticMock: MockServer;
  beforeAll(async () => {
    seeded = await startMockServer({ port: 0, dynamic: true, seed: 'daji-42' });
    staticMock = await startMockServer({ port: 0 });
  });
  afterAll(async () => {
    await seeded.close();
    await staticMock.close();
  });

  it("returns the spec's example by default", async () => {
    expect(JSON.parse(await body(staticMock.url))).toEqual(exampleBody);
  });

  it('returns generated data with dynamic, the same body for the same request and seed', async () => {
    const first = await body(seeded.url);
    expect(JSON.parse(first)).not.toEqual(exampleBody);
    expect(await body(seeded.url)).toBe(first);
  });

  it('returns the same body from a second server started with the same seed', async () => {
    const first = await body(seeded.url);
    const again = await startMockServer({ port: 0, dynamic: true, seed: 'daji-42' });
    try {
      expect(await body(again.url)).toBe(first);
    } finally {
      await again.close();
    }
  });

  it('returns different data for another seed', async () => {
    const other = await startMockServer({ port: 0, dynamic: true, seed: 'another-seed' });
    try {
      expect(await body(other.url)).not.toBe(await body(seeded.url));
    } finally {
      await other.close();
    }
  });

  it("switches one request to seeded dynamic data with Prism's Prefer header", async () => {
    const prefer = { prefer: 'dynamic=true, seed=daji-42' };
    const first = await body(staticMock.url, prefer);
    expect(JSON.parse(first)).not.toEqual(exampleBody);
    expect(await body(staticMock.url, prefer)).toBe(first);
  });
});
