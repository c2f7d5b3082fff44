/**
 * The checks `createDajiClient` runs by default: every rule the spec declares on an operation's query and
 * body, checked before a request leaves — generated from the spec (`generated/constraints.ts`, enforced by
 * `constraints.ts`), plus the little the spec cannot state (`checks.ts`). A mistake Daji would answer with
 * a vague HTTP 400 (or, worse, a silently rounded order id) becomes a clear error naming the field.
 * Also exported as `@daji-openapi/client/spec-checks`, to run them on their own or wrap them in `checks`.
 */

import { handWrittenChecks } from './checks.js';
import { enforce } from './constraints.js';
import { constraints } from './generated/constraints.js';

/** Throws a `TypeError`/`RangeError` naming the field when a request breaks a rule of the spec. */
export function specChecks(
  operationId: string,
  query: Record<string, unknown> | undefined,
  body: unknown,
): void {
  if (
    operationId === 'getPaymentLinks' ||
    operationId === 'getDailySalesTrend' ||
    query?.keyword !== undefined
  )
    handWrittenChecks(operationId, query);
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
