import { verifyMessageSignature } from '@daji-openapi/retry-policies';
import { type Refusal, readDelivery } from './delivery.js';
import { parseMessage } from './parse-message.js';
import { readBodyWithin, TOO_LARGE } from './read-body.js';
import { type ClaimResult, createMemorySeenStore, type SeenStore } from './seen-store.js';
import type { AnyDajiMessage } from './types.js';

/** Decides whether a push is authentic. Replace it if Daji turns out to sign pushes differently. */
export type MessageVerifier = (input: {
  /** The message JSON text exactly as received (what the signature covers). */
  message: string;
  /** `_dj_signature` (or 1688's `_aop_signature`) from the body; undefined when the sender sent none. */
  signature: string | undefined;
  appSecret: string;
  /** The request headers, for a scheme that carries its signature there. */
  headers: Headers;
}) => boolean | Promise<boolean>;

export interface MessageHandlerOptions {
  /** The secret the pushes are signed with. Never logged or echoed. */
  appSecret: string;
  /**
   * Called once per new message. The sender gets 200 only after this resolves; if it throws, the
   * sender gets 500 and its redelivery is processed again; if it runs past `handlerTimeoutMs`, 503.
   */
  onMessage: (message: AnyDajiMessage) => void | Promise<void>;
  /**
   * Claims each `msgId` before processing and records it done after. Default: in memory, the 10 000
   * most recent. Share one (`createRedisSeenStore`) when several instances receive pushes.
   */
  seen?: SeenStore;
  /** Larger bodies are refused with 413 without being buffered. Default 64 KiB. */
  maxBodyBytes?: number;
  /**
   * Signature check. Default: HMAC-SHA1 of `"message" + text` keyed by the app secret, upper-case hex —
   * 1688's push scheme, which Daji's `_dj_signature` is inferred to follow (its wiki shows the input only
   * as an image). Replace it if Daji signs differently.
   */
  verify?: MessageVerifier;
  /** Sees errors the sender only sees as a status: `onMessage` throwing, the seen store failing. */
  onError?: (error: unknown, message: AnyDajiMessage) => void;
  /**
   * How long `onMessage` may run. Past it the sender gets 503 and the claim is released, so the
   * redelivery is processed: an `onMessage` that never settles cannot wedge a `msgId`. Default 30 000.
   */
  handlerTimeoutMs?: number;
}

/** Default for `handlerTimeoutMs`. */
export const DEFAULT_HANDLER_TIMEOUT_MS = 30_000;

/** What `onError` receives when `onMessage` outlives `handlerTimeoutMs`. */
export class MessageHandlerTimeoutError extends Error {
  override name = 'MessageHandlerTimeoutError';
}

export type MessageHandler = (request: Request) => Promise<Response>;

const defaultVerify: MessageVerifier = ({ message, signature, appSecret }) =>
  signature !== undefined && verifyMessageSignature({ message, signature, appSecret });

/**
 * A Web-standard receiver for pushed messages: verifies, claims the `msgId` so that no other delivery
 * processes it at the same time, and answers 200 only once `onMessage` has finished, so the sender
 * redelivers anything that was not processed. A message another instance is processing gets 503.
 *
 * @example
 * const handle = createMessageHandler({ appSecret, onMessage: async (msg) => { ... } });
 * export default { fetch: handle }; // or http.createServer(toNodeListener(handle))
 */
