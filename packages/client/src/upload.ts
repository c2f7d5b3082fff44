/**
 * The picture for `uploadImage`: accepted as a `Blob`, bytes or base64 text, checked (type by magic
 * bytes, size) and sent as the `image_base64` form field Daji expects. Uses only web APIs (`btoa`,
 * `atob`, `Blob`, `FormData`), so it runs in browsers and edge runtimes as well as Node.
 */

export type DajiImageInput = Blob | Uint8Array | ArrayBuffer | string;

/** Daji's documented limit for the picture itself. */
export const MAX_IMAGE_BYTES = 3 * 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Whether a file's first bytes (as a binary string) are a JPG's, a PNG's or a WEBP's magic bytes. */
function isPicture(head: string): boolean {
  return (
    head.startsWith('\xff\xd8\xff') ||
    head.startsWith('\x89PNG\r\n\x1a\n') ||
    (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP')
  );
}

function check(field: string, head: string, size: number): void {
  if (size === 0) throw new RangeError(`${field} is empty; pass a JPG, PNG or WEBP picture.`);
  if (size > MAX_IMAGE_BYTES) {
    throw new RangeError(
      `${field} is ${(size / 1024 / 1024).toFixed(2)} MB; Daji accepts pictures of at most 3 MB. Resize or recompress it first.`,
    );
  }
  if (!isPicture(head)) {
    throw new TypeError(
      `${field} is not a JPG, PNG or WEBP picture (checked by its first bytes); Daji accepts only those three types.`,
    );
  }
}

/** Bytes as a binary string (one character per byte), in chunks well under engines' argument limits. */
function binary(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return text;
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
    check(field, atob(base64.slice(0, 16)), (base64.length / 4) * 3 - padding);
    return base64;
  }
  let bytes: Uint8Array;
  if (input instanceof Uint8Array) bytes = input;
  else if (input instanceof ArrayBuffer) bytes = new Uint8Array(input);
  else if (typeof Blob !== 'undefined' && input instanceof Blob) {
    // Checked before reading so a huge file is refused without loading it.
    check(field, binary(new Uint8Array(await input.slice(0, 16).arrayBuffer())), input.size);
    return btoa(binary(new Uint8Array(await input.arrayBuffer())));
  } else {
    throw new TypeError(
      `${field} must be a Blob, a Uint8Array, an ArrayBuffer or base64 text; got ${typeof input}.`,
    );
  }
  check(field, binary(bytes.subarray(0, 16)), bytes.length);
  return btoa(binary(bytes));
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
