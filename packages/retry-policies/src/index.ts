export { canonicalString, compactJson, joinCanonical, type SignPair, type SignParams } from './canonical.js';
export { md5Backend } from './md5.js';
export { signMessage, verifyMessageSignature } from './message-signature.js';
export {
  requestSignature,
  type SigningMiddleware,
  type SigningMiddlewareOptions,
  type SigningMode,
  signingMiddleware,
  signRequest,
} from './middleware.js';
export { type RequestParams, readRequestParams } from './request-params.js';
export { signParams, signParamsPortable } from './sign.js';
