import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signMessage, verifyMessageSignature } from '../src/index.js';

const appSecret = 'demoSecret456';
const message =
  '{"msgId":1234567890123,"type":"ORDER_BUYER_VIEW_ORDER_PAY","data":{"orderId":2257164624870311973}}';

describe('signMessage', () => {
  it('is HMAC-SHA1 keyed by the secret over "message" + message, 40 upper-case hex characters', () => {
    const expected = createHmac('sha1', appSecret)
      .update(`message${message}`, 'utf8')
      .digest('hex')
      .toUpperCase();
    const signature = signMessage({ message, appSecret });
    expect(signature).toBe(expected);
    expect(signature).toMatch(/^[0-9A-F]{40}$/);
  });

  it('hashes any unicode message as UTF-8', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const expected = createHmac('sha1', appSecret)
          .update(`message${text}`, 'utf8')
          .digest('hex')
          .toUpperCase();
        expect(signMessage({ message: text, appSecret })).toBe(expected);
      }),
    );
  });

  it('refuses a missing secret or a non-string message, naming the field and never echoing the secret', () => {
    expect(() => signMessage({ message, appSecret: '' })).toThrow(/appSecret must be a non-empty string/);
    expect(() => signMessage({ message: { msgId: 1 } as unknown as string, appSecret })).toThrow(
      /message must be/,
    );
    const error = (() => {
      try {
        signMessage({ message: 42 as unknown as string, appSecret });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).not.toContain(appSecret);
  });
});

describe('verifyMessageSignature', () => {
  const signature = signMessage({ message, appSecret });

  it('accepts the right signature in upper or lower case', () => {
    expect(verifyMessageSignature({ message, signature, appSecret })).toBe(true);
    expect(verifyMessageSignature({ message, signature: signature.toLowerCase(), appSecret })).toBe(true);
  });

  it('rejects a changed message, a changed signature and another secret', () => {
    expect(verifyMessageSignature({ message: `${message} `, signature, appSecret })).toBe(false);
    const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    expect(verifyMessageSignature({ message, signature: flipped, appSecret })).toBe(false);
    expect(verifyMessageSignature({ message, signature, appSecret: 'other' })).toBe(false);
  });

  it('returns false instead of throwing for malformed input from the network', () => {
    const bad: unknown[] = [
      undefined,
      null,
      '',
      'ZZ',
      signature.slice(1),
      `${signature}0`,
      42,
      ` ${signature.slice(1)}`,
    ];
    for (const candidate of bad) {
      expect(verifyMessageSignature({ message, signature: candidate as string, appSecret })).toBe(false);
    }
    expect(verifyMessageSignature({ message: undefined as unknown as string, signature, appSecret })).toBe(
      false,
    );
  });

  it('any single-character change to a valid signature is rejected', () => {
    fc.assert(
      fc.property(fc.nat(39), fc.constantFrom(...'0123456789ABCDEF'), (index, digit) => {
        fc.pre(signature[index] !== digit);
        const changed = signature.slice(0, index) + digit + signature.slice(index + 1);
        expect(verifyMessageSignature({ message, signature: changed, appSecret })).toBe(false);
      }),
    );
  });

  it('throws for a missing appSecret, a setup mistake rather than bad input', () => {
    expect(() => verifyMessageSignature({ message, signature, appSecret: '' })).toThrow(/appSecret/);
  });
});
