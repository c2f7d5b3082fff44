// @daji-openapi/client for Node: the same client, sending through node:http(s) with keep-alive instead of
// the global fetch where that changes nothing but speed (see src/node/transport.ts).
import { nodeSend } from './node/transport.js';
import { useOwnSend } from './pipeline/send.js';

useOwnSend(nodeSend);

export * from './index.js';
