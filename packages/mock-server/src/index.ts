export {
  type ConformanceProxy,
  type ConformanceProxyOptions,
  DRIFT_PATH,
  type ProxyExchange,
  startConformanceProxy,
} from './proxy/start-conformance-proxy.js';
export type { RequestRecord } from './request-listener.js';
export { CatalogueError } from './sandbox/catalogue.js';
export { TRANSITIONS, type Transition } from './sandbox/engine.js';
export { StateFileError } from './sandbox/persistence.js';
export type { PushSettings } from './sandbox/pushes.js';
export type { SandboxOptions } from './sandbox/sandbox.js';
export type { AppCredentials } from './signature.js';
export type { SpringErrorBody } from './spring-error.js';
export {
  type LogLevel,
  type MockServer,
  type MockServerOptions,
  startMockServer,
} from './start-mock-server.js';
