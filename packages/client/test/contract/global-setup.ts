// Starts one mock Daji (Prism serving the spec, with Daji's signature check) for the whole contract run.
import { startMockServer } from '@daji-openapi/mock-server';
import type { TestProject } from 'vitest/node';

export const MOCK_APP_KEY = 'contractKey';
export const MOCK_APP_SECRET = 'contractSecret-do-not-leak';

declare module 'vitest' {
  export interface ProvidedContext {
    mockUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const mock = await startMockServer({
    port: 0,
    verifySignature: { appKey: MOCK_APP_KEY, appSecret: MOCK_APP_SECRET },
  });
  project.provide('mockUrl', mock.url);
  return () => mock.close();
}
