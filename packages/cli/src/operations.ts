import { readFileSync } from 'node:fs';

/** One parameter a user types: a query parameter, or a top-level field of the body. */
export interface Field {
  name: string;
  /** JSON Schema type words, e.g. `string`, `integer`, `array`, `integer|string`. */
  type: string;
  required: boolean;
  format?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  description?: string;
  example?: unknown;
}

/** An operation of the Daji spec, as dist/operations.json lists it (built from the bundled spec). */
export interface Operation {
  operationId: string;
  method: 'GET' | 'POST';
  path: string;
  summary: string;
  tag: string;
  query: Field[];
  /** Query alternatives of which at least one must be given, each as its required names: [['imageId'], ['imageAddress']]. */
  queryAnyOf?: string[][];
  body?: {
    contentType: string;
    required: boolean;
    fields: Field[];
    /** Alternatives of which exactly one must be given, each as its required names: [[['orderId'], ['tradeID']]]. */
    oneOf?: string[][][];
    example?: Record<string, unknown>;
  };
}

let cached: Operation[] | undefined;

/** Every operation of the spec the CLI was built from. */
export function loadOperations(): Operation[] {
  cached ??= JSON.parse(readFileSync(new URL('./operations.json', import.meta.url), 'utf8')) as Operation[];
  return cached;
}

/** The fields a user may pass for an operation: its query parameters or its body fields. */
export function fieldsOf(operation: Operation): Field[] {
  return operation.body ? operation.body.fields : operation.query;
}

/** `keyword* (string) Chinese search keyword…` — one parameter, as help text shows it. */
export function describeField(field: Field): string {
  const limits = [
    field.enum ? `one of ${field.enum.map(String).join('|')}` : undefined,
    field.minimum !== undefined || field.maximum !== undefined
      ? `${field.minimum ?? ''}..${field.maximum ?? ''}`
      : undefined,
    field.maxLength !== undefined ? `≤ ${field.maxLength} chars` : undefined,
  ].filter(Boolean);
  return `${field.name}${field.required ? '*' : ''} (${field.type}${limits.length ? `, ${limits.join(', ')}` : ''})`;
}
