// @daji-openapi/conformance: checks real Daji traffic against the Daji OpenAPI spec and merges what differs
// into a bounded drift report. Shared by the conformance proxy and the client's response validation.

export { type ClassifiedFinding, jsonType, type Schema, SchemaClassifier } from './classify.js';
export type { Deviation, DeviationKind, DeviationSide, Finding } from './deviation.js';
export {
  DriftCollector,
  type DriftCollectorOptions,
  type DriftReport,
  formatSummary,
  type OperationDrift,
} from './drift-report.js';
export {
  ConformanceSpec,
  type ExchangeRequest,
  type ExchangeResponse,
  type OpenApiDocument,
  type ResponseCheck,
  type SpecOperation,
} from './spec.js';
