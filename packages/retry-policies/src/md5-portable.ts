import { md5 } from '@noble/hashes/legacy';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/** MD5 of the UTF-8 bytes of `text`, as 32 upper-case hex characters. Pure JS: browsers, edge, Node. */
export function md5HexPortable(text: string): string {
  return bytesToHex(md5(utf8ToBytes(text))).toUpperCase();
}
