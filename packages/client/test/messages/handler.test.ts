import { describe, expect, it, vi } from 'vitest';
import {
  type AnyDajiMessage,
  createMemorySeenStore,
  createMessageHandler,
  type MessageHandlerOptions,
  type MessageVerifier,
  type SeenStore,
  verifyMessageSignature,
} from '../../src/messages.js';
import {
  APP_SECRET,
  deferred,
  expectedSignature,
  messageText,
  ORDER_PAY_TEXT,
  pushRequest,
  settle,
} from './helpers.js';

function setup(options: Partial<MessageHandlerOptions> = {}) {
  const received: AnyDajiMessage[] = [];
  const onMessage = vi.fn(async (message: AnyDajiMessage) => {
    received.push(message);
  });
  const handle = createMessageHandler({ appSecret: APP_SECRET, onMessage, ...options });
  return { handle, onMessage, received };
}

async function answer(response: Response) {
  return { status: response.status, text: await response.text() };
}

describe('createMessageHandler: accepting a push', () => {
  it('answers 200 to a correctly signed form push and hands over the parsed message', async () => {
    const { handle, received } = setup();
    const res = await answer(await handle(pushRequest(ORDER_PAY_TEXT)));
    expect(res).toEqual({ status: 200, text: 'OK\n' });
    expect(received).toEqual([
      {
        bizKey: '2251947542517135493',
        data: {
          buyerMemberId: 'b2b-221741213935443542',
          currentStatus: 'waitsellersend',
          orderId: '2237938826932135493',
          sellerMemberId: 'b2b-22121303457002f54a',
          msgSendTime: '2024-08-09 09:44:24',
        },
        gmtBorn: 1723167864904,
        msgId: '92705609220',
        type: 'ORDER_BUYER_VIEW_ORDER_PAY',
        userInfo: 'b2b-221741213935443542',
      },
    ]);
  });

  it('delivers a msgId beyond 2^53 as its exact digits', async () => {
    const { handle, received } = setup();
    const text = messageText({ msgId: 0 }).replace('"msgId":0', '"msgId":12345678901234567891');
    expect((await handle(pushRequest(text))).status).toBe(200);
    expect(received[0]?.msgId).toBe('12345678901234567891');
  });

  it('accepts a msgId sent as a string of digits', async () => {
    const { handle, received } = setup();
    expect((await handle(pushRequest(messageText({ msgId: '92705609220' })))).status).toBe(200);
    expect(received[0]?.msgId).toBe('92705609220');
  });

  it("verifies Daji's _dj_signature and still accepts 1688's native _aop_signature, in a form or JSON", async () => {
    const { handle, received } = setup();
    const form = (fields: Record<string, string>) =>
      new Request('http://127.0.0.1/', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    const signature = expectedSignature(ORDER_PAY_TEXT);
    expect((await handle(form({ message: ORDER_PAY_TEXT, _dj_signature: signature }))).status).toBe(200);
    const legacy = messageText({ msgId: 77 });
    expect((await handle(form({ message: legacy, _aop_signature: expectedSignature(legacy) }))).status).toBe(
      200,
    );
    const json = messageText({ msgId: 78 });
    const viaJson = new Request('http://127.0.0.1/', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: json, _aop_signature: expectedSignature(json) }),
    });
    expect((await handle(viaJson)).status).toBe(200);
    expect(received.map((m) => m.msgId)).toEqual([expect.any(String), '77', '78']);
    const wrongLegacy = await answer(await handle(form({ message: legacy, _aop_signature: 'A'.repeat(40) })));
    expect(wrongLegacy).toEqual({
      status: 401,
      text: 'Signature "_aop_signature" does not match the message.\n',
    });
  });

  it('refuses a push carrying both signature fields, rather than choosing one', async () => {
    const { handle, onMessage } = setup();
    const signature = expectedSignature(ORDER_PAY_TEXT);
    const req = new Request('http://127.0.0.1/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        message: ORDER_PAY_TEXT,
        _dj_signature: signature,
        _aop_signature: signature,
      }).toString(),
    });
    const res = await answer(await handle(req));
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/signature appears more than once/);
    expect(onMessage).not.toHaveBeenCalled();
  });

  it('accepts a JSON body carrying the same two fields', async () => {
    const { handle, received } = setup();
    const res = await handle(pushRequest(ORDER_PAY_TEXT, { encoding: 'json' }));
    expect(res.status).toBe(200);
    expect(received[0]?.type).toBe('ORDER_BUYER_VIEW_ORDER_PAY');
  });

  it('reads a body without Content-Type by its first character', async () => {
    const { handle } = setup();
    expect((await handle(pushRequest(ORDER_PAY_TEXT, { contentType: null }))).status).toBe(200);
    expect(
      (await handle(pushRequest(messageText({ msgId: 2 }), { encoding: 'json', contentType: null }))).status,
    ).toBe(200);
  });

  it('keeps a message text containing + and & intact through form encoding', async () => {
    const { handle, received } = setup();
    const text = messageText({ data: { note: 'a+b & c=d %20' } });
    expect((await handle(pushRequest(text))).status).toBe(200);
    expect(received[0]?.data).toEqual({ note: 'a+b & c=d %20' });
  });

  it('passes a topic the spec does not know through untouched', async () => {
    const { handle, received } = setup();
    const text = messageText({ type: 'PRODUCT_PRODUCT_INVENTORY_CHANGE', data: { offerId: 7, n: [1] } });
    expect((await handle(pushRequest(text))).status).toBe(200);
    expect(received[0]).toMatchObject({
      type: 'PRODUCT_PRODUCT_INVENTORY_CHANGE',
      data: { offerId: 7, n: [1] },
    });
  });
});

