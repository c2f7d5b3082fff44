/**
 * When a failed attempt is sent again. Only operations the spec marks safe to repeat (`routes[id].idempotent`:
 * the GETs and the read-only POSTs) are retried — never an order, a cancellation, a receipt or a payment.
 */
import { backoffDelay, parseRetryAfter } from '@daji-openapi/retry-policies';

/** A `Retry-After` longer than this is not waited for: the answer is returned as it is. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Request timeout, throttling and server errors are worth another try; other answers are final. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * How long to wait before retry number `retry` (1, 2 …): the server's `Retry-After` when it sent one
 * (`undefined` — do not retry — beyond 60 s), else full-jitter exponential backoff from 0.5 s up to 8 s.
 */
export function retryDelay(
  retry: number,
  response: Response | undefined,
  random: () => number = Math.random,
): number | undefined {
  const retryAfter = response && parseRetryAfter(response.headers.get('retry-after'), Date.now());
  if (retryAfter !== undefined) return retryAfter > MAX_RETRY_AFTER_MS ? undefined : retryAfter;
  return backoffDelay(retry, 500, 8_000, random);
}