export function createMessageHandler(options: MessageHandlerOptions): MessageHandler {
  const { appSecret, onMessage, onError } = options;
  if (typeof appSecret !== 'string' || appSecret === '') {
    throw new TypeError('createMessageHandler: appSecret must be a non-empty string (your Daji app secret).');
  }
  if (typeof onMessage !== 'function') {
    throw new TypeError('createMessageHandler: onMessage must be a function that processes one message.');
  }
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new RangeError(
      `createMessageHandler: maxBodyBytes must be a positive integer number of bytes, got ${String(maxBodyBytes)}.`,
    );
  }
  const handlerTimeoutMs = options.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS;
  if (!Number.isInteger(handlerTimeoutMs) || handlerTimeoutMs < 1 || handlerTimeoutMs > 2_147_483_647) {
    throw new RangeError(
      `createMessageHandler: handlerTimeoutMs must be a whole number of milliseconds from 1 to 2147483647, got ${String(handlerTimeoutMs)}.`,
    );
  }
  const seen = options.seen ?? createMemorySeenStore();
  const verify = options.verify ?? defaultVerify;
  // Deliveries of a msgId still being processed wait for that outcome instead of running onMessage again.
  const inFlight = new Map<string, Promise<Outcome>>();

  const report = (error: unknown, message: AnyDajiMessage) => {
    try {
      onError?.(error, message);
    } catch {
      // A failing error reporter must not change what the sender is told.
    }
  };

  async function processOnce(message: AnyDajiMessage): Promise<Outcome> {
    const { msgId } = message;
    let claim: ClaimResult;
    try {
      claim = await seen.claim(msgId);
    } catch (error) {
      // Nothing was claimed or run: the sender redelivers later and nothing is lost.
      report(error, message);
      return 'unchecked';
    }
    if (claim === 'done') return 'duplicate';
    if (claim === 'processing') return 'busy';
    if (claim !== 'claimed') {
      report(
        new TypeError(
          `createMessageHandler: seen.claim() must return 'claimed', 'processing' or 'done', got ${JSON.stringify(claim)}.`,
        ),
        message,
      );
      return 'unchecked';
    }
    const release = async () => {
      try {
        await seen.release(msgId);
      } catch (releaseError) {
        // The claim stays until its lease ends; redeliveries meanwhile get 503 and come back later.
        report(releaseError, message);
      }
    };
    const complete = async () => {
      try {
        await seen.complete(msgId);
      } catch (error) {
        // Processed but not recorded: still a success for the sender, or it would redeliver and we
        // would process it a second time for certain rather than only if it is redelivered anyway.
        report(error, message);
      }
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    let timedOut = false;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(resolve, handlerTimeoutMs, 'timeout');
    });
    const work = (async () => onMessage(message))().then(
      async () => {
        // Finished after the sender was told 503: recorded, so a later redelivery is a duplicate.
        if (timedOut) await complete();
        return 'done' as const;
      },
      (error: unknown) => {
        report(error, message);
        return 'failed' as const;
      },
    );
    const settled = await Promise.race([work, deadline]);
    clearTimeout(timer);
    if (settled === 'timeout') {
      timedOut = true;
      report(
        new MessageHandlerTimeoutError(
          `onMessage did not settle within handlerTimeoutMs (${handlerTimeoutMs} ms) for msgId ${msgId}; answered 503 and released the message so its redelivery is processed.`,
        ),
        message,
      );
      await release();
      return 'timeout';
    }
    if (settled === 'failed') {
      await release();
      return 'failed';
    }
    await complete();
    return 'processed';
  }

  return async function handleMessage(request: Request): Promise<Response> {
    if (request.method !== 'POST') {
      return reply(
        { status: 405, reason: `Method ${request.method} is not allowed; push messages are POSTed.` },
        { allow: 'POST' },
      );
    }
    const body = await readBodyWithin(request, maxBodyBytes);
    if (body === TOO_LARGE) {
      return reply(
        { status: 413, reason: `Body is larger than the limit of ${maxBodyBytes} bytes.` },
        { connection: 'close' },
      );
    }
    const delivery = readDelivery(body, request.headers.get('content-type'));
    if ('status' in delivery) return reply(delivery);

    let authentic: boolean;
    try {
      authentic = await verify({ ...delivery, appSecret, headers: request.headers });
    } catch {
      authentic = false;
    }
    if (!authentic) {
      return reply({
        status: 401,
        reason:
          delivery.signature === undefined
            ? 'Signature "_dj_signature" is missing.'
            : `Signature "${delivery.signatureField}" does not match the message.`,
      });
    }

    const message = parseMessage(delivery.message);
    if ('status' in message) return reply(message);

    const running = inFlight.get(message.msgId);
    if (running !== undefined) {
      // Same message, still being handled by another delivery: share its fate instead of racing it.
      const first = await running;
      return answer(first === 'processed' ? 'duplicate' : first);
    }
    const outcome = processOnce(message);
    inFlight.set(message.msgId, outcome);
    try {
      return answer(await outcome);
    } finally {
      inFlight.delete(message.msgId);
    }
  };
}

type Outcome = 'processed' | 'duplicate' | 'failed' | 'busy' | 'unchecked' | 'timeout';

/** How long a sender that honours Retry-After should wait before redelivering a message another instance holds. */
const RETRY_AFTER_SECONDS = '5';

function answer(outcome: Outcome): Response {
  switch (outcome) {
    case 'processed':
      return reply({ status: 200, reason: 'OK' });
    case 'duplicate':
      return reply({ status: 200, reason: 'Duplicate: message already processed.' });
    case 'failed':
      return reply({ status: 500, reason: 'Message was not processed; redeliver it.' });
    case 'busy':
      return reply(
        { status: 503, reason: 'Message is being processed by another delivery; redeliver it later.' },
        { 'retry-after': RETRY_AFTER_SECONDS },
      );
    case 'timeout':
      return reply({ status: 503, reason: 'Message is taking too long to process; redeliver it.' });
    case 'unchecked':
      return reply(
        {
          status: 503,
          reason: 'Could not check whether the message was already processed; redeliver it later.',
        },
        { 'retry-after': RETRY_AFTER_SECONDS },
      );
  }
}

function reply({ status, reason }: Refusal, headers: Record<string, string> = {}): Response {
  return new Response(`${reason}\n`, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
  });
}
