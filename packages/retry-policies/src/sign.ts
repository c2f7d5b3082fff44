import {
  canonicalString,
  canonicalText,
  joinCanonical,
  type SignPair,
  type SignParams,
} from './canonical.js';
import { md5Hex } from './md5.js';
import { md5HexPortable } from './md5-portable.js';

/**
 * The `sign` parameter for a request: upper-case hex MD5 of `canonicalString(params, appSecret)`.
 * Under Node the package's Node build signs without building the string (`sign-node.ts`, same result);
 * elsewhere it hashes on a pure-JS MD5 (see `md5Backend`).
 *
 * `signParams({ appKey: 'demoKey123', orderId: '1234567890123456789' }, 'demoSecret456')`
 * → `'B42F7548464914C2B55E16FA5F3784CA'`
 */
export function signParams(params: SignParams, appSecret: string): string {
  return md5Hex(canonicalString(params, appSecret));
}

/**
 * `signParams` without checking `appSecret` and the shape of `params` (see `canonicalText`): for a caller
 * that checked the secret once and builds `params` itself, as the client does for every body. Same sign.
 */
export function signParamsUnchecked(params: SignParams, appSecret: string): string {
  return md5Hex(canonicalText(params, appSecret));
}

/**
 * The `sign` for parameters that are already text, such as a query's pairs (a name may repeat): MD5 of
 * `joinCanonical(pairs, appSecret)`. The Node build writes the bytes without building the string.
 */
export function signPairs(pairs: readonly SignPair[], appSecret: string): string {
  return md5Hex(joinCanonical(pairs, appSecret));
}

/** `signParams` on the pure-JS MD5 in every runtime; same result, for comparison and benchmarks. */
export function signParamsPortable(params: SignParams, appSecret: string): string {
  return md5HexPortable(canonicalString(params, appSecret));
}
