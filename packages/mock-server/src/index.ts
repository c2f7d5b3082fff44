export type { RequestRecord } from './request-listener.js';
export type { AppCredentials } from './signature.js';
export type { SpringErrorBody } from './spring-error.js';
export {
  type LogLevel,
  type MockServer,
  type MockServerOptions,
  startMockServer,
} from './start-mock-server.js';
