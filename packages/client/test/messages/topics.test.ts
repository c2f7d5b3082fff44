import { describe, expect, it } from 'vitest';
import {
  type AnyDajiMessage,
  createMessageHandler,
  DAJI_MESSAGE_TYPES,
  isKnownMessage,
  signMessageBody,
} from '../../src/messages.js';
import { APP_SECRET, expectedSignature } from './helpers.js';
import { SPEC_DEMO_SECRET, topicSamples } from './spec-samples.js';

const samples = topicSamples();

function receiver(appSecret: string) {
  const received: AnyDajiMessage[] = [];
  const handle = createMessageHandler({ appSecret, onMessage: (message) => void received.push(message) });
  return { handle, received };
}

function formPost(body: string): Request {
  return new Request('http://127.0.0.1/daji/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
}

/** The spec's parsed example as the handler hands it over: msgId is always a string. */
function expectedMessage(parsed: Record<string, unknown>) {
  return { ...parsed, msgId: String(parsed.msgId) };
}

describe('every topic of the spec', () => {
  it('covers the 17 order and logistics topics, the same ones DAJI_MESSAGE_TYPES lists', () => {
    expect(samples.map((s) => s.topic).sort()).toEqual([...DAJI_MESSAGE_TYPES].sort());
    expect(samples).toHaveLength(17);
  });

  it.each(samples)(
    '$topic: a fixture signed with signMessageBody is accepted and typed as known',
    async (sample) => {
      const { handle, received } = receiver(APP_SECRET);
      const body = signMessageBody({ message: sample.deliveredText, appSecret: APP_SECRET });
      expect(new URLSearchParams(body).get('_dj_signature')).toBe(expectedSignature(sample.deliveredText));
      const res = await handle(formPost(body));
      expect(res.status).toBe(200);
      expect(received).toHaveLength(1);
      const message = received[0] as AnyDajiMessage;
      expect(isKnownMessage(message)).toBe(true);
      expect(message.type).toBe(sample.topic);
      // Lossless: the 19-digit ids sent as bare JSON numbers arrive exactly as the spec's strings.
      expect(message).toEqual(expectedMessage(sample.parsed));
    },
  );

  it.each(samples)('$topic: the spec example, as delivered with its signature, verifies', async (sample) => {
    const { handle, received } = receiver(SPEC_DEMO_SECRET);
    const body = new URLSearchParams({
      message: sample.deliveredText,
      _dj_signature: sample.deliveredSignature,
    });
    expect((await handle(formPost(body.toString()))).status).toBe(200);
    expect(received[0]).toEqual(expectedMessage(sample.parsed));
  });

  it.each(samples)('$topic: one changed character breaks the signature', async (sample) => {
    const { handle, received } = receiver(APP_SECRET);
    const signed = new URLSearchParams(
      signMessageBody({ message: sample.deliveredText, appSecret: APP_SECRET }),
    );
    signed.set(
      'message',
      sample.deliveredText.replace(/\d(?=\d{3}[,}])/, (d) => String((Number(d) + 1) % 10)),
    );
    expect(signed.get('message')).not.toBe(sample.deliveredText);
    expect((await handle(formPost(signed.toString()))).status).toBe(401);
    expect(received).toEqual([]);
  });
});

describe('isKnownMessage', () => {
  it('is false for a topic outside the spec', () => {
    expect(isKnownMessage({ msgId: '1', type: 'PRODUCT_PRODUCT_INVENTORY_CHANGE', data: {} })).toBe(false);
  });
});

describe('signMessageBody', () => {
  it('refuses a message that is not text, saying what it expects', () => {
    expect(() =>
      signMessageBody({ message: { msgId: 1 } as unknown as string, appSecret: APP_SECRET }),
    ).toThrow(/message must be the message JSON text/);
  });
});
