import { describe, expect, it } from 'vitest';
import { MAX_IMAGE_BYTES } from '../../src/index.js';
import { createObservedClient, envelope, json } from '../helpers/observed-client.js';

const PNG_1x1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const png = Uint8Array.from(atob(PNG_1x1), (c) => c.charCodeAt(0));
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
const webp = new TextEncoder().encode('RIFF\u0024\u0000\u0000\u0000WEBPVP8 ');

function setup() {
  return createObservedClient({}, () => json(envelope({ imageId: '1723633532159012345' })));
}

async function sentForm(request: Request) {
  expect(request.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
  return request.formData();
}

describe('image upload', () => {
  it.each([
    ['base64 text', PNG_1x1, PNG_1x1],
    ['a data: URL', `data:image/png;base64,${PNG_1x1}`, PNG_1x1],
    ['bytes', png, PNG_1x1],
    ['a Blob', new Blob([png], { type: 'image/png' }), PNG_1x1],
    ['a JPEG', jpeg, btoa(String.fromCharCode(...jpeg))],
    ['a WEBP', webp, btoa(String.fromCharCode(...webp))],
  ])('sends %s as the image_base64 field, signed with appKey', async (_, input, expected) => {
    const { client, requests } = setup();
    const { data } = await client.POST('/alibaba/upload/image', { body: { image_base64: input } });
    expect(data?.data?.imageId).toBe('1723633532159012345');
    const form = await sentForm(requests[0]!);
    expect(form.get('image_base64')).toBe(expected);
    expect(form.get('appKey')).toBe('demoKey123');
    expect(form.get('sign')).toMatch(/^[0-9A-F]{32}$/);
  });

  it('refuses a picture over 3 MB without sending it', async () => {
    const { client, requests } = setup();
    const big = new Uint8Array(MAX_IMAGE_BYTES + 1);
    big.set(png.subarray(0, 8));
    await expect(
      client.POST('/alibaba/upload/image', { body: { image_base64: new Blob([big]) } }),
    ).rejects.toThrow(/image_base64 is 3\.00 MB; Daji accepts pictures of at most 3 MB/);
    await expect(client.POST('/alibaba/upload/image', { body: { image_base64: big } })).rejects.toThrow(
      RangeError,
    );
    expect(requests).toHaveLength(0);
  });

  it('refuses a file that is not JPG, PNG or WEBP, judged by its bytes', async () => {
    const { client, requests } = setup();
    const gif = new TextEncoder().encode('GIF89a\u0001\u0000\u0001\u0000');
    await expect(client.POST('/alibaba/upload/image', { body: { image_base64: gif } })).rejects.toThrow(
      /image_base64 is not a JPG, PNG or WEBP picture \(checked by its first bytes\)/,
    );
    await expect(
      client.POST('/alibaba/upload/image', { body: { image_base64: 'not base64!' } }),
    ).rejects.toThrow(/image_base64 is a string but not base64 text/);
    await expect(
      client.POST('/alibaba/upload/image', { body: { image_base64: new Uint8Array() } }),
    ).rejects.toThrow(/is empty/);
    expect(requests).toHaveLength(0);
  });
});
