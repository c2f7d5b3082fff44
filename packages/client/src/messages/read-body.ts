/** What `readBodyWithin` returns when the sender went past the limit. */
export const TOO_LARGE = Symbol('too large');

/**
 * Reads a request body but stops at `maxBytes`, so an oversized or endless upload costs at most
 * `maxBytes` of memory: a declared Content-Length over the limit is refused before reading, and a
 * chunked body is cut off the moment it crosses the limit.
 */
export async function readBodyWithin(
  request: Request,
  maxBytes: number,
): Promise<Uint8Array | typeof TOO_LARGE> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) return TOO_LARGE;
  if (request.body === null) return new Uint8Array(0);

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Cancelling tells the source to stop producing; the rest of the upload is never buffered.
      await reader.cancel().catch(() => {});
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
