/**
 * `@daji-openapi/client/spec-checks`: every rule the spec declares on an operation's query and body,
 * checked before a request leaves — generated from the spec (`generated/constraints.ts`, enforced by
 * `constraints.ts`), plus the little the spec cannot state, below. A mistake Daji would answer with a
 * vague HTTP 400 (or, worse, a silently rounded order id) becomes a clear error naming the field.
 *
 * @example
 * import { specChecks } from '@daji-openapi/client/spec-checks';
 * const daji = createDajiClient({ appKey, appSecret, checks: specChecks });
 */

import { MAX_ORDER_IDS } from './checks.js';
import { describe, enforce } from './constraints.js';
import { constraints } from './generated/constraints.js';
import { parseLosslessJson } from './lossless-json.js';

const ORDER_ID = /^\d{1,20}$/;

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

// Hand-written, because the spec cannot say these (each says why):
// - A blank keyword: `minLength: 1` counts spaces, but Daji treats spaces alone as no keyword.
// - `orderIdList` travels as JSON text, so the spec can bound it only with a pattern over that text;
//   counting the ids and naming the one that is wrong reads better than "does not match /…/".
function handWritten(operationId: string, query: Record<string, unknown> | undefined): void {
  const keyword = query?.keyword;
  if (typeof keyword === 'string' && keyword.trim() === '') {
    throw new TypeError(
      `${operationId}: query.keyword is ${describe(keyword)}; pass a non-empty (Chinese) search keyword.`,
    );
  }
  const list = query?.orderIdList;
  if (list === undefined || list === null) return;
  const where = `${operationId}: query.orderIdList`;
  let ids: unknown = list;
  if (typeof list === 'string') {
    if (!list.trim().startsWith('[')) ids = list.split(',');
    else {
      try {
        // Lossless, so an id written as a bare number is judged by its real digits.
        ids = parseLosslessJson(list);
      } catch {
        throw new TypeError(
          `${where} is ${describe(list)}, which is not a JSON array; pass an array of order id strings.`,
        );
      }
    }
  }
  if (!Array.isArray(ids) || ids.length === 0) {
    throw new TypeError(`${where} is ${describe(list)}; pass a non-empty array of order id strings.`);
  }
  if (ids.length > MAX_ORDER_IDS) {
    throw new RangeError(
      `${where} has ${ids.length} ids; Daji accepts at most ${MAX_ORDER_IDS} per call. Split the list.`,
    );
  }
  for (const [i, id] of ids.entries()) checkOrderId(`${where}[${i}]`, id);
}

/** Throws a `TypeError`/`RangeError` naming the field when a request breaks a rule of the spec. */
export function specChecks(
  operationId: string,
  query: Record<string, unknown> | undefined,
  body: unknown,
): void {
  if (operationId === 'getPaymentLinks' || query?.keyword !== undefined) handWritten(operationId, query);
  const rules = constraints[operationId];
  if (!rules) return;
  if (rules.query) enforce(rules.query, query ?? {}, `${operationId}: query`, true);
  if (rules.body) {
    if (body === undefined || body === null) {
      if (rules.body.present) throw new TypeError(`${operationId}: body is missing; Daji requires one.`);
    } else if (!(body instanceof FormData)) {
      enforce(rules.body, body, `${operationId}: body`);
    }
  }
}
