import { hmac } from '@noble/hashes/hmac';
import { sha1 } from '@noble/hashes/legacy';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { assertSecret, describe } from './canonical.js';

/**
 * Push messages carry `_dj_signature` (Daji's wiki: HmacSHA1), computed — inferred, the wiki shows it only
 * as an image — as 1688 computes its `_aop_signature`: HMAC-SHA1 keyed by the app secret over the text
 * `"message" + message`, as 40 upper-case hex characters.
 */

/** `signMessage({ message: '{"msgId":1}', appSecret })` → 40-char upper-case hex `_dj_signature`. */
export function signMessage(input: { message: string; appSecret: string }): string {
  if (input === null || typeof input !== 'object') {
    throw new TypeError(`signMessage: expected { message, appSecret }, got ${describe(input)}.`);
  }
  const { message, appSecret } = input;
  if (typeof message !== 'string') {
    throw new TypeError(
      `signMessage: message must be the raw text of the push's "message" field (a JSON string), got ${describe(message)}.`,
    );
  }
  assertSecret(appSecret, 'signMessage');
  return bytesToHex(hmac(sha1, utf8ToBytes(appSecret), utf8ToBytes(`message${message}`))).toUpperCase();
}

const HEX40 = /^[0-9a-fA-F]{40}$/;

/**
 * True when `signature` is the `_dj_signature` (or 1688's `_aop_signature`) of `message` under `appSecret`. Hex case is ignored and
 * the comparison takes the same time wherever the first difference is. A missing or malformed message or
 * signature gives `false` (it came from the network); a missing `appSecret` is a setup error and throws.
 */
export function verifyMessageSignature(input: {
  message: string;
  signature: string;
  appSecret: string;
}): boolean {
  if (input === null || typeof input !== 'object') {
    throw new TypeError(
      `verifyMessageSignature: expected { message, signature, appSecret }, got ${describe(input)}.`,
    );
  }
  const { message, signature, appSecret } = input;
  assertSecret(appSecret, 'verifyMessageSignature');
  if (typeof message !== 'string' || typeof signature !== 'string' || !HEX40.test(signature)) return false;
  const expected = signMessage({ message, appSecret });
  const received = signature.toUpperCase();
  let difference = 0;
  for (let i = 0; i < 40; i++) difference |= expected.charCodeAt(i) ^ received.charCodeAt(i);
  return difference === 0;
}
