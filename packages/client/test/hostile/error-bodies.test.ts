import { describe, expect, it } from 'vitest';
import { DajiBusinessError, DajiHttpError } from '../../src/index.js';
import { APP_SECRET, createObservedClient, envelope, json } from '../helpers/observed-client.js';

const query = { keyword: 'dress', beginPage: 1, pageSize: 20, country: 'en' } as const;

function fail400(body: string) {
  return new Response(body, { status: 400, headers: { 'content-type': 'application/json' } });
}

async function httpError(body: string, options = {}) {
  const { client } = createObservedClient(options, () => fail400(body));
  const { error } = await client.GET('/alibaba/product/keywordQuery', { params: { query } });
  expect(error).toBeInstanceOf(DajiHttpError);
  return error as DajiHttpError;
}

describe('hostile error bodies come back as typed errors, the body intact', () => {
  it('"sign":123 in an error body', async () => {
    const error = await httpError('{"status":400,"message":"bad","sign":123}');
    expect(error.body).toEqual({ status: 400, message: 'bad', sign: 123 });
  });

  it('"sign":null in an error body', async () => {
    const error = await httpError('{"status":400,"message":"bad","sign":null}');
    expect(error.body).toEqual({ status: 400, message: 'bad', sign: null });
  });

  it('an object under appSecret in an error body', async () => {
    const error = await httpError('{"status":400,"message":"bad","appSecret":{"nested":[1,2]}}');
    expect(error.body).toEqual({ status: 400, message: 'bad', appSecret: { nested: [1, 2] } });
  });

  it('a message quoting a sign, invalid sign: "ABC"', async () => {
    const error = await httpError('{"status":400,"message":"invalid sign: \\"ABC\\""}');
    expect(error.body.message).toBe('invalid sign: "ABC"');
    expect(error.message).toBe(
      'Daji answered HTTP 400 to keywordSearch (GET /alibaba/product/keywordQuery): invalid sign: "ABC"',
    );
  });

  it('an error body nested 100,000 deep is a DajiHttpError, not a RangeError', async () => {
    const deep = `{"message":"deep","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const error = await httpError(deep);
    expect(error.body.message).toBe('deep');
    expect(error.httpStatus).toBe(400);
  });

  it('an orderId in an HTTP error body arrives exact, as a string', async () => {
    const error = await httpError('{"status":400,"message":"no such order","orderId":2237938826932135493}');
    expect(error.body.orderId).toBe('2237938826932135493');
  });

  it("Daji's own words survive: Invalid sign: signature verification failed", async () => {
    const error = await httpError('{"status":400,"message":"Invalid sign: signature verification failed"}');
    expect(error.body.message).toBe('Invalid sign: signature verification failed');
    expect(error.message).toContain('Invalid sign: signature verification failed');
  });

  it('a one-character appSecret turns a business failure into a DajiBusinessError, not a SyntaxError', async () => {
    const { client } = createObservedClient({ appSecret: 'e' }, () =>
      json({
        code: 500,
        message: 'order error',
        data: { orderId: 2237938826932135493n.toString() },
        timestamp: 1,
        traceId: 't',
      }),
    );
    const { error } = await client.GET('/alibaba/product/keywordQuery', { params: { query } });
    expect(error).toBeInstanceOf(DajiBusinessError);
    expect(error!.message).toBe('Daji refused keywordSearch (code 500): ord[redacted]r [redacted]rror');
    const envelopeText = JSON.stringify((error as DajiBusinessError).envelope);
    expect(envelopeText).toContain('"2237938826932135493"');
    expect(envelopeText.replaceAll('[redacted]', '')).not.toContain('e');
  });

  it('a one-character appSecret with an error body of JSON punctuation stays a DajiHttpError', async () => {
    const error = await httpError('{"status":400,"message":"x","a":[1,{"b":"c"}]}', { appSecret: '"' });
    expect(error.body).toEqual({ status: 400, message: 'x', a: [1, { b: 'c' }] });
  });

  it('a lone surrogate in a query value is a TypeError naming the parameter, before anything is sent', async () => {
    const { client, requests } = createObservedClient({}, () => json(envelope({})));
    const error = await client
      .GET('/alibaba/product/keywordQuery', { params: { query: { ...query, keyword: 'dress\uD83D' } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/^Query parameter "keyword" is not well-formed text/);
    expect(requests).toEqual([]);
  });

  it('a non-JSON body in debug-secret mode is redacted whole, a secret past 500 characters included', async () => {
    const text = `${'x'.repeat(495)}${APP_SECRET} and more text`;
    const { client } = createObservedClient({ credentials: 'debug-secret' }, () => new Response(text));
    const { error } = await client.GET('/alibaba/product/keywordQuery', { params: { query } });
    expect(error).toBeInstanceOf(DajiHttpError);
    const body = (error as DajiHttpError).body.message!;
    expect(body).toBe(`${'x'.repeat(495)}[redacted] and more text`);
    for (let cut = 1; cut < APP_SECRET.length; cut++)
      expect(body).not.toContain(APP_SECRET.slice(0, cut + 1));
  });

  it('a 200 that is not JSON is a DajiHttpError with its redacted text', async () => {
    const { client } = createObservedClient({}, () => new Response('<html>gateway</html>'));
    const { error } = await client.GET('/alibaba/product/keywordQuery', { params: { query } });
    expect(error).toBeInstanceOf(DajiHttpError);
    expect(error).toMatchObject({ httpStatus: 200, body: { message: '<html>gateway</html>' } });
  });
});
