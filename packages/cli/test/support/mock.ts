import { type MockServer, startMockServer } from '@daji-openapi/mock-server';
import { APP_KEY, APP_SECRET } from './daji.js';

/** The mock server in examples mode, checking signatures with the tests' credentials. */
export function startMock(): Promise<MockServer> {
  return startMockServer({ port: 0, verifySignature: { appKey: APP_KEY, appSecret: APP_SECRET } });
}
