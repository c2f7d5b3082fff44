import * as crypto from 'node:crypto';

// `crypto.hash` (Node ≥ 20.12) skips the Hash object and is about 40% faster than createHash for the
// short strings a request signature hashes; older Node falls back to createHash.
const oneShot: ((algorithm: string, data: string, encoding: 'hex') => string) | undefined =
  typeof crypto.hash === 'function' ? crypto.hash : undefined;

/** MD5 of the UTF-8 bytes of `text`, as 32 upper-case hex characters, on Node's native crypto. */
export function md5Hex(text: string): string {
  const hex = oneShot
    ? oneShot('md5', text, 'hex')
    : crypto.createHash('md5').update(text, 'utf8').digest('hex');
  return hex.toUpperCase();
}

export const md5Backend: 'node:crypto' | 'pure-js' = 'node:crypto';
