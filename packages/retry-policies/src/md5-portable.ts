// MD5 (RFC 1321) in plain JS for browsers and edge runtimes, where node:crypto is missing. Written out
// here rather than imported: a full hash library costs an app about 1.5 kB gzipped, this about 0.5 kB.

// The RFC's table T[i] = floor(2^32 · |sin(i + 1)|), computed. Exact in every runtime: no 2^32 · |sin(i + 1)|
// comes within 0.015 of a whole number, while Math.sin is off by at most a few units in the last place
// (about 10^-6 here). The md5 tests compare against the RFC vectors and node:crypto.
const T = Int32Array.from({ length: 64 }, (_, i) => Math.abs(Math.sin(i + 1)) * 2 ** 32);
// Left-rotation amounts, four per round.
const R = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

/** MD5 of the UTF-8 bytes of `text`, as 32 upper-case hex characters. Pure JS: browsers, edge, Node. */
export function md5HexPortable(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const n = bytes.length;
  // Message, the 0x80 byte, zero padding and the 64-bit bit length, in 512-bit blocks of 16 words.
  const words = new Int32Array((((n + 8) >>> 6) + 1) * 16);
  for (let i = 0; i < n; i++) words[i >> 2]! |= bytes[i]! << ((i & 3) << 3);
  words[n >> 2]! |= 0x80 << ((n & 3) << 3);
  words[words.length - 2] = n << 3;
  words[words.length - 1] = n >>> 29;
  // The state in plain variables: held in an array and destructured per block, the loop runs about half as fast in V8.
  let h0 = 0x67452301;
  let h1 = 0xefcdab89 | 0;
  let h2 = 0x98badcfe | 0;
  let h3 = 0x10325476;
  for (let block = 0; block < words.length; block += 16) {
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    for (let j = 0; j < 64; j++) {
      const round = j >> 4;
      const f =
        round === 0
          ? (b & c) | (~b & d)
          : round === 1
            ? (d & b) | (~d & c)
            : round === 2
              ? b ^ c ^ d
              : c ^ (b | ~d);
      // The message word this step reads (in the first round j itself, as j < 16 there).
      const g = (round === 0 ? j : round === 1 ? 5 * j + 1 : round === 2 ? 3 * j + 5 : 7 * j) & 15;
      const x = (a + f + T[j]! + words[block + g]!) | 0;
      const s = R[(round << 2) | (j & 3)]!;
      a = d;
      d = c;
      c = b;
      b = (b + ((x << s) | (x >>> (32 - s)))) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
  }
  let hex = '';
  for (const word of [h0, h1, h2, h3]) {
    // Bytes low first; | 256 then slice(1) pads each to two hex digits.
    for (let shift = 0; shift < 32; shift += 8) hex += (((word >>> shift) & 255) | 256).toString(16).slice(1);
  }
  return hex.toUpperCase();
}