describe('createMessageHandler: refusing a push', () => {
  it('answers 401 to a tampered message', async () => {
    const { handle, onMessage } = setup();
    const signature = expectedSignature(ORDER_PAY_TEXT);
    const tampered = ORDER_PAY_TEXT.replace('waitsellersend', 'waitbuyerreceive');
    const res = await answer(await handle(pushRequest(tampered, { signature })));
    expect(res).toEqual({ status: 401, text: 'Signature "_dj_signature" does not match the message.\n' });
    expect(onMessage).not.toHaveBeenCalled();
  });

  it('answers 401 to a message signed with another secret', async () => {
    const { handle, onMessage } = setup();
    const res = await handle(pushRequest(ORDER_PAY_TEXT, { appSecret: 'someone-else' }));
    expect(res.status).toBe(401);
    expect(onMessage).not.toHaveBeenCalled();
  });

  it('answers 401 naming the missing signature', async () => {
    const { handle, onMessage } = setup();
    const res = await answer(await handle(pushRequest(ORDER_PAY_TEXT, { signature: null })));
    expect(res).toEqual({ status: 401, text: 'Signature "_dj_signature" is missing.\n' });
    expect(onMessage).not.toHaveBeenCalled();
  });

  it('answers 401 before looking inside an unsigned body with broken JSON', async () => {
    const { handle } = setup();
    expect((await handle(pushRequest('{"msgId":', { signature: 'A'.repeat(40) }))).status).toBe(401);
  });

  it('answers 400 to malformed JSON inside a correctly signed form field', async () => {
    const { handle, onMessage } = setup();
    const res = await answer(await handle(pushRequest('{"msgId":1,"type":')));
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/^Field "message" is not valid JSON \(.+\)\.\n$/);
    expect(onMessage).not.toHaveBeenCalled();
  });

  it.each([
    ['an array', '[1,2]', /must hold a JSON object/],
    [
      'no msgId',
      JSON.stringify({ type: 'X', data: {} }),
      /"msgId" must be a non-negative integer id, got nothing/,
    ],
    ['a fractional msgId', JSON.stringify({ msgId: 1.5, type: 'X' }), /"msgId" .* got 1.5/],
    ['a non-numeric msgId', JSON.stringify({ msgId: 'abc', type: 'X' }), /"msgId" .* got "abc"/],
    ['no type', JSON.stringify({ msgId: 1, data: {} }), /"type" must be a non-empty topic name, got nothing/],
  ])('answers 400 to a signed message with %s', async (_, text, reason) => {
    const { handle, onMessage } = setup();
    const res = await answer(await handle(pushRequest(text)));
    expect(res.status).toBe(400);
    expect(res.text).toMatch(reason);
    expect(res.text.trim().split('\n')).toHaveLength(1);
    expect(onMessage).not.toHaveBeenCalled();
  });

  it('answers 400 when the form has no message field', async () => {
    const { handle } = setup();
    const req = new Request('http://127.0.0.1/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '_dj_signature=ABC',
    });
    expect(await answer(await handle(req))).toEqual({
      status: 400,
      text: 'Form field "message" is missing or empty; expected the message JSON text.\n',
    });
  });

  it('answers 400 to a JSON body that is not JSON or whose message is not text', async () => {
    const { handle } = setup();
    const post = (body: string) =>
      handle(
        new Request('http://127.0.0.1/', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        }),
      );
    expect(await answer(await post('{nope'))).toEqual({ status: 400, text: 'Body is not valid JSON.\n' });
    const res = await answer(await post(JSON.stringify({ message: { msgId: 1 }, _dj_signature: 'A' })));
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/"message" must be a non-empty string/);
  });

  it('answers 415 to a body type it cannot read', async () => {
    const { handle } = setup();
    const res = await answer(await handle(pushRequest(ORDER_PAY_TEXT, { contentType: 'text/xml' })));
    expect(res.status).toBe(415);
    expect(res.text).toMatch(/"text\/xml" is not supported/);
  });

  it('answers 405 with Allow: POST to other methods', async () => {
    const { handle } = setup();
    const res = await handle(pushRequest(ORDER_PAY_TEXT, { method: 'GET' }));
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('answers 413 to a declared Content-Length over the limit without reading the body', async () => {
    const { handle, onMessage } = setup({ maxBodyBytes: 1024 });
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(512));
      },
    });
    const req = new Request('http://127.0.0.1/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '2048' },
      body,
      duplex: 'half',
    } as RequestInit);
    const res = await answer(await handle(req));
    expect(res).toEqual({ status: 413, text: 'Body is larger than the limit of 1024 bytes.\n' });
    expect(pulled).toBeLessThanOrEqual(1); // a stream may pre-fill once; nothing is read
    expect(onMessage).not.toHaveBeenCalled();
  });

  it('answers 413 to an endless chunked body, having read only up to the limit', async () => {
    const { handle, onMessage } = setup({ maxBodyBytes: 64 * 1024 });
    let produced = 0;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Bounded so a broken limit fails the assertion below instead of hanging the run.
        if (produced >= 10 * 1024 * 1024) return controller.close();
        produced += 4096;
        controller.enqueue(new Uint8Array(4096).fill(0x61));
      },
      cancel() {
        cancelled = true;
      },
    });
    const req = new Request('http://127.0.0.1/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      duplex: 'half',
    } as RequestInit);
    const res = await handle(req);
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close');
    expect(cancelled).toBe(true);
    expect(produced).toBeLessThanOrEqual(64 * 1024 + 3 * 4096);
    expect(onMessage).not.toHaveBeenCalled();
  });

  it('accepts a body of exactly the limit', async () => {
    const body = new URLSearchParams({
      message: ORDER_PAY_TEXT,
      _dj_signature: expectedSignature(ORDER_PAY_TEXT),
    });
    const size = new TextEncoder().encode(body.toString()).byteLength;
    const { handle } = setup({ maxBodyBytes: size });
    expect((await handle(pushRequest(ORDER_PAY_TEXT))).status).toBe(200);
    const { handle: smaller } = setup({ maxBodyBytes: size - 1 });
    expect((await smaller(pushRequest(ORDER_PAY_TEXT))).status).toBe(413);
  });

  it('never puts the app secret in any answer', async () => {
    const { handle } = setup();
    const requests = [
      pushRequest(ORDER_PAY_TEXT, { appSecret: 'wrong' }),
      pushRequest(ORDER_PAY_TEXT, { signature: null }),
      pushRequest('{"msgId":'),
      pushRequest(ORDER_PAY_TEXT),
      pushRequest(ORDER_PAY_TEXT),
    ];
    for (const req of requests) {
      const res = await handle(req);
      expect(await res.text()).not.toContain(APP_SECRET);
      expect([...res.headers.values()].join(' ')).not.toContain(APP_SECRET);
    }
  });
});

