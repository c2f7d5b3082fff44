import { md5 } from '@noble/hashes/legacy';

/** MD5 of the UTF-8 bytes of `text`, as 32 upper-case hex characters. Pure JS: browsers, edge, Node. */
export function md5HexPortable(text: string): string {
  // TextEncoder and a 16-byte hex loop instead of @noble/hashes/utils' helpers: same bytes, smaller bundle.
  let hex = '';
  for (const byte of md5(new TextEncoder().encode(text))) hex += (byte < 16 ? '0' : '') + byte.toString(16);
  return hex.toUpperCase();
}
