// `--dynamic` generates answers from the schemas. Read literally, the schemas allow any envelope code, a
// null payload, random extra properties and negative ids, so most generated answers were business
// failures a client cannot use. For generation only, the success responses are narrowed to what a
// successful Daji answer looks like: code 200, a payload, 12-digit offer ids, prices in yuan, sane pages.
import type { HttpOperation } from './request-listener.js';

type Schema = Record<string, unknown>;

const ENVELOPE: Record<string, Schema> = {
  code: { type: 'integer', const: 200 },
  message: { type: 'string', const: '操作成功' },
  traceId: { type: 'string', pattern: '^[0-9a-f]{12}$' },
  timestamp: { type: 'integer', minimum: 1_700_000_000_000, maximum: 1_800_000_000_000 },
};
const ID_NAMES = /^(offerId|productID|skuId|skuID|categoryId|categoryID|templateId)$/;
const PRICE_NAMES = /(price|Price|amount|Amount|fee|Fee|freight|Payment)$/;
const PAGE: Record<string, Schema> = {
  totalRecords: { type: 'integer', minimum: 0, maximum: 2000 },
  totalPage: { type: 'integer', minimum: 1, maximum: 100 },
  pageSize: { type: 'integer', minimum: 1, maximum: 50 },
  currentPage: { type: 'integer', minimum: 1, maximum: 100 },
};

/** The operations with their 2xx response schemas narrowed for data generation. */
export function plausibleForGeneration(operations: HttpOperation[]): HttpOperation[] {
  return operations.map((operation) => ({
    ...operation,
    responses: operation.responses.map((response) =>
      /^2/.test(response.code)
        ? {
            ...response,
            contents: response.contents?.map((content) =>
              content.schema ? { ...content, schema: envelope(content.schema as Schema) } : content,
            ),
          }
        : response,
    ),
  })) as HttpOperation[];
}

function envelope(schema: Schema): Schema {
  const out = narrow(schema, undefined) as Schema;
  const members = Array.isArray(out.allOf) ? (out.allOf as Schema[]) : [out];
  for (const member of members) {
    const properties = member.properties as Record<string, Schema> | undefined;
    if (!properties) continue;
    for (const [name, replacement] of Object.entries(ENVELOPE))
      if (name in properties) properties[name] = replacement;
    if (properties.data) properties.data = withoutNull(properties.data);
  }
  return out;
}

/** A copy with every object closed to its declared properties and ids, prices and pages made plausible. */
function narrow(schema: unknown, name: string | undefined): unknown {
  if (Array.isArray(schema)) return schema.map((item) => narrow(item, undefined));
  if (typeof schema !== 'object' || schema === null) return schema;
  const input = schema as Schema;
  if (name !== undefined && name in PAGE) return PAGE[name];
  const types = ([] as unknown[]).concat(input.type ?? []);
  if (name !== undefined && ID_NAMES.test(name) && (types.includes('integer') || input.$ref === undefined)) {
    if (types.includes('integer') || types.length === 0)
      return { type: 'integer', minimum: 100_000_000_000, maximum: 999_999_999_999 };
  }
  if (name !== undefined && PRICE_NAMES.test(name)) {
    if (types.includes('string')) return { type: 'string', pattern: '^[1-9][0-9]{0,2}\\.[0-9]{2}$' };
    // Whole yuan: multipleOf 0.01 fails on binary fractions.
    if (types.includes('number')) return { type: 'integer', minimum: 1, maximum: 999 };
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      out.properties = Object.fromEntries(Object.entries(value).map(([prop, s]) => [prop, narrow(s, prop)]));
    } else if (key === 'examples' || key === 'example' || key === 'enum' || key === 'const') {
      out[key] = value;
    } else {
      out[key] = narrow(value, undefined);
    }
  }
  if ('properties' in out && !('allOf' in out)) out.additionalProperties = false;
  return out;
}

function withoutNull(schema: Schema): Schema {
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = schema[key];
    if (!Array.isArray(options)) continue;
    const kept = options.filter((option) => (option as Schema)?.type !== 'null');
    if (kept.length === 1) {
      const { [key]: _dropped, ...rest } = schema;
      return { ...rest, ...(kept[0] as Schema) };
    }
    return { ...schema, [key]: kept };
  }
  if (Array.isArray(schema.type)) return { ...schema, type: schema.type.filter((t) => t !== 'null') };
  return schema;
}
