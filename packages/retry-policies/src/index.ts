export { backoffDelay, sleep } from './backoff.js';
export { canonicalString, compactJson, joinCanonical, type SignPair, type SignParams } from './canonical.js';
export { md5Backend, md5Hex } from './md5.js';
export { signMessage, verifyMessageSignature } from './message-signature.js';
export {
  requestSignature,
  type SigningMiddleware,
  type SigningMiddlewareOptions,
  type SigningMode,
  signingMiddleware,
  signRequest,
} from './middleware.js';
export type { PayLock, PayLockLease } from './pay-lock.js';
export {
  ORDER_DETAIL_PATH,
  type PayAttempt,
  type PayOrderClient,
  type PayOrderOptions,
  type PayOutcome,
  type PayOutcomeReason,
  type PayStatus,
  PREPARE_PAY_PATH,
  payOrder,
} from './pay-order.js';
export { KNOWN_TERMINAL_PAY_CODES, type PayFailure, type PayFailureReason } from './pay-responses.js';
export { type RequestParams, readRequestParams } from './request-params.js';
export {
  type FetchLike,
  parseRetryAfter,
  type RetryingFetchOptions,
  retryingFetch,
} from './retrying-fetch.js';
export { signPairs, signParams, signParamsPortable, signParamsUnchecked } from './sign.js';
