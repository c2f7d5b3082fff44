import { parseLosslessJson } from '../lossless-json.js';
import type { Refusal } from './delivery.js';
import type { AnyDajiMessage } from './types.js';

/**
 * Turns the signed message text into a message object. Integers beyond 2^53 (1688 sends `msgId` and
 * `data.orderId` as bare JSON numbers) arrive as exact digit strings, and `msgId` is always a string.
 * Only the shared envelope is checked here; `data` is passed through as sent.
 */
export function parseMessage(text: string): AnyDajiMessage | Refusal {
  let value: unknown;
  try {
    value = parseLosslessJson(text);
  } catch (error) {
    return {
      status: 400,
      reason: `Field "message" is not valid JSON (${error instanceof Error ? error.message : String(error)}).`,
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      status: 400,
      reason: 'Field "message" must hold a JSON object with "msgId", "type" and "data".',
    };
  }
  const message = value as Record<string, unknown>;
  const { msgId, type } = message;
  let id: string;
  if (typeof msgId === 'number' && Number.isSafeInteger(msgId) && msgId >= 0) id = String(msgId);
  else if (typeof msgId === 'string' && /^\d{1,30}$/.test(msgId)) id = msgId;
  else {
    return {
      status: 400,
      reason: `Message field "msgId" must be a non-negative integer id, got ${describe(msgId)}.`,
    };
  }
  if (typeof type !== 'string' || type === '') {
    return {
      status: 400,
      reason: `Message field "type" must be a non-empty topic name, got ${describe(type)}.`,
    };
  }
  return { ...message, msgId: id, type } as AnyDajiMessage;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
