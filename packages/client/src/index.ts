// @daji-openapi/client: the typed client for the Daji 1688 open platform.

export { MAX_ORDER_IDS, MAX_TREND_DAYS } from './checks.js';
export {
  createDajiClient,
  type DajiCallOptions,
  type DajiCallResult,
  type DajiChecks,
  type DajiClient,
  type DajiClientOptions,
  type DajiLogger,
  type DajiLogRecord,
  type DajiMethod,
  DEFAULT_BASE_URL,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  type SuccessEnvelope,
} from './client.js';
export {
  type DajiEnvelope,
  type DajiFailure,
  type DajiResult,
  type DajiSuccess,
  type UnwrappedData,
  unwrap,
} from './envelope.js';
export {
  DajiAbortError,
  DajiBusinessError,
  DajiError,
  type DajiErrorDetails,
  DajiHttpError,
  type DajiHttpErrorBody,
  DajiNetworkError,
  DajiResponseTooLargeError,
  DajiTimeoutError,
} from './errors.js';
export { routes } from './generated/routes.js';
export {
  createRateLimiter,
  type DajiLimiterRequest,
  type DajiRateLimiter,
  type DajiThrottle,
  limiterTimeout,
  type RateLimiterOptions,
} from './limiter.js';
export { parseLosslessJson, quoteUnsafeIntegers } from './lossless-json.js';
export {
  type DajiPage,
  type DajiPaginator,
  type PaginateOptions,
  paginate,
  type SearchItem,
  type SearchOperation,
} from './paginate.js';
export type {
  BodyOf,
  CredentialField,
  components,
  DajiOperations,
  DajiPaths,
  DataOf,
  EnvelopeOf,
  GeneratedOperations,
  GeneratedPaths,
  OperationId,
  PathOf,
  QueryOf,
  webhooks,
} from './paths.js';
export { type DajiSort, serializeQuery } from './query.js';
export { specChecks } from './spec-checks.js';
export { type DajiImageInput, MAX_IMAGE_BYTES } from './upload.js';
