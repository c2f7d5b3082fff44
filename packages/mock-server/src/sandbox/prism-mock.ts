// Prism builds the spec's example answer for every valid request before the sandbox answers from its
// state instead: for the operations the sandbox serves, that example is work thrown away on every call.
// This mocker skips it for a valid request that asks for nothing but the default answer; everything
// else (an invalid request, a Prefer header choosing a response or example, an Accept the operation
// may not meet) still goes to Prism's own mocker, so those answers stay exactly what Prism gives.
import type { PrismHttpComponents } from '@stoplight/prism-http';
import * as mocker from '@stoplight/prism-http/dist/mocker/index.js';

export type PrismMock = PrismHttpComponents['mock'];

// A CommonJS module whose mocker is `exports.default`: loaded from CommonJS that is `mocker.default`,
// from ESM the namespace's `default` is the whole `exports`, one level further up.
const exported = (mocker as { default: unknown }).default as PrismMock | { default: PrismMock };
const prismMock: PrismMock = typeof exported === 'function' ? exported : exported.default;

/** A stand-in for Prism's 200 answer: the sandbox writes the real one. */
const SANDBOX_ANSWERS = { statusCode: 200, headers: {}, body: undefined };

export function sandboxMock(serves: (operationId: string) => boolean): PrismMock {
  return (options) => {
    const { resource, input, config } = options;
    const skip =
      serves(resource.iid ?? '') &&
      input.validations.length === 0 &&
      config.code === undefined &&
      config.exampleKey === undefined &&
      acceptsJson(input.data.headers?.accept);
    if (!skip) return prismMock(options);
    return (() => ({ _tag: 'Right', right: SANDBOX_ANSWERS })) as unknown as ReturnType<PrismMock>;
  };
}

function acceptsJson(accept: string | undefined): boolean {
  return accept === undefined || /json|\*\/\*|application\/\*/i.test(accept);
}