describe('createMessageHandler: exactly-once processing', () => {
  it('answers 200 to a duplicate without processing it again', async () => {
    const { handle, onMessage } = setup();
    expect(await answer(await handle(pushRequest(ORDER_PAY_TEXT)))).toEqual({ status: 200, text: 'OK\n' });
    expect(await answer(await handle(pushRequest(ORDER_PAY_TEXT)))).toEqual({
      status: 200,
      text: 'Duplicate: message already processed.\n',
    });
    expect(onMessage).toHaveBeenCalledTimes(1);
  });

  it('treats the same msgId as a duplicate whether sent as a number or a string', async () => {
    const { handle, onMessage } = setup();
    await handle(pushRequest(messageText({ msgId: 77 })));
    await handle(pushRequest(messageText({ msgId: '77' }), { encoding: 'json' }));
    expect(onMessage).toHaveBeenCalledTimes(1);
  });

  it('answers 500 when onMessage throws, and processes the redelivery exactly once', async () => {
    const failure = new Error('database down');
    let calls = 0;
    const processed: string[] = [];
    const onError = vi.fn();
    const handle = createMessageHandler({
      appSecret: APP_SECRET,
      onError,
      onMessage: async (message) => {
        calls++;
        if (calls === 1) throw failure;
        processed.push(message.msgId);
      },
    });
    expect(await answer(await handle(pushRequest(ORDER_PAY_TEXT)))).toEqual({
      status: 500,
      text: 'Message was not processed; redeliver it.\n',
    });
    expect(onError).toHaveBeenCalledWith(failure, expect.objectContaining({ msgId: '92705609220' }));
    expect((await handle(pushRequest(ORDER_PAY_TEXT))).status).toBe(200);
    expect((await handle(pushRequest(ORDER_PAY_TEXT))).status).toBe(200);
    expect(calls).toBe(2);
    expect(processed).toEqual(['92705609220']);
  });

  /**
   * Holds the first delivery inside onMessage and waits until the others are past the signature
   * check; from there to the in-flight check the handler only awaits microtasks, which settle() drains.
   */
  function concurrentSetup(onMessage: MessageHandlerOptions['onMessage']) {
    const verify = vi.fn(verifyMessageSignature as MessageVerifier);
    const memory = createMemorySeenStore();
    const seen = {
      claim: vi.fn((id: string) => memory.claim(id)),
      complete: vi.fn((id: string) => memory.complete(id)),
      release: vi.fn((id: string) => memory.release(id)),
    };
    const handle = createMessageHandler({ appSecret: APP_SECRET, onMessage, verify, seen });
    const othersWaiting = async (deliveries: number) => {
      await vi.waitFor(() => expect(verify).toHaveBeenCalledTimes(deliveries));
      await settle();
    };
    return { handle, seen, othersWaiting };
  }

  it('does not run onMessage twice for concurrent deliveries of one msgId', async () => {
    const gate = deferred();
    const onMessage = vi.fn(() => gate.promise);
    const { handle, seen, othersWaiting } = concurrentSetup(onMessage);
    const first = handle(pushRequest(ORDER_PAY_TEXT));
    await vi.waitFor(() => expect(onMessage).toHaveBeenCalledTimes(1));
    const second = handle(pushRequest(ORDER_PAY_TEXT));
    const third = handle(pushRequest(ORDER_PAY_TEXT, { encoding: 'json' }));
    await othersWaiting(3);
    gate.resolve();
    const answers = await Promise.all([first, second, third].map(async (r) => answer(await r)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[1]?.text).toBe('Duplicate: message already processed.\n');
    expect(onMessage).toHaveBeenCalledTimes(1);
    // The later deliveries waited for the first instead of racing it to the store.
    expect(seen.claim).toHaveBeenCalledTimes(1);
    expect(seen.complete).toHaveBeenCalledTimes(1);
  });

  it('answers 500 to a concurrent duplicate whose first delivery failed, then processes the redelivery', async () => {
    const gate = deferred();
    const onMessage = vi.fn().mockImplementationOnce(() => gate.promise);
    const { handle, othersWaiting } = concurrentSetup(onMessage);
    const first = handle(pushRequest(ORDER_PAY_TEXT));
    await vi.waitFor(() => expect(onMessage).toHaveBeenCalledTimes(1));
    const second = handle(pushRequest(ORDER_PAY_TEXT));
    await othersWaiting(2);
    gate.reject(new Error('timeout writing order'));
    expect((await first).status).toBe(500);
    expect((await second).status).toBe(500);
    expect(onMessage).toHaveBeenCalledTimes(1);
    expect((await handle(pushRequest(ORDER_PAY_TEXT))).status).toBe(200);
    expect(onMessage).toHaveBeenCalledTimes(2);
  });

  it('processes different msgIds concurrently', async () => {
    const gate = deferred();
    const onMessage = vi.fn(() => gate.promise);
    const handle = createMessageHandler({ appSecret: APP_SECRET, onMessage });
    const a = handle(pushRequest(messageText({ msgId: 1 })));
    const b = handle(pushRequest(messageText({ msgId: 2 })));
    await vi.waitFor(() => expect(onMessage).toHaveBeenCalledTimes(2));
    gate.resolve();
    expect([(await a).status, (await b).status]).toEqual([200, 200]);
  });

  /** An async store over a Map, as a database-backed one would behave. */
  function mapStore(initial: Record<string, 'processing' | 'done'> = {}) {
    const state = new Map(Object.entries(initial));
    const store: SeenStore = {
      claim: async (id) => {
        const found = state.get(id);
        if (found) return found;
        state.set(id, 'processing');
        return 'claimed';
      },
      complete: async (id) => {
        state.set(id, 'done');
      },
      release: async (id) => {
        state.delete(id);
      },
    };
    return { store, state };
  }

  it('claims each new msgId, runs onMessage, then completes it in a custom async store', async () => {
    const { store, state } = mapStore({ '92705609220': 'done' });
    const { handle, onMessage } = setup({ seen: store });
    expect((await handle(pushRequest(ORDER_PAY_TEXT))).status).toBe(200);
    expect(onMessage).not.toHaveBeenCalled();
    expect((await handle(pushRequest(messageText({ msgId: 5 })))).status).toBe(200);
    expect(onMessage).toHaveBeenCalledTimes(1);
    expect(state.get('5')).toBe('done');
  });

  it('answers 503 without running onMessage while another instance holds the claim', async () => {
    const { store, state } = mapStore({ '92705609220': 'processing' });
    const { handle, onMessage } = setup({ seen: store });
    const res = await handle(pushRequest(ORDER_PAY_TEXT));
    expect(await answer(res)).toEqual({
      status: 503,
      text: 'Message is being processed by another delivery; redeliver it later.\n',
    });
    expect(res.headers.get('retry-after')).toBe('5');
    expect(onMessage).not.toHaveBeenCalled();
    // Once the other instance gives it back, the redelivery is processed.
    state.delete('92705609220');
    expect((await handle(pushRequest(ORDER_PAY_TEXT))).status).toBe(200);
    expect(onMessage).toHaveBeenCalledTimes(1);
  });

  it('releases the claim when onMessage throws, so the redelivery is processed', async () => {
    const { store, state } = mapStore();
    const release = vi.spyOn(store, 'release');
    let calls = 0;
    const { handle } = setup({
      seen: store,
      onMessage: () => {
        calls++;
        if (calls === 1) throw new Error('database down');
      },
    });
    expect((await handle(pushRequest(ORDER_PAY_TEXT))).status).toBe(500);
    expect(release).toHaveBeenCalledWith('92705609220');
    expect(state.has('92705609220')).toBe(false);
    expect((await handle(pushRequest(ORDER_PAY_TEXT))).status).toBe(200);
    expect(state.get('92705609220')).toBe('done');
  });

  it('still answers 500 when the claim cannot be released after onMessage throws, and reports both', async () => {
    const processingError = new Error('database down');
    const releaseError = new Error('redis unreachable');
    const onError = vi.fn();
    const seen: SeenStore = {
      claim: () => 'claimed',
      complete: () => {},
      release: () => {
        throw releaseError;
      },
    };
    const { handle } = setup({
      seen,
      onError,
      onMessage: () => {
        throw processingError;
      },
    });
    expect((await handle(pushRequest(ORDER_PAY_TEXT))).status).toBe(500);
    expect(onError.mock.calls.map((c) => c[0])).toEqual([processingError, releaseError]);
  });

  it('answers 503 without processing when the seen store cannot be reached', async () => {
    const storeError = new Error('redis unreachable');
    const onError = vi.fn();
    const seen: SeenStore = {
      claim: async () => {
        throw storeError;
      },
      complete: () => {},
      release: () => {},
    };
    const { handle, onMessage } = setup({ seen, onError });
    const res = await answer(await handle(pushRequest(ORDER_PAY_TEXT)));
    expect(res).toEqual({
      status: 503,
      text: 'Could not check whether the message was already processed; redeliver it later.\n',
    });
    expect(onMessage).not.toHaveBeenCalled();
    expect(onError).toHaveBeenCalledWith(storeError, expect.objectContaining({ msgId: '92705609220' }));
  });

  it('answers 503 and reports a store whose claim returns something other than the three answers', async () => {
    const onError = vi.fn();
    const seen = { claim: () => true, complete: () => {}, release: () => {} } as unknown as SeenStore;
    const { handle, onMessage } = setup({ seen, onError });
    expect((await handle(pushRequest(ORDER_PAY_TEXT))).status).toBe(503);
    expect(onMessage).not.toHaveBeenCalled();
    expect(String(onError.mock.calls[0]?.[0])).toMatch(
      /seen\.claim\(\) must return 'claimed', 'processing' or 'done', got true/,
    );
  });

  it('tells the sender the same thing when the onError reporter itself throws', async () => {
    const { handle } = setup({
      onMessage: () => {
        throw new Error('processing failed');
      },
      onError: () => {
        throw new Error('logger down');
      },
    });
    expect((await answer(await handle(pushRequest(ORDER_PAY_TEXT)))).text).toBe(
      'Message was not processed; redeliver it.\n',
    );
  });

  it('still answers 200 when the message was processed but could not be remembered', async () => {
    const storeError = new Error('disk full');
    const onError = vi.fn();
    const seen: SeenStore = {
      claim: () => 'claimed',
      complete: () => {
        throw storeError;
      },
      release: () => {},
    };
    const { handle, onMessage } = setup({ seen, onError });
    expect((await handle(pushRequest(ORDER_PAY_TEXT))).status).toBe(200);
    expect(onMessage).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(storeError, expect.objectContaining({ msgId: '92705609220' }));
  });

  it('forgets the oldest ids once the default-style store is full', async () => {
    const { handle, onMessage } = setup({ seen: createMemorySeenStore({ maxSize: 1 }) });
    await handle(pushRequest(messageText({ msgId: 1 })));
    await handle(pushRequest(messageText({ msgId: 2 })));
    await handle(pushRequest(messageText({ msgId: 1 })));
    expect(onMessage).toHaveBeenCalledTimes(3);
  });
});

describe('createMessageHandler: pluggable verification', () => {
  it('lets a custom verifier see the message text and headers and decide', async () => {
    const verify = vi.fn(({ headers }: { headers: Headers }) => headers.get('x-daji-sign') === 'ok');
    const { handle, onMessage } = setup({ verify });
    const signed = pushRequest(ORDER_PAY_TEXT, { signature: null });
    const withHeader = new Request(signed, {
      headers: { ...Object.fromEntries(signed.headers), 'x-daji-sign': 'ok' },
    });
    expect((await handle(withHeader)).status).toBe(200);
    expect(verify).toHaveBeenCalledWith(
      expect.objectContaining({ message: ORDER_PAY_TEXT, signature: undefined, appSecret: APP_SECRET }),
    );
    expect((await handle(pushRequest(messageText({ msgId: 9 }), { signature: null }))).status).toBe(401);
    expect(onMessage).toHaveBeenCalledTimes(1);
  });

  it('treats a verifier that throws as a failed check', async () => {
    const { handle, onMessage } = setup({
      verify: () => {
        throw new Error('bad key format');
      },
    });
    expect((await handle(pushRequest(ORDER_PAY_TEXT))).status).toBe(401);
    expect(onMessage).not.toHaveBeenCalled();
  });
});

describe('createMessageHandler: options', () => {
  it('rejects a missing app secret, naming the option', () => {
    expect(() => createMessageHandler({ appSecret: '', onMessage: () => {} })).toThrow(
      /appSecret must be a non-empty string/,
    );
  });

  it('rejects a size limit that is not a positive integer', () => {
    expect(() =>
      createMessageHandler({ appSecret: APP_SECRET, onMessage: () => {}, maxBodyBytes: 0 }),
    ).toThrow(/maxBodyBytes must be a positive integer number of bytes, got 0/);
  });

  it('rejects a missing onMessage', () => {
    expect(() => createMessageHandler({ appSecret: APP_SECRET } as MessageHandlerOptions)).toThrow(
      /onMessage must be a function/,
    );
  });
});
