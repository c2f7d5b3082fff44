import { canonicalString, joinCanonical, type SignPair, type SignParams } from './canonical.js';
import { canonicalBuffer, canonicalBytes, canonicalPairBytes } from './canonical-bytes.js';
import { md5OfPrefix } from './md5-blocks.js';
import { md5Hex } from './md5-node.js';

/**
 * `signParams` of the Node build (tsup.config.ts swaps this file in for `sign.ts`): the same signature,
 * computed without building the sign string. `canonicalBytes` writes the string's UTF-8 straight from
 * the parameters, and the written-out MD5 of md5-blocks.ts runs over those bytes. Parameters outside
 * plain data (a Date, a `toJSON`, a class instance…) and invalid input take the general path,
 * `canonicalString` and node:crypto, so results and errors are exactly those of every other build.
 */
export function signParams(params: SignParams, appSecret: string): string {
  const length = canonicalBytes(params, appSecret);
  if (length < 0) return md5Hex(canonicalString(params, appSecret));
  return hashWritten(length);
}

/** `signPairs` of the Node build: the same signature, from bytes written like `signParams` writes them. */
export function signPairs(pairs: readonly SignPair[], appSecret: string): string {
  const length = canonicalPairBytes(pairs, appSecret);
  if (length < 0) return md5Hex(joinCanonical(pairs, appSecret));
  return hashWritten(length);
}

function hashWritten(length: number): string {
  const { bytes, words } = canonicalBuffer();
  return md5OfPrefix(bytes, words, length);
}

/** Under Node the checks cost nothing beside signing without the string: the same function. */
export const signParamsUnchecked = signParams;

export { signParamsPortable } from './sign.js';
