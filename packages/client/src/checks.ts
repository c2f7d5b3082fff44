/**
 * The only hand-written request checks: what the spec cannot say. Every other rule is generated from the
 * spec (`generated/constraints.ts`, enforced by `constraints.ts`, composed in `spec-checks.ts`).
 * - A blank keyword: `minLength: 1` counts spaces, but Daji treats spaces alone as no keyword.
 * - `orderIdList` travels as JSON text (or a comma list), so the spec can bound it only with a pattern
 *   over that text; counting the ids and naming the one that is wrong reads better than "does not match /…/".
 * - A sales-trend range relates two fields: `endDate` not before `startDate`, at most a month after it.
 */

import { describe, enforce, type Rule } from './constraints.js';
import { parseLosslessJson } from './lossless-json.js';

/** At most this many order ids per payment-links call (Daji's wiki: 30, 10 advised). */
export const MAX_ORDER_IDS = 30;

/** At most this many days from `startDate` to `endDate` per sales-trend call (1688: one month at most). */
export const MAX_TREND_DAYS = 31;

// Days since 1970 of a `yyyyMMdd` text; NaN when it is no date (then the spec's own rule names the format).
const day = (d: string) => Date.parse(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`) / 864e5;

function checkTrendRange(operationId: string, from: unknown, to: unknown): void {
  const span = day(`${to}`) - day(`${from}`);
  if (span < 0 || span > MAX_TREND_DAYS) {
    throw new RangeError(
      `${operationId}: query.endDate ${describe(to)} must be 0 to ${MAX_TREND_DAYS} days after query.startDate ${describe(from)} (1688's limit per call).`,
    );
  }
}

// Each id is judged like an order id in a body: a number is told it has lost digits, text must be digits.
const ORDER_ID: Rule = { type: 'string', pattern: /^\d{1,20}$/u };

/** Throws a `TypeError`/`RangeError` naming the field for what the spec cannot express (above). */
export function handWrittenChecks(operationId: string, query: Record<string, unknown> | undefined): void {
  const keyword = query?.keyword;
  if (typeof keyword === 'string' && keyword.trim() === '') {
    throw new TypeError(
      `${operationId}: query.keyword is ${describe(keyword)}; pass a non-empty (Chinese) search keyword.`,
    );
  }
  checkTrendRange(operationId, query?.startDate, query?.endDate);
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
  for (const [i, id] of ids.entries()) enforce(ORDER_ID, id, `${where}[${i}]`);
}
