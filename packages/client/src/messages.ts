// Entry of `@daji-openapi/client/messages`: receive the 1688 order and logistics messages Daji pushes.
export { signMessage, verifyMessageSignature } from '@daji-openapi/retry-policies';
export {
  createMessageHandler,
  DEFAULT_HANDLER_TIMEOUT_MS,
  type MessageHandler,
  type MessageHandlerOptions,
  MessageHandlerTimeoutError,
  type MessageVerifier,
} from './messages/handler.js';
export {
  type NodeListenerOptions,
  type NodeRequest,
  type NodeResponse,
  toNodeListener,
} from './messages/node.js';
export { type ClaimResult, createMemorySeenStore, type SeenStore } from './messages/seen-store.js';
export { signMessageBody } from './messages/sign-body.js';
export {
  type AnyDajiMessage,
  DAJI_MESSAGE_TYPES,
  type DajiMessage,
  type DajiMessageOf,
  type DajiMessageType,
  isKnownMessage,
  type UnknownDajiMessage,
} from './messages/types.js';
