// Entry of `@daji-openapi/client/messages`: receive 1688 push messages relayed by Daji.
export { createMemorySeenStore, type SeenStore } from './messages/seen-store.js';
