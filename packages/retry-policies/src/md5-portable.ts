// MD5 (RFC 1321) in plain JS for browsers and edge runtimes, where node:crypto is missing. Written out
// here rather than imported: a full hash library costs an app about 1.5 kB gzipped, this about 0.5 kB.

// The RFC's table T[i] = floor(2^32 · |sin(i + 1)|), spelled out so no runtime's Math.sin can differ.
const T = new Int32Array([
  0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501, 0x698098d8,
  0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
  0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87,
  0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
  0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039,
  0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
  0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
  0xeb86d391,
]);
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
  const h = [0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476];
  for (let block = 0; block < words.length; block += 16) {
    let [a, b, c, d] = h as [number, number, number, number];
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
      const g =
        round === 0 ? j : round === 1 ? (5 * j + 1) & 15 : round === 2 ? (3 * j + 5) & 15 : (7 * j) & 15;
      const x = (a + f + T[j]! + words[block + g]!) | 0;
      const s = R[(round << 2) | (j & 3)]!;
      a = d;
      d = c;
      c = b;
      b = (b + ((x << s) | (x >>> (32 - s)))) | 0;
    }
    h[0] = (h[0]! + a) | 0;
    h[1] = (h[1]! + b) | 0;
    h[2] = (h[2]! + c) | 0;
    h[3] = (h[3]! + d) | 0;
  }
  let hex = '';
  for (const word of h) {
    for (let shift = 0; shift < 32; shift += 8) {
      const byte = (word >>> shift) & 255;
      hex += (byte < 16 ? '0' : '') + byte.toString(16);
    }
  }
  return hex.toUpperCase();
}
