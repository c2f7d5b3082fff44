import { createHmac } from 'node:crypto';

export const APP_SECRET = 'push-test-secret-7f3a';

/** 1688's push signature, computed here independently of the code under test. */
export function expectedSignature(message: string, appSecret = APP_SECRET): string {
  return createHmac('sha1', appSecret).update(`message${message}`, 'utf8').digest('hex').toUpperCase();
}

/** The captured 1688 ORDER_BUYER_VIEW_ORDER_PAY push, as its raw JSON text (ids are bare numbers). */
export const ORDER_PAY_TEXT =
  '{"bizKey":"2251947542517135493","data":{"buyerMemberId":"b2b-221741213935443542","currentStatus":"waitsellersend","orderId":2237938826932135493,"sellerMemberId":"b2b-22121303457002f54a","msgSendTime":"2024-08-09 09:44:24"},"gmtBorn":1723167864904,"msgId":92705609220,"type":"ORDER_BUYER_VIEW_ORDER_PAY","userInfo":"b2b-221741213935443542"}';

export function messageText(fields: Record<string, unknown>): string {
  return JSON.stringify({
    msgId: 1001,
    type: 'ORDER_BUYER_VIEW_ORDER_PAY',
    gmtBorn: 1723167864904,
    userInfo: 'b2b-221741213935443542',
    bizKey: '2237938826932135493',
    data: { orderId: '2237938826932135493', currentStatus: 'waitsellersend' },
    ...fields,
  });
}

interface PushOptions {
  appSecret?: string;
  /** Overrides the computed signature; `null` leaves the field out. */
  signature?: string | null;
  encoding?: 'form' | 'json';
  contentType?: string | null;
  method?: string;
}

/** A push request as Daji sends it (`message` and `_dj_signature`). */
export function pushRequest(message: string, options: PushOptions = {}): Request {
  const { appSecret = APP_SECRET, encoding = 'form', method = 'POST' } = options;
  const signature =
    options.signature === undefined ? expectedSignature(message, appSecret) : options.signature;
  const fields: Record<string, string> = { message };
  if (signature !== null) fields._dj_signature = signature;
  const text = encoding === 'json' ? JSON.stringify(fields) : new URLSearchParams(fields).toString();
  // As bytes, so Request adds no Content-Type of its own (a string body would get text/plain).
  const body = new TextEncoder().encode(text);
  const contentType =
    options.contentType !== undefined
      ? options.contentType
      : encoding === 'json'
        ? 'application/json'
        : 'application/x-www-form-urlencoded';
  const headers = new Headers();
  if (contentType !== null) headers.set('content-type', contentType);
  return new Request('http://127.0.0.1/daji/messages', {
    method,
    headers,
    body: method === 'GET' || method === 'HEAD' ? null : body,
  });
}

/** A promise with its resolve/reject exposed, to hold `onMessage` open while a test acts. */
/**
 * Lets every pending promise callback run. Deterministic, not a delay: the event loop drains all
 * microtasks before it runs the next macrotask.
 */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
