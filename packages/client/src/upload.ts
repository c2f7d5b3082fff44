/**
 * The picture for `uploadImage`: accepted as a `Blob`, bytes or base64 text, checked (type by magic
 * bytes, size) and sent as the `image_base64` form field Daji expects. Uses only web APIs (`btoa`,
 * `atob`, `Blob`, `FormData`), so it runs in browsers and edge runtimes as well as Node.
 */

export type DajiImageInput = Blob | Uint8Array | ArrayBuffer | string;

/** Daji's documented limit for the picture itself. */
export const MAX_IMAGE_BYTES = 3 * 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function sniff(head: Uint8Array): 'jpeg' | 'png' | 'webp' | undefined {
  const at = (i: number) => head[i] ?? -1;
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'jpeg';
  if ([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => at(i) === b)) return 'png';
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  return undefined;
}

function check(field: string, head: Uint8Array, size: number): void {
  if (size === 0) throw new RangeError(`${field} is empty; pass a JPG, PNG or WEBP picture.`);
  if (size > MAX_IMAGE_BYTES) {
    throw new RangeError(
      `${field} is ${(size / 1024 / 1024).toFixed(2)} MB; Daji accepts pictures of at most 3 MB. Resize or recompress it first.`,
    );
  }
  if (!sniff(head)) {
    throw new TypeError(
      `${field} is not a JPG, PNG or WEBP picture (checked by its first bytes); Daji accepts only those three types.`,
    );
  }
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunks keep String.fromCharCode's argument list well under engine limits.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Turns any accepted picture input into checked base64 text. A `data:` URL prefix is removed, since
 * Daji wants the bare base64 text.
 */
export async function imageToBase64(input: DajiImageInput, field = 'image_base64'): Promise<string> {
  if (typeof input === 'string') {
    const base64 = input.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '');
    if (base64.length % 4 !== 0 || !BASE64.test(base64)) {
      throw new TypeError(
        `${field} is a string but not base64 text; pass the picture's base64 (no data: prefix needed), its bytes, or a Blob.`,
      );
    }
    const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
    check(field, base64ToBytes(base64.slice(0, 16)), (base64.length / 4) * 3 - padding);
    return base64;
  }
  let bytes: Uint8Array;
  if (input instanceof Uint8Array) bytes = input;
  else if (input instanceof ArrayBuffer) bytes = new Uint8Array(input);
  else if (typeof Blob !== 'undefined' && input instanceof Blob) {
    // Checked before reading so a huge file is refused without loading it.
    check(field, new Uint8Array(await input.slice(0, 16).arrayBuffer()), input.size);
    return bytesToBase64(new Uint8Array(await input.arrayBuffer()));
  } else {
    throw new TypeError(
      `${field} must be a Blob, a Uint8Array, an ArrayBuffer or base64 text; got ${typeof input}.`,
    );
  }
  check(field, bytes.subarray(0, 16), bytes.length);
  return bytesToBase64(bytes);
}

/** Form fields as Daji's multipart endpoints take them: every value as text. */
export function toFormData(body: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(body)) {
    if (value === undefined || value === null) continue;
    form.append(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return form;
}
