// @daji-openapi/client/validate: checks a sample of real Daji answers against the spec (drift from
// production). Its own entry, so the client's main bundle does not carry the schemas.

export type { Deviation, DeviationKind, DeviationSide } from '@daji-openapi/conformance';
export {
  type DriftEvent,
  type ResponseValidator,
  type ValidateResponsesOptions,
  validateResponses,
} from './validate/validate-responses.js';
