import { describe, expect, it } from 'vitest';
import { DajiBusinessError, DajiHttpError } from '../../src/index.js';
import { createRedactor } from '../../src/redact.js';
import { APP_SECRET, createObservedClient, json } from '../helpers/observed-client.js';

const query = { keyword: 'dress', beginPage: 1, pageSize: 20, country: 'en' } as const;
const OTHER_SIGN = '0123456789ABCDEF0123456789ABCDEF';

describe('redaction removes secrets, not words', () => {
  it("keeps Daji's messages about signing intact", () => {
    const { text } = createRedactor(APP_SECRET, []);
    for (const message of [
      'Invalid sign: signature verification failed',
      'sign=missing',
      'sign: required parameter',
      '"sign": null',
      'appSecret: must not be sent in production',
      '签名错误 sign error',
      'invalid sign: "ABC"',
    ]) {
      expect(text(message)).toBe(message);
    }
  });

  it('removes the exact sign the request carried, wherever the server echoes it', async () => {
    let echoed = '';
    const { client } = createObservedClient({}, (request) => {
      const sign = new URL(request.url).searchParams.get('sign')!;
      echoed = sign;
      return json(
        { status: 400, message: `expected something else, got ${sign} (${sign.toLowerCase()})`, got: sign },
        { status: 400 },
      );
    });
    const { error } = await client.GET('/alibaba/product/keywordQuery', { params: { query } });
    expect(error).toBeInstanceOf(DajiHttpError);
    expect(echoed).toMatch(/^[0-9A-F]{32}$/);
    const body = (error as DajiHttpError).body;
    expect(body).toEqual({
      status: 400,
      message: 'expected something else, got [redacted] ([redacted])',
      got: '[redacted]',
    });
    expect(error!.message).not.toContain(echoed);
  });

  it('removes the sign of a POST with a JSON body too', async () => {
    let sent = '';
    const { client } = createObservedClient({}, async (request) => {
      sent = ((await request.json()) as { sign: string }).sign;
      return json({ code: 401, message: `sign ${sent} mismatch`, data: null, timestamp: 1, traceId: 't' });
    });
    const { error } = await client.POST('/alibaba/trade/pay/protocolPay/preparePay', {
      body: { orderId: '2257164624870311973' },
    });
    expect(error).toBeInstanceOf(DajiBusinessError);
    expect(sent).toMatch(/^[0-9A-F]{32}$/);
    expect(error!.message).toBe('Daji refused preparePay (code 401): sign [redacted] mismatch');
  });

  it('removes a 32-hex token after sign= or "sign": and in a field named sign, and nothing else', () => {
    const { text, value } = createRedactor(APP_SECRET, []);
    expect(text(`a?appKey=k&sign=${OTHER_SIGN}&x=1`)).toBe('a?appKey=k&sign=[redacted]&x=1');
    expect(text(`{"sign":"${OTHER_SIGN.toLowerCase()}","n":1}`)).toBe('{"sign":"[redacted]","n":1}');
    expect(text(`sign=${OTHER_SIGN}FF`)).toBe(`sign=${OTHER_SIGN}FF`);
    expect(text(`design=${OTHER_SIGN}`)).toBe(`design=${OTHER_SIGN}`);
    expect(value({ sign: OTHER_SIGN, other: OTHER_SIGN, list: [{ SIGN: OTHER_SIGN }] })).toEqual({
      sign: '[redacted]',
      other: OTHER_SIGN,
      list: [{ SIGN: '[redacted]' }],
    });
  });

  it('removes the app secret from values and keys at any depth, even 100,000 deep', () => {
    const { value } = createRedactor(APP_SECRET, []);
    let deep: unknown = [`x${APP_SECRET}y`];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const redacted = value({ [`k-${APP_SECRET}`]: APP_SECRET, deep });
    expect(Object.keys(redacted)).toEqual(['deep', 'k-[redacted]']);
    let inner: unknown = (redacted as { deep: unknown }).deep;
    while (Array.isArray(inner) && Array.isArray(inner[0])) inner = inner[0];
    expect(inner).toEqual(['x[redacted]y']);
  });

  it('a secret that occurs inside ordinary words is still removed everywhere', () => {
    const { text } = createRedactor('order', []);
    expect(text('Reorder the orders')).toBe('Re[redacted] the [redacted]s');
  });

  it('a one-character secret never leaves pieces of a sign behind', () => {
    const sign = 'ABCDEF0123456789ABCDEF0123456789';
    const { text } = createRedactor('A', [sign]);
    expect(text(`got ${sign}`)).toBe('got [redacted]');
    expect(text('Alpha')).toBe('[redacted]lpha');
  });

  it('a key that is __proto__ stays a plain property', () => {
    const { value } = createRedactor(APP_SECRET, []);
    const parsed = value(JSON.parse(`{"__proto__":{"polluted":"${APP_SECRET}"}}`) as Record<string, unknown>);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).toEqual({ polluted: '[redacted]' });
  });
});
