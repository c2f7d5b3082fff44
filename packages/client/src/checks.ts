/**
 * Cheap checks run before a request leaves, so a mistake Daji would answer with a vague HTTP 400 (or,
 * worse, a silently rounded order id) becomes a clear error naming the field. Switch them off with
 * `createDajiClient({ clientChecks: false })` if Daji ever relaxes a limit before this package does.
 */

import { parseLosslessJson } from './lossless-json.js';

/** At most this many order ids per payment-links call (Daji's wiki: 30, 10 advised). */
export const MAX_ORDER_IDS = 30;
const ORDER_ID = /^\d{1,20}$/;
const ORDER_ID_LISTS = new Set(['orderIdList', 'orderIds', 'orderEntryIds']);
const KEYWORD_REQUIRED = new Set(['keywordSearch', 'searchNavigation']);

// Request fields hold no credentials (the client adds those later), so their values help the message.
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return value === null ? 'null' : typeof value === 'object' ? 'an object' : String(value);
}

function checkOrderId(where: string, value: unknown): void {
  if (typeof value === 'number' || typeof value === 'bigint') {
    throw new TypeError(
      `${where} is a ${typeof value} (${String(value)}); pass 1688 order ids as digit strings, e.g. '2237938826932135493' — numbers lose digits beyond 2^53.`,
    );
  }
  if (typeof value !== 'string' || !ORDER_ID.test(value)) {
    throw new TypeError(
      `${where} is ${describe(value)}; a 1688 order id is a string of digits, e.g. '2237938826932135493'.`,
    );
  }
}

/** `orderIdList` may also come as Daji's wire text: a JSON array, or a comma list. */
function idsFromText(where: string, text: string): unknown {
  if (!text.trim().startsWith('[')) return text.split(',');
  try {
    // Lossless, so an id written as a bare number is judged by its real digits.
    return parseLosslessJson(text);
  } catch {
    throw new TypeError(
      `${where} is ${describe(text)}, which is not a JSON array; pass an array of order id strings.`,
    );
  }
}

function checkFields(operationId: string, place: 'query' | 'body', fields: Record<string, unknown>): void {
  const at = (name: string) => `${operationId}: ${place}.${name}`;
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    switch (name) {
      case 'pageSize':
        if (!Number.isInteger(Number(value)) || Number(value) < 1 || Number(value) > 50 || value === '') {
          throw new RangeError(
            `${at(name)} is ${describe(value)}; Daji accepts an integer from 1 to 50 (20 is recommended).`,
          );
        }
        break;
      case 'beginPage':
        if (!Number.isInteger(Number(value)) || Number(value) < 1 || value === '') {
          throw new RangeError(`${at(name)} is ${describe(value)}; pages are numbered from 1.`);
        }
        break;
      case 'keyword':
        if (typeof value !== 'string' || value.trim() === '') {
          throw new TypeError(
            `${at(name)} is ${describe(value)}; pass a non-empty (Chinese) search keyword.`,
          );
        }
        break;
      case 'orderId':
        checkOrderId(at(name), value);
        break;
      default:
        if (ORDER_ID_LISTS.has(name)) {
          const ids = typeof value === 'string' ? idsFromText(at(name), value) : value;
          if (!Array.isArray(ids) || ids.length === 0) {
            throw new TypeError(
              `${at(name)} is ${describe(value)}; pass a non-empty array of order id strings.`,
            );
          }
          if (ids.length > MAX_ORDER_IDS) {
            throw new RangeError(
              `${at(name)} has ${ids.length} ids; Daji accepts at most ${MAX_ORDER_IDS} per call. Split the list.`,
            );
          }
          for (const [i, id] of ids.entries()) checkOrderId(`${at(name)}[${i}]`, id);
        }
    }
  }
}

/** Throws a `TypeError`/`RangeError` naming the field when a request is one Daji would refuse. */
export function checkRequest(
  operationId: string,
  query: Record<string, unknown> | undefined,
  body: unknown,
): void {
  if (KEYWORD_REQUIRED.has(operationId) && (query?.keyword === undefined || query.keyword === null)) {
    throw new TypeError(
      `${operationId}: query.keyword is missing; pass a non-empty (Chinese) search keyword.`,
    );
  }
  if (query) checkFields(operationId, 'query', query);
  if (body && typeof body === 'object' && !Array.isArray(body) && !(body instanceof FormData)) {
    checkFields(operationId, 'body', body as Record<string, unknown>);
  }
}
